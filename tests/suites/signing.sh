#!/usr/bin/env bash
# signing.sh BULKHEAD - bulkhead sign / verify round trips (cosign key
# signatures, docs/signing.md): keys made here with `openssl genpkey`
# (ECDSA P-256, P-384, RSA PKCS#1 v1.5 and PSS, Ed25519), a real small OCI
# layout made with umoci; each failure has its own message: no signature,
# another key, truncated signature, payload for another digest, changed
# manifest, annotation mismatch; input errors exit 2 with one line naming
# the file; and a published cosign signature (tests/data/cosign/) passes
# and fails with one byte flipped; the policy's signature-keys on `bulkhead
# image` (BH6005).  SKIPs without
# umoci, openssl or python3.
set -u
: "${1:?usage: signing.sh BULKHEAD}"
. "$(dirname "$0")/lib/sigtest.sh"
VEC=$(cd "$(dirname "$0")/../data/cosign" && pwd)
sig_start signing "$1"
mklayout img 1000
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2> /dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem 2> /dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2> /dev/null
openssl genpkey -algorithm ed25519 -out ed.pem 2> /dev/null
for k in p256 p384 rsa ed; do openssl pkey -in $k.pem -pubout -out $k.pub; done

expect unsigned 1 "no signature:" "$B" verify img --key p256.pub
for k in p256 p384 rsa ed; do
	for form in tag referrer; do
		mklayout l 1000
		expect "sign-$k-$form" 0 "signed:" "$B" sign l --key $k.pem --form $form
		expect "verify-$k-$form" 0 "verified: " "$B" verify l --key $k.pub
	done
