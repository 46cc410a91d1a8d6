#!/usr/bin/env bash
# meta.sh BINARY - consistency of the rule table with its contract:
# ids unique and well-formed, practice ids from practices.tsv, every rule
# with a case that fires and a case that stays quiet (one whose input is
# valid: not an exit-2 case; an image rule, or a policy rule only images
# show, a golden image report where it fires and one where it does not),
# docs/rules.md current.  And of the tree with
# itself: every "Tests:" pointer in a src/ file header names files that
# exist, every tests/unit/*/test_*.c is built and run, includes run one
# way down the layers, with no circle between files.
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
	if [[ $id == BH6* ]] && grep -lqE "\"rule_id\": *\"$id\"" tests/golden/image/*.json 2>/dev/null &&
		! grep -rqE "^[^ ]+:[0-9]+:[0-9]+ [a-z]+ $id\$" tests/cases; then
		# a policy rule only images can show (BH6004: vulnerabilities
		# over max-severity) is tested like an image rule
		ok
		if grep -LE "\"rule_id\": *\"$id\"" tests/golden/image/*.json 2>/dev/null | grep -q .; then ok; else bad "$id: no image golden where it stays quiet"; fi
		continue
	fi
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
	# (an input error shows nothing about the rule: not an exit-2 case)
	quiet=0
	while IFS= read -r f; do
		grep -qx -- '--- exit 2' "$f" && continue
		grep -qE "^[^ ]+:[0-9]+:[0-9]+ [a-z]+ $id\$" "$f" || { quiet=1; break; }
	done < <(grep -rlE "^--- only ([A-Z0-9,]*,)?$id(,|\$)" tests/cases 2>/dev/null)
	[ $quiet = 1 ] && ok || bad "$id: no quiet case (--- only $id with no finding of it, valid input)"
done < <(jq -r '.[] | [.id, .practice] | @tsv' <<< "$rules")

# "Tests:" pointers.  A file's header is its first comment (the file
# starts with "/*"); a "Tests:" paragraph in it runs to a blank comment
# line or the end of the comment.  Every word of the paragraph that starts
# with tests/ or fuzz/ is a path (trailing . , ; : ) dropped): a file, a
# directory, or a shell glob that must match at least one; in a rule id
# written BH2xxx or BH125x, each x stands for a digit.  The paragraph must
# name at least one path.
# pointer_problems FILE: one line per pointer of FILE's header that names
# nothing, or one line if its "Tests:" names no path at all.
pointer_problems() {
	local src=$1 hdr para p glob m found npaths=0
	local -a matches
	hdr=$(awk 'NR == 1 && !/^\/\*/ { exit } { print } /\*\// { exit }' "$src")
	grep -q 'Tests:' <<< "$hdr" || return 0
	para=$(awk '/Tests:/ { on = 1; sub(/.*Tests:/, "") }
		on && /^ \*\/?[ \t]*$/ { exit }
		on { print }
		on && /\*\// { exit }' <<< "$hdr")
	while IFS= read -r p; do
		p=$(sed -E 's/[.,;:)]+$//' <<< "$p")
		[ -n "$p" ] || continue
		npaths=$((npaths + 1))
		glob=$(sed -E ':a; s/(BH[0-9]*(\[0-9\])*)x/\1[0-9]/; ta' <<< "$p")
		found=0
		shopt -s nullglob
		# shellcheck disable=SC2206
		matches=( $glob )
		shopt -u nullglob
		for m in "${matches[@]}"; do
			[ -e "$m" ] && { found=1; break; }
		done
		[ $found = 1 ] || echo "$src: 'Tests: $p' names nothing that exists"
	done < <(grep -oE '(^|[^A-Za-z0-9_/.-])(tests|fuzz)/[][A-Za-z0-9_./*?-]*' <<< "$para" |
		 sed -E 's/^[^tf]//')
	[ $npaths -gt 0 ] || echo "$src: its 'Tests:' names no path under tests/ or fuzz/"
}
while IFS= read -r src; do
	probs=$(pointer_problems "$src")
	if [ -z "$probs" ]; then ok; else while IFS= read -r l; do bad "$l"; done <<< "$probs"; fi
done < <(find src -name '*.[ch]' | sort)
# the check itself can fail: a header with good and broken pointers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' '/* x.c - a file.' ' * Tests: tests/unit/core/test_core.c, tests/cases/cli/ignore-*.case,' \
	' * tests/cases/compose/BH2xxx-*.case, tests/suites/meta.sh,' \
	' * tests/unit/nowhere/test_x.c (gone), tests/cases/dockerfile/BH9xxx-*.case.' \
	' *' ' * tests/not/a/pointer.c is after the paragraph.' ' */' > "$tmp/x.c"
printf '%s\n' '/* y.c - a file.' ' * Tests: see the cases.' ' */' > "$tmp/y.c"
printf '%s\n' '#include "z.h"' '/* Tests: tests/not/a/header.c */' > "$tmp/z.c"
want="$tmp/x.c: 'Tests: tests/unit/nowhere/test_x.c' names nothing that exists
$tmp/x.c: 'Tests: tests/cases/dockerfile/BH9xxx-*.case' names nothing that exists
$tmp/y.c: its 'Tests:' names no path under tests/ or fuzz/"
got=$(pointer_problems "$tmp/x.c"; pointer_problems "$tmp/y.c"; pointer_problems "$tmp/z.c")
if [ "$got" = "$want" ]; then ok; else bad "the Tests: pointer check itself: want [$want] got [$got]"; fi

