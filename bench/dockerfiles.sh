#!/usr/bin/env bash
# dockerfiles.sh BINARY - speed on the Dockerfile corpus
# (../shared/corpus/dockerfiles, ~1,500 real files) against the I/O floor
# (cat of the same files) and the Dockerfile linters that run here from
# npm: dockerfilelint and dockerfile-utils (installed on first use into
# bench/node_modules, pinned in bench/package.json).
#
# Every tool gets ONE process for the whole corpus: bulkhead is given all
# files on one command line (`scan --kind dockerfile --format json`); each
# peer is loaded once in one node process that lints every file
# (bench/peers/*-all.js).  Times are medians of several runs, wall and CPU
# (user + sys), from hyperfine when installed, else bash's `time`; on a
# loaded machine compare the CPU column.  Also times one small Dockerfile
# (target < 2 ms wall) with a sub-millisecond timer: `perf stat -r N`
# (mean wall and task-clock of N runs) when perf works, else one bash
# `time` around a loop of N runs divided by N (the loop's fork counted);
# /bin/true timed the same way on the same line is the process floor.
# BENCH_SMALL_RUNS (default 300) sets N.  Targets: bulkhead within 1.5x the wall time of
# cat of the same files (issue 9; the ratio is printed plainly, the page
# cache is warm: every command runs once before it is timed), and >= 100x
# the fastest peer.
# BENCH_RUNS (default 10) and BENCH_PEER_RUNS (default 3) set the runs.
# Skips with a message when ../shared or node/npm are missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
shared=${BH_SHARED:-$here/../../shared}
corpus=$shared/corpus/dockerfiles
RUNS=${BENCH_RUNS:-10}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
if [ ! -d "$corpus" ]; then
	echo "skipped: $corpus not found (set BH_SHARED)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
