#!/usr/bin/env bash
# explain.sh BULKHEAD - `bulkhead explain` for every rule id that
# `bulkhead rules --format json` lists: exit 0 in text and JSON; the JSON
# has every field; each example shown is its case's file with at most
# secret characters masked (tests/suites/leaks.sh checks no secret shows), and the rule's title, severity, practice, target, why
# and fix are the rule table's (the same as `bulkhead rules`); its BEFORE
# example, written out under its own file name with its companion files
# and scanned the way its case scanned it, fires the rule on that file,
# and its AFTER example does not fire the rule at all.  Prints how many
# rules have no BEFORE / AFTER example (and which).  Also: `bulkhead help`
# lists explain, the example table in the build directory is the one
# scripts/gen_explain_examples.py makes from tests/cases now (no stale
# binary), and that script fails loudly on a malformed case file.
# Needs jq and python3 (SKIPs without).
set -u
B=${1:?usage: explain.sh BULKHEAD}
B=$(cd "$(dirname "$B")" && pwd)/$(basename "$B")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
for t in jq python3; do
	command -v $t > /dev/null || { echo "skipped explain: $t not installed"
		echo "explain: 0 passed, 0 failed, 1 skipped"; exit 0; }
done
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fails=0 passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL $1"; fails=$((fails+1)); }

