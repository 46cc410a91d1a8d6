#!/usr/bin/env bash
# fix.sh BINARY - `bulkhead fix` end to end.  Every tests/fix/<case>/
# holds before/ (the input tree) and after/ (the golden result), and
# optionally "args" (fix's options, one line), "stderr" (what fix must
# print on stderr, exactly: the "not fixed" notes), "tree" (the properties
# re-scan and re-fix the whole tree, not each file alone: a Compose file
# of it names a Dockerfile's build context) and "secrets" (secret
# values the fix removes, one a line: checked absent from every output
# and from after/ instead of applying the diff, whose hunks that held
# them are masked).  For each case: `fix` run
# in a copy of before/ exits 1 and prints a diff that `patch -p1` applies
# to give after/ exactly; `fix --write` in another copy gives after/ and
# exits 0; and the three properties hold (tests/suites/fix_props.py:
# re-scan with the fixed findings gone and none new, it still parses the
# same except the edits, a second fix is a no-op).  Then the command's
# contract: exit 0 with nothing to fix, 2 on a missing path or an unknown
# or unfixable --rule, --rule and --practice select, --explain says what
# could break, .bulkhead.yaml's fix.uid is used and named, --format json
# lists the edits with rule, file, line and column, and the fixes not made
# (not_fixed: each case's "stderr" golden, a refused BH2001, the pin
# rules without --pins).
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
OLDPWD_FIX=$PWD
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fix: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for c in tests/fix/*/; do
	c=${c%/}; name=$(basename "$c")
	args=()
	[ -f "$c/args" ] && read -r -a args < "$c/args"
	rm -rf "$tmp/p" "$tmp/w" "$tmp/j"
	cp -r "$c/before" "$tmp/p"; cp -r "$c/before" "$tmp/w"; cp -r "$c/before" "$tmp/j"
	(cd "$tmp/p" && "$bin" fix "${args[@]}" > ../diff 2> ../err); rc=$?
	# the one stderr line allowed: a pin fix without --pins says why;
	# a case with a "stderr" file: exactly its lines (the fixes not made,
	# each named with why)
	if [ -f "$c/stderr" ]; then
		if [ $rc = 1 ] && diff "$c/stderr" "$tmp/err"; then ok; else
			bad "$name: fix exit $rc (want 1) or stderr not $c/stderr"; fi
	elif [ $rc = 1 ] && ! grep -v 'not fixed: the digest comes from --pins FILE' "$tmp/err"; then ok; else
		bad "$name: fix exit $rc (want 1)"; cat "$tmp/err"; fi
	if [ -f "$c/secrets" ]; then
		# a case whose fix removes secret values: each value (a line of
		# "secrets") is in before/, never in fix's output (plain, --explain,
		# json; masked, so the hunks that removed them do not apply) nor
		# in after/
		(cd "$tmp/j" && "$bin" fix --explain "${args[@]}" > ../explain 2>&1;
		 "$bin" fix --format json "${args[@]}" > ../json 2>&1)
		while IFS= read -r v; do
			if grep -rqF -- "$v" "$c/before" && ! grep -qF -- "$v" "$tmp/diff" "$tmp/err" \
				"$tmp/explain" "$tmp/json" && ! grep -rqF -- "$v" "$c/after"; then ok; else
				bad "$name: a secret value is printed, kept or not in before/"; fi
		done < "$c/secrets"
	elif (cd "$tmp/p" && patch -s -p1 < ../diff) && diff -r "$tmp/p" "$c/after" > "$tmp/d"; then ok; else
		bad "$name: the printed diff does not give after/"; head -n 40 "$tmp/d" "$tmp/diff"; fi
	(cd "$tmp/w" && "$bin" fix --write "${args[@]}" > ../out 2> ../err); rc=$?
	if [ $rc = 0 ] && [ ! -s "$tmp/out" ] && diff -r "$tmp/w" "$c/after" > "$tmp/d"; then ok; else
		bad "$name: fix --write exit $rc or not after/"; head -n 40 "$tmp/d" "$tmp/err"; fi
	(cd "$tmp/j" && "$bin" fix --format json "${args[@]}" > ../edits.json 2> ../err); rc=$?
	props=(); [ -f "$c/tree" ] && props=(--tree)
	if [ $rc = 1 ] && python3 tests/suites/fix_props.py "${props[@]}" "$bin" "$tmp/j" "$c/after" \
		"$tmp/edits.json" > "$tmp/props"; then ok; else
		bad "$name: properties (exit $rc)"; grep -v '^ok ' "$tmp/props"; fi
	# --format json lists the fixes not made ("not_fixed"): written as
	# stderr writes them, exactly the golden "stderr" (else what stderr
	# said: the pin notes, or nothing)
	golden=$tmp/err; [ -f "$c/stderr" ] && golden=$c/stderr
	if python3 -c '
import json, sys
for n in json.load(open(sys.argv[1]))["not_fixed"]:
    assert set(n) == {"rule", "practice", "file", "line", "col", "reason"}, n
    print("bulkhead: %s:%d:%d: %s not fixed: %s" % (n["file"], n["line"], n["col"], n["rule"], n["reason"]))
' "$tmp/edits.json" > "$tmp/nf" && diff "$golden" "$tmp/nf" > "$tmp/d"; then ok; else
		bad "$name: --format json's not_fixed is not $golden"; head -n 20 "$tmp/d"; fi
done

# ---- the command's contract ----
mkdir -p "$tmp/c"; cd "$tmp/c"
printf 'FROM alpine:3.20\nRUN apk add curl\nUSER 10001:10001\n' > Dockerfile
printf 'FROM alpine:3.20\nUSER 10001:10001\n' > clean.Dockerfile
"$bin" fix clean.Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && [ ! -s out ] && [ ! -s err ]; then ok; else bad "nothing to fix: exit $rc"; fi
"$bin" fix missing.Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q 'missing.Dockerfile: no such file' err; then ok; else bad "missing path: exit $rc"; fi
"$bin" fix --rule BH1045 Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q "rule 'BH1045' has no fix" err; then ok; else bad "unfixable --rule: exit $rc"; fi
"$bin" fix --rule BH9999 Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q "unknown rule 'BH9999'" err; then ok; else bad "unknown --rule: exit $rc"; fi
"$bin" fix --write --dry-run Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ]; then ok; else bad "--write --dry-run: exit $rc"; fi
# --rule selects: BH1116 only; another rule's fix: nothing
"$bin" fix --rule BH1116 Dockerfile > out; rc=$?
if [ $rc = 1 ] && grep -qx '+RUN apk add --no-cache curl' out; then ok; else bad "--rule BH1116: exit $rc"; fi
"$bin" fix --rule BH1110 Dockerfile > out; rc=$?
if [ $rc = 0 ] && [ ! -s out ]; then ok; else bad "--rule BH1110 (nothing to fix): exit $rc"; fi
"$bin" fix --practice minimal-base-image --dry-run Dockerfile > out; rc=$?
if [ $rc = 1 ] && grep -qx '+RUN apk add --no-cache curl' out; then ok; else bad "--practice: exit $rc"; fi
"$bin" fix --practice non-root-user Dockerfile > out; rc=$?
if [ $rc = 0 ] && [ ! -s out ]; then ok; else bad "--practice non-root-user: exit $rc"; fi
# --explain: "# " lines before the diff, which patch skips
"$bin" fix --explain Dockerfile > out; rc=$?
if [ $rc = 1 ] && grep -q '^# Dockerfile:2:12 BH1116 apk add without --no-cache' out &&
   grep -q '^#   could break: ' out && grep -q '^#   why: ' out; then ok; else bad "--explain"; cat out; fi
cp Dockerfile D2; sed -i 's/^--- a\/Dockerfile/--- a\/D2/; s/^+++ b\/Dockerfile/+++ b\/D2/' out
if patch -s -p1 < out && grep -qx 'RUN apk add --no-cache curl' D2; then ok; else bad "--explain output does not apply"; fi
# --explain names the fixes not made too, as stderr does ("# " lines,
# the same reasons: each line of a case's golden stderr)
(cd "$OLDPWD_FIX/tests/fix/df-refusals/before" && "$bin" fix --explain . 2> /dev/null) > out
sed 's/^bulkhead: \([^:]*:[0-9]*:[0-9]*\): \(BH[0-9]*\) /# \1 \2 /' \
	"$OLDPWD_FIX/tests/fix/df-refusals/stderr" > want
if [ "$(wc -l < want)" = 3 ] && grep -qxF -f want out &&
   [ "$(grep -cxF -f want out)" = 3 ]; then ok; else bad "--explain does not name the fixes not made"; cat want out; fi
# JSON: the edits with rule, file, line, col
"$bin" fix --format json Dockerfile > out; rc=$?
if [ $rc = 1 ] && python3 - out <<'PY'; then ok; else bad "--format json"; cat out; fi
import json, sys
d = json.load(open(sys.argv[1]))
e = d["edits"]
assert len(e) == 1 and d["files_changed"] == 1 and d["dropped"] == 0, d
e = e[0]
assert (e["rule"], e["file"], e["line"], e["col"], e["text"]) == \
    ("BH1116", "Dockerfile", 2, 12, " --no-cache"), e
PY
# JSON: a refused fix is listed in not_fixed, with why
printf 'services:\n  web:\n    image: nginx:1.25\n    user: root\n    cap_add: [NET_ADMIN]\n' > nf.yaml
"$bin" fix --format json --rule BH2001 nf.yaml > out 2> err; rc=$?
if [ $rc = 0 ] && python3 - out <<'PY'; then ok; else bad "--format json not_fixed"; cat out err; fi
import json, sys
d = json.load(open(sys.argv[1]))
assert d["edits"] == [] and d["files_changed"] == 0, d
assert d["not_fixed"] == [{"rule": "BH2001", "practice": "non-root-user", "file": "nf.yaml",
                           "line": 4, "col": 5, "reason": 'service "web" adds capabilities or is '
                           'privileged, which a non-root user does not get (its author chose root '
                           'for them)'}], d["not_fixed"]
PY
"$bin" fix --format json Dockerfile > out; rc=$?
if [ $rc = 1 ] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["not_fixed"] == []' out
then ok; else bad "--format json: not_fixed not [] with every fix made"; fi
# --pins FILE: untagged and :latest images of the three kinds pinned by
# digest; without it each such finding is named as not fixed; a bad pins
# file is one line naming file:line, exit 2, nothing printed or written
mkdir -p "$tmp/pins" && cd "$tmp/pins"
da=sha256:$(printf 'a%.0s' $(seq 64)); db=sha256:$(printf 'b%.0s' $(seq 64))
printf 'nginx:1.25 %s\nalpine %s # the base\n' "$da" "$db" > pins.txt
printf 'FROM alpine\nUSER 10001:10001\n' > Dockerfile
printf 'services:\n  web:\n    image: "nginx:latest"\n' > compose.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx\n' > pod.yaml
sel=(--rule BH1010 --rule BH2004 --rule BH3035)
"$bin" fix "${sel[@]}" --pins pins.txt . > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && grep -qx "+FROM alpine@$db" out &&
   grep -qx "+    image: \"nginx:1.25@$da\"" out &&
   grep -qx "+      image: nginx:1.25@$da" out; then ok; else bad "--pins: exit $rc"; cat out err; fi
"$bin" fix "${sel[@]}" . > out 2> err; rc=$?
if [ $rc = 0 ] && [ ! -s out ] && grep -q '^bulkhead: Dockerfile:1:6: BH1010 not fixed: the digest comes from --pins FILE' err &&
   grep -q '^bulkhead: compose.yaml:3:12: BH2004 not fixed' err && grep -q '^bulkhead: pod.yaml:7:14: BH3035 not fixed' err
then ok; else bad "no --pins: exit $rc"; cat out err; fi
"$bin" fix --format json "${sel[@]}" . > out 2> err; rc=$?
if [ $rc = 0 ] && python3 - out <<'PY'; then ok; else bad "no --pins, json: exit $rc"; cat out; fi
import json, sys
nf = json.load(open(sys.argv[1]))["not_fixed"]
got = sorted((n["file"], n["line"], n["col"], n["rule"]) for n in nf)
assert got == [("Dockerfile", 1, 6, "BH1010"), ("compose.yaml", 3, 12, "BH2004"),
               ("pod.yaml", 7, 14, "BH3035")], got
assert all(n["reason"].startswith("the digest comes from --pins FILE") for n in nf), nf
PY
# the info-level tag-only rules (BH1012, BH2005, BH3036): the digest of
# the tag from --pins (a line without a tag gives any tag's); without
# --pins they are named as not fixed only when asked for by --rule
printf 'FROM alpine:3.20\nUSER 10001:10001\n' > tagged.Dockerfile
"$bin" fix tagged.Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && [ ! -s out ] && [ ! -s err ]; then ok; else bad "tag-only without --pins: exit $rc"; cat out err; fi
"$bin" fix --rule BH1012 tagged.Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && grep -q '^bulkhead: tagged.Dockerfile:1:6: BH1012 not fixed' err; then ok; else bad "--rule BH1012 without --pins: exit $rc"; cat err; fi
"$bin" fix --pins pins.txt tagged.Dockerfile > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && grep -qx "+FROM alpine:3.20@$db" out; then ok; else bad "BH1012 --pins: exit $rc"; cat out err; fi
printf 'alpine %s\nnginx:1.25 sha256:abc\n' "$db" > bad.txt
cp Dockerfile D.keep
"$bin" fix --write "${sel[@]}" --pins bad.txt . > out 2> err; rc=$?
if [ $rc = 2 ] && [ ! -s out ] && [ "$(cat err)" = "bulkhead: bad.txt:2: not a digest (sha256: and 64 lower-case hex digits)" ] &&
   cmp -s Dockerfile D.keep; then ok; else bad "bad pins file: exit $rc"; cat err; fi
printf 'nginx@%s %s\n' "$da" "$da" > bad.txt
"$bin" fix --pins bad.txt . > out 2> err; rc=$?
if [ $rc = 2 ] && grep -qx 'bulkhead: bad.txt:1: not an image reference (name or name:tag, no @digest)' err; then ok; else bad "pins with @: exit $rc"; cat err; fi
"$bin" fix --pins missing.txt . > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q '^bulkhead: missing.txt: ' err; then ok; else bad "missing pins file: exit $rc"; fi
# a new .dockerignore (BH1250): --write creates it with mode 0644 whatever
# the umask; a name that exists (here a dangling link the scan does not
# read) is never replaced: one line, exit 2
mkdir -p "$tmp/ign" && cd "$tmp/ign"
printf 'FROM alpine:3.20\nCOPY . /app\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD ["/app/run"]\n' > Dockerfile
"$bin" fix --rule BH1250 Dockerfile > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && [ "$(sed -n 1,3p out)" = "$(printf -- '--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,12 @@')" ] &&
   grep -qx '+\*\*/\.env' out; then ok; else bad "new .dockerignore diff: exit $rc"; cat out err; fi
