#!/usr/bin/env bash
# html.sh BINARY - the HTML report (src/report/rpt_html.c) as an attacker,
# a parser and a browser see it:
#   - escaping: a Dockerfile in a directory named `evil<script>"&'dir`,
#     with markup in its lines, gives a page where none of it is markup
#     (the raw bytes hold no `<script>` but the page's own, no `evil<`),
#     and the file heading reads back as the path;
#   - structure (python3's html.parser): one `<tr class="finding">` per
#     finding of --format json, in the same order with the same rule ids
#     and severities, for `scan` and `secrets`, and one per vulnerability
#     of `vuln --format json` for `vuln` (an OSV database of
#     tests/formats/osv, two npm lock files); one <script>, no
#     external reference (no src/href/action but in-page fragments, no
#     link/img/iframe/object/embed/base element, no url() or @import or
#     "://" in the style or script), and the planted token not shown;
#   - rendering in headless Chromium (chromium-headless-shell, skipped
#     when absent): a screenshot that is not blank and shows the chart
#     colours of critical and high; --dump-dom showing the script ran
#     (the filter form shown, "N of N findings shown"), the fragment
#     filters (#sev=critical, #q=BH1101), and with JavaScript off every
#     finding shown and the filters hidden; the vuln page rendered (not
#     blank, its high bar drawn) with its text filter working.
# Needs python3 and jq; BH_CHROME names another browser binary (one that
# is not there: the browser checks are skipped).  Ends with "html: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:?usage: html.sh BULKHEAD_BINARY}")
root=$PWD
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL html: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "html: $pass passed, $fail failed, $skip skipped"
	else
		echo "html: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
if ! command -v python3 > /dev/null || ! command -v jq > /dev/null; then
	echo "skipped html: python3 or jq not found"
	skip=1
	finish
