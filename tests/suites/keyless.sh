#!/usr/bin/env bash
# keyless.sh BULKHEAD - `bulkhead verify --trusted-root` (keyless cosign
# signatures checked offline, docs/signing.md "Keyless"): a test Sigstore
# PKI made here with openssl (a root CA, an intermediate, Fulcio-like leaves
# with the code-signing EKU, SAN URI/email and the OIDC issuer extensions
# 1.3.6.1.4.1.57264.1.8 / .1.1, a Rekor-like log key signing the
# SignedEntryTimestamp), a trusted_root.json naming them, and an OCI layout
# (umoci) signed with the leaf key by `bulkhead sign` and given cosign's
# certificate / chain / bundle annotations.  Each failure path has its own
# message: wrong identity, wrong issuer, no chain to the root, expired or
# not yet valid (openssl ca for the dates) at the
# integrated time, no code-signing EKU, bad SET, unknown log, body mismatch
# (hash, signature, certificate), no tlog entry, no certificate, tampered
# payload; usage and input errors exit 2.  openssl verify -attime is the
# oracle for the chain verdicts.  `verify FILE --bundle` checks a published
# Sigstore bundle (tests/data/sigstore) and refuses it changed.
# Certificate Transparency: a leaf with an SCT list made here (openssl ca
# twice, the SCT signed with a CT log key by openssl dgst): verified with
# the CT log in the root's ctlogs, refused with an unknown log, no SCT, a
# changed SCT; python3-cryptography checks the same SCTs and the staging
# leaf's.  Keyless attestations (DSSE by `bulkhead sign --attest` with a
# leaf key, a Rekor intoto 0.0.1/0.0.2 or dsse 0.0.1 body): verified and
# each refusal.
# RFC 3161 timestamps from a TSA made here (openssl ts -reply; openssl ts
# -verify as the oracle) on signatures, attestations and a bundle file,
# --insecure-ignore-tlog; Rekor v2 bundles (hashedrekord and dsse 0.0.2,
# a 3-leaf tree, a checkpoint whose origin is the root baseUrl's host and
# key hint the log key's or the root's checkpointKeyId, ECDSA or Ed25519; SHA2_384/512 digests with a
# P-384 leaf) verified and refused for each field; CT logs' validFor
# against the SCT's time; DSSE bundle files (a Rekor dsse 0.0.1 entry,
# its certificate as "verifier") verified and refused; the tlog found from
# the checkpoint's key name and hint, witness lines ignored, a bad log
# line refused, v1 checkpoint origins; published Rekor v2 bundles
# (sigstore-python, sigstore-conformance: witnessed checkpoints,
# hashedrekord over a DSSE PAE) with their staging roots; the root's
# validFor windows closed [start, end] (conformance's end-inclusive
# cases, a second either side, null ends, a missing log key start
# refused); DSSE bundles with a Rekor v1 intoto 0.0.1/0.0.2 entry
# (conformance's intoto-with-custom-trust-root, and each lie refused).
# SKIPs without umoci, openssl or python3.
set -u
: "${1:?usage: keyless.sh BULKHEAD}"
. "$(dirname "$0")/lib/sigtest.sh"
VEC=$(cd "$(dirname "$0")/../data/sigstore" && pwd)
sig_start keyless "$1"

ID=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main
ISS=https://token.actions.githubusercontent.com
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2> /dev/null; }
# ca NAME ISSUER_NAME (self-signed when ISSUER_NAME is "-")
ca() {
	key $1.key
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' > $1.ext
	openssl req -new -key $1.key -subj "/O=test/CN=$1" -out $1.csr 2> /dev/null
	if [ "$2" = - ]; then
		openssl x509 -req -in $1.csr -signkey $1.key -days 3650 -extfile $1.ext -out $1.pem 2> /dev/null
	else
		openssl x509 -req -in $1.csr -CA $2.pem -CAkey $2.key -CAcreateserial -days 3650 -extfile $1.ext -out $1.pem 2> /dev/null
	fi
}
# leaf NAME CA EXTLINES... (a one-day leaf; Fulcio's live ten minutes)
leaf() {
	local n=$1 c=$2; shift 2
	key $n.key
	printf '%s\n' "$@" > $n.ext
	openssl req -new -key $n.key -subj "/" -out $n.csr 2> /dev/null
	openssl x509 -req -in $n.csr -CA $c.pem -CAkey $c.key -CAcreateserial -days 1 -extfile $n.ext -out $n.pem 2> /dev/null
}
hexof() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }
ca root -; ca inter root; ca other -
key log.key; openssl pkey -in log.key -pubout -outform DER -out log.der 2> /dev/null
key log2.key
EKU=extendedKeyUsage=codeSigning
KU=keyUsage=critical,digitalSignature
leaf good inter "$KU" "$EKU" "subjectAltName=critical,URI:$ID" "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS"
leaf mail inter "$KU" "$EKU" "subjectAltName=critical,email:dev@example.com" "1.3.6.1.4.1.57264.1.1=DER:$(hexof https://accounts.google.com)"
leaf noeku inter "$KU" "subjectAltName=critical,URI:$ID" "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS"
leaf stray other "$KU" "$EKU" "subjectAltName=critical,URI:$ID" "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS"
# a leaf valid from two hours on (openssl ca sets the dates)
key later.key; openssl req -new -key later.key -subj "/" -out later.csr 2> /dev/null
: > index.txt; echo 01 > serial
printf '%s\n' "[ca]" "default_ca = t" "[t]" "database = index.txt" "new_certs_dir = ." "serial = serial" \
	"default_md = sha256" "policy = p" "[p]" "[ext]" "$KU" "$EKU" "subjectAltName=critical,URI:$ID" \
	"1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS" > ca.cnf
openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -in later.csr -out later.pem -notext -extensions ext \
	-startdate "$(date -u -d '+2 hours' +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d '+3 hours' +%Y%m%d%H%M%SZ)" > /dev/null 2>&1
for f in root inter other good mail noeku stray later; do [ -s $f.pem ] || { bad "openssl made $f.pem"; }; done

# trusted_root.json: CA chain [inter, root], the log key; mkroot OUT [CA...]
# with CA_START / LOG_START / LOG_END (seconds from now) when set
cat > mkroot.py <<'PY'
import base64, json, os, subprocess, sys, time
def der(pem):
    return subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER"], capture_output=True, check=True).stdout
def ts(off):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + int(off)))
out, cas = sys.argv[1], sys.argv[2:]
ca = {"subject": {"organization": "test", "commonName": "test"}, "uri": "https://fulcio.test",
      "certChain": {"certificates": [{"rawBytes": base64.b64encode(der(c)).decode()} for c in cas]},
      "validFor": {"start": ts(os.environ.get("CA_START", -86400 * 365))}}
if "CA_END" in os.environ: ca["validFor"]["end"] = ts(os.environ["CA_END"])
LOGDER = os.environ.get("LOGDER", "log.der")
pk = {"rawBytes": base64.b64encode(open(LOGDER, "rb").read()).decode(), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
      "validFor": {"start": ts(os.environ.get("LOG_START", -86400 * 365))}}
if "LOG_END" in os.environ: pk["validFor"]["end"] = ts(os.environ["LOG_END"])
if LOGDER.startswith("ed"): pk["keyDetails"] = "PKIX_ED25519"
import hashlib
root = {"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "tlogs": [{"baseUrl": os.environ.get("BASEURL", "https://rekor.test"), "hashAlgorithm": "SHA2_256", "publicKey": pk,
                   "logId": {"keyId": base64.b64encode(hashlib.sha256(open(LOGDER, "rb").read()).digest()).decode()}}],
        "certificateAuthorities": [ca], "ctlogs": [], "timestampAuthorities": []}
for f in filter(None, os.environ.get("CTLOGS", "").split(",")):
    d = open(f, "rb").read()
    root["ctlogs"].append({"baseUrl": "https://ct.test", "hashAlgorithm": "SHA2_256",
        "publicKey": {"rawBytes": base64.b64encode(d).decode(), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                      "validFor": {"start": ts(os.environ.get("CT_START", -86400 * 365))}},
        "logId": {"keyId": base64.b64encode(hashlib.sha256(d).digest()).decode()}})
    if "CT_END" in os.environ: root["ctlogs"][-1]["publicKey"]["validFor"]["end"] = ts(os.environ["CT_END"])
for f in filter(None, os.environ.get("TSAS", "").split(",")):
    root["timestampAuthorities"].append({"subject": {"organization": "test", "commonName": "tsa"},
        "uri": "https://tsa.test", "certChain": {"certificates": [{"rawBytes": base64.b64encode(der(c)).decode()} for c in f.split("+")]},
        "validFor": {"start": ts(os.environ.get("TSA_START", -86400 * 365))}})
if os.environ.get("BASEURL") == "none": del root["tlogs"][0]["baseUrl"]
if "CKID" in os.environ: root["tlogs"][0]["checkpointKeyId"] = {"keyId": base64.b64encode(bytes.fromhex(os.environ["CKID"])).decode()}
if "TWICE" in os.environ:  # the log key listed twice: first a window that closed yesterday
    old = json.loads(json.dumps(root["tlogs"][0])); old["publicKey"]["validFor"] = {"start": ts(-172800), "end": ts(-86400)}
    root["tlogs"].insert(0, old)
for f in filter(None, os.environ.get("MORE_TLOGS", "").split(",")):  # DER@BASEURL: other logs listed first
    d, u = f.split("@", 1); d = open(d, "rb").read()
    root["tlogs"].insert(0, {"baseUrl": u, "hashAlgorithm": "SHA2_256", "publicKey": {"rawBytes": base64.b64encode(d).decode(),
        "keyDetails": "PKIX_ECDSA_P256_SHA_256", "validFor": {"start": ts(-86400 * 365)}},
        "logId": {"keyId": base64.b64encode(hashlib.sha256(d).digest()).decode()}})
json.dump(root, open(out, "w"), indent=2)
PY
python3 mkroot.py root.json inter.pem root.pem
python3 mkroot.py rootonly.json root.pem
python3 mkroot.py interonly.json inter.pem
CA_START=-172800 CA_END=-86400 python3 mkroot.py oldca.json inter.pem root.pem
LOG_START=-172800 LOG_END=-86400 python3 mkroot.py oldlog.json inter.pem root.pem

# attach SRC DST CERT [VAR=VALUE...]: copy layout SRC, give its signature
# layer cosign's keyless annotations, re-store the manifest.  Variables:
# CHAIN (PEM file, or none), LOGKEY (SET signer), ITIME (offset from now),
# BODY_HASH / BODY_SIG / BODY_CERT (lie in the Rekor body), NOBUNDLE,
# NOCERT, SETFLIP (change logIndex after signing), TAMPER (payload changed,
# manifest digest updated)
cat > attach.py <<'PY'
import base64, hashlib, json, os, shutil, subprocess, sys, time
src, dst, cert = sys.argv[1:4]
env = dict(a.split("=", 1) for a in sys.argv[4:])
shutil.rmtree(dst, ignore_errors=True); shutil.copytree(src, dst)
ix = json.load(open(f"{dst}/index.json"))
e = [m for m in ix["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig")][0]
m = json.load(open(f"{dst}/blobs/sha256/{e['digest'][7:]}"))
ly = m["layers"][0]; a = ly["annotations"]
sig = a["dev.cosignproject.cosign/signature"]
payload = open(f"{dst}/blobs/sha256/{ly['digest'][7:]}", "rb").read()
certpem = open(cert).read()
b64 = lambda b: base64.b64encode(b).decode()
body = {"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {
    "data": {"hash": {"algorithm": "sha256", "value": env.get("BODY_HASH", hashlib.sha256(payload).hexdigest())}},
    "signature": {"content": env.get("BODY_SIG", sig),
                  "publicKey": {"content": b64(open(env.get("BODY_CERT", cert), "rb").read())}}}}
bodyb = b64(json.dumps(body, separators=(",", ":")).encode())
logder = subprocess.run(["openssl", "pkey", "-in", env.get("LOGKEY", "log.key"), "-pubout", "-outform", "DER"],
                        capture_output=True, check=True).stdout
logid = hashlib.sha256(logder).hexdigest()
itime = int(time.time()) + int(env.get("ITIME", "60"))
pl = {"body": bodyb, "integratedTime": itime, "logID": logid, "logIndex": 4242}
canon = json.dumps(pl, separators=(",", ":"), sort_keys=True).encode()
setsig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", env.get("LOGKEY", "log.key")], input=canon,
                        capture_output=True, check=True).stdout
if "SETFLIP" in env: pl["logIndex"] = 4243
if "NOCERT" not in env: a["dev.sigstore.cosign/certificate"] = certpem
if env.get("CHAIN", "none") != "none": a["dev.sigstore.cosign/chain"] = open(env["CHAIN"]).read()
if "NOBUNDLE" not in env:
    a["dev.sigstore.cosign/bundle"] = json.dumps({"SignedEntryTimestamp": b64(setsig), "Payload": pl})
if "TSA" in env:  # an RFC 3161 timestamp over the signature bytes (or TSADATA's)
    open("ts.data", "wb").write(env["TSADATA"].encode() if "TSADATA" in env else base64.b64decode(sig))
    subprocess.run(["openssl", "ts", "-query", "-data", "ts.data", "-sha256", "-cert", "-out", "ts.tsq"], check=True, capture_output=True)
    subprocess.run(["openssl", "ts", "-reply", "-queryfile", "ts.tsq", "-config", env["TSA"], "-out", "ts.tsr"], check=True, capture_output=True)
    a["dev.sigstore.cosign/rfc3161timestamp"] = json.dumps({"SignedRFC3161Timestamp": b64(open("ts.tsr", "rb").read())})
if "TSAJUNK" in env: a["dev.sigstore.cosign/rfc3161timestamp"] = '{"SignedRFC3161Timestamp": "%%%"}' 
if "TAMPER" in env:
    p2 = payload.replace(b'"optional":null', b'"optional":{"x":"y"}')
    h = hashlib.sha256(p2).hexdigest(); open(f"{dst}/blobs/sha256/{h}", "wb").write(p2)
    ly["digest"] = "sha256:" + h; ly["size"] = len(p2)
b = json.dumps(m, separators=(",", ":")).encode(); h = hashlib.sha256(b).hexdigest()
open(f"{dst}/blobs/sha256/{h}", "wb").write(b); e["digest"] = "sha256:" + h; e["size"] = len(b)
json.dump(ix, open(f"{dst}/index.json", "w"))
PY
# signed SRC LEAF: a fresh layout signed with the leaf's key
signed() { rm -rf "$1"; umoci init --layout "$1" > /dev/null && umoci new --image "$1:app" > /dev/null &&
	"$B" sign "$1" --key "$2.key" > /dev/null || bad "sign $1 with $2.key"; }
for l in good mail noeku stray later; do signed s-$l $l; done

V() { "$B" verify "$1" --trusted-root "${ROOT:-root.json}" --certificate-identity "${WANT:-$ID}" --certificate-oidc-issuer "${WISS:-$ISS}" "${@:2}"; }