(umask 077; "$bin" fix --write --rule BH1250 Dockerfile > out 2> err); rc=$?
if [ $rc = 0 ] && [ "$(stat -c %a .dockerignore)" = 644 ] && grep -qx 'bulkhead: created .dockerignore' err &&
   [ -z "$(ls -a | grep bhfix)" ]; then ok; else bad "--write new .dockerignore: exit $rc, $(cat err)"; fi
rm .dockerignore && ln -s nowhere .dockerignore
"$bin" fix --write --rule BH1250 Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && [ -L .dockerignore ] && grep -qx 'bulkhead: .dockerignore: exists: not overwritten' err; then ok
else bad "--write over an existing name: exit $rc, $(cat err)"; fi
# ... and then the input's other fixes are not written either: an exit 2
# never leaves a half-applied fix
printf 'FROM alpine:3.20\nCOPY . /app\nHEALTHCHECK NONE\nCMD ["/app/run"]\n' > Dockerfile
cp Dockerfile D.keep
"$bin" fix --write Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && [ -L .dockerignore ] && cmp -s Dockerfile D.keep &&
   grep -qx 'bulkhead: .dockerignore: exists: not overwritten' err; then ok
else bad "--write with a blocked .dockerignore changed the Dockerfile: exit $rc, $(cat err)"; fi
# the build context a Compose file names (context: ., dockerfile:
# docker/Dockerfile): the new .dockerignore goes to its top, when the
# Compose file is among the inputs; the Dockerfile alone keeps its own
# directory as the context (docs/fix.md)
mkdir -p "$tmp/cctx/docker" && cd "$tmp/cctx"
printf 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n' > compose.yaml
printf 'FROM alpine:3.20\nCOPY . /app\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD ["/app/run"]\n' > docker/Dockerfile
"$bin" fix --rule BH1250 . > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && [ "$(sed -n 2p out)" = '+++ b/.dockerignore' ]; then ok; else bad "Compose context: exit $rc"; cat out err; fi
"$bin" fix --rule BH1250 docker/Dockerfile > out 2> err; rc=$?
if [ $rc = 1 ] && [ "$(sed -n 2p out)" = '+++ b/docker/.dockerignore' ]; then ok; else bad "context unknown: exit $rc"; cat out err; fi
(cd docker && "$bin" fix --write --rule BH1250 .. ../compose.yaml > ../out 2> ../err); rc=$?
if [ $rc = 0 ] && [ -f .dockerignore ] && [ ! -e docker/.dockerignore ] &&
   grep -qx 'bulkhead: created ../.dockerignore' err; then ok; else bad "Compose context from below: exit $rc, $(cat err)"; fi
