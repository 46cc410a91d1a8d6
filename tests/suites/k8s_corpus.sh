#!/usr/bin/env bash
# k8s_corpus.sh BINARY - every real-world manifest of
# ../shared/corpus/kubernetes in ONE process (run under ASan by run_all.sh
# too): no crash, no sanitizer report, a JSON report, and no input error
# on a file kubectl would accept.  Files that are invalid on purpose are
# listed with the error they must get in tests/data/k8s-corpus-invalid.txt
# ("path<TAB>message substring").  Then the corpus walked as a directory:
# every file scanned (its kind told from its content), none skipped, and
# no input error but on a known invalid file.
# One "passed" per file that scans as expected, plus the crash and report
# checks.  Skips when ../shared is absent.
set -u
cd "$(dirname "$0")/../.."
bin=$1
shared=${BH_SHARED:-../shared}
corpus=$shared/corpus/kubernetes
known=tests/data/k8s-corpus-invalid.txt
if [ ! -d "$corpus" ]; then
	echo "skipped: $corpus not found"
	echo "k8s-corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
"$bin" scan --kind kubernetes --profile restricted --format json \
	-o "$tmp/out.json" "${files[@]}" 2> "$tmp/err.txt"
rc=$?
if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err.txt"; then
	fail=$((fail + 1)); echo "FAIL k8s-corpus: crashed (rc=$rc)"
	grep -m5 -E 'ERROR|runtime error' "$tmp/err.txt"
else
	pass=$((pass + 1))
fi
if jq -e '.summary.files_scanned' "$tmp/out.json" > /dev/null 2>&1; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL k8s-corpus: no JSON report"
fi
# Per file: an input error must be a known one, with its message (one
# awk pass: the corpus has ~1000 files).
printf '%s\n' "${files[@]}" > "$tmp/files.txt"
read -r p f < <(awk -F '\t' -v corpus="$corpus/" -v known="$known" -v errs="$tmp/err.txt" '
	BEGIN {
		while ((getline line < known) > 0) {
			split(line, a, "\t"); want[a[1]] = a[2]
		}
		while ((getline line < errs) > 0) {
			sub(/^bulkhead: /, "", line)
			i = index(line, ":"); f = substr(line, 1, i - 1)
			if (!(f in err)) err[f] = line
		}
	}
	{
		rel = substr($0, length(corpus) + 1); e = err[$0]; w = want[rel]
		if (e == "" && w == "") pass++
		else if (e != "" && w != "" && index(e, w)) pass++
		else if (w != "") { fail++; print "FAIL k8s-corpus: " rel ": want error \"" w "\", got \"" (e == "" ? "none" : e) "\"" > "/dev/stderr" }
		else { fail++; print "FAIL k8s-corpus: " e > "/dev/stderr" }
	}
	END { print pass + 0, fail + 0 }' "$tmp/files.txt" 2> "$tmp/fails.txt")
cat "$tmp/fails.txt"
pass=$((pass + p)); fail=$((fail + f))
# The whole corpus walked as a directory: every file is told a manifest
# by its content and scanned (none skipped), and every input error of
# the walk is one of the known invalid files.
"$bin" scan --format json -o "$tmp/walk.json" "$corpus" 2> "$tmp/walk.txt"
rc=$?
if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/walk.txt"; then
	fail=$((fail + 1)); echo "FAIL k8s-corpus: walk crashed (rc=$rc)"
elif [ "$(jq -r '.summary.files_scanned' "$tmp/walk.json" 2>/dev/null)" = "${#files[@]}" ] &&
     [ "$(jq -r '.summary.files_skipped' "$tmp/walk.json" 2>/dev/null)" = 0 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL k8s-corpus: walk scanned $(jq -r '.summary.files_scanned' "$tmp/walk.json" 2>/dev/null) of ${#files[@]} files, skipped $(jq -c '.summary.skipped' "$tmp/walk.json" 2>/dev/null)"
fi
while IFS= read -r line; do
	f=${line#bulkhead: }; f=${f%%:*}; rel=${f#"$corpus"/}
	if awk -F '\t' -v p="$rel" '$1 == p { found = 1 } END { exit !found }' "$known"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL k8s-corpus: walk: $line"
	fi
done < <(grep '^bulkhead: ' "$tmp/walk.txt")
echo "k8s-corpus: $pass passed, $fail failed"
[ $fail = 0 ]
