#!/usr/bin/env bash
# capture.sh DIR - re-creates the podman containers of this folder's
# fixtures and writes their `podman inspect` documents into DIR:
# default.json, hardened.json, unsafe.json, exposed.json, nonroot.json
# (one container each) and all.json (the five at once).  README.md says
# how the committed ones were made; tests/suites/podman_live.sh runs
# this into a temp dir.
#
# Offline: the image is `podman import` of a tarball holding a static
# busybox (Debian's busybox-static, /bin/busybox), no registry.  Podman's
# storage and state are DIR's own (--root/--runroot/--tmpdir), never
# /var/lib/containers, /run/containers or /run/libpod, and are removed at
# the end; the containers are only created, not started
# (`podman run` fails in the sandbox this was made in: README.md).
# Exit 0 when every document was written; 77 when podman or a static
# busybox is missing (one line on stderr saying which); else 1.
set -u
dir=${1:?usage: capture.sh DIR}
mkdir -p "$dir" || exit 1
dir=$(cd "$dir" && pwd)
command -v podman > /dev/null || { echo "podman not installed" >&2; exit 77; }
bb=${BUSYBOX:-/bin/busybox}
if [ ! -x "$bb" ] || ! file -L "$bb" 2>/dev/null | grep -q 'statically linked'; then
	echo "no static busybox at $bb (apt-get install busybox-static)" >&2
	exit 77
fi
P=(podman --root "$dir/storage" --runroot "$dir/run" --tmpdir "$dir/tmp")
cleanup() {
	"${P[@]}" rm -a -f > /dev/null 2>&1
	"${P[@]}" rmi -a -f > /dev/null 2>&1
	rm -rf "$dir/storage" "$dir/run" "$dir/tmp" "$dir/rootfs" "$dir/rootfs.tar"
}
trap cleanup EXIT
fail() { echo "capture.sh: $*" >&2; exit 1; }

mkdir -p "$dir/rootfs/bin" "$dir/host"
cp "$bb" "$dir/rootfs/bin/busybox" || fail "cannot copy $bb"
ln -sf busybox "$dir/rootfs/bin/sh"
tar -C "$dir/rootfs" --owner=0 --group=0 --numeric-owner \
	--mtime=2026-01-01 -cf "$dir/rootfs.tar" . || fail "tar"
"${P[@]}" import --change 'CMD ["/bin/sh"]' "$dir/rootfs.tar" \
	localhost/bh-busybox:1 > /dev/null 2> "$dir/import.err" ||
	fail "podman import: $(head -n 1 "$dir/import.err")"
# a socket named docker.sock to bind (podman refuses a missing source)
rm -f "$dir/host/docker.sock"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	"$dir/host/docker.sock" || fail "cannot make $dir/host/docker.sock"

# The secrets are made up for these tests (README.md): real-shaped, so the
# detector judges them as it would a real one, and never anyone's.
create() {
	"${P[@]}" create --name "$@" > /dev/null 2> "$dir/create.err" ||
		fail "podman create $1: $(head -n 1 "$dir/create.err")"
}
create bh-default localhost/bh-busybox:1
create bh-hardened --read-only --cap-drop=ALL \
	--security-opt no-new-privileges --user 1000:1000 --memory 256m \
	--cpus 0.5 --pids-limit 100 --health-cmd true --health-interval 30s \
	--restart on-failure:3 --ulimit nofile=1024:1024 \
	-p 127.0.0.1:8080:8080 localhost/bh-busybox:1 sleep 3600
create bh-unsafe --privileged --pid=host --network=host \
	-v "$dir/host/docker.sock:/var/run/docker.sock" -v /etc:/host-etc \
	--cap-add SYS_ADMIN --security-opt seccomp=unconfined \
	-e DB_PASSWORD=Vq7mZ2kLx9Rt4Wp8 localhost/bh-busybox:1 \
	mysqladmin --user=root --password=Jw4nR8tKp2Lz6Xq3 ping
create bh-exposed -p 0.0.0.0:22:22 -p 5432:5432 -p 80:8080 --uts=host \
	--ipc=host --cap-add NET_ADMIN --cap-add CAP_SYS_PTRACE \
	--security-opt label=disable --security-opt apparmor=unconfined \
	--restart on-failure --ulimit nofile=-1:-1 --device /dev/null:/dev/xnull \
	--user nobody --health-cmd none -v /proc:/host-proc:ro \
	localhost/bh-busybox:1
# non-root, capabilities left as they are: EffectiveCaps null (a non-root
# process has none effective), BoundingCaps podman's defaults
create bh-nonroot --user 1000:1000 localhost/bh-busybox:1
for c in default hardened unsafe exposed nonroot; do
	"${P[@]}" inspect "bh-$c" > "$dir/$c.json" || fail "podman inspect bh-$c"
done
"${P[@]}" inspect bh-default bh-hardened bh-unsafe bh-exposed bh-nonroot \
	> "$dir/all.json" || fail "podman inspect (five at once)"
rm -f "$dir/import.err" "$dir/create.err"
exit 0
