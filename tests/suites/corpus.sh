#!/usr/bin/env bash
# corpus.sh BINARY - every real-world Dockerfile of ../shared/corpus in ONE
# process (run under ASan by run_all.sh too): no crash, no sanitizer report,
# no parse error on files BuildKit accepts.  Then the corpus rebuilt under
# its files' real paths (from ../shared/corpus/INDEX.tsv) and walked as a
# directory: every file is scanned as a Dockerfile except the templates
# listed in tests/data/corpus-not-dockerfiles.txt, which are skipped as
# "not a Dockerfile".
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
	awk -F '\t' -v k="dockerfiles/" 'NR > 1 && index($1, k) == 1 {
		repo = $2; gsub(/\//, "__", repo)
		print repo "/" $4 "\t" substr($1, length(k) + 1) }' "$index" > "$tmp/map"
	build_tree "$shared/corpus/dockerfiles" "$tree" "$tmp/map"
	n=$(wc -l < "$tmp/map")
	(abs=$(realpath "$bin") && cd "$tree" &&
		"$abs" scan --verbose --format json -o "$tmp/walk.json" .) 2> "$tmp/walk.txt"
	rc=$?
	grep -v '^#' tests/data/corpus-not-dockerfiles.txt | sort > "$tmp/want-skipped"
	grep '^bulkhead: skipped .*: not a Dockerfile' "$tmp/walk.txt" |
		sed 's/^bulkhead: skipped //; s/: not a Dockerfile.*//' |
		while IFS= read -r rel; do
			awk -F '\t' -v p="$rel" '$1 == p { print $2 }' "$tmp/map"
		done | sort > "$tmp/got-skipped"
	scanned=$(jq -r '.summary.files_scanned' "$tmp/walk.json" 2>/dev/null)
	nskip=$(wc -l < "$tmp/want-skipped")
	if [ $rc -ge 128 ] || grep -qE 'Sanitizer|runtime error' "$tmp/walk.txt"; then
		fail=$((fail + 1)); echo "FAIL corpus: walk crashed (rc=$rc)"
	elif [ "$scanned" = $((n - nskip)) ] && cmp -s "$tmp/want-skipped" "$tmp/got-skipped"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL corpus: walk scanned $scanned of $n; skipped as not a Dockerfile: $(tr '\n' ' ' < "$tmp/got-skipped")"
	fi
fi
echo "corpus: $pass passed, $fail failed"
[ $fail = 0 ]
