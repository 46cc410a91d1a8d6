#!/usr/bin/env bash
# sbom_formats.sh BINARY - `bulkhead sbom --format cyclonedx|spdx` checked
# against the official JSON schemas and against `--format json`.
#
# Validator: tests/validators/validate-sbom.js (ajv 8, draft-07, formats
# from ajv-formats and ajv-formats-draft2019) with the CycloneDX 1.5 schema
# (and the spdx and jsf schemas it references) as npm
# @cyclonedx/cyclonedx-library ships them, and SPDX 2.3's
# tests/validators/spdx-2.3.schema.json (from spdx/spdx-spec; README.md
# there); all pinned in tests/validators/package.json, installed on first
# use into tests/validators/node_modules (tests/suites/lib/validators.sh,
# shared with sarif.sh).  No validator (no node, no npm,
# install failed): the suite FAILS, it does not skip; a canary document
# with known errors must be rejected.  Licenses: every expression the
# documents give must parse with npm spdx-expression-parse, and every
# license given as a name must not; src/report/spdx_ids.c must equal the
# npm lists it was generated from (scripts/gen_spdx_ids.py).
#
# Documents: inputs made here (a root filesystem with a dpkg status,
# os-release, an npm v3 and a v1 lockfile, an apk database with D:/p:, Python
# METADATA; a docker-archive image of it) and, when ../shared is present
# (else skipped, said so), every ../shared/fixtures/pkgdb database and the
# tiny fixture image (docker-archive tar and OCI layout).  For each, both
# documents validate with zero errors and say exactly what --format json
# says: as many library components / non-root packages as json packages,
# the same purls; the OS component from os-release; dependsOn edges of
# the npm lockfiles, the apk database and the dpkg status exactly as expected (the
# Debian fixture against an independent reading of its Depends: fields);
# two runs under SOURCE_DATE_EPOCH differ only in serial / namespace.
# Every component is reachable from the subject (dependsOn).
# SOURCE_DATE_EPOCH past 9999 or malformed: exit 2, no document.
# The subject: the first PATH that could be read (a directory before an
# image, a missing PATH before one), with its own OS; an empty PATH and
# one over 4095 bytes are input errors.
# Ends with "sbom_formats: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
shared=${BH_SHARED:-../shared}
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL sbom_formats: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped sbom_formats: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "sbom_formats: $pass passed, $fail failed, $skip skipped"
	else
		echo "sbom_formats: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# -- the validator (never skipped) -------------------------------------------
. tests/suites/lib/validators.sh
cdx_validator_ready || finish
# canaries: the validator runs and rejects what the schemas forbid
printf '{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"type":"lib","name":"x"}]}\n' > "$tmp/bad-cdx.json"
printf '{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x","packages":[]}\n' > "$tmp/bad-spdx.json"
for k in cyclonedx spdx; do
	f=$tmp/bad-${k/cyclonedx/cdx}.json
	node "$val" $k "$f" > "$tmp/canary.out" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q "^validated 1 documents, [1-9]" "$tmp/canary.out"; then
		ok
	else
		bad "$k validator did not reject the canary (exit $rc): $(tail -n 3 "$tmp/canary.out")"
		finish
	fi
done

# -- inputs made here ---------------------------------------------------------
root=$tmp/in/rootfs
mkdir -p "$root/var/lib/dpkg" "$root/etc" "$root/lib/apk/db" "$root/app/v1" \
	"$root/usr/lib/python3/dist-packages/six-1.16.0.dist-info"
printf 'ID=debian\nVERSION_ID="12"\nNAME="Debian GNU/Linux"\n' > "$root/etc/os-release"
cat > "$root/var/lib/dpkg/status" <<'E'
Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36-9+deb12u7
Depends: libgcc-s1

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Version: 12.2.0-14
Pre-Depends: libc6 (>= 2.35)

Package: gpgv
Status: install ok installed
Architecture: amd64
Version: 2.2.40-1.1
Depends: libc6 (>= 2.34)

Package: apt
Status: install ok installed
Architecture: amd64
Version: 2.6.1
Depends: gpgv1 | gpgv | gpgv2, libc6:any (>= 2.34), not-installed (>= 1), libgcc-s1

