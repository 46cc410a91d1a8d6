#!/usr/bin/env bash
# vuln.sh BINARY - matching speed: 2,000 packages against a generated
# 200,000-record OSV database (issue 11: under 50 ms after the database is
# open).
#
# The records are made here (python3, seeded, deterministic): npm, PyPI,
# Go, Debian:12 and Alpine:v3.18 records over 40,000 package names, each
# with ECOSYSTEM or SEMVER ranges (introduced/fixed, some last_affected),
# some with `versions` lists and aliases, a few withdrawn; imported once
# with `bulkhead db import` (records/s and database size printed).  The
# 2,000 packages (1,000 npm in a package-lock.json, 1,000 PyPI pins in a
# requirements.txt) all have records.  The time is the one `bulkhead vuln`
# itself measures between opening the database and the last row
# (BH_VULN_TIMING=1), median of BENCH_RUNS (default 10) runs.  Skips
# without python3.
set -u
bin=$(realpath "$1")
RUNS=${BENCH_RUNS:-10}
TARGET_MS=50
if ! command -v python3 > /dev/null 2>&1; then
	echo "skipped: python3 not found"
	exit 0
fi
# BENCH_VULN_DIR=DIR keeps the records, inputs and database there (and
# reuses them when present) instead of a temporary directory.
if [ -n "${BENCH_VULN_DIR:-}" ]; then
	tmp=$BENCH_VULN_DIR
	mkdir -p "$tmp"
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp/in"
[ -s "$tmp/records.json" ] || python3 - "$tmp/records.json" "$tmp/in" <<'PY'
import json, random, sys
random.seed(11)
out, ind = sys.argv[1], sys.argv[2]
N, NAMES = 200000, 40000
ecos = ["npm", "PyPI", "Go", "Debian:12", "Alpine:v3.18"]
def ver(a, b, c, eco):
    if eco == "Debian:12": return "%d.%d.%d-%d" % (a, b, c, 1 + c % 3)
    if eco == "Alpine:v3.18": return "%d.%d.%d-r%d" % (a, b, c, c % 4)
    return "%d.%d.%d" % (a, b, c)
recs = []
for i in range(N):
    k = i % NAMES
    eco = ecos[k % len(ecos)]
    name = ("github.com/org%d/mod%d" % (k % 97, k)) if eco == "Go" else "pkg%d" % k
    lo = random.randint(0, 5); hi = lo + random.randint(1, 4)
    ev = [{"introduced": "0" if random.random() < 0.3 else ver(lo, random.randint(0, 9), 0, eco)}]
    if random.random() < 0.15:
        ev.append({"last_affected": ver(hi, 0, random.randint(0, 9), eco)})
    elif random.random() < 0.9:
        ev.append({"fixed": ver(hi, random.randint(0, 9), random.randint(0, 9), eco)})
    rtype = "SEMVER" if eco in ("npm", "Go") and random.random() < 0.5 else "ECOSYSTEM"
    aff = {"package": {"ecosystem": eco, "name": name}, "ranges": [{"type": rtype, "events": ev}]}
    if random.random() < 0.1:
        aff["versions"] = [ver(lo, j, 1, eco) for j in range(5)]
    r = {"schema_version": "1.6.0", "id": "BENCH-%06d" % i, "modified": "2024-01-01T00:00:00Z",
         "summary": "generated record %d" % i, "affected": [aff]}
    if i % 3 == 0:
        r["aliases"] = ["CVE-2024-%d" % (100000 + i // 2)]
    if i % 4 == 0:
        r["severity"] = [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}]
    if i % 997 == 0:
        r["withdrawn"] = "2024-02-01T00:00:00Z"
    recs.append(r)
with open(out, "w") as f:
    json.dump(recs, f)
# 2,000 installed packages with records: names k = 0 (mod 5) npm, 1 (mod 5) PyPI
npm = [k for k in range(NAMES) if k % 5 == 0][:1000]
pyp = [k for k in range(NAMES) if k % 5 == 1][:1000]
lock = {"name": "bench", "lockfileVersion": 3, "packages": {"": {"name": "bench"}}}
for k in npm:
    lock["packages"]["node_modules/pkg%d" % k] = {"version": "%d.%d.%d" % (k % 7, k % 10, k % 9)}
with open(ind + "/package-lock.json", "w") as f:
    json.dump(lock, f)
with open(ind + "/requirements.txt", "w") as f:
    for k in pyp:
        f.write("pkg%d==%d.%d.%d\n" % (k, k % 7, k % 10, k % 9))
PY
db=$tmp/vuln.db
rm -f "$db"
t0=$EPOCHREALTIME
"$bin" db import --db "$db" "$tmp/records.json" > "$tmp/import.out" 2>&1 || {
	echo "db import failed: $(tail -n 1 "$tmp/import.out")"; exit 1; }
t1=$EPOCHREALTIME
secs=$(echo "$t1 - $t0" | bc -l)
printf 'import: 200000 records in %.1f s (%.0f records/s), database %s\n' "$secs" \
	"$(echo "200000 / $secs" | bc -l)" "$(du -h "$db" | cut -f1)"
times=()
for i in $(seq 0 "$RUNS"); do
	BH_VULN_TIMING=1 "$bin" vuln --db "$db" --format json "$tmp/in" > "$tmp/out.json" 2> "$tmp/err"
	rc=$?
	if [ $rc -gt 2 ]; then echo "bulkhead vuln crashed (exit $rc)"; exit 1; fi
	ms=$(sed -n 's/.*packages matched in \([0-9.]*\) ms.*/\1/p' "$tmp/err")
	[ $i -gt 0 ] && times+=("$ms")   # the first run warms the page cache
done
n=$(jq '.summary.packages' "$tmp/out.json")
nv=$(jq '.vulnerabilities | length' "$tmp/out.json")
med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
verdict=$(awk -v m="$med" -v t=$TARGET_MS 'BEGIN {print (m < t) ? "under" : "OVER"}')
printf 'match: %s packages against 200000 records: median %.2f ms after the database is open (%s the %d ms target), %s rows\n' \
	"$n" "$med" "$verdict" "$TARGET_MS" "$nv"