# the Compose <-> Dockerfile join scan runs (link_services()): fix makes
# an edit exactly for what scan reports.  The Compose file alone: api's
# Dockerfile (read by the join) ends with a non-root USER, so api gets no
# user:; worker's runs as root and is not an input, so worker gets it;
# job sets its user, so its Dockerfile gets no USER (golden
# tests/fix/cmp-link-user for the whole tree)
rm -rf "$tmp/link" && cp -r "$OLDPWD_FIX/tests/fix/cmp-link-user/before" "$tmp/link" && cd "$tmp/link"
"$bin" fix compose.yaml > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && [ "$(grep -c '^+    user: "10001:10001"$' out)" = 1 ] &&
   grep -q '^@@ -13,6 +13,7 @@' out && [ "$(sed -n 6p out)" = '   worker:' ]; then ok; else bad "fix compose.yaml joined: exit $rc"; cat out err; fi
"$bin" scan --format json compose.yaml > s.json; rc=$?
if [ "$(grep -c '"rule_id": "BH2002"' s.json)" = 1 ]; then ok; else bad "scan compose.yaml: BH2002 not once"; fi
"$bin" fix job/Dockerfile compose.yaml > out 2> err; rc=$?
if [ $rc = 1 ] && ! grep -q '^+++ b/job/Dockerfile' out; then ok; else bad "job's USER proposed though compose sets user:"; cat out; fi
"$bin" fix job/Dockerfile > out 2> err; rc=$?
if [ $rc = 1 ] && grep -q '^+++ b/job/Dockerfile' out; then ok; else bad "job/Dockerfile alone: exit $rc"; cat out; fi
cd "$tmp/cctx"
# a hostile Compose file's context outside the paths named (context:
# ../outside, or an absolute path): not taken; nothing outside is made or changed, the
# Dockerfile keeps its own directory (link_contexts_add(), link.h), and
# no .dockerignore is written beside it either (the build would not read
# it): the fix is named as not made, with the context and why
mkdir -p "$tmp/host/proj" "$tmp/host/outside"
printf 'keep\n!id_rsa\n' > "$tmp/host/outside/.dockerignore"; printf 'k\n' > "$tmp/host/outside/id_rsa"
printf 'FROM alpine:3.20\nCOPY . /app\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD ["/app/run"]\n' > "$tmp/host/proj/Dockerfile"
for c in ../outside "$tmp/host/outside"; do
	printf 'services:\n  web:\n    build:\n      context: %s\n      dockerfile: %s\n' "$c" "$tmp/host/proj/Dockerfile" > "$tmp/host/proj/compose.yaml"
	(cd "$tmp/host/proj" && "$bin" fix --rule BH1250 --rule BH1251 --rule BH1256 --write . > ../out 2> ../err); rc=$?
	if [ $rc = 0 ] && [ "$(cat "$tmp/host/outside/.dockerignore")" = "$(printf 'keep\n!id_rsa')" ] &&
	   [ ! -e "$tmp/host/proj/.dockerignore" ] &&
	   grep -qx "bulkhead: Dockerfile:2:6: BH1250 not fixed: the build context compose.yaml names for it ($(realpath "$tmp/host/outside")) is outside the paths named: no .dockerignore written (name a directory holding both)" "$tmp/host/err"; then ok
	else bad "context $c outside the tree: exit $rc"; cat "$tmp/host/err"; cat "$tmp/host/outside/.dockerignore"; fi
	rm -f "$tmp/host/proj/.dockerignore"
