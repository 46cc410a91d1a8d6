#!/usr/bin/env bash
# fuzz_targets.sh BINARY - every libFuzzer target of fuzz/ builds (clang,
# -fsanitize=fuzzer,address,undefined, against src/ as fuzz/run.sh builds
# it) and runs its committed seeds (fuzz/corpus/<name>/) without a crash:
# `fuzz/run.sh DIR 0`, deterministic (no mutation, no ../shared seeds).
# A target that no longer compiles, or a seed that now crashes, fails.
# BINARY is not used (the targets link the library sources themselves).
# Ends with "fuzz_targets: N passed, N failed".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
bad() { fail=$((fail + 1)); echo "FAIL fuzz_targets: $*"; }
finish() { echo "fuzz_targets: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
command -v "${FUZZ_CC:-clang}" > /dev/null || { bad "clang not installed (make deps)"; finish; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash fuzz/run.sh "$tmp" 0 > "$tmp/out" 2>&1
grep -q 'does not compile' "$tmp/out" && bad "a library source does not compile for fuzzing: $(grep -A2 'does not compile' "$tmp/out" | head -n 3 | tr '\n' ' ')"
for t in fuzz/fuzz_*.c; do
	n=$(basename "$t" .c)
	line=$(grep "^$n: " "$tmp/out")
	if [[ $line == *" 0 crash(es)" ]] && [[ $line != *"build failed"* ]]; then
		pass=$((pass + 1))
	else
		bad "$n: ${line:-no result}"
		grep -A6 "^$n: " "$tmp/out" | tail -n +2 | head -n 6
	fi
done
finish
