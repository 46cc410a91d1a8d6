#!/usr/bin/env bash
# conformance.sh BULKHEAD_BINARY - the Dockerfile parser against BuildKit's
# own parser test data (../shared/conformance/buildkit-parser, see its
# README):
#  - every testfiles/<case>/Dockerfile must dump (`bulkhead dump`) byte for
#    byte as its `result`;
#  - every testfiles-negative/<case> must be rejected: exit 2, one
#    "bulkhead: ..." line on stderr, nothing on stdout;
#  - testfile-line/ must give the expected start and end lines, and
#    heredoc-extracted/ the expected heredocs (through the `dump --lines`
#    and `dump --heredocs` views; compared with jq).
# Prints one line per failure and ends with
#   conformance: N passed, N failed[, N skipped]
# Exit status 0 iff nothing failed.  BH_SHARED overrides ../shared.
set -u
bin=${1:?usage: conformance.sh BULKHEAD_BINARY}
if [ ! -x "$bin" ]; then
	echo "FAIL conformance: $bin is not an executable"
	echo "conformance: 0 passed, 1 failed"
	exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
shared=${BH_SHARED:-$here/../../../shared}
data=$shared/conformance/buildkit-parser
if [ ! -d "$data/testfiles" ]; then
	echo "skipped: ../shared not found ($data)"
	echo "conformance: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$data"/testfiles/*/; do
	name=$(basename "$dir")
	if "$bin" dump "$dir/Dockerfile" > "$tmp/out" 2> "$tmp/err"; then
		if cmp -s "$tmp/out" "$dir/result"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL conformance: $name: dump differs from result" \
			     "(first difference: $(diff "$dir/result" "$tmp/out" | sed -n 2p | cut -c1-120))"
		fi
	else
		fail=$((fail + 1))
		echo "FAIL conformance: $name: rejected: $(head -c 200 "$tmp/err")"
	fi
done

for dir in "$data"/testfiles-negative/*/; do
	name=$(basename "$dir")
	"$bin" dump "$dir/Dockerfile" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(wc -l < "$tmp/err")
	if [ $rc = 2 ] && [ "$lines" = 1 ] && grep -q '^bulkhead: ' "$tmp/err" && [ ! -s "$tmp/out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL conformance: negative $name: exit $rc, $lines stderr line(s), $(wc -c < "$tmp/out") stdout bytes"
	fi
done

# Lines and heredocs are not in Dump(); the --lines / --heredocs views are.
if command -v jq > /dev/null 2>&1; then
	lf=$data/testfile-line
	if "$bin" dump --lines "$lf/Dockerfile" > "$tmp/lines" 2> "$tmp/err"; then
		want=$(jq -r '.children[] | "\(.start_line) \(.end_line)"' "$lf/expected-lines.json")
		got=$(cat "$tmp/lines")
		if [ "$want" = "$got" ]; then pass=$((pass + 1)); else
			fail=$((fail + 1)); echo "FAIL conformance: testfile-line: got [$got] want [$want]" | tr '\n' ' '; echo
		fi
		rs=$(jq -r '"\(.root.start_line) \(.root.end_line)"' "$lf/expected-lines.json")
		first=$(head -n1 "$tmp/lines" | cut -d' ' -f1); last=$(tail -n1 "$tmp/lines" | cut -d' ' -f2)
		if [ "$rs" = "$first $last" ]; then pass=$((pass + 1)); else
			fail=$((fail + 1)); echo "FAIL conformance: testfile-line root: got $first $last want $rs"
		fi
	else
		fail=$((fail + 1)); echo "FAIL conformance: testfile-line: $(head -c 200 "$tmp/err")"
	fi

	hf=$data/heredoc-extracted
	if "$bin" dump --heredocs "$hf/Dockerfile" > "$tmp/hd" 2> "$tmp/err"; then
		# expected: one JSON value per child (null or a heredoc list)
		jq -c '.cases | sort_by(.child_index) | .[] | [.child_index, .heredocs]' \
			"$hf/expected-heredocs.json" > "$tmp/hd_want"
		jq -c '.[] | select(.[0] > 0)' "$tmp/hd" > "$tmp/hd_got" 2> "$tmp/err" || true
		if cmp -s "$tmp/hd_want" "$tmp/hd_got"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL conformance: heredoc-extracted: $(diff "$tmp/hd_want" "$tmp/hd_got" | head -n 4 | cut -c1-200 | tr '\n' ' ')"
		fi
	else
		fail=$((fail + 1)); echo "FAIL conformance: heredoc-extracted: $(head -c 200 "$tmp/err")"
	fi
else
	echo "note: jq not found; line and heredoc checks not run"
fi

echo "conformance: $pass passed, $fail failed"
[ $fail = 0 ]