fi
exec < /dev/null
tmp=$(mktemp -d /tmp/bh-html.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

dir='evil<script>"&'"'"'dir'
mkdir -p "$dir"
cp "$root/tests/formats/Dockerfile" "$dir/Dockerfile"
cat >> "$dir/Dockerfile" <<'EOF'
RUN apk add git && echo "</pre><script>alert(1)</script><img src=http://x.invalid/a>"
EOF
"$bin" scan --format html -o report.html "$dir" 2> err; rc=$?
[ $rc = 1 ] && [ ! -s err ] && ok || bad "scan --format html: exit $rc, $(head -n 2 err)"
"$bin" scan --format json "$dir" > report.json 2> /dev/null
n=$(jq '.findings | length' report.json)
[ "${n:-0}" -ge 5 ] && ok || bad "the input gives $n findings, not 5 or more"

# -- escaping, on the raw bytes ----------------------------------------------
[ "$(grep -o '<script' report.html | wc -l)" = 1 ] && ok || bad "more than the page's one <script"
grep -qF 'evil<' report.html && bad "the directory name is not escaped" || ok
grep -qF 'evil&lt;script&gt;&quot;&amp;&#39;dir/Dockerfile' report.html && ok ||
	bad "no escaped file name"
grep -qF '&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=http://x.invalid/a&gt;' report.html &&
	ok || bad "the excerpt's markup is not escaped"
grep -q 'AbCdEfGhIjKl' report.html && bad "the page shows the token" || ok
grep -qF 'ENV API_TOKEN=<mark>ghp_************************************</mark>' report.html &&
	ok || bad "no masked excerpt of the token's line"

# -- structure, parsed -----------------------------------------------------
cat > check.py <<'PY'
import json, re, sys
from html.parser import HTMLParser

page, report, want_file = sys.argv[1], sys.argv[2], sys.argv[3]
LOADS = {"src", "href", "action", "formaction", "srcset", "poster", "data",
         "xlink:href", "background", "cite", "manifest", "ping"}
BANNED = {"link", "img", "iframe", "object", "embed", "base", "audio",
          "video", "source", "frame", "track", "image", "use", "meta-refresh"}

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []          # [sev, rule id]
        self.stack = []
        self.errors = []
        self.scripts = 0
        self.raw = {"style": "", "script": ""}
        self.in_raw = None
        self.h2 = []            # file headings' text
        self.cur_h2 = None
        self.cur_rule = None
        self.rule_td = False
        self.row = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k in LOADS and v is not None and not v.startswith("#"):
                self.errors.append("%s %s=%r" % (tag, k, v))
            if v and "://" in v:
                self.errors.append("%s %s=%r holds a URL" % (tag, k, v))
            if k.startswith("on"):
                self.errors.append("%s has an event handler %s" % (tag, k))
        if tag in BANNED:
            self.errors.append("a <%s> element" % tag)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.errors.append("a meta refresh")
        if tag == "script":
            self.scripts += 1
        if tag in ("style", "script"):
            self.in_raw = tag
        if tag == "tr" and "finding" in (a.get("class") or "").split():
            self.row = [a.get("data-sev"), ""]
            self.rows.append(self.row)
        if tag == "td" and self.row is not None:
            self.rule_td = a.get("class") == "rule"
        if tag == "code" and self.row is not None and self.rule_td:
            self.cur_rule = ""
        if tag == "h2" and self.stack and self.stack[-1] == "section":
            self.cur_h2 = ""
        if tag not in ("br", "input", "meta", "rect"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.in_raw = None
        if tag == "code" and self.cur_rule is not None:
            self.row[1] = self.cur_rule
            self.cur_rule = None
        if tag == "td":
            self.rule_td = False
        if tag == "h2" and self.cur_h2 is not None:
            self.h2.append(self.cur_h2)
            self.cur_h2 = None
        if tag == "tr":
            self.row = None
        while self.stack:
            if self.stack.pop() == tag:
                break
    def handle_data(self, d):
        if self.in_raw:
            self.raw[self.in_raw] += d
        if self.cur_rule is not None:
            self.cur_rule += d
        if self.cur_h2 is not None:
            self.cur_h2 += d

p = P()
p.feed(open(page, encoding="utf-8").read())
p.close()
fs = json.load(open(report))["findings"]
want = [[f["severity"], f["rule_id"]] for f in fs]
out = []
if p.rows != want:
    out.append("rows %r, --format json %r" % (p.rows, want))
if p.scripts != 1:
    out.append("%d scripts" % p.scripts)
for k, v in p.raw.items():
    for bad in ("url(", "@import", "://", "import("):
        if bad in v:
            out.append("%r in the %s" % (bad, k))
if "fetch(" in p.raw["script"] or "XMLHttpRequest" in p.raw["script"]:
    out.append("the script fetches")
out += p.errors
if want_file != "-":
    files = sorted(set(f["file"] for f in fs))
    heads = [re.sub(r" \(\d+ findings?\)$", "", h) for h in p.h2]
    if heads != files or want_file not in heads:
        out.append("file headings %r, files %r" % (heads, files))
print("\n".join(out) if out else "ok")
PY
res=$(python3 check.py report.html report.json "$dir/Dockerfile" 2>&1)
[ "$res" = ok ] && ok || bad "scan: $res"
# secrets in HTML: the same structure, the token masked
printf 'token = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"\npassword: "Zq7#kR2pX9vL4m"\n' > "$dir/settings.ini"
"$bin" secrets --format html -o secrets.html "$dir" 2> /dev/null
"$bin" secrets --format json "$dir" > secrets.json 2> /dev/null
res=$(python3 check.py secrets.html secrets.json - 2>&1)
[ "$res" = ok ] && [ "$(jq '.findings | length' secrets.json)" -ge 1 ] && ok || bad "secrets: $res"
grep -q 'AbCdEfGhIjKl\|Zq7#kR2pX9' secrets.html && bad "secrets: the page shows a secret" || ok
# the check can fail: a page with an external script, a row too few
sed 's|</head>|<script src="https://cdn.invalid/x.js"></script></head>|' report.html > evil.html
res=$(python3 check.py evil.html report.json - 2>&1)
grep -q 'script src=' <<< "$res" && grep -q '2 scripts' <<< "$res" && ok ||
	bad "check.py missed an external script: $res"
awk '/<tr class="finding"/ && !d { d = 1; next } 1' report.html > short.html
res=$(python3 check.py short.html report.json - 2>&1)
grep -q '^rows ' <<< "$res" && ok || bad "check.py missed a missing row: $res"

# vuln in HTML: the same structure, a row per vulnerability of a package
# (rows in file order, as the page groups them), from an OSV database of
# the real records in tests/formats/osv
mkdir -p vuln/app vuln/web
printf '%s\n' '{"lockfileVersion": 3, "packages": {"": {"name": "app"}, "node_modules/lodash": {"version": "4.17.15"},' \
	'"node_modules/lodash-es": {"version": "4.17.20"}, "node_modules/postcss": {"version": "8.4.30"}}}' > vuln/app/package-lock.json
printf '%s\n' '{"lockfileVersion": 3, "packages": {"": {"name": "web"}, "node_modules/semver": {"version": "7.5.1"}}}' \
	> vuln/web/package-lock.json
"$bin" db import --db vuln.db "$root/tests/formats/osv" > /dev/null 2>&1
(cd vuln && "$bin" vuln --db ../vuln.db --format html -o ../vuln.html app web 2> ../err); rc=$?
(cd vuln && "$bin" vuln --db ../vuln.db --format json app web > ../vuln-raw.json 2> /dev/null)
python3 - vuln-raw.json > vuln.json <<'PY'
import json, sys
sev = {"CRITICAL": "critical", "HIGH": "high", "MEDIUM": "medium", "LOW": "low", "UNKNOWN": "info"}
vs = json.load(open(sys.argv[1]))["vulnerabilities"]
fs = [{"severity": sev[v["severity"]], "rule_id": v["id"], "file": v["package"]["path"]} for v in vs]
print(json.dumps({"findings": sorted(fs, key=lambda f: f["file"])}))
PY
nv=$(jq '.findings | length' vuln.json)
res=$(python3 check.py vuln.html vuln.json app/package-lock.json 2>&1)
[ $rc = 1 ] && [ "$nv" = 4 ] && [ "$res" = ok ] && ok || bad "vuln: exit $rc, $nv vulnerabilities (want 4): $res"

# -- the browser -----------------------------------------------------------
chrome=${BH_CHROME:-$(command -v chromium-headless-shell || true)}
if [ -z "$chrome" ] || ! [ -x "$chrome" ]; then
	echo "skipped html: chromium-headless-shell not found (Debian package chromium-headless-shell)"
	skip=$((skip + 1))
	finish
fi
browse() { # ARGS... : the browser, its own profile, bounded in time
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$tmp/profile" --no-first-run "$@" 2> "$tmp/chrome.err"
}
url="file://$tmp/report.html"
browse --screenshot="$tmp/out.png" --window-size=1280,2000 "$url" > /dev/null; rc=$?
if [ $rc = 0 ] && [ -s out.png ]; then ok; else
	bad "screenshot: exit $rc, $(grep -v -i 'dbus\|vaapi\|sandbox' chrome.err | head -n 2)"
fi
cat > png.py <<'PY'
import struct, sys, zlib

def read_png(path):
    d = open(path, "rb").read()
    if d[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    pos, idat = 8, b""
    while pos < len(d):
        n, t = struct.unpack(">I4s", d[pos:pos + 8])
        body = d[pos + 8:pos + 8 + n]
        pos += 12 + n
        if t == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or inter:
                raise SystemExit("PNG depth %d type %d interlace %d" % (depth, ctype, inter))
            bpp = 3 if ctype == 2 else 4
        elif t == b"IDAT":
            idat += body
        elif t == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride, prev, i, rows = w * bpp, bytearray(w * bpp), 0, []
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 2:
            line = bytearray((x + y) & 255 for x, y in zip(line, prev))
        elif f:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if f == 1:
                    line[x] = (line[x] + a) & 255
                elif f == 3:
                    line[x] = (line[x] + ((a + b) >> 1)) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
want = {bytes.fromhex(c.lstrip("#")): 0 for c in sys.argv[2:]}
nonwhite = 0
for r in rows:
    for x in range(0, len(r), bpp):
        px = r[x:x + 3]
        if px != b"\xff\xff\xff":
            nonwhite += 1
            if px in want:
                want[px] += 1
print(w, h, nonwhite, " ".join("%s=%d" % (k.hex(), v) for k, v in want.items()))
PY
# critical and high: the fills of rpt_html.c's sev_fill[]
crit=b71c1c; high=e65100
if [ -s out.png ] && read -r w h nonwhite counts < <(python3 png.py out.png "$crit" "$high" 2>&1); then
	[ "$w" = 1280 ] && [ "$h" = 2000 ] && ok || bad "screenshot is ${w}x$h, not 1280x2000"
	# not blank: more than 2% of the page is not white
	[ "$nonwhite" -gt $((1280 * 2000 / 50)) ] 2> /dev/null && ok || bad "screenshot blank: $nonwhite non-white pixels"
	for c in $counts; do
		[ "${c#*=}" -ge 500 ] 2> /dev/null && ok || bad "screenshot: colour ${c%=*} on ${c#*=} pixels, not a chart bar"
	done
else
	bad "screenshot unreadable"
fi
# the script ran: filters shown, the count filled in
browse --dump-dom "$url" > dom.html; rc=$?
[ $rc = 0 ] && grep -q '<form id="filters">' dom.html && ok || bad "--dump-dom: exit $rc, filters still hidden"
grep -qF "<output id=\"shown\">$n of $n findings shown</output>" dom.html && ok ||
	bad "--dump-dom: count not '$n of $n findings shown': $(grep -o '<output id="shown">[^<]*' dom.html)"
# the fragment's filters: by severity, by text
nc=$(jq '[.findings[] | select(.severity == "critical")] | length' report.json)
browse --dump-dom "$url#sev=critical" > dom2.html
grep -qF "<output id=\"shown\">$nc of $n findings shown</output>" dom2.html && ok ||
	bad "#sev=critical: $(grep -o '<output id="shown">[^<]*' dom2.html), want $nc of $n"
[ "$(grep -c '<tr class="finding" data-sev="[a-z]*">' dom2.html)" = "$nc" ] && ok ||
	bad "#sev=critical: rows not hidden"
nr=$(jq '[.findings[] | select(.rule_id == "BH1101")] | length' report.json)
browse --dump-dom "$url#q=bh1101" > dom3.html
[ "$nr" -ge 2 ] && grep -qF "<output id=\"shown\">$nr of $n findings shown</output>" dom3.html && ok ||
	bad "#q=bh1101: $(grep -o '<output id="shown">[^<]*' dom3.html), want $nr of $n"
# the vuln page renders: not blank, the high bar drawn, its script ran
vurl="file://$tmp/vuln.html"
browse --screenshot="$tmp/vuln.png" --window-size=1280,1200 "$vurl" > /dev/null
if [ -s vuln.png ] && read -r w h nonwhite counts < <(python3 png.py vuln.png "$high" 2>&1); then
	[ "$nonwhite" -gt $((1280 * 1200 / 50)) ] 2> /dev/null && [ "${counts#*=}" -ge 500 ] 2> /dev/null && ok ||
		bad "vuln screenshot: $nonwhite non-white pixels, high bar $counts"
else
	bad "vuln screenshot unreadable"
fi
browse --dump-dom "$vurl#q=lodash" > vdom.html
grep -qF '<output id="shown">2 of 4 findings shown</output>' vdom.html && ok ||
	bad "vuln #q=lodash: $(grep -o '<output id="shown">[^<]*' vdom.html), want 2 of 4"
# JavaScript off: every finding shown, no filters (the page without its
# script: --dump-dom reads the DOM through script, so it cannot run with
# scripts disabled)
sed '/^<script>$/,/^<\/script>$/d' report.html > nojs.html
[ "$(grep -c '<script' nojs.html)" = 0 ] && ok || bad "nojs.html still has a script"
browse --dump-dom "file://$tmp/nojs.html#sev=critical" > dom4.html
[ "$(grep -c '<tr class="finding" data-sev="[a-z]*">' dom4.html)" = "$n" ] &&
	grep -q '<form id="filters" hidden="">' dom4.html &&
	grep -q '<output id="shown"></output>' dom4.html && ok ||
	bad "JavaScript off: not every finding shown, or the filters shown"
finish
