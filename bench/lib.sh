# shellcheck shell=bash
# lib.sh - what the benchmarks share, sourced (never run on its own;
# bench/run.sh skips it).
#
# adm_load_build NAME TOOL...   (bench/admission.sh, bench/adm_reload.sh)
#   skips the calling script (exit 0, saying why) when cc, pkg-config, a
#   TOOL or libcurl's headers are missing; else builds the load client
#   bench/adm_load.c into $W/adm_load (W: the caller's work directory),
#   exiting 1 naming NAME when it does not build.
#
# bench_yaml_corpus KIND SUBDIR LABEL BINARY times
#   BINARY scan --kind KIND --format json FILES...
# over every file of ../shared/corpus/SUBDIR (BH_SHARED overrides
# ../shared) against the I/O floor (cat of the same files) and yamllint
# (parse only, and its relaxed rule set) when installed, each in ONE
# process for the whole corpus; LABEL names the files in the corpus line
# ("Compose files").  Times are medians of several runs (hyperfine when
# installed, else bash's EPOCHREALTIME); BENCH_RUNS (default 10) and
# BENCH_PEER_RUNS (default 3) set the runs; every command runs once before
# it is timed (warm page cache).  Targets: the whole corpus in under 200 ms,
# and within 2x the wall time of cat of the same files (issue 9; the ratio
# is printed plainly).  Skips with a message when the corpus is missing.  Exits
# the calling script: 0, or 1 when bulkhead crashes.  Needs "here" (the
# bench directory) set by the caller.
bench_yaml_corpus() {
	local kind=$1 subdir=$2 label=$3
	bin=$(realpath "$4")
	shared=${BH_SHARED:-$here/../../shared}
	corpus=$shared/corpus/$subdir
	RUNS=${BENCH_RUNS:-10}
	PEER_RUNS=${BENCH_PEER_RUNS:-3}
	TARGET_MS=200
	CAT_RATIO=2  # issue 9: within 2x the wall time of cat of the same files
	if [ ! -d "$corpus" ]; then
		echo "skipped: $corpus not found (set BH_SHARED)"
		exit 0
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
	nfiles=${#files[@]}
	bytes=$(cat "${files[@]}" | wc -c)
	echo "corpus: $nfiles $label, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }') MB"

	usec() {
		local t=${EPOCHREALTIME/./}
		echo "${t#0}"
	}

	# median RUNS CMD... -> median wall time in microseconds; 3 on a crash.
	median() {
		local runs=$1; shift
		if command -v hyperfine > /dev/null 2>&1 && [ "$(type -t "$1")" = file ]; then
			local q=() a
			for a in "$@"; do q+=("$(printf '%q' "$a")"); done
			hyperfine -N --runs "$runs" --warmup 1 -i --export-json "$tmp/hf.json" \
				"${q[*]}" > /dev/null 2>&1 || return 3
			jq -r '.results[0].median * 1000000 | floor' "$tmp/hf.json"
			return 0
		fi
		local i t0 rc v=()
		"$@" > /dev/null 2>&1
		for ((i = 0; i < runs; i++)); do
			t0=$(usec)
			"$@" > /dev/null 2>&1
			rc=$?
			v+=($(( $(usec) - t0 )))
			[ $rc -gt 2 ] && [ "$1" = "$bin" ] && return 3
		done
		printf '%s\n' "${v[@]}" | sort -n | awk '{ a[NR] = $1 }
			END { print int(NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
	}

	bh=("$bin" scan --kind "$kind" --format json "${files[@]}")
	"${bh[@]}" > "$tmp/bh.json" 2> "$tmp/bh.err"
	rc=$?
	if [ $rc -gt 2 ]; then
		echo "bulkhead failed (exit $rc) on the corpus:"
		tail -n 5 "$tmp/bh.err"
		exit 1
	fi
	errors=$(grep -c '^bulkhead: ' "$tmp/bh.err")
	cat_us=$(median "$RUNS" cat "${files[@]}")
	bh_us=$(median "$RUNS" "${bh[@]}") || { echo "bulkhead crashed while timed"; exit 1; }

	names=(); times=()
	if command -v yamllint > /dev/null 2>&1; then
		ver=$(yamllint --version 2>/dev/null | awk '{ print $2 }')
		names+=("yamllint $ver (parse only)")
		times+=("$(median "$PEER_RUNS" yamllint -f parsable -d '{rules: {}}' "${files[@]}")")
		names+=("yamllint $ver (relaxed)")
		times+=("$(median "$PEER_RUNS" yamllint -f parsable -d relaxed "${files[@]}")")
	else
		echo "skipped peer yamllint: not installed (apt-get install yamllint)"
	fi

	row() { # name us note
		awk -v n="$1" -v us="$2" -v f="$nfiles" -v b="$bytes" -v bh="$bh_us" -v note="$3" 'BEGIN {
			s = us / 1e6; if (s <= 0) s = 1e-6
			printf "%-34s %9.1f %9.0f %7.1f %10s  %s\n", n, us / 1000, f / s,
				b / 1048576 / s, sprintf("%.1fx", us / (bh > 0 ? bh : 1)), note }'
	}
	echo
	printf '%-34s %9s %9s %7s %10s\n' tool "wall ms" files/s MB/s "vs bulkhead"
	row "cat (I/O floor)" "$cat_us" ""
	row "bulkhead scan --kind $kind" "$bh_us" "$(jq -r '.summary.findings // empty | "\(.) findings"' "$tmp/bh.json" 2>/dev/null), $errors input errors"
	for i in "${!names[@]}"; do
		row "${names[$i]}" "${times[$i]}" ""
	done
	echo
	awk -v us="$bh_us" -v t="$TARGET_MS" 'BEGIN {
		printf "whole corpus: %.1f ms (target < %d ms): %s\n", us / 1000, t, (us < t * 1000 ? "met" : "MISSED") }'
	awk -v us="$bh_us" -v c="$cat_us" -v r="$CAT_RATIO" 'BEGIN {
		x = us / (c > 0 ? c : 1)
		printf "bulkhead / cat: %.2fx the I/O floor (wall); target <= %sx: %s\n", x, r, (x <= r ? "met" : "MISSED") }'
	# CPU time as well: wall time on a loaded machine says little.
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -o "$tmp/cpu" -f '%U %S' "${bh[@]}" > /dev/null 2>&1
		/usr/bin/time -o "$tmp/cpu-text" -f '%U %S' "$bin" scan --kind "$kind" --format text "${files[@]}" > /dev/null 2>&1
		awk '{ printf "bulkhead CPU (user+sys): %.0f ms with --format json, ", ($1 + $2) * 1000 }' <(tail -n 1 "$tmp/cpu")
		awk '{ printf "%.0f ms with --format text\n", ($1 + $2) * 1000 }' <(tail -n 1 "$tmp/cpu-text")
		echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
	fi
	exit 0
}

adm_load_build() {
	local name=$1 t
	shift
	for t in cc pkg-config "$@"; do
		command -v "$t" > /dev/null || { echo "skipped: $t not installed"; exit 0; }
	done
	pkg-config --exists libcurl || { echo "skipped: libcurl headers not installed"; exit 0; }
	# shellcheck disable=SC2046
	cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -o "$W/adm_load" "$here/adm_load.c" \
		$(pkg-config --cflags --libs libcurl) -pthread ||
		{ echo "$name: adm_load does not build"; exit 1; }
}
