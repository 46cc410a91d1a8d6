#!/usr/bin/env bash
# attest.sh BULKHEAD - in-toto attestations (docs/signing.md,
# "Attestations"): `bulkhead sign --attest` then `bulkhead verify
# --attestations` round trips on a real small OCI layout made with umoci,
# with keys made here by `openssl genpkey` (ECDSA P-256, P-384, RSA,
# Ed25519), both storage forms (tag sha256-<hex>.att, OCI 1.1 referrer),
# the predicate types listed by name, the SLSA builder id, --require-predicate,
# --format json; openssl as the oracle of the envelope signature (the PAE
# rebuilt in python, checked with `openssl pkeyutl`/`dgst -verify`); each
# failure with its own message: no attestation, tampered payload, subject
# for another digest, another key, truncated signature, wrong payload type,
# malformed envelope, predicate type annotation changed; cosign save's kind
# annotations; an attestation of another image in the layout left out;
# control bytes escaped; `bulkhead sbom
# --attach`; input errors exit 2 with one line naming the file.  SKIPs
# without umoci, openssl or python3.
set -u
: "${1:?usage: attest.sh BULKHEAD}"
. "$(dirname "$0")/lib/sigtest.sh"
sig_start attest "$1"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2> /dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem 2> /dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2> /dev/null
openssl genpkey -algorithm ed25519 -out ed.pem 2> /dev/null
for k in p256 p384 rsa ed; do openssl pkey -in $k.pem -pubout -out $k.pub; done
cat > prov02.json <<'EOF'
{"builder":{"id":"https://github.com/example/builder@v1"},"buildType":"https://example.com/build/v1","invocation":{}}
EOF
cat > prov1.json <<'EOF'
{"buildDefinition":{"buildType":"https://example.com/build/v1","externalParameters":{}},"runDetails":{"builder":{"id":"https://ci.example.com/runner"}}}
EOF
echo '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}' > cdx.json

mklayout img 1000
expect no-attestation 1 "not verified: img sha256:[0-9a-f]*: no attestation:" "$B" verify img --key p256.pub --attestations

for k in p256 p384 rsa ed; do
	for form in tag referrer; do
		mklayout l 1000
		expect "attest-$k-$form" 0 "attested: l sha256:.* $form attestation sha256:" \
			"$B" sign l --key $k.pem --attest prov02.json --type slsaprovenance --form $form
		expect "verify-$k-$form" 0 "$form sha256:[0-9a-f]* layer 1: verified, SLSA provenance v0.2 (https://slsa.dev/provenance/v0.2), builder https://github.com/example/builder@v1" \
			"$B" verify l --key $k.pub --attestations
	done
done

# several attestations: a second tag-form one is appended as layer 2
mklayout m 1000
"$B" sign m --key p256.pem --attest prov1.json --type slsaprovenance1 > /dev/null
"$B" sign m --key p256.pem --attest cdx.json --type cyclonedx > /dev/null
"$B" sign m --key p256.pem --attest cdx.json --type https://example.com/custom/v3 --form referrer > /dev/null
expect three-verified 0 "verified: m sha256:[0-9a-f]*: 3 attestations verified" "$B" verify m --key p256.pub --attestations
expect slsa1-listed 0 "layer 1: verified, SLSA provenance v1 (https://slsa.dev/provenance/v1), builder https://ci.example.com/runner" \
	"$B" verify m --key p256.pub --attestations
expect cdx-appended 0 "layer 2: verified, CycloneDX (https://cyclonedx.org/bom)" "$B" verify m --key p256.pub --attestations
expect uri-listed 0 "referrer sha256:[0-9a-f]* layer 1: verified, https://example.com/custom/v3," "$B" verify m --key p256.pub --attestations
n=$(python3 -c 'import json,sys; ix=json.load(open("m/index.json")); print(sum(1 for e in ix["manifests"] if e.get("annotations",{}).get("org.opencontainers.image.ref.name","").endswith(".att")))')
[ "$n" = 1 ] && ok one-att-tag || bad "one-att-tag: $n .att entries"
expect require-present 0 "verified:" "$B" verify m --key p256.pub --attestations --require-predicate cyclonedx --require-predicate slsaprovenance1
expect require-missing 1 "missing predicate: no verified attestation of type https://spdx.dev/Document" \
	"$B" verify m --key p256.pub --attestations --require-predicate spdx
expect quiet 0 "^verified: m sha256:[0-9a-f]*: 3 attestations verified$" "$B" verify m --key p256.pub --attestations -q
out=$("$B" verify m --key p256.pub --attestations -q); [ "$(wc -l <<< "$out")" = 1 ] && ok quiet-one-line || bad "quiet-one-line: $out"
# signatures and attestations are kept apart
expect sig-not-att 1 "no signature:" "$B" verify m --key p256.pub