# every unit test file is built: listed in its directory's meson.build,
# whose directory is a subdir() of tests/unit/meson.build
for d in tests/unit/*/; do
	d=${d%/}
	if grep -qx "subdir('$(basename "$d")')" tests/unit/meson.build; then ok; else bad "$d is not a subdir() of tests/unit/meson.build"; fi
	for t in "$d"/test_*.c; do
		[ -e "$t" ] || continue
		if grep -q "'$(basename "$t")'" "$d/meson.build" 2>/dev/null; then ok; else bad "$t is not built: not in $d/meson.build"; fi
	done
done

if [ -f docs/rules.md ] && diff -q <("$bin" rules --format markdown) docs/rules.md > /dev/null; then
	ok
else
	bad "docs/rules.md is not current: run 'make docs'"
fi
# Layers run one way (docs/hacking.md): util <- secrets <- parse <- model
# <- core <- image <- sbom <- vuln <- rules <- fix <- report <- cli.  No
# file includes a module above its own, and no rule file reads the disk
# (rules read models and the facts the pipeline gathered).
layer_of() {
	case $1 in
	util) echo 0 ;; secrets) echo 1 ;; parse) echo 2 ;; model) echo 3 ;;
	core) echo 4 ;; image) echo 5 ;; sbom) echo 6 ;; vuln) echo 7 ;;
	rules) echo 8 ;; fix) echo 9 ;; report) echo 10 ;; cli) echo 11 ;;
	*) echo "" ;;
	esac
}
# up_includes FILE...: "file -> include" for each include running up
up_includes() {
	local f m lm inc im li
	for f in "$@"; do
		m=$(basename "$(dirname "$f")"); lm=$(layer_of "$m")
		[ -n "$lm" ] || continue
		while IFS= read -r inc; do
			inc=${inc#../}
			if [[ $inc == */* ]]; then im=${inc%%/*}; else im=$m; fi
			li=$(layer_of "$im")
			[ -n "$li" ] && [ "$li" -gt "$lm" ] && echo "$f -> $inc"
		done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	done
	return 0
}
up=$(up_includes src/*/*.[ch])
if [ -z "$up" ]; then ok; else bad "includes running up the layers:"; echo "$up" | sed 's/^/    /'; fi
# the check itself: a made-up module tree with one up-include is caught
mt=$(mktemp -d); mkdir -p "$mt/src/parse" "$mt/src/model"
printf '#include "../model/x.h"\n#include "y.h"\n' > "$mt/src/parse/a.c"
printf '#include "../parse/yml.h"\n' > "$mt/src/model/b.c"
got=$(cd "$mt" && up_includes src/*/*.c)
rm -rf "$mt"
if [ "$got" = "src/parse/a.c -> model/x.h" ]; then ok; else bad "up_includes self-check: got '$got'"; fi
# No include circle between files of src/: a file and its header are one
# node (src/secrets/sec_scan for sec_scan.c and sec_scan.h); a.c or a.h
# including b.h is an edge a -> b; a circle of any length (a.c includes
# b.h and b.c includes a.h) is a failure, named by its files.
# include_cycles DIR: the files of each circle under DIR/src (tsort's
# loop report), or nothing.
include_cycles() {
	(cd "$1" && for f in src/*/*.[ch]; do
		d=$(dirname "$f")
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		while IFS= read -r inc; do
			t=$(realpath -m --relative-to=. "$d/$inc")
			[ -f "$t" ] && [ "${t%.*}" != "${f%.*}" ] && echo "${f%.*} ${t%.*}"
		done
	done | sort -u | tsort 2>&1 >/dev/null | sed -n 's/^tsort: \(src\/.*\)$/\1/p')
}
cyc=$(include_cycles .)
if [ -z "$cyc" ]; then ok; else bad "include circle between files of src/:"; echo "$cyc" | sed 's/^/    /'; fi
# the check itself: a.c includes b.h and b.c includes a.h is caught; a
# one-way tree is not
mt=$(mktemp -d); mkdir -p "$mt/src/core"
printf '#include "b.h"\n' > "$mt/src/core/a.c"; : > "$mt/src/core/a.h"
printf '#include "../core/a.h"\n' > "$mt/src/core/b.c"; : > "$mt/src/core/b.h"
got=$(include_cycles "$mt" | sort | tr '\n' ' ')
printf '#include "b.h"\n' > "$mt/src/core/c.c"; : > "$mt/src/core/b.c"
clean=$(include_cycles "$mt")
rm -rf "$mt"
if [ "$got" = "src/core/a src/core/b " ] && [ -z "$clean" ]; then ok; else bad "include_cycles self-check: got '$got', then '$clean'"; fi
io=$(grep -nE '(^|[^_[:alnum:]])(open|fopen|openat|opendir|fdopendir|io_read[_[:alnum:]]*)[[:space:]]*\(' src/rules/*.c | grep -vE ':[[:space:]]*(/?\*|//)')
if [ -z "$io" ]; then ok; else bad "a rule file reads the disk:"; echo "$io" | sed 's/^/    /'; fi

echo "meta: $pass passed, $fail failed"
[ $fail = 0 ]
