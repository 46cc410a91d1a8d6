#!/usr/bin/env bash
# gen-certs.sh [OUTDIR] [NAMESPACE] [SERVICE] - the admission webhook's TLS:
# a private CA and a server certificate it signs for the Service's DNS
# names (SERVICE.NAMESPACE.svc and .svc.cluster.local), with openssl only.
# Writes to OUTDIR (default ./bulkhead-certs, made mode 0700; never inside
# deploy/): ca.crt, ca.key, tls.crt, tls.key, secret.yaml (the Secret
# bulkhead-admission-tls the Deployment mounts) and webhook.yaml (deploy/
# webhook.yaml with caBundle filled in).  Then:
#   kubectl apply -f deploy/serviceaccount.yaml
#   kubectl apply -f OUTDIR/secret.yaml -f deploy/deployment.yaml \
#       -f deploy/service.yaml -f OUTDIR/webhook.yaml
# To rotate, run it again and apply secret.yaml (the server reloads the
# mounted files) and webhook.yaml.  Keys are RSA 2048 (the server uses
# GnuTLS; ECDSA P-256 works too), valid DAYS (default 365) days.
# Tested by tests/suites/admission.sh.
set -eu
out=${1:-./bulkhead-certs}
ns=${2:-bulkhead}
svc=${3:-bulkhead-admission}
days=${DAYS:-365}
here=$(cd "$(dirname "$0")" && pwd)
command -v openssl > /dev/null || { echo "gen-certs.sh: openssl not found" >&2; exit 2; }
umask 077
mkdir -p "$out"
cd "$out"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt \
	-days "$days" -subj "/CN=bulkhead-admission-ca" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr \
	-subj "/CN=$svc.$ns.svc" 2> /dev/null
printf '%s\n' "basicConstraints=CA:FALSE" \
	"keyUsage=critical,digitalSignature,keyEncipherment" \
	"extendedKeyUsage=serverAuth" \
	"subjectAltName=DNS:$svc,DNS:$svc.$ns,DNS:$svc.$ns.svc,DNS:$svc.$ns.svc.cluster.local" > ext.cnf
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out tls.crt -days "$days" -extfile ext.cnf 2> /dev/null
rm -f tls.csr ext.cnf ca.srl
b64() { base64 < "$1" | tr -d '\n'; }
cat > secret.yaml <<EOT
apiVersion: v1
kind: Secret
metadata:
  name: bulkhead-admission-tls
  namespace: $ns
type: kubernetes.io/tls
data:
  tls.crt: $(b64 tls.crt)
  tls.key: $(b64 tls.key)
EOT
sed -e "s|caBundle: \"\"|caBundle: $(b64 ca.crt)|" \
	-e "s|name: bulkhead-admission$|name: $svc|" \
	-e "s|namespace: bulkhead$|namespace: $ns|" "$here/webhook.yaml" > webhook.yaml
echo "gen-certs.sh: wrote $out/{ca.crt,ca.key,tls.crt,tls.key,secret.yaml,webhook.yaml} for $svc.$ns.svc"