Package: removed
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0
Depends: libc6
E
cat > "$root/app/package-lock.json" <<'E'
{"name": "app", "version": "1.0.0", "lockfileVersion": 3,
 "packages": {
  "": {"name": "app", "version": "1.0.0", "dependencies": {"a": "^1", "@s/b": "^2"}},
  "node_modules/a": {"version": "1.0.0", "license": "MIT", "dependencies": {"c": "^1", "@s/b": "^2"}},
  "node_modules/a/node_modules/c": {"version": "1.5.0", "license": "(MIT OR Apache-2.0)"},
  "node_modules/c": {"version": "2.0.0", "license": "Apache 2.0"},
  "node_modules/@s/b": {"version": "2.1.0", "dependencies": {"c": "^2", "d": "^1"}},
  "node_modules/d": {"name": "real-d", "version": "3.0.0", "license": "GPLv3"}
 }}
E
cat > "$root/app/v1/package-lock.json" <<'E'
{"name": "v1", "version": "1.0.0", "lockfileVersion": 1,
 "dependencies": {
  "x": {"version": "1.0.0", "requires": {"y": "^1"},
        "dependencies": {"y": {"version": "1.2.0"}}},
  "y": {"version": "2.0.0"},
  "z": {"version": "3.0.0", "requires": {"y": "^2", "x": "^1"}}
 }}
E
cat > "$root/lib/apk/db/installed" <<'E'
P:musl
V:1.2.4-r2
A:x86_64
L:MIT
o:musl
p:so:libc.musl-x86_64.so.1=1

P:busybox
V:1.36.1-r5
A:x86_64
L:GPL-2.0-only
D:so:libc.musl-x86_64.so.1 !busybox-static
p:cmd:busybox=1.36.1-r5

P:busybox-binsh
V:1.36.1-r5
A:x86_64
D:busybox=1.36.1-r5 so:libnotthere.so.1
p:/bin/sh cmd:sh=1.36.1-r5

P:alpine-baselayout
V:3.4.3-r1
A:x86_64
D:/bin/sh musl>=1.2
E
printf 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n' > "$root/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"
# the same root filesystem as a docker-archive image of two layers: the
# first with a dpkg status of libc6 and libgcc-s1 only, the second
# rewriting it whole (apt and gpgv added: their layer, libc6's the first)
python3 - "$root" "$tmp/in/img.tar" <<'PY'
import hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1], sys.argv[2]
def tar(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
files = []
for d, _, fs in sorted(os.walk(root)):
    for f in sorted(fs):
        p = os.path.join(d, f)
        files.append((os.path.relpath(p, root), open(p, "rb").read()))
status = dict(files)["var/lib/dpkg/status"].decode()
first = "\n\n".join(st for st in status.split("\n\n")
                    if st.startswith(("Package: libc6\n", "Package: libgcc-s1\n")))
l1 = tar([(n, first.encode() + b"\n" if n == "var/lib/dpkg/status" else d)
          for n, d in files])
l2 = tar([("var/lib/dpkg/status", status.encode())])
ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in (l1, l2)]
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": ids}}).encode()
man = json.dumps([{"Config": "c.json", "RepoTags": ["bulkhead/sbom-formats:1"],
                   "Layers": ["l1.tar", "l2.tar"]}]).encode()
open(out, "wb").write(tar([("c.json", cfg), ("l1.tar", l1), ("l2.tar", l2),
                           ("manifest.json", man)]))
PY