nfiles=${#files[@]}
bytes=$(cat "${files[@]}" | wc -c)
printf '%s\n' "${files[@]}" > "$tmp/list"
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
echo "corpus: $nfiles Dockerfiles, $mb MB ($corpus)"

# timeit RUNS CMD... -> "WALL_US CPU_US" on stdout: the median wall time
# and the median CPU time (user + sys) of RUNS runs, after one warm-up.
# The command's output is discarded; a crash (exit > 2) returns 3.
timeit() {
	local runs=$1; shift
	if command -v hyperfine > /dev/null 2>&1 && [ "$(type -t "$1")" = file ]; then
		local q=() a
		for a in "$@"; do q+=("$(printf '%q' "$a")"); done
		hyperfine -N --runs "$runs" --warmup 1 -i --export-json "$tmp/hf.json" \
			"${q[*]}" > /dev/null 2>&1 || return 3
		jq -r '.results[0] | "\(.median * 1e6 | floor) \((.user + .system) * 1e6 | floor)"' "$tmp/hf.json"
		return 0
	fi
	local i rc TIMEFORMAT='%R %U %S'
	"$@" > /dev/null 2>&1
	: > "$tmp/times"
	for ((i = 0; i < runs; i++)); do
		{ time "$@" > /dev/null 2>&1; } 2>> "$tmp/times"
		rc=$?
		[ $rc -gt 2 ] && return 3
	done
	awk '{ w[NR] = $1 * 1e6; c[NR] = ($2 + $3) * 1e6 }
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		END { printf "%d %d\n", med(w, NR), med(c, NR) }' "$tmp/times"
}

# small_timeit RUNS CMD... -> "WALL_US CPU_US" (fractional) on stdout: the
# mean wall and CPU time of one run of CMD over RUNS runs, after one
# warm-up: `perf stat` when it can count task-clock here, else bash's
# `time` of a loop of RUNS runs (each run's fork included).  Output is
# discarded; a crash (exit > 2) returns 3.
small_timeit() {
	local runs=$1; shift
	"$@" > /dev/null 2>&1
	[ $? -gt 2 ] && return 3
	if command -v perf > /dev/null 2>&1 &&
		LC_ALL=C perf stat -e task-clock -- true > /dev/null 2>&1; then
		LC_ALL=C perf stat -r "$runs" -e task-clock -- "$@" 2> "$tmp/perf" > /dev/null
		awk '/task-clock/ { c = $1; gsub(",", "", c); c *= 1000 }
			/seconds time elapsed/ { w = $1; gsub(",", "", w); w *= 1e6 }
			END { if (w == "" || c == "") exit 1; printf "%.1f %.1f\n", w, c }' "$tmp/perf" &&
			return 0
	fi
	local i TIMEFORMAT='%3R %3U %3S'
	{ time for ((i = 0; i < runs; i++)); do "$@" > /dev/null 2>&1; done; } 2> "$tmp/times"
	awk -v n="$runs" '{ printf "%.1f %.1f\n", $1 * 1e6 / n, ($2 + $3) * 1e6 / n }' "$tmp/times"
}

# -- bulkhead: scan when the CLI has it, else `dump` per file as a stand-in
mode=scan
if "$bin" scan --kind dockerfile --format json "${files[0]}" > /dev/null 2>&1 ||
	[ $? = 1 ]; then
	bh_all=("$bin" scan --kind dockerfile --format json "${files[@]}")
	bh_one=("$bin" scan --kind dockerfile --format json)
	label="bulkhead scan (1 process)"
elif "$bin" dump "${files[0]}" > /dev/null 2>&1; then
	mode=dump
	dump_all() { local f; for f in "${files[@]}"; do "$bin" dump "$f" || return; done; }
	bh_all=(dump_all)
	bh_one=("$bin" dump)
	label="bulkhead dump (per file)"
	echo "note: 'bulkhead scan' is not available yet: timing 'bulkhead dump' once per file as a stand-in"
else
	echo "skipped: neither 'bulkhead scan' nor 'bulkhead dump' works with $bin"
	exit 0
fi
"${bh_all[@]}" > "$tmp/bh.out" 2> "$tmp/bh.err"
rc=$?
if [ $rc -gt 2 ]; then
	echo "bulkhead crashed (exit $rc) on the corpus:"
	tail -n 5 "$tmp/bh.err"
	exit 1
fi
[ $mode = dump ] && RUNS=3
cat_us=$(timeit "$RUNS" cat "${files[@]}")
bh_us=$(timeit "$RUNS" "${bh_all[@]}") || { echo "bulkhead crashed while timed"; exit 1; }

# -- peers ------------------------------------------------------------------
names=(); peer_us=(); peer_note=()
if command -v node > /dev/null 2>&1 && command -v npm > /dev/null 2>&1; then
	if [ ! -d "$here/node_modules/dockerfilelint" ] || [ ! -d "$here/node_modules/dockerfile-utils" ]; then
		echo "installing the peer linters into bench/node_modules ..."
		timeout 600 npm install --prefix "$here" --no-audit --no-fund > "$tmp/npm.log" 2>&1 ||
			{ echo "npm install failed:"; tail -n 3 "$tmp/npm.log"; }
	fi
	for peer in dockerfilelint dockerfile-utils; do
		if [ ! -d "$here/node_modules/$peer" ]; then
			echo "skipped peer $peer: not installed"
			continue
		fi
		ver=$(node -p "require('$here/node_modules/$peer/package.json').version")
		out=$(node "$here/peers/$peer-all.js" "$tmp/list" 2>&1)
		if [[ $out != "{"* ]]; then
			echo "skipped peer $peer: $out" | head -n 3
			continue
		fi
		us=$(timeit "$PEER_RUNS" node "$here/peers/$peer-all.js" "$tmp/list") || continue
		names+=("$peer $ver"); peer_us+=("$us")
		peer_note+=("$(jq -r '"\(.problems) problems, \(.crashes) crashes"' <<< "$out" 2>/dev/null)")
	done
else
	echo "skipped peers: node/npm not found"
fi

# -- one small Dockerfile -----------------------------------------------------
printf 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\nCMD ["curl", "--version"]\n' > "$tmp/Dockerfile"
SMALL_RUNS=${BENCH_SMALL_RUNS:-300}
small_us=$(small_timeit "$SMALL_RUNS" "${bh_one[@]}" "$tmp/Dockerfile") || { echo "bulkhead crashed on a small Dockerfile"; exit 1; }
true_us=$(small_timeit "$SMALL_RUNS" /bin/true) || true_us="0 0"
small_how=$(if command -v perf > /dev/null 2>&1 && LC_ALL=C perf stat -e task-clock -- true > /dev/null 2>&1; then
	echo "perf stat, mean of $SMALL_RUNS"; else echo "loop of $SMALL_RUNS, mean"; fi)

# -- table ------------------------------------------------------------------
# Each time is "WALL_US CPU_US"; ratios are against bulkhead's.
set -- $bh_us; bh_wall=$1; bh_cpu=$2
row() { # name "wall cpu" note
	set -- "$1" $2 "$3"
	awk -v n="$1" -v w="$2" -v c="$3" -v note="$4" -v f="$nfiles" -v b="$bytes" \
		-v bw="$bh_wall" -v bc="$bh_cpu" 'BEGIN {
		s = w / 1e6; if (s <= 0) s = 1e-6
		rw = w / (bw > 0 ? bw : 1); rc = c / (bc > 0 ? bc : 1)
		printf "%-28s %9.1f %9.1f %9.0f %7.1f %9s %9s  %s\n", n, w / 1000, c / 1000,
			f / s, b / 1048576 / s, sprintf(rw >= 1 ? "%.1fx" : "%.2fx", rw),
			sprintf(rc >= 1 ? "%.1fx" : "%.2fx", rc), note }'
}
echo
printf '%-28s %9s %9s %9s %7s %9s %9s\n' "tool (one process each)" "wall ms" "cpu ms" \
	"files/s" "MB/s" "wall/bh" "cpu/bh"
