#!/usr/bin/env bash
# suite: threads
# scan_jobs.sh BULKHEAD_BINARY - `bulkhead scan -j N` scans inputs in
# parallel but must report exactly what -j 1 reports: the same findings in
# text, JSON and SARIF, the same input errors on stderr in the same order,
# the same exit code.  The tree is written here: Dockerfiles, Compose files
# and Kubernetes manifests of varied size (so workers finish out of
# order), a Compose service built from one of the Dockerfiles (the join
# after the scan), broken inputs between them, and a missing path.
# Dockerfiles sharing a build context (one directory, its .dockerignore,
# some with their own <name>.dockerignore) are swept once per run
# (src/core/context.c's cache): each one's BH1256 findings must be those
# it gets scanned alone, at every -j.  The run has over 512 findings, so
# -j > 1 masks it in parts (cmd_scan.c): no secret value at any -j.  A
# run of thousands of findings is formatted in parts on the threads
# (rpt_write_parts()): JSON and text as -j 1 writes them, failing alike.
# Ends with "scan_jobs: N passed, N failed".
set -u
bin=$(realpath "${1:?usage: scan_jobs.sh BULKHEAD_BINARY}")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL scan_jobs: $*"; }

t=$tmp/tree
for i in $(seq 1 80); do
	d=$t/svc$i
	mkdir -p "$d"
	{
		echo "FROM debian:12"
		[ $((i % 2)) = 0 ] && echo "USER root"
		for k in $(seq 1 $(((i * 13) % 40 + 1))); do
			echo "RUN apt-get install curl$k && curl -k https://x/$k | sh"
		done
		[ $((i % 3)) = 0 ] && echo "ENV DB_PASSWORD=Zq8Lm2pXv9w$i"
		echo "EXPOSE $((8000 + i))"
	} > "$d/Dockerfile"
	if [ $((i % 4)) = 0 ]; then
		cat > "$d/compose.yaml" <<EOF
services:
  app$i:
    build: .
    privileged: true
    ports:
      - "$((9000 + i)):80"
EOF
	fi
	if [ $((i % 5)) = 0 ]; then
		cat > "$d/deploy.yaml" <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app$i
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            privileged: true
EOF
	fi
done
# broken inputs in the middle of the walk
printf 'services:\n  a: [\n' > "$t/svc40/compose.yaml"
printf 'FROM debian:12\nRUN <<EOF\necho never closed\n' > "$t/svc41/Dockerfile"

# one build context, many Dockerfiles (the run's context cache)
sh=$t/shared
mkdir -p "$sh/keys" "$sh/certs" "$sh/docs"
for x in a b c d e f g h; do
	printf 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n' > "$sh/Dockerfile.$x"
done
printf '**/*.md\n' > "$sh/.dockerignore"
printf '.env\n' > "$sh/Dockerfile.c.dockerignore"
printf 'keys/\n**/*.pem\n' > "$sh/Dockerfile.f.dockerignore"
echo "DB_PASSWORD=x" > "$sh/.env"
echo "x" > "$sh/keys/deploy.key"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n-----END PRIVATE KEY-----\n' > "$sh/certs/tls.pem"
echo "# notes" > "$sh/docs/id_rsa.md"

run() { # JOBS FORMAT -> $tmp/out.JOBS.FORMAT, err, rc
	(cd "$tmp" && "$bin" scan -j "$1" --format "$2" tree missing-dir) \
		> "$tmp/out.$1.$2" 2> "$tmp/err.$1.$2"
	echo $? > "$tmp/rc.$1.$2"
}
for f in text json sarif; do
	run 1 "$f"
	if [ "$(cat "$tmp/rc.1.$f")" = 2 ] && [ -s "$tmp/out.1.$f" ] &&
	   grep -q 'missing-dir' "$tmp/err.1.$f" &&
	   [ "$(grep -c 'bulkhead: ' "$tmp/err.1.$f")" = 3 ]; then ok; else
		bad "-j 1 --format $f: want exit 2, a report and 3 input errors"
		head -n 5 "$tmp/err.1.$f"
	fi
	for j in 2 3 8; do
		run $j "$f"
		if cmp -s "$tmp/out.1.$f" "$tmp/out.$j.$f" &&
		   cmp -s "$tmp/err.1.$f" "$tmp/err.$j.$f" &&
		   cmp -s "$tmp/rc.1.$f" "$tmp/rc.$j.$f"; then ok; else
			bad "-j $j --format $f differs from -j 1"
			diff "$tmp/out.1.$f" "$tmp/out.$j.$f" | head -n 5
			diff "$tmp/err.1.$f" "$tmp/err.$j.$f" | head -n 5
		fi
	done
done
# the masking step runs on the -j threads, the run cut at file boundaries
# (cmd_scan.c, mask_findings_jobs(): from 512 findings on): the run is
# that large, and no DB_PASSWORD value is printed at any -j
if [ "$(jq '.findings | length' "$tmp/out.1.json")" -ge 512 ] &&
   ! grep -q 'Zq8Lm2pXv9w' "$tmp"/out.* "$tmp"/err.*; then ok; else
	bad "want >= 512 findings and no DB_PASSWORD value in any report"
