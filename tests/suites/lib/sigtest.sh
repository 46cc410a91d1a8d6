# lib/sigtest.sh - the start the signing suites share (signing.sh,
# attest.sh, keyless.sh), sourced (not a suite: tests/run_all.sh runs
# tests/suites/*.sh only).
#
# sig_start NAME BULKHEAD: B is BULKHEAD as an absolute path; when umoci,
#   openssl or python3 is missing, the suite ends here with one skip
#   ("NAME: 0 passed, 0 failed, 1 skipped"); else a scratch directory W,
#   removed on exit, becomes the working directory and the counters
#   passes/fails start at 0.
# ok NAME / bad NAME: one check passed / failed, said on its own line.
# expect NAME RC PATTERN cmd...: cmd's exit code is RC and its output
#   (stdout and stderr) holds PATTERN (grep).
# mklayout DIR USER: an empty OCI layout DIR (umoci) whose image "DIR:app"
#   runs as USER.
# name_image DIR NAME: the layout's first image named NAME
#   (io.containerd.image.name in index.json), the name a policy covers.
# bh6005 NAME WANT PATTERN CONFIG IMAGE: `bulkhead image --config CONFIG
#   IMAGE` reports no BH6005 (WANT 0) or exactly one whose message holds
#   PATTERN (WANT 1); the policy's signature-keys (docs/policy.md).
sig_start() {
	local t
	B=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	for t in umoci openssl python3; do
		command -v "$t" > /dev/null || { echo "skipped $1: $t not installed"
			echo "$1: 0 passed, 0 failed, 1 skipped"; exit 0; }
	done
	W=$(mktemp -d); trap 'rm -rf "$W"' EXIT; cd "$W" || exit 1
	fails=0 passes=0
}
ok() { echo "ok   $1"; passes=$((passes+1)); }
bad() { echo "FAIL $1"; fails=$((fails+1)); }
expect() {
	local name=$1 want=$2 pat=$3; shift 3
	local out; out=$("$@" 2>&1); local rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$pat" <<< "$out"; then ok "$name"
	else bad "$name (rc $rc, want $want /$pat/): $out"; fi
}
mklayout() { rm -rf "$1"; umoci init --layout "$1" > /dev/null && umoci new --image "$1:app" > /dev/null &&
	umoci config --image "$1:app" --config.user "$2" > /dev/null; }
name_image() { python3 - "$1" "$2" <<'PY3'
import json, sys
p = sys.argv[1] + "/index.json"
ix = json.load(open(p))
ix["manifests"][0].setdefault("annotations", {})["io.containerd.image.name"] = sys.argv[2]
json.dump(ix, open(p, "w"))
PY3
}
bh6005() {
	local out; out=$("$B" image --format json --no-progress --config "$4" "$5" 2> /dev/null)
	local n; n=$(jq '[.findings[] | select(.rule_id == "BH6005")] | length' <<< "$out" 2> /dev/null)
	if [ "$2" = 0 ] && [ "$n" = 0 ]; then ok "$1"
	elif [ "$2" = 1 ] && [ "$n" = 1 ] && jq -r '.findings[] | select(.rule_id == "BH6005") | .message' <<< "$out" | grep -q -- "$3"; then ok "$1"
	else bad "$1: $n BH6005 findings, want $2 /$3/: $(jq -c '[.findings[] | select(.rule_id == "BH6005")]' <<< "$out" 2>&1 | head -c 400)"; fi
}
