#!/usr/bin/env bash
# conformance.sh BULKHEAD_BINARY - the Dockerfile parser against BuildKit's
# own parser test data (../shared/conformance/buildkit-parser, see its
# README):
#  - every testfiles/<case>/Dockerfile must dump (`bulkhead dump`) byte for
#    byte as its `result`, except for values bulkhead masks because they
#    look secret (masked_equal: only quoted values, each shown as a prefix
#    of the expected one and "****"; counted in a note);
#  - every testfiles-negative/<case> must be rejected: exit 2, one
#    "bulkhead: ..." line on stderr, nothing on stdout;
#  - testfile-line/ must give the expected start and end lines, and
#    heredoc-extracted/ the expected heredocs (through the `dump --lines`
#    and `dump --heredocs` views; compared with jq);
#  - `dump --format json` of every testfile rebuilds, instruction for
#    instruction, the text dump (the same tree; python3).
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

# masked_equal WANT GOT: whether GOT is WANT with some quoted values
# hidden by bulkhead's masking (a secret-named ENV value such as
# NAGIOSADMIN_PASS): same lines, same text outside the quoted strings,
# and every quoted string that differs is, in GOT, a prefix of WANT's
# followed by "****".  Prints how many values were masked.
masked_equal() {
	awk -v gotf="$2" '
	function toks(s, arr,   n, q) {
		n = 0; q = ""
		while (match(s, /"([^"\\]|\\.)*"/)) {
			q = q substr(s, 1, RSTART - 1) "\001"
			arr[++n] = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
		}
		arr[0] = q s
		return n
	}
	{
		if ((getline g < gotf) <= 0) { bad = 1; exit }
		if ($0 == g) next
		nw = toks($0, w); ng = toks(g, o)
		if (nw != ng || w[0] != o[0]) { bad = 1; exit }
		for (i = 1; i <= nw; i++) {
			if (w[i] == o[i]) continue
			k = index(o[i], "****")
			pre = substr(o[i], 1, k - 1)
			if (k == 0 || substr(w[i], 1, length(pre)) != pre) { bad = 1; exit }
			masked++
		}
	}
	END {
		if (!bad && (getline g < gotf) > 0) bad = 1
		if (bad) exit 1
		print masked + 0
	}' "$1"
}
trap 'rm -rf "$tmp"' EXIT

for dir in "$data"/testfiles/*/; do
	name=$(basename "$dir")
	if "$bin" dump "$dir/Dockerfile" > "$tmp/out" 2> "$tmp/err"; then
		if cmp -s "$tmp/out" "$dir/result"; then
			pass=$((pass + 1))
		elif n=$(masked_equal "$dir/result" "$tmp/out") && [ "$n" -gt 0 ]; then
			# a secret-looking value is never printed, not even here
			pass=$((pass + 1))
			echo "note: $name: equal but for $n masked value(s)"
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

# `dump --format json` is the same tree: for every test file, the text
# dump rebuilt from the JSON document (keyword, flags as a list, arguments
# quoted; ONBUILD's instruction inside) is the text dump, line for line.
# Arguments with bytes a JSON and a Go quoting spell differently (control
# characters, non-ASCII) are compared by count only (noted).
if command -v python3 > /dev/null 2>&1; then
	python3 - "$bin" "$data/testfiles" > "$tmp/json.out" <<'PY'
import json, os, subprocess, sys
B, root = sys.argv[1], sys.argv[2]
def q(t):
    return json.dumps(t, ensure_ascii=False)
def plain(t):
    return all(0x20 <= ord(c) < 0x7f for c in t)
def line(n):
    s = "(" + n["keyword"]
    if n["flags"]:
        s += " [" + " ".join(q(f["text"]) for f in n["flags"]) + "]"
    if n["onbuild"]:
        s += " " + line(n["onbuild"])
    for a in n["args"]:
        s += " " + q(a["text"])
    return s + ")"
def plain_node(n):
    return all(plain(a["text"]) for a in n["args"]) and \
        all(plain(f["text"]) for f in n["flags"]) and \
        (not n["onbuild"] or plain_node(n["onbuild"]))
for name in sorted(os.listdir(root)):
    df = os.path.join(root, name, "Dockerfile")
    t = subprocess.run([B, "dump", df], capture_output=True)
    j = subprocess.run([B, "dump", "--format", "json", df], capture_output=True)
    if t.returncode != 0:
        continue   # counted above
    try:
        doc = json.loads(j.stdout)
    except ValueError:
        print("FAIL conformance: %s: dump --format json exit %d, not JSON [%s]"
              % (name, j.returncode, j.stderr[:200]))
        continue
    want = t.stdout.decode("utf-8", "replace").split("\n")[:-1]
    nodes = doc["instructions"]
    if j.returncode != 0 or j.stderr or len(nodes) != len(want):
        print("FAIL conformance: %s: json: exit %d, %d instructions, text %d lines"
              % (name, j.returncode, len(nodes), len(want)))
        continue
    diff = [i for i, n in enumerate(nodes) if plain_node(n) and line(n) != want[i]]
    if diff:
        i = diff[0]
        print("FAIL conformance: %s: json instruction %d rebuilds as %s, text %s"
              % (name, i + 1, line(nodes[i])[:100], want[i][:100]))
    else:
        print("ok")
        odd = sum(not plain_node(n) for n in nodes)
        if odd:
            print("note: %s: json: %d of %d instructions hold non-ASCII or control "
                  "bytes (counted, not rebuilt)" % (name, odd, len(nodes)))
PY
	grep -v '^ok$' "$tmp/json.out"
	pass=$((pass + $(grep -c '^ok$' "$tmp/json.out")))
	fail=$((fail + $(grep -c '^FAIL' "$tmp/json.out")))
else
	echo "note: python3 not found; the json view is not compared"
fi

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
