#!/usr/bin/env bash
# image.sh [BINARY] [SIZE_MB] - `bulkhead image` throughput and memory on
# a large generated image, against plain decompression of the same layers.
#
# Builds (once, cached in /tmp/bh-bench-image-<SIZE_MB>/) an OCI layout
# with 4 gzip layers totalling about SIZE_MB MiB uncompressed (default
# 1024): a distro-like tree of small text files, application files, and
# large half-compressible binaries; plus the same image as a docker-archive
# tarball (uncompressed layers).  Then, best of 3 runs each:
#   floor:    `tar -xzOf LAYER > /dev/null` for every layer blob (the cost
#             of just decompressing and walking the tars)
#   bulkhead: `bulkhead image --format json` on the layout and on the
#             docker-archive (decompress + sha256 of blob and of the tar +
#             filesystem view + checks)
# and prints the ratios, wall and CPU (target <= 1.3x, judged on CPU time
# because wall time on a shared machine measures the neighbours), and
# bulkhead's peak RSS from
# /usr/bin/time -v (target < 64 MiB).  Exit 0 when both targets hold.
set -u
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/bulkhead}")
mb=${2:-1024}
dir=/tmp/bh-bench-image-$mb
[ -x "$bin" ] || { echo "bench/image.sh: no binary $bin (make build)"; exit 2; }

if [ ! -f "$dir/done" ]; then
	echo "building a ${mb} MiB image in $dir (once)..."
	rm -rf "$dir"; mkdir -p "$dir"
	python3 - "$dir" "$mb" <<'PY'
import hashlib, io, json, os, random, subprocess, sys, tarfile
out, mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
words = open("/usr/share/dict/words").read().split() if os.path.exists("/usr/share/dict/words") else \
        [("w%d" % i) for i in range(5000)]
