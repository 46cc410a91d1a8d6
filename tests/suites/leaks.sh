#!/usr/bin/env bash
# leaks.sh BINARY - no secret value in any output, tested as an attacker
# would: distinct, realistic secrets are planted in every input kind and
# every place a rule can quote, every subcommand runs in every format, and
# the suite fails when the last 6 characters of any planted secret (the
# whole of a shorter one) appear anywhere in stdout or stderr.
#
# Planted (generated at test time from fixed seeds, so this file holds no
# token other scanners would flag; every tail is distinct and appears in
# no other secret and in none of the surrounding text):
#   - Dockerfile: legacy `ENV KEY value`, two secrets on one ENV line (AWS
#     key id + Google API key; generic + Slack token), ARG defaults, LABEL
#     after non-ASCII text (é, ☕, CJK, emoji), URLs with user:password@
#     in git clone, ADD, pip --index-url and git+https, npm config set
#     (token and registry URL), apk --repository, curl -u, mysql -p, a JWT
#     after CJK text, a private key and a token in heredocs, ENV set from a
#     variable (BH1203), short passwords (3-5 and 6-7 characters) under
#     secret-named keys; legacy `LABEL key value`, passwords piped into
#     chpasswd and passwd --stdin, redis-server --requirepass (RUN, CMD
#     exec form), a config file written by a heredoc;
#   - Compose: map and list environment, map and list build.args, labels;
#     a service and a YAML anchor named by tokens (fix's refusal notes);
#   - Kubernetes: Secret data/stringData in block and flow style (base64,
#     short, private key block), ConfigMap data (plain and a properties
#     block), container env values (block and flow, after non-ASCII);
#   - an image (docker-archive written here by Python): secrets in config
#     Env and Labels, in history created_by (build args, ENV, git clone
#     URL, curl -u), and secret files in a layer (.env, a private key).
# Runs: scan (text, json, sarif, html; also -j 1 and -j 2, --ignore of
# every secret rule, a .bulkhead.yaml that ignores them, inline ignores,
# --severity low), secrets (text, json, html; -j 1, -j 2), image (text,
# json, sarif, html; also --ignore of the secret rules), dump (and
# --heredocs, --lines, --format json), fix (diff, --explain, --format
# json: its refusal notes quote those names), and explain (text, json) of every rule, whose examples are
# case files: none may show a secret value of tests/cases ("--- absent"
# lines and tokens of well-known formats).
# The suite can fail: it first checks that every tail is found in the
# inputs and that the leak check catches a planted leak.  It also checks
# that the secret findings are there, at the right line and byte column
# (`secrets` and `scan` agreeing on YAML columns after non-ASCII text;
# `secrets` finding the env values as name/value pairs).
# Needs python3 (skipped, and says so, without it) and jq.
# Ends with "leaks: N passed, N failed[, N skipped]".
set -u
bin=$(realpath "${1:?usage: leaks.sh BULKHEAD_BINARY}")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL leaks: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "leaks: $pass passed, $fail failed, $skip skipped"
	else
		echo "leaks: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
if ! command -v python3 > /dev/null 2>&1 || ! command -v jq > /dev/null 2>&1; then
	echo "skipped leaks: python3 or jq not found"
	skip=1
	finish