printf '%-28s %9s %9s %9s %7s %9s %9s\n' "----" "-------" "------" "-------" "----" "-------" "------"
row "cat (I/O floor)" "$cat_us" ""
row "$label" "$bh_us" "$(jq -r '.summary.findings // empty | "\(.) findings"' "$tmp/bh.out" 2>/dev/null)"
for i in "${!names[@]}"; do
	row "${names[$i]}" "${peer_us[$i]}" "${peer_note[$i]}"
done
echo
set -- $cat_us
awk -v bw="$bh_wall" -v cw="$1" -v bc="$bh_cpu" -v cc="$2" 'BEGIN {
	r = bw / (cw > 0 ? cw : 1)
	printf "bulkhead / cat: %.2fx the I/O floor (wall; %.2fx in CPU time); target <= 1.5x wall: %s\n",
		r, bc / (cc > 0 ? cc : 1), (r <= 1.5 ? "met" : "MISSED") }'
set -- $small_us $true_us
awk -v w="$1" -v c="$2" -v tw="$3" -v tc="$4" -v how="$small_how" 'BEGIN {
	printf "one small Dockerfile: %.2f ms wall, %.2f ms cpu (target < 2 ms wall): %s; /bin/true %.2f ms wall, %.2f ms cpu (process floor; %s)\n",
	w / 1000, c / 1000, (w < 2000 ? "met" : "MISSED"), tw / 1000, tc / 1000, how }'
if [ ${#names[@]} -gt 0 ]; then
	best=0
	for i in "${!names[@]}"; do
		set -- ${peer_us[$i]}; a=$1
		set -- ${peer_us[$best]}; [ "$a" -lt "$1" ] && best=$i
	done
	set -- ${peer_us[$best]}
	awk -v pw="$1" -v pc="$2" -v bw="$bh_wall" -v bc="$bh_cpu" -v n="${names[$best]}" 'BEGIN {
		rw = pw / (bw > 0 ? bw : 1); rc = pc / (bc > 0 ? bc : 1)
		printf "fastest peer: %s; bulkhead is %.1fx faster in wall time, %.1fx in CPU time (target >= 100x): %s\n",
			n, rw, rc, (rw >= 100 ? "met" : "MISSED") }'
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) on $(nproc 2>/dev/null) cores (wall times inflate under load; CPU times less so)"
[ $mode = dump ] && echo "(bulkhead timed with the per-file 'dump' stand-in, not 'scan')"
exit 0
