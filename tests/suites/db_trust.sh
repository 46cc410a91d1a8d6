#!/usr/bin/env bash
# db_trust.sh BINARY - the vulnerability database never reads as "clean"
# when it is not: an import stopped by SIGTERM/SIGHUP (SIGINT alike, unless ignored) removes the
# database it created (and leaves an existing one as it was), and `vuln`
# says on stderr what it could not check (an empty database, ecosystems
# with no records, OS packages of an unknown release: counted in the
# text, JSON and SARIF reports too), `vuln --distro NAME:VERSION` gives a
# lone dpkg/apk file its release; `image --db` with a
# truncated database is an input error.
# Ends with "db-trust: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
bin=$1
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL db-trust: $*"; }
finish() { echo "db-trust: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rec() { # id ecosystem name fixed
	printf '{"schema_version":"1.6.0","id":"%s","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"%s","name":"%s"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"%s"}]}]}]}' "$@"
}
rec PYSEC-0000-1 PyPI demo 2.0 > "$tmp/one.json"

# an import whose input stalls (standard input: half an array, then a
# pause) is stopped by a signal once the database file exists; the signals are
# reset to their defaults first (env --default-signal), since bulkhead keeps
# a signal ignored that its caller ignores (run under nohup, SIGHUP is)
interrupt() { # db, signal
	{ printf '[%s,' "$(cat "$tmp/one.json")"; sleep 4; } |
		env --default-signal=HUP,INT,TERM "$bin" db import --db "$1" - > "$tmp/out" 2> "$tmp/err" &
	local pid=$! i=0
	while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.3
	kill -"$2" $pid 2> /dev/null
	wait $pid
}
interrupt "$tmp/new.db" TERM
rc=$?
[ $rc = 143 ] && ok || bad "import stopped by SIGTERM: exit $rc, not 143 (died of the signal)"
[ ! -e "$tmp/new.db" ] && [ ! -e "$tmp/new.db-journal" ] && ok || bad "an interrupted first import left $(ls "$tmp" | grep new.db)"
grep -q "db import interrupted: nothing imported, .*new.db removed" "$tmp/err" && ok ||
	bad "no 'interrupted ... removed' line: $(cat "$tmp/err")"
"$bin" vuln --db "$tmp/new.db" "$tmp/one.json" > /dev/null 2>&1
[ $? = 2 ] && ok || bad "vuln on the removed database does not fail with exit 2"

"$bin" db import --db "$tmp/old.db" "$tmp/one.json" > /dev/null 2>&1 || bad "import of one record failed"
cp "$tmp/old.db" "$tmp/old.copy"
interrupt "$tmp/old.db" HUP
rc=$?
[ $rc = 129 ] && ok || bad "import stopped by SIGHUP: exit $rc, not 129"
grep -q "interrupted: nothing imported, .*old.db left as it was" "$tmp/err" && ok || bad "no 'left as it was' line: $(cat "$tmp/err")"
n=$("$bin" db info --db "$tmp/old.db" --format json 2> /dev/null | jq -r '.records // .total // empty' 2> /dev/null)
[ "$n" = 1 ] && ok || bad "the existing database lost its record after an interrupted import (records: '$n')"

# vuln says what it could not check
echo '[]' > "$tmp/empty.json"
"$bin" db import --db "$tmp/empty.db" "$tmp/empty.json" > /dev/null 2>&1
mkdir -p "$tmp/proj"
printf 'demo==1.0\n' > "$tmp/proj/requirements.txt"
"$bin" vuln --db "$tmp/empty.db" "$tmp/proj/requirements.txt" > "$tmp/out" 2> "$tmp/err"
grep -q 'empty.db holds no records: no package was checked' "$tmp/err" && ok || bad "no note for an empty database: $(cat "$tmp/err")"
printf 'Package: bash\nStatus: install ok installed\nVersion: 5.2-1\nArchitecture: amd64\n\n' > "$tmp/status"
"$bin" vuln --db "$tmp/old.db" "$tmp/status" "$tmp/proj/requirements.txt" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q PYSEC-0000-1 "$tmp/out" && ok || bad "vuln did not find PYSEC-0000-1 in demo 1.0 (exit $rc)"
grep -q '1 package not checked: .*old.db holds no records for Debian' "$tmp/err" && ok ||
	bad "no note for packages of an ecosystem without records: $(cat "$tmp/err")"
