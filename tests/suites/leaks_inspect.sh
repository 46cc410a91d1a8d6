#!/usr/bin/env bash
# leaks_inspect.sh BINARY - the secrets running containers hold (BH2006 on
# `bulkhead inspect`, src/rules/rules_runtime.c rt_check_secrets) never
# show in any output: literal secrets in Config.Env (NAME=value, also
# after an escaped non-ASCII character), in Config.Labels values, and
# passwords on command lines (Config.Entrypoint + Config.Cmd, Path + Args
# repeating them, Args alone, a health check's CMD-SHELL, a podman string
# Entrypoint).
# Runs: inspect in every format (text, json, sarif, junit, checkstyle,
# gitlab, sonarqube, html, baseline), from standard input, with BH2006
# ignored (its values still hidden), with --severity critical (the
# findings dropped), and scan --kind inspect.  Fails when any planted
# secret, or its last 6 characters, shows in stdout or stderr, and when a
# finding is missing or not at the value (file:line:col).
# The suite can fail: it first checks that every secret is in the input
# and that the check catches a planted leak.  Needs jq (skipped, and says
# so, without it).  Ends with "leaks_inspect: N passed, N failed".
set -u
bin=$(realpath "${1:?usage: leaks_inspect.sh BULKHEAD_BINARY}")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL leaks_inspect: $*"; }
finish() {
	echo "leaks_inspect: $pass passed, $fail failed"
	[ $fail = 0 ]
	exit
}
if ! command -v jq > /dev/null 2>&1; then
	echo "skipped leaks_inspect: jq not found"
	echo "leaks_inspect: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec < /dev/null
tmp=$(mktemp -d /tmp/bh-leaks-inspect.XXXXXX)
[ -n "${BH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# distinct secrets from fixed seeds (no literal one in this file)
declare -A P
names=(e1 e2 e3 e4 l1 c1 a1 h1 p1)
for k in "${names[@]}"; do
	h=$(printf 'bulkhead-inspect/%s' "$k" | sha256sum | cut -c1-12)
	P[$k]="Sk${h}Qz"
done
# e2 a GitHub token by its format, e4 written after an escape
P[e2]="ghp_$(printf 'bulkhead-inspect/e2' | sha256sum | cut -c1-36)"

cat > "$tmp/inspect.json" <<EOF
[
    {
        "Name": "/cache",
        "Path": "redis-server",
        "Args": [
            "--requirepass",
            "${P[c1]}"
        ],
        "Config": {
            "User": "10001",
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
                "DB_PASSWORD=${P[e1]}",
                "GITHUB_TOKEN=${P[e2]}",
                "API_KEY=${P[e3]}",
                "SESSION_SECRET=caf\\u00e9-${P[e4]}"
            ],
            "Cmd": [
                "redis-server",
                "--requirepass",
                "${P[c1]}"
            ],
            "Healthcheck": {
                "Test": ["CMD-SHELL", "redis-cli -a ${P[h1]} ping"]
            },
            "Labels": {
                "com.example.vendor": "Example",
                "com.example.db-password": "${P[l1]}"
            }
        },
        "HostConfig": {
            "Privileged": false
        }
    },
    {
        "Name": "/db",
        "Path": "mysqld",
        "Args": ["--user=mysql", "--password=${P[a1]}"],
        "Config": {
            "User": "10001",
            "Entrypoint": "sshpass -p ${P[p1]} ssh backup",
            "Cmd": null
        },
        "HostConfig": {
            "Privileged": true
        }
    }
]
EOF
# where each secret is reported (its first occurrence in the file): c1
# is reported at Cmd, its repeat in Args only hidden
expect=(e1 e2 e3 l1 a1 h1 p1 c1)

leaks() {
	local k v
	for k in "${names[@]}"; do
		v=${P[$k]}
		if grep -qF -e "$v" -e "${v: -6}" "$@" 2> /dev/null; then
			echo "$k"
		fi
	done
}
# the suite can fail: every secret is in the input ...
missing=""
for k in "${names[@]}"; do
	grep -qF -- "${P[$k]}" "$tmp/inspect.json" || missing="$missing $k"
done
[ -z "$missing" ] && ok || bad "self-check: not in the input:$missing"
# ... and a leak is caught
printf 'x %s\n' "${P[l1]: -6}" > "$tmp/canary"
[ "$(leaks "$tmp/canary")" = l1 ] && ok || bad "self-check: a planted leak was not caught"

runs=0
run() {
	local label=$1; shift
	local out=$tmp/out.$runs err=$tmp/err.$runs
	runs=$((runs + 1))
	(cd "$tmp" && "$@" > "$out" 2> "$err")
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
for fmt in text json sarif junit checkstyle gitlab sonarqube html baseline; do
	run "inspect --format $fmt" "$bin" inspect --format "$fmt" --no-color inspect.json
done
for fmt in text json sarif; do
	run "inspect --format $fmt (BH2006 ignored)" "$bin" inspect --format "$fmt" \
		--ignore BH2006 inspect.json
	run "inspect --format $fmt --severity critical" "$bin" inspect \
		--format "$fmt" --severity critical inspect.json
done
run "inspect stdin" sh -c '"$0" inspect --format text - < inspect.json' "$bin"
run "scan --kind inspect" "$bin" scan --kind inspect --format json inspect.json

# the runs above tested the secrets' lines: the text report quotes them
(cd "$tmp" && "$bin" inspect --format text --no-color inspect.json > "$tmp/text" 2> /dev/null)
for want in '"DB_PASSWORD=\*+",$' '"com.example.db-password": "\*+"$' \
	'"--password=\*+"\],$'; do
	grep -qE -- "$want" "$tmp/text" && ok || bad "the text report lacks a line like /$want/"
done

# the findings are there, at the value
(cd "$tmp" && "$bin" inspect --format json inspect.json > "$tmp/out.json" 2> /dev/null)
jq -r '.findings[] | select(.rule_id == "BH2006") | "\(.line):\(.column)"' \
	"$tmp/out.json" | sort > "$tmp/got"
want_n=$((${#expect[@]} + 1))          # + e4, after the escape
[ "$(wc -l < "$tmp/got")" = "$want_n" ] && ok ||
	bad "$(wc -l < "$tmp/got") BH2006 findings, want $want_n"
# c1's first occurrence is Args (hidden there): its finding is at Cmd,
# the last occurrence
for k in "${expect[@]}"; do
	v=${P[$k]}
	if [ "$k" = c1 ]; then
		at=$(awk -v s="$v" 'i = index($0, s) { a = NR ":" i } END { print a }' "$tmp/inspect.json")
	else
		at=$(awk -v s="$v" 'i = index($0, s) { print NR ":" i; exit }' "$tmp/inspect.json")
	fi
	grep -qxF -- "$at" "$tmp/got" && ok || bad "no BH2006 finding at $at (the secret $k)"
done
# e4: the value starts at "caf", six columns for \u00e9
at=$(awk 'i = index($0, "SESSION_SECRET=") { print NR ":" i + 15; exit }' "$tmp/inspect.json")
grep -qxF -- "$at" "$tmp/got" && ok || bad "no BH2006 finding at $at (after an escape)"
finish