done
# an existing .dockerignore that is a link out of its directory: no line
# appended through it, nothing of the input written, one line, exit 2
printf 'node_modules\n' > "$tmp/host/outside/ign"; ln -s ../outside/ign "$tmp/host/proj/.dockerignore"
rm "$tmp/host/proj/compose.yaml"
printf 'FROM alpine:3.20\nCOPY . /app\n' > "$tmp/host/proj/Dockerfile"; cp "$tmp/host/proj/Dockerfile" "$tmp/host/D.keep"
(cd "$tmp/host/proj" && "$bin" fix --write . > ../out 2> ../err); rc=$?
if [ $rc = 2 ] && [ "$(cat "$tmp/host/outside/ign")" = node_modules ] && cmp -s "$tmp/host/proj/Dockerfile" "$tmp/host/D.keep" &&
   grep -qx 'bulkhead: .dockerignore: a symbolic link to a file outside its directory: not edited (add the lines by hand)' "$tmp/host/err"
then ok; else bad ".dockerignore linked out: exit $rc"; cat "$tmp/host/err" "$tmp/host/outside/ign"; fi
# an existing .dockerignore of the context lacking entries: lines added
# at its end (BH1251); not when a "!" line holds a wildcard (what it
# re-includes cannot be probed)
printf 'node_modules\n' > .dockerignore
"$bin" fix --rule BH1251 . > out 2> err; rc=$?
if [ $rc = 1 ] && [ ! -s err ] && [ "$(sed -n 1,3p out)" = "$(printf -- '--- a/.dockerignore\n+++ b/.dockerignore\n@@ -1,1 +1,10 @@')" ] &&
   grep -qx '+\*\*/\.env' out; then ok; else bad "append to the context's .dockerignore: exit $rc"; cat out err; fi
