#!/usr/bin/env bash
# build_image.sh OUT - the container image of bulkhead itself, built
# without a container engine (`make image`; docs/container.md).
#
# The repository's Dockerfile is the source of truth for engine builds
# (`docker build .`).  This script reproduces its final stage without an
# engine, from this machine's Debian 12 libraries:
#   1. builds a fully static bulkhead in its own meson build directory
#      (BH_STATIC_BUILD, default build-static: -Dstatic=true -Dnet=false
#      -Dstatic_libs=true, as the Dockerfile's build stage), never touching
#      the normal build/;
#   2. checks the binary is static (`file` says "statically linked", `ldd`
#      says "not a dynamic executable", no PT_INTERP program header) and
#      runs `--version`;
#   3. assembles an OCI image layout with umoci: OUT/oci, tag "bulkhead",
#      one layer holding /usr/local/bin/bulkhead (stripped, root-owned,
#      0755), one with /var/lib/dpkg/status.d/ (the Debian packages whose
#      static archives are linked in, scripts/static_sbom.sh, so `bulkhead
#      sbom` and scanners see them), one with the empty /work (WORKDIR);
#      config User 65532:65532,
#      Entrypoint ["/usr/local/bin/bulkhead"], Cmd ["--help"], WorkingDir
#      /work, the Dockerfile's org.opencontainers.image.* labels, and
#      Healthcheck Test ["NONE"] (Docker's config extension, which umoci
#      has no flag for: added to the config blob with jq, the manifest and
#      index re-pointed at the new digests);
#   4. copies it with skopeo to OUT/bulkhead.docker.tar (docker-archive,
#      `docker load`-able, tag bulkhead:VERSION).
# The root filesystem it inserts is OUT/rootfs (kept for inspection).  The
# base images' digests, apt pins and build commands live in the Dockerfile
# only; the labels and config below must match its final stage
# (tests/suites/selfimage.sh compares them).
# Needs: meson, ninja, file, umoci, skopeo, jq, sha256sum, strip, dpkg.
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
bdir=${BH_STATIC_BUILD:-$root/build-static}
for t in meson ninja file umoci skopeo jq sha256sum strip dpkg dpkg-query; do
	command -v "$t" > /dev/null || { echo "$0: $t is not installed (make deps)" >&2; exit 2; }
done
version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$root/meson.build" | head -n 1)

# 1. the static binary
if [ ! -f "$bdir/build.ninja" ]; then
	meson setup "$bdir" "$root" -Dstatic=true -Dnet=false -Dserve=true -Dstatic_libs=true > "$bdir.setup.log" 2>&1 \
		|| { cat "$bdir.setup.log" >&2; exit 1; }
	rm -f "$bdir.setup.log"
else
	# a directory set up before the server could be linked statically
	meson configure "$bdir" -Dserve=true > /dev/null || exit 1
fi
ninja -C "$bdir" bulkhead > /dev/null 2> "$out.ninja.err" || { cat "$out.ninja.err" >&2; rm -f "$out.ninja.err"; exit 1; }
rm -f "$out.ninja.err"
bin=$bdir/bulkhead

# 2. static, and it runs
file -b "$bin" | grep -q 'statically linked' || { echo "$0: $bin is not static: $(file -b "$bin")" >&2; exit 1; }
if ldd "$bin" > /dev/null 2>&1; then
	echo "$0: ldd lists shared libraries of $bin" >&2; exit 1
fi
if readelf -lW "$bin" | grep -q INTERP; then
	echo "$0: $bin asks for a program interpreter" >&2; exit 1
fi
"$bin" --version > /dev/null

