#!/usr/bin/env bash
# compose_corpus.sh BINARY - every real-world Compose file of
# ../shared/corpus/compose in ONE process (run under ASan by run_all.sh
# too): no crash, no sanitizer report, a JSON report, and no input error on
# a file `docker compose config` accepts.  Files known to be invalid on
# purpose (upstream negative tests) are listed with the error they must get
# in tests/data/compose-corpus-invalid.txt ("path<TAB>message substring").
# One "passed" per file that scans as expected, plus the crash and report
# checks.  Then the corpus rebuilt under its files' real paths (from
# ../shared/corpus/INDEX.tsv) and walked as a directory: every file is
# audited as Compose, whatever it is called (a top-level services:
# mapping, or a Compose name), none skipped, and every input error is a
# known invalid file's.  Skips when ../shared is absent.
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
# Walked under the real names: docker-stack.yml, stack files, extends
# bases and v1 files are audited, not skipped in silence.
# build_tree CORPUS_DIR TREE MAP: copies CORPUS_DIR/<flat> to TREE/<rel>
# for each "rel<TAB>flat" line of MAP (perl: one process, not thousands).
build_tree() {
	if command -v perl > /dev/null; then
		perl -MFile::Copy -MFile::Path=make_path -MFile::Basename -F'\t' -lane \
			'BEGIN { ($c, $t) = splice(@ARGV, 0, 2) }
			 make_path(dirname("$t/$F[0]")); copy("$c/$F[1]", "$t/$F[0]") or die "$F[1]: $!"' \
			"$1" "$2" "$3"
	else
		while IFS=$'\t' read -r rel flat; do
			mkdir -p "$(dirname "$2/$rel")" && cp "$1/$flat" "$2/$rel"
		done < "$3"
	fi
}
index=$shared/corpus/INDEX.tsv
if [ -f "$index" ]; then
	tree=$tmp/tree
	: > "$tmp/map"
	awk -F '\t' -v k="compose/" 'NR > 1 && index($1, k) == 1 {
		repo = $2; gsub(/\//, "__", repo)
		print repo "/" $4 "\t" substr($1, length(k) + 1) }' "$index" > "$tmp/map"
	build_tree "$shared/corpus/compose" "$tree" "$tmp/map"
	n=$(wc -l < "$tmp/map")
	(abs=$(realpath "$bin") && cd "$tree" &&
		"$abs" scan --verbose --format json -o "$tmp/walk.json" .) 2> "$tmp/walk.txt"
	rc=$?
	scanned=$(jq -r '.summary.files_scanned' "$tmp/walk.json" 2>/dev/null)
	byname=$(awk -F '\t' '{ b = $1; sub(/.*\//, "", b)
		if (b ~ /^(docker-)?compose\.ya?ml$/ || b ~ /^(docker-compose[.-]|compose\.).*\.ya?ml$/) k++ }
		END { print k + 0 }' "$tmp/map")
	echo "  walked under real names: $scanned of $n files audited as Compose ($byname by name alone)"
	if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/walk.txt"; then
		fail=$((fail + 1)); echo "FAIL compose-corpus: walk crashed (rc=$rc)"
	elif [ "$scanned" = "$n" ] &&
	     [ "$(jq -r '.summary.files_skipped' "$tmp/walk.json")" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL compose-corpus: walk audited $scanned of $n, skipped $(jq -c '.summary.skipped' "$tmp/walk.json" 2>/dev/null)"
	fi
	# each file a name alone would not have claimed is audited: it has
	# a Compose finding, an input error, or is audited through the file
	# that extends it
	jq -r '.findings[] | select(.rule_id | startswith("BH2")) | .file' \
		"$tmp/walk.json" 2>/dev/null | sort -u > "$tmp/with-findings"
	unaudited=0
	while IFS=$'\t' read -r rel _; do
		b=${rel##*/}
		[[ $b =~ ^(docker-)?compose\.ya?ml$ || $b =~ ^(docker-compose[.-]|compose\.).*\.ya?ml$ ]] && continue
		grep -qxF -- "$rel" "$tmp/with-findings" && continue
		grep -qF -- "bulkhead: $rel:" "$tmp/walk.txt" && continue
		grep -qF -- "bulkhead: $rel: audited through" "$tmp/walk.txt" && continue
		unaudited=$((unaudited + 1)); echo "FAIL compose-corpus: walk: $rel not audited"
	done < "$tmp/map"
	if [ $unaudited = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	while IFS= read -r line; do
		[[ $line == *": audited through "* ]] && continue
		f=${line#bulkhead: }; f=${f%%:*}
		flat=$(awk -F '\t' -v p="$f" '$1 == p { print $2 }' "$tmp/map")
		if [ -n "$flat" ] && awk -F '\t' -v p="$flat" '$1 == p { found = 1 } END { exit !found }' "$known"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1)); echo "FAIL compose-corpus: walk: $line"
		fi
	done < <(grep '^bulkhead: ' "$tmp/walk.txt")
fi
echo "compose-corpus: $pass passed, $fail failed"
[ $fail = 0 ]