fi
# the report is not empty of what matters: a finding from each kind
if grep -q 'svc80/compose.yaml' "$tmp/out.1.text" &&
   grep -q 'svc80/deploy.yaml' "$tmp/out.1.text" &&
   grep -q 'svc80/Dockerfile' "$tmp/out.1.text"; then ok; else
	bad "-j 1 text report lacks Dockerfile, Compose or Kubernetes findings"
fi
# the shared context: each Dockerfile's BH1256 lines as when scanned alone
: > "$tmp/alone"
for x in a b c d e f g h; do
	(cd "$tmp" && "$bin" scan --format text "tree/shared/Dockerfile.$x") 2> /dev/null |
		grep ' BH1256 ' >> "$tmp/alone"
done
# 6 x (.env, keys/deploy.key, certs/tls.pem), c: its own list sends
# docs/id_rsa.md but not .env, f: .env and docs/id_rsa.md
if [ "$(grep -c . "$tmp/alone")" = 23 ] &&
   grep -q 'Dockerfile.c:.*BH1256.*docs/id_rsa.md' "$tmp/alone" &&
   ! grep -q 'Dockerfile.a:.*BH1256.*docs/id_rsa.md' "$tmp/alone" &&
   ! grep -q 'Dockerfile.c:.*BH1256.*\.env' "$tmp/alone" &&
   ! grep -q 'Dockerfile.f:.*BH1256.*\(keys\|pem\)' "$tmp/alone"; then ok; else
	bad "shared context alone: want 23 BH1256 findings, per-Dockerfile ignores applied"
	cat "$tmp/alone"
fi
for j in 1 2 8; do
	grep '^tree/shared/.* BH1256 ' "$tmp/out.$j.text" > "$tmp/together.$j"
	if cmp -s "$tmp/alone" "$tmp/together.$j"; then ok; else
		bad "-j $j: shared context findings differ from each Dockerfile alone"
		diff "$tmp/alone" "$tmp/together.$j" | head -n 5
	fi
done
# standard input is read once, however many "-" are named
{ echo "FROM debian:12"; for k in $(seq 1 30000); do echo "RUN apt-get install x$k"; done; } > "$tmp/stdin.df"
"$bin" scan -j 1 --kind dockerfile --format json - < "$tmp/stdin.df" > "$tmp/in1.json" 2>&1
"$bin" scan -j 4 --kind dockerfile --format json - - < "$tmp/stdin.df" > "$tmp/in4.json" 2>&1
if cmp -s "$tmp/in1.json" "$tmp/in4.json" && grep -q '"BH1101"\|"rule_id"' "$tmp/in1.json"; then ok; else
	bad "'scan -j 4 - -' differs from 'scan -j 1 -'"
fi
# a large run's findings are formatted on the -j threads in parts of
# 128..256 (src/report/writers.c, rpt_write_parts()) and written in
# order: JSON (the comma between parts) and text as -j 1 makes them,
# and a write that fails (a full device) is the same one error line
"$bin" scan -j 1 --kind dockerfile --format text - < "$tmp/stdin.df" > "$tmp/in1.text" 2>&1
for j in 2 3 8; do
	"$bin" scan -j $j --kind dockerfile --format json - < "$tmp/stdin.df" > "$tmp/inj.json" 2>&1
	"$bin" scan -j $j --kind dockerfile --format text - < "$tmp/stdin.df" > "$tmp/inj.text" 2>&1
	if cmp -s "$tmp/in1.json" "$tmp/inj.json" && cmp -s "$tmp/in1.text" "$tmp/inj.text" &&
	   [ "$(jq '.findings | length' "$tmp/inj.json")" -gt 4096 ]; then ok; else
		bad "-j $j: a run of over 4096 findings differs from -j 1 (JSON or text)"
		diff "$tmp/in1.json" "$tmp/inj.json" | head -n 5
	fi
done
if [ -w /dev/full ]; then
	for f in json text; do
		for j in 1 4; do
			"$bin" scan -j $j --kind dockerfile --format $f -o /dev/full - < "$tmp/stdin.df" > /dev/null 2> "$tmp/full.$j"
			echo "exit=$?" >> "$tmp/full.$j"
		done
		if cmp -s "$tmp/full.1" "$tmp/full.4" && grep -q '^exit=2$' "$tmp/full.4" &&
		   [ "$(grep -c 'cannot write the report: No space left on device' "$tmp/full.4")" = 1 ]; then ok; else
			bad "--format $f -o /dev/full: -j 4 should fail as -j 1 does (one line, exit 2)"
			cat "$tmp/full.1" "$tmp/full.4"
		fi
	done
fi
for v in 0 65 x; do
	"$bin" scan -j "$v" "$t/svc1" > /dev/null 2> "$tmp/e"
	if [ $? = 2 ] && grep -q 'wants a number from 1 to 64' "$tmp/e"; then ok; else
		bad "scan -j '$v' should be a usage error"
	fi
done
echo "scan_jobs: $pass passed, $fail failed"
[ $fail = 0 ]
