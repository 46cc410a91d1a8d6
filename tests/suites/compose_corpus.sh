#!/usr/bin/env bash
# compose_corpus.sh BINARY - every real-world Compose file of
# ../shared/corpus/compose in ONE process (run under ASan by run_all.sh
# too): no crash, no sanitizer report, a JSON report, and no input error on
# a file `docker compose config` accepts.  Files known to be invalid on
# purpose (upstream negative tests) are listed with the error they must get
# in tests/data/compose-corpus-invalid.txt ("path<TAB>message substring").
# One "passed" per file that scans as expected, plus the crash and report
# checks.  Skips when ../shared is absent.
set -u
cd "$(dirname "$0")/../.."
bin=$1
shared=${BH_SHARED:-../shared}
corpus=$shared/corpus/compose
known=tests/data/compose-corpus-invalid.txt
if [ ! -d "$corpus" ]; then
	echo "skipped: $corpus not found"
	echo "compose-corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
"$bin" scan --kind compose --format json -o "$tmp/out.json" "${files[@]}" \
	2> "$tmp/err.txt"
rc=$?
if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err.txt"; then
	fail=$((fail + 1)); echo "FAIL compose-corpus: crashed (rc=$rc)"
	grep -m5 -E 'ERROR|runtime error' "$tmp/err.txt"
else
	pass=$((pass + 1))
fi
if jq -e '.summary.files_scanned' "$tmp/out.json" > /dev/null 2>&1; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL compose-corpus: no JSON report"
fi
# Per file: an input error must be a known one, with its message.
for f in "${files[@]}"; do
	rel=${f#"$corpus"/}
	err=$(grep -F -- "$f:" "$tmp/err.txt" | head -n 1)
	want=$(awk -F '\t' -v p="$rel" '$1 == p { print $2 }' "$known" 2>/dev/null)
	if [ -z "$err" ] && [ -z "$want" ]; then
		pass=$((pass + 1))
	elif [ -n "$err" ] && [ -n "$want" ] && [[ $err == *"$want"* ]]; then
		pass=$((pass + 1))
	elif [ -n "$want" ]; then
		fail=$((fail + 1)); echo "FAIL compose-corpus: $rel: want error \"$want\", got \"${err:-none}\""
	else
		fail=$((fail + 1)); echo "FAIL compose-corpus: $err"
	fi
done
echo "compose-corpus: $pass passed, $fail failed"
[ $fail = 0 ]
