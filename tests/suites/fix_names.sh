#!/usr/bin/env bash
# fix_names.sh BINARY - `bulkhead fix` diffs of files whose names hold a
# space, a tab, a newline, a double quote, a backslash, a byte that is
# not UTF-8 or a C1 control character (U+009B) apply with
# `patch -p1` and with `git apply` from the current directory (a space:
# the name ends with a tab, as GNU diff ends it; the others: the name is
# quoted as git quotes it, "a/x\ty", "a/caf\377": no raw byte that is
# not UTF-8 is printed; valid UTF-8 such as "café" is kept), and name the
# file as expected; --explain escapes the name as stderr does
# ("caf\xff"), --format json holds it with U+FFFD.
# (tests/suites/fix.sh checks the other path forms.)  Needs patch and git
# (skipped, and says so, without them).
# Ends with "fix_names: N passed, N failed".
set -u
bin=$(realpath "${1:?usage: fix_names.sh BULKHEAD_BINARY}")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fix_names: $*"; }
if ! command -v patch > /dev/null 2>&1 || ! command -v git > /dev/null 2>&1; then
	echo "skipped fix_names: patch or git not found"
	echo "fix_names: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec < /dev/null
tmp=$(mktemp -d /tmp/bh-fix-names.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
# dir|the --- line expected
cases=("sp dir|--- a/sp dir/Dockerfile"$'\t'
       $'tab\tdir|--- "a/tab\\tdir/Dockerfile"'
       $'new\nline|--- "a/new\\nline/Dockerfile"'
       'q"uote|--- "a/q\"uote/Dockerfile"'
       'back\slash|--- "a/back\\slash/Dockerfile"'
       $'caf\xff|--- "a/caf\\377/Dockerfile"'
       $'c1\xc2\x9bx|--- "a/c1\\302\\233x/Dockerfile"'
       'café|--- a/café/Dockerfile')
for c in "${cases[@]}"; do
	d=${c%%|*}; want=${c#*|}
	for tool in patch git; do
		w=$tmp/$tool && rm -rf "$w" && mkdir -p "$w/$d"
		printf 'FROM alpine:3.20\nADD app.py /app/\n' > "$w/$d/Dockerfile"
		(cd "$w" && "$bin" fix "$d" > ../x.diff 2> ../err)
		rc=$?
		if [ $rc != 1 ] || [ "$(head -n 1 "$tmp/x.diff")" != "$want" ]; then
			bad "$(printf %q "$d"): exit $rc, first line $(head -n 1 "$tmp/x.diff" | od -c | head -n 2)"
			continue
		fi
		if [ $tool = patch ]; then
			(cd "$w" && patch -s -p1 < ../x.diff > ../perr 2>&1)
		else
			(cd "$w" && git apply ../x.diff > ../perr 2>&1)
		fi
		if grep -qx 'COPY app.py /app/' "$w/$d/Dockerfile"; then ok
		else bad "$(printf %q "$d"): $tool does not apply the diff: $(head -c 200 "$tmp/perr")"; fi
	done
done
# the other text fix prints names the file escaped as stderr does
# ("caf\xff"): --explain's "# " lines; --format json names it with U+FFFD
w=$tmp/x && rm -rf "$w" && mkdir -p "$w/"$'caf\xff'
printf 'FROM alpine:3.20\nADD app.py /app/\n' > "$w/"$'caf\xff/Dockerfile'
(cd "$w" && "$bin" fix --explain . > ../x.out 2>&1)
if grep -q '^# caf\\xff/Dockerfile:2:1 BH1253 ' "$tmp/x.out" && ! LC_ALL=C grep -q $'\xff' "$tmp/x.out"
then ok; else bad "--explain: the path is not escaped: $(head -n 3 "$tmp/x.out")"; fi
(cd "$w" && "$bin" fix --format json . > ../x.json 2> /dev/null)
if python3 -c 'import json,sys; e = json.load(open(sys.argv[1]))["edits"]; assert e and all(x["file"] == "caf\ufffd/Dockerfile" for x in e), e' "$tmp/x.json"
then ok; else bad "--format json: the path is missing: $(head -c 300 "$tmp/x.json")"; fi
echo "fix_names: $pass passed, $fail failed"
[ $fail = 0 ]
