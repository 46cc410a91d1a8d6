#!/usr/bin/env bash
# hostile_inputs.sh BINARY - inputs a hostile or unlucky user gives,
# checked where a case file cannot: the day an expiring .trivyignore
# entry stops applying whatever the machine's time zone (00:00 UTC of its
# date, as Trivy and `bulkhead vuln` read it; scan read it in local
# time); the masking step's cost when thousands of containers of one
# `docker inspect` hold the same secret (CPU time of 4x the containers
# must grow about 4x, not 16x: each copy of the value was searched in
# every text).
# Ends with "hostile_inputs: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL hostile_inputs: $*"; }
tmp=$(mktemp -d /tmp/bh-hostile-in.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
unset BULKHEAD_TODAY

## .trivyignore exp: is a UTC date.  At any hour one of the two zones
## below is on another calendar day than UTC (UTC+14 from 10:00 UTC,
## UTC-12 before 12:00 UTC), so a local-time reading fails one of them.
mkdir -p "$tmp/tz"
printf 'FROM alpine:3.19\nUSER 10001\nHEALTHCHECK NONE\nRUN echo "$HOME"\n' > "$tmp/tz/Dockerfile"
today=$(date -u +%F)
tomorrow=$(date -u -d "$today + 1 day" +%F)
# in force until tomorrow 00:00 UTC: ignored, even where it is tomorrow
printf 'BH1012 exp:%s\n' "$tomorrow" > "$tmp/tz/.trivyignore"
for tz in UTC Etc/GMT-14 Etc/GMT+12; do
	out=$(cd "$tmp/tz" && TZ=$tz timeout 10 "$bin" scan --format json Dockerfile 2> "$tmp/err")
	if [ "$(jq '[.findings[] | select(.rule_id == "BH1012")] | length' <<< "$out")" = 0 ] &&
	   [ ! -s "$tmp/err" ]; then
		ok
	else
		bad "TZ=$tz: BH1012 exp:$tomorrow (UTC today $today) no longer ignores: $(head -c 300 "$tmp/err")"
	fi
done
# expired at today 00:00 UTC: reported, and said, even where it is yesterday
printf 'BH1012 exp:%s\n' "$today" > "$tmp/tz/.trivyignore"
for tz in UTC Etc/GMT-14 Etc/GMT+12; do
	out=$(cd "$tmp/tz" && TZ=$tz timeout 10 "$bin" scan --format json Dockerfile 2> "$tmp/err")
	if [ "$(jq '[.findings[] | select(.rule_id == "BH1012")] | length' <<< "$out")" = 1 ] &&
	   grep -q "expired" "$tmp/err"; then
		ok
	else
		bad "TZ=$tz: BH1012 exp:$today (UTC today $today) still ignores: $(head -c 300 "$tmp/err")"
	fi
done

## one secret in every container of a large docker inspect: the masking
## step searches each distinct value once per text, so the cost is linear
cat > "$tmp/mk.py" <<'PY'
import json, sys
n = int(sys.argv[1])
c = {"Name": "/web", "Config": {"User": "", "Env": ["DB_PASSWORD=Hx7pLq2Vw9Zk"],
     "Cmd": ["mysql", "-pSecretPw123x"]},
     "HostConfig": {"Privileged": True, "CapAdd": ["SYS_ADMIN"]}}
print(json.dumps([c] * n, indent=1))
PY
python3 "$tmp/mk.py" 3000 > "$tmp/small.json"
python3 "$tmp/mk.py" 12000 > "$tmp/large.json"
cpu() { # FILE: user+system CPU seconds of one inspect run, in ms
	/usr/bin/time -f '%U %S' -o "$tmp/time" timeout 300 "$bin" inspect --format json "$1" > "$tmp/out" 2> /dev/null
	tail -n 1 "$tmp/time" | awk '{ printf "%d\n", ($1 + $2) * 1000 + 1 }'
}
if [ -x /usr/bin/time ]; then
	s=$(cpu "$tmp/small.json")
	l=$(cpu "$tmp/large.json")
	if grep -q 'Hx7pLq2Vw9Zk\|SecretPw123x' "$tmp/out"; then
		bad "inspect of 12000 containers shows the secret"
	elif [ $((l)) -le $((s * 9)) ] || [ $((l)) -lt 1500 ]; then
		ok
	else
		bad "inspect: 4x the containers cost $l ms CPU against $s ms (more than 9x: quadratic masking)"
	fi
else
	echo "hostile_inputs: no /usr/bin/time: the masking cost check not run"
fi

echo "hostile_inputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