# every rule, in one python3 process (a jq per field costs minutes):
# prints "ok", "FAIL ..." and the example counts
python3 - "$B" "$W" "$ROOT" > "$W/rules.out" <<'PY'
import importlib.util, json, os, subprocess, sys
B, W, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
spec = importlib.util.spec_from_file_location(
    "gen", os.path.join(ROOT, "scripts", "gen_explain_examples.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
# what a masked character may become (src/secrets/sec_mask.c: one of the
# same UTF-8 length)
MASK = {"*", "\u00b7", "\u2217", "\U0001f512"}
def masked_from(shown, raw):
    """None when shown is raw with only some characters masked, else
    where it differs otherwise."""
    if len(shown) != len(raw):
        return "length %d, the case's file %d" % (len(shown), len(raw))
    for i, (a, b) in enumerate(zip(shown, raw)):
        if a != b and (a not in MASK or b in "\r\n"):
            return "character %d is %r, the case's file has %r" % (i, a, b)
    return None
def run(args, cwd=None):
    p = subprocess.run([B] + args, cwd=cwd, capture_output=True)
    return p.returncode, p.stdout, p.stderr
def ok():
    print("ok")
def bad(msg):
    print("FAIL " + msg)
rc, out, err = run(["rules", "--format", "json"])
try:
    rules = json.loads(out)
except ValueError:
    rules = []
if rules:
    ok()
else:
    bad("'bulkhead rules --format json' lists no rules")
FIELDS = ["id", "title", "severity", "practice", "target", "why", "fix",
          "fixable", "fix_risk", "enabled_by_default", "before", "after"]
SAME = ["id", "title", "severity", "practice", "target", "why", "fix",
        "enabled_by_default"]
nobefore, noafter, nboth = [], [], 0
for r in rules:
    rid = r["id"]
    rc, text, err = run(["explain", rid])
    text = text.decode("utf-8", "replace")
    if rc == 0 and not err and text.startswith(rid + "  "):
        ok()
    else:
        bad("%s: explain (text) exit %d, stderr [%s], first line [%s]"
            % (rid, rc, err[:200], text.split("\n")[0]))
    rc, out, err = run(["explain", rid, "--format", "json"])
    try:
        e = json.loads(out)
        assert isinstance(e, dict)
    except (ValueError, AssertionError):
        bad("%s: explain --format json exit %d, not a JSON object [%s]" % (rid, rc, err[:200]))
        continue
    if rc == 0 and not err:
        ok()
    else:
        bad("%s: explain --format json exit %d [%s]" % (rid, rc, err[:200]))
    missing = [k for k in FIELDS if k not in e]
    if missing:
        bad("%s: JSON lacks %s" % (rid, ",".join(missing)))
        continue
    ok()
    # the rule's text is the rule table's, the same as `bulkhead rules`
    diff = [k for k in SAME if r.get(k) != e.get(k)]
    if diff:
        bad("%s: explain differs from 'bulkhead rules' in: %s" % (rid, ",".join(diff)))
    else:
        ok()
    if isinstance(e["fixable"], bool) and (e["fix_risk"] is None or
                                           (e["fixable"] and isinstance(e["fix_risk"], str))):
        ok()
    else:
        bad("%s: fixable/fix_risk malformed: %r %r" % (rid, e["fixable"], e["fix_risk"]))
    for which, word in (("before", "BEFORE"), ("after", "AFTER")):
        ex = e[which]
        if ex is None:
            (nobefore if which == "before" else noafter).append(rid)
            if ("\n%s: no example\n" % word) in text:
                ok()
            else:
                bad("%s: no %s example, but the text does not say '%s: no example'" % (rid, which, word))
            continue
        if ("\n%s: " % word) in text and ex["content"].split("\n")[0] in text:
            ok()
        else:
            bad("%s: the text does not show the %s example" % (rid, word))
        # shown masked: the case's own files, with only secret characters
        # hidden; what is scanned is the case's file (the raw bytes are
        # the build's table: checked below against the generator)
        try:
            raw = dict(gen.parse_case(os.path.join(ROOT, ex["case"]))["files"])
        except (gen.CaseError, OSError) as err:
            bad("%s %s: cannot read its case %s: %s" % (rid, word, ex["case"], err))
            continue
        diffs = [(f["file"], masked_from(f["content"], raw.get(f["file"])))
                 if f["file"] in raw else (f["file"], "not a file of the case")
                 for f in [ex] + ex["companions"]]
        diffs = [x for x in diffs if x[1]]
        if diffs:
            bad("%s %s: not the case's file masked: %s" % (rid, word, diffs))
        else:
            ok()
        d = os.path.join(W, "ex-%s-%s" % (rid, which))
        for f in [ex] + ex["companions"]:
            path = os.path.join(d, f["file"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", errors="surrogateescape",
                      newline="") as fh:
                fh.write(raw.get(f["file"], f["content"]))
        rc, out, err = run(["scan"] + ex["scan_options"] + ex["scan_paths"] +
                           ["--format", "json"], cwd=d)
        subprocess.run(["rm", "-rf", d])
        where = "%s %s (%s, %s)" % (rid, word, ex["case"], ex["file"])
        try:
            found = [(f["file"], f["rule_id"]) for f in json.loads(out)["findings"]]
        except (ValueError, KeyError, TypeError):
            bad("%s: scan exit %d, not a JSON report [%s]" % (where, rc, err[:300]))
            continue
        if rc >= 2 or err:
            bad("%s: scan exit %d [%s]" % (where, rc, err[:300]))
        elif which == "before":
            if (ex["file"], rid) in found:
                ok()
            else:
                bad("%s does not fire %s; found: %s" % (where, rid, found))
        else:
            hits = [f for f in found if f[1] == rid]
            if not hits:
                ok()
            else:
                bad("%s fires %s: %s" % (where, rid, hits))
    if e["before"] is not None and e["after"] is not None:
        nboth += 1
print("explain: %d rules, %d with both examples, %d without a BEFORE example, "
      "%d without an AFTER example" % (len(rules), nboth, len(nobefore), len(noafter)))
if nobefore:
    print("  no BEFORE: " + " ".join(nobefore))
if noafter:
    print("  no AFTER: " + " ".join(noafter))
PY
grep -v '^ok$' "$W/rules.out"
passes=$((passes + $(grep -c '^ok$' "$W/rules.out")))
fails=$((fails + $(grep -c '^FAIL' "$W/rules.out")))
grep -q '^explain: [0-9]* rules' "$W/rules.out" || bad "the per-rule checks did not finish"

# the command list names explain (completions and man pages come from it)
if "$B" help | grep -qE '^  explain +explain one rule'; then ok; else bad "'bulkhead help' does not list explain"; fi
# usage errors: one line on stderr, exit 2
for args in "explain" "explain BH9999" "explain BH1001 BH1002" "explain BH1001 --format xml" "explain --bogus BH1001"; do
	# shellcheck disable=SC2086
	"$B" $args > "$W/out" 2> "$W/err"; rc=$?
	if [ $rc = 2 ] && [ "$(wc -l < "$W/err")" = 1 ] && [ ! -s "$W/out" ]; then ok
	else bad "'bulkhead $args': exit $rc (want 2), stderr $(wc -l < "$W/err") line(s), stdout $(wc -c < "$W/out") bytes"; fi
done

# the binary's example table is the one the case files make now
gen=$ROOT/scripts/gen_explain_examples.py
built=$(dirname "$B")/src/cli/explain_examples.c
if [ -f "$built" ]; then
	if python3 "$gen" "$ROOT/tests/cases" "$W/now.c" && cmp -s "$W/now.c" "$built"; then ok
	else bad "$built is not what $gen makes from tests/cases now (rebuild)"; fi
fi
# the generator fails the build on a malformed case file, naming it
mkdir -p "$W/bad/dockerfile"
printf '%s\n' '--- file Dockerfile' 'FROM alpine:3.20' '--- expect' 'Dockerfile:1 high BH1001' \
	> "$W/bad/dockerfile/BH1001-bad.case"
if ! python3 "$gen" "$W/bad" "$W/bad.c" 2> "$W/err" && grep -q "BH1001-bad.case:4: malformed expect line" "$W/err" &&
   [ ! -e "$W/bad.c" ]; then ok
else bad "the generator accepts a malformed expect line: [$(cat "$W/err")]"; fi
printf '%s\n' '--- file Dockerfile' 'FROM alpine:3.20' '--- expcet' > "$W/bad/dockerfile/BH1001-bad.case"
if ! python3 "$gen" "$W/bad" "$W/bad.c" 2> "$W/err" && grep -q "BH1001-bad.case:3: unknown section" "$W/err"; then ok
else bad "the generator accepts an unknown section: [$(cat "$W/err")]"; fi
printf '%s\n' 'stray text' '--- file Dockerfile' 'FROM alpine:3.20' '--- expect' > "$W/bad/dockerfile/BH1001-bad.case"
if ! python3 "$gen" "$W/bad" "$W/bad.c" 2> "$W/err" && grep -q "BH1001-bad.case:1: text before the first section" "$W/err"; then ok
else bad "the generator accepts text outside a section: [$(cat "$W/err")]"; fi
rm -rf "$W/bad"; mkdir -p "$W/bad"
if ! python3 "$gen" "$W/bad" "$W/bad.c" 2> "$W/err" && grep -q "no case files" "$W/err"; then ok
else bad "the generator accepts a directory with no case files: [$(cat "$W/err")]"; fi

echo "explain: $passes passed, $fails failed"
[ $fails = 0 ]