# 3. the OCI layout (umoci, rootless-safe: --rootless when not root)
rm -rf "$out/oci" "$out/rootfs" "$out/bulkhead.docker.tar"
mkdir -p "$out/rootfs/usr/local/bin" "$out/rootfs/work"
strip -o "$out/rootfs/usr/local/bin/bulkhead" "$bin"
chmod 0755 "$out/rootfs/usr/local/bin/bulkhead" "$out/rootfs/work" \
	"$out/rootfs/usr/local/bin" "$out/rootfs/usr/local" "$out/rootfs/usr"
# the packages linked in, from the linker map (scripts/static_sbom.sh)
bash "$root/scripts/static_sbom.sh" "$bdir/bulkhead.map" "$out/rootfs/var/lib/dpkg/status.d"
find "$out/rootfs/var" -type d -exec chmod 0755 {} +
find "$out/rootfs/var" -type f -exec chmod 0644 {} +
rl=(); [ "$(id -u)" = 0 ] || rl=(--rootless)
img="$out/oci:bulkhead"
umoci init --layout "$out/oci"
umoci new --image "$img"
umoci insert "${rl[@]}" --image "$img" \
	--history.created_by 'COPY --from=build /build/bulkhead /usr/local/bin/bulkhead # buildkit' \
	"$out/rootfs/usr" /usr
umoci insert "${rl[@]}" --image "$img" \
	--history.created_by 'COPY --from=build /sbom/ /var/lib/dpkg/status.d/ # buildkit' \
	"$out/rootfs/var" /var
umoci insert "${rl[@]}" --image "$img" --history.created_by 'WORKDIR /work' \
	"$out/rootfs/work" /work
umoci config --image "$img" \
	--config.user 65532:65532 \
	--config.entrypoint /usr/local/bin/bulkhead \
	--config.cmd --help \
	--config.workingdir /work \
	--config.label org.opencontainers.image.title=bulkhead \
	--config.label "org.opencontainers.image.description=Container security auditor and hardener: one static binary" \
	--config.label org.opencontainers.image.licenses=Apache-2.0 \
	--config.label "org.opencontainers.image.version=$version" \
	--history.created_by 'USER 65532:65532; WORKDIR /work; HEALTHCHECK NONE; ENTRYPOINT ["/usr/local/bin/bulkhead"]; CMD ["--help"]'
umoci gc --layout "$out/oci"

# Healthcheck NONE: rewrite the config blob, then the manifest, then index.json
blob() { echo "$out/oci/blobs/sha256/${1#sha256:}"; }
put() { # file -> prints digest, moves it into blobs/
	local d; d=sha256:$(sha256sum "$1" | cut -d' ' -f1)
	mv "$1" "$(blob "$d")"; echo "$d"
}
mdesc=$(jq -c '.manifests[0]' "$out/oci/index.json")
mdig=$(jq -r .digest <<< "$mdesc")
cdig=$(jq -r .config.digest "$(blob "$mdig")")
jq -c '.config.Healthcheck = {"Test": ["NONE"]}' "$(blob "$cdig")" > "$out/oci/cfg.tmp"
csize=$(stat -c %s "$out/oci/cfg.tmp"); ncdig=$(put "$out/oci/cfg.tmp")
jq -c --arg d "$ncdig" --argjson s "$csize" '.config.digest = $d | .config.size = $s' \
	"$(blob "$mdig")" > "$out/oci/man.tmp"
msize=$(stat -c %s "$out/oci/man.tmp"); nmdig=$(put "$out/oci/man.tmp")
jq -c --arg d "$nmdig" --argjson s "$msize" '.manifests[0].digest = $d | .manifests[0].size = $s' \
	"$out/oci/index.json" > "$out/oci/index.tmp"
mv "$out/oci/index.tmp" "$out/oci/index.json"
rm -f "$(blob "$cdig")" "$(blob "$mdig")"

# 4. docker-archive for `docker load`
skopeo copy -q "oci:$img" "docker-archive:$out/bulkhead.docker.tar:bulkhead:$version"
echo "built $out/oci (tag bulkhead) and $out/bulkhead.docker.tar (bulkhead:$version)"