printf 'node_modules\n!*.key\n' > .dockerignore
"$bin" fix --rule BH1251 . > out 2> err; rc=$?
if [ $rc = 0 ] && [ ! -s out ] && [ "$(cat err)" = 'bulkhead: docker/Dockerfile:2:6: BH1251 not fixed: ../.dockerignore:2 re-includes by a wildcard, which lines added at the end could undo: not edited (add the lines by hand)' ]
then ok; else bad "a wildcard negation: exit $rc"; cat out err; fi
printf '*\n[\n' > .dockerignore
"$bin" scan . > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q '^bulkhead: \.dockerignore:2' err; then ok; else bad "a bad context .dockerignore: exit $rc, $(cat err)"; fi
cd "$tmp/c"
# .bulkhead.yaml: fix.uid is used and named in the comment the fix adds
printf 'FROM debian:12\nCMD ["/app"]\n' > Dockerfile
printf 'fix:\n  uid: 20001\n' > .bulkhead.yaml
"$bin" fix Dockerfile > out; rc=$?
if [ $rc = 1 ] && grep -qx '+USER 20001:20001' out &&
   grep -q '^+# bulkhead fix BH1001: a non-root user, UID 20001, fix.uid of .bulkhead.yaml' out &&
   grep -qx '+RUN groupadd -r -g 20001 app && useradd -r -l -u 20001 -g app app' out; then ok; else bad "fix.uid"; cat out; fi