python3 attach.py s-good ok good.pem CHAIN=none
expect verified 0 "verified: ok sha256:.*tag signature" V ok
expect verified-line 0 "keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 4242" V ok
expect verified-line-whole 0 "log index 4242 at [0-9T:-]*Z, layer 1, payload sha256:[0-9a-f]\{64\})$" V ok
expect verified-quiet 0 "^verified: " V ok -q
expect regexp 0 "verified: " "$B" verify ok --trusted-root root.json --certificate-identity-regexp 'https://github\.com/acme/.*' --certificate-oidc-issuer "$ISS"
expect regexp-whole 1 "wrong identity: the certificate names $ID, wanted a match of https://github" "$B" verify ok --trusted-root root.json --certificate-identity-regexp 'https://github\.com/acme' --certificate-oidc-issuer "$ISS"
WANT=https://github.com/acme/app/.github/workflows/other.yml@refs/heads/main expect wrong-identity 1 "not verified: ok sha256:[0-9a-f]*: wrong identity: the certificate names $ID, wanted https://github.com/acme/app/.github/workflows/other.yml" V ok
WISS=https://accounts.google.com expect wrong-issuer 1 "wrong issuer: the certificate's OIDC issuer is $ISS, wanted https://accounts.google.com" V ok
ROOT=rootonly.json expect root-only-no-chain 1 "untrusted certificate: the signing certificate does not chain" V ok
python3 attach.py s-good okchain good.pem CHAIN=inter.pem
ROOT=rootonly.json expect chain-annotation 0 "verified: " V okchain
ROOT=interonly.json expect intermediate-anchor 0 "verified: " V ok
# a chain annotation cannot bring its own root
python3 attach.py s-stray stray stray.pem CHAIN=other.pem
expect other-ca 1 "untrusted certificate: the signing certificate does not chain to a certificate authority" V stray
python3 attach.py s-mail mail mail.pem
WANT=dev@example.com WISS=https://accounts.google.com expect email-issuer-v1 0 "verified: .*" V mail
WANT=dev@example.com expect email-wrong-issuer 1 "wrong issuer: the certificate's OIDC issuer is https://accounts.google.com" V mail
python3 attach.py s-noeku noeku noeku.pem
expect no-eku 1 "untrusted certificate: the signing certificate is not for code signing" V noeku
python3 attach.py s-good exp good.pem ITIME=172800
expect expired 1 "expired certificate: the signing certificate is expired at the integrated time" V exp
python3 attach.py s-good early good.pem ITIME=-172800
expect not-yet-valid 1 "expired certificate: the CA certificate is not yet valid at the integrated time" V early
python3 attach.py s-later later later.pem
expect leaf-not-yet-valid 1 "expired certificate: the signing certificate is not yet valid at the integrated time" V later
ROOT=oldca.json expect ca-validfor 1 "untrusted certificate: no certificate authority of the trusted root is valid at the integrated time" V ok
ROOT=oldlog.json expect log-validfor 1 "bad tlog entry: the log key was not valid at the integrated time" V ok
python3 attach.py s-good setflip good.pem SETFLIP=1
expect bad-set 1 "bad tlog entry: the SignedEntryTimestamp does not verify under the key of log" V setflip
python3 attach.py s-good log2 good.pem LOGKEY=log2.key
expect unknown-log 1 "bad tlog entry: log [0-9a-f]* is not a tlog of the trusted root" V log2
python3 attach.py s-good bh good.pem BODY_HASH=$(printf 0%.0s {1..64})
expect body-hash 1 "tlog body mismatch: the Rekor entry records another payload hash" V bh
python3 attach.py s-good bs good.pem BODY_SIG=$(grep -o '"dev.cosignproject.cosign/signature":"[^"]*"' s-mail/blobs/sha256/* | head -1 | sed 's/.*:"//; s/"$//')
expect body-sig 1 "tlog body mismatch: the Rekor entry records another signature" V bs
python3 attach.py s-good bc good.pem BODY_CERT=mail.pem
expect body-cert 1 "tlog body mismatch: the Rekor entry records another certificate" V bc
python3 attach.py s-good nb good.pem NOBUNDLE=1
expect no-bundle 1 "no tlog entry: the layer has no dev.sigstore.cosign/bundle annotation" V nb
python3 attach.py s-good nc good.pem NOCERT=1
expect no-cert 1 "no certificate: the layer has no dev.sigstore.cosign/certificate annotation" V nc
python3 attach.py s-good tp good.pem TAMPER=1
expect tampered-payload 1 "bad signature: the signature does not verify under the certificate's ECDSA key" V tp
umoci init --layout bare > /dev/null && umoci new --image bare:app > /dev/null
expect no-signature 1 "not verified: bare sha256:[0-9a-f]*: no signature:" V bare
expect key-based-layer 1 "no certificate:" V s-good

# the chain verdicts agree with openssl verify at the same times
now=$(date +%s)
openssl verify -attime $((now + 60)) -CAfile root.pem -untrusted inter.pem good.pem > /dev/null 2>&1 &&
	ok oracle-good || bad "oracle-good: openssl verify rejects good.pem"
openssl verify -attime $((now + 172800)) -CAfile root.pem -untrusted inter.pem good.pem > /dev/null 2>&1 &&
	bad "oracle-expired: openssl verify accepts good.pem two days on" || ok oracle-expired
openssl verify -CAfile root.pem -untrusted other.pem stray.pem > /dev/null 2>&1 &&
	bad "oracle-stray: openssl verify accepts stray.pem" || ok oracle-stray
# the SET made by attach.py verifies with openssl over the canonical bytes
python3 - ok > set.msg 2> /dev/null <<'PY'
import json, sys, glob
for f in glob.glob(sys.argv[1] + "/blobs/sha256/*"):
    try: m = json.load(open(f))
    except Exception: continue
    for l in m.get("layers", []) if isinstance(m, dict) else []:
        b = l.get("annotations", {}).get("dev.sigstore.cosign/bundle")
        if b:
            b = json.loads(b); import base64
            open("set.sig", "wb").write(base64.b64decode(b["SignedEntryTimestamp"]))
            sys.stdout.write(json.dumps(b["Payload"], separators=(",", ":"), sort_keys=True))
PY
openssl pkey -in log.key -pubout -out log.pub 2> /dev/null
openssl dgst -sha256 -verify log.pub -signature set.sig set.msg > /dev/null 2>&1 &&
	ok oracle-set || bad "oracle-set: openssl does not verify the SET"

# the published staging vector (tests/data/sigstore): openssl agrees that
# the leaf chains to the staging Fulcio CA at the integrated time, not a
# day later, and that the signature verifies over the artifact
python3 - "$VEC/staging_trusted_root.json" > fulcio-staging.pem <<'PY'
import base64, json, sys, textwrap
for c in json.load(open(sys.argv[1]))["certificateAuthorities"][0]["certChain"]["certificates"]:
    print("-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(c["rawBytes"], 64)) + "\n-----END CERTIFICATE-----")
PY
openssl verify -attime 1665690514 -CAfile fulcio-staging.pem "$VEC/offline-rekor.txt.crt" > /dev/null 2>&1 &&
	ok oracle-vector-chain || bad "oracle-vector-chain: openssl verify rejects the staging leaf"
openssl verify -attime $((1665690514 + 86400)) -CAfile fulcio-staging.pem "$VEC/offline-rekor.txt.crt" > /dev/null 2>&1 &&
	bad "oracle-vector-expired: openssl accepts the leaf a day later" || ok oracle-vector-expired
openssl x509 -in "$VEC/offline-rekor.txt.crt" -pubkey -noout > vec.pub
base64 -d "$VEC/offline-rekor.txt.sig" > vec.sig
openssl dgst -sha256 -verify vec.pub -signature vec.sig "$VEC/offline-rekor.txt" > /dev/null 2>&1 &&
	ok oracle-vector-sig || bad "oracle-vector-sig: openssl does not verify the published signature"

# verify FILE --bundle: the published Sigstore bundle (inclusion proof and
# checkpoint), a changed artifact, a changed proof hash, input errors
RV="$VEC/staging_trusted_root.json"
BV() { "$B" verify "$1" --bundle "$2" --trusted-root "$RV" --certificate-identity a@tny.town --certificate-oidc-issuer https://github.com/login/oauth "${@:3}"; }
expect bundle-verified 0 "^verified: $VEC/bundle.txt: keyless ECDSA P-384 SHA-256, a@tny.town, issuer https://github.com/login/oauth, log index 7390977 at 2023-04-26T00:21:09Z, SCT from CT log 2b30bcdc6888c9e2... at 2023-04-26T00:21:08Z, inclusion proof in tree of 7376159" BV "$VEC/bundle.txt" "$VEC/bundle.txt.sigstore"
expect bundle-quiet 0 "^verified: .*: keyless signature$" BV "$VEC/bundle.txt" "$VEC/bundle.txt.sigstore" -q
sed 's/sample/simple/' "$VEC/bundle.txt" > changed.txt
expect bundle-changed-artifact 1 "^not verified: changed.txt: bad signature: the artifact does not hash to the bundle's messageDigest" BV changed.txt "$VEC/bundle.txt.sigstore"
python3 - "$VEC/bundle.txt.sigstore" > proof.sigstore <<'PY'
import json, sys
b = json.load(open(sys.argv[1])); h = b["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["hashes"]
h[0] = ("A" if h[0][0] != "A" else "B") + h[0][1:]; json.dump(b, sys.stdout)
PY
expect bundle-proof 1 "bad tlog entry: the inclusion proof does not lead from the entry to the root hash" BV "$VEC/bundle.txt" proof.sigstore
expect bundle-wrong-identity 1 "wrong identity: the certificate names a@tny.town, wanted b@tny.town" "$B" verify "$VEC/bundle.txt" --bundle "$VEC/bundle.txt.sigstore" --trusted-root "$RV" --certificate-identity b@tny.town --certificate-oidc-issuer https://github.com/login/oauth
expect bundle-other-root 1 "bad tlog entry: log d32f30a3[0-9a-f]* is not a tlog of the trusted root" BV "$VEC/bundle.txt" "$VEC/bundle.txt.sigstore" --trusted-root root.json
expect bundle-missing 2 "^bulkhead: cannot read nope.sigstore" BV "$VEC/bundle.txt" nope.sigstore
echo '{"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.1"}' > empty.sigstore
expect bundle-malformed 2 "^bulkhead: empty.sigstore: no messageSignature" BV "$VEC/bundle.txt" empty.sigstore
expect bundle-artifact-missing 2 "^bulkhead: cannot open nope.txt: No such file" BV nope.txt "$VEC/bundle.txt.sigstore"
expect bundle-annotation 2 "check images, not --bundle artifacts" BV "$VEC/bundle.txt" "$VEC/bundle.txt.sigstore" -a k=v

# Certificate Transparency: a leaf with an embedded SCT list (RFC 6962)
# made here.  openssl ca issues the leaf twice with the same serial, dates
# and key: first without the SCT extension (its TBS is the precertificate
# the CT log signs), then with it, last.  sct.py builds the signed struct
# (v1, certificate_timestamp, time, precert_entry, SHA-256 of the
# intermediate's key, 24-bit TBS, no extensions), signs it with the CT log
# key (openssl dgst), and prints the extension as openssl's DER: value.
key ct.key; openssl pkey -in ct.key -pubout -outform DER -out ct.der 2> /dev/null
key ct2.key; openssl pkey -in ct2.key -pubout -outform DER -out ct2.der 2> /dev/null
openssl x509 -in inter.pem -pubkey -noout | openssl pkey -pubin -outform DER -out inter.spki 2> /dev/null
key sct.key; openssl req -new -key sct.key -subj "/" -out sct.csr 2> /dev/null
SD=$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ) ED=$(date -u -d '+1 day' +%Y%m%d%H%M%SZ)
LEAFEXT=("$KU" "$EKU" "subjectAltName=critical,URI:$ID" "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS")
# issue OUT [EXTLINE]: the sct.csr leaf, serial 0x5C7, fixed dates
issue() {
	: > i.txt; echo 05C7 > i.srl
	printf '%s\n' "[ca]" "default_ca = t" "[t]" "database = i.txt" "new_certs_dir = ." "serial = i.srl" \
		"default_md = sha256" "policy = p" "unique_subject = no" "[p]" "[ext]" "${LEAFEXT[@]}" ${2:+"$2"} > i.cnf
	openssl ca -batch -config i.cnf -cert inter.pem -keyfile inter.key -in sct.csr -out "$1" -notext -extensions ext \
		-startdate "$SD" -enddate "$ED" > /dev/null 2>&1 || bad "openssl ca $1"
}
cat > sct.py <<'PY2'
import hashlib, struct, subprocess, sys, time
pre, issuer_spki, logkey, logder = sys.argv[1:5]
flip = len(sys.argv) > 5
der = subprocess.run(["openssl", "x509", "-in", pre, "-outform", "DER"], capture_output=True, check=True).stdout
def tlv(b, o):  # (start of content, end) of the DER element at o
    l = b[o + 1]; h = 2
    if l & 0x80: n = l & 0x7f; l = int.from_bytes(b[o + 2:o + 2 + n], "big"); h = 2 + n
    return o + h, o + h + l
c0, _ = tlv(der, 0); _, t1 = tlv(der, c0); tbs = der[c0:t1]
ts = int(time.time() * 1000) - 60000
ikh = hashlib.sha256(open(issuer_spki, "rb").read()).digest()
msg = bytes([0, 0]) + struct.pack(">Q", ts) + struct.pack(">H", 1) + ikh + len(tbs).to_bytes(3, "big") + tbs + b"\0\0"
sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", logkey], input=msg, capture_output=True, check=True).stdout
if flip: ts += 1
sct = bytes([0]) + hashlib.sha256(open(logder, "rb").read()).digest() + struct.pack(">Q", ts) + b"\0\0" + \
      bytes([4, 3]) + struct.pack(">H", len(sig)) + sig
lst = struct.pack(">H", len(sct) + 2) + struct.pack(">H", len(sct)) + sct
assert len(lst) < 256
print("DER:04" + ("81%02x" % len(lst) if len(lst) >= 128 else "%02x" % len(lst)) + lst.hex())
PY2
issue sctpre.pem
issue sct.pem "1.3.6.1.4.1.11129.2.4.2=$(python3 sct.py sctpre.pem inter.spki ct.key ct.der)"
issue sctflip.pem "1.3.6.1.4.1.11129.2.4.2=$(python3 sct.py sctpre.pem inter.spki ct.key ct.der flip)"
openssl x509 -in sct.pem -noout -text 2> /dev/null | grep -q "CT Precertificate SCTs" &&
	ok sct-openssl-parses || bad "sct-openssl-parses: openssl does not list the SCT of sct.pem"
CTLOGS=ct.der python3 mkroot.py ctroot.json inter.pem root.pem
CTLOGS=ct2.der python3 mkroot.py ct2root.json inter.pem root.pem
signed s-sct sct; python3 attach.py s-sct sctok sct.pem
signed s-sctflip sct; python3 attach.py s-sctflip sctflip sctflip.pem
ROOT=ctroot.json expect sct-verified 0 "verified (keyless ECDSA P-256 SHA-256, .*, SCT from CT log $(sha256sum ct.der | cut -c1-16)\.\.\. at " V sctok
expect sct-no-ctlogs 0 "verified: sctok " V sctok
ROOT=ct2root.json expect sct-unknown-log 1 "bad sct: none of the 1 SCT(s) in the signing certificate is from a CT log of the trusted root (first log $(sha256sum ct.der | cut -c1-16)\.\.\.) (layer 1)" V sctok
ROOT=ctroot.json expect sct-missing 1 "bad sct: the signing certificate has no embedded SCT, and the trusted root lists 1 CT log(s)" V ok
# the CT log key's validFor [start, end] must hold the SCT's time (the
# issuance): a log whose window opens after it, or closed before it, is
# refused with the window named
CTLOGS=ct.der CT_START=3600 python3 mkroot.py ctlate.json inter.pem root.pem
CTLOGS=ct.der CT_START=-7200 CT_END=-5400 python3 mkroot.py ctold.json inter.pem root.pem
ctid=$(sha256sum ct.der | cut -c1-16)
ROOT=ctlate.json expect sct-log-not-yet-valid 1 "bad sct: the SCT from CT log $ctid\.\.\. at [0-9T:-]*Z, outside the CT log key's validFor \[[0-9T:-]*Z, -] (layer 1)" V sctok
ROOT=ctold.json expect sct-log-closed 1 "bad sct: the SCT from CT log $ctid\.\.\. at [0-9T:-]*Z, outside the CT log key's validFor \[[0-9T:-]*Z, [0-9T:-]*Z] (layer 1)" V sctok
ROOT=ctroot.json expect sct-bad-signature 1 "bad sct: the SCT from CT log $(sha256sum ct.der | cut -c1-16)\.\.\. does not verify over the signing certificate" V sctflip
# the SCT is over the precertificate, not the final certificate: the
# intermediate's signature differs between the two issues, the TBS minus
# the SCT extension does not
cmp -s sctpre.pem sct.pem && bad "sct-two-issues: the same certificate twice" || ok sct-two-issues
# python3-cryptography as a second oracle (its tbs_precertificate_bytes
# strips the SCT extension itself): the SCTs of sct.pem and of the
# published staging leaf verify under their CT log keys, sctflip.pem's not
cat > sctcheck.py <<'PY2'
import base64, hashlib, json, struct, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
leaf = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
issuer = x509.load_der_x509_certificate(base64.b64decode(sys.argv[2])) if len(sys.argv[2]) > 200 else \
    x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read())
keys = {}
for f in sys.argv[3:]:
    d = open(f, "rb").read()
    try: k = serialization.load_der_public_key(d)
    except ValueError: k = serialization.load_der_public_key(d)
    keys[hashlib.sha256(k.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).digest()] = k
ikh = hashlib.sha256(issuer.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).digest()
tbs = leaf.tbs_precertificate_bytes
for sct in leaf.extensions.get_extension_for_class(x509.PrecertificateSignedCertificateTimestamps).value:
    ts = int(sct.timestamp.replace(tzinfo=__import__("datetime").timezone.utc).timestamp() * 1000)
    msg = bytes([0, 0]) + struct.pack(">Q", ts) + struct.pack(">H", 1) + ikh + len(tbs).to_bytes(3, "big") + tbs + \
          struct.pack(">H", len(sct.extension_bytes)) + sct.extension_bytes
    k = keys[sct.log_id]
    if isinstance(k, ec.EllipticCurvePublicKey): k.verify(sct.signature, msg, ec.ECDSA(hashes.SHA256()))
    else: k.verify(sct.signature, msg, padding.PKCS1v15(), hashes.SHA256())
print("ok")
PY2
if python3 -c 'import cryptography' 2> /dev/null; then
python3 sctcheck.py sct.pem inter.pem ct.der 2> /dev/null | grep -q ok && ok oracle-sct || bad "oracle-sct: cryptography does not verify the SCT of sct.pem"
python3 sctcheck.py sctflip.pem inter.pem ct.der > /dev/null 2>&1 && bad "oracle-sctflip: cryptography verifies the changed SCT" || ok oracle-sctflip
python3 - "$VEC/staging_trusted_root.json" <<'PY2'
import base64, json, sys
r = json.load(open(sys.argv[1]))
for i, c in enumerate(r["ctlogs"]):
    open(f"stagect{i}.raw", "wb").write(base64.b64decode(c["publicKey"]["rawBytes"]))
    print(c["publicKey"]["keyDetails"], file=open(f"stagect{i}.kind", "w"))
open("stagingca.b64", "w").write(r["certificateAuthorities"][0]["certChain"]["certificates"][0]["rawBytes"])
PY2
for i in 0 1 2; do  # PKCS#1 RSA keys to SubjectPublicKeyInfo with openssl
	if grep -q PKCS1_RSA stagect$i.kind; then openssl rsa -RSAPublicKey_in -inform DER -in stagect$i.raw -pubout -outform DER -out stagect$i.der 2> /dev/null
	else cp stagect$i.raw stagect$i.der; fi
done
python3 sctcheck.py "$VEC/offline-rekor.txt.crt" "$(cat stagingca.b64)" stagect0.der stagect1.der stagect2.der 2> /dev/null | grep -q ok &&
	ok oracle-vector-sct || bad "oracle-vector-sct: cryptography does not verify the staging leaf's SCT"
else echo "skipped oracle-sct, oracle-sctflip, oracle-vector-sct: python3-cryptography not installed (make deps)"; fi

# keyless attestations: `bulkhead sign --attest` with the leaf's key makes
# the DSSE layer; attatt.py gives it cosign's certificate / bundle
# annotations with a Rekor intoto body (0.0.2, or 0.0.1 with V1=1) naming
# the envelope's sha256 and the certificate.  Variables as attach.py, and
# KIND (another entry kind), BODY_HASH, BODY_CERT, TAMPER (payload changed
# in the envelope, blob and manifest re-stored)
cat > attatt.py <<'PY2'
import base64, hashlib, json, os, shutil, subprocess, sys, time
src, dst, cert = sys.argv[1:4]
env = dict(a.split("=", 1) for a in sys.argv[4:])
shutil.rmtree(dst, ignore_errors=True); shutil.copytree(src, dst)
ix = json.load(open(f"{dst}/index.json"))
e = [m for m in ix["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".att")][0]
m = json.load(open(f"{dst}/blobs/sha256/{e['digest'][7:]}"))
ly = m["layers"][0]; a = ly["annotations"]
blob = open(f"{dst}/blobs/sha256/{ly['digest'][7:]}", "rb").read()
b64 = lambda b: base64.b64encode(b).decode()
if "TAMPER" in env:
    d = json.loads(blob); st = json.loads(base64.b64decode(d["payload"]))
    st["predicate"]["tampered"] = True; d["payload"] = b64(json.dumps(st).encode())
    blob = json.dumps(d).encode(); h = hashlib.sha256(blob).hexdigest()
    open(f"{dst}/blobs/sha256/{h}", "wb").write(blob); ly["digest"] = "sha256:" + h; ly["size"] = len(blob)
dsse = json.loads(blob)
certb = b64(open(env.get("BODY_CERT", cert), "rb").read())
hsh = {"algorithm": "sha256", "value": env.get("BODY_HASH", hashlib.sha256(blob).hexdigest())}
ph = {"algorithm": "sha256", "value": hashlib.sha256(base64.b64decode(dsse["payload"])).hexdigest()}
if env.get("DSSE"):  # rekor's dsse 0.0.1: payload hash, raw signatures
    sigs = [env.get("DSSE_SIG", s["sig"]) for s in dsse["signatures"]]
    body = {"apiVersion": "0.0.1", "kind": "dsse", "spec": {
        "envelopeHash": {"algorithm": "sha256", "value": hashlib.sha256(blob).hexdigest()},
        "payloadHash": {"algorithm": "sha256", "value": env.get("BODY_HASH", ph["value"])},
        "signatures": [{"signature": g, env.get("VFIELD", "verifier"): certb} for g in sigs]}}
elif env.get("V1"):
    body = {"apiVersion": "0.0.1", "kind": "intoto", "spec": {"content": {"hash": hsh, "payloadHash": ph}, "publicKey": certb}}
else:
    body = {"apiVersion": "0.0.2", "kind": env.get("KIND", "intoto"), "spec": {"content": {
        "envelope": {"payloadType": dsse["payloadType"], "signatures": [
            {"sig": b64(s["sig"].encode()), "publicKey": certb} for s in dsse["signatures"]]},
        "hash": hsh, "payloadHash": ph}}}
bodyb = b64(json.dumps(body, separators=(",", ":")).encode())
logder = subprocess.run(["openssl", "pkey", "-in", "log.key", "-pubout", "-outform", "DER"], capture_output=True, check=True).stdout
pl = {"body": bodyb, "integratedTime": int(time.time()) + 60, "logID": hashlib.sha256(logder).hexdigest(), "logIndex": 77}
canon = json.dumps(pl, separators=(",", ":"), sort_keys=True).encode()
setsig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", "log.key"], input=canon, capture_output=True, check=True).stdout
if "NOCERT" not in env: a["dev.sigstore.cosign/certificate"] = open(cert).read()
if "NOBUNDLE" not in env: a["dev.sigstore.cosign/bundle"] = json.dumps({"SignedEntryTimestamp": b64(setsig), "Payload": pl})
if "TSA" in env:  # cosign timestamps an attestation's envelope
    open("ts.data", "wb").write(blob)
    subprocess.run(["openssl", "ts", "-query", "-data", "ts.data", "-sha256", "-cert", "-out", "ts.tsq"], check=True, capture_output=True)
    subprocess.run(["openssl", "ts", "-reply", "-queryfile", "ts.tsq", "-config", env["TSA"], "-out", "ts.tsr"], check=True, capture_output=True)
    a["dev.sigstore.cosign/rfc3161timestamp"] = json.dumps({"SignedRFC3161Timestamp": b64(open("ts.tsr", "rb").read())})
b = json.dumps(m, separators=(",", ":")).encode(); h = hashlib.sha256(b).hexdigest()
open(f"{dst}/blobs/sha256/{h}", "wb").write(b); e["digest"] = "sha256:" + h; e["size"] = len(b)
json.dump(ix, open(f"{dst}/index.json", "w"))
PY2
echo '{"builder":{"id":"https://github.com/acme/builder@v1"},"buildType":"https://example.com/t"}' > prov.json
rm -rf a-good; umoci init --layout a-good > /dev/null && umoci new --image a-good:app > /dev/null &&
	"$B" sign a-good --key good.key --attest prov.json --type slsaprovenance > /dev/null || bad "attest a-good"
VA() { V "$@" --attestations; }
python3 attatt.py a-good att good.pem
expect att-verified 0 "^verified: att sha256:[0-9a-f]*: 1 attestation verified" VA att
expect att-line 0 "layer 1: verified, SLSA provenance v0.2 (https://slsa.dev/provenance/v0.2), builder https://github.com/acme/builder@v1, keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 77 at" VA att
expect att-json 0 '"scheme": "keyless ECDSA P-256' VA att --format json
expect att-require 0 "^verified: " VA att --require-predicate slsaprovenance
python3 attatt.py a-good attv1 good.pem V1=1
expect att-intoto-v1 0 "^verified: attv1 " VA attv1
# a Rekor dsse 0.0.1 body (what cosign 2.x logs attestations as)
python3 attatt.py a-good attdsse good.pem DSSE=1
expect att-dsse 0 "^verified: attdsse .*1 attestation verified" VA attdsse
python3 attatt.py a-good attdssebh good.pem DSSE=1 BODY_HASH=$(printf 0%.0s {1..64})
expect att-dsse-payload-hash 1 "layer 1: tlog body mismatch: the Rekor dsse entry records another payload hash than the envelope payload's sha256:" VA attdssebh
python3 attatt.py a-good attdssebc good.pem DSSE=1 BODY_CERT=mail.pem
expect att-dsse-cert 1 "layer 1: tlog body mismatch: the Rekor dsse entry records another certificate than the signing one" VA attdssebc
# rekor's dsse 0.0.1 body names the certificate "verifier"; a body with
# its draft schema's "publicKey" names none
python3 attatt.py a-good attdssepk good.pem DSSE=1 VFIELD=publicKey
expect att-dsse-publickey-field 1 "layer 1: tlog body mismatch: the Rekor dsse entry records another certificate than the signing one" VA attdssepk
python3 attatt.py a-good attdssesig good.pem DSSE=1 DSSE_SIG=$(printf 'A%.0s' {1..96})
expect att-dsse-sig 1 "layer 1: tlog body mismatch: the Rekor dsse entry records none of the envelope's signatures" VA attdssesig
WANT=dev@example.com expect att-wrong-identity 1 "layer 1: wrong identity: the certificate names $ID, wanted dev@example.com" VA att
WISS=https://accounts.google.com expect att-wrong-issuer 1 "layer 1: wrong issuer: the certificate's OIDC issuer is $ISS" VA att
ROOT=oldca.json expect att-ca-validfor 1 "layer 1: untrusted certificate: no certificate authority of the trusted root is valid" VA att
python3 attatt.py a-good atttp good.pem TAMPER=1
expect att-tampered 1 "layer 1: bad signature: none of the 1 envelope signature(s) verifies under the certificate's ECDSA key" VA atttp
python3 attatt.py a-good attbh good.pem BODY_HASH=$(printf 0%.0s {1..64})
expect att-body-hash 1 "layer 1: tlog body mismatch: the Rekor entry records another envelope hash" VA attbh
python3 attatt.py a-good attbc good.pem BODY_CERT=mail.pem
expect att-body-cert 1 "layer 1: tlog body mismatch: the Rekor entry records another certificate" VA attbc
python3 attatt.py a-good attkind good.pem KIND=hashedrekord
expect att-body-kind 1 "layer 1: tlog body mismatch: the Rekor entry is of kind hashedrekord, not intoto" VA attkind
python3 attatt.py a-good attnc good.pem NOCERT=1
expect att-no-cert 1 "layer 1: no certificate: the layer has no dev.sigstore.cosign/certificate annotation (a key-based attestation" VA attnc
expect att-key-based 1 "layer 1: no certificate:" VA a-good
# another leaf's key signed the envelope: the certificate does not verify it
rm -rf a-mail; umoci init --layout a-mail > /dev/null && umoci new --image a-mail:app > /dev/null &&
	"$B" sign a-mail --key mail.key --attest prov.json > /dev/null || bad "attest a-mail"
python3 attatt.py a-mail attother good.pem
expect att-other-key 1 "layer 1: bad signature: none of the 1 envelope signature(s)" VA attother
expect att-bundle-usage 2 "checks images, not --bundle artifacts" V att --attestations --bundle x.sigstore
# DSSE bundle files (cosign attest-blob --new-bundle-format): mkdsse.py
# wraps a-good's envelope (signed with the leaf key; its subject is the
# image manifest, the artifact) in a Sigstore bundle v0.3 with a Rekor
# dsse 0.0.1 entry and its SET.  Variables: BODY_HASH (payloadHash),
# BODY_CERT, KIND (kindVersion and body kind), TAMPER (payload changed),
# IT=0.0.1|0.0.2 (an intoto entry as rekor pkg/types/intoto writes it:
# 0.0.2 content.envelope.signatures[] {sig: base64 of the DSSE base64
# text, publicKey: base64 PEM}, 0.0.1 spec.publicKey), BODYSIG (the
# entry records another signature), SIGONCE (0.0.2 sig base64 once)
cat > mkdsse.py <<'PY3'
import base64, hashlib, json, subprocess, sys, time
src, out = sys.argv[1:3]; env = dict(a.split("=", 1) for a in sys.argv[3:])
b64 = lambda b: base64.b64encode(b).decode()
run = lambda args, data=None: subprocess.run(args, input=data, capture_output=True, check=True).stdout
ix = json.load(open(f"{src}/index.json"))
e = [m for m in ix["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".att")][0]
m = json.load(open(f"{src}/blobs/sha256/{e['digest'][7:]}"))
dsse = json.load(open(f"{src}/blobs/sha256/{m['layers'][0]['digest'][7:]}"))
st = json.loads(base64.b64decode(dsse["payload"]))
open("dsse-art.json", "wb").write(open(f"{src}/blobs/sha256/{st['subject'][0]['digest']['sha256']}", "rb").read())
if "TAMPER" in env:
    st["predicate"]["tampered"] = True; dsse["payload"] = b64(json.dumps(st).encode())
payload = base64.b64decode(dsse["payload"])
der = run(["openssl", "x509", "-in", "good.pem", "-outform", "DER"])
certb = b64(open(env.get("BODY_CERT", "good.pem"), "rb").read())
kind, ver = env.get("KIND", "dsse"), "0.0.1"
ph = {"algorithm": "sha256", "value": env.get("BODY_HASH", hashlib.sha256(payload).hexdigest())}
eh = {"algorithm": "sha256", "value": hashlib.sha256(json.dumps(dsse).encode()).hexdigest()}
sigs = [s["sig"] if "BODYSIG" not in env else b64(b"\x30\x06\x02\x01\x01\x02\x01\x01") for s in dsse["signatures"]]
body = {"apiVersion": "0.0.1", "kind": kind, "spec": {"envelopeHash": eh, "payloadHash": ph,
    "signatures": [{"signature": s, env.get("VFIELD", "verifier"): certb} for s in sigs]}}
if env.get("IT") == "0.0.2":
    kind, ver = "intoto", "0.0.2"
    body = {"apiVersion": ver, "kind": kind, "spec": {"content": {"envelope": {"payloadType": dsse["payloadType"],
        "signatures": [{"publicKey": certb, "sig": s if "SIGONCE" in env else b64(s.encode())} for s in sigs]}, "hash": eh, "payloadHash": ph}}}
elif env.get("IT") == "0.0.1":
    kind, ver = "intoto", "0.0.1"
    body = {"apiVersion": ver, "kind": kind, "spec": {"content": {"hash": eh, "payloadHash": ph}, "publicKey": certb}}
bodyb = b64(json.dumps(body, separators=(",", ":")).encode())
logder = run(["openssl", "pkey", "-in", "log.key", "-pubout", "-outform", "DER"])
pl = {"body": bodyb, "integratedTime": int(time.time()) + 60, "logID": hashlib.sha256(logder).hexdigest(), "logIndex": 88}
setsig = run(["openssl", "dgst", "-sha256", "-sign", "log.key"], json.dumps(pl, separators=(",", ":"), sort_keys=True).encode())
json.dump({"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": {
    "certificate": {"rawBytes": b64(der)}, "tlogEntries": [{"logIndex": "88",
    "logId": {"keyId": b64(hashlib.sha256(logder).digest())}, "kindVersion": {"kind": kind, "version": ver},
    "integratedTime": str(pl["integratedTime"]), "inclusionPromise": {"signedEntryTimestamp": b64(setsig)},
    "canonicalizedBody": bodyb}]},
    "dsseEnvelope": {"payload": dsse["payload"], "payloadType": dsse["payloadType"],
                     "signatures": [{"sig": s["sig"], "keyid": ""} for s in dsse["signatures"]]}}, open(out, "w"))
PY3
VD() { "$B" verify "${ART:-dsse-art.json}" --bundle "$1" --trusted-root root.json --certificate-identity "${WANT:-$ID}" --certificate-oidc-issuer "$ISS"; }
python3 mkdsse.py a-good d.sigstore
expect dsse-bundle 0 "^verified: dsse-art.json: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 88 at" VD d.sigstore
WANT=dev@example.com expect dsse-bundle-wrong-identity 1 "not verified: dsse-art.json: wrong identity: the certificate names $ID" VD d.sigstore
echo other > other-art.txt
ART=other-art.txt expect dsse-bundle-other-artifact 1 "bad signature: the artifact's sha256:$(sha256sum other-art.txt | cut -c1-64) is not a subject of the attestation" VD d.sigstore
python3 mkdsse.py a-good dtp.sigstore TAMPER=1
expect dsse-bundle-tampered 1 "bad signature: the signature does not verify under the certificate's ECDSA key" VD dtp.sigstore
python3 mkdsse.py a-good dbh.sigstore BODY_HASH=$(printf 0%.0s {1..64})
expect dsse-bundle-payload-hash 1 "tlog body mismatch: the Rekor dsse entry records another payload hash" VD dbh.sigstore
python3 mkdsse.py a-good dbc.sigstore BODY_CERT=mail.pem
expect dsse-bundle-cert 1 "tlog body mismatch: the Rekor dsse entry records another certificate" VD dbc.sigstore
python3 mkdsse.py a-good dkind.sigstore KIND=cosign
expect dsse-bundle-other-kind 2 "^bulkhead: dkind.sigstore: tlogEntries\[0\] of a DSSE bundle is not a dsse 0.0.1 or 0.0.2, intoto 0.0.1 or 0.0.2 or hashedrekord 0.0.2 entry$" VD dkind.sigstore
# a Rekor v1 intoto entry (0.0.2 as sigstore-go reads it, 0.0.1 as
# cosign does): payloadHash the payload's, the envelope's signature and
# the signing certificate recorded; each lie refused.  A dsse-shaped body
# under kind intoto has no content.payloadHash.
python3 mkdsse.py a-good dintoto.sigstore KIND=intoto
expect dsse-bundle-intoto-dsse-body 1 "tlog body mismatch: the Rekor intoto entry records another payload hash than the envelope payload's sha256:" VD dintoto.sigstore
python3 mkdsse.py a-good dit2.sigstore IT=0.0.2
expect intoto2-bundle 0 "^verified: dsse-art.json: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 88 at [0-9T:-]*Z$" VD dit2.sigstore
python3 mkdsse.py a-good dit1.sigstore IT=0.0.1
expect intoto1-bundle 0 "^verified: dsse-art.json: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 88 at [0-9T:-]*Z$" VD dit1.sigstore
for v in 1 2; do
	python3 mkdsse.py a-good dit${v}bh.sigstore IT=0.0.$v BODY_HASH=$(printf 0%.0s {1..64})
	expect intoto$v-bundle-payload-hash 1 "tlog body mismatch: the Rekor intoto entry records another payload hash than the envelope payload's sha256:[0-9a-f]\{64\}$" VD dit${v}bh.sigstore
	python3 mkdsse.py a-good dit${v}bc.sigstore IT=0.0.$v BODY_CERT=mail.pem
	expect intoto$v-bundle-cert 1 "tlog body mismatch: the Rekor intoto entry records another certificate than the signing one$" VD dit${v}bc.sigstore
	python3 mkdsse.py a-good dit${v}tp.sigstore IT=0.0.$v TAMPER=1
	expect intoto$v-bundle-tampered 1 "bad signature: the signature does not verify under the certificate's ECDSA key" VD dit${v}tp.sigstore
done
python3 mkdsse.py a-good dit2bs.sigstore IT=0.0.2 BODYSIG=1
expect intoto2-bundle-signature 1 "tlog body mismatch: the Rekor intoto entry records none of the envelope's signatures$" VD dit2bs.sigstore
# the signature recorded base64 once (not as rekor writes it) is not read as the envelope's
python3 mkdsse.py a-good dit2once.sigstore IT=0.0.2 SIGONCE=1
expect intoto2-bundle-sig-once 1 "tlog body mismatch: the Rekor intoto entry records none of the envelope's signatures$" VD dit2once.sigstore
ART=other-art.txt expect intoto2-bundle-other-artifact 1 "bad signature: the artifact's sha256:$(sha256sum other-art.txt | cut -c1-64) is not a subject of the attestation" VD dit2.sigstore
python3 -c "import json; b=json.load(open('d.sigstore')); b['dsseEnvelope']['signatures'].append(b['dsseEnvelope']['signatures'][0]); json.dump(b, open('d2sig.sigstore','w'))"
expect dsse-bundle-two-sigs 2 "dsseEnvelope.signatures must hold one signature" VD d2sig.sigstore
python3 -c "import json; b=json.load(open('d.sigstore')); b['messageSignature']={}; json.dump(b, open('dboth.sigstore','w'))"
expect dsse-bundle-both 2 "both dsseEnvelope and messageSignature" VD dboth.sigstore

# RFC 3161 timestamps: a TSA made here (a CA and a leaf with the critical
# timeStamping EKU), `openssl ts -reply` stamping the signature bytes (an
# attestation's envelope), the root's timestampAuthorities naming it
mktsa() {  # mktsa NAME: NAME-ca.pem, NAME.pem / NAME.key, NAME.cnf
	ca $1-ca -
	key $1.key; openssl req -new -key $1.key -subj "/O=test/CN=$1" -out $1.csr 2> /dev/null
	printf 'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n' > $1.ext
	openssl x509 -req -in $1.csr -CA $1-ca.pem -CAkey $1-ca.key -CAcreateserial -days 30 -extfile $1.ext -out $1.pem 2> /dev/null
	echo 01 > $1.srl
	printf '%s\n' "[tsa]" "default_tsa = t" "[t]" "serial = $1.srl" "signer_cert = $1.pem" "signer_key = $1.key" \
		"signer_digest = sha256" "default_policy = 1.2.3.4.1" "digests = sha256" "ess_cert_id_alg = sha256" \
		"certs = $1-ca.pem" > $1.cnf
}
mktsa tsa; mktsa tsa2
TSAS=tsa.pem+tsa-ca.pem python3 mkroot.py tsroot.json inter.pem root.pem
TSAS=tsa2.pem+tsa2-ca.pem python3 mkroot.py ts2root.json inter.pem root.pem
TSAS=tsa.pem+tsa-ca.pem TSA_START=3600 python3 mkroot.py tslate.json inter.pem root.pem
python3 attach.py s-good ts good.pem TSA=tsa.cnf
openssl ts -verify -data ts.data -in ts.tsr -CAfile tsa-ca.pem -untrusted tsa.pem > /dev/null 2>&1 &&
	ok oracle-tsa || bad "oracle-tsa: openssl ts -verify rejects the timestamp"
ROOT=tsroot.json expect ts-verified 0 "verified (keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 4242 at [0-9T:-]*Z, RFC 3161 timestamp at [0-9T:-]*Z, layer 1" V ts
expect ts-no-tsas 1 "bad timestamp: the trusted root lists no timestampAuthorities (layer 1)" V ts
ROOT=ts2root.json expect ts-other-tsa 1 "bad timestamp: the RFC 3161 timestamp of [0-9T:-]*Z does not verify under a timestamp authority of the trusted root" V ts
ROOT=tslate.json expect ts-tsa-validfor 1 "bad timestamp: no timestamp authority of the trusted root is valid at the timestamp's time" V ts
python3 attach.py s-good tsdata good.pem TSA=tsa.cnf TSADATA=other
ROOT=tsroot.json expect ts-other-data 1 "bad timestamp: the RFC 3161 timestamp of .* does not verify" V tsdata
python3 attach.py s-good tsjunk good.pem TSAJUNK=1
ROOT=tsroot.json expect ts-junk 1 "bad timestamp: the dev.sigstore.cosign/rfc3161timestamp annotation is not" V tsjunk
python3 attach.py s-good tsnb good.pem TSA=tsa.cnf NOBUNDLE=1
ROOT=tsroot.json expect ts-alone-refused 1 "no tlog entry: the layer has no dev.sigstore.cosign/bundle annotation (no Rekor entry proves when it was signed; a timestamp alone counts only with --insecure-ignore-tlog)" V tsnb
ROOT=tsroot.json expect ts-ignore-tlog 0 "verified (keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, no tlog entry (ignored), layer 1" V tsnb --insecure-ignore-tlog
ROOT=tsroot.json expect ts-ignore-without-ts 1 "no tlog entry: the layer has no dev.sigstore.cosign/bundle annotation (no Rekor entry proves when it was signed)" V nb --insecure-ignore-tlog
# the timestamp's time is the signing time: a leaf valid only from two
# hours on is refused at it
python3 attach.py s-later tslater later.pem TSA=tsa.cnf NOBUNDLE=1
ROOT=tsroot.json expect ts-leaf-not-yet-valid 1 "expired certificate: the signing certificate is not yet valid at the timestamp's time" V tslater --insecure-ignore-tlog
expect ts-flag-is-keyless 2 "needs --trusted-root" "$B" verify ok --insecure-ignore-tlog
# a keyless attestation timestamped (its envelope), with and without a tlog entry
python3 attatt.py a-good attts good.pem TSA=tsa.cnf
ROOT=tsroot.json expect att-ts 0 "layer 1: verified, .*log index 77 at [0-9T:-]*Z, RFC 3161 timestamp at" VA attts
python3 attatt.py a-good atttsnb good.pem TSA=tsa.cnf NOBUNDLE=1
ROOT=tsroot.json expect att-ts-ignore-tlog 0 "layer 1: verified, .*RFC 3161 timestamp at [0-9T:-]*Z, no tlog entry (ignored)" VA atttsnb --insecure-ignore-tlog
ROOT=ts2root.json expect att-ts-other-tsa 1 "layer 1: bad timestamp: the RFC 3161 timestamp of" VA atttsnb --insecure-ignore-tlog
# a Sigstore bundle file's timestampVerificationData: the published bundle
# stamped now (its 2023 leaf is expired at that time) with the staging
# root plus this TSA; and stamped over other bytes
cat > tsbundle.py <<'PY2'
import base64, json, subprocess, sys
src, cnf, out, other = sys.argv[1:5]
b = json.load(open(src))
data = b"other" if other == "1" else base64.b64decode(b["messageSignature"]["signature"])
open("tsb.data", "wb").write(data)
subprocess.run(["openssl", "ts", "-query", "-data", "tsb.data", "-sha256", "-cert", "-out", "tsb.tsq"], check=True, capture_output=True)
subprocess.run(["openssl", "ts", "-reply", "-queryfile", "tsb.tsq", "-config", cnf, "-out", "tsb.tsr"], check=True, capture_output=True)
b["verificationMaterial"]["timestampVerificationData"] = {"rfc3161Timestamps": [{"signedTimestamp": base64.b64encode(open("tsb.tsr", "rb").read()).decode()}]}
json.dump(b, open(out, "w"))
PY2
python3 - "$VEC/staging_trusted_root.json" <<'PY2'
import base64, json, subprocess, sys
r = json.load(open(sys.argv[1]))
der = lambda p: subprocess.run(["openssl", "x509", "-in", p, "-outform", "DER"], capture_output=True, check=True).stdout
r["timestampAuthorities"] = [{"subject": {"organization": "test"}, "uri": "https://tsa.test",
    "certChain": {"certificates": [{"rawBytes": base64.b64encode(der(c)).decode()} for c in ("tsa.pem", "tsa-ca.pem")]},
    "validFor": {"start": "2020-01-01T00:00:00Z"}}]
json.dump(r, open("stagingts.json", "w"))
PY2
python3 tsbundle.py "$VEC/bundle.txt.sigstore" tsa.cnf ts.sigstore 0
python3 tsbundle.py "$VEC/bundle.txt.sigstore" tsa.cnf tsother.sigstore 1
RV=stagingts.json expect bundle-ts-expired 1 "expired certificate: the signing certificate is expired at the timestamp's time" BV "$VEC/bundle.txt" ts.sigstore
RV=stagingts.json expect bundle-ts-other-data 1 "bad timestamp: the RFC 3161 timestamp of .* does not verify" BV "$VEC/bundle.txt" tsother.sigstore
expect bundle-ts-staging-tsa 1 "bad timestamp: the RFC 3161 timestamp of .* does not verify under a timestamp authority of the trusted root" BV "$VEC/bundle.txt" ts.sigstore
python3 -c "import json,sys; b=json.load(open('ts.sigstore')); b['verificationMaterial']['timestampVerificationData']['rfc3161Timestamps'][0]['signedTimestamp']='%%'; json.dump(b,open('tsbad.sigstore','w'))"
expect bundle-ts-malformed 2 "^bulkhead: tsbad.sigstore: timestampVerificationData.rfc3161Timestamps\[0\].signedTimestamp is not base64" BV "$VEC/bundle.txt" tsbad.sigstore

# Rekor v2 (hashedrekord 0.0.2, no SET: an inclusion proof with a signed
# checkpoint, and an RFC 3161 timestamp for the time) in a v0.3 bundle made
# here: the leaf good.pem signs art.txt, the entry is leaf 1 of a 3-leaf
# RFC 6962 tree, the checkpoint is signed by the log key, the test TSA
# stamps the signature.  Variables: NOTS, BADPROOF, LOGKEY, BODYDIGEST
cat > mkv2.py <<'PY2'
import base64, hashlib, json, subprocess, sys
out = sys.argv[1]; env = dict(a.split("=", 1) for a in sys.argv[2:])
b64 = lambda b: base64.b64encode(b).decode()
run = lambda args, data=None: subprocess.run(args, input=data, capture_output=True, check=True).stdout
H = lambda b: hashlib.sha256(b).digest()
art = open("art.txt", "rb").read()
leaf = env.get("LEAF", "good")
md = {"SHA2_256": "sha256", "SHA2_384": "sha384", "SHA2_512": "sha512"}[env.get("ALG", "SHA2_256")]
der = run(["openssl", "x509", "-in", leaf + ".pem", "-outform", "DER"])
vder = run(["openssl", "x509", "-in", env.get("BODY_CERT", leaf + ".pem"), "-outform", "DER"])
verifier = {"x509Certificate": {"rawBytes": b64(vder)}, "keyDetails": "PKIX_ECDSA_P256_SHA_256"}
if "PUBKEYVERIFIER" in env:  # a key-based entry's verifier
    verifier = {"publicKey": {"rawBytes": b64(run(["openssl", "x509", "-in", leaf + ".pem", "-pubkey", "-noout"]))}, "keyDetails": "PKIX_ECDSA_P256_SHA_256"}
if "DSSE" in env:  # Rekor v2 dsse 0.0.2 over an in-toto statement naming art.txt
    payload = json.dumps({"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "art.txt",
        "digest": {"sha256": hashlib.sha256(art).hexdigest()}}], "predicateType": "https://example.com/p",
        "predicate": {}}).encode()
    pt = "application/vnd.in-toto+json"
    pae = b"DSSEv1 %d %s %d " % (len(pt), pt.encode(), len(payload)) + payload
    sig = run(["openssl", "dgst", "-sha256", "-sign", leaf + ".key"], pae)
    ph = H(payload) if "BODYDIGEST" not in env else H(b"other")
    body = {"apiVersion": "0.0.2", "kind": "dsse", "spec": {"dsseV002": {
        "payloadHash": {"algorithm": "SHA2_256", "digest": b64(ph)},
        "signatures": [{"content": b64(sig if "BODYSIG" not in env else sig[::-1]), "verifier": verifier}]}}}
    kv = {"kind": "dsse", "version": "0.0.2"}
else:
    sig = run(["openssl", "dgst", "-" + md, "-sign", leaf + ".key"], art)
    dg = hashlib.new(md, art).digest() if "BODYDIGEST" not in env else hashlib.new(md, b"other").digest()
    body = {"apiVersion": "0.0.2", "kind": "hashedrekord", "spec": {"hashedRekordV002": {
        "data": {"algorithm": env.get("BODYALG", env.get("ALG", "SHA2_256")), "digest": b64(dg)},
        "signature": {"content": b64(sig), "verifier": verifier}}}}
    kv = {"kind": "hashedrekord", "version": "0.0.2"}
def tree(body):  # leaf 1 of a 3-leaf RFC 6962 tree: root and audit path
    l = [H(b"\0" + x) for x in (b"first", body, b"third")]
    n01 = H(b"\1" + l[0] + l[1])
    return H(b"\1" + n01 + l[2]), [l[0], l[2]]
def sign_note(note, key, name):  # (key hint, signature) as rekor v1/v2 make them
    der = run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"])
    if key.startswith("ed") or key.startswith("wit"):
        open("note.msg", "wb").write(note)
        return H(name.encode() + b"\n\x01" + der[-32:])[:4], run(["openssl", "pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", "note.msg"])
    return H(der)[:4], run(["openssl", "dgst", "-sha256", "-sign", key], note)
def checkpoint(note, signame, logkey):
    # the log's signature line "— NAME base64(hint || sig)"; WITNESS=N
    # real Ed25519 cosignature lines of unknown keys (wit.key) before it,
    # WLOGHINT a line named witness.test with the log's hint and a junk
    # signature, BADLOGLINE the log's line again with a changed signature
    # (after the good one), DUPLOG the log's line twice, NOLOG no log line
    hint, csig = sign_note(note, logkey, signame)
    if "HINT" in env: hint = bytes.fromhex(env["HINT"])
    line = "\u2014 %s " % signame + b64(hint + csig) + "\n"
    sigs = "" if "NOLOG" in env else line
    if "DUPLOG" in env: sigs += line
    if "BADLOGLINE" in env: sigs += "\u2014 %s " % signame + b64(hint + csig[:-1] + bytes([csig[-1] ^ 1])) + "\n"
    if "WLOGHINT" in env: sigs = "\u2014 witness.test " + b64(hint + b"w" * 64) + "\n" + sigs
    for i in range(int(env.get("WITNESS", 0))):
        wh, ws = sign_note(note, "wit.key", "witness%d.test" % i)
        sigs = "\u2014 witness%d.test " % i + b64(wh + ws) + "\n" + sigs
    return note.decode() + "\n" + sigs
if "V1" in env:  # a Rekor v1 hashedrekord 0.0.1 entry with its SET (PROOF: with an
                 # inclusion proof and a v1 checkpoint, origin "rekor.test - 1234")
    body = {"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {"data": {"hash": {"algorithm": md,
        "value": hashlib.new(md, art).hexdigest()}}, "signature": {"content": b64(sig),
        "publicKey": {"content": b64(open(leaf + ".pem", "rb").read())}}}}
    bb = b64(json.dumps(body, separators=(",", ":")).encode())
    logder = run(["openssl", "pkey", "-in", "log.key", "-pubout", "-outform", "DER"])
    it = int(__import__("time").time()) + 60
    pl = {"body": bb, "integratedTime": it, "logID": H(logder).hex(), "logIndex": 1}
    st = run(["openssl", "dgst", "-sha256", "-sign", "log.key"], json.dumps(pl, separators=(",", ":"), sort_keys=True).encode())
    vm = {"certificate": {"rawBytes": b64(der)}, "tlogEntries": [{"logIndex": "1", "logId": {"keyId": b64(H(logder))},
          "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"}, "integratedTime": str(it),
          "inclusionPromise": {"signedEntryTimestamp": b64(st)}, "canonicalizedBody": bb}]}
    if "PROOF" in env:
        root, hashes = tree(base64.b64decode(bb))
        note = ("%s\n3\n%s\nTimestamp: 1700000000000000000\n" % (env.get("ORIGIN", "rekor.test - 1234"), b64(root))).encode()
        vm["tlogEntries"][0]["inclusionProof"] = {"logIndex": "1", "rootHash": b64(root), "treeSize": "3",
            "hashes": [b64(h) for h in hashes], "checkpoint": {"envelope": checkpoint(note, env.get("SIGNAME", "rekor.test"), "log.key")}}
    json.dump({"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": vm,
               "messageSignature": {"messageDigest": {"algorithm": env.get("ALG", "SHA2_256"),
                   "digest": b64(hashlib.new(md, art).digest())}, "signature": b64(sig)}}, open(out, "w"))
    sys.exit(0)
body = json.dumps(body, separators=(",", ":")).encode()
root, hashes = tree(body)
if "BADPROOF" in env: hashes[0] = H(b"x")
# the checkpoint: origin = host of the root's baseUrl, signed by the log
# key, its signature line named by the origin and carrying the key hint
# (ECDSA: SHA-256 of the DER key; Ed25519: SHA-256(origin \n 0x01 key))
origin = env.get("ORIGIN", "rekor.test")
note = ("%s\n3\n%s\n" % (origin, b64(root))).encode()
cp = checkpoint(note, env.get("SIGNAME", origin), env.get("LOGKEY", "log.key"))
if "MANYSIGS" in env:   # witness-like lines before the log's own
    cp = cp.replace("\n\n", "\n\n" + "".join("\u2014 w%d " % i + b64(b"\x09\x09\x09\x09" + b"x" * 64) + "\n" for i in range(int(env["MANYSIGS"]))), 1)
vm = {"certificate": {"rawBytes": b64(der)}, "tlogEntries": [{"logIndex": "1",
      "kindVersion": kv, "canonicalizedBody": b64(body),
      **({"logId": {"keyId": b64(H(open(env["LOGID"], "rb").read()))}} if "LOGID" in env else {}),
      "inclusionProof": {"logIndex": "1", "rootHash": b64(root), "treeSize": "3",
                         "hashes": [b64(h) for h in hashes], "checkpoint": {"envelope": cp}}}]}
if "NOTS" not in env:
    open("v2.sig", "wb").write(sig)
    run(["openssl", "ts", "-query", "-data", "v2.sig", "-sha256", "-cert", "-out", "v2.tsq"])
    run(["openssl", "ts", "-reply", "-queryfile", "v2.tsq", "-config", "tsa.cnf", "-out", "v2.tsr"])
    vm["timestampVerificationData"] = {"rfc3161Timestamps": [{"signedTimestamp": b64(open("v2.tsr", "rb").read())}]}
b = {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": vm}
if "DSSE" in env:
    b["dsseEnvelope"] = {"payload": b64(payload), "payloadType": pt, "signatures": [{"sig": b64(sig), "keyid": ""}]}
else:
    b["messageSignature"] = {"messageDigest": {"algorithm": env.get("ALG", "SHA2_256"), "digest": b64(hashlib.new(md, art).digest())},
                             "signature": b64(sig)}
json.dump(b, open(out, "w"))
PY2
echo "an artifact logged in Rekor v2" > art.txt
V2() { "$B" verify art.txt --bundle "$1" --trusted-root "${ROOT:-tsroot.json}" --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"; }
python3 mkv2.py v2.sigstore
expect v2-verified 0 "^verified: art.txt: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, Rekor v2 log index 1, inclusion proof in tree of 3$" V2 v2.sigstore
python3 mkv2.py v2nots.sigstore NOTS=1
expect v2-no-timestamp 1 "no tlog entry: the Rekor v2 entry carries no time and the bundle has no RFC 3161 timestamp" V2 v2nots.sigstore
python3 mkv2.py v2proof.sigstore BADPROOF=1
expect v2-bad-proof 1 "bad tlog entry: the inclusion proof does not lead from the entry to the root hash" V2 v2proof.sigstore
# checkpoints (c2sp signed-note, Rekor v2 as sigstore-go reads it): the
# origin line and the signature line's name are the host of the root's
# baseUrl, the line's key hint is the log key's (ECDSA: SHA-256 of the DER
# key; Ed25519: SHA-256(origin \n 0x01 key)); another key, hint, origin
# or name is refused with its reason
LH=$(openssl pkey -in log.key -pubout -outform DER 2> /dev/null | sha256sum | cut -c1-8)
python3 mkv2.py v2log.sigstore LOGKEY=log2.key
expect v2-other-log 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $LH of the log's key" V2 v2log.sigstore
python3 mkv2.py v2loghint.sigstore LOGKEY=log2.key HINT=$LH
expect v2-other-log-same-hint 1 "bad tlog entry: the checkpoint is not signed by the log's key" V2 v2loghint.sigstore
python3 mkv2.py v2hint.sigstore HINT=01020304
expect v2-wrong-hint 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $LH of the log's key" V2 v2hint.sigstore
python3 mkv2.py v2origin.sigstore ORIGIN=rekor.other
expect v2-wrong-origin 1 "bad tlog entry: the checkpoint's origin is rekor.other, not rekor.test (the host of the log's baseUrl)" V2 v2origin.sigstore
python3 mkv2.py v2v1origin.sigstore "ORIGIN=rekor.test - 1"
expect v2-v1-style-origin 1 "bad tlog entry: the checkpoint's origin is rekor.test - 1, not rekor.test" V2 v2v1origin.sigstore
python3 mkv2.py v2signame.sigstore SIGNAME=rekor.other
expect v2-wrong-signature-name 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $LH" V2 v2signame.sigstore
TSAS=tsa.pem+tsa-ca.pem LOG_START=-172800 LOG_END=-86400 python3 mkroot.py tsoldlog.json inter.pem root.pem
ROOT=tsoldlog.json expect v2-log-validfor 1 "bad tlog entry: the log key was not valid at the timestamp's time" V2 v2.sigstore
TSAS=tsa.pem+tsa-ca.pem BASEURL=https://user@rekor.test:8443/api/v2 python3 mkroot.py tsport.json inter.pem root.pem
ROOT=tsport.json expect v2-baseurl-host 0 "^verified: art.txt: keyless" V2 v2.sigstore
# a scheme-less baseUrl (protobuf-specs: base_url MAY be scheme-less)
TSAS=tsa.pem+tsa-ca.pem BASEURL=rekor.test/api python3 mkroot.py tsnoscheme.json inter.pem root.pem
ROOT=tsnoscheme.json expect v2-baseurl-scheme-less 0 "^verified: art.txt: keyless" V2 v2.sigstore
TSAS=tsa.pem+tsa-ca.pem BASEURL=/api python3 mkroot.py tsnohost.json inter.pem root.pem
expect v2-root-baseurl-no-host 2 "^bulkhead: tsnohost.json: tlogs\\[0\\] baseUrl is not an http(s) or scheme-less URL with a host" "$B" verify art.txt --bundle v2.sigstore --trusted-root tsnohost.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
TSAS=tsa.pem+tsa-ca.pem BASEURL=https://rekor.other python3 mkroot.py tsother.json inter.pem root.pem
ROOT=tsother.json expect v2-root-other-host 1 "bad tlog entry: the checkpoint's origin is rekor.test, not rekor.other (the host of the log's baseUrl)" V2 v2.sigstore
TSAS=tsa.pem+tsa-ca.pem BASEURL=none python3 mkroot.py tsnourl.json inter.pem root.pem
ROOT=tsnourl.json expect v2-root-no-baseurl 1 "bad tlog entry: the trusted root gives log $(sha256sum log.der | cut -c1-16)\.\.\. no baseUrl (a Rekor v2 checkpoint's origin is its host)" V2 v2.sigstore
TSAS=tsa.pem+tsa-ca.pem BASEURL=ftp://rekor.test python3 mkroot.py tsftp.json inter.pem root.pem
expect v2-root-bad-baseurl 2 "^bulkhead: tsftp.json: tlogs\\[0\\] baseUrl is not an http(s) or scheme-less URL with a host" "$B" verify art.txt --bundle v2.sigstore --trusted-root tsftp.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
# an Ed25519 log (the Rekor v2 key type): the hint binds the origin
openssl genpkey -algorithm ed25519 -out edlog.key 2> /dev/null
openssl pkey -in edlog.key -pubout -outform DER -out edlog.der 2> /dev/null
openssl genpkey -algorithm ed25519 -out wit.key 2> /dev/null
TSAS=tsa.pem+tsa-ca.pem LOGDER=edlog.der python3 mkroot.py tsed.json inter.pem root.pem
python3 mkv2.py v2ed.sigstore LOGKEY=edlog.key
ROOT=tsed.json expect v2-ed25519-log 0 "^verified: art.txt: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, Rekor v2 log index 1, inclusion proof in tree of 3$" V2 v2ed.sigstore
EH=$(python3 -c "import hashlib; print(hashlib.sha256(b'rekor.test\n\x01' + open('edlog.der','rb').read()[-32:]).hexdigest()[:8])")
python3 mkv2.py v2edhint.sigstore LOGKEY=edlog.key HINT=$(sha256sum edlog.der | cut -c1-8)
ROOT=tsed.json expect v2-ed25519-der-hint 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $EH of the log's key" V2 v2edhint.sigstore
# the root's checkpointKeyId (trusted root v0.2; a log whose checkpoint
# key ID differs from its logId) is the hint the signature line must
# carry, in place of the one made from the key; 4 bytes or the whole
# 32-byte hash (Rekor v2 roots), else the root is refused
TSAS=tsa.pem+tsa-ca.pem CKID=0a0b0c0d python3 mkroot.py tsckid.json inter.pem root.pem
python3 mkv2.py v2ckid.sigstore HINT=0a0b0c0d
ROOT=tsckid.json expect v2-checkpoint-key-id 0 "^verified: art.txt: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, Rekor v2 log index 1, inclusion proof in tree of 3$" V2 v2ckid.sigstore
ROOT=tsckid.json expect v2-checkpoint-key-id-other-hint 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint 0a0b0c0d of the log's checkpointKeyId" V2 v2.sigstore
expect v2-no-checkpoint-key-id-hint 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $LH of the log's key" V2 v2ckid.sigstore
TSAS=tsa.pem+tsa-ca.pem LOGDER=edlog.der CKID=$(python3 -c "import hashlib; print(hashlib.sha256(b'rekor.test\n\x01' + open('edlog.der','rb').read()[-32:]).hexdigest())") python3 mkroot.py tsedckid.json inter.pem root.pem
ROOT=tsedckid.json expect v2-ed25519-checkpoint-key-id-32 0 "^verified: art.txt: keyless" V2 v2ed.sigstore
TSAS=tsa.pem+tsa-ca.pem CKID=0a0b0c python3 mkroot.py tsckid3.json inter.pem root.pem
expect v2-checkpoint-key-id-short 2 "^bulkhead: tsckid3.json: tlogs\\[0\\] checkpointKeyId.keyId is not a base64 key ID of 4 to 32 bytes" "$B" verify art.txt --bundle v2.sigstore --trusted-root tsckid3.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
python3 mkv2.py v2sigs.sigstore MANYSIGS=99
expect v2-99-other-signers 0 "^verified: art.txt: keyless" V2 v2sigs.sigstore
python3 mkv2.py v2manysigs.sigstore MANYSIGS=100
expect v2-too-many-signers 1 "bad tlog entry: the checkpoint has 101 signature lines (at most 100 are read)" V2 v2manysigs.sigstore
# the tlog is found from the checkpoint (protobuf-specs
# TransparencyLogInstance: key name = the host of its baseUrl, key ID =
# its checkpointKeyId or the hint made from its key), not by the entry's
# logId: a root with other logs first, of the same name or another; the
# entry's logId, when given, must be the log found; a key listed twice
# (a closed validFor window, then the current one) verifies in the current
openssl pkey -in log2.key -pubout -outform DER -out log2.der 2> /dev/null
key log3.key; openssl pkey -in log3.key -pubout -outform DER -out log3.der 2> /dev/null
TSAS=tsa.pem+tsa-ca.pem MORE_TLOGS=log2.der@https://rekor.test,log3.der@https://rekor.three python3 mkroot.py tsmany.json inter.pem root.pem
ROOT=tsmany.json expect v2-select-by-checkpoint 0 "^verified: art.txt: keyless .* Rekor v2 log index 1, inclusion proof in tree of 3$" V2 v2.sigstore
python3 mkv2.py v2lid.sigstore LOGID=log.der
ROOT=tsmany.json expect v2-select-logid-agrees 0 "^verified: art.txt: keyless" V2 v2lid.sigstore
python3 mkv2.py v2lid2.sigstore LOGID=log2.der
ROOT=tsmany.json expect v2-select-logid-other 1 "bad tlog entry: the entry's logId $(sha256sum log2.der | cut -c1-16)\.\.\. is not the log that signed the checkpoint ($(sha256sum log.der | cut -c1-16)\.\.\.)" V2 v2lid2.sigstore
python3 mkv2.py v2three.sigstore LOGKEY=log3.key ORIGIN=rekor.three
ROOT=tsmany.json expect v2-select-other-log 0 "^verified: art.txt: keyless" V2 v2three.sigstore
ROOT=tsmany.json expect v2-select-no-origin 1 "bad tlog entry: the checkpoint's origin is rekor.other, the host of no tlog's baseUrl in the trusted root" V2 v2origin.sigstore
python3 mkv2.py v2k4.sigstore LOGKEY=wit.key
ROOT=tsmany.json expect v2-select-no-key 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint of one of the 2 tlogs of that name in the trusted root" V2 v2k4.sigstore
TSAS=tsa.pem+tsa-ca.pem TWICE=1 python3 mkroot.py tstwice.json inter.pem root.pem
ROOT=tstwice.json expect v2-key-listed-twice 0 "^verified: art.txt: keyless" V2 v2lid.sigstore
TSAS=tsa.pem+tsa-ca.pem TWICE=1 LOG_START=-172800 LOG_END=-86400 python3 mkroot.py tstwiceold.json inter.pem root.pem
ROOT=tstwiceold.json expect v2-key-listed-twice-both-closed 1 "bad tlog entry: the log key was not valid at the timestamp's time" V2 v2lid.sigstore
# witness cosignatures (c2sp signed-note): lines of keys the root does
# not list are ignored, even one with the log's key hint but another
# name; the log's own line is required and a log line that does not
# verify refuses the checkpoint, even next to one that does
python3 mkv2.py v2wit.sigstore WITNESS=3
expect v2-witness-lines-ignored 0 "^verified: art.txt: keyless" V2 v2wit.sigstore
python3 mkv2.py v2wited.sigstore WITNESS=2 LOGKEY=edlog.key
ROOT=tsed.json expect v2-witness-lines-ed25519-log 0 "^verified: art.txt: keyless" V2 v2wited.sigstore
python3 mkv2.py v2wloghint.sigstore WLOGHINT=1
expect v2-witness-with-log-hint-ignored 0 "^verified: art.txt: keyless" V2 v2wloghint.sigstore
python3 mkv2.py v2witonly.sigstore WITNESS=2 NOLOG=1
expect v2-witness-only 1 "bad tlog entry: no checkpoint signature line named rekor.test carries the key hint $LH of the log's key" V2 v2witonly.sigstore
python3 mkv2.py v2duplog.sigstore DUPLOG=1 WITNESS=1
expect v2-log-line-twice 0 "^verified: art.txt: keyless" V2 v2duplog.sigstore
python3 mkv2.py v2badlog.sigstore BADLOGLINE=1 WITNESS=1
expect v2-log-line-bad-next-to-good 1 "bad tlog entry: the checkpoint is not signed by the log's key (its signature line named rekor.test with the key hint $LH does not verify)" V2 v2badlog.sigstore
python3 mkv2.py v2badloged.sigstore BADLOGLINE=1 LOGKEY=edlog.key
ROOT=tsed.json expect v2-ed25519-log-line-bad 1 "bad tlog entry: the checkpoint is not signed by the log's key (its signature line named rekor.test with the key hint $EH does not verify)" V2 v2badloged.sigstore
# Rekor v1 checkpoints ("HOST - TREEID" origin, lines named by the host,
# the log ID's first 4 bytes as hint): the origin and line name are not
# compared (rekor's VerifyCheckpointSignature, sigstore-go and
# sigstore-python do not), so one that matches the root's baseUrl and one
# that does not both verify; witness lines are ignored; a log line that
# does not verify, or none, refuses; a changed origin breaks the signature
python3 mkv2.py v1cp.sigstore V1=1 PROOF=1
expect v1-checkpoint 0 "^verified: art.txt: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, log index 1 at .*, inclusion proof in tree of 3$" V2 v1cp.sigstore
python3 mkv2.py v1cpother.sigstore V1=1 PROOF=1 "ORIGIN=elsewhere.example - 99" SIGNAME=elsewhere.example
expect v1-checkpoint-origin-not-compared 0 "^verified: art.txt: keyless .*, inclusion proof in tree of 3$" V2 v1cpother.sigstore
python3 -c "import json; b=json.load(open('v1cp.sigstore')); p=b['verificationMaterial']['tlogEntries'][0]['inclusionProof']; p['checkpoint']['envelope']=p['checkpoint']['envelope'].replace('rekor.test - 1234', 'rekor.test - 1235', 1); json.dump(b, open('v1cporigin.sigstore','w'))"
expect v1-checkpoint-origin-changed 1 "bad tlog entry: the checkpoint is not signed by the log's key (a signature line with its key hint $LH does not verify)" V2 v1cporigin.sigstore
python3 mkv2.py v1cpwit.sigstore V1=1 PROOF=1 WITNESS=2
expect v1-checkpoint-witness-lines 0 "^verified: art.txt: keyless .*, inclusion proof in tree of 3$" V2 v1cpwit.sigstore
python3 mkv2.py v1cpbad.sigstore V1=1 PROOF=1 BADLOGLINE=1
expect v1-checkpoint-log-line-bad 1 "bad tlog entry: the checkpoint is not signed by the log's key (a signature line with its key hint $LH does not verify)" V2 v1cpbad.sigstore
python3 mkv2.py v1cpnolog.sigstore V1=1 PROOF=1 NOLOG=1 WITNESS=1
expect v1-checkpoint-no-log-line 1 "bad tlog entry: no checkpoint signature line carries the key hint $LH of the log's key" V2 v1cpnolog.sigstore
ROOT=tstwice.json expect v1-key-listed-twice 0 "^verified: art.txt: keyless .*, inclusion proof in tree of 3$" V2 v1cp.sigstore
ROOT=tstwiceold.json expect v1-key-listed-twice-both-closed 1 "bad tlog entry: the log key was not valid at the integrated time" V2 v1cp.sigstore
python3 mkv2.py v2body.sigstore BODYDIGEST=1
expect v2-body-digest 1 "tlog body mismatch: the Rekor entry records another artifact digest" V2 v2body.sigstore
ROOT=ts2root.json expect v2-other-tsa 1 "bad timestamp: the RFC 3161 timestamp of" V2 v2.sigstore
echo changed >> art.txt
expect v2-changed-artifact 1 "bad signature: the artifact does not hash to the bundle's messageDigest" V2 v2.sigstore
python3 -c "import json; b=json.load(open('v2.sigstore')); del b['verificationMaterial']['tlogEntries'][0]['inclusionProof']; json.dump(b, open('v2noproof.sigstore','w'))"
expect v2-no-proof 2 "^bulkhead: v2noproof.sigstore: tlogEntries\[0\] is a Rekor v2 entry without an inclusionProof" V2 v2noproof.sigstore

# a published Rekor v2 bundle (sigstore-python's staging-rekor-v2.txt,
# tests/data/sigstore/README.md): hashedrekord 0.0.2 in the staging log
# log2025-alpha1 (Ed25519), an RFC 3161 timestamp from the staging TSA;
# the staging trusted root of 2026 lists the v1 log and three v2 logs, the
# one of 2025 two: the log is the one the checkpoint's line names.  The
# checks depend on no clock (the time is the timestamp's), so it verifies
# today; changed, it is refused with each reason
PV=$VEC/staging-rekor-v2.txt PVB=$VEC/staging-rekor-v2.txt.sigstore.json
PR() { "$B" verify "$PV" --bundle "${2:-$PVB}" --trusted-root "$1" --certificate-identity jku@goto.fi --certificate-oidc-issuer https://github.com/login/oauth; }
expect v2-published-root-2026 0 "^verified: $PV: keyless ECDSA P-256 SHA-256, jku@goto.fi, issuer https://github.com/login/oauth, SCT from CT log 2b30bcdc6888c9e2\.\.\. at 2025-06-09T11:57:35Z, RFC 3161 timestamp at 2025-06-09T11:57:38Z, Rekor v2 log index 645, inclusion proof in tree of 646$" PR "$VEC/staging_trusted_root_2026.json"
expect v2-published-root-2025 0 "^verified: $PV: keyless .*, Rekor v2 log index 645, inclusion proof in tree of 646$" PR "$VEC/staging_trusted_root.json"
pv() { python3 -c "import json,sys; b=json.load(open(sys.argv[1])); e=b['verificationMaterial']['tlogEntries'][0]; $2; json.dump(b, open(sys.argv[2], 'w'))" "$PVB" "$1"; }
pv pvwit.json "c=e['inclusionProof']['checkpoint']; c['envelope']+='\u2014 witness.example AQIDBA'+'A'*86+'\n'"
expect v2-published-witness-line 0 "^verified: $PV: keyless" PR "$VEC/staging_trusted_root_2026.json" pvwit.json
pv pvcpsig.json "c=e['inclusionProof']['checkpoint']; c['envelope']=c['envelope'].replace('8w1amQA0', '8w1amQA1')"
expect v2-published-checkpoint-signature 1 "bad tlog entry: the checkpoint is not signed by the log's key (its signature line named log2025-alpha1.rekor.sigstage.dev with the key hint f30d5a99 does not verify)" PR "$VEC/staging_trusted_root_2026.json" pvcpsig.json
pv pvlid.json "e['logId']['keyId']='09OnDKEw7/hpZiYVPoTRzRbglHk0sylsUovegnRUlJY='"
expect v2-published-other-logid 1 "bad tlog entry: the entry's logId d3d3a70ca130eff8\.\.\. is not the log that signed the checkpoint (f30d5a999d92e662\.\.\.)" PR "$VEC/staging_trusted_root_2026.json" pvlid.json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['tlogs'][1]['baseUrl']='https://log2025-beta1.rekor.sigstage.dev'; json.dump(r, open('pvroot.json','w'))" "$VEC/staging_trusted_root_2026.json"
expect v2-published-root-other-host 1 "bad tlog entry: the checkpoint's origin is log2025-alpha1.rekor.sigstage.dev, not log2025-beta1.rekor.sigstage.dev (the host of the log's baseUrl)" PR pvroot.json
# the log window [start, end] includes its end (protobuf-specs TimeRange):
# closing at the timestamp's second verifies, a second before refuses
pvwin() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['tlogs'][1]['publicKey']['validFor']['end']=sys.argv[3]; json.dump(r, open(sys.argv[2],'w'))" "$VEC/staging_trusted_root_2026.json" "$@"; }
pvwin pvendat.json 2025-06-09T11:57:38Z
expect v2-published-log-window-ends-at-timestamp 0 "^verified: .*Rekor v2 log index 645" PR pvendat.json
pvwin pvend.json 2025-06-09T11:57:37.999Z
expect v2-published-log-window-closed 1 "bad tlog entry: the log key was not valid at the timestamp's time 2025-06-09T11:57:38Z" PR pvend.json
# sigstore-conformance's Rekor v2 cases (tests/data/sigstore/conformance,
# README there): real staging checkpoints cosigned by witnesses (an
# unknown witness key, two, before the log's line, a second line under
# the log's name by an unknown ECDSA key) verify; no log line, or a line
# and origin of another host, refuse; DSSE envelopes logged as
# hashedrekord 0.0.2 over the PAE's hash (rekor-tiles dropped its dsse
# type), one also cosigned by three real witnesses: verified, and refused
# for another envelope, another signature in the entry, a bad signature
CV=$VEC/conformance
CI=https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main
CF() { "$B" verify "$CV/a.txt" --bundle "$CV/$1.sigstore.json" --trusted-root "${2:-$VEC/staging_trusted_root.json}" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com; }
for c in rekor2-happy-path rekor2-checkpoint-cosigned rekor2-checkpoint-multiple-cosigs rekor2-checkpoint-origin-not-first \
	rekor2-checkpoint-two-sigs-cosigned rekor2-checkpoint-two-sigs-from-origin; do
	expect conformance-$c 0 "^verified: $CV/a.txt: keyless ECDSA P-256 SHA-256, $CI, issuer https://token.actions.githubusercontent.com, SCT from CT log 2b30bcdc6888c9e2\.\.\. at 2025-06-12T12:02:16Z, RFC 3161 timestamp at 2025-06-12T12:02:20Z, Rekor v2 log index 735, inclusion proof in tree of 736$" CF $c
done
expect conformance-rekor2-checkpoint-missing-log-signature_fail 1 "bad tlog entry: no checkpoint signature line named log2025-alpha1.rekor.sigstage.dev carries the key hint f30d5a99 of the log's key" CF rekor2-checkpoint-missing-log-signature_fail
expect conformance-rekor2-checkpoint-no-matching-signature_fail 1 "bad tlog entry: the checkpoint's origin is log2025-alpha1.rekor.github.dev, not log2025-alpha1.rekor.sigstage.dev (the host of the log's baseUrl)" CF rekor2-checkpoint-no-matching-signature_fail
expect conformance-rekor2-dsse-happy-path 0 "^verified: $CV/a.txt: keyless ECDSA P-256 SHA-256, $CI, .*, RFC 3161 timestamp at 2026-05-13T19:23:33Z, Rekor v2 log index 4026478, inclusion proof in tree of 4026479$" CF rekor2-dsse-happy-path "$CV/trusted_root_dsse.json"
expect conformance-rekor2-dsse-root-2026 0 "^verified: $CV/a.txt: keyless .*, Rekor v2 log index 4026478" CF rekor2-dsse-happy-path "$VEC/staging_trusted_root_2026.json"
expect conformance-rekor2-dsse-mismatch-envelope_fail 1 "tlog body mismatch: the Rekor entry records another artifact digest than the envelope's PAE's SHA2_256" CF rekor2-dsse-mismatch-envelope_fail "$CV/trusted_root_dsse.json"
expect conformance-rekor2-dsse-mismatch-sig_fail 1 "tlog body mismatch: the Rekor entry records another signature than the one checked" CF rekor2-dsse-mismatch-sig_fail "$CV/trusted_root_dsse.json"
expect conformance-rekor2-dsse-invalid-sig_fail 1 "bad signature: the signature does not verify under the certificate's ECDSA key" CF rekor2-dsse-invalid-sig_fail "$CV/trusted_root_dsse.json"
expect conformance-rekor2-dsse-other-artifact 1 "bad signature: the artifact's sha256:$(sha256sum "$VEC/bundle.txt" | cut -c1-64) is not a subject of the attestation" "$B" verify "$VEC/bundle.txt" --bundle "$CV/rekor2-dsse-happy-path.sigstore.json" --trusted-root "$CV/trusted_root_dsse.json" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com
# the real witnesses' lines (c2sp tlog-cosignature, type 0x04) are ignored;
# a changed log line refuses even next to them
pv() { python3 -c "import json,sys; b=json.load(open(sys.argv[1])); e=b['verificationMaterial']['tlogEntries'][0]; $2; json.dump(b, open(sys.argv[2], 'w'))" "$CV/rekor2-dsse-happy-path.sigstore.json" "$1"; }
pv cdssebad.json "c=e['inclusionProof']['checkpoint']; c['envelope']=c['envelope'].replace('09OnDHwV', '09OnDHwW')"
expect conformance-rekor2-dsse-witnessed-log-line-changed 1 "bad tlog entry: the checkpoint is not signed by the log's key (its signature line named log2025-alpha3.rekor.sigstage.dev with the key hint d3d3a70c does not verify)" "$B" verify "$CV/a.txt" --bundle cdssebad.json --trusted-root "$CV/trusted_root_dsse.json" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com
# a Rekor v2 log is one tree: an entry whose logIndex (signed by nothing,
# shown in the verified line) is not its inclusion proof's is refused,
# a second entry after a good one changes nothing
pv cdsseidx.json "e['logIndex']='1'"
expect conformance-rekor2-dsse-logindex-not-proofs 1 "bad tlog entry: the entry's logIndex 1 is not its inclusion proof's 4026478" "$B" verify "$CV/a.txt" --bundle cdsseidx.json --trusted-root "$CV/trusted_root_dsse.json" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com
pv cdsseidx2.json "import copy; f=copy.deepcopy(e); f['logIndex']='1'; b['verificationMaterial']['tlogEntries'].insert(0, f)"
expect conformance-rekor2-dsse-logindex-first-of-two 1 "bad tlog entry: the entry's logIndex 1 is not its inclusion proof's 4026478" "$B" verify "$CV/a.txt" --bundle cdsseidx2.json --trusted-root "$CV/trusted_root_dsse.json" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com

# sigstore-conformance's trust-root validity cases and intoto entry
# (README there): validFor is [start, end], end included (protobuf-specs
# TimeRange); an absent or null end is open; a tlog or CT log key without
# validFor.start makes the root malformed (sigstore-go
# ParseTransparencyLogs); CA and TSA windows may omit it
CR() { "$B" verify "${3:-$CV/a.txt}" --bundle "$CV/$1" --trusted-root "$2" --certificate-identity "$CI" --certificate-oidc-issuer https://token.actions.githubusercontent.com; }
expect conformance-trust-root-tlog-validity-end-inclusive 0 "^verified: $CV/a.txt: keyless ECDSA P-256 SHA-256, $CI, issuer https://token.actions.githubusercontent.com, log index 27246492 at 2023-07-12T15:56:36Z, SCT from CT log dd3d306ac6c71132... at 2023-07-12T15:56:35Z, inclusion proof in tree of [0-9]*$" CR happy-path-v0.1.sigstore.json "$CV/trust-root-tlog-validity-end-inclusive.trusted_root.json"
expect conformance-trust-root-tsa-validity-end-inclusive 0 "^verified: $CV/a.txt: keyless .*, RFC 3161 timestamp at 2025-06-12T12:02:20Z, Rekor v2 log index 735" CR rekor2-happy-path.sigstore.json "$CV/trust-root-tsa-validity-end-inclusive.trusted_root.json"
expect conformance-trust-root-tlog-missing-validity-start_fail 2 "^bulkhead: $CV/trust-root-tlog-missing-validity-start_fail.trusted_root.json: tlogs\[1\].publicKey has no validFor.start (a log key's validity window needs its start)$" CR rekor2-happy-path.sigstore.json "$CV/trust-root-tlog-missing-validity-start_fail.trusted_root.json"
expect conformance-intoto-with-custom-trust-root 0 "^verified: $CV/d.txt: keyless ECDSA P-256 SHA-256, $CI, issuer https://token.actions.githubusercontent.com, log index 4288993 at 2023-02-01T00:00:00Z, SCT from CT log f726caa34117ba91... at 2023-02-01T00:00:00Z, RFC 3161 timestamp at 2023-02-01T00:00:00Z, inclusion proof in tree of 1$" CR intoto-with-custom-trust-root.sigstore.json "$CV/intoto-with-custom-trust-root.trusted_root.json" "$CV/d.txt"
expect conformance-intoto-other-artifact 1 "bad signature: the artifact's sha256:a0cfc712.* is not a subject of the attestation" CR intoto-with-custom-trust-root.sigstore.json "$CV/intoto-with-custom-trust-root.trusted_root.json"
# rt OUT ROOT PYTHON: ROOT edited (r the JSON) into OUT
rt() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); $3; json.dump(r, open(sys.argv[2],'w'))" "$2" "$1"; }
TLE=$CV/trust-root-tlog-validity-end-inclusive.trusted_root.json
TSE=$CV/trust-root-tsa-validity-end-inclusive.trusted_root.json
# one second after the tlog key's end; a fraction of a second after it still holds
rt tle-1s.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['end']='2023-07-12T15:56:35Z'"
expect trust-root-tlog-end-second-before 1 "bad tlog entry: the log key was not valid at the integrated time 2023-07-12T15:56:36Z" CR happy-path-v0.1.sigstore.json tle-1s.json
rt tle-frac.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['end']='2023-07-12T15:56:36.999Z'"
expect trust-root-tlog-end-fraction 0 "^verified: .*log index 27246492" CR happy-path-v0.1.sigstore.json tle-frac.json
# a start at the integrated time holds; half a second later it does not
rt tls-at.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['start']='2023-07-12T15:56:36Z'"
expect trust-root-tlog-start-at 0 "^verified: .*log index 27246492" CR happy-path-v0.1.sigstore.json tls-at.json
rt tls-frac.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['start']='2023-07-12T15:56:36.5Z'"
expect trust-root-tlog-start-fraction-after 1 "bad tlog entry: the log key was not valid at the integrated time 2023-07-12T15:56:36Z" CR happy-path-v0.1.sigstore.json tls-frac.json
# null end (protobuf JSON: the field unset) and an absent one: open
rt tle-null.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['end']=None"
expect trust-root-tlog-end-null 0 "^verified: .*log index 27246492" CR happy-path-v0.1.sigstore.json tle-null.json
rt tle-none.json "$TLE" "del r['tlogs'][0]['publicKey']['validFor']['end']"
expect trust-root-tlog-end-absent 0 "^verified: .*log index 27246492" CR happy-path-v0.1.sigstore.json tle-none.json
rt tle-bad.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['end']=''"
expect trust-root-tlog-end-empty 2 "^bulkhead: tle-bad.json: tlogs\[0\].publicKey validFor is not {start, end} RFC 3339 UTC times$" CR happy-path-v0.1.sigstore.json tle-bad.json
rt tle-num.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['end']=1689177396"
expect trust-root-tlog-end-number 2 "^bulkhead: tle-num.json: tlogs\[0\].publicKey validFor is not {start, end}" CR happy-path-v0.1.sigstore.json tle-num.json
# a missing start: a null one, no validFor at all (tlog or CT log key)
rt tls-null.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']['start']=None"
expect trust-root-tlog-start-null 2 "^bulkhead: tls-null.json: tlogs\[0\].publicKey has no validFor.start" CR happy-path-v0.1.sigstore.json tls-null.json
rt tlv-none.json "$TLE" "del r['tlogs'][0]['publicKey']['validFor']"
expect trust-root-tlog-no-validfor 2 "^bulkhead: tlv-none.json: tlogs\[0\].publicKey has no validFor.start" CR happy-path-v0.1.sigstore.json tlv-none.json
rt tlv-null.json "$TLE" "r['tlogs'][0]['publicKey']['validFor']=None"
expect trust-root-tlog-validfor-null 2 "^bulkhead: tlv-null.json: tlogs\[0\].publicKey has no validFor.start" CR happy-path-v0.1.sigstore.json tlv-null.json
rt ctls.json "$TLE" "del r['ctlogs'][1]['publicKey']['validFor']['start']"
expect trust-root-ctlog-no-start 2 "^bulkhead: ctls.json: ctlogs\[1\].publicKey has no validFor.start" CR happy-path-v0.1.sigstore.json ctls.json
# certificate and timestamp authorities may leave out start or validFor
rt cas.json "$TSE" "[c['validFor'].pop('start') for c in r['certificateAuthorities']]; del r['timestampAuthorities'][0]['validFor']['start']"
expect trust-root-ca-tsa-no-start 0 "^verified: .*RFC 3161 timestamp at 2025-06-12T12:02:20Z, Rekor v2 log index 735" CR rekor2-happy-path.sigstore.json cas.json
rt cav.json "$TSE" "[c.pop('validFor') for c in r['certificateAuthorities']]; r['timestampAuthorities'][0]['validFor']=None"
expect trust-root-ca-tsa-no-validfor 0 "^verified: .*Rekor v2 log index 735" CR rekor2-happy-path.sigstore.json cav.json
# the TSA window ending a second before the timestamp
rt tse-1s.json "$TSE" "r['timestampAuthorities'][0]['validFor']['end']='2025-06-12T12:02:19Z'"
expect trust-root-tsa-end-second-before 1 "bad timestamp: no timestamp authority of the trusted root is valid at the timestamp's time 2025-06-12T12:02:20Z" CR rekor2-happy-path.sigstore.json tse-1s.json
# the CA window: ends at the timestamp (verifies), a second before (refused)
rt cae.json "$TSE" "[c['validFor'].update(end='2025-06-12T12:02:20Z') for c in r['certificateAuthorities'] if 'end' not in c['validFor']]"
expect trust-root-ca-end-at-timestamp 0 "^verified: .*Rekor v2 log index 735" CR rekor2-happy-path.sigstore.json cae.json
rt cae1.json "$TSE" "[c['validFor'].update(end='2025-06-12T12:02:19Z') for c in r['certificateAuthorities'] if 'end' not in c['validFor']]"
expect trust-root-ca-end-second-before 1 "untrusted certificate: no certificate authority of the trusted root is valid at the timestamp's time 2025-06-12T12:02:20Z" CR rekor2-happy-path.sigstore.json cae1.json
# the CT log window: ends at the SCT's time (verifies), a second before (refused, the window named closed)
CTK=$(python3 -c "import json,sys,base64; r=json.load(open(sys.argv[1])); print([i for i,c in enumerate(r['ctlogs']) if base64.b64decode(c['logId']['keyId']).hex().startswith('2b30bcdc')][0])" "$TSE")
rt cte.json "$TSE" "r['ctlogs'][$CTK]['publicKey']['validFor']['end']='2025-06-12T12:02:16Z'"
expect trust-root-ctlog-end-at-sct 0 "^verified: .*SCT from CT log 2b30bcdc6888c9e2\.\.\. at 2025-06-12T12:02:16Z" CR rekor2-happy-path.sigstore.json cte.json
rt cte1.json "$TSE" "r['ctlogs'][$CTK]['publicKey']['validFor']['end']='2025-06-12T12:02:15Z'"
expect trust-root-ctlog-end-second-before 1 "bad sct: the SCT from CT log 2b30bcdc6888c9e2\.\.\. at 2025-06-12T12:02:16Z, outside the CT log key's validFor \[[0-9T:-]*Z, 2025-06-12T12:02:15Z]" CR rekor2-happy-path.sigstore.json cte1.json

# message digests SHA2_384 / SHA2_512 and a P-384 leaf: the bundle's
# messageDigest, the hashedrekord 0.0.2 data.algorithm and 0.0.1 hash
# name the hash; the signature verifies with the curve's hash or the
# entry's
echo "an artifact logged in Rekor v2" > art.txt
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.key 2> /dev/null
openssl req -new -key p384.key -subj "/" -out p384.csr 2> /dev/null
printf '%s\n' "$KU" "$EKU" "subjectAltName=critical,URI:$ID" "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:$ISS" > p384.ext
openssl x509 -req -in p384.csr -CA inter.pem -CAkey inter.key -CAcreateserial -days 1 -extfile p384.ext -out p384.pem 2> /dev/null
python3 mkv2.py v2sha384.sigstore LEAF=p384 ALG=SHA2_384
expect v2-sha384 0 "^verified: art.txt: keyless ECDSA P-384 SHA-384, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, Rekor v2 log index 1" V2 v2sha384.sigstore
python3 mkv2.py v2sha512.sigstore LEAF=p384 ALG=SHA2_512
expect v2-sha512 0 "^verified: art.txt: keyless ECDSA P-384 SHA-512, $ID" V2 v2sha512.sigstore
python3 mkv2.py v2sha384bd.sigstore LEAF=p384 ALG=SHA2_384 BODYDIGEST=1
expect v2-sha384-body-digest 1 "tlog body mismatch: the Rekor entry records another artifact digest than the artifact's SHA2_384" V2 v2sha384bd.sigstore
python3 mkv2.py v2algmix.sigstore LEAF=p384 ALG=SHA2_384 BODYALG=SHA2_256
expect v2-body-algorithm-mismatch 1 "tlog body mismatch: the Rekor entry records another artifact digest than the artifact's SHA2_256" V2 v2algmix.sigstore
python3 mkv2.py v1sha384.sigstore LEAF=p384 ALG=SHA2_384 V1=1
expect v1-sha384 0 "^verified: art.txt: keyless ECDSA P-384 SHA-384, $ID, issuer $ISS, log index 1 at" V2 v1sha384.sigstore
python3 mkv2.py v1sha512.sigstore LEAF=p384 ALG=SHA2_512 V1=1
expect v1-sha512 0 "^verified: art.txt: keyless ECDSA P-384 SHA-512, $ID" V2 v1sha512.sigstore
python3 -c "import json; b=json.load(open('v2sha384.sigstore')); b['messageSignature']['messageDigest']['algorithm']='SHA3_256'; json.dump(b, open('v2sha3.sigstore','w'))"
expect v2-digest-algorithm-unknown 2 "^bulkhead: v2sha3.sigstore: messageSignature.messageDigest is not a SHA2_256, SHA2_384 or SHA2_512 base64 digest" V2 v2sha3.sigstore
python3 -c "import json; b=json.load(open('v2sha384.sigstore')); b['messageSignature']['messageDigest']['algorithm']='SHA2_256'; json.dump(b, open('v2sha384len.sigstore','w'))"
expect v2-digest-length 2 "^bulkhead: v2sha384len.sigstore: messageSignature.messageDigest is not a SHA2_256" V2 v2sha384len.sigstore
echo changed >> art.txt
expect v2-sha384-changed-artifact 1 "bad signature: the artifact does not hash to the bundle's messageDigest" V2 v2sha384.sigstore
echo "an artifact logged in Rekor v2" > art.txt
# the hashedrekord 0.0.2 verifier: an x509Certificate, the signing one
python3 mkv2.py v2pk.sigstore PUBKEYVERIFIER=1
expect v2-publickey-verifier 1 "tlog body mismatch: the Rekor entry records another certificate than the signing one (verifier.x509Certificate)" V2 v2pk.sigstore
python3 mkv2.py v2bc.sigstore BODY_CERT=mail.pem
expect v2-body-cert 1 "tlog body mismatch: the Rekor entry records another certificate than the signing one" V2 v2bc.sigstore
# Rekor v2 dsse 0.0.2 (spec.dsseV002 {payloadHash, signatures[] {content,
# verifier}}) under a DSSE bundle whose statement names art.txt
python3 mkv2.py v2dsse.sigstore DSSE=1
expect v2-dsse 0 "^verified: art.txt: keyless ECDSA P-256 SHA-256, $ID, issuer $ISS, RFC 3161 timestamp at [0-9T:-]*Z, Rekor v2 log index 1, inclusion proof in tree of 3$" V2 v2dsse.sigstore
python3 mkv2.py v2dssebd.sigstore DSSE=1 BODYDIGEST=1
expect v2-dsse-payload-hash 1 "tlog body mismatch: the Rekor entry records another payload hash than the envelope payload's SHA2_256" V2 v2dssebd.sigstore
python3 mkv2.py v2dssebs.sigstore DSSE=1 BODYSIG=1
expect v2-dsse-signature 1 "tlog body mismatch: the Rekor entry records another signature than the one checked" V2 v2dssebs.sigstore
python3 mkv2.py v2dssebc.sigstore DSSE=1 BODY_CERT=mail.pem
expect v2-dsse-cert 1 "tlog body mismatch: the Rekor entry records another certificate than the signing one" V2 v2dssebc.sigstore
python3 mkv2.py v2dsseo.sigstore DSSE=1 ORIGIN=rekor.other
expect v2-dsse-origin 1 "bad tlog entry: the checkpoint's origin is rekor.other, not rekor.test" V2 v2dsseo.sigstore
python3 -c "import json; b=json.load(open('v2dsse.sigstore')); b['verificationMaterial']['tlogEntries'][0]['kindVersion']['kind']='hashedrekord'; json.dump(b, open('v2dssekind.sigstore','w'))"
expect v2-dsse-kind 1 "tlog body mismatch: the Rekor v2 entry body is not a hashedrekord 0.0.2 spec.hashedRekordV002" V2 v2dssekind.sigstore
echo other > other.txt
expect v2-dsse-other-artifact 1 "bad signature: the artifact's sha256:$(sha256sum other.txt | cut -c1-64) is not a subject of the attestation" "$B" verify other.txt --bundle v2dsse.sigstore --trusted-root tsroot.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"

# usage and input errors: exit 2, one line
expect key-and-keyless 2 "exclude each other" "$B" verify ok --key log.key --trusted-root root.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
expect no-issuer 2 "needs --certificate-oidc-issuer" "$B" verify ok --trusted-root root.json --certificate-identity "$ID"
expect no-identity 2 "needs one of --certificate-identity" "$B" verify ok --trusted-root root.json --certificate-oidc-issuer "$ISS"
expect two-identities 2 "needs one of --certificate-identity" "$B" verify ok --trusted-root root.json --certificate-identity "$ID" --certificate-identity-regexp x --certificate-oidc-issuer "$ISS"
expect no-root 2 "needs --trusted-root" "$B" verify ok --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
expect bad-regexp 2 "not a PCRE2 pattern" "$B" verify ok --trusted-root root.json --certificate-identity-regexp '(' --certificate-oidc-issuer "$ISS"
expect root-missing 2 "^bulkhead: cannot read nope.json" "$B" verify ok --trusted-root nope.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
echo '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[]' > broken.json
expect root-broken 2 "^bulkhead: broken.json: not JSON" "$B" verify ok --trusted-root broken.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
echo '{"certificateAuthorities":[{"certChain":{"certificates":[{"rawBytes":"AAAA"}]}}],"tlogs":[]}' > badder.json
expect root-bad-cert 2 "badder.json: certificateAuthorities\[0\] certificate 0 is not base64 DER" "$B" verify ok --trusted-root badder.json --certificate-identity "$ID" --certificate-oidc-issuer "$ISS"
expect help-keyless 0 "--certificate-oidc-issuer URL" "$B" verify --help

# the .bulkhead.yaml policy (BH6005): a signature-keys entry naming
# keyless trust (trusted root, identity or identity-regexp, issuer) judges
# `bulkhead image` through the checks verify --trusted-root makes
mkdir -p kconf/roots && cp root.json kconf/roots/root.json
for l in ok bare s-good; do rm -rf pk-$l && cp -r $l pk-$l && name_image pk-$l registry.example.com/acme/app:1; done
kpol() { printf 'policy:\n  signature-keys:\n    %s:\n      trusted-root: %s\n      %s: %s\n      issuer: %s\n' "$2" "$3" "$4" "$5" "$6" > "kconf/$1.yaml"; }
kpol good registry.example.com/acme roots/root.json identity "$ID" "$ISS"
kpol re registry.example.com roots/root.json identity-regexp "'https://github\\.com/acme/.*'" "$ISS"
kpol otherid registry.example.com/acme roots/root.json identity dev@example.com "$ISS"
kpol otheriss registry.example.com/acme roots/root.json identity "$ID" https://accounts.google.com
kpol elsewhere ghcr.io roots/root.json identity "$ID" "$ISS"
bh6005 policy-keyless-signed 0 '' kconf/good.yaml pk-ok
bh6005 policy-keyless-regexp 0 '' kconf/re.yaml pk-ok
bh6005 policy-keyless-wrong-identity 1 "under a keyless certificate for dev@example.com issued by $ISS (trusted root roots/root.json) for registry.example.com/acme, and none verifies: wrong identity: the certificate names $ID" kconf/otherid.yaml pk-ok
bh6005 policy-keyless-wrong-issuer 1 "wrong issuer: the certificate's OIDC issuer is $ISS, wanted https://accounts.google.com" kconf/otheriss.yaml pk-ok
bh6005 policy-keyless-unsigned 1 'and none verifies: no signature' kconf/good.yaml pk-bare
bh6005 policy-keyless-key-signed 1 'no certificate:' kconf/good.yaml pk-s-good
bh6005 policy-keyless-not-covered 0 '' kconf/elsewhere.yaml pk-bare
# --key next to a keyless entry: two trusts, two verdicts, each rule its own
out=$("$B" image --format json --no-progress --config kconf/good.yaml --key log.pub pk-ok 2> /dev/null)
[ "$(jq -c '[.findings[] | select(.rule_id == "BH4022" or .rule_id == "BH6005") | .rule_id]' <<< "$out")" = '["BH4022"]' ] \
	&& ok policy-keyless-and-key || bad "policy-keyless-and-key: $(jq -c '[.findings[].rule_id]' <<< "$out")"
# verify.keyless (BH4022-BH4024 under keyless trust instead of verify.key)
vk() { printf 'verify:\n  keyless:\n    trusted-root: roots/root.json\n    identity: %s\n    issuer: %s\n%s' "$2" "$ISS" "${3:-}" > "kconf/$1.yaml"; }
bh4022() { # name want pattern config image
	local out; out=$("$B" image --format json --no-progress --config "$4" "$5" 2> /dev/null)
	local n; n=$(jq '[.findings[] | select(.rule_id == "BH4022")] | length' <<< "$out" 2> /dev/null)
	if [ "$2" = 0 ] && [ "$n" = 0 ]; then ok "$1"
	elif [ "$2" = 1 ] && [ "$n" = 1 ] && jq -r '.findings[] | select(.rule_id == "BH4022") | .message' <<< "$out" | grep -q -- "$3"; then ok "$1"
	else bad "$1: $n BH4022 findings, want $2 /$3/: $(jq -c '[.findings[] | select(.rule_id == "BH4022")]' <<< "$out" 2>&1 | head -c 400)"; fi
}
vk vgood "$ID"; vk vother dev@example.com
bh4022 verify-keyless-signed 0 '' kconf/vgood.yaml pk-ok
bh4022 verify-keyless-wrong-identity 1 "image has no cosign signature that verifies under a keyless certificate for dev@example.com issued by $ISS (trusted root roots/root.json): wrong identity: the certificate names $ID" kconf/vother.yaml pk-ok
bh4022 verify-keyless-unsigned 1 ': no signature' kconf/vgood.yaml pk-bare
vk vsbom "$ID" $'  require-sbom: true\n'
expect verify-keyless-sbom 1 "BH4023.*carries no SBOM attestation (SPDX or CycloneDX) that verifies under a keyless certificate for $ID" "$B" image --no-progress --config kconf/vsbom.yaml pk-ok
printf 'verify:\n  key: k.pub\n  keyless: {trusted-root: roots/root.json, identity: x, issuer: y}\n' > kconf/vboth.yaml
expect verify-keyless-and-key 2 "^bulkhead: kconf/vboth.yaml:3:3: 'verify.keyless' and 'verify.key' exclude each other" "$B" image --config kconf/vboth.yaml pk-ok
printf 'verify:\n  keyless: {trusted-root: roots/nope.json, identity: x, issuer: y}\n' > kconf/vnoroot.yaml
expect verify-keyless-root-missing 2 "^bulkhead: kconf/vnoroot.yaml:2:.*verify.keyless.trusted-root: cannot read kconf/roots/nope.json" "$B" image --config kconf/vnoroot.yaml pk-ok
# configuration errors: one line naming the file and line, exit 2
kpol noroot registry.example.com roots/nope.json identity "$ID" "$ISS"
expect policy-keyless-root-missing 2 "^bulkhead: kconf/noroot.yaml:4:21: policy.signature-keys.registry.example.com.trusted-root: cannot read kconf/roots/nope.json" "$B" image --config kconf/noroot.yaml pk-ok
kpol badre registry.example.com roots/root.json identity-regexp "'('" "$ISS"
expect policy-keyless-bad-regexp 2 "^bulkhead: kconf/badre.yaml:5:24: policy.signature-keys.registry.example.com.identity-regexp is not a PCRE2 pattern" "$B" image --config kconf/badre.yaml pk-ok
printf 'policy:\n  signature-keys:\n    registry.example.com: {trusted-root: roots/root.json, identity: x}\n' > kconf/noiss.yaml
expect policy-keyless-no-issuer 2 "^bulkhead: kconf/noiss.yaml:3:5: policy.signature-keys.registry.example.com: keyless trust needs issuer" "$B" image --config kconf/noiss.yaml pk-ok
printf 'policy:\n  signature-keys:\n    registry.example.com: {trusted-root: roots/root.json, issuer: x}\n' > kconf/noid.yaml
expect policy-keyless-no-identity 2 "^bulkhead: kconf/noid.yaml:3:5: .*needs one of identity and identity-regexp" "$B" image --config kconf/noid.yaml pk-ok
printf 'policy:\n  signature-keys:\n    registry.example.com: {trusted-root: roots/root.json, identity: x, issuer: y, subject: z}\n' > kconf/unk.yaml
expect policy-keyless-unknown-key 2 "^bulkhead: kconf/unk.yaml:3:.*unknown key 'policy.signature-keys.registry.example.com.subject'" "$B" image --config kconf/unk.yaml pk-ok
printf 'policy:\n  signature-keys:\n    registry.example.com: {trusted-root: broken.json, identity: x, issuer: y}\n' > broken.yaml
expect policy-keyless-root-broken 2 "^bulkhead: broken.yaml:3:42: .*trusted-root: broken.json: not JSON" "$B" image --config broken.yaml pk-ok

echo "keyless: $passes passed, $fails failed"
[ "$fails" = 0 ]
