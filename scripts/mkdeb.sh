#!/usr/bin/env bash
# mkdeb.sh BINARY OUTDIR - builds OUTDIR/bulkhead_VERSION_ARCH.deb with
# dpkg-deb: the `make install` tree under /usr, a Depends line computed
# by dpkg-shlibdeps from the libraries the binary and its network module
# (/usr/lib/bulkhead/bulkhead-net.so: libcurl, and libmicrohttpd with
# GnuTLS or libevent with libssl: meson -Dserve_lib)
# link, and the
# copyright file Debian policy asks for.  Tests: tests/suites/install.sh
# (installs it into an empty dpkg root and runs it).
set -eu
bin=$1 outdir=$2
here=$(cd "$(dirname "$0")/.." && pwd)
version=$("$bin" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg=$tmp/pkg
bash "$here/scripts/install.sh" "$bin" "$pkg" /usr > /dev/null
strip --strip-unneeded "$pkg/usr/bin/bulkhead" 2>/dev/null || true
objs=("$pkg/usr/bin/bulkhead")
if [ -f "$pkg/usr/lib/bulkhead/bulkhead-net.so" ]; then
	strip --strip-unneeded "$pkg/usr/lib/bulkhead/bulkhead-net.so" 2>/dev/null || true
	objs+=("$pkg/usr/lib/bulkhead/bulkhead-net.so")
fi
install -d "$pkg/usr/share/doc/bulkhead"
printf '%s\n' "bulkhead - container security auditor and hardener" "" \
	"Copyright: the bulkhead authors" "License: Apache-2.0" "" \
	"On Debian systems the full text of the Apache License 2.0 is in" \
	"/usr/share/common-licenses/Apache-2.0." \
	> "$pkg/usr/share/doc/bulkhead/copyright"
# dpkg-shlibdeps wants a debian/control beside it
mkdir -p "$tmp/src/debian"
printf 'Source: bulkhead\n\nPackage: bulkhead\nArchitecture: any\n' > "$tmp/src/debian/control"
depends=$(cd "$tmp/src" && dpkg-shlibdeps -O "${objs[@]}" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "bulkhead: deb: dpkg-shlibdeps found no dependencies" >&2; exit 2; }
size=$(du -sk "$pkg/usr" | cut -f1)
mkdir -p "$pkg/DEBIAN"
cat > "$pkg/DEBIAN/control" <<CTL
Package: bulkhead
Version: $version
Architecture: $arch
Maintainer: bulkhead developers <bulkhead@localhost>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Description: container security auditor and hardener
 Audits Dockerfiles, Compose files and Kubernetes manifests, inspects
 built images (SBOM, offline vulnerability matching) and fixes what it
 finds with minimal edits.  One offline binary.
CTL
(cd "$pkg" && find usr -type f -printf '%P\0' | sort -z | xargs -0 -I{} md5sum "usr/{}") > "$pkg/DEBIAN/md5sums"
mkdir -p "$outdir"
deb=$outdir/bulkhead_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" > /dev/null
echo "$deb"