# -- documents ----------------------------------------------------------------
docs=$tmp/docs
mkdir -p "$docs"
n=0
# make LABEL INPUT: json, cyclonedx and spdx of INPUT into $docs/N.*
make_docs() {
	local label=$1 in=$2 rc
	# a file --format json rejects as no database (a format not read
	# yet) is no document either
	if "$bin" sbom --format json "$in" 2>&1 > /dev/null |
		grep -q 'not a package database bulkhead reads'; then
		skipped "$label: not read by bulkhead sbom"
		return
	fi
	n=$((n + 1))
	echo "$label" > "$docs/$n.label"
	for f in json cyclonedx spdx; do
		SOURCE_DATE_EPOCH=1700000000 "$bin" sbom --format $f "$in" > "$docs/$n.$f" 2> "$docs/$n.err"
		rc=$?
		if [ $rc != 0 ]; then
			bad "$label --format $f: exit $rc, $(head -c 300 "$docs/$n.err")"
			rm -f "$docs/$n.label"
			return
		fi
	done
}
make_docs "rootfs (made here)" "$root"
make_docs "npm v3 lockfile (made here)" "$root/app/package-lock.json"
make_docs "npm v1 lockfile (made here)" "$root/app/v1/package-lock.json"
make_docs "dpkg status (made here)" "$root/var/lib/dpkg/status"
make_docs "image (made here)" "$tmp/in/img.tar"
make_docs "apk database (made here)" "$root/lib/apk/db/installed"
local_docs=$n
if [ -d "$shared/fixtures/pkgdb" ]; then
	while IFS= read -r f; do
		make_docs "$f" "$f"
	done < <(find "$shared/fixtures/pkgdb" -mindepth 2 -maxdepth 2 \
		! -name '*.tsv' ! -name '*.md' | sort)
	for img in "$shared"/fixtures/images/tiny/*.tar "$shared"/fixtures/images/tiny/oci; do
		[ -e "$img" ] && make_docs "$img" "$img"
	done
else
	skipped "$shared/fixtures absent: only the documents made here"
fi

# -- the schemas ----------------------------------------------------------------
labels=$(ls "$docs"/*.label | wc -l)
for k in cyclonedx spdx; do
	node "$val" $k "$docs"/*.$k > "$tmp/val.$k" 2>&1
	rc=$?
	last=$(tail -n 1 "$tmp/val.$k")
	if [ $rc = 0 ] && [ "$last" = "validated $labels documents, 0 errors" ]; then
		ok
		echo "    $k: $last"
	else
		bad "$k schema (exit $rc): $last"
		grep -v ': 0 errors$' "$tmp/val.$k" | head -n 20 | sed 's/^/    /'
	fi
done

# -- licenses: an expression exactly when spdx-expression-parse says so ------
node $vdir/spdx-licenses.js check "$docs"/*.cyclonedx "$docs"/*.spdx > "$tmp/lic.out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q '^[1-9][0-9]* expressions, [1-9][0-9]* names, 0 disagreements$' "$tmp/lic.out"; then
	ok
	echo "    licenses: $(head -n 1 "$tmp/lic.out") (spdx-expression-parse)"
else
	bad "license expressions (exit $rc): $(head -n 5 "$tmp/lic.out")"
fi
# the license list compiled in (src/report/spdx_ids.c) is the npm one
node $vdir/spdx-licenses.js ids | tail -n +2 > "$tmp/ids.npm"
grep -oP '^\t"\K[^"]+' src/report/spdx_ids.c > "$tmp/ids.c"
if [ -s "$tmp/ids.c" ] && cmp -s "$tmp/ids.npm" "$tmp/ids.c"; then
	ok
else
	bad "src/report/spdx_ids.c differs from spdx-license-ids/spdx-exceptions (run scripts/gen_spdx_ids.py)"
fi

# -- the same packages as --format json ------------------------------------------
for lf in "$docs"/*.label; do
	i=${lf%.label}; label=$(cat "$lf")
	jq -r '.packages[].purl' "$i.json" | sort > "$tmp/p.json"
	jq -r '.components[] | select(.type == "library") | .purl' "$i.cyclonedx" | sort > "$tmp/p.cdx"
	jq -r '.packages[] | select(.SPDXID | startswith("SPDXRef-Package-")) |
		.externalRefs[] | select(.referenceType == "purl") | .referenceLocator' \
		"$i.spdx" | sort > "$tmp/p.spdx"
	np=$(wc -l < "$tmp/p.json")
	if cmp -s "$tmp/p.json" "$tmp/p.cdx" && cmp -s "$tmp/p.json" "$tmp/p.spdx" &&
		[ "$(jq '.components | map(select(.type == "library")) | length' "$i.cyclonedx")" = "$np" ] &&
		[ "$(jq '[.relationships[] | select(.relationshipType == "CONTAINS" and
			(.relatedSpdxElement | startswith("SPDXRef-Package-")))] | length' "$i.spdx")" = "$np" ] &&
		[ "$(jq '(.components | length) as $n | [.components[]."bom-ref"] | unique | length == $n' "$i.cyclonedx")" = true ] &&
		[ "$(jq '(.packages | length) as $n | [.packages[].SPDXID] | unique | length == $n' "$i.spdx")" = true ]; then
		ok
	else
		bad "$label: $np json packages; cyclonedx $(wc -l < "$tmp/p.cdx"), spdx $(wc -l < "$tmp/p.spdx") purls, or bom-ref/SPDXID repeated"
		diff "$tmp/p.json" "$tmp/p.cdx" | head -n 5 | sed 's/^/    /'
	fi
done

# expect N JQ-EXPR WANT: the document N.EXT's JQ-EXPR (jq -c) is WANT
expect() {
	local file=$1 expr=$2 want=$3 got
	got=$(jq -c "$expr" "$file" 2>&1)
	if [ "$got" = "$want" ]; then ok; else bad "$file: $expr: got $got, want $want"; fi
}
# edges as sorted "from>to" lines by name@version
cdx_edges='([.components[] | select(."bom-ref") | {key: ."bom-ref", value: "\(.name)@\(.version)"}] | from_entries) as $m |
	[.dependencies[] | select(.ref != "bulkhead:subject") | $m[.ref] as $f | .dependsOn[] | "\($f)>\($m[.])"] | sort'
spdx_edges='([.packages[] | {key: .SPDXID, value: "\(.name)@\(.versionInfo)"}] | from_entries) as $m |
	[.relationships[] | select(.relationshipType == "DEPENDS_ON") | "\($m[.spdxElementId])>\($m[.relatedSpdxElement])"] | sort'
# the npm v3 lockfile: nested c wins for a; the top c for @s/b; an alias
v3='["@s/b@2.1.0>c@2.0.0","@s/b@2.1.0>real-d@3.0.0","a@1.0.0>@s/b@2.1.0","a@1.0.0>c@1.5.0"]'
expect "$docs/2.cyclonedx" "$cdx_edges" "$v3"
expect "$docs/2.spdx" "$spdx_edges" "$v3"
# the root depends on the lockfile's root dependencies and on what
# nothing else depends on
expect "$docs/2.cyclonedx" '.dependencies[0]' '{"ref":"bulkhead:subject","dependsOn":["pkg:npm/%40s/b@2.1.0","pkg:npm/a@1.0.0"]}'
# every component of every document is reachable from the subject (a
# cycle nothing else depends on too)
reach='(.dependencies | map({key: .ref, value: .dependsOn}) | from_entries) as $g |
	{seen: {}, todo: ["bulkhead:subject"]} |
	until(.todo == []; .todo[0] as $x | .todo |= .[1:] |
		if .seen[$x] then . else .seen[$x] = true | .todo += ($g[$x] // []) end) |
	.seen | keys'
for lf in "$docs"/*.label; do
	i=${lf%.label}
	want=$(jq -c '[.components[]."bom-ref", "bulkhead:subject"] | sort' "$i.cyclonedx")
	got=$(jq -c "$reach" "$i.cyclonedx")
	[ "$got" = "$want" ] && ok || bad "$(cat "$lf"): a component the subject does not reach"
done
# v1: x's own nested y, z's top-level y
v1='["x@1.0.0>y@1.2.0","z@3.0.0>x@1.0.0","z@3.0.0>y@2.0.0"]'
expect "$docs/3.cyclonedx" "$cdx_edges" "$v1"
expect "$docs/3.spdx" "$spdx_edges" "$v1"
# dpkg: first installed alternative, :any and versions cut, a missing one dropped
dp='["apt@2.6.1>gpgv@2.2.40-1.1","apt@2.6.1>libc6@2.36-9+deb12u7","apt@2.6.1>libgcc-s1@12.2.0-14","gpgv@2.2.40-1.1>libc6@2.36-9+deb12u7","libc6@2.36-9+deb12u7>libgcc-s1@12.2.0-14","libgcc-s1@12.2.0-14>libc6@2.36-9+deb12u7"]'
expect "$docs/4.cyclonedx" "$cdx_edges" "$dp"
expect "$docs/4.spdx" "$spdx_edges" "$dp"
# apk: D: names through the p: provides (so:, paths), constraints cut,
# conflicts (!) and names nothing provides dropped
ap='["alpine-baselayout@3.4.3-r1>busybox-binsh@1.36.1-r5","alpine-baselayout@3.4.3-r1>musl@1.2.4-r2","busybox-binsh@1.36.1-r5>busybox@1.36.1-r5","busybox@1.36.1-r5>musl@1.2.4-r2"]'
expect "$docs/6.cyclonedx" "$cdx_edges" "$ap"
expect "$docs/6.spdx" "$spdx_edges" "$ap"
# licenses: an expression only when it is one
expect "$docs/2.cyclonedx" '[.components[] | {(.name): .licenses}] | add' \
	'{"@s/b":null,"a":[{"expression":"MIT"}],"c":[{"license":{"name":"Apache 2.0"}}],"real-d":[{"license":{"name":"GPLv3"}}]}'
expect "$docs/2.spdx" '[.packages[] | .licenseDeclared]' \
	'["NOASSERTION","NOASSERTION","MIT","(MIT OR Apache-2.0)","NOASSERTION","NOASSERTION"]'
# the rootfs: the OS from os-release, every ecosystem, the time given
expect "$docs/1.cyclonedx" '[.metadata.timestamp, .metadata.component.type, (.components[0] | .type, .name, .version)]' \
	'["2023-11-14T22:13:20Z","application","operating-system","debian","12"]'
expect "$docs/1.spdx" '[.creationInfo.created, .packages[0].primaryPackagePurpose, .packages[1].primaryPackagePurpose, .packages[1].name]' \
	'["2023-11-14T22:13:20Z","SOURCE","OPERATING_SYSTEM","debian"]'
expect "$docs/1.cyclonedx" '[.components[].properties[]? | select(.name == "bulkhead:package:ecosystem") | .value] | unique' \
	'["apk","deb","npm","pypi"]'
# the image: a container named by its tag, version its digest, layers named
expect "$docs/5.cyclonedx" '[.metadata.component.type, .metadata.component.name, (.metadata.component.version | test("^sha256:[0-9a-f]{64}$"))]' \
	'["container","bulkhead/sbom-formats:1",true]'
expect "$docs/5.cyclonedx" '[.components[] | select(.type == "library") | .properties[] | select(.name == "bulkhead:package:layer") | .value | test("^sha256:")] | unique' '[true]'
expect "$docs/5.spdx" '[.packages[0].primaryPackagePurpose, .packages[0].name, .relationships[0].relationshipType]' \
	'["CONTAINER","bulkhead/sbom-formats:1","DESCRIBES"]'
# edges across layers: apt (second layer) on libc6 (first layer)
expect "$docs/5.cyclonedx" "[$cdx_edges[] | select(test(\"^(apt|gpgv|libc6|libgcc-s1)@\"))]" "$dp"
expect "$docs/5.cyclonedx" '[.components[] | select(.name == "apt" or .name == "libc6") | .properties[] | select(.name == "bulkhead:package:layer") | .value] | unique | length' 2
# two runs: only the serial and the namespace differ
for k in cyclonedx spdx; do
	SOURCE_DATE_EPOCH=1700000000 "$bin" sbom --format $k "$root" > "$tmp/again.$k" 2> /dev/null
	strip='del(.serialNumber, .documentNamespace)'
	if [ "$(jq -c "$strip" "$docs/1.$k")" = "$(jq -c "$strip" "$tmp/again.$k")" ] &&
		[ "$(jq -r '.serialNumber // .documentNamespace' "$docs/1.$k")" != \
		  "$(jq -r '.serialNumber // .documentNamespace' "$tmp/again.$k")" ]; then
		ok
	else
		bad "$k: two runs differ in more than the serial, or share one"
	fi
done
expect "$docs/1.cyclonedx" '.serialNumber | test("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")' true

# -- the subject: the first PATH that could be read; PATH arguments ------------
# subj ARGS...: the CycloneDX subject and OS of `sbom ARGS` as JSON, exit code
subj() {
	local rc
	SOURCE_DATE_EPOCH=1700000000 "$bin" sbom --format cyclonedx "$@" > "$tmp/subj.json" 2> "$tmp/subj.err"
	rc=$?
	echo "$rc $(jq -c '[.metadata.component.type, .metadata.component.name,
		(.metadata.component.version != null),
		([.components[] | select(.type == "operating-system") | .name + "-" + .version])]' "$tmp/subj.json")"
}
# a directory first, an image after it: the directory, with its own OS
got=$(subj "$root" "$tmp/in/img.tar")
[ "$got" = "0 [\"application\",\"$root\",false,[\"debian-12\"]]" ] && ok || bad "subject of ROOT IMAGE: $got"
# a folder without os-release first: no OS (not the image's)
got=$(subj "$root/app" "$tmp/in/img.tar")
[ "$got" = "0 [\"application\",\"$root/app\",false,[]]" ] && ok || bad "subject of APP IMAGE: $got"
# a missing PATH first: the image after it, by its tag and digest
got=$(subj "$tmp/not-there" "$tmp/in/img.tar")
[ "$got" = "2 [\"container\",\"bulkhead/sbom-formats:1\",true,[\"debian-12\"]]" ] && ok || bad "subject of MISSING IMAGE: $got"
# a file first: the file, and the OS its root names
got=$(subj "$root/var/lib/dpkg/status" "$tmp/in/img.tar")
[ "$got" = "0 [\"file\",\"$root/var/lib/dpkg/status\",false,[\"debian-12\"]]" ] && ok || bad "subject of STATUS IMAGE: $got"
# an empty PATH is an input error, not the current directory
(cd "$root" && "$bin" sbom --format json "" > "$tmp/empty.out" 2> "$tmp/empty.err")
rc=$?
if [ $rc = 2 ] && grep -qx 'bulkhead: an empty PATH names nothing (not scanned)' "$tmp/empty.err" &&
	[ "$(jq '.packages | length' "$tmp/empty.out")" = 0 ]; then ok
else bad "sbom \"\": exit $rc, $(head -c 200 "$tmp/empty.err"), $(jq -c '.summary' "$tmp/empty.out" 2>&1)"; fi
# a PATH longer than 4095 bytes is an error, never cut to 4095
long=$(printf 'd/%.0s' $(seq 2100))status
"$bin" sbom --format json "$long" > "$tmp/long.out" 2> "$tmp/long.err"
rc=$?
if [ $rc = 2 ] && grep -q '^bulkhead: d/d/d/.*\.\.\.: PATH longer than 4095 bytes (not scanned)$' "$tmp/long.err" &&
	[ "$(wc -l < "$tmp/long.err")" = 1 ]; then ok
else bad "a 4206-byte PATH: exit $rc, $(head -c 200 "$tmp/long.err")"; fi

# SOURCE_DATE_EPOCH: the last second of 9999 is the latest; beyond it or
# malformed is one line, exit 2, no document
SOURCE_DATE_EPOCH=253402300799 "$bin" sbom --format cyclonedx "$root/var/lib/dpkg/status" > "$tmp/sde.json"
expect "$tmp/sde.json" '.metadata.timestamp' '"9999-12-31T23:59:59Z"'
for v in 253402300800 99999999999999999999 12x -1 1.5; do
	for k in cyclonedx spdx; do
		SOURCE_DATE_EPOCH=$v "$bin" sbom --format $k "$root/var/lib/dpkg/status" > "$tmp/sde.out" 2> "$tmp/sde.err"
		rc=$?
		if [ $rc = 2 ] && [ ! -s "$tmp/sde.out" ] &&
			grep -qx "bulkhead: SOURCE_DATE_EPOCH '$v' is not a whole number of seconds from 0 to 253402300799 (9999-12-31T23:59:59Z)" "$tmp/sde.err"; then
			ok
		else
			bad "SOURCE_DATE_EPOCH=$v --format $k: exit $rc, $(head -c 200 "$tmp/sde.err")"
		fi
	done
done

# -- ../shared: dpkg edges against an independent reading -------------------------
deb=$shared/fixtures/pkgdb/dpkg/debootstrap-bookworm-minbase.status
npm2=$shared/fixtures/pkgdb/npm/scalibr-nested-dependencies.v2.json
if [ -f "$deb" ] && [ -f "$npm2" ]; then
	python3 - "$deb" > "$tmp/deb.want" <<'PY'
import re, sys
pk = []
for st in open(sys.argv[1], encoding="utf-8").read().split("\n\n"):
    f = {}
    for line in st.splitlines():
        if line and not line[0].isspace() and ":" in line:
            k, v = line.split(":", 1); f[k] = v.strip()
    if "Package" in f and f.get("Status", "").split()[-1:] == ["installed"]:
        pk.append(f)
ver = {f["Package"]: f["Version"] for f in pk}
edges = set()
for f in pk:
    for item in (f.get("Pre-Depends", "") + "," + f.get("Depends", "")).split(","):
        for alt in item.split("|"):
            name = re.split(r"[ (:\[]", alt.strip(), 1)[0]
            if name in ver:
                if name != f["Package"]:
                    edges.add("%s@%s>%s@%s" % (f["Package"], f["Version"], name, ver[name]))
                break
print("\n".join(sorted(edges)))
PY
	i=$(grep -lx "$deb" "$docs"/*.label); i=${i%.label}
	jq -r "$cdx_edges | .[]" "$i.cyclonedx" | LC_ALL=C sort > "$tmp/deb.cdx"
	LC_ALL=C sort -o "$tmp/deb.want" "$tmp/deb.want"
	if [ -s "$tmp/deb.want" ] && cmp -s "$tmp/deb.want" "$tmp/deb.cdx"; then
		ok
		echo "    dpkg fixture: $(wc -l < "$tmp/deb.want") Depends edges as read independently"
	else
		bad "$deb: dependsOn edges differ from the Depends: fields"
		diff "$tmp/deb.want" "$tmp/deb.cdx" | head -n 10 | sed 's/^/    /'
	fi
	i=$(grep -lx "$npm2" "$docs"/*.label); i=${i%.label}
	expect "$i.cyclonedx" "$cdx_edges" '["postcss-calc@7.0.1>postcss@7.0.16","postcss@6.0.23>supports-color@5.5.0","postcss@7.0.16>supports-color@6.1.0"]'
	# the Alpine fixture, checked by hand against its D: and p: lines
	i=$(grep -lx "$shared/fixtures/pkgdb/apk/scalibr-installed" "$docs"/*.label); i=${i%.label}
	expect "$i.cyclonedx" "[$cdx_edges[] | select(startswith(\"apk-tools@\") or startswith(\"alpine-baselayout@\"))]" \
		'["alpine-baselayout@3.4.3-r1>alpine-baselayout-data@3.4.3-r1","alpine-baselayout@3.4.3-r1>busybox-binsh@1.36.0-r9","apk-tools@2.14.0-r0>ca-certificates-bundle@20230506-r0","apk-tools@2.14.0-r0>libcrypto3@3.1.0-r4","apk-tools@2.14.0-r0>libssl3@3.1.0-r4","apk-tools@2.14.0-r0>musl@1.2.4-r0","apk-tools@2.14.0-r0>zlib@1.2.13-r1"]'
	expect "$i.cyclonedx" "$cdx_edges | length" 20
else
	skipped "$shared/fixtures/pkgdb absent: the Debian fixture's edges"
fi
echo "    documents: $labels cyclonedx + $labels spdx ($local_docs inputs made here)"
# a jar read only in part names what it did not read: an archive nested
# more than 4 deep, a pom.properties over 1 MiB, a broken nested jar
python3 - "$tmp/partial.jar" <<'PY'
import io, sys, zipfile
def jar(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for n, d in entries:
            z.writestr(n, d)
    return b.getvalue()
pom = lambda a, v: ("groupId=g\nartifactId=%s\nversion=%s\n" % (a, v)).encode()
inner = jar([("META-INF/maven/g/deep/pom.properties", pom("deep", "1.0"))])
for i in range(5):
    inner = jar([("lib/l%d.jar" % i, inner), ("META-INF/maven/g/lvl%d/pom.properties" % i, pom("lvl%d" % i, "1.%d" % i))])
big = b"groupId=g\nartifactId=big\nversion=1\n" + b"#" * (1 << 20)
open(sys.argv[1], "wb").write(jar([("lib/nest.jar", inner), ("META-INF/maven/g/big/pom.properties", big),
    ("lib/broken.jar", b"PK\x03\x04garbage"), ("META-INF/maven/g/app/pom.properties", pom("app", "2.0"))]))
PY
"$bin" sbom --format json "$tmp/partial.jar" > "$tmp/partial.json" 2> "$tmp/partial.err"; rc=$?
if [ $rc = 0 ] && [ "$(jq -c '[.packages[].name] | sort' "$tmp/partial.json" 2>/dev/null)" = '["g:app","g:lvl1","g:lvl2","g:lvl3","g:lvl4"]' ] &&
	grep -q 'partial.jar: 3 parts not read, the first: .*l1.jar (an archive nested more than 4 deep)' "$tmp/partial.err"; then ok
else bad "a jar read in part: exit $rc, $(jq -c '[.packages[].name]' "$tmp/partial.json" 2>/dev/null) $(cat "$tmp/partial.err")"; fi
# the count is what was skipped, past one digit too: 10 archives nested
# too deep, 3 pom.properties over 1 MiB, 1 broken nested jar = 14 (the
# packages read around them all listed)
python3 - "$tmp/many.jar" <<'PY'
import io, sys, zipfile
def jar(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for n, d in entries:
            z.writestr(n, d)
    return b.getvalue()
pom = lambda a, v: ("groupId=g\nartifactId=%s\nversion=%s\n" % (a, v)).encode()
top = []
for k in range(10):
    inner = jar([("META-INF/maven/g/deep%d/pom.properties" % k, pom("deep%d" % k, "1.0"))])
    for i in range(5):
        inner = jar([("lib/l%d.jar" % i, inner)])
    top.append(("lib/nest%d.jar" % k, inner))
big = b"groupId=g\nartifactId=big\nversion=1\n" + b"#" * (1 << 20)
top += [("META-INF/maven/g/big%d/pom.properties" % k, big) for k in range(3)]
top += [("lib/broken.jar", b"PK\x03\x04garbage"), ("META-INF/maven/g/app/pom.properties", pom("app", "2.0"))]
open(sys.argv[1], "wb").write(jar(top))
PY
"$bin" sbom --format json "$tmp/many.jar" > "$tmp/many.json" 2> "$tmp/many.err"; rc=$?
if [ $rc = 0 ] && [ "$(jq -c '[.packages[].name]' "$tmp/many.json" 2>/dev/null)" = '["g:app"]' ] &&
	[ "$(wc -l < "$tmp/many.err")" = 1 ] &&
	grep -q 'many.jar: 14 parts not read, the first: .*nest0.jar!/lib/l4.jar!/lib/l3.jar!/lib/l2.jar!/lib/l1.jar (an archive nested more than 4 deep)$' "$tmp/many.err"; then ok
else bad "a jar with 14 parts not read: exit $rc, $(jq -c '[.packages[].name]' "$tmp/many.json" 2>/dev/null) $(cat "$tmp/many.err")"; fi
# a gemspec without the assignments lists nothing and says so
mkdir -p "$tmp/gem/specifications"
echo 'garbage!!' > "$tmp/gem/specifications/foo-1.0.gemspec"
"$bin" sbom "$tmp/gem/specifications/foo-1.0.gemspec" > /dev/null 2> "$tmp/gem.err"; rc=$?
[ $rc = 0 ] && grep -q 'foo-1.0.gemspec: not read: no quoted s.name and s.version' "$tmp/gem.err" && ok ||
	bad "a garbage gemspec is not named: exit $rc, $(cat "$tmp/gem.err")"
# the same two inside an image (a docker-archive made here): named as a
# walked file is, with the layer (they were dropped in silence)
python3 - "$tmp/partial.jar" "$tmp/gem/specifications/foo-1.0.gemspec" "$tmp/partial-img.tar" <<'PY'
import hashlib, io, json, sys, tarfile
def tar(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for path, data in files:
            ti = tarfile.TarInfo(path); ti.mtime = 0; ti.mode = 0o644; ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
layer = tar([("app/partial.jar", open(sys.argv[1], "rb").read()),
             ("usr/lib/ruby/gems/3.1.0/specifications/foo-1.0.gemspec", open(sys.argv[2], "rb").read())])
sha = lambda b: "sha256:" + hashlib.sha256(b).hexdigest()
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": [sha(layer)]}}).encode()
with tarfile.open(sys.argv[3], "w") as t:
    for name, data in ((sha(cfg)[7:] + ".json", cfg), ("l0/layer.tar", layer),
                       ("manifest.json", json.dumps([{"Config": sha(cfg)[7:] + ".json",
                        "RepoTags": ["t/partial:1"], "Layers": ["l0/layer.tar"]}]).encode())):
        ti = tarfile.TarInfo(name); ti.mtime = 0; ti.size = len(data); t.addfile(ti, io.BytesIO(data))
PY
"$bin" sbom --format json "$tmp/partial-img.tar" > "$tmp/pimg.json" 2> "$tmp/pimg.err"; rc=$?
if [ $rc = 0 ] && [ "$(jq -c '[.packages[].name] | sort' "$tmp/pimg.json" 2>/dev/null)" = '["g:app","g:lvl1","g:lvl2","g:lvl3","g:lvl4"]' ] &&
	grep -q 'partial-img.tar: /app/partial.jar (layer 1): 3 parts not read, the first: .*l1.jar (an archive nested more than 4 deep)' "$tmp/pimg.err" &&
	grep -q 'partial-img.tar: /usr/lib/ruby/gems/3.1.0/specifications/foo-1.0.gemspec (layer 1): not read: no quoted s.name and s.version' "$tmp/pimg.err"; then ok
else bad "an image's jar or gemspec read in part: exit $rc, $(jq -c '[.packages[].name]' "$tmp/pimg.json" 2>/dev/null) $(cat "$tmp/pimg.err")"; fi
finish
