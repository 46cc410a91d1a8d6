#!/usr/bin/env bash
# hostile_ignores.sh BINARY - what decides whether a finding is ignored,
# attacked as a user would: the day an expiring .trivyignore entry stops
# applying whatever the machine's time zone (00:00 UTC of its date, as
# Trivy and `bulkhead vuln` read it; scan read it in local time).
# Ends with "hostile_ignores: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL hostile_ignores: $*"; }
tmp=$(mktemp -d /tmp/bh-hostile-ign.XXXXXX)
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

echo "hostile_ignores: $pass passed, $fail failed"
[ "$fail" = 0 ]