# a predicate type with a control byte is shown escaped, never raw
mklayout esc 1000
"$B" sign esc --key p256.pem --attest cdx.json --type $'https://e.example/\e[31mred' > /dev/null
out=$("$B" verify esc --key p256.pub --attestations --require-predicate spdx 2>&1); rc=$?
if [ $rc = 1 ] && [[ $out == *'https://e.example/\x1b[31mred'* ]] && [[ $out != *$'\e'* ]]; then ok escaped-type
else bad "escaped-type (rc $rc): $out"; fi

# --format json, read back
"$B" verify m --key p256.pub --attestations --format json > m.json; rc=$?
if [ $rc = 0 ] && python3 - m.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["verified"] is True and j["total"] == 3 and j["verifiedCount"] == 3, j
types = sorted(a["predicateType"] for a in j["attestations"])
assert types == ["https://cyclonedx.org/bom", "https://example.com/custom/v3", "https://slsa.dev/provenance/v1"], types
a = [a for a in j["attestations"] if a["predicate"] == "SLSA provenance v1"][0]
assert a["builderId"] == "https://ci.example.com/runner" and a["verified"] and a["reason"] is None, a
assert j["digest"].startswith("sha256:") and len(j["digest"]) == 71
PY
then ok json-report; else bad "json-report (rc $rc)"; fi

# openssl as the oracle: the PAE rebuilt from the envelope, the signature
# checked by openssl (P-256 ECDSA SHA-256, Ed25519), the statement's subject
for k in p256 ed; do
	mklayout o 1000
	"$B" sign o --key $k.pem --attest prov02.json --type slsaprovenance > /dev/null
	if python3 - o <<'PY'
import base64, json, sys
d = sys.argv[1]; ix = json.load(open(f"{d}/index.json"))
img = [e for e in ix["manifests"] if e["annotations"]["org.opencontainers.image.ref.name"] == "app"][0]
att = [e for e in ix["manifests"] if e["annotations"]["org.opencontainers.image.ref.name"].endswith(".att")][0]
assert att["annotations"]["org.opencontainers.image.ref.name"] == "sha256-" + img["digest"][7:] + ".att"
m = json.load(open(f"{d}/blobs/sha256/{att['digest'][7:]}"))
ly = m["layers"][0]
assert ly["mediaType"] == "application/vnd.dsse.envelope.v1+json"
assert ly["annotations"] == {"dev.cosignproject.cosign/signature": "", "predicateType": "https://slsa.dev/provenance/v0.2"}
env = json.load(open(f"{d}/blobs/sha256/{ly['digest'][7:]}"))
assert env["payloadType"] == "application/vnd.in-toto+json"
body = base64.b64decode(env["payload"]); t = env["payloadType"].encode()
open("pae.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body))
open("sig.bin", "wb").write(base64.b64decode(env["signatures"][0]["sig"]))
st = json.loads(body)
assert st["_type"] == "https://in-toto.io/Statement/v0.1"
assert st["subject"][0]["digest"]["sha256"] == img["digest"][7:]
assert st["predicate"]["builder"]["id"] == "https://github.com/example/builder@v1"
PY
	then
		if [ $k = ed ]; then
			openssl pkeyutl -verify -pubin -inkey ed.pub -rawin -in pae.bin -sigfile sig.bin > /dev/null 2>&1
		else
			openssl dgst -sha256 -verify $k.pub -signature sig.bin pae.bin > /dev/null 2>&1
		fi && ok "openssl-oracle-$k" || bad "openssl-oracle-$k: openssl does not verify the PAE signature"
	else bad "openssl-oracle-$k: layout not as cosign stores it"; fi
done

# failures, each with its own message.  mutate DIR MODE: rewrite the
# first envelope of the .att manifest, re-store it and the manifest.
mutate() { python3 - "$1" "$2" <<'PY'
import base64, hashlib, json, sys
d, mode = sys.argv[1], sys.argv[2]
def put(b):
    h = hashlib.sha256(b).hexdigest(); open(f"{d}/blobs/sha256/{h}", "wb").write(b); return "sha256:" + h, len(b)
ix = json.load(open(f"{d}/index.json"))
att = [e for e in ix["manifests"] if e.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".att")][0]
m = json.load(open(f"{d}/blobs/sha256/{att['digest'][7:]}"))
ly = m["layers"][0]
raw = open(f"{d}/blobs/sha256/{ly['digest'][7:]}", "rb").read()
env = json.loads(raw)
if mode == "payload":
    st = json.loads(base64.b64decode(env["payload"])); st["predicate"]["builder"]["id"] = "https://evil.example/b"
    env["payload"] = base64.b64encode(json.dumps(st).encode()).decode()
elif mode == "truncate":
    s = env["signatures"][0]["sig"]; env["signatures"][0]["sig"] = s[:len(s) // 2 // 4 * 4]
elif mode == "ptype":
    env["payloadType"] = "application/vnd.example+json"
elif mode == "annotation":
    ly["annotations"]["predicateType"] = "https://spdx.dev/Document"
if mode == "garbage":
    new = b"{not json"
elif mode == "annotation":
    new = raw
else:
    new = json.dumps(env).encode()
ly["digest"], ly["size"] = put(new)
att["digest"], att["size"] = put(json.dumps(m).encode())
json.dump(ix, open(f"{d}/index.json", "w"))
PY
}
mklayout a 1000
"$B" sign a --key p256.pem --attest prov02.json --type slsaprovenance > /dev/null
for mode in payload truncate ptype garbage annotation; do rm -rf "t-$mode"; cp -r a "t-$mode"; mutate "t-$mode" $mode; done
expect tampered-payload 1 "not verified: t-payload sha256:[0-9a-f]*: tag sha256:[0-9a-f]* layer 1: bad signature: none of the 1 envelope signature(s) verifies under the ecdsa-p256 key" \
	"$B" verify t-payload --key p256.pub --attestations
expect truncated-sig 1 "bad signature: none of the 1 envelope signature(s) verifies" "$B" verify t-truncate --key p256.pub --attestations
expect other-key 1 "bad signature: none of the 1 envelope signature(s) verifies under the ed25519 key" "$B" verify a --key ed.pub --attestations
expect wrong-payload-type 1 'wrong payload type: "application/vnd.example+json", not application/vnd.in-toto+json' \
	"$B" verify t-ptype --key p256.pub --attestations
expect malformed-envelope 1 "bad envelope: envelope is not JSON" "$B" verify t-garbage --key p256.pub --attestations
# the .att manifest's bytes changed in place: it no longer hashes to its name
rm -rf t-manifest && cp -r a t-manifest && python3 - t-manifest <<'PY'
import json, sys
d = sys.argv[1]
ix = json.load(open(f"{d}/index.json"))
att = [e for e in ix["manifests"] if e.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".att")][0]
open(f"{d}/blobs/sha256/{att['digest'][7:]}", "ab").write(b" ")
PY
expect manifest-not-its-name 1 "bad envelope: the attestation manifest does not hash to its name" \
	"$B" verify t-manifest --key p256.pub --attestations
