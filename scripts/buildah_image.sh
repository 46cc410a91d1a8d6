#!/usr/bin/env bash
# buildah_image.sh OUT - builds the repository's Dockerfile itself, with
# buildah (no daemon: --isolation chroot, --storage-driver vfs, storage
# under OUT), then runs and audits the image it made (`make image-buildah`;
# root, network to the Debian mirror, several minutes: not part of `make
# check`; docs/container.md "Building the Dockerfile with buildah").
#
# scripts/build_image.sh reproduces the Dockerfile's final stage without
# an engine; this script runs the Dockerfile's own instructions (its apt
# pins, its meson line, its static check, its final stage), so a broken
# Dockerfile shows here.  One line differs: the base.  The Dockerfile's
# FROM names debian:bookworm-slim by a Docker Hub digest, and Docker Hub
# cannot be reached from this machine (only the Debian archive can), so
#   1. debootstrap --variant=minbase makes a bookworm root filesystem from
#      the Debian mirror (BH_DEB_MIRROR), given the apt sources the
#      bookworm-slim image carries (bookworm, bookworm-updates,
#      bookworm-security; /etc/apt/sources.list.d/debian.sources), and
#      buildah turns it into the local image localhost/bh-bookworm-base
#      (kept in OUT/storage and reused while OUT/base.tar is there);
#   2. a copy of the Dockerfile whose one `FROM debian:bookworm-slim@...
#      AS build` line names that image instead (any other difference, or
#      no such line, stops the script) is built with the repository as
#      its context: localhost/bulkhead:VERSION, in Docker's image format
#      as `docker build` makes it (--format docker: in buildah's default
#      OCI format HEALTHCHECK is dropped, "not supported for OCI image
#      format", and `bulkhead image` then reports BH4003);
#   3. the image is written to OUT/bulkhead.docker.tar (docker-archive) and
#      run with `buildah run` (chroot): `--version` must equal VERSION, and
#      `scan` of a Dockerfile mounted read-only at /work must exit 1 with
#      BH1001 and `serve --help` must show the server's usage (linked in);
#   4. BIN (default build/bulkhead) audits it: `bulkhead image` on the
#      archive and `bulkhead scan Dockerfile` report nothing (exit 0).
# Prints one line per step and "buildah-image: N passed, N failed".
# Needs: buildah, debootstrap, tar, root.
set -uo pipefail
[ $# = 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
bin=$(realpath "${BIN:-$root/build/bulkhead}")
mirror=${BH_DEB_MIRROR:-http://deb.debian.org/debian}
for t in buildah debootstrap tar; do
	command -v "$t" > /dev/null || { echo "$0: $t is not installed (apt-get install $t)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "$0: needs root (debootstrap, buildah chroot isolation)" >&2; exit 2; }
[ -x "$bin" ] || { echo "$0: no $bin (make build, or BIN=...)" >&2; exit 2; }
version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$root/meson.build" | head -n 1)
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
finish() { echo "buildah-image: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
B=(buildah --root "$out/storage" --runroot "$out/run" --storage-driver vfs)

# 1. the base image, from the Debian mirror
if [ ! -f "$out/base.tar" ] || ! "${B[@]}" inspect localhost/bh-bookworm-base > /dev/null 2>&1; then
	rm -rf "$out/base" "$out/base.tar"
	start=$(date +%s)
	if ! debootstrap --variant=minbase bookworm "$out/base" "$mirror" > "$out/debootstrap.log" 2>&1; then
		tail -n 3 "$out/debootstrap.log"; bad "debootstrap bookworm"; finish
	fi
	rm -f "$out/base/etc/apt/sources.list"
	cat > "$out/base/etc/apt/sources.list.d/debian.sources" <<-EOF
	Types: deb
	URIs: ${mirror}
	Suites: bookworm bookworm-updates
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

	Types: deb
	URIs: ${mirror%/debian}/debian-security
	Suites: bookworm-security
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	rm -rf "$out/base/var/cache/apt/archives/"*.deb "$out/base/var/lib/apt/lists/"*
	tar --numeric-owner -C "$out/base" -cf "$out/base.tar" . || { bad "tar of the base"; finish; }
	rm -rf "$out/base"
	mkdir -p "$out/basectx" && mv "$out/base.tar" "$out/basectx/base.tar"
	printf 'FROM scratch\nADD base.tar /\nCMD ["bash"]\n' > "$out/basectx/Dockerfile"
	if "${B[@]}" bud --isolation chroot -t localhost/bh-bookworm-base "$out/basectx" > "$out/base.log" 2>&1; then
		mv "$out/basectx/base.tar" "$out/base.tar"
		ok "base image localhost/bh-bookworm-base from debootstrap ($(( $(date +%s) - start ))s)"
	else
		tail -n 3 "$out/base.log"; bad "buildah: the base image"; finish
	fi
else
	ok "base image localhost/bh-bookworm-base (kept from an earlier run)"
fi

# 2. the Dockerfile, its one FROM line pointed at the local base
from_re='^FROM debian:bookworm-slim@sha256:[0-9a-f]{64} AS build$'
n=$(grep -c -E "$from_re" "$root/Dockerfile")
[ "$n" = 1 ] || { bad "Dockerfile: want one 'FROM debian:bookworm-slim@sha256:... AS build' line, found $n"; finish; }
sed -E "s|$from_re|FROM localhost/bh-bookworm-base AS build|" "$root/Dockerfile" > "$out/Dockerfile"
changed=$(diff "$root/Dockerfile" "$out/Dockerfile" | grep -c '^[<>]')
[ "$changed" = 2 ] && ok "Dockerfile copy differs in its FROM line only" ||
	{ bad "Dockerfile copy differs in $changed lines"; finish; }
start=$(date +%s)
tag=localhost/bulkhead:$version
if "${B[@]}" bud --isolation chroot --format docker --layers=false -f "$out/Dockerfile" -t "$tag" "$root" > "$out/build.log" 2>&1; then
	ok "buildah bud of the Dockerfile: $tag ($(( $(date +%s) - start ))s)"
else
	tail -n 15 "$out/build.log"; bad "buildah bud of the Dockerfile (log: $out/build.log)"; finish
fi

# 3. the image: written out, then run
rm -f "$out/bulkhead.docker.tar"
"${B[@]}" push "$tag" "docker-archive:$out/bulkhead.docker.tar:bulkhead:$version" > "$out/push.log" 2>&1 &&
	ok "docker-archive $out/bulkhead.docker.tar ($(stat -c %s "$out/bulkhead.docker.tar") bytes)" ||
	bad "buildah push docker-archive: $(tail -n 1 "$out/push.log")"
ctr=$("${B[@]}" from "$tag" 2> "$out/from.log") || { bad "buildah from: $(tail -n 1 "$out/from.log")"; finish; }
run() { "${B[@]}" run --isolation chroot "$@"; }
got=$(run "$ctr" -- /usr/local/bin/bulkhead --version 2>&1)
[ "$got" = "bulkhead $version" ] && ok "run: --version says '$got'" || bad "run: --version said '$got'"
mkdir -p "$out/work"
printf 'FROM debian:12\nRUN true\n' > "$out/work/Dockerfile"
run -v "$out/work:/work:ro" "$ctr" -- /usr/local/bin/bulkhead scan --format json Dockerfile > "$out/scan.json" 2> "$out/scan.err"
rc=$?
[ $rc = 1 ] && grep -q '"rule_id": "BH1001"' "$out/scan.json" && ok "run: scan of a Dockerfile at /work: exit 1, BH1001" ||
	bad "run: scan exit $rc, $(head -c 300 "$out/scan.err")"
run "$ctr" -- /usr/local/bin/bulkhead serve --help > "$out/serve.out" 2> "$out/serve.err"
rc=$?
[ $rc = 0 ] && grep -q '^usage: bulkhead serve' "$out/serve.out" && ok "run: serve --help: the admission server is linked in" ||
	bad "run: serve --help exit $rc: $(head -c 300 "$out/serve.err")"
"${B[@]}" rm "$ctr" > /dev/null 2>&1

# 4. audited by the normal build
(cd "$root" && "$bin" image "$out/bulkhead.docker.tar" > "$out/image.txt" 2>&1)
rc=$?
[ $rc = 0 ] && ok "bulkhead image on the archive: no findings" || bad "bulkhead image exit $rc: $(tail -n 5 "$out/image.txt")"
(cd "$root" && "$bin" scan Dockerfile > "$out/dockerfile.txt" 2>&1)
rc=$?
[ $rc = 0 ] && ok "bulkhead scan Dockerfile: no findings" || bad "bulkhead scan Dockerfile exit $rc"
finish
