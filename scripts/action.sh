#!/usr/bin/env bash
# action.sh - the step of action.yml: runs `bulkhead scan` with the
# action's inputs (INPUT_PATHS, INPUT_THRESHOLD, INPUT_FORMAT,
# INPUT_OUTPUT, INPUT_FAIL, INPUT_BULKHEAD, as action.yml passes them),
# writes `report` and `exit-code` to $GITHUB_OUTPUT and a one-line
# summary to $GITHUB_STEP_SUMMARY when those are set.  Exit: bulkhead's
# (1 only when INPUT_FAIL is true), 2 on a bad input.
# Tests: tests/suites/integrations.sh.
set -u
bh=${INPUT_BULKHEAD:-bulkhead}
if ! command -v "$bh" > /dev/null 2>&1; then
	echo "bulkhead: action: '$bh' is not on this runner; install bulkhead first (the .deb from 'make deb', or 'make install')" >&2
	exit 2
fi
case ${INPUT_FAIL:-true} in
true|false) ;;
*) echo "bulkhead: action: fail-on-findings must be 'true' or 'false', not '$INPUT_FAIL'" >&2; exit 2 ;;
esac
out=${INPUT_OUTPUT:-bulkhead.sarif}
paths=()
while read -r -a words; do
	paths+=("${words[@]}")
done <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
"$bh" scan --format "${INPUT_FORMAT:-sarif}" --threshold "${INPUT_THRESHOLD:-low}" \
	-o "$out" -- "${paths[@]}"
rc=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	printf 'report=%s\nexit-code=%s\n' "$out" "$rc" >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	case $rc in
	0) msg="bulkhead: no findings at or over ${INPUT_THRESHOLD:-low}" ;;
	1) msg="bulkhead: findings at or over ${INPUT_THRESHOLD:-low}; report in $out" ;;
	*) msg="bulkhead: input error (exit $rc); see the step's log" ;;
	esac
	echo "$msg" >> "$GITHUB_STEP_SUMMARY"
fi
if [ $rc = 1 ] && [ "${INPUT_FAIL:-true}" = false ]; then
	exit 0
fi
exit $rc
