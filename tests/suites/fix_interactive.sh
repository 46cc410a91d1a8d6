#!/usr/bin/env bash
# fix_interactive.sh BINARY - `bulkhead fix --interactive` (per-hunk
# prompts) and `make demo` (scripts/demo.sh).
# Without a terminal on standard input --interactive is a one-line usage
# error, exit 2, at once (never waits in CI), nothing written; so is it
# with --dry-run, --format json or "-" as a PATH.  On a pseudo-terminal
# (tests/suites/fix_interactive.py, Python's pty module) it is driven
# over copies of tests/fix/ cases with y/n/q/a/d/?/^D answers: the file
# holds exactly the accepted hunks (checked against after/ hunk by hunk,
# and against GNU patch applying only those hunks where nothing is
# masked), its mode kept, the other files untouched, no secret value
# printed, it still scans; a new file is asked for on its own; q stops
# all later files; a file edited while the question is open is not
# overwritten.  scripts/demo.sh (what `make demo` runs) exits 0, shows
# its sections and leaves examples/ as it was.
# Ends with "fix_interactive: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:?usage: fix_interactive.sh BULKHEAD_BINARY}")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fix_interactive: $*"; }
tmp=$(mktemp -d /tmp/bh-fix-int.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# ---- no terminal: usage error, at once ----
mkdir -p "$tmp/c"
cp tests/fix/df-apt/before/Dockerfile "$tmp/c/Dockerfile"
for how in devnull pipe; do
	if [ $how = devnull ]; then
		(cd "$tmp/c" && timeout 10 "$bin" fix --interactive Dockerfile < /dev/null > ../out 2> ../err); rc=$?
	else
		(cd "$tmp/c" && yes y | timeout 10 "$bin" fix --interactive Dockerfile > ../out 2> ../err); rc=$?
	fi
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
		grep -q 'interactive needs a terminal on standard input' "$tmp/err" &&
		cmp -s "$tmp/c/Dockerfile" tests/fix/df-apt/before/Dockerfile; then ok; else
		bad "--interactive without a terminal ($how): exit $rc (want 2, one line)"; cat "$tmp/err"; fi
done
for a in "--dry-run" "--format json" "-"; do
	# shellcheck disable=SC2086
	(cd "$tmp/c" && timeout 10 "$bin" fix --interactive $a < /dev/null > ../out 2> ../err); rc=$?
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
		grep -q -- "--interactive" "$tmp/err"; then ok; else
		bad "--interactive $a: exit $rc (want 2, one line)"; cat "$tmp/err"; fi
done
# --help names it (man pages and completions are made from --help)
if "$bin" fix --help | grep -q -- '--interactive'; then ok; else bad "fix --help does not name --interactive"; fi

# ---- on a pseudo-terminal ----
if command -v python3 > /dev/null 2>&1; then
	mkdir -p "$tmp/py"
	python3 tests/suites/fix_interactive.py "$bin" "$tmp/py" > "$tmp/pyout" 2>&1; rc=$?
	p=$(grep -c '^ok ' "$tmp/pyout"); f=$(grep -c '^FAIL' "$tmp/pyout")
	pass=$((pass + p)); fail=$((fail + f))
	grep '^FAIL' "$tmp/pyout"
	if [ $rc = 0 ] && [ "$p" -gt 100 ] && grep -q "fix_interactive.py: $p passed, 0 failed" "$tmp/pyout"; then ok; else
		bad "the pty driver exit $rc ($p passed, $f failed)"; tail -n 20 "$tmp/pyout"; fi
else
	bad "python3 not found: the pty tests did not run"
fi

# ---- make demo (scripts/demo.sh) ----
before=$(find examples -type f -exec sha256sum {} + | sort; find examples | sort)
start=$(date +%s)
bash scripts/demo.sh "$bin" > "$tmp/demo" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
after=$(find examples -type f -exec sha256sum {} + | sort; find examples | sort)
if [ $rc = 0 ]; then ok; else bad "demo exit $rc"; tail -n 20 "$tmp/demo"; fi
for s in '==== bulkhead scan examples/' '==== bulkhead fix examples/' \
	'==== bulkhead explain BH1001' '==== bulkhead fix --write on a copy'; do
	if grep -qF -- "$s" "$tmp/demo"; then ok; else bad "demo: no section '$s'"; fi
done
if grep -q '^+++ b/examples/Dockerfile' "$tmp/demo" && grep -q '^after the fixes: [0-9]* findings' "$tmp/demo"; then ok; else
	bad "demo: no diff of examples/Dockerfile or no scan after --write"; fi
if [ "$before" = "$after" ]; then ok; else bad "demo changed examples/"; fi
if [ "$took" -lt 10 ]; then ok; else bad "demo took ${took}s (want < 10)"; fi
# the Makefile's demo target runs it
if grep -q '^demo:' Makefile && grep -A2 '^demo:' Makefile | grep -q 'scripts/demo.sh'; then ok; else
	bad "make demo does not run scripts/demo.sh"; fi

echo "fix_interactive: $pass passed, $fail failed"
[ $fail = 0 ]
