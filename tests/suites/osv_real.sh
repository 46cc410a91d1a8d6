#!/usr/bin/env bash
# osv_real.sh BINARY - `bulkhead db` on the real OSV data of
# ../shared/osv-real (BH_SHARED overrides ../shared): the Go vulnerability
# database (go/, 4,291 records) and the PyPI advisory database (pypi/,
# 2,661).  Imports both folders; `db info` counts equal the number of
# files (counted with find here, and the numbers its README gives), the
# withdrawn count and the newest `modified` equal what python3 computes
# from the JSON (as instants); a second import is all unchanged; a zip of
# the PyPI folder (python3 zipfile, laid out as osv.dev's all.zip) imports
# the same, from the file and from standard input; a zip with one bad
# member is refused naming zip:member, and the database keeps what it
# had; `db update --from URL` fetches the zip from a local python3
# http.server (and a 404 is an error); a progress bar only on a terminal
# (script(1)); the default path under XDG_CACHE_HOME or HOME; lookups (tests/osvlookup, built
# next to BINARY's tests/) return exactly the ids python3 finds by
# reading every record (PyPI names PEP 503-normalised); matching through
# the pre-decoded ranges gives the same rows as parsing every record;
# Debian's skopeo and umoci matched by `bulkhead vuln` against the Go
# database: the ids python3 finds, and four records checked by hand.
# Skips (and says so) without ../shared/osv-real, python3 or jq.
# Ends with "osv_real: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$1
shared=${BH_SHARED:-../shared}
real=$shared/osv-real
lookup=$(dirname "$bin")/tests/osvlookup
pass=0; fail=0; skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL osv_real: $*"; }
finish() {
	if [ $skipped != 0 ]; then
		echo "osv_real: $pass passed, $fail failed, $skipped skipped"
	else
		echo "osv_real: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]; exit
}
if [ ! -d "$real/go" ] || [ ! -d "$real/pypi" ]; then
	echo "osv_real: SKIP: $real absent (the real OSV data)"
	skipped=1; finish
fi
for t in python3 jq; do
	command -v $t > /dev/null || { echo "osv_real: SKIP: no $t"; skipped=1; finish; }
done
[ -x "$lookup" ] || { bad "no $lookup (build the tests)"; finish; }
tmp=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2> /dev/null; rm -rf "$tmp"' EXIT

# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

ngo=$(find "$real/go" -name '*.json' -type f | wc -l)
npy=$(find "$real/pypi" -name '*.json' -type f | wc -l)
expect "Go files (README: 4,291)" "$ngo" 4291
expect "PyPI files (README: 2,661)" "$npy" 2661

# 1. import both folders, one command each
db=$tmp/a.db
out=$("$bin" db import --db "$db" --format json "$real/go" 2> "$tmp/err")
expect "import go" "$(jq -c '[.imported,.added,.replaced,.unchanged]' <<< "$out")" "[$ngo,$ngo,0,0]"
[ -s "$tmp/err" ] && bad "import go: stderr not empty (no progress bar off a TTY): $(head -c 200 "$tmp/err")"
out=$("$bin" db import --db "$db" "$real/pypi")
expect "import pypi (text)" "$out" "imported $npy records ($npy added, 0 replaced, 0 unchanged) into $db"

# 2. info: counts, withdrawn, newest modified (python3 over the JSON)
info=$("$bin" db info --db "$db" --format json)
expect "info records" "$(jq .records <<< "$info")" $((ngo + npy))
expect "info ecosystems" "$(jq -c '[.ecosystems[] | [.name, .records]]' <<< "$info")" \
	"[[\"Go\",$ngo],[\"PyPI\",$npy]]"