fi
exec < /dev/null   # only "dump -" reads standard input, given explicitly
tmp=$(mktemp -d /tmp/bh-leaks.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
in=$tmp/in
mkdir -p "$in/df" "$in/compose" "$in/k8s" "$in/img"

# -- the inputs ------------------------------------------------------------
# gen.py writes the inputs, secrets.tsv (name, value, tail) and
# expect.tsv (file, line, byte column, rule: findings that must exist).
cat > "$tmp/gen.py" <<'PY'
import base64, hashlib, io, json, os, re, sys, tarfile

root = sys.argv[1]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

def stream(seed):
    n = 0
    while True:
        for b in hashlib.sha256(("bulkhead-leaks/%s/%d" % (seed, n)).encode()).digest():
            yield b
        n += 1

def rnd(seed, n, chars=ALNUM, must=None):
    out, s = "", stream(seed)
    while len(out) < n:
        c = chars[next(s) % len(chars)]
        if out and c == out[-1]:
            continue
        out += c
    if must and not re.search(must, out):
        return rnd(seed + "'", n, chars, must)
    return out

S = {}
def secret(name, value):
    S[name] = value
    return value

UP = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# short passwords: an upper-case letter, a digit, never hex-only
def short(name, n):
    return secret(name, rnd(name, n, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789",
                            must=r"[A-Z].*[0-9]|[0-9].*[A-Z]"))

gh = lambda k: secret(k, "gh" + "p_" + rnd(k, 36))
secret("aws", "AK" + "IA" + rnd("aws", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
secret("gkey", "AI" + "za" + rnd("gkey", 35, ALNUM + "_-"))
secret("slack", "xo" + "xb-" + rnd("sl1", 11, "123456789") + "-" + rnd("sl2", 12, "123456789") + "-" + rnd("sl3", 24))
secret("slack2", "xo" + "xp-" + rnd("sl4", 11, "123456789") + "-" + rnd("sl5", 24))
secret("npm1", "np" + "m_" + rnd("npm1", 36))
secret("npm2", "np" + "m_" + rnd("npm2", 36))
secret("npm3", "np" + "m_" + rnd("npm3", 36))
secret("npm4", "np" + "m_" + rnd("npm4", 36))
def jwt(k):
    h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    p = base64.urlsafe_b64encode(('{"sub":"%s","iat":1700000000}' % rnd(k + "s", 10)).encode()).decode().rstrip("=")
    return secret(k, h + "." + p + "." + rnd(k, 43, ALNUM + "_-"))
def gen(k, n):
    return secret(k, rnd(k, n, ALNUM + "#%+", must=r"[0-9].*[A-Z]|[A-Z].*[0-9]"))
def key(k):
    body = [rnd(k + str(i), 64, ALNUM + "+/") for i in range(4)] + [rnd(k + "e", 20, ALNUM + "+/") + "=="]
    secret(k, body[-1][:-2])       # the tail of the body
    return body
for k in ("gh1", "gh2", "gh3", "gh4", "gh5", "gh6", "gh7", "gh8", "gh9",
          "gh10", "gh11"):
    gh(k)
for k in ("url1", "url3", "url4", "url5", "url6", "url7"):
    secret(k, rnd(k, 14, ALNUM + "-_.~", must=r"[0-9].*[A-Z]|[A-Z].*[0-9]"))
gen("url2", 14)   # unencoded '#', '%' and '+' in a URL password
for k in ("gen1", "gen2", "gen3", "gen4", "gen5", "gen6", "gen7"):
    gen(k, 20)
for k, n in (("sh3a", 3), ("sh3b", 3), ("sh4a", 4), ("sh4b", 4), ("sh4c", 4),
             ("sh4d", 4), ("sh5a", 5), ("sh5b", 5), ("sh6a", 6), ("sh6b", 6),
             ("sh6c", 6), ("sh7a", 7), ("sh7b", 7), ("sh7c", 7), ("sh5c", 5),
             ("sh5d", 5), ("sh5e", 5)):
    short(k, n)
jwt("jwt1"); jwt("jwt2")
k1 = key("key1"); k2 = key("key2"); k3 = key("key3")
def b64(k):
    return secret(k, base64.b64encode(rnd(k + "plain", 18).encode()).decode())
b64("b64a"); b64("b64b"); b64("b64c")

def pem(body, kind, indent=""):
    return "\n".join([indent + "-----BEGIN %s PRIV" % kind + "ATE KEY-----"] +
                     [indent + l for l in body] +
                     [indent + "-----END %s PRIV" % kind + "ATE KEY-----"])

expect = []
def write(rel, text):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w", encoding="utf-8").write(text)
    return text

def where(text, needle, anchor=None):
    """(line, byte col) of "anchor" on the line holding "needle"."""
    for i, line in enumerate(text.split("\n")):
        if needle in line:
            a = anchor if anchor is not None else needle
            return i + 1, len(line[:line.index(a)].encode()) + 1
    raise SystemExit("not found: " + needle)

def exp(rel, text, name, rule, anchor=None):
    line, col = where(text, S[name] if name in S else name, anchor)
    expect.append("%s\t%d\t%d\t%s\t%s" % (rel, line, col, rule, name))

# passwords on command lines, the legacy LABEL form, a config heredoc
for k in ("lp1", "cp1", "cp2", "cp3", "cp4", "cp5"):
    short(k, 9)

# ---- Dockerfile ----
df = write("df/Dockerfile", """\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
ARG NPM_TOKEN={npm1}
ARG ADMIN_PASS={sh3a}
ENV API_TOKEN {gh1}
ENV DB_PASSWORD {sh4a}
ENV AWS_ACCESS_KEY_ID={aws} GOOGLE_API_KEY={gkey}
ENV GOOGLE_CLIENT_SECRET={gen1} SLACK_TOKEN={slack}
LABEL description="café ☕ 日本語 🚀" deploy.token={gh2}
LABEL db.password={sh6a}
RUN git clone https://deploy:{url1}@git.corp.net/team/app.git /src
ADD https://fetch:{url2}@files.corp.net/pkg/app.tgz /tmp/app.tgz
RUN pip install --index-url https://pypi:{url3}@pypi.corp.net/simple flask && pip install git+https://ci:{url4}@git.corp.net/lib.git
RUN npm config set //registry.npmjs.org/:_authToken={npm2} && npm config set registry https://npmu:{url5}@npm.corp.net/
RUN apk add --no-cache --repository https://apk:{url6}@apk.corp.net/main curl
RUN curl -fsS -u admin:{sh7a} https://api.corp.net/x && mysql -p{sh5a} -h db
RUN echo "設定 🔑 token {jwt1}" > /etc/app.conf
COPY <<EOF /root/.ssh/id_rsa
{pem1}
EOF
RUN <<EOF
echo "café {gh3}"
export SESSION_PASSWORD={sh6b}
EOF
LABEL legacy.password {lp1}
RUN echo 'root:{cp1}' | chpasswd && echo "{cp2}" | passwd --stdin app
RUN redis-server --requirepass {cp3} --daemonize yes
COPY <<EOF /etc/app/app.ini
[db]
password = {cp4}
EOF
CMD ["redis-server", "--requirepass", "{cp5}"]
ARG SESSION_INPUT
ENV SESSION_SECRET=$SESSION_INPUT
USER root
""".format(pem1=pem(k1, "RSA"), **S))
for name, rule in (("npm1", "BH1200"), ("sh3a", "BH1200"), ("gh1", "BH1200"),
                   ("sh4a", "BH1200"), ("aws", "BH1200"), ("gkey", "BH1200"),
                   ("gen1", "BH1200"), ("slack", "BH1200"), ("gh2", "BH1200"),
                   ("sh6a", "BH1200"), ("url1", "BH1201"), ("url3", "BH1201"),
                   ("url4", "BH1201"), ("npm2", "BH1201"), ("url5", "BH1201"),
                   ("url6", "BH1201"), ("sh7a", "BH1201"), ("sh5a", "BH1201"),
                   ("jwt1", "BH1201"), ("gh3", "BH1201"),
                   ("lp1", "BH1200"), ("cp1", "BH1201"), ("cp2", "BH1201"),
                   ("cp3", "BH1201"), ("cp4", "BH1201"), ("cp5", "BH1201")):
    exp("df/Dockerfile", df, name, rule)
exp("df/Dockerfile", df, "ENV API_TOKEN", "BH1053", "ENV")
exp("df/Dockerfile", df, "-----BEGIN RSA", "BH1201")
exp("df/Dockerfile", df, "ENV SESSION_SECRET", "BH1203", "SESSION_SECRET")

# ---- Compose ----
short("sh4e", 4); short("sh3c", 3); gen("gen8", 20)
cp = write("compose/compose.yaml", """\
services:
  web:
    image: nginx:1.27
    environment:
      DB_PASSWORD: "{sh4b}"
      API_KEY: {gen2}
      GITHUB_TOKEN: {gh4}
      NOTE: "日本語 ☕"
    build:
      context: .
      args:
        NPM_TOKEN: {npm3}
        BUILD_SECRET: "{sh6c}"
    labels:
      com.corp.note: "日本 {gh5}"
  worker:
    image: busybox:1.36
    environment:
      - REDIS_PASSWORD={sh5b}
      - "SMTP_PASSWORD={sh7b}"
    build:
      context: .
      args:
        - PIP_TOKEN={gen3}
        - DEPLOY_PASS={sh3b}
  flow: {{image: "redis:latest", environment: {{REDIS_PASSWORD: "{sh4e}"}}}}
""".format(**S))
for name, key in (("sh4b", "DB_PASSWORD"), ("gen2", "API_KEY"),
                  ("gh4", "GITHUB_TOKEN"), ("npm3", "NPM_TOKEN"),
                  ("sh6c", "BUILD_SECRET"), ("sh5b", "REDIS_PASSWORD"),
                  ("sh7b", '"SMTP_PASSWORD'), ("gen3", "PIP_TOKEN"),
                  ("sh3b", "DEPLOY_PASS"), ("sh4e", "REDIS_PASSWORD")):
    exp("compose/compose.yaml", cp, name, "BH2006", key)

# ---- Kubernetes ----
short("sh6d", 6)
k8 = write("k8s/manifests.yaml", """\
apiVersion: v1
kind: Secret
metadata:
  name: creds
type: Opaque
data:
  password: {b64a}
  token: {b64b}
stringData:
  db-password: {sh4c}
  api-key: "{gen4}"
  id_ed25519: |
{pem2}
---
apiVersion: v1
kind: Secret
metadata: {{name: flow}}
stringData: {{password: {sh5c}, token: "{gen5}"}}
data: {{key: {b64c}}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  DB_PASSWORD: {sh6d}
  app.properties: |
    # 日本語 ☕
    datasource.password={gen6}
    slack.token={slack2}
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: DB_PASSWORD
      value: "{sh7c}"
    - {{name: "NOTE_日本", value: "{gh6}"}}
    - name: AUTH_JWT
      value: {jwt2}
    - name: SHORT_PASS
      value: {sh5d}
---
apiVersion: v1
kind: Pod
metadata: {{name: q}}
spec:
  containers:
  - {{name: app, image: "nginx:latest", env: [{{name: ADMIN_PASSWORD, value: "{sh3c}"}}, {{name: API_TOKEN, value: "{gen8}"}}]}}
""".format(pem2=pem(k2, "OPENSSH", "    "), **S))
for name, key, rule in (("b64a", "password", "BH3039"), ("b64b", "token", "BH3039"),
                        ("sh4c", "db-password", "BH3039"), ("gen4", "api-key", "BH3039"),
                        ("sh5c", "password", "BH3039"), ("gen5", "token", "BH3039"),
                        ("b64c", "key", "BH3039"), ("sh6d", "DB_PASSWORD", "BH3040"),
                        ("sh7c", "value", "BH3038"), ("gh6", "value", "BH3038"),
                        ("jwt2", "value", "BH3038"), ("sh5d", "value", "BH3038")):
    exp("k8s/manifests.yaml", k8, name, rule, key)
exp("k8s/manifests.yaml", k8, "id_ed25519", "BH3039", "id_ed25519")
exp("k8s/manifests.yaml", k8, "sh3c", "BH3038", "value")
exp("k8s/manifests.yaml", k8, "gen8", "BH3038", 'value: "' + S["gen8"])
# lines where a secret shares the line with findings of other rules
same = [("compose/compose.yaml", where(cp, S["sh4e"])[0]),
        ("k8s/manifests.yaml", where(k8, S["sh3c"])[0]),
        ("df/Dockerfile", where(df, S["gh1"])[0])]
exp("k8s/manifests.yaml", k8, "app.properties", "BH3040", "app.properties")

# ---- image ----
def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()
def tar(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for path, data in files:
            ti = tarfile.TarInfo(path); ti.mtime = 0; ti.mode = 0o600
            if data is None:
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            else:
                ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()
l1 = tar([("app", None), ("app/.env", ("STRIPE_KEY=sk_" + "live_" + rnd("stripe", 24) + "\nDB_PASSWORD=" + short("sh4d", 4) + "\n").encode()),
          ("root", None), ("root/.ssh", None), ("root/.ssh/id_rsa", (pem(k3, "RSA") + "\n").encode()),
          ("app/config.yml", ("github:\n  token: " + S["gh7"] + "\n").encode())])
secret("stripe", "sk_" + "live_" + rnd("stripe", 24))
layers = [l1]
hist = [
    "/bin/sh -c #(nop) ADD file:abc in / ",
    "ARG DEPLOY_KEY=" + S["gen7"],
    "|2 DEPLOY_KEY=%s NPM_TOKEN=%s /bin/sh -c npm ci" % (S["gen7"], S["npm4"]),
    "/bin/sh -c git clone https://bot:%s@git.corp.net/x.git && curl -u ops:%s https://h/ | sh" % (S["url7"], S["sh5e"]),
    "/bin/sh -c #(nop)  ENV API_TOKEN=%s DB_PASSWORD=%s" % (S["gh8"], S["sh4d"]),
]
cfg = {"architecture": "amd64", "os": "linux",
       "config": {"Env": ["PATH=/usr/bin", "API_TOKEN=" + S["gh8"], "DB_PASSWORD=" + S["sh4d"]],
                  "Labels": {"ci.token": S["gh9"], "note": "日本語"}, "User": "root"},
       "rootfs": {"type": "layers", "diff_ids": [sha(l) for l in layers]},
       "history": [{"created": "1970-01-01T00:00:00Z", "created_by": h,
                    "empty_layer": i != 0} for i, h in enumerate(hist)]}
c = json.dumps(cfg, sort_keys=True).encode()
with tarfile.open(os.path.join(root, "img/app.tar"), "w", format=tarfile.PAX_FORMAT) as t:
    def put(name, data):
        ti = tarfile.TarInfo(name); ti.mtime = 0; ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    put(sha(c)[7:] + ".json", c)
    names = []
    for i, l in enumerate(layers):
        put("l%d/layer.tar" % i, l); names.append("l%d/layer.tar" % i)
    put("manifest.json", json.dumps([{"Config": sha(c)[7:] + ".json", "RepoTags": ["corp/app:1"], "Layers": names}]).encode())

# ---- checks of the plant itself ----
# no tail in the text around the secrets
for text in (df, cp, k8):
    for v in sorted(S.values(), key=len, reverse=True):
        text = text.replace(v, "")
    for l in k1 + k2:
        text = text.replace(l, "")
    for k, v in S.items():
        if v[-6:] in text:
            raise SystemExit("tail of %s is in the surrounding text" % k)
tails = {}
for k, v in S.items():
    t = v[-6:]
    if t in tails:
        raise SystemExit("tail of %s repeats %s" % (k, tails[t]))
    tails[t] = k
for k, v in S.items():
    for k2, v2 in S.items():
        if k != k2 and v[-6:] in v2:
            raise SystemExit("tail of %s appears in %s" % (k, k2))
# fix's refusal notes quote a service name and an anchor name
write("fixnote/compose.yaml", """\
services:
  %s:
    image: nginx:1.25
    user: root
    cap_add: [NET_ADMIN]
  web:
    image: nginx:1.25
    privileged: &%s true
  api:
    image: nginx:1.25
    privileged: *%s
""" % (S["gh10"], S["gh11"], S["gh11"]))
with open(os.path.join(root, "../secrets.tsv"), "w") as f:
    for k, v in S.items():
        f.write("%s\t%s\n" % (k, v[-6:]))
with open(os.path.join(root, "../expect.tsv"), "w") as f:
    f.write("\n".join(expect) + "\n")
with open(os.path.join(root, "../sameline.tsv"), "w") as f:
    f.write("".join("%s\t%d\n" % x for x in same))
PY
if ! python3 "$tmp/gen.py" "$in" > "$tmp/gen.log" 2>&1; then
	bad "cannot write the inputs: $(tail -n 3 "$tmp/gen.log")"
	finish
fi
# inline ignores: the same Dockerfile with every secret rule silenced
mkdir -p "$in/df-pragma"
sed -e 's/^\(ENV\|ARG\|LABEL\|RUN\|ADD\|COPY\) /# bulkhead ignore=BH1200,BH1201,BH1203,BH1053\n\1 /' \
	"$in/df/Dockerfile" > "$in/df-pragma/Dockerfile"
# a config that turns every secret rule off
mkdir -p "$tmp/cfg"
printf 'ignore: [BH1200, BH1201, BH1203, BH2006, BH3038, BH3039, BH3040]\n' \
	> "$tmp/cfg/.bulkhead.yaml"

# -- the leak check --------------------------------------------------------
# leaks FILE...: the planted tails found in FILE (name:tail), one a line.
leaks() {
	local name tail
	while IFS=$'\t' read -r name tail; do
		if grep -qF -- "$tail" "$@" 2> /dev/null; then
			echo "$name:$tail"
		fi
	done < "$tmp/secrets.tsv"
}
n=$(wc -l < "$tmp/secrets.tsv")

# the suite can fail: every tail is in the inputs ...
missing=$(while IFS=$'\t' read -r name tail; do
	grep -rqF -- "$tail" "$in" || echo "$name"
done < "$tmp/secrets.tsv")
if [ "$n" -ge 50 ] && [ -z "$missing" ]; then ok; else
	bad "self-check: $n secrets, not found in the inputs: $missing"
fi
# ... and the check catches one in an output
head -n 1 "$tmp/secrets.tsv" | cut -f2 | sed 's/^/output with a leak: /' > "$tmp/canary"
if [ "$(leaks "$tmp/canary" | wc -l)" = 1 ]; then ok; else
	bad "self-check: a planted leak was not caught"
fi

# run LABEL DIR ARGS...: runs bulkhead in DIR, keeps stdout and stderr,
# fails when either shows a tail, a sanitizer reports, or the exit code is
# not 0/1 (2 too with ALLOW_RC2=1).
runs=0
run() {
	local label=$1 dir=$2; shift 2
	local out=$tmp/out.$runs err=$tmp/err.$runs
	runs=$((runs + 1))
	(cd "$dir" && "$bin" "$@" > "$out" 2> "$err")
	local rc=$?
	local found
	found=$(leaks "$out" "$err" | tr '\n' ' ')
	if [ -n "$found" ]; then
		bad "$label: shows $found"
	elif grep -q "Sanitizer\|runtime error" "$err"; then
		bad "$label: $(grep -m1 -E 'ERROR|runtime error' "$err")"
	elif [ $rc -gt 1 ] && ! [ "${ALLOW_RC2:-}" = 1 ]; then
		bad "$label: exit $rc: $(head -c 300 "$err")"
	else
		ok
	fi
	last_out=$out
}

ign=(--ignore BH1200 --ignore BH1201 --ignore BH1203 --ignore BH2006
     --ignore BH3038 --ignore BH3039 --ignore BH3040)
for fmt in text json sarif html; do
	run "scan --format $fmt" "$in" scan --format "$fmt" --no-color df compose k8s
	run "scan --format $fmt -j 1" "$in" scan --format "$fmt" -j 1 df compose k8s
	run "scan --format $fmt -j 2" "$in" scan --format "$fmt" -j 2 df compose k8s
	run "scan --format $fmt (secret rules ignored)" "$in" scan --format "$fmt" \
		"${ign[@]}" df compose k8s
	run "scan --format $fmt (.bulkhead.yaml off)" "$in" scan --format "$fmt" \
		--config "$tmp/cfg/.bulkhead.yaml" df compose k8s
	run "scan --format $fmt (inline ignores)" "$in" scan --format "$fmt" df-pragma
	run "scan --format $fmt --severity low" "$in" scan --format "$fmt" \
		--severity low,info df compose k8s
	run "scan --format $fmt compose -f" "$in/compose" scan --format "$fmt" -f compose.yaml
	run "image --format $fmt" "$in" image --no-progress --format "$fmt" img/app.tar
	run "image --format $fmt (secret rules ignored)" "$in" image --no-progress \
		--format "$fmt" --ignore BH4006 --ignore BH4007 --ignore BH4008 \
		--ignore BH4015 --ignore BH4017 img/app.tar
done
for fmt in text json html; do
	for j in 1 2; do
		run "secrets --format $fmt -j $j" "$in" secrets --format "$fmt" -j "$j" \
			df/Dockerfile compose/compose.yaml k8s/manifests.yaml img/app.tar
		run "secrets --format $fmt -j $j DIR" "$in" secrets --format "$fmt" -j "$j" .
	done
done
run "dump" "$in" dump df/Dockerfile
run "dump --heredocs" "$in" dump --heredocs df/Dockerfile
run "dump --lines" "$in" dump --lines df/Dockerfile
run "dump stdin" "$in" dump - < "$in/df/Dockerfile"
run "dump --format json" "$in" dump --format json df/Dockerfile
run "dump --format json stdin" "$in" dump --format json - < "$in/df/Dockerfile"
# fix: its notes (a refused fix's reason on stderr, a default in
# --explain and --format json) quote the file: a service named by a token,
# an anchor named by one; the refusals must be there, masked
for fargs in "" "--explain" "--format json"; do
	# shellcheck disable=SC2086
	run "fix $fargs (refusal notes)" "$in" fix $fargs fixnote/compose.yaml
	if [ "$(grep -c 'not fixed: .*ghp_\*\*\*\*' "$tmp/err.$((runs - 1))")" = 3 ]; then ok; else
		bad "fix $fargs: the 3 refusals (masked) are not on stderr"
	fi
done
# an error line quoting its input (BuildKit's "can't find = in WORD")
printf 'FROM a\nENV A=b %s\n' "$(grep -m1 '^ENV API_TOKEN' "$in/df/Dockerfile" | cut -d' ' -f3)" \
	> "$in/bad.Dockerfile"
ALLOW_RC2=1 run "scan of an invalid file" "$in" scan bad.Dockerfile
ALLOW_RC2=1 run "dump of an invalid file" "$in" dump bad.Dockerfile

# -- explain: the examples taken from tests/cases --------------------------
# `bulkhead explain ID` shows case files as examples.  The secret values in
# those files are the ones their cases list under "--- absent" (values no
# output may show) and every token of a well-known format in any case file
# (AWS key ids, GitHub, Slack, Google, GitLab, npm, Stripe tokens); none may
# appear in `explain ID` or `explain ID --format json` (a token: as a word
# of its own), for every rule id.
cases=$(cd "$(dirname "$0")/../cases" 2> /dev/null && pwd)
if [ -n "$cases" ] && [ -d "$cases" ]; then
	python3 - "$bin" "$cases" > "$tmp/explain.out" 2>&1 <<'PY'
import json, os, re, subprocess, sys
B, cases = sys.argv[1], sys.argv[2]
TOKEN = re.compile(r"(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}"
                   r"|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20}"
                   r"|npm_[A-Za-z0-9]{36}|sk_live_[0-9a-zA-Z]{24,}")
values = set()   # "--- absent" lines: no output may hold them at all
tokens = set()   # token formats: no output may hold one as a word
for d, _, names in os.walk(cases):
    for n in names:
        if not n.endswith(".case"):
            continue
        text = open(os.path.join(d, n), encoding="utf-8", errors="surrogateescape").read()
        # not the documented placeholders ("AKIAIOSFODNN7EXAMPLE"), which
        # the detector and the quiet cases hold to be no secret
        tokens.update(t for t in TOKEN.findall(text) if "EXAMPLE" not in t)
        section = None
        for line in text.split("\n"):
            if line.startswith("--- "):
                section = line[4:].split()[0] if line[4:].split() else ""
            elif section == "absent" and len(line.strip()) >= 4 and \
                    not re.match(r"^BH[0-9]{4}$", line.strip()):   # a rule id, not a secret
                values.add(line.strip())
def ok(): print("ok")
def bad(m): print("FAIL leaks: " + m)
# an "--- absent" value of a token format is a token
tokens |= {v for v in values if TOKEN.fullmatch(v)}
values -= tokens
if len(values) >= 20 and len(tokens) >= 5: ok()
else: bad("explain: only %d secret values and %d tokens found in %s" % (len(values), len(tokens), cases))
def word(v):
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(v) + r"(?![A-Za-z0-9])")
words = [(t, word(t)) for t in sorted(tokens)]
p = subprocess.run([B, "rules", "--format", "json"], capture_output=True)
try:
    ids = [r["id"] for r in json.loads(p.stdout)]
except (ValueError, KeyError, TypeError):
    ids = []
if ids: ok()
else: bad("explain: 'bulkhead rules --format json' lists no rule")
# the check can fail: a value is caught in an output that holds it
if all(v in "x%sy" % v for v in values) and all(w.search("x %s y" % t) for t, w in words): ok()
else: bad("explain: self-check")
shown = 0   # outputs that show an example (the check looks at something)
for rid in ids:
    for fmt in ("text", "json"):
        p = subprocess.run([B, "explain", rid, "--format", fmt], capture_output=True)
        out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
        # a token counts as a word of its own (a quiet case's longer
        # look-alike, "AKIA...Y5Q", is another word, not that token)
        found = sorted({v for v in values if v in out} |
                       {t for t, w in words if w.search(out)})
        if found:
            bad("explain %s --format %s shows %s" % (rid, fmt, " ".join(found)))
        elif p.returncode != 0 or p.stderr:
            bad("explain %s --format %s: exit %d [%s]" % (rid, fmt, p.returncode, p.stderr[:200]))
        else:
            ok()
        if "BEFORE: fires" in out or '"case": ' in out:
            shown += 1
if shown >= len(ids): ok()
else: bad("explain: only %d of %d outputs show an example" % (shown, 2 * len(ids)))
PY
	grep -v '^ok$' "$tmp/explain.out"
	pass=$((pass + $(grep -c '^ok$' "$tmp/explain.out")))
	fail=$((fail + $(grep -c '^FAIL' "$tmp/explain.out")))
	grep -q '^ok$' "$tmp/explain.out" || bad "explain: the check did not run"
else
	bad "explain: tests/cases not found next to the suite"
fi
# -- the findings are still there, where they belong ------------------------
(cd "$in" && "$bin" scan --format json df/Dockerfile compose/compose.yaml \
	k8s/manifests.yaml > "$tmp/scan.json" 2> /dev/null)
jq -r '.findings[] | "\(.file)\t\(.line)\t\(.column)\t\(.rule_id)"' "$tmp/scan.json" \
	> "$tmp/got.tsv"
while IFS=$'\t' read -r f l c r name; do
	if grep -qxF -- "$f"$'\t'"$l"$'\t'"$c"$'\t'"$r" "$tmp/got.tsv"; then ok; else
		bad "no $r finding at $f:$l:$c (for $name)"
	fi
done < "$tmp/expect.tsv"
(cd "$in" && "$bin" image --no-progress --format json img/app.tar > "$tmp/img.json" 2> /dev/null)
for r in BH4006 BH4007 BH4008 BH4015 BH4017; do
	if jq -e --arg r "$r" '[.findings[] | select(.rule_id == $r)] | length > 0' \
		"$tmp/img.json" > /dev/null; then ok; else bad "image: no $r finding"; fi
done
# with the secret rules off, other rules still show the lines that hold
# secrets (so the runs above did test their excerpts)
(cd "$in" && "$bin" scan --format json "${ign[@]}" df/Dockerfile \
	compose/compose.yaml k8s/manifests.yaml > "$tmp/ign.json" 2> /dev/null)
while IFS=$'\t' read -r f l; do
	if jq -e --arg f "$f" --argjson l "$l" \
		'[.findings[] | select(.file == $f and .line == $l)] | length > 0' \
		"$tmp/ign.json" > /dev/null; then ok; else
		bad "no other finding on the secret's line $f:$l"
	fi
done < "$tmp/sameline.tsv"
# `secrets` counts columns in bytes like `scan`: the token after non-ASCII
# text on the LABEL line, and in YAML after CJK text
(cd "$in" && "$bin" secrets df/Dockerfile k8s/manifests.yaml > "$tmp/sec.txt" 2> /dev/null)
lab=$(awk -F'\t' '$5 == "gh2" { print $1 ":" $2 ":" $3 }' "$tmp/expect.tsv")
if [ -n "$lab" ] && grep -q "^$lab: high github-pat-classic " "$tmp/sec.txt"; then ok; else
	bad "secrets and scan disagree on the column after non-ASCII text ($lab)"
fi
gh6=$(grep -n '"NOTE_日本"' "$in/k8s/manifests.yaml" | cut -d: -f1)
col=$(grep '"NOTE_日本"' "$in/k8s/manifests.yaml" | sed 's/ghp_.*//' | LC_ALL=C wc -c)
if grep -q "^k8s/manifests.yaml:$gh6:$col: high github-pat-classic " "$tmp/sec.txt"; then ok; else
	bad "secrets: YAML token column not in bytes (want $gh6:$col)"
fi
# `secrets` reads no manifest model: the env values written as name/value
# pairs (block, quoted and not; flow after another mapping) are the
# engine's (sec_scan.c try_pair), found at their byte column
if out=$(python3 - "$in/k8s/manifests.yaml" "$tmp/expect.tsv" "$tmp/secrets.tsv" \
	"$tmp/sec.txt" <<'PY'
import re, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
where = {r[4]: int(r[1]) for r in (l.split("\t") for l in open(sys.argv[2]).read().splitlines())}
tails = dict(l.split("\t")[:2] for l in open(sys.argv[3]).read().splitlines())
got = open(sys.argv[4], "rb").read()
miss = []
for v in ("sh7c", "sh5d", "sh3c", "gen8"):
    line = where[v]
    m = re.search(rb'value: "?([^", }]*' + re.escape(tails[v].encode()) + rb')', lines[line - 1])
    want = b"k8s/manifests.yaml:%d:%d: medium generic-secret " % (line, m.start(1) + 1)
    if want not in got:
        miss.append("%s at %d:%d" % (v, line, m.start(1) + 1))
print(", ".join(miss))
sys.exit(1 if miss else 0)
PY
); then ok; else bad "secrets: env values (name/value pairs) not found: $out"; fi
# a `scan` text excerpt still shows the line, with the value hidden
(cd "$in" && "$bin" scan --no-color --ignore BH1200 df > "$tmp/scan.txt" 2> /dev/null)
if grep -qF '  ENV API_TOKEN ghp_************************************' "$tmp/scan.txt"; then ok; else
	bad "the BH1053 excerpt of the legacy ENV line is not masked as expected"
fi

finish
