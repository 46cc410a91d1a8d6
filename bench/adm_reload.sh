#!/usr/bin/env bash
# adm_reload.sh BINARY [RELOADS] [SECONDS] - certificate reloads under
# load on `bulkhead serve --admission` (issue 14): a private CA and two
# server certificates made here with openssl, laid out as a Kubernetes
# Secret volume (cert.pem and key.pem are links through ..data, which is
# swapped by one rename, as the kubelet does), the server on a free port,
# then RELOADS swaps (default 30) spread over SECONDS (default 10) while
# bench/adm_load.c (libcurl, trusting the CA) POSTs a small review from
# ADM_RELOAD_C threads (default 4): first with a new TLS connection per
# request (every request a handshake, some across a swap), then on
# kept-alive connections.  One line per run: requests, failed, the swaps
# made and the server's reload counters; then the certificate a new
# handshake sees (it must be the last one swapped in), and the clients'
# errors if any.  Exits 1 when a request fails, a reload fails, or the
# server dies.  Skips when cc, openssl, curl or libcurl's headers are
# missing.  Figures: docs/admission.md (Server, Certificate reload).
set -u
bin=$(realpath "${1:?usage: bench/adm_reload.sh BINARY [RELOADS] [SECONDS]}")
RELOADS=${2:-30}
SECS=${3:-10}
C=${ADM_RELOAD_C:-4}  # client threads
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
W=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2> /dev/null; rm -rf "$W"' EXIT
adm_load_build bench/adm_reload.sh openssl curl
cd "$W"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
	-subj /CN=bench-ca 2> /dev/null
for n in a b; do
	mkdir "..$n"
	openssl req -newkey rsa:2048 -nodes -keyout "..$n/key.pem" -out "$n.csr" \
		-subj "/CN=server-$n" 2> /dev/null
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > ext
	openssl x509 -req -in "$n.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
		-days 2 -extfile ext -out "..$n/cert.pem" 2> /dev/null
done
mkdir tls && mv ..a ..b tls/
ln -s ..a tls/..data
ln -s ..data/cert.pem tls/cert.pem
ln -s ..data/key.pem tls/key.pem
printf '%s\n' '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE","namespace":"x","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"b"}}}}' > review.json
"$bin" serve --admission --listen 127.0.0.1:0 --tls-cert tls/cert.pem \
	--tls-key tls/key.pem 2> log &
PID=$!
PORT=
for _ in $(seq 100); do
	PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' log 2> /dev/null)
	[ -n "$PORT" ] && break; sleep 0.05
done
[ -n "$PORT" ] || { echo "bench/adm_reload.sh: server did not start: $(cat log)"; exit 1; }
url=https://localhost:$PORT/validate
cur=a
swap() { # RELOADS swaps of ..data over SECS seconds
	local gap; gap=$(awk -v s="$SECS" -v n="$RELOADS" 'BEGIN { printf "%.3f", s / n }')
	for _ in $(seq "$RELOADS"); do
		sleep "$gap"
		if [ $cur = a ]; then cur=b; else cur=a; fi
		ln -sfn "..$cur" tls/..tmp && mv -T tls/..tmp tls/..data
	done
	echo $cur > last
}
metric() { curl -sS --cacert ca.pem "https://localhost:$PORT/metrics" |
	sed -n "s/^bulkhead_tls_reloads_total{result=\"$1\"} //p"; }
status=0
for mode in new-conn keep-alive; do
	flag=-f; [ $mode = keep-alive ] && flag=
	ok0=$(metric ok); bad0=$(metric failed)
	swap & SW=$!
	req=0 failed=0
	while kill -0 "$SW" 2> /dev/null; do
		out=$(./adm_load "$url" review.json ca.pem $((50 * C)) "$C" $flag 2>> load.err)
		req=$((req + $(awk '{print $2}' <<< "$out")))
		failed=$((failed + $(awk '{print $8}' <<< "$out")))
	done
	wait "$SW"
	sleep 0.6  # the server looks every 250 ms: the last swap seen
	ok1=$(metric ok); bad1=$(metric failed)
	echo "$mode  requests $req failed $failed swaps $RELOADS in ${SECS}s reloads_ok $((ok1 - ok0)) reloads_failed $((bad1 - bad0))"
	[ "$failed" = 0 ] && [ $((bad1 - bad0)) = 0 ] || status=1
done
want=server-$(cat last)
got=$(curl -sS -v --cacert ca.pem "https://localhost:$PORT/healthz" 2>&1 | sed -n 's/.*subject: CN=\(.*\)/\1/p')
echo "a new handshake sees CN=$got (last swapped in: $want)"
[ "$got" = "$want" ] || status=1
[ -s load.err ] && { echo "client errors (first 5):"; sort load.err | uniq -c | sort -rn | head -n 5; }
kill -0 "$PID" 2> /dev/null || { echo "bench/adm_reload.sh: the server died"; status=1; }
exit $status