read -r wd newest < <(python3 - "$real" <<'EOF'
import json, glob, sys, datetime
root = sys.argv[1]
w = 0; best = None
for f in glob.glob(root + '/go/*.json') + glob.glob(root + '/pypi/*.json'):
    r = json.load(open(f))
    if r.get('withdrawn'): w += 1
    m = r['modified']
    y, rest = m.split('-', 1)
    t = datetime.datetime.fromisoformat('%04d-%s' % (int(y), rest.replace('Z', '+00:00')))
    if best is None or t > best[0]: best = (t, m)
print(w, best[1])
EOF
)
expect "info withdrawn" "$(jq .withdrawn <<< "$info")" "$wd"
expect "info newest modified" "$(jq -r .newest_modified <<< "$info")" "$newest"
txt=$("$bin" db info --db "$db")
grep -qx "records: $((ngo + npy)) ($wd withdrawn)" <<< "$txt" && ok || bad "info text: $txt"

# 3. a second import changes nothing
out=$("$bin" db import --db "$db" --format json "$real/go" "$real/pypi")
expect "re-import" "$(jq -c '[.added,.replaced,.unchanged]' <<< "$out")" "[0,0,$((ngo + npy))]"

# 4. lookups against ids python3 finds in the JSON
cat > "$tmp/q" <<'EOF'
Go	github.com/gin-gonic/gin
Go	stdlib
Go	golang.org/x/net
Go	github.com/opencontainers/runc
Go	toolchain
PyPI	Flask_Cors
PyPI	django
PyPI	Jinja2
PyPI	zope.interface
PyPI	no-such-package-anywhere
EOF
python3 - "$real" "$tmp/q" > "$tmp/want" <<'EOF'
import json, glob, re, sys
root, q = sys.argv[1], sys.argv[2]
norm = lambda e, n: re.sub(r'[-_.]+', '-', n).lower() if e == 'PyPI' else n
idx = {}
for f in glob.glob(root + '/go/*.json') + glob.glob(root + '/pypi/*.json'):
    r = json.load(open(f))
    for a in r.get('affected') or []:
        p = a.get('package') or {}
        e = p.get('ecosystem', '').split(':')[0]
        idx.setdefault((e, norm(e, p.get('name', ''))), {})[r['id']] = bool(r.get('withdrawn'))
for line in open(q):
    e, n = line.rstrip('\n').split('\t')
    ids = idx.get((e, norm(e, n)), {})
    print('%s\t%s\t%s' % (e, n, ' '.join(i + ('W' if ids[i] else '') for i in sorted(ids))))
EOF
"$lookup" "$db" < "$tmp/q" > "$tmp/got" 2> "$tmp/lerr" || bad "osvlookup: $(cat "$tmp/lerr")"
while IFS= read -r w && IFS= read -r g <&3; do
	expect "lookup ${w%%	*}/$(cut -f2 <<< "$w")" "$g" "$w"
done < "$tmp/want" 3< "$tmp/got"
# a few by hand (grep): gin has exactly these three; Flask-Cors these two
expect "gin by hand" "$(grep -l '"name": "github.com/gin-gonic/gin"' "$real"/go/*.json | xargs -n1 basename | sed 's/.json$//' | tr '\n' ' ')" \
	"$(grep -P '^Go\tgithub.com/gin-gonic/gin\t' "$tmp/got" | cut -f3) "
[ "$(grep -P '^PyPI\tFlask_Cors\t' "$tmp/got" | cut -f3)" = "PYSEC-2020-43 PYSEC-2024-71" ] && ok ||
	bad "Flask_Cors: $(grep Flask_Cors "$tmp/got")"

# 4b. matching: the pre-decoded ranges (osvlookup --match, as `bulkhead
# vuln` matches) and the reference that parses every record found
# (--match-json) give the same rows, on every bound and listed version
# of 400 packages of each database (python3 picks them, seeded)
python3 - "$real" > "$tmp/mq" <<'EOF2'
import json, glob, random, sys
root = sys.argv[1]
pk = {}
for f in sorted(glob.glob(root + '/go/*.json') + glob.glob(root + '/pypi/*.json')):
    r = json.load(open(f))
    for a in r.get('affected') or []:
        p = a.get('package') or {}
        e = p.get('ecosystem', '').split(':')[0]
        vs = pk.setdefault((e, p.get('name', '')), set())
        for g in a.get('ranges') or []:
            if g.get('type') != 'GIT':
                for ev in g.get('events') or []:
                    vs.update(v for v in ev.values() if v != '0')
        vs.update((a.get('versions') or [])[:5])