printf 'fix.uid: x\n' > .bulkhead.yaml
"$bin" fix Dockerfile > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q 'fix.uid must be a positive whole number' err; then ok; else bad "bad fix.uid: exit $rc"; cat err; fi
rm .bulkhead.yaml
# --write never replaces a read-only file (rename needs only the
# directory's write bit), a walked link to a file outside the directory
# named, or a file another program replaced since it was read
mkdir -p "$tmp/safe/tree" "$tmp/safe/elsewhere"
cd "$tmp/safe"
printf 'FROM alpine:3.20\nADD app.py /app/\nCMD ["python3", "/app/app.py"]\n' > tree/Dockerfile
cp tree/Dockerfile ro.Dockerfile
chmod 0444 tree/Dockerfile
"$bin" fix --write tree > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q 'is read-only (mode 0444): not written' err && cmp -s tree/Dockerfile ro.Dockerfile; then ok
else bad "--write on a 0444 file: exit $rc, $(cat err)"; fi
chmod 0644 tree/Dockerfile
mv tree/Dockerfile tree/Dockerfile.keep
cp ro.Dockerfile elsewhere/Dockerfile
ln -s ../elsewhere/Dockerfile tree/Dockerfile
"$bin" fix --write tree > out 2> err; rc=$?
if [ $rc = 2 ] && grep -q 'a symbolic link to a file outside the directory named: not written' err &&
	cmp -s elsewhere/Dockerfile ro.Dockerfile; then ok
