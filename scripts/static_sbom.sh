#!/usr/bin/env bash
# static_sbom.sh MAP OUTDIR - the Debian packages a static bulkhead carries,
# as distroless-style dpkg records OUTDIR/NAME (what an image keeps in
# /var/lib/dpkg/status.d/, read by `bulkhead sbom` and `bulkhead vuln`).
#
# A static binary hides its libraries from every scanner: no package
# database, no shared objects to name.  MAP is the linker map of the
# -Dstatic=true build (build-static/bulkhead.map, meson.build asks for it);
# its "Archive member included" section names every archive an object was
# taken from (the linker takes only what is called, so libxml2, lz4 and acl
# are not in today's binary although libarchive lists them).  Each archive
# is traced to its package with `dpkg -S`, and the package's Package,
# Source, Version, Architecture and Homepage fields are written out.  An
# archive no package owns is an error (exit 1): the record would be
# incomplete.  The project's own libbhcore.a is skipped.
# Used by scripts/build_image.sh and the Dockerfile's build stage; tested
# by tests/suites/selfimage.sh.
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 MAP OUTDIR" >&2; exit 2; }
map=$1 out=$2
[ -f "$map" ] || { echo "$0: $map: no linker map (build with -Dstatic=true)" >&2; exit 2; }
mkdir -p "$out"
# the archives of the first section, up to the next one
archives=$(sed -n '/^Archive member included/,/^\(Discarded input sections\|Allocating common symbols\|Memory Configuration\)/p' "$map" \
	| grep -oE '^/[^ (]+\.a\(' | sed 's/($//' | sort -u)
[ -n "$archives" ] || { echo "$0: $map names no archive member" >&2; exit 1; }
pkgs=()
for a in $archives; do
	p=$(realpath "$a")
	owner=$(dpkg -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) || true
	if [ -z "$owner" ]; then
		# usrmerge: the package may name it under /lib
		owner=$(dpkg -S "${p#/usr}" 2>/dev/null | head -n 1 | cut -d: -f1) || true
	fi
	[ -n "$owner" ] || { echo "$0: no Debian package owns $p" >&2; exit 1; }
	pkgs+=("$owner")
done
for pkg in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
	dpkg-query -s "$pkg" | grep -E '^(Package|Source|Version|Architecture|Homepage):' > "$out/$pkg"
done