expect predicate-annotation 1 "predicate type mismatch: the layer annotation says https://spdx.dev/Document, the signed statement https://slsa.dev/provenance/v0.2" \
	"$B" verify t-annotation --key p256.pub --attestations
expect failure-json 1 '"verified": false' "$B" verify t-payload --key p256.pub --attestations --format json

# subject for another digest: image b's attestation stored under a's tag
mklayout b 2000
"$B" sign b --key p256.pem --attest prov02.json --type slsaprovenance > /dev/null
rm -rf x; cp -r a x
python3 - x b <<'PY'
import json, os, shutil, sys
d, src = sys.argv[1], sys.argv[2]
for f in os.listdir(f"{src}/blobs/sha256"):
    shutil.copy(f"{src}/blobs/sha256/{f}", f"{d}/blobs/sha256/{f}")
ixd = json.load(open(f"{d}/index.json")); ixs = json.load(open(f"{src}/index.json"))
isatt = lambda e: e.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".att")
sa = [e for e in ixs["manifests"] if isatt(e)][0]
for e in ixd["manifests"]:
    if isatt(e):
        e["digest"], e["size"] = sa["digest"], sa["size"]
json.dump(ixd, open(f"{d}/index.json", "w"))
PY
expect other-subject 1 "digest mismatch: no subject of the statement names the image's manifest" "$B" verify x --key p256.pub --attestations
# cosign save's form: the image and the attestation manifest marked by
# kind annotations (dev.cosignproject.cosign/image, .../atts), no tags
rm -rf cs; cp -r m cs
python3 - cs <<'PY'
import json, sys
d = sys.argv[1]; ix = json.load(open(f"{d}/index.json"))
for e in ix["manifests"]:
    rn = e.get("annotations", {}).get("org.opencontainers.image.ref.name", "")
    if rn == "app":
        e["annotations"] = {"kind": "dev.cosignproject.cosign/image"}
    elif rn.endswith(".att"):
        e["annotations"] = {"kind": "dev.cosignproject.cosign/atts"}