done
mklayout l 1000
expect sign-rsa-pss 0 "signed:" "$B" sign l --key rsa.pem --rsa-pss
expect verify-rsa-pss 0 "RSA-PSS SHA-256" "$B" verify l --key rsa.pub
(cd l && tar -cf ../l.tar .)
expect verify-oci-tar 0 "verified: " "$B" verify l.tar --key rsa.pub
expect another-key 1 "bad signature: layer 1 signature does not verify" "$B" verify l --key p256.pub
# the .sig manifest's bytes changed in place: it no longer hashes to its name
rm -rf l-manifest && cp -r l l-manifest && python3 - l-manifest <<'PY'
import json, sys
d = sys.argv[1]
ix = json.load(open(f"{d}/index.json"))
sig = [e for e in ix["manifests"] if e.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig")][0]
open(f"{d}/blobs/sha256/{sig['digest'][7:]}", "ab").write(b" ")
PY
expect sig-manifest-not-its-name 1 "bad signature: the signature manifest does not hash to its name" "$B" verify l-manifest --key rsa.pub

mklayout a 1000
expect sign-claims 0 "signed:" "$B" sign a --key p256.pem -a env=prod -a team=core
expect claims-ok 0 "verified: " "$B" verify a --key p256.pub -a env=prod -a team=core
expect claims-wrong 1 'annotation mismatch: env is "prod"' "$B" verify a --key p256.pub -a env=dev
expect claims-absent 1 'annotation mismatch: owner is absent' "$B" verify a --key p256.pub -a owner=x

# truncated signature: cut the base64 annotation, re-store the manifest
cp -r a t
python3 - t <<'PY'
import json, hashlib, sys, os
d = sys.argv[1]; ix = json.load(open(f"{d}/index.json"))
e = [m for m in ix["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig")][0]
m = json.load(open(f"{d}/blobs/sha256/{e['digest'][7:]}"))
a = m["layers"][0]["annotations"]; s = a["dev.cosignproject.cosign/signature"]; a["dev.cosignproject.cosign/signature"] = s[:len(s)//2 // 4 * 4]
b = json.dumps(m, separators=(",", ":")).encode(); h = hashlib.sha256(b).hexdigest()
open(f"{d}/blobs/sha256/{h}", "wb").write(b); e["digest"] = "sha256:" + h; e["size"] = len(b)
json.dump(ix, open(f"{d}/index.json", "w"))
PY
expect truncated 1 "bad signature: layer 1 signature does not verify" "$B" verify t --key p256.pub

# changed manifest: the image's manifest rewritten after signing
cp -r a c
umoci config --image c:app --config.user 0 > /dev/null
python3 - c <<'PY'
import json, sys
d = sys.argv[1]; ix = json.load(open(f"{d}/index.json"))
# umoci keeps the old .sig entry; the app entry now names the new manifest
assert any(m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "app" for m in ix["manifests"])
PY
expect changed-manifest 1 "digest mismatch: signed for manifest" "$B" verify c --key p256.pub

# payload for another digest: image b's signature stored under a's tag
mklayout b 2000
"$B" sign b --key p256.pem > /dev/null
cp -r a o
python3 - o b <<'PY'
import json, sys, shutil, os
d, src = sys.argv[1], sys.argv[2]
ixo = json.load(open(f"{d}/index.json")); ixb = json.load(open(f"{src}/index.json"))
for f in os.listdir(f"{src}/blobs/sha256"):
    shutil.copy(f"{src}/blobs/sha256/{f}", f"{d}/blobs/sha256/{f}")
sigb = [m for m in ixb["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig")][0]
for m in ixo["manifests"]:
    if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig"):
        m["digest"], m["size"] = sigb["digest"], sigb["size"]
json.dump(ixo, open(f"{d}/index.json", "w"))
PY
expect other-digest 1 "digest mismatch: the payload names manifest" "$B" verify o --key p256.pub

# input errors: exit 2, one line naming the file
expect missing-image 2 "cannot open nope" "$B" verify nope --key p256.pub
expect bad-key 2 "img/index.json: not a PEM public key" "$B" verify img --key img/index.json
expect private-as-public 2 "not a PEM public key" "$B" verify img --key p256.pem
expect sign-into-tar 2 "sign writes into an OCI layout directory" "$B" sign l.tar --key p256.pem
expect no-key 2 "--key" "$B" verify img

# the error line: one line, names the file, no "<input>:" prefix
err=$("$B" verify nope --key nokey.pub 2>&1 >/dev/null); rc=$?
if [ $rc = 2 ] && [ "$err" = "bulkhead: cannot open nope: No such file or directory" ]; then
	ok missing-image-line; else bad "missing-image-line (rc $rc): $err"; fi
err=$("$B" verify img --key nokey.pub 2>&1 >/dev/null); rc=$?
if [ $rc = 2 ] && [ "$(wc -l <<< "$err")" = 1 ] && [[ $err != *"<input>"* ]] &&
   [[ $err == *nokey.pub* ]]; then ok missing-key-line; else bad "missing-key-line (rc $rc): $err"; fi
err=$("$B" sign nope --key p256.pem 2>&1 >/dev/null); rc=$?
if [ $rc = 2 ] && [[ $err != *"<input>"* ]] && [[ $err == *nope* ]]; then
	ok sign-missing-line; else bad "sign-missing-line (rc $rc): $err"; fi

# a published cosign signature (tests/data/cosign/README.md): a layout
# assembled around the signed manifest, the payload and the signature
# cosign made; then the same with one byte of the signature flipped
vec_layout() { python3 - "$VEC" "$1" "$2" <<'PY2'
import base64, hashlib, json, os, sys
vec, out, flip = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
os.makedirs(f"{out}/blobs/sha256", exist_ok=True)
def blob(b):
    h = hashlib.sha256(b).hexdigest()
    open(f"{out}/blobs/sha256/{h}", "wb").write(b)
    return {"digest": "sha256:" + h, "size": len(b)}
man = open(f"{vec}/manifest.json", "rb").read()
pay = open(f"{vec}/payload.json", "rb").read()
sig = base64.b64decode(open(f"{vec}/signature.b64").read())
if flip:
    sig = sig[:20] + bytes([sig[20] ^ 1]) + sig[21:]
md = blob(man)
layer = dict(mediaType="application/vnd.dev.cosign.simplesigning.v1+json", **blob(pay))
layer["annotations"] = {"dev.cosignproject.cosign/signature": base64.b64encode(sig).decode()}
sm = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **blob(b"{}")),
      "layers": [layer]}
smd = blob(json.dumps(sm).encode())
tag = "sha256-" + md["digest"][7:] + ".sig"
ix = {"schemaVersion": 2, "manifests": [
    dict(mediaType="application/vnd.docker.distribution.manifest.v2+json",
         annotations={"org.opencontainers.image.ref.name": "sample"}, **md),
    dict(mediaType="application/vnd.oci.image.manifest.v1+json",
         annotations={"org.opencontainers.image.ref.name": tag}, **smd)]}
json.dump(ix, open(f"{out}/index.json", "w"))
open(f"{out}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
PY2
}
vec_layout vec 0 && vec_layout vecflip 1
expect published-vector 0 "verified: vec sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00: tag" \
	"$B" verify vec --key "$VEC/cosign.pub"
expect published-vector-flipped 1 "bad signature" "$B" verify vecflip --key "$VEC/cosign.pub"
expect published-vector-other-key 1 "bad signature" "$B" verify vec --key p256.pub

# the .bulkhead.yaml policy (BH6005, src/rules/rules_policy.c): `bulkhead
# image` verifies an image whose name a signature-keys entry covers with
# that entry's key, as verify does; unsigned, signed under another key and
# unreadable as a layout fail, signed under the key passes, a name no entry
# covers is not asked for a signature
mklayout pimg 1000
name_image pimg registry.example.com/team/app:1
mkdir -p conf/keys && cp p256.pub conf/keys/release.pub && cp p384.pub conf/keys/other.pub
printf 'policy:\n  signature-keys: {registry.example.com/team: keys/release.pub}\n' > conf/pol.yaml
printf 'policy:\n  signature-keys: {registry.example.com: keys/other.pub}\n' > conf/other.yaml
printf 'policy:\n  signature-keys: {ghcr.io: keys/release.pub}\n' > conf/elsewhere.yaml
bh6005 policy-unsigned 1 'under keys/release.pub for registry.example.com/team, and none verifies: no signature' conf/pol.yaml pimg
"$B" sign pimg --key p256.pem > /dev/null 2>&1 || bad "policy: sign pimg failed"
bh6005 policy-signed 0 '' conf/pol.yaml pimg
bh6005 policy-other-key 1 'bad signature' conf/other.yaml pimg
bh6005 policy-not-covered 0 '' conf/elsewhere.yaml pimg
tar -C pimg -cf pimg.tar . && bh6005 policy-signed-tar 0 '' conf/pol.yaml pimg.tar
bh6005 policy-stdin 1 'standard input' conf/pol.yaml - < pimg.tar

echo "signing: $passes passed, $fails failed"
[ $fails = 0 ]
