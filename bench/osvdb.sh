#!/usr/bin/env bash
# osvdb.sh BINARY - the vulnerability database (`bulkhead db import`) on a
# generated OSV set: bench/gen_osv.py writes BENCH_OSV_N records (default
# 200,000; deterministic seed) as one zip laid out like osv.dev's all.zip
# and 2,000 queries (ecosystem, name, version, release).  Measures: the
# import of the zip into a new database (records/s, wall and CPU time), a
# second import (all unchanged), the final database size, and through
# tests/osvlookup (built next to BINARY's tests/), after the database is
# open: 2,000 lookups by (ecosystem, name) each found record's JSON parsed
# (osv_db_lookup), the same query alone (--sql: osv_db_lookup_sql, the
# byname statement matching runs, its pre-decoded blobs read, not judged;
# its row counts must equal the lookups'), and 2,000 packages
# matched (--match: vuln_match_key as `bulkhead vuln` runs it, the
# pre-decoded ranges judged and only the affected records' JSON parsed;
# --match-json: the reference path that parses every record found, as
# matching did before the ranges table; the two outputs must be equal).
# Target (issue 11): the 2,000 packages matched in under 50 ms.
# BENCH_OSV_DIR keeps the generated set for the next run.  Skips without
# python3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:?usage: bench/osvdb.sh BINARY}")
N=${BENCH_OSV_N:-200000}
lookup=$(dirname "$bin")/tests/osvlookup
command -v python3 > /dev/null || { echo "skipped: no python3"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# BENCH_OSV_DIR keeps the generated set between runs (made when missing)
gen=${BENCH_OSV_DIR:-$tmp}
if [ ! -s "$gen/all-$N.zip" ] || [ ! -s "$gen/queries2-$N" ]; then
	mkdir -p "$gen"
	python3 "$here/gen_osv.py" "$N" "$gen/all-$N.zip" "$gen/queries2-$N" || exit 1
fi
cp "$gen/queries2-$N" "$tmp/queries"
ln -sf "$gen/all-$N.zip" "$tmp/all.zip"
zmb=$(du -mL "$tmp/all.zip" | cut -f1)

# time_cmd OUTFILE CMD... -> "wall cpu" seconds on stdout
time_cmd() {
	local out=$1; shift
	local t0 t1
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$@" > "$out" || return 1
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" -v c="$(awk '{print $1+$2}' "$tmp/cpu")" \
		'BEGIN { printf "%.2f %.2f\n", b - a, c }'
}

read -r wall cpu < <(time_cmd "$tmp/out1" "$bin" db import --db "$tmp/v.db" --format json "$tmp/all.zip") ||
	{ echo "import failed"; exit 1; }
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["added"])' "$tmp/out1")
[ "$got" = "$N" ] || { echo "import added $got of $N"; exit 1; }
read -r wall2 cpu2 < <(time_cmd "$tmp/out2" "$bin" db import --db "$tmp/v.db" --format json "$tmp/all.zip")
size=$(stat -c %s "$tmp/v.db")
printf '%-34s %s\n' "records" "$N (zip $zmb MB)"
printf '%-34s %.2f s wall, %.2f s CPU, %d records/s\n' "import into a new database" "$wall" "$cpu" \
	"$(awk -v n="$N" -v w="$wall" 'BEGIN { printf "%d", n / w }')"
printf '%-34s %.2f s wall, %.2f s CPU, %d records/s\n' "import again (all unchanged)" "$wall2" "$cpu2" \
	"$(awk -v n="$N" -v w="$wall2" 'BEGIN { printf "%d", n / w }')"
printf '%-34s %.1f MB (%d bytes/record)\n' "database size" \
	"$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')" $((size / N))
if [ -x "$lookup" ]; then
	"$lookup" "$tmp/v.db" < "$tmp/queries" > /dev/null 2> "$tmp/l1"  # warm cache
	"$lookup" "$tmp/v.db" < "$tmp/queries" > "$tmp/hits" 2> "$tmp/l2" || { cat "$tmp/l2"; exit 1; }
	hit=$(awk -F'\t' '$3 != ""' "$tmp/hits" | wc -l)
	"$lookup" --sql "$tmp/v.db" < "$tmp/queries" > "$tmp/sqlrows" 2> "$tmp/l3" || { cat "$tmp/l3"; exit 1; }
	# the SQL-only pass runs osvdb.c's own lookup statement: it must find
	# as many rows per query as the parsed lookup found records
	awk -F'\t' '{ print $1 "\t" $2 "\t" ($3 == "" ? 0 : split($3, x, " ")) }' "$tmp/hits" |
		cmp -s - "$tmp/sqlrows" || { echo "SQL only: row counts differ from the lookups"; exit 1; }
	printf '%-34s %s; %d of 2000 names have records\n' \
		"2,000 lookups (warm), parsed" "$(sed 's/^lookups: //' "$tmp/l2")" "$hit"
	printf '%-34s %s\n' "the same, SQL only" "$(sed 's/^lookups: //' "$tmp/l3")"
	"$lookup" --match "$tmp/v.db" < "$tmp/queries" > /dev/null 2> "$tmp/m1"  # warm cache
	"$lookup" --match "$tmp/v.db" < "$tmp/queries" > "$tmp/m" 2> "$tmp/m2" || { cat "$tmp/m2"; exit 1; }
	"$lookup" --match-json "$tmp/v.db" < "$tmp/queries" > "$tmp/mj" 2> "$tmp/m3" || { cat "$tmp/m3"; exit 1; }
	printf '%-34s %s (target: under 50 ms)\n' "2,000 packages matched (warm)" \
		"$(sed 's/^matches: 2000 in //' "$tmp/m2")"
	printf '%-34s %s\n' "the same, every record parsed" "$(sed 's/^matches: 2000 in //' "$tmp/m3")"
	cmp -s "$tmp/m" "$tmp/mj" || { echo "matching: pre-decoded and parse_all results differ"; exit 1; }
else
	echo "lookups: skipped ($lookup not built)"
fi
