#!/usr/bin/env bash
# run_all.sh BUILD ASAN_BUILD - every test suite, for the normal build and
# again for the ASan+UBSan build, then one total line:
#   N passed, N failed[, N skipped]
# A suite is: the cmocka unit tests (meson test), the case files
# (tests/run_cases.sh), and every tests/suites/*.sh, each ending with its
# own "name: N passed, N failed[, N skipped]" line.  Suites marked with a
# line "# suite: normal-build-only" run once.  With TSAN_BUILD set (make
# check does), the pmap unit test and the suites marked "# suite: threads"
# run once more under ThreadSanitizer.
set -u
cd "$(dirname "$0")/.."
builds=("$@")
total_pass=0; total_fail=0; total_skip=0
failed_suites=()

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

count() { # suite-label, output file
	local line p f s
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		echo "  $1: no summary line (counted as 1 failure)"
		total_fail=$((total_fail + 1)); failed_suites+=("$1")
		return
	fi
	p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<< "$line")
	f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<< "$line")
	s=0
	[[ $line == *skipped* ]] && s=$(sed -E 's/.*\b([0-9]+) skipped.*/\1/' <<< "$line")
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
	[ "$f" = 0 ] || failed_suites+=("$1")
	printf '  %-28s %s\n' "$1" "${line#*: }"
}

run_suite() { # label, command...
	local label=$1; shift
	local out; out=$(mktemp)
	"$@" > "$out" 2>&1
	local rc=$?
	if [ $rc != 0 ] && ! grep -qE '[1-9][0-9]* failed' "$out"; then
		# a crash or a non-zero exit without failures counted
		echo "$label: 0 passed, 1 failed" >> "$out"
	fi
	grep -E '^(FAIL|not ok|ERROR|skipped)|FAILED' "$out" | head -n 40 | sed 's/^/    /'
	count "$label" "$out"
	rm -f "$out"
}

unit_suite() { # build
	local out; out=$(mktemp)
	meson test -C "$1" --print-errorlogs > "$out" 2>&1
	local ok fl sk
	ok=$(grep -E '^Ok:' "$out" | awk '{print $2}')
	fl=$(( $(grep -E '^Fail:' "$out" | awk '{print $2}') + $(grep -E '^Timeout:' "$out" | awk '{print $2}') ))
	sk=$(grep -E '^Skipped:' "$out" | awk '{print $2}')
	grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)' "$out" | sed 's/^/    /'
	[ "$fl" = 0 ] || grep -E '\[  FAILED  \]|ERROR|runtime error' "$out" | head -n 20 | sed 's/^/    /'
	echo "unit: ${ok:-0} passed, ${fl:-1} failed, ${sk:-0} skipped" > "$out.sum"
	count "unit [$1]" "$out.sum"
	rm -f "$out" "$out.sum"
}

for b in "${builds[@]}"; do
	echo "== suites on $b"
	unit_suite "$b"
	run_suite "cases [$b]" tests/run_cases.sh "$b/bulkhead" tests/cases
	for s in tests/suites/*.sh; do
		[ -e "$s" ] || continue
		if [ "$b" != "${builds[0]}" ] && grep -q '^# suite: normal-build-only' "$s"; then
			continue
		fi
		run_suite "$(basename "$s" .sh) [$b]" bash "$s" "$b/bulkhead"
	done
done

# ThreadSanitizer pass (make check sets TSAN_BUILD): the pmap unit test
# and the suites marked "# suite: threads".  A TSan runtime that cannot
# start on this kernel is reported as skipped, not as a failure.
if [ -n "${TSAN_BUILD:-}" ] && [ -x "$TSAN_BUILD/bulkhead" ]; then
	echo "== threads on $TSAN_BUILD (ThreadSanitizer)"
	export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66}
	if ! "$TSAN_BUILD/bulkhead" --version > /dev/null 2> "$TSAN_BUILD/start.err"; then
		echo "    skipped: the ThreadSanitizer build does not start here: $(head -n 1 "$TSAN_BUILD/start.err")"
		total_skip=$((total_skip + 1))
	else
		out=$(mktemp)
		if meson test -C "$TSAN_BUILD" --no-rebuild --print-errorlogs util > "$out" 2>&1; then
			echo "unit-tsan: 1 passed, 0 failed" > "$out.sum"
		else
			grep -E 'ThreadSanitizer|FAIL' "$out" | head -n 20 | sed 's/^/    /'
			echo "unit-tsan: 0 passed, 1 failed" > "$out.sum"
		fi
		count "unit util [$TSAN_BUILD]" "$out.sum"
		rm -f "$out" "$out.sum"
		for s in tests/suites/*.sh; do
			grep -q '^# suite: threads' "$s" || continue
			run_suite "$(basename "$s" .sh) [$TSAN_BUILD]" bash "$s" "$TSAN_BUILD/bulkhead"
		done
	fi
fi

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
	echo "failing suites: ${failed_suites[*]}"
fi
if [ $total_skip -gt 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ $total_fail = 0 ]
