#!/usr/bin/env bash
# podman_live.sh BINARY - the podman fixtures again, live: when podman is
# installed and can create containers here, tests/data/inspect-podman/
# capture.sh re-creates the five containers in a temp dir (its own podman
# storage, offline image from a static busybox) and `bulkhead inspect`
# reads what this podman prints.  Checks per document: no input error,
# the exit code, the oracle of tests/suites/lib/podman.sh (jq on the
# live document), no made-up secret in the text or JSON output, and --
# when this podman is the fixtures' version (4.3.1) -- the findings equal
# the fixture's golden ones in what does not depend on field positions:
# rule, severity and message, the capture directory written DIR, sorted
# (lines and columns move with any field podman writes longer or
# shorter).  Another podman version: that comparison is skipped, and says
# so, the rest still runs.
# Skipped, saying why: no podman, no jq, no static busybox
# (busybox-static), or podman cannot import or create here.
# Ends with "podman_live: N passed, N failed[, N skipped]".
set -u
bin=$(realpath "${1:?usage: podman_live.sh BULKHEAD_BINARY}")
cd "$(dirname "$0")/../.."
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL podman_live: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped podman_live: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "podman_live: $pass passed, $fail failed, $skip skipped"
	else
		echo "podman_live: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
exec < /dev/null
for t in podman jq; do
	command -v $t > /dev/null 2>&1 || { skipped "$t not installed"; finish; }
done
data=tests/data/inspect-podman
. tests/suites/lib/podman.sh
tmp=$(mktemp -d /tmp/bh-podman-live.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bash "$data/capture.sh" "$tmp/cap" 2> "$tmp/capture.err"
rc=$?
if [ $rc = 77 ]; then
	skipped "$(head -n 1 "$tmp/capture.err")"; finish
elif [ $rc != 0 ]; then
	# podman is there but cannot make containers here (no storage
	# driver, no user namespace, ...): say why, do not fail
	skipped "podman cannot create the containers here: $(head -n 1 "$tmp/capture.err")"
	finish
fi
ver=$(podman --version 2>/dev/null | awk '{print $NF}')
want_ver=4.3.1   # tests/data/inspect-podman/README.md
secrets=(Vq7mZ2kLx9Rt4Wp8 Jw4nR8tKp2Lz6Xq3)
for n in default hardened unsafe exposed nonroot all; do
	f=$tmp/cap/$n.json
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
	if diff <(podman_oracle "$f") <(podman_oracle_of "$tmp/$n.got") > "$tmp/$n.odiff"; then
		ok
	else
		bad "$n: findings differ from the jq oracle (< oracle, > bulkhead):"
		head -n 20 "$tmp/$n.odiff"
	fi
	"$bin" inspect "$f" --format text > "$tmp/$n.txt" 2>&1
	leaked=""
	for s in "${secrets[@]}"; do
		grep -qF -e "$s" -e "${s: -6}" "$tmp/$n.out" "$tmp/$n.txt" && leaked="$leaked $s"
	done
	[ -z "$leaked" ] && ok || bad "$n: an output shows a secret"
	if [ "$ver" != "$want_ver" ]; then
		[ "$n" = default ] &&
			skipped "podman $ver, the fixtures are podman $want_ver's: findings not compared with them"
		continue
	fi
	if diff -u <(podman_stable "$data/$n.expect" "$PODMAN_FIXTURE_DIR") \
		<(podman_stable "$tmp/$n.got" "$tmp/cap") > "$tmp/$n.diff"; then
		ok
	else
		bad "$n: findings differ from the fixture's (- fixture, + live):"
		head -n 20 "$tmp/$n.diff"
	fi
done
finish
