#!/usr/bin/env bash
# excerpts.sh BINARY - the excerpt of a finding on a long line: a window of
# at most 160 bytes around its column (src/report/writers.c rpt_excerpt(),
# docs/formats.md "Excerpts"), cut from the line masked whole.
# Input: one-line JSON Pods (every container of a JSON manifest is on one
# line) generated here, 300 containers each with a privileged container,
# a secret-named env value, a GitHub-format token under an innocuous name
# (only the secret engine knows it) and a database URL with a password in
# its args, non-ASCII text (é, CJK) between them, names of varying length
# so the windows' edges fall everywhere.  Checks:
#   - bounded: every excerpt line of the text report is at most
#     2 + 3 + 160 + 3 bytes; the whole report far under the input times
#     the findings;
#   - the window holds the column: HTML's <mark> starts at the finding's
#     byte column (JSON "column") of the source line, the window's bytes
#     are the source's (masked bytes aside); the text report shows the
#     same window and its caret under the same character (display width);
#   - "..." (text) and the ellipsis span (HTML) on exactly the cut sides;
#   - never a piece of a secret: no 6-byte substring of any planted value
#     in any format (text, json, sarif, html, junit, checkstyle, gitlab,
#     sonarqube), and the input does put values across window edges (the
#     suite fails if it does not: the check would prove nothing);
#   - valid UTF-8 in every format (python3 decodes it);
#   - SARIF startColumn is the UTF-16 column of the whole line (counted
#     past byte 511, where the stored snippet ends);
#   - `secrets` on the same file: 900 matches (300 of them the env
#     values as name/value pairs), each excerpt a bounded window, no piece
#     of any planted value in any format;
#   - short lines unchanged: a 200-byte Dockerfile line prints whole, a
#     201-byte one is cut (the quiet and the firing side of the bound).
# Needs python3 and jq (skipped, and says so, without them).
# Ends with "excerpts: N passed, N failed[, N skipped]".
set -u
bin=$(realpath "${1:?usage: excerpts.sh BULKHEAD_BINARY}")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL excerpts: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "excerpts: $pass passed, $fail failed, $skip skipped"
	else
		echo "excerpts: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
if ! command -v python3 > /dev/null 2>&1 || ! command -v jq > /dev/null 2>&1; then
	echo "skipped excerpts: python3 or jq not found"
	skip=1
	finish
fi
exec < /dev/null
tmp=$(mktemp -d /tmp/bh-excerpts.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

# -- the input: values generated from a fixed seed (no token in this file)
cat > gen.py <<'PY'
import hashlib, json, sys
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
def word(seed, n):
    out, k = "", 0
    while len(out) < n:
        for b in hashlib.sha256(("bulkhead-excerpts/%s/%d" % (seed, k)).encode()).digest():
            if len(out) < n:
                out += ALNUM[b % len(ALNUM)]
        k += 1
    return out
secrets, cs = [], []
for i in range(300):
    pw = word("pw%d" % i, 22)
    tok = "ghp_" + word("tok%d" % i, 36)
    url_pw = word("url%d" % i, 18)
    secrets += [pw, tok, url_pw]
    cs.append({"name": "c%d-%s" % (i, "x" * (i % 37)), "image": "nginx:1.25",
               "securityContext": {"privileged": True},
               "args": ["--note", "café 日本語のテキスト %d" % i,
                        "--db", "postgres://app:%s@db:5432/app" % url_pw],
               "env": [{"name": "DB_PASSWORD", "value": pw},
                       {"name": "GREETING", "value": "é" * (i % 5) + "こんにちは"},
                       {"name": "X%d" % i, "value": tok}]})
pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "many", "namespace": "prod"},
       "spec": {"containers": cs}}
open("pod.json", "w", encoding="utf-8").write(json.dumps(pod, ensure_ascii=False) + "\n")
open("secrets.txt", "w").write("\n".join(secrets) + "\n")
PY
python3 gen.py || { bad "generator failed"; finish; }

formats="text json sarif html junit checkstyle gitlab sonarqube"
for f in $formats; do
	"$bin" scan --format "$f" pod.json > "out.$f" 2> "err.$f"
	rc=$?
	if [ $rc = 1 ]; then ok; else bad "scan --format $f: exit $rc, want 1: $(head -c 300 "err.$f")"; fi
