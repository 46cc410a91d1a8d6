#!/usr/bin/env bash
# corpus.sh BINARY - every real-world Dockerfile of ../shared/corpus in ONE
# process (run under ASan by run_all.sh too): no crash, no sanitizer report,
# no parse error on files BuildKit accepts.
set -u
cd "$(dirname "$0")/../.."
bin=$1
shared=${BH_SHARED:-../shared}
corpus=$shared/corpus/dockerfiles
if [ ! -d "$corpus" ]; then
	echo "skipped: $corpus not found"
	echo "corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
"$bin" scan --kind dockerfile --format json -o "$tmp/out.json" "${files[@]}" 2> "$tmp/err.txt"
rc=$?
if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err.txt"; then
	fail=$((fail + 1)); echo "FAIL corpus: crashed (rc=$rc)"; grep -m5 -E 'ERROR|runtime error' "$tmp/err.txt"
else
	pass=$((pass + 1))
fi
if jq -e '.summary.files_scanned' "$tmp/out.json" > /dev/null 2>&1; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL corpus: no JSON report"
fi
# Each input error is a file BuildKit would accept (the corpus holds only
# files that build upstream) unless listed in tests/data/corpus-invalid.txt.
# Warnings ("bulkhead: FILE:LINE: warning: ...", e.g. a pragma naming an id
# no tool has) are not input errors: they are counted and shown.
nwarn=$(grep -c '^bulkhead: .*: warning: ' "$tmp/err.txt")
[ "$nwarn" = 0 ] || { echo "  corpus: $nwarn warning(s):"; grep '^bulkhead: .*: warning: ' "$tmp/err.txt" | head -n 5 | sed 's/^/    /'; }
while IFS= read -r line; do
	f=${line#bulkhead: }; f=${f%%:*}
	if grep -qxF "${f#"$corpus"/}" tests/data/corpus-invalid.txt 2>/dev/null; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL corpus: $line"
	fi
done < <(grep '^bulkhead: ' "$tmp/err.txt" | grep -v ': warning: ')
echo "corpus: $pass passed, $fail failed"
[ $fail = 0 ]
