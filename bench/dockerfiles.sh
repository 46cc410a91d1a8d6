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
# (bench/peers/*-all.js).  Times are the median wall time of several runs
# (hyperfine when installed, else bash's EPOCHREALTIME).  Also times one
# small Dockerfile (target < 2 ms).  Target: >= 100x the fastest peer.
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

now_us() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local t=${EPOCHREALTIME/./}
		echo "${t#0}"
	else
		echo $(( $(date +%s%N) / 1000 ))
	fi
}

# timeit RUNS CMD... -> median wall time in microseconds on stdout.
# The command's output is discarded; a crash (exit > 2) aborts with 3.
timeit() {
	local runs=$1; shift
	if command -v hyperfine > /dev/null 2>&1 && [ "$(type -t "$1")" = file ]; then
		local q=() a
		for a in "$@"; do q+=("$(printf '%q' "$a")"); done
		hyperfine -N --runs "$runs" --warmup 1 -i --export-json "$tmp/hf.json" \
			"${q[*]}" > /dev/null 2>&1 || return 3
		jq -r '.results[0].median * 1000000 | floor' "$tmp/hf.json"
		return 0
	fi
	local i t0 t1 rc times=()
	"$@" > /dev/null 2>&1           # warm-up (page cache, node's JIT cache)
	for ((i = 0; i < runs; i++)); do
		t0=$(now_us)
		"$@" > /dev/null 2>&1
		rc=$?
		t1=$(now_us)
		[ $rc -gt 2 ] && return 3
		times+=($((t1 - t0)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print int(m) }'
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
small_us=$(timeit 30 "${bh_one[@]}" "$tmp/Dockerfile") || { echo "bulkhead crashed on a small Dockerfile"; exit 1; }

# -- table ------------------------------------------------------------------
row() { # name us note
	awk -v n="$1" -v us="$2" -v f="$nfiles" -v b="$bytes" -v bh="$bh_us" -v note="$3" 'BEGIN {
		s = us / 1e6; if (s <= 0) s = 1e-6
		r = us / bh
		printf "%-30s %10.1f %10.0f %8.1f %12s  %s\n", n, us / 1000, f / s, b / 1048576 / s,
			sprintf(r >= 1 ? "%.1fx" : "%.2fx", r), note }'
}
echo
printf '%-30s %10s %10s %8s %12s\n' "tool" "wall ms" "files/s" "MB/s" "vs bulkhead"
printf '%-30s %10s %10s %8s %12s\n' "------------------------------" "-------" "-------" "----" "-----------"
row "cat (I/O floor)" "$cat_us" ""
row "$label" "$bh_us" "$(jq -r '.summary.findings // empty | "\(.) findings"' "$tmp/bh.out" 2>/dev/null)"
for i in "${!names[@]}"; do
	row "${names[$i]}" "${peer_us[$i]}" "${peer_note[$i]}"
done
echo
awk -v bh="$bh_us" -v c="$cat_us" 'BEGIN { printf "bulkhead / cat: %.1fx the I/O floor\n", bh / (c > 0 ? c : 1) }'
awk -v us="$small_us" 'BEGIN { printf "one small Dockerfile: %.2f ms wall (target < 2 ms): %s\n", us / 1000, (us < 2000 ? "met" : "MISSED") }'
if [ ${#names[@]} -gt 0 ]; then
	best=0
	for i in "${!names[@]}"; do
		[ "${peer_us[$i]}" -lt "${peer_us[$best]}" ] && best=$i
	done
	awk -v p="${peer_us[$best]}" -v bh="$bh_us" -v n="${names[$best]}" 'BEGIN {
		r = p / (bh > 0 ? bh : 1)
		printf "fastest peer: %s; bulkhead is %.1fx faster (target >= 100x): %s\n", n, r, (r >= 100 ? "met" : "MISSED") }'
fi
[ $mode = dump ] && echo "(bulkhead timed with the per-file 'dump' stand-in, not 'scan')"
exit 0
