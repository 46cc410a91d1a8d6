#!/usr/bin/env bash
# leaks_cmdpw.sh BINARY - the passwords database, directory and cloud
# tools take on their command lines (mongosh/mongo -p and --password,
# mysqladmin password, sqlcmd -P, ldapsearch -w, rabbitmqctl add_user, az
# login -p; src/rules/cmdpw.c reports them, src/secrets/sec_mask.c hides
# them) never show in any output, wherever the command is written:
#   - Dockerfile: RUN (after && and ;), a RUN continued over lines with
#     the password alone on its line, exec-form CMD and ENTRYPOINT,
#     HEALTHCHECK CMD;
#   - Compose: command as a string, as a list, as a block list (one word
#     a line), entrypoint ["sh", "-c", ...], healthcheck ["CMD", ...];
#   - Kubernetes: command as a list, args of sh -c, args as a block list.
# Runs: scan (text, json, sarif; also with the secret rules ignored),
# secrets (text, json), dump (and --lines), fix (the diff, --explain,
# --format json, standard input, --write of a copy).  Fails when any
# planted password, or its last 6 characters, shows in stdout or stderr,
# and when a finding is missing or not at the password (file:line:col).
# The suite can fail: it first checks that every password is in the
# inputs and that the check catches a planted leak.  Needs jq (skipped,
# and says so, without it).  Ends with "leaks_cmdpw: N passed, N failed".
set -u
bin=$(realpath "${1:?usage: leaks_cmdpw.sh BULKHEAD_BINARY}")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL leaks_cmdpw: $*"; }
finish() {
	echo "leaks_cmdpw: $pass passed, $fail failed"
	[ $fail = 0 ]
	exit
}
if ! command -v jq > /dev/null 2>&1; then
	echo "skipped leaks_cmdpw: jq not found"
	echo "leaks_cmdpw: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec < /dev/null