def text(n):
    return (" ".join(rnd.choice(words) for _ in range(n // 6)) + "\n").encode()[:n]
def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()
def layer_tar(path, budget, kind):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        used = 0; i = 0
        while used < budget:
            if kind == "distro":
                data = text(rnd.randint(200, 8000)); name = "usr/share/doc/pkg%d/file%d.txt" % (i % 900, i)
            elif kind == "app":
                data = text(rnd.randint(500, 20000)); name = "app/src/mod%d/f%d.js" % (i % 300, i)
            else:
                n = 8 << 20
                data = os.urandom(n // 2) + bytes(n // 2); name = "opt/bin/blob%d.bin" % i
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data)); used += len(data) + 1024; i += 1
    return path
budget = mb << 20
plan = [("distro", budget * 30 // 100), ("app", budget * 20 // 100),
        ("bin", budget * 35 // 100), ("distro", budget * 15 // 100)]
os.makedirs(out + "/oci/blobs/sha256", exist_ok=True)
layers = []
for n, (kind, b) in enumerate(plan):
    tp = layer_tar("%s/layer%d.tar" % (out, n), b, kind)
    subprocess.run(["gzip", "-k", "-f", "-1", tp], check=True)
    diff = sha(open(tp, "rb").read()); blob = open(tp + ".gz", "rb").read(); dg = sha(blob)
    os.replace(tp + ".gz", "%s/oci/blobs/sha256/%s" % (out, dg[7:]))
    layers.append(dict(tar=tp, diff=diff, digest=dg, size=len(blob)))
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000"},
    "rootfs": {"type": "layers", "diff_ids": [l["diff"] for l in layers]},
    "history": [{"created_by": "layer %d" % i} for i in range(len(layers))]}).encode()
open("%s/oci/blobs/sha256/%s" % (out, sha(cfg)[7:]), "wb").write(cfg)
man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(cfg), "size": len(cfg)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": l["digest"], "size": l["size"]} for l in layers]}).encode()
open("%s/oci/blobs/sha256/%s" % (out, sha(man)[7:]), "wb").write(man)
open(out + "/oci/index.json", "w").write(json.dumps({"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(man), "size": len(man)}]}))
open(out + "/oci/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
# docker-archive with the uncompressed layers
with tarfile.open(out + "/image.docker.tar", "w", format=tarfile.PAX_FORMAT) as t:
    names = []
    for l in layers:
        n = l["diff"][7:] + "/layer.tar"; t.add(l["tar"], arcname=n); names.append(n)
    for name, data in ((sha(cfg)[7:] + ".json", cfg),
                       ("manifest.json", json.dumps([{"Config": sha(cfg)[7:] + ".json", "RepoTags": ["bench:1"], "Layers": names}]).encode())):
        ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
for l in layers: os.remove(l["tar"])
PY
	[ $? = 0 ] || { echo "bench/image.sh: building the image failed"; exit 2; }
	touch "$dir/done"
fi

best() { # command... ; best of 3: "wall cpu" in seconds (cpu = user+sys)
	local b= c=
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %U %S' -o "$dir/t" "$@" > /dev/null 2>&1
		read -r w u s < <(tail -n 1 "$dir/t")
		local cpu; cpu=$(awk -v u="$u" -v s="$s" 'BEGIN{print u + s}')
		if [ -z "$b" ] || awk -v w="$w" -v b="$b" 'BEGIN{exit !(w < b)}'; then b=$w; fi
		if [ -z "$c" ] || awk -v x="$cpu" -v c="$c" 'BEGIN{exit !(x < c)}'; then c=$cpu; fi
	done
	echo "$b $c"
}

floor_run() {
	for f in "$dir"/oci/blobs/sha256/*; do
		[ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = 1f8b ] || continue
		tar -xzOf "$f" > /dev/null
	done
}
export -f floor_run
export dir

usize=$(du -sm --apparent-size "$dir/image.docker.tar" | cut -f1)
csize=$(du -sm --apparent-size "$dir/oci" | cut -f1)
t_floor=$(best bash -c floor_run)
t_oci=$(best "$bin" image --format json --no-progress "$dir/oci")
t_dock=$(best "$bin" image --format json --no-progress "$dir/image.docker.tar")
t_dock_floor=$(best tar -xOf "$dir/image.docker.tar")
/usr/bin/time -v "$bin" image --format json --no-progress "$dir/oci" > /dev/null 2> "$dir/time.txt"
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$dir/time.txt")
/usr/bin/time -v "$bin" image --format json --no-progress "$dir/image.docker.tar" > /dev/null 2> "$dir/time2.txt"
rss2=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$dir/time2.txt")

ratio=$(awk -v a="${t_oci% *}" -v b="${t_floor% *}" 'BEGIN{printf "%.2f", a / b}')
cratio=$(awk -v a="${t_oci#* }" -v b="${t_floor#* }" 'BEGIN{printf "%.2f", a / b}')
printf 'image: %s MiB uncompressed, %s MiB gzip layers (wall s / cpu s, best of 3)\n' "$usize" "$csize"
printf '  floor  tar -xzOf each layer       %s\n' "$t_floor"
printf '  bulkhead image (OCI, gzip)       %s  = %sx the floor wall, %sx cpu; peak RSS %s KiB\n' \
	"$t_oci" "$ratio" "$cratio" "$rss"
printf '  floor  tar -xOf docker-archive   %s\n' "$t_dock_floor"
printf '  bulkhead image (docker-archive)  %s  peak RSS %s KiB\n' "$t_dock" "$rss2"
# Judged on CPU time (user+sys of every process): on a shared machine wall
# time measures the neighbours, and the floor runs gzip and tar as two
# processes.  Wall is printed too; on an idle machine both agree.
okr=$(awk -v r="$cratio" 'BEGIN{print (r <= 1.3) ? 1 : 0}')
[ "$okr" = 1 ] && echo "  throughput target (<= 1.3x the floor, cpu): met" || echo "  throughput target (<= 1.3x the floor, cpu): MISSED"
[ "${rss:-999999}" -lt 65536 ] && [ "${rss2:-999999}" -lt 65536 ] \
	&& echo "  memory target (< 64 MiB peak RSS): met" || echo "  memory target (< 64 MiB peak RSS): MISSED"
[ "$okr" = 1 ] && [ "${rss:-999999}" -lt 65536 ] && [ "${rss2:-999999}" -lt 65536 ]