json.dump(ix, open(f"{d}/index.json", "w"))
PY
expect cosign-save-form 0 "cosign-save sha256:[0-9a-f]* layer 2: verified, CycloneDX" "$B" verify cs --key p256.pub --attestations
# an attestation stored for another image of the layout is not this one's
rm -rf two; cp -r m two
python3 - two b <<'PY'
import json, os, shutil, sys
d, src = sys.argv[1], sys.argv[2]
for f in os.listdir(f"{src}/blobs/sha256"):
    shutil.copy(f"{src}/blobs/sha256/{f}", f"{d}/blobs/sha256/{f}")
ixd = json.load(open(f"{d}/index.json")); ixs = json.load(open(f"{src}/index.json"))
for e in ixs["manifests"]:
    rn = e["annotations"]["org.opencontainers.image.ref.name"]
    if rn == "app":
        e["annotations"]["org.opencontainers.image.ref.name"] = "other"
    ixd["manifests"].append(e)
json.dump(ixd, open(f"{d}/index.json", "w"))
PY
expect other-image-left-out 0 "verified: two sha256:[0-9a-f]*: 3 attestations verified" "$B" verify two --key p256.pub --attestations --ref app
expect other-image-own 0 "verified: two sha256:[0-9a-f]*: 1 attestation verified" "$B" verify two --key p256.pub --attestations --ref other

# a layout tar reads the same
(cd m && tar -cf ../m.tar .)
expect oci-tar 0 "verified: m.tar sha256:[0-9a-f]*: 3 attestations verified" "$B" verify m.tar --key p256.pub --attestations

# bulkhead sbom --attach: the image's CycloneDX SBOM as an attestation
mklayout s 1000
expect sbom-attach 0 "attested: s sha256:.* tag attestation sha256:.* (https://cyclonedx.org/bom, 0 packages)" "$B" sbom s --attach --key p256.pem
if python3 - s <<'PY'
import base64, json, sys
d = sys.argv[1]; ix = json.load(open(f"{d}/index.json"))
att = [e for e in ix["manifests"] if e["annotations"]["org.opencontainers.image.ref.name"].endswith(".att")][0]
ly = json.load(open(f"{d}/blobs/sha256/{att['digest'][7:]}"))["layers"][0]
st = json.loads(base64.b64decode(json.load(open(f"{d}/blobs/sha256/{ly['digest'][7:]}"))["payload"]))
assert st["predicateType"] == "https://cyclonedx.org/bom"
assert st["predicate"]["bomFormat"] == "CycloneDX" and st["predicate"]["specVersion"] == "1.5", st["predicate"]
PY
then ok sbom-attach-predicate; else bad "sbom-attach-predicate: the statement does not carry the CycloneDX document"; fi
expect sbom-attach-verify 0 "verified, CycloneDX (https://cyclonedx.org/bom)" "$B" verify s --key p256.pub --attestations --require-predicate cyclonedx

# input errors: exit 2, one line naming the file, nothing written
mklayout e 1000
cp e/index.json e.index.before
expect missing-predicate-file 2 "bulkhead: nope.json" "$B" sign e --key p256.pem --attest nope.json
echo '[1,2]' > arr.json
expect predicate-not-object 2 "bulkhead: arr.json: the predicate is not a JSON object" "$B" sign e --key p256.pem --attest arr.json
echo '{"a":' > broken.json
expect predicate-broken 2 "broken.json: the predicate is not a JSON object" "$B" sign e --key p256.pem --attest broken.json
cmp -s e/index.json e.index.before && ok nothing-written || bad "nothing-written: index.json changed"
expect bad-type 2 "--type wants" "$B" sign e --key p256.pem --attest cdx.json --type nosuch
expect type-alone 2 "--type goes with --attest" "$B" sign e --key p256.pem --type spdx
expect attest-into-tar 2 "attestations are written into an OCI layout directory" "$B" sign m.tar --key p256.pem --attest cdx.json
expect verify-missing 2 "bulkhead: cannot open nope" "$B" verify nope --key p256.pub --attestations
expect require-bad 2 "--require-predicate wants" "$B" verify m --key p256.pub --attestations --require-predicate nosuch
expect format-alone 2 "go with --attestations" "$B" verify m --key p256.pub --format json
expect sbom-attach-no-key 2 "--attach needs --key" "$B" sbom s --attach
expect sbom-attach-tar 2 "attestations are written into an OCI layout directory" "$B" sbom m.tar --attach --key p256.pem

echo "attest: $passes passed, $fails failed"
[ $fails = 0 ]