tmp=$(mktemp -d /tmp/bh-leaks-cmdpw.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
in=$tmp/in
mkdir -p "$in"

# distinct passwords from fixed seeds (no literal one in this file)
declare -A P
names=(d1 d2 d3 d4 d5 d6 d7 d8 d9 d10 d11 c1 c2 c3 c4 c5 c6 c7 k1 k2 k3 k4)
for k in "${names[@]}"; do
	h=$(printf 'bulkhead-cmdpw/%s' "$k" | sha256sum | cut -c1-10)
	P[$k]="Pw${h}Qz"
done

cat > "$in/Dockerfile" <<EOF
FROM alpine:3.20
RUN mongosh -u admin -p ${P[d1]} --eval "db.x()" && mysqladmin -u root password ${P[d2]}
RUN sqlcmd -S db -U sa -P ${P[d3]} -Q "select 1"; ldapsearch -x -D cn=admin -w ${P[d4]} -b dc=x
RUN rabbitmqctl add_user bob ${P[d5]} && az login -u me@corp.net -p ${P[d6]} && mongo --password ${P[d7]} admin
RUN mongosh \\
  -p \\
  ${P[d8]}
RUN apk add curl
HEALTHCHECK --interval=30s CMD sqlcmd -U sa -P ${P[d9]} -Q "select 1"
ENTRYPOINT ["az", "login", "-u", "me", "-p", "${P[d10]}"]
CMD ["mongosh", "-u", "root", "-p", "${P[d11]}"]
EOF
cat > "$in/compose.yaml" <<EOF
services:
  a:
    command: mongosh -u root -p ${P[c1]} --eval x
    image: mongo:7
  b:
    command: ["rabbitmqctl", "add_user", "bob", "${P[c2]}"]
    image: rabbitmq:3
  c:
    entrypoint: ["sh", "-c", "az login -u me -p ${P[c3]} && ldapsearch -w ${P[c4]}"]
    image: mcr.microsoft.com/azure-cli:2.60.0
  d:
    healthcheck:
      test: ["CMD", "/opt/mssql-tools/bin/sqlcmd", "-U", "sa", "-P", "${P[c5]}"]
    image: mcr.microsoft.com/mssql/server:2022-latest
  e:
    command:
      - mysqladmin
      - password
      - ${P[c6]}
    image: mysql:8
  f:
    command:
      - mongosh
      - -p
      - ${P[c7]}
    image: mongo:7
EOF
cat > "$in/k8s.yaml" <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: seed
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: seed
        command: ["mysqladmin", "-u", "root", "password", "${P[k1]}"]
        image: example/tools:1.0
      - name: ldap
        command: ["sh", "-c"]
        args: ["ldapsearch -x -w ${P[k2]} -b dc=x && rabbitmqctl add_user bob ${P[k3]}"]
        image: example/tools:1.0
      - name: mongo
        command:
        - mongosh
        args:
        - -p
        - ${P[k4]}
        image: mongo:7
EOF
# where each password is reported (file, key, rule); d9 (HEALTHCHECK) is
# only masked: no rule reads HEALTHCHECK commands
expect=(Dockerfile:d1:BH1201 Dockerfile:d2:BH1201 Dockerfile:d3:BH1201
	Dockerfile:d4:BH1201 Dockerfile:d5:BH1201 Dockerfile:d6:BH1201
	Dockerfile:d7:BH1201 Dockerfile:d8:BH1201 Dockerfile:d10:BH1201
	Dockerfile:d11:BH1201
	compose.yaml:c1:BH2006 compose.yaml:c2:BH2006 compose.yaml:c3:BH2006
	compose.yaml:c4:BH2006 compose.yaml:c5:BH2006 compose.yaml:c6:BH2006
	compose.yaml:c7:BH2006
	k8s.yaml:k1:BH3038 k8s.yaml:k2:BH3038 k8s.yaml:k3:BH3038
	k8s.yaml:k4:BH3038)

# leaks FILE...: the planted passwords found (whole, or their last 6
# characters), one name a line
leaks() {
	local k v
	for k in "${names[@]}"; do
		v=${P[$k]}
		if grep -qF -e "$v" -e "${v: -6}" "$@" 2> /dev/null; then
			echo "$k"
		fi
	done
}
# the suite can fail: every password is in the inputs ...
missing=""
for k in "${names[@]}"; do
	grep -qF -- "${P[$k]}" "$in/Dockerfile" "$in/compose.yaml" "$in/k8s.yaml" ||
		missing="$missing $k"
done
[ -z "$missing" ] && ok || bad "self-check: not in the inputs:$missing"
# ... and a leak is caught
printf 'x %s\n' "${P[c3]: -6}" > "$tmp/canary"
[ "$(leaks "$tmp/canary")" = c3 ] && ok || bad "self-check: a planted leak was not caught"

runs=0
run() {
	local label=$1 dir=$2; shift 2
	local out=$tmp/out.$runs err=$tmp/err.$runs
	runs=$((runs + 1))
	(cd "$dir" && "$bin" "$@" > "$out" 2> "$err")
	local rc=$? found
	found=$(leaks "$out" "$err" | tr '\n' ' ')
	if [ -n "$found" ]; then
		bad "$label: shows $found"
	elif grep -q "Sanitizer\|runtime error" "$err"; then
		bad "$label: $(grep -m1 -E 'ERROR|runtime error' "$err")"
	elif [ $rc -gt 1 ]; then
		bad "$label: exit $rc: $(head -c 300 "$err")"
	elif [ ! -s "$out" ]; then
		bad "$label: printed nothing (the run tested no output)"
	else
		ok
	fi
}
files=(Dockerfile compose.yaml k8s.yaml)
ign=(--ignore BH1201 --ignore BH2006 --ignore BH3038)
for fmt in text json sarif; do
	run "scan --format $fmt" "$in" scan --format "$fmt" "${files[@]}"
	run "scan --format $fmt (secret rules ignored)" "$in" scan --format "$fmt" \
		"${ign[@]}" "${files[@]}"
done
for fmt in text json; do
	run "secrets --format $fmt" "$in" secrets --format "$fmt" "${files[@]}"
done
run "dump" "$in" dump Dockerfile
run "dump --lines" "$in" dump --lines Dockerfile
run "fix" "$in" fix --format text "${files[@]}"
run "fix --explain" "$in" fix --format text --explain "${files[@]}"
run "fix --format json" "$in" fix --format json "${files[@]}"
run "fix stdin" "$in" fix --format text - < "$in/Dockerfile"
rm -rf "$tmp/w" && cp -r "$in" "$tmp/w"
(cd "$tmp/w" && "$bin" fix --write "${files[@]}" > "$tmp/wout" 2> "$tmp/werr")
found=$(leaks "$tmp/wout" "$tmp/werr" | tr '\n' ' ')
if [ -z "$found" ] && ! cmp -s "$in/Dockerfile" "$tmp/w/Dockerfile" &&
	grep -qF -- "${P[d8]}" "$tmp/w/Dockerfile"; then ok
else bad "fix --write: shows '$found', or wrote no change, or lost the real bytes"; fi
# the diffs hold the passwords' lines (masked), so the runs above tested
# them: the continuation line, the Compose command lines
(cd "$in" && "$bin" fix --format text "${files[@]}" > "$tmp/diff" 2> /dev/null)
for want in '^   \*+$' '^     command: mongosh -u root -p \*+ --eval x$' \
	'^     command: \["rabbitmqctl", "add_user", "bob", "\*+"\]$' \
	'^ CMD \["mongosh", "-u", "root", "-p", "\*+"\]$'; do
	grep -qE -- "$want" "$tmp/diff" && ok || bad "the diff lacks a line like /$want/"
done

# the findings are there, at the password
(cd "$in" && "$bin" scan --format json "${files[@]}" > "$tmp/scan.json" 2> /dev/null)
jq -r '.findings[] | "\(.file):\(.line):\(.column):\(.rule_id)"' "$tmp/scan.json" \
	> "$tmp/got"
for e in "${expect[@]}"; do
	IFS=: read -r f k r <<< "$e"
	v=${P[$k]}
	at=$(awk -v s="$v" 'i = index($0, s) { print NR ":" i; exit }' "$in/$f")
	if grep -qxF -- "$f:$at:$r" "$tmp/got"; then ok
	else bad "no $r finding at $f:$at (the password $k)"; fi
done
finish