rec DSA-0000-1 Debian:12 bash 5.3 > "$tmp/deb.json"
"$bin" db import --db "$tmp/old.db" "$tmp/deb.json" > /dev/null 2>&1
"$bin" vuln --db "$tmp/old.db" "$tmp/status" > "$tmp/out" 2> "$tmp/err"
grep -q '1 OS package of an unknown distribution release' "$tmp/err" && ok ||
	bad "no note for a dpkg status file without os-release: $(cat "$tmp/err")"
mkdir -p "$tmp/root/var/lib/dpkg" "$tmp/root/etc"
cp "$tmp/status" "$tmp/root/var/lib/dpkg/status"
printf 'ID=debian\nVERSION_ID="12"\n' > "$tmp/root/etc/os-release"
"$bin" vuln --db "$tmp/old.db" "$tmp/root" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q DSA-0000-1 "$tmp/out" && ! grep -q 'note' "$tmp/err" && ok ||
	bad "a root with os-release: exit $rc, notes: $(cat "$tmp/err")"
# what was not checked is in every report, not only on stderr: the text
# summary, JSON summary.not_checked, SARIF runs[0].properties.notChecked
"$bin" vuln --db "$tmp/old.db" "$tmp/status" > "$tmp/out" 2> /dev/null
grep -q '^1 OS package not judged: the distribution release is unknown' "$tmp/out" && ok ||
	bad "text report does not count the OS package of an unknown release: $(cat "$tmp/out")"
"$bin" vuln --db "$tmp/old.db" --format json "$tmp/status" > "$tmp/out" 2> /dev/null
[ "$(jq -c .summary.not_checked "$tmp/out")" = '{"empty_database":false,"no_records_packages":0,"ecosystems_without_records":[],"unknown_release_packages":1}' ] && ok ||
	bad "json not_checked: $(jq -c .summary.not_checked "$tmp/out")"
"$bin" vuln --db "$tmp/old.db" --format sarif "$tmp/status" > "$tmp/out" 2> /dev/null
[ "$(jq -c .runs[0].properties.notChecked.unknown_release_packages "$tmp/out")" = 1 ] && ok ||
	bad "sarif notChecked: $(jq -c .runs[0].properties "$tmp/out")"
"$bin" vuln --db "$tmp/empty.db" --format json "$tmp/proj/requirements.txt" > "$tmp/out" 2> /dev/null
[ "$(jq -c .summary.not_checked.empty_database "$tmp/out")" = true ] && ok ||
	bad "json not_checked of an empty database: $(jq -c .summary "$tmp/out")"
"$bin" db import --db "$tmp/pyonly.db" "$tmp/one.json" > /dev/null 2>&1
"$bin" vuln --db "$tmp/pyonly.db" --format json "$tmp/status" "$tmp/proj/requirements.txt" > "$tmp/out" 2> /dev/null
[ "$(jq -c '.summary.not_checked | [.no_records_packages, .ecosystems_without_records]' "$tmp/out")" = '[1,["Debian"]]' ] && ok ||
	bad "json not_checked of a database without Debian records: $(jq -c .summary.not_checked "$tmp/out")"
# --distro NAME:VERSION gives a lone status file its release
"$bin" vuln --db "$tmp/old.db" --distro debian:12 "$tmp/status" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q DSA-0000-1 "$tmp/out" && ! grep -q 'not judged' "$tmp/out" && [ ! -s "$tmp/err" ] && ok ||
	bad "--distro debian:12: exit $rc: $(cat "$tmp/out" "$tmp/err")"
