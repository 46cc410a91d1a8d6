#!/usr/bin/env bash
# secrets.sh BINARY - speed of the secret detector (`bulkhead secrets`)
# against secretlint with its recommended preset (npm; installed on first
# use into bench/node_modules) and the I/O floor (cat), on the same files.
#
# Corpus: ../shared/corpus/** plus the text under /usr/share/doc (gzip'd
# files unpacked), concatenated and cut into 1 MB files in a temporary
# directory, up to BENCH_SECRETS_MB MB (default 256).  secretlint is slow,
# so it runs once on the first BENCH_SECRETS_PEER_MB MB (default 64) and
# its rate is compared per MB.  Each tool runs once over all its files in one
# process; both wall time and CPU time (user+sys of all threads: this
# machine is shared, so wall time is noisy) are shown.  bulkhead runs twice:
# as a user runs it (-j = the CPUs here) and on one thread (-j 1), the
# per-core figure.  Target: >= 50x secretlint.
# Skips with a message when ../shared or node/npm are missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:?usage: bench/secrets.sh BINARY}")
shared=${BH_SHARED:-$here/../../shared}
MB=${BENCH_SECRETS_MB:-256}
PEER_MB=${BENCH_SECRETS_PEER_MB:-64}
if [ ! -d "$shared/corpus" ]; then
	echo "skipped: $shared/corpus not found (set BH_SHARED)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. the corpus, cut into 1 MB files
mkdir -p "$tmp/all"
{
	find "$shared/corpus" -type f -print0 | sort -z | xargs -0 cat
	find /usr/share/doc -type f ! -name '*.gz' -print0 2> /dev/null |
		sort -z | xargs -0 cat 2> /dev/null
	find /usr/share/doc -type f -name '*.gz' -print0 2> /dev/null |
		sort -z | xargs -0 zcat -f 2> /dev/null
} | head -c $((MB * 1048576)) | split -b 1048576 -d -a 4 - "$tmp/all/part_"
nfiles=$(find "$tmp/all" -type f | wc -l)
bytes=$(cat "$tmp/all"/part_* | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "corpus: $nfiles files, $mb MB (shared/corpus + /usr/share/doc text)"
mkdir -p "$tmp/peer"
ls "$tmp/all" | head -n "$PEER_MB" | while read -r f; do
	ln "$tmp/all/$f" "$tmp/peer/$f"
done
peer_bytes=$(cat "$tmp/peer"/part_* | wc -c)

# run NAME BYTES CMD...: prints one row and sets RATE_CPU / RATE_WALL.
# The command runs RUNS times (default 5; timings have 10 ms steps) and
# the run with the median wall time is shown.
run() {
	local name=$1 nbytes=$2 k
	shift 2
	: > "$tmp/times"
	for ((k = 0; k < ${RUNS:-5}; k++)); do
		/usr/bin/time -o "$tmp/time" -f '%e %U %S' "$@" > /dev/null 2> "$tmp/err"
		tail -n 1 "$tmp/time" >> "$tmp/times"
	done
	local wall user sys
	read -r wall user sys < <(sort -n "$tmp/times" | sed -n "$(((${RUNS:-5} + 1) / 2))p")
	RATE_WALL=$(awk -v b="$nbytes" -v t="$wall" 'BEGIN { printf "%.1f", b / 1048576 / (t > 0 ? t : 0.001) }')
	RATE_CPU=$(awk -v b="$nbytes" -v u="$user" -v s="$sys" 'BEGIN { t = u + s; printf "%.1f", b / 1048576 / (t > 0 ? t : 0.001) }')
	printf '%-26s %8s MB/s wall %8s MB/s cpu   (%ss wall, %ss user, %ss sys)\n' \
		"$name" "$RATE_WALL" "$RATE_CPU" "$wall" "$user" "$sys"
}

cat "$tmp/all"/part_* > /dev/null  # warm the page cache for everyone
echo "tool                          throughput"
run "cat (floor)" "$bytes" cat "$tmp/all"/part_*
run "bulkhead secrets -j $(nproc)" "$bytes" "$bin" secrets "$tmp/all"/part_*
bh_wall=$RATE_WALL
run "bulkhead secrets -j 1" "$bytes" "$bin" secrets -j 1 "$tmp/all"/part_*
bh1_wall=$RATE_WALL
bh1_cpu=$RATE_CPU
hits=$("$bin" secrets --format json "$tmp/all"/part_* 2> /dev/null | jq ".findings | length")
echo "  bulkhead: $hits matches"

# 2. secretlint
if ! command -v npm > /dev/null || ! command -v node > /dev/null; then
	echo "secretlint: skipped (node/npm not installed)"
	exit 0
fi
sl=$here/node_modules/.bin/secretlint
if [ ! -x "$sl" ] || [ ! -d "$here/node_modules/@secretlint/secretlint-rule-preset-recommend" ]; then
	echo "installing secretlint into bench/node_modules ..."
	if ! npm install --prefix "$here" --no-save --no-audit --no-fund \
		secretlint @secretlint/secretlint-rule-preset-recommend > "$tmp/npm.log" 2>&1; then
		echo "secretlint: skipped (npm install failed: $(tail -n 1 "$tmp/npm.log"))"
		exit 0
	fi
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$tmp/peer/.secretlintrc.json"
sl_line=$(cd "$tmp/peer" && RUNS=1 run "secretlint ($PEER_MB MB)" "$peer_bytes" "$sl" --secretlintrc .secretlintrc.json "part_*")
echo "$sl_line"
sl_wall=$(sed -E 's/^.{26} +([0-9.]+) MB\/s wall +([0-9.]+).*/\1/' <<< "$sl_line")
sl_cpu=$(sed -E 's/^.{26} +([0-9.]+) MB\/s wall +([0-9.]+).*/\2/' <<< "$sl_line")
sl_hits=$( (cd "$tmp/peer" && "$sl" --secretlintrc .secretlintrc.json "part_*" 2> /dev/null) | grep -c ' error ')
echo "  secretlint: $sl_hits matches in its $PEER_MB MB"
awk -v a="$bh_wall" -v b="$sl_wall" -v d="$sl_cpu" \
	-v e="$bh1_wall" -v f="$bh1_cpu" -v j="$(nproc)" 'BEGIN {
	b = b > 0 ? b : 0.001; d = d > 0 ? d : 0.001
	printf "bulkhead / secretlint: %.0fx (wall, -j %d), %.0fx (wall, -j 1), %.0fx (cpu); target >= 50x\n",
		a / b, j, e / b, f / d }'