done

# -- everything but the short-line bound, in one pass over the outputs
cat > check.py <<'PY'
import html, json, re, sys, unicodedata
fails = []
def bad(msg):
    fails.append(msg)
src = open("pod.json", "rb").read().rstrip(b"\n")
secrets = open("secrets.txt").read().split()
WIN, BEFORE = 160, 60
findings = json.load(open("out.json"))["findings"]
if len(findings) < 3000:
    bad("only %d findings in the JSON report" % len(findings))

# no 6-byte piece of a secret anywhere, every format valid UTF-8
grams = {s[i:i + 6].encode() for s in secrets for i in range(len(s) - 5)}
for f in sys.argv[1].split():
    data = open("out." + f, "rb").read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad("%s: not UTF-8: %s" % (f, e))
    hits = {data[i:i + 6] for i in range(len(data) - 5) if data[i:i + 6] in grams}
    if hits:
        bad("%s shows %d pieces of secrets, e.g. %r" % (f, len(hits), sorted(hits)[0][:3] + b"..."))

# the input does put secrets across window edges
spans = []
for s in secrets:
    for m in re.finditer(re.escape(s.encode()), src):
        spans.append((m.start(), m.end()))
straddle = 0
for fd in findings:
    c = fd["column"] - 1
    lo = max(0, c - BEFORE)
    for a, b in spans:
        if a < lo < b or a < lo + WIN < b:
            straddle += 1
if straddle < 100:
    bad("only %d secrets across a window edge: the leak check proves little" % straddle)

# HTML: the window, its <mark> at the column, cut markers
CUT = '<span class="cut">\u2026</span>'
pres = re.findall(r'<pre class="excerpt">(.*?)</pre>', open("out.html", encoding="utf-8").read())
if len(pres) != len(findings):
    bad("%d HTML excerpts for %d findings" % (len(pres), len(findings)))
windows = []
for fd, p in zip(findings, pres):
    left, right = p.startswith(CUT), p.endswith(CUT)
    body = p[len(CUT) if left else 0: len(p) - len(CUT) if right else len(p)]
    m = re.match(r"(.*?)<mark>(.*?)</mark>(.*)$", body, re.S)
    if not m:
        bad("HTML excerpt without <mark> for %s at %d" % (fd["rule_id"], fd["column"]))
        continue
    pre = html.unescape(m.group(1)).encode()
    win = pre + html.unescape(m.group(2) + m.group(3)).encode()
    off = fd["column"] - 1 - len(pre)
    where = "%s at column %d" % (fd["rule_id"], fd["column"])
    if len(win) > WIN:
        bad("HTML window of %d bytes (%s)" % (len(win), where))
    if off < 0 or off + len(win) > len(src):
        bad("HTML window outside the line (%s)" % where)
        continue
    for k, (x, y) in enumerate(zip(win, src[off:off + len(win)])):
        if x != y and not (y >= 0x80 or x == ord("*")):
            bad("HTML window differs from the source at byte %d (%s)" % (off + k, where))
            break
    if left != (off > 0) or right != (off + len(win) < len(src)):
        bad("HTML cut markers %s/%s, window [%d, %d) of %d bytes (%s)" %
            (left, right, off, off + len(win), len(src), where))
    windows.append((fd, win, left, right, len(pre)))

# text: the same windows, "..." markers, caret under the column
def width(bs):
    w = 0
    for ch in bs.decode("utf-8", "replace"):
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w
lines = open("out.text", "rb").read().split(b"\n")
i = k = 0
while i < len(lines) and k < len(windows):
    if not re.match(rb"^pod\.json:1:\d+: ", lines[i]):
        i += 1
        continue
    fd, win, left, right, npre = windows[k]
    k += 1
    ex, caret = lines[i + 1], lines[i + 2]
    i += 3
    where = "%s at column %d" % (fd["rule_id"], fd["column"])
    if len(ex) > 2 + 3 + WIN + 3:
        bad("text excerpt of %d bytes (%s)" % (len(ex), where))
    want = b"  " + (b"..." if left else b"") + win + (b"..." if right else b"")
    if ex != want:
        bad("text excerpt is not the HTML window with its markers (%s)" % where)
        continue
    lead = 2 + (3 if left else 0)
    at = caret.find(b"^")
    if at < 0 or at != lead + width(win[:npre]):
        bad("caret at %d, want %d (%s)" % (at, lead + width(win[:npre]), where))
