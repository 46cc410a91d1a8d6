#!/usr/bin/env bash
# meta.sh BINARY - consistency of the rule table with its contract:
# ids unique and well-formed, practice ids from practices.tsv, every rule
# with a case that fires and a case that stays quiet, docs/rules.md current.
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$1
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL meta: $*"; }

shared=${BH_SHARED:-../shared}
practices=tests/data/practices.tsv
if [ -f "$shared/practices.tsv" ]; then
	if cmp -s "$shared/practices.tsv" "$practices"; then ok; else bad "tests/data/practices.tsv differs from $shared/practices.tsv"; fi
fi

rules=$("$bin" rules --format json 2>/dev/null)
if ! jq -e 'length > 0' <<< "$rules" > /dev/null 2>&1; then
	bad "bulkhead rules --format json gave no rules"
	echo "meta: $pass passed, $fail failed"; exit 1
fi
ids=$(jq -r '.[].id' <<< "$rules")
dups=$(sort <<< "$ids" | uniq -d)
if [ -z "$dups" ]; then ok; else bad "duplicate rule ids: $dups"; fi
while IFS=$'\t' read -r id practice; do
	[[ $id =~ ^BH[1-9][0-9]{3}$ ]] && ok || bad "$id: id is not BH + 4 digits"
	if cut -f1 "$practices" | grep -qx -- "$practice"; then ok; else bad "$id: unknown practice '$practice'"; fi
	if [[ $id == BH4* ]]; then
		# image rules are tested on images the image suite builds; its
		# golden reports show where each rule fires and where it stays quiet
		if grep -lqE "\"rule_id\": *\"$id\"" tests/golden/image/*.json 2>/dev/null; then ok; else bad "$id: no image golden where it fires"; fi
		if grep -LE "\"rule_id\": *\"$id\"" tests/golden/image/*.json 2>/dev/null | grep -q .; then ok; else bad "$id: no image golden where it stays quiet"; fi
		continue
	fi
	# a case that fires: an expect line naming the rule
	if grep -rlE "^[^ ]+:[0-9]+:[0-9]+ [a-z]+ $id\$" tests/cases > /dev/null 2>&1; then ok; else bad "$id: no case where it fires"; fi
	# a quiet case: a case limited to the rule whose expect has no line of it
	quiet=0
	while IFS= read -r f; do
		grep -qE "^[^ ]+:[0-9]+:[0-9]+ [a-z]+ $id\$" "$f" || { quiet=1; break; }
	done < <(grep -rlE "^--- only ([A-Z0-9,]*,)?$id(,|\$)" tests/cases 2>/dev/null)
	[ $quiet = 1 ] && ok || bad "$id: no quiet case (--- only $id with no finding of it)"
done < <(jq -r '.[] | [.id, .practice] | @tsv' <<< "$rules")

if [ -f docs/rules.md ] && diff -q <("$bin" rules --format markdown) docs/rules.md > /dev/null; then
	ok
else
	bad "docs/rules.md is not current: run 'make docs'"
fi
echo "meta: $pass passed, $fail failed"
[ $fail = 0 ]
