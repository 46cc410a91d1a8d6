#!/usr/bin/env bash
# demo.sh BINARY - what `make demo` shows, in four sections: `bulkhead
# scan examples/` (the findings), `bulkhead fix examples/` (the diff it
# proposes; nothing is written), `bulkhead explain BH1001` (one rule in
# full), then `fix --write` on a temporary copy and the summary line of
# that copy's scan (examples/ itself is never written).  Exits 0 when every step did what
# it should (scan and fix: exit 0 or 1; explain: 0), else 1.
# Tested by tests/suites/fix_interactive.sh (runs it, checks the sections
# and that examples/ is unchanged).
set -u
bin=$(realpath "${1:?usage: demo.sh BULKHEAD_BINARY}")
cd "$(dirname "$0")/.."
status=0
section() { printf '\n==== %s\n\n' "$*"; }
want() { # what, rc, allowed codes...
	local what=$1 rc=$2; shift 2
	for c in "$@"; do [ "$rc" = "$c" ] && return 0; done
	echo "demo: $what exited $rc"; status=1
}

section "bulkhead scan examples/  (the findings)"
"$bin" scan examples/; rc=$?
echo "-- exit $rc (1 = findings at or over the threshold)"
want scan "$rc" 0 1

section "bulkhead fix examples/  (the fixes as a diff; nothing is written)"
"$bin" fix examples/ 2>&1; rc=$?
echo "-- exit $rc (1 = changes proposed; apply with patch -p1, or fix --write)"
want fix "$rc" 0 1

section "bulkhead explain BH1001  (one rule: why, how to fix, examples)"
"$bin" explain BH1001; rc=$?
want explain "$rc" 0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R examples "$tmp/examples"
section "bulkhead fix --write on a copy of examples/ (in $tmp), then scan it again"
(cd "$tmp" && "$bin" fix --write examples/ 2>&1); rc=$?
want "fix --write" "$rc" 0
(cd "$tmp" && "$bin" scan examples/ > scan.txt); rc=$?
echo "after the fixes: $(tail -n 1 "$tmp/scan.txt")"
echo "-- exit $rc (what is left needs a person: see docs/fix.md, \"left alone\")"
want "scan after fix" "$rc" 0 1
exit $status