if k != len(windows):
    bad("%d text findings for %d windows" % (k, len(windows)))

# SARIF: UTF-16 columns of the whole line
res = json.load(open("out.sarif"))["runs"][0]["results"]
for fd, r in zip(findings, res):
    want = len(src[:fd["column"] - 1].decode("utf-8").encode("utf-16-le")) // 2 + 1
    got = r["locations"][0]["physicalLocation"]["region"]["startColumn"]
    if got != want:
        bad("SARIF startColumn %d, want %d (byte column %d)" % (got, want, fd["column"]))
        break
for m in fails[:20]:
    print(m)
print("checked %d findings, %d secrets across a window edge, %d problems" %
      (len(findings), straddle, len(fails)))
sys.exit(1 if fails else 0)
PY
if out=$(python3 check.py "$formats" 2>&1); then ok; else bad "long line: $out"; fi
echo "$out" | tail -1 | sed 's/^/  /'

# output bounded as a whole: well under one line per finding
size=$(wc -c < out.text)
n=$(jq '.findings | length' out.json)
if [ "$size" -lt $((n * 600)) ]; then ok; else bad "text report of $size bytes for $n findings"; fi

# `secrets` on the same line: windows around each match (held whole too),
# bounded, no piece of a value in any format.  It reads no manifest: the
# env values under DB_PASSWORD are found as name/value pairs by the secret
# engine (sec_scan.c try_pair), the tokens and URL passwords by their
# formats.
for f in $formats; do
	"$bin" secrets --format "$f" pod.json > "sec.$f" 2>&1
done
if out=$(python3 - "$formats" <<'PY'
import re, sys
vals = open("secrets.txt").read().split()
grams = {v[i:i + 6].encode() for v in vals for i in range(len(v) - 5)}
bad = []
text = open("sec.text", "rb").read()
heads = re.findall(rb"^pod\.json:1:(\d+): .*\n(.*)\n(.*)$", text, re.M)
if len(heads) != 900:
    bad.append("%d secrets findings, want 900" % len(heads))
pairs = len(re.findall(rb"^pod\.json:1:\d+: medium generic-secret ", text, re.M))
if pairs != 300:
    bad.append("%d name/value pair findings, want 300" % pairs)
for col, ex, caret in heads:
    if len(ex) > 2 + 3 + 160 + 3 or not (ex.startswith(b"  ...") or int(col) <= 61):
        bad.append("secrets excerpt of %d bytes at column %s" % (len(ex), col.decode()))
        break
for f in ["sec." + x for x in sys.argv[1].split()]:
    d = open(f, "rb").read()
    d.decode("utf-8")
    if any(d[i:i + 6] in grams for i in range(len(d) - 5)):
        bad.append(f + " shows a piece of a secret")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
); then ok; else bad "secrets on a long line: $out"; fi

# -- the bound: a 200-byte line prints whole, a 201-byte one is cut
for len in 200 201; do
	python3 - "$len" <<'PY'
import sys
n = int(sys.argv[1])
head = "RUN apk add curl && echo "
open("Dockerfile.%d" % n, "w").write("FROM alpine:3.20\nUSER 1000\n" + head + "a" * (n - len(head)) + "\n")
PY
	"$bin" scan --format text "Dockerfile.$len" > "short.$len" 2>&1
	grep -A1 ':3:13: .*BH1101 ' "short.$len" | tail -1 > "ex.$len"
done
if [ "$(cat ex.200)" = "  $(sed -n 3p Dockerfile.200)" ]; then ok; else bad "a 200-byte line is not printed whole: $(cat ex.200)"; fi
# 201 bytes: 160 from the start, cut on the right
want="  $(sed -n 3p Dockerfile.201 | head -c 160)..."
if [ "$(cat ex.201)" = "$want" ]; then ok; else bad "a 201-byte line: got '$(cat ex.201)', want '$want'"; fi
finish