rnd = random.Random(11)
for e in ('Go', 'PyPI'):
    names = sorted(n for (x, n) in pk if x == e)
    for n in rnd.sample(names, min(400, len(names))):
        for v in sorted(pk[(e, n)])[:6]:
            print('%s\t%s\t%s\t' % (e, n, v))
EOF2
"$lookup" --match "$db" < "$tmp/mq" > "$tmp/m1" 2> "$tmp/merr" || bad "osvlookup --match: $(cat "$tmp/merr")"
"$lookup" --match-json "$db" < "$tmp/mq" > "$tmp/m2" 2> "$tmp/merr2" || bad "osvlookup --match-json: $(cat "$tmp/merr2")"
rows=$(sed -n 's/.*(\([0-9]*\) rows)$/\1/p' "$tmp/merr")
[ "${rows:-0}" -gt 100 ] && ok || bad "matching: only ${rows:-0} rows for $(wc -l < "$tmp/mq") queries"
cmp -s "$tmp/m1" "$tmp/m2" && ok || bad "matching: pre-decoded and parse_all differ: $(diff "$tmp/m1" "$tmp/m2" | head -n 4)"

# 4c. real binaries: Debian's skopeo and umoci (GOPATH builds: their build
# information names the toolchain only, one `stdlib` row) matched by
# `bulkhead vuln` against the real Go database.  The ids must be exactly
# those an independent reading in python3 finds (every non-withdrawn
# record with a `stdlib` entry whose SEMVER ranges cover the version, by
# OSV's rules and SemVer 2.0 precedence; `toolchain` entries never count),
# and, checked by hand in the JSON for go 1.19.8 (bookworm's golang-1.19):
# GO-2023-1751 (CVE-2023-24539, stdlib, fixed 1.19.9) is listed with
# fixed_version 1.19.9; GO-2023-1705 (fixed 1.19.8: the bound itself),
# GO-2023-1621 (fixed 1.19.7) and GO-2023-1839 (CVE-2023-29402, a
# `toolchain` record, fixed 1.19.10) are not.
for b in /usr/bin/skopeo /usr/bin/umoci; do
	[ -x "$b" ] || { echo "osv_real: SKIP: $b not installed"; skipped=$((skipped + 1)); continue; }
	"$bin" vuln --db "$db" --format json "$b" > "$tmp/rb.json" 2> "$tmp/rb.err"
	rc=$?
	gv=$(jq -r '[.vulnerabilities[].package | select(.name == "stdlib") | .version] | unique | join(" ")' "$tmp/rb.json")
	[ -z "$gv" ] && gv=$("$bin" sbom --format json "$b" | jq -r '.packages[] | select(.name == "stdlib") | .version')
	[ -n "$gv" ] || { bad "$b: no stdlib row"; continue; }
	jq -r '.vulnerabilities[] | ([.id] + .aliases)[] | select(startswith("GO-"))' "$tmp/rb.json" | sort -u > "$tmp/rb.got"
	python3 - "$real/go" "$gv" > "$tmp/rb.want" <<'EOF'
import glob, json, sys
root, ver = sys.argv[1], sys.argv[2]
def parse(v):
    main, _, pre = v.partition('-')
    n = [int(x) for x in main.split('.')]
    return n + [0] * (3 - len(n)), pre.split('.') if pre else []
def cmp_pre(a, b):
    if not a or not b:
        return (not a) - (not b)  # no pre-release is greater
    for x, y in zip(a, b):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(a) > len(b)) - (len(a) < len(b))
def cmp(a, b):
    (na, pa), (nb, pb) = parse(a), parse(b)
    if na != nb:
        return -1 if na < nb else 1
    return cmp_pre(pa, pb)
