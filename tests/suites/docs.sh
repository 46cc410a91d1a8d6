#!/usr/bin/env bash
# docs.sh BINARY - docs/rules.md is what `bulkhead rules --format markdown`
# prints (regenerate with `make docs`), and the three catalogue formats
# agree with each other: every rule of the JSON output has a text line, a
# table row and a "## ID" section (the anchor SARIF helpUri points at).
# Ends with "docs: N passed, N failed".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$1
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL docs: $*"; }
finish() { echo "docs: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in text json markdown; do
	if "$bin" rules --format "$f" > "$tmp/rules.$f" 2> "$tmp/err"; then
		ok
	else
		bad "bulkhead rules --format $f failed: $(head -n 1 "$tmp/err")"
		finish
	fi
done
if "$bin" rules --format yaml > /dev/null 2>&1; then
	bad "bulkhead rules --format yaml was accepted"
else
	[ $? = 2 ] && ok || bad "bulkhead rules --format yaml: exit code is not 2"
fi

if [ ! -f docs/rules.md ]; then
	bad "docs/rules.md is missing: run 'make docs'"
elif diff -u docs/rules.md "$tmp/rules.markdown" > "$tmp/diff"; then
	ok
else
	bad "docs/rules.md is not current: run 'make docs'"
	head -n 20 "$tmp/diff" | sed 's/^/    /'
fi

if ! command -v jq > /dev/null 2>&1; then
	echo "skipped docs: jq not found (format agreement not checked)"
	finish
fi
if ! jq -e 'type == "array"' "$tmp/rules.json" > /dev/null 2>&1; then
	bad "rules --format json is not a JSON array"
	finish
fi
ok
n=$(jq length "$tmp/rules.json")
missing=""
while IFS= read -r id; do
	anchor=$(tr 'A-Z' 'a-z' <<< "$id")
	grep -q "^$id " "$tmp/rules.text" || missing+=" $id(text)"
	grep -qF "| [$id](#$anchor) |" "$tmp/rules.markdown" || missing+=" $id(table)"
	grep -qx "## $id" "$tmp/rules.markdown" || missing+=" $id(section)"
done < <(jq -r '.[].id' "$tmp/rules.json")
if [ -z "$missing" ]; then ok; else bad "rules missing from a format:$missing"; fi
sections=$(grep -c '^## ' "$tmp/rules.markdown")
if [ "$sections" = "$n" ]; then ok; else bad "$sections sections in markdown for $n rules"; fi
grep -qx "$n rules\?" "$tmp/rules.text" && ok || bad "text output does not end with '$n rules'"
finish
