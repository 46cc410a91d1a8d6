#!/usr/bin/env bash
# podman_fixtures.sh BINARY - `bulkhead inspect` on real `podman inspect`
# documents (podman 4.3.1, tests/data/inspect-podman/README.md): a default
# container, a hardened one, an unsafe one, an exposed one, a non-root one,
# and the five in one document.
# Checks, for each document: the findings equal its golden file NAME.expect
# exactly ("line:col severity id message"); the findings of eleven rules
# equal what an oracle computes from the document with jq
# (tests/suites/lib/podman.sh); the exit code (0 for the hardened one, 1
# for the others); all.json's findings are the union of the single ones
# (lines aside).  The two made-up secrets of the unsafe container (README)
# show in no output format, nor their last 6 characters, while the input
# holds them (the suite can fail).  Needs jq (skipped, and says so,
# without it).  Ends with "podman_fixtures: N passed, N failed".
# Regenerate a golden file after a deliberate change:
#   bin=build/bulkhead; . tests/suites/lib/podman.sh
#   podman_findings tests/data/inspect-podman/NAME.json > tests/data/inspect-podman/NAME.expect
set -u
bin=$(realpath "${1:?usage: podman_fixtures.sh BULKHEAD_BINARY}")
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL podman_fixtures: $*"; }
if ! command -v jq > /dev/null 2>&1; then
	echo "skipped podman_fixtures: jq not found"
	echo "podman_fixtures: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec < /dev/null
. tests/suites/lib/podman.sh
data=tests/data/inspect-podman
tmp=$(mktemp -d /tmp/bh-podman-fx.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

names=(default hardened unsafe exposed nonroot all)
for n in "${names[@]}"; do
	f=$data/$n.json
	"$bin" inspect "$f" --format json > "$tmp/$n.out" 2> "$tmp/$n.err"
	rc=$?
	want_rc=1; [ "$n" = hardened ] && want_rc=0
	if [ $rc != $want_rc ] || [ -s "$tmp/$n.err" ]; then
		bad "$n: exit $rc (want $want_rc): $(head -c 300 "$tmp/$n.err")"
		continue
	fi
	ok
	jq -r '.findings[] | "\(.line):\(.column) \(.severity) \(.rule_id) \(.message)"' \
		"$tmp/$n.out" > "$tmp/$n.got"
	if diff -u "$data/$n.expect" "$tmp/$n.got" > "$tmp/$n.diff"; then
		ok
	else
		bad "$n: findings differ from $n.expect:"; head -n 20 "$tmp/$n.diff"
	fi
	if diff <(podman_oracle "$f") <(podman_oracle_of "$tmp/$n.got") > "$tmp/$n.odiff"; then
		ok
	else
		bad "$n: findings differ from the jq oracle (< oracle, > bulkhead):"
		head -n 20 "$tmp/$n.odiff"
	fi
done
# one document of five = the five documents (what each finding says)
cat "$tmp"/{default,hardened,unsafe,exposed,nonroot}.got > "$tmp/single.got"
if diff <(podman_stable "$tmp/single.got" x) <(podman_stable "$tmp/all.got" x) > /dev/null; then
	ok
else
	bad "all.json's findings are not those of the five single documents"
fi
[ "$(grep -c . "$data/hardened.expect")" = 0 ] && ok ||
	bad "hardened.expect is not empty"

# the made-up secrets: in the input (the check can fail), in no output
secrets=(Vq7mZ2kLx9Rt4Wp8 Jw4nR8tKp2Lz6Xq3)
leaks() {
	local s
	for s in "${secrets[@]}"; do
		grep -qF -e "$s" -e "${s: -6}" "$@" 2> /dev/null && echo "$s"
	done
}
[ "$(leaks "$data/unsafe.json" | wc -l)" = 2 ] && ok ||
	bad "self-check: the secrets are not in unsafe.json"
grep -c BH2006 "$data/unsafe.expect" | grep -qx 2 && ok ||
	bad "unsafe.expect has not the two BH2006 findings"
for fmt in text json sarif junit checkstyle gitlab sonarqube html baseline; do
	for n in unsafe all; do
		"$bin" inspect "$data/$n.json" --format $fmt > "$tmp/o" 2> "$tmp/e"
		rc=$?
		found=$(leaks "$tmp/o" "$tmp/e" | tr '\n' ' ')
		if [ -n "$found" ]; then
			bad "$n --format $fmt shows a secret"
		elif [ $rc -gt 1 ] || [ ! -s "$tmp/o" ]; then
			bad "$n --format $fmt: exit $rc, $(wc -c < "$tmp/o") bytes: $(head -c 200 "$tmp/e")"
		else
			ok
		fi
	done
done
echo "podman_fixtures: $pass passed, $fail failed"
[ $fail = 0 ]