"$bin" vuln --db "$tmp/old.db" --distro debian:11 "$tmp/status" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] && ! grep -q DSA-0000-1 "$tmp/out" && ok || bad "--distro debian:11 matched a Debian:12 record (exit $rc)"
"$bin" vuln --db "$tmp/old.db" --distro debian:11 "$tmp/root" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q DSA-0000-1 "$tmp/out" && ok || bad "--distro overrode a root's own os-release (exit $rc)"
for d in debian 12 debian:twelve centos:7; do
	"$bin" vuln --db "$tmp/old.db" --distro "$d" "$tmp/status" > /dev/null 2> "$tmp/err"
	rc=$?
	[ $rc = 2 ] && grep -q "bad --distro '$d'" "$tmp/err" && ok || bad "--distro $d: exit $rc: $(cat "$tmp/err")"
done
# an rpm database without os-release (../shared's RHEL 8 BerkeleyDB file)
rpmdb=${BH_SHARED:-../shared}/fixtures/pkgdb/rpm/rhel8-libuuid.Packages
if [ -f "$rpmdb" ]; then
	cp "$rpmdb" "$tmp/Packages"
	rec RHSA-0000:1 'Red Hat:8' libuuid 2.33 > "$tmp/rh.json"
	"$bin" db import --db "$tmp/rh.db" "$tmp/rh.json" > /dev/null 2>&1
	"$bin" vuln --db "$tmp/rh.db" --format json "$tmp/Packages" > "$tmp/out" 2> "$tmp/err"
	[ "$(jq -c .summary.not_checked.unknown_release_packages "$tmp/out")" = 1 ] &&
		grep -q '1 OS package of an unknown distribution release' "$tmp/err" && ok ||
		bad "rpm without os-release not counted: $(jq -c .summary "$tmp/out") $(cat "$tmp/err")"
else
	echo "db-trust: the rpm check skipped: $rpmdb absent"
fi
# image --db naming a truncated database: the input error a missing one
# is (exit 2, one line naming it), not a report note
head -c 8192 "$tmp/old.db" > "$tmp/trunc.db"
"$bin" image --db "$tmp/trunc.db" "$tmp/root" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "trunc.db: the database is damaged" "$tmp/err" && ok ||
	bad "image --db TRUNCATED: exit $rc: $(cat "$tmp/err")"
# vuln -o DB would overwrite the database with the report
cp "$tmp/old.db" "$tmp/keep.db"
"$bin" vuln --db "$tmp/old.db" -o "$tmp/old.db" "$tmp/status" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc = 2 ] && cmp -s "$tmp/old.db" "$tmp/keep.db" && grep -q 'is an input of this run' "$tmp/err" && ok ||
	bad "vuln -o DB: exit $rc, database changed or no message"
# an ignore entry names a Python package however it is spelled (PEP 503)
printf 'Demo_Pkg==1.0\n' > "$tmp/proj2.txt"
mkdir -p "$tmp/proj2" && mv "$tmp/proj2.txt" "$tmp/proj2/requirements.txt"
rec PYSEC-0000-2 PyPI demo-pkg 2.0 > "$tmp/two.json"
"$bin" db import --db "$tmp/py.db" "$tmp/two.json" > /dev/null 2>&1
printf 'ignore:\n  - id: PYSEC-0000-2\n    package: demo.pkg\n    reason: "not reachable"\n' > "$tmp/ig.yaml"
"$bin" vuln --db "$tmp/py.db" "$tmp/proj2/requirements.txt" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q PYSEC-0000-2 "$tmp/out" && ok || bad "Demo_Pkg 1.0 not matched to demo-pkg's record (exit $rc)"
"$bin" vuln --db "$tmp/py.db" --ignorefile "$tmp/ig.yaml" "$tmp/proj2/requirements.txt" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] && grep -q '1 ignored by the ignore file' "$tmp/out" && ok ||
	bad "ignore entry 'demo.pkg' does not cover Demo_Pkg (exit $rc): $(cat "$tmp/out" "$tmp/err" | head -n 3)"
finish