else bad "--write through a link out of the tree: exit $rc, $(cat err)"; fi
"$bin" fix --write tree/Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && ! cmp -s elsewhere/Dockerfile ro.Dockerfile; then ok
else bad "--write on a link named on the command line: exit $rc, $(cat err)"; fi
cd "$tmp"
# one lister for scan and fix (src/cli/walk.c walk_path): a file named
# twice (or named and walked) is fixed once, as scan scans it once; "-"
# is read once; a walked link to a file also named is fixed as named
mkdir -p "$tmp/dup/sub" && cd "$tmp/dup"
printf 'FROM alpine:3.20\nRUN apk add curl\nUSER 10001:10001\n' > sub/Dockerfile
cp sub/Dockerfile orig
"$bin" fix sub/Dockerfile sub/Dockerfile ./sub sub > dup.diff 2> err; rc=$?
if [ $rc = 1 ] && [ "$(grep -c '^--- a/sub/Dockerfile$' dup.diff)" = 1 ] &&
   [ "$(grep -c 'the same file as another input: fixed once, as sub/Dockerfile$' err)" = 3 ] &&
   patch -s -p1 < dup.diff && grep -qx 'RUN apk add --no-cache curl' sub/Dockerfile; then ok
else bad "fix f f: exit $rc, $(cat dup.diff err)"; fi
cp orig sub/Dockerfile
"$bin" scan --format json sub/Dockerfile sub/Dockerfile > dup.json 2> err; rc=$?
if [ $rc = 1 ] && [ "$(grep -c '"rule_id": "BH1116"' dup.json)" = 1 ]; then ok
else bad "scan f f: exit $rc, $(grep -c BH1116 dup.json) BH1116"; fi
"$bin" fix --write sub/Dockerfile sub/Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && [ "$(grep -c '^bulkhead: fixed sub/Dockerfile (1 change)$' err)" = 1 ] &&
   grep -qx 'RUN apk add --no-cache curl' sub/Dockerfile; then ok
else bad "fix --write f f: exit $rc, $(cat err)"; fi
cp orig sub/Dockerfile
"$bin" fix - - < orig > out 2> err; rc=$?
if [ $rc = 1 ] && [ "$(grep -c '^--- a/stdin$' out)" = 1 ] && [ ! -s err ]; then ok
else bad "fix - -: exit $rc, $(cat out err)"; fi
mkdir -p tree && ln -s ../sub/Dockerfile tree/Dockerfile
"$bin" fix --write tree sub/Dockerfile > out 2> err; rc=$?
if [ $rc = 0 ] && grep -q '^bulkhead: fixed sub/Dockerfile (1 change)$' err &&
   grep -qx 'RUN apk add --no-cache curl' sub/Dockerfile; then ok
else bad "fix --write LINKDIR FILE: exit $rc, $(cat err)"; fi
cd "$tmp"
# diff paths patch can read: a space in the name, and files outside the
# current directory (named from /)
mkdir -p "$tmp/paths/my dir" "$tmp/paths/other"
printf 'FROM alpine:3.20\nADD app.py /app/\n' > "$tmp/paths/my dir/Dockerfile"
cp "$tmp/paths/my dir/Dockerfile" "$tmp/paths/other/Dockerfile"
cd "$tmp/paths"
"$bin" fix "my dir" > sp.diff 2> err
if patch -s -p1 < sp.diff > perr 2>&1 && grep -q '^COPY app.py' "my dir/Dockerfile"; then ok
else bad "a diff of a path with a space does not apply: $(head -n 3 perr)"; fi
cd "my dir"
"$bin" fix ../other > ../up.diff 2> ../err
if grep -q "^--- a${tmp#/}/paths/other/Dockerfile\$" ../up.diff 2>/dev/null || grep -q "^--- a/${tmp#/}/paths/other/Dockerfile$" ../up.diff; then ok
else bad "a ../ path is not named from /: $(head -n 1 ../up.diff)"; fi
grep -q 'apply it with patch -p1 -d /' ../err && ok || bad "no note on how to apply a diff named from /"
if patch -s -p1 -d / < ../up.diff > ../perr 2>&1 && grep -q '^COPY app.py' ../other/Dockerfile; then ok
else bad "a diff named from / does not apply with patch -p1 -d /: $(head -n 3 ../perr)"; fi
cd "$tmp"
echo "fix: $pass passed, $fail failed"
[ $fail = 0 ]
