#!/usr/bin/env bash
# npm_ranges.sh BINARY - npm vulnerability matching against node-semver:
# 1000 OSV records of the npm ecosystem with SEMVER ranges (introduced
# "0" or a version; fixed, last_affected or open; one or two ranges;
# release and pre-release bounds), made by tests/oracles/npm_ranges.py
# (python3, seeded), imported with `bulkhead db import`; every bound and
# 8 other versions per record matched as packages by tests/osvlookup
# --match (vuln_match_key, as `bulkhead vuln` matches); each verdict
# (the record's row or none) must be node-semver's satisfies(VERSION,
# RANGE, {includePrerelease: true}) on the range the record means
# (tests/oracles/npm_satisfies.js; semver pinned in
# tests/oracles/package.json, installed on first use as
# version_oracles.sh does), and both verdicts must be well represented.
# Skips (and says so) without node, python3 or semver.
# Ends with "npm_ranges: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$1
lookup=$(dirname "$bin")/tests/osvlookup
odir=tests/oracles
pass=0; fail=0
bad() { fail=$((fail + 1)); echo "FAIL npm_ranges: $*"; }
skip() { echo "skipped: $*"; echo "npm_ranges: 0 passed, 0 failed, 1 skipped"; exit 0; }
command -v node > /dev/null || skip "node not found"
command -v python3 > /dev/null || skip "python3 not found"
[ -x "$lookup" ] || { bad "$lookup not built"; echo "npm_ranges: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$odir/node_modules/semver/package.json" ] && command -v npm > /dev/null; then
	timeout 600 npm install --prefix "$odir" --no-audit --no-fund > "$tmp/npm.log" 2>&1 ||
		tail -n 3 "$tmp/npm.log" | sed 's/^/    /'
fi
[ -f "$odir/node_modules/semver/package.json" ] || skip "npm install of semver into $odir failed (offline?)"
sv=$(node -p "require('./$odir/node_modules/semver/package.json').version")

python3 tests/oracles/npm_ranges.py "$tmp/recs" "$tmp/q" "$tmp/r" 1000
if ! "$bin" db import --db "$tmp/db.sqlite" "$tmp/recs" > "$tmp/imp" 2>&1; then
	bad "db import: $(head -n 1 "$tmp/imp")"
elif ! grep -q '^imported 1000 records' "$tmp/imp"; then
	bad "db import: $(head -n 1 "$tmp/imp")"
else
	pass=$((pass + 1))
fi
"$lookup" --match "$tmp/db.sqlite" < "$tmp/q" > "$tmp/m" 2> "$tmp/merr" ||
	bad "osvlookup --match: $(head -n 1 "$tmp/merr")"
if grep -q '^# looked_up [0-9]* unjudged 0 ' "$tmp/m"; then
	pass=$((pass + 1))
else
	bad "some ranges were left unjudged: $(grep '^#' "$tmp/m")"
fi
# "npm NAME VERSION<TAB>ROW|ROW..." -> "NAME<TAB>VERSION<TAB>affected|not"
grep -v '^#' "$tmp/m" | awk -F'\t' '{ split($1, a, " ");
	print a[2] "\t" a[3] "\t" ($2 ~ /^RNG-/ ? "affected" : "not") }' > "$tmp/ours"
node "$odir/npm_satisfies.js" < "$tmp/r" > "$tmp/theirs"
n=$(wc -l < "$tmp/theirs")
aff=$(grep -c 'affected$' "$tmp/theirs")
if [ "$n" -lt 5000 ] || [ "$aff" -lt $((n / 4)) ] || [ $((n - aff)) -lt $((n / 4)) ]; then
	bad "oracle: $n verdicts, $aff affected (too few of one kind)"
elif cmp -s "$tmp/theirs" "$tmp/ours"; then
	pass=$((pass + 1))
	echo "ok node-semver $sv satisfies: $n (version, range) verdicts agree ($aff affected)"
else
	bad "$(diff "$tmp/theirs" "$tmp/ours" | grep -c '^<') of $n verdicts differ from node-semver $sv (< semver, > bulkhead):"
	diff "$tmp/theirs" "$tmp/ours" | head -n 10 | sed 's/^/    /'
fi
echo "npm_ranges: $pass passed, $fail failed"
[ $fail = 0 ]