from functools import cmp_to_key
for f in sorted(glob.glob(root + '/*.json')):
    r = json.load(open(f))
    if r.get('withdrawn'):
        continue
    hit = False
    for a in r.get('affected') or []:
        if (a.get('package') or {}).get('name') != 'stdlib':
            continue
        if ver in (a.get('versions') or []):
            hit = True
        for g in a.get('ranges') or []:
            if g.get('type') != 'SEMVER':
                continue
            evs = [(k, v) for e in g.get('events') or [] for k, v in e.items()]
            evs.sort(key=cmp_to_key(lambda x, y: 0 if x[1] == y[1] else
                                    -1 if x[1] == '0' else 1 if y[1] == '0' else cmp(x[1], y[1])))
            state = False
            for k, v in evs:
                if k == 'introduced' and (v == '0' or cmp(ver, v) >= 0):
                    state = True
                elif k == "fixed" and cmp(ver, v) >= 0:
                    state = False
                elif k == 'last_affected' and cmp(ver, v) > 0:
                    state = False
            hit = hit or state
    if hit:
        print(r['id'])
EOF
	n=$(wc -l < "$tmp/rb.want")
	[ "$rc" = 1 ] && [ "$n" -gt 20 ] && ok || bad "$b (go $gv): exit $rc, $n records expected"
	cmp -s "$tmp/rb.got" "$tmp/rb.want" && ok ||
		bad "$b (go $gv): ids differ from python3's reading: $(diff "$tmp/rb.got" "$tmp/rb.want" | head -n 4 | tr '\n' ' ')"
	if [ "$gv" = 1.19.8 ]; then
		[ "$(jq -r '.vulnerabilities[] | select((.aliases | index("GO-2023-1751")) or .id == "GO-2023-1751") | .fixed_version' "$tmp/rb.json")" = 1.19.9 ] &&
			ok || bad "$b: GO-2023-1751 (fixed 1.19.9) not listed with its fix"
		for id in GO-2023-1705 GO-2023-1621 GO-2023-1839; do
			grep -qx "$id" "$tmp/rb.got" && bad "$b: $id listed (not affected by go 1.19.8)" || ok
		done
	else
		echo "osv_real: SKIP: $b is built with go $gv, the hand checks are for 1.19.8"
		skipped=$((skipped + 1))
	fi
done

# 5. the PyPI folder as a zip (osv.dev's all.zip layout: ID.json at the top)
python3 - "$real/pypi" "$tmp/all.zip" <<'EOF'
import sys, os, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(src)):
        if n.endswith('.json'):
            z.write(os.path.join(src, n), n)
