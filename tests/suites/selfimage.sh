#!/usr/bin/env bash
# selfimage.sh BINARY - the container image of bulkhead itself (issue 14,
# docs/container.md): scripts/build_image.sh builds it into a temporary
# directory (the static binary in build-static/, reused between runs), then
# BINARY (the normal build) audits it and the Dockerfile:
#   - the image's binary, unpacked with umoci, is static (`file`, `ldd`,
#     no PT_INTERP) and runs (`--version` equals BINARY's);
#   - the image holds exactly /usr/local/bin/bulkhead, /work and
#     /var/lib/dpkg/status.d/: no /bin/sh, no shell, no package manager,
#     no /etc; the status.d records are the packages owning the archives
#     the linker map names (dpkg -S), at dpkg-query's versions;
#   - its config is the Dockerfile's final stage: USER, ENTRYPOINT, CMD,
#     WORKDIR, the labels, HEALTHCHECK NONE (read from the Dockerfile here,
#     so the two cannot drift apart); the user is numeric and not root;
#   - `bulkhead image` on the OCI layout and on the docker-archive: no
#     findings, exit 0; `bulkhead scan Dockerfile`: no findings, exit 0;
#     `bulkhead sbom` (json, spdx, cyclonedx): exit 0, valid documents
#     listing exactly the status.d packages, names, versions and source
#     packages equal to dpkg-query's;
#   - controls that show those checks can fail: the same layout with the
#     user removed (BH4001), with the Healthcheck removed (BH4003), and the
#     Dockerfile without USER (BH1001);
#   - the static binary (built -Dnet=false) refuses `db update --from
#     URL` with one line, exit 2, and still imports `--from PATH`; it
#     serves the admission webhook (libevent, OpenSSL): `serve --help`,
#     a missing certificate one line and exit 2, /healthz and a denied
#     review over HTTPS, SIGTERM exit 0;
#   - `bulkhead vuln --distro debian:12` on the image matches a made-up
#     zlib advisory against the zlib1g-dev record.
# Skips, with the reason, when umoci, skopeo, jq or file is missing.
# Ends with "selfimage: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$(realpath "$1")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL selfimage: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped selfimage: $*"; }
finish() { echo "selfimage: $pass passed, $fail failed, $skip skipped"; exit 0; }
tmp=$(mktemp -d /tmp/bh-selfimage.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg-cache

for t in umoci skopeo jq file readelf dpkg dpkg-query; do
	command -v "$t" > /dev/null || { skipped "$t is not installed (make deps)"; finish; }
done

# ---- build ----------------------------------------------------------------
start=$(date +%s)
if bash scripts/build_image.sh "$tmp/img" > "$tmp/build.log" 2>&1; then
	ok
else
	bad "scripts/build_image.sh failed: $(tail -c 600 "$tmp/build.log")"
	finish
fi
echo "selfimage: image built in $(( $(date +%s) - start ))s"
oci=$tmp/img/oci
darc=$tmp/img/bulkhead.docker.tar

# ---- the binary inside, unpacked ------------------------------------------
rl=(); [ "$(id -u)" = 0 ] || rl=(--rootless)
if umoci unpack "${rl[@]}" --image "$oci:bulkhead" "$tmp/bundle" > "$tmp/unpack.log" 2>&1; then
	ok
else
	bad "umoci unpack: $(tail -c 300 "$tmp/unpack.log")"; finish
fi
rootfs=$tmp/bundle/rootfs
ib=$rootfs/usr/local/bin/bulkhead
if [ -x "$ib" ] && file -b "$ib" | grep -q 'statically linked' &&
   ! ldd "$ib" > /dev/null 2>&1 && ! readelf -lW "$ib" | grep -q INTERP; then
	ok
else
	bad "image binary is not static: $(file -b "$ib" 2>&1)"
fi
v_img=$("$ib" --version 2>&1); v_bin=$("$bin" --version 2>&1)
if [ -n "$v_img" ] && [ "$v_img" = "$v_bin" ]; then ok
else bad "image binary --version: '$v_img', want '$v_bin'"; fi

# exactly these paths: the binary, the dpkg records of what it links, /work
got=$(cd "$rootfs" && find . -mindepth 1 ! -path './var/lib/dpkg/status.d/*' | sort | tr '\n' ' ')
want="./usr ./usr/local ./usr/local/bin ./usr/local/bin/bulkhead ./var ./var/lib ./var/lib/dpkg ./var/lib/dpkg/status.d ./work "
if [ "$got" = "$want" ]; then ok; else bad "image files: '$got', want '$want'"; fi
# the records: one per package whose archive the linker map names, each
# owned (dpkg -S) by that package, fields equal to dpkg-query's (the oracle)
sd=$rootfs/var/lib/dpkg/status.d
recs=$(cd "$sd" && ls | sort | tr '\n' ' ')
mapped=$(sed -n '/^Archive member included/,/^\(Discarded input sections\|Memory Configuration\)/p' \
	"${BH_STATIC_BUILD:-$root/build-static}/bulkhead.map" | grep -oE '^/[^ (]+\.a\(' | sed 's/($//' | sort -u \
	| while read -r a; do dpkg -S "$(realpath "$a")" | head -n 1 | cut -d: -f1; done | sort -u | tr '\n' ' ')
if [ -n "$recs" ] && [ "$recs" = "$mapped" ]; then ok
else bad "status.d records '$recs', linker map packages '$mapped'"; fi
for must in libc6-dev libssl-dev libarchive-dev libsqlite3-dev libpcre2-dev libfyaml-dev libjansson-dev; do
	[[ " $recs" == *" $must "* ]] || bad "status.d lacks $must"
done
okrec=1
for r in $recs; do
	[ "$(grep '^Version:' "$sd/$r")" = "Version: $(dpkg-query -W -f='${Version}' "$r")" ] || { okrec=0; bad "status.d/$r version differs from dpkg-query"; }
done
[ $okrec = 1 ] && ok
if [ ! -e "$rootfs/bin/sh" ] && [ ! -e "$rootfs/usr/bin/sh" ] && [ ! -e "$rootfs/bin" ]; then ok
else bad "image has a /bin/sh"; fi
# owner root, not writable by the image's user
if [ "$(stat -c '%u:%g %a' "$ib")" = "0:0 755" ]; then ok
else bad "binary owner/mode: $(stat -c '%u:%g %a' "$ib")"; fi

# ---- config = the Dockerfile's final stage --------------------------------
man=$oci/blobs/sha256/$(jq -r '.manifests[0].digest' "$oci/index.json" | cut -d: -f2)
cfg=$oci/blobs/sha256/$(jq -r .config.digest "$man" | cut -d: -f2)
python3 - "$root/Dockerfile" > "$tmp/df.json" <<'PY' || bad "cannot read the Dockerfile's final stage"
# The final stage's USER, WORKDIR, ENTRYPOINT, CMD, HEALTHCHECK and LABELs
# as the image config writes them.
import json, shlex, sys
lines, cur = [], ""
for raw in open(sys.argv[1]):
    s = raw.rstrip("\n")
    if not cur and (not s.strip() or s.lstrip().startswith("#")):
        continue
    if s.endswith("\\"):
        cur += s[:-1] + " "; continue
    lines.append(cur + s); cur = ""
final = [l for i, l in enumerate(lines)
         if i >= max(j for j, x in enumerate(lines) if x.split()[0].upper() == "FROM")]
c = {"Labels": {}}
for l in final:
    kw, _, rest = l.strip().partition(" ")
    kw = kw.upper(); rest = rest.strip()
    if kw == "USER": c["User"] = rest
    elif kw == "WORKDIR": c["WorkingDir"] = rest
    elif kw == "ENTRYPOINT": c["Entrypoint"] = json.loads(rest)
    elif kw == "CMD": c["Cmd"] = json.loads(rest)
    elif kw == "HEALTHCHECK": c["Healthcheck"] = {"Test": rest.split()}
    elif kw == "LABEL":
        for w in shlex.split(rest):
            k, _, v = w.partition("="); c["Labels"][k] = v
print(json.dumps(c, sort_keys=True))
PY
img_c=$(jq -S -c '.config | {User, WorkingDir, Entrypoint, Cmd, Healthcheck, Labels}' "$cfg")
df_c=$(jq -S -c . "$tmp/df.json" 2>/dev/null)
if [ -n "$df_c" ] && [ "$img_c" = "$df_c" ]; then ok
else bad "image config differs from the Dockerfile's final stage:"$'\n'"  image:      $img_c"$'\n'"  Dockerfile: $df_c"; fi
user=$(jq -r .config.User "$cfg")
if [[ $user =~ ^[0-9]+:[0-9]+$ ]] && [ "${user%%:*}" != 0 ] && [ "${user##*:}" != 0 ]; then ok
else bad "image user '$user' is not numeric non-root"; fi

# ---- bulkhead audits the image and the Dockerfile -------------------------
nfind() { jq '.findings | length' "$1" 2>/dev/null; }
for input in "$oci:bulkhead" "$darc"; do
	"$bin" image --format json "$input" > "$tmp/img.json" 2> "$tmp/img.err"; rc=$?
	if [ $rc = 0 ] && [ "$(nfind "$tmp/img.json")" = 0 ]; then ok
	else bad "bulkhead image ${input#"$tmp/"}: exit $rc, findings: $(jq -c '[.findings[]?.rule_id]' "$tmp/img.json" 2>&1) $(head -c 300 "$tmp/img.err")"; fi
done
"$bin" scan --format json Dockerfile > "$tmp/scan.json" 2> "$tmp/scan.err"; rc=$?
if [ $rc = 0 ] && [ "$(nfind "$tmp/scan.json")" = 0 ] && [ ! -s "$tmp/scan.err" ]; then ok
else bad "bulkhead scan Dockerfile: exit $rc, $(jq -c '[.findings[]? | "\(.line) \(.rule_id)"]' "$tmp/scan.json" 2>&1) $(head -c 300 "$tmp/scan.err")"; fi
md=$(jq -r '.manifests[0].digest' "$oci/index.json")
nrec=$(wc -w <<< "$recs")
for f in json spdx cyclonedx; do
	"$bin" sbom --format "$f" "$oci:bulkhead" > "$tmp/sbom.$f" 2> "$tmp/sbom.err"; rc=$?
	# n: packages found, "bad" when the document is not of its format;
	# the SBOM's subject is the image's manifest digest
	case $f in
	json) n=$(jq -r 'if (.packages | type) == "array" then .packages | length else "bad" end' "$tmp/sbom.$f" 2>/dev/null) ;;
	spdx) n=$(jq -r --arg d "$md" 'if .spdxVersion == "SPDX-2.3" and ([.packages[] | select(.primaryPackagePurpose == "CONTAINER" and .versionInfo == $d)] | length) == 1
		then [.packages[] | select(.primaryPackagePurpose != "CONTAINER")] | length else "bad" end' "$tmp/sbom.$f" 2>/dev/null) ;;
	cyclonedx) n=$(jq -r --arg d "$md" 'if .bomFormat == "CycloneDX" and .metadata.component.version == $d and (.components | type) == "array"
		then .components | length else "bad" end' "$tmp/sbom.$f" 2>/dev/null) ;;
	esac
	if [ $rc = 0 ] && [ "$n" = "$nrec" ] && [ "$nrec" -gt 0 ]; then ok
	else bad "bulkhead sbom --format $f: exit $rc, packages '$n', want $nrec $(head -c 300 "$tmp/sbom.err")"; fi
done

# the SBOM names each record's package at dpkg's version, source included
want_pk=$(for r in $recs; do dpkg-query -W -f='${Package} ${Version} ${source:Package}\n' "$r"; done | sort)
got_pk=$(jq -r '.packages[] | "\(.name) \(.version) \(.source.name // .name)"' "$tmp/sbom.json" 2>/dev/null | sort)
if [ -n "$got_pk" ] && [ "$got_pk" = "$want_pk" ]; then ok
else bad "sbom packages differ from dpkg-query:"$'\n'"$(diff <(echo "$want_pk") <(echo "$got_pk") | head -n 10)"; fi

# ---- controls: the same checks do fire ------------------------------------
variant() { # name jq-filter: a copy of the layout with the config edited
	local d=$tmp/$1 c m
	cp -r "$oci" "$d"
	c=$(mktemp "$d/cfg.XXXXXX"); jq -c "$2" "$cfg" > "$c"
	local cd=sha256:$(sha256sum "$c" | cut -d' ' -f1) cs; cs=$(stat -c %s "$c")
	mv "$c" "$d/blobs/sha256/${cd#sha256:}"
	m=$(mktemp "$d/man.XXXXXX")
	jq -c --arg d "$cd" --argjson s "$cs" '.config.digest = $d | .config.size = $s' "$man" > "$m"
	local md=sha256:$(sha256sum "$m" | cut -d' ' -f1) ms; ms=$(stat -c %s "$m")
	mv "$m" "$d/blobs/sha256/${md#sha256:}"
	jq -c --arg d "$md" --argjson s "$ms" '.manifests[0].digest = $d | .manifests[0].size = $s' \
		"$oci/index.json" > "$d/index.json"
}
control() { # name jq-filter rule
	variant "$1" "$2"
	"$bin" image --format json "$tmp/$1" > "$tmp/$1.json" 2>/dev/null; local rc=$?
	local ids; ids=$(jq -r '[.findings[].rule_id] | join(",")' "$tmp/$1.json" 2>/dev/null)
	if [ $rc = 1 ] && [ "$ids" = "$3" ]; then ok
	else bad "control $1: exit $rc, findings '$ids', want '$3'"; fi
}
control root 'del(.config.User)' BH4001
control nohealth 'del(.config.Healthcheck)' BH4003
mkdir -p "$tmp/dfctl"
grep -v '^USER ' Dockerfile > "$tmp/dfctl/Dockerfile"
"$bin" scan --format json "$tmp/dfctl/Dockerfile" > "$tmp/dfctl.json" 2>/dev/null; rc=$?
ids=$(jq -r '[.findings[].rule_id] | join(",")' "$tmp/dfctl.json" 2>/dev/null)
if [ $rc = 1 ] && [ "$ids" = BH1001 ]; then ok
else bad "control Dockerfile without USER: exit $rc, findings '$ids', want BH1001"; fi

# ---- the static build has no network fetch, and says so -------------------
sb=${BH_STATIC_BUILD:-$root/build-static}/bulkhead
"$sb" db update --db "$tmp/u.db" --from 'https://user:pw@example.invalid/all.zip?t=1' > "$tmp/u.out" 2> "$tmp/u.err"; rc=$?
if [ $rc = 2 ] && [ "$(wc -l < "$tmp/u.err")" = 1 ] &&
   grep -q '^bulkhead: https://example.invalid/all.zip: this bulkhead was built without network support' "$tmp/u.err" &&
   ! grep -q 'pw' "$tmp/u.err" && [ ! -e "$tmp/u.db" ]; then ok
else bad "static db update --from URL: exit $rc: $(cat "$tmp/u.err")"; fi
# but it is the admission server (libevent's evhttp and OpenSSL, linked
# statically): `serve --help`, a bad certificate refused in one line, and
# real HTTPS on loopback (/healthz, a denied review, SIGTERM exit 0);
# tests/suites/admission.sh runs every case on it when given the binary
if "$sb" serve --help 2> /dev/null | grep -q -- '--tls-cert FILE'; then ok
else bad "static serve --help: $("$sb" serve --help 2>&1 | head -n 2)"; fi
"$sb" serve --admission --listen 127.0.0.1:0 --tls-cert "$tmp/x.pem" --tls-key "$tmp/y.pem" > "$tmp/s.out" 2> "$tmp/s.err"; rc=$?
if [ $rc = 2 ] && [ "$(wc -l < "$tmp/s.err")" = 1 ] &&
   grep -q "^bulkhead: serve: --tls-cert $tmp/x.pem: cannot read" "$tmp/s.err"; then ok
else bad "static serve with no certificate: exit $rc: $(cat "$tmp/s.err")"; fi
if command -v openssl > /dev/null && command -v curl > /dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
		-days 1 -subj /CN=localhost -addext "subjectAltName=DNS:localhost" 2> /dev/null
	"$sb" serve --admission --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem" \
		--tls-key "$tmp/key.pem" 2> "$tmp/serve.log" &
	spid=$!
	sport=
	for _ in $(seq 100); do
		sport=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/serve.log")
		[ -n "$sport" ] && break; sleep 0.05
	done
	h=$(curl -sS --cacert "$tmp/cert.pem" "https://localhost:$sport/healthz" 2>&1)
	printf '%s' '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE","namespace":"a","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","securityContext":{"privileged":true}}]}}}}' > "$tmp/review.json"
	v=$(curl -sS --cacert "$tmp/cert.pem" --data-binary @"$tmp/review.json" "https://localhost:$sport/validate" 2>&1)
	kill -TERM "$spid"; wait "$spid"; rc=$?
	if [ "$h" = ok ] && [ "$(jq -r '.response.uid + " " + (.response.allowed | tostring)' <<< "$v" 2> /dev/null)" = "u1 false" ] &&
	   [ $rc = 0 ] && grep -q 'serve: stopped' "$tmp/serve.log"; then ok
	else bad "static serve over HTTPS: healthz '$h', validate '${v:0:200}', exit $rc: $(head -c 300 "$tmp/serve.log")"; fi
else
	echo "skipped static serve over HTTPS: openssl or curl not installed"; skip=$((skip + 1))
fi
mkdir -p "$tmp/osv"
cat > "$tmp/osv/r.json" <<'EOF'
{"id": "TEST-2026-1", "modified": "2026-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Debian:12", "name": "zlib"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:1.2.13.dfsg-2"}]}]}]}
EOF
"$sb" db update --db "$tmp/p.db" --from "$tmp/osv" > "$tmp/p.out" 2> "$tmp/p.err"; rc=$?
if [ $rc = 0 ] && grep -q 'imported 1 records' "$tmp/p.out"; then ok
else bad "static db update --from PATH: exit $rc: $(cat "$tmp/p.out" "$tmp/p.err")"; fi

# the records make the linked libraries visible to `bulkhead vuln`: a
# made-up advisory for zlib (Debian:12, fixed after the linked version)
"$bin" vuln --format json --db "$tmp/p.db" --distro debian:12 "$oci:bulkhead" > "$tmp/v.json" 2> "$tmp/v.err"; rc=$?
vids=$(jq -r '[.vulnerabilities[] | "\(.id) \(.package.name)"] | join(",")' "$tmp/v.json" 2>/dev/null)
if [ $rc = 1 ] && [ "$vids" = "TEST-2026-1 zlib1g-dev" ]; then ok
else bad "vuln --distro debian:12 on the image: exit $rc, ids '$vids' $(head -c 300 "$tmp/v.err")"; fi

sz=$(stat -c %s "$ib"); lz=$(du -sk "$oci" | cut -f1)
echo "selfimage: binary $((sz / 1024)) KiB stripped, OCI layout $lz KiB, docker-archive $(( $(stat -c %s "$darc") / 1024 )) KiB"
finish