EOF
out=$("$bin" db import --db "$tmp/z.db" --format json "$tmp/all.zip")
expect "zip import" "$(jq -c '[.added,.replaced,.unchanged]' <<< "$out")" "[$npy,0,0]"
out=$("$bin" db import --db "$tmp/s.db" --format json - < "$tmp/all.zip")
expect "zip on stdin" "$(jq -c '[.added,.replaced,.unchanged]' <<< "$out")" "[$npy,0,0]"
for d in z s; do
	expect "zip info ($d)" "$("$bin" db info --db "$tmp/$d.db" --format json | jq -c 'del(.path)')" \
		"$("$bin" db info --db "$db" --format json | jq -c 'del(.path) | .records = '"$npy"' | .withdrawn = '"$(grep -l '"withdrawn"' "$real"/pypi/*.json | wc -l)"' | .ecosystems |= map(select(.name == "PyPI"))' | jq -c --arg n "$(jq -r .newest_modified < <("$bin" db info --db "$tmp/z.db" --format json))" '.newest_modified = $n')"
done
grep -P '^PyPI\t' "$tmp/q" | "$lookup" "$tmp/z.db" > "$tmp/zgot" 2> /dev/null
expect "zip lookups" "$(cat "$tmp/zgot")" "$(grep -P '^PyPI\t' "$tmp/got")"
# one record on stdin, and the same again: unchanged
one=$real/pypi/PYSEC-2020-43.json
out=$("$bin" db import --db "$tmp/one.db" --format json - < "$one")
expect "one record on stdin" "$(jq -c '[.added,.unchanged]' <<< "$out")" "[1,0]"
out=$("$bin" db import --db "$tmp/one.db" --format json - < "$one")
expect "again" "$(jq -c '[.added,.unchanged]' <<< "$out")" "[0,1]"

# 6. a zip with a bad member: refused by name, the database unchanged
python3 - "$tmp/all.zip" "$tmp/bad.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as s, zipfile.ZipFile(sys.argv[2], 'w') as d:
    names = s.namelist()
    for n in names[:5]:
        d.writestr(n, s.read(n))
    d.writestr('ZZZ-1.json', '{"id": "ZZZ-1",\n "modified": 12}')
EOF
before=$("$bin" db info --db "$tmp/one.db" --format json)
"$bin" db import --db "$tmp/one.db" "$tmp/bad.zip" > /dev/null 2> "$tmp/err"; rc=$?
expect "bad zip exit" "$rc" 2
expect "bad zip message" "$(cat "$tmp/err")" "bulkhead: $tmp/bad.zip:ZZZ-1.json: \"modified\" is not a string"
expect "bad zip rolled back" "$("$bin" db info --db "$tmp/one.db" --format json)" "$before"
"$bin" db import --db "$tmp/fresh.db" "$tmp/bad.zip" > /dev/null 2>&1
[ ! -e "$tmp/fresh.db" ] && ok || bad "a failed import left a new database behind"

# 7. db update --from URL, from a local http server
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$tmp/www/PyPI" && cp "$tmp/all.zip" "$tmp/www/PyPI/all.zip"
(cd "$tmp/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 > /dev/null 2>&1) &
srv=$!
for _ in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2> /dev/null && break
	sleep 0.1
done
out=$("$bin" db update --db "$tmp/u.db" --format json --from "http://127.0.0.1:$port/PyPI/all.zip" 2> "$tmp/err")
expect "update --from URL" "$(jq -c '[.added,.replaced,.unchanged]' <<< "$out" 2> /dev/null)" "[$npy,0,0]"
"$bin" db update --db "$tmp/u.db" --from "http://127.0.0.1:$port/Go/all.zip" > /dev/null 2> "$tmp/err"; rc=$?
expect "update 404 exit" "$rc" 2
expect "update 404 message" "$(cat "$tmp/err")" "bulkhead: http://127.0.0.1:$port/Go/all.zip: HTTP status 404"
kill "$srv" 2> /dev/null; wait "$srv" 2> /dev/null; srv=

# 7b. a progress bar on a terminal only (script(1) gives one)
if command -v script > /dev/null; then
	script -qec "'$bin' db import --db '$tmp/tty.db' '$real/pypi'" /dev/null > "$tmp/tty" 2>&1
	grep -qaE '\[[#.]{30}\] +[0-9]+% [0-9]+ records' "$tmp/tty" && ok || bad "no progress bar on a TTY: $(head -c 200 "$tmp/tty" | od -c | head -3)"
	grep -qa "imported $npy records ($npy added" "$tmp/tty" && ok || bad "TTY run: no summary"
else
	echo "osv_real: SKIP: no script(1) for the TTY check"; skipped=$((skipped + 1))
fi

# 8. the default path: $XDG_CACHE_HOME, else $HOME/.cache, made 0700
out=$(XDG_CACHE_HOME=$tmp/xdg "$bin" db import "$one")
expect "XDG_CACHE_HOME" "$out" "imported 1 records (1 added, 0 replaced, 0 unchanged) into $tmp/xdg/bulkhead/vuln.db"
expect "XDG dir mode" "$(stat -c %a "$tmp/xdg/bulkhead")" 700
out=$(env -u XDG_CACHE_HOME HOME=$tmp/home "$bin" db import "$one")
expect "HOME" "$out" "imported 1 records (1 added, 0 replaced, 0 unchanged) into $tmp/home/.cache/bulkhead/vuln.db"
out=$(env -u XDG_CACHE_HOME HOME=$tmp/home "$bin" db info --format json | jq .records)
expect "info at the default path" "$out" 1
finish
