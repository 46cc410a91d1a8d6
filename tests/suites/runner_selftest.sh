#!/usr/bin/env bash
# runner_selftest.sh BINARY - proves tests/run_cases.sh can fail: it feeds
# the runner deliberately broken case files, one at a time, and asserts
# each is reported as a failure ("cases: 0 passed, 1 failed", exit status
# non-zero) with the expected message naming the file and line; and it
# feeds good cases of each kind (firing, quiet, input error) that must
# pass, so the runner is not simply failing everything.
# Ends with "runner_selftest: N passed, N failed".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:?usage: runner_selftest.sh BINARY}")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL runner_selftest: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A stand-in for bulkhead that behaves like it but adds a line on stderr
# to every scan, or dies from a signal: what the runner must catch even
# when the findings and the exit code are right.
cat > "$tmp/warns" <<EOF
#!/usr/bin/env bash
"$bin" "\$@"; rc=\$?
[ "\$1" = scan ] && echo "bulkhead: warning: something went half right" >&2
exit \$rc
EOF
cat > "$tmp/dies" <<EOF
#!/usr/bin/env bash
[ "\$1" = scan ] && kill -SEGV \$\$
exec "$bin" "\$@"
EOF
chmod +x "$tmp/warns" "$tmp/dies"

# must_fail NAME MESSAGE [BINARY]: the case on standard input, written to
# $tmp/NAME, fails and the runner's output contains MESSAGE.
must_fail() {
	local name=$1 msg=$2 b=${3:-$bin}
	mkdir -p "$tmp/cases"
	cat > "$tmp/cases/$name"
	local out rc
	out=$(bash tests/run_cases.sh "$b" "$tmp/cases/$name" 2>&1); rc=$?
	if [ $rc = 0 ] || ! grep -q '^cases: 0 passed, 1 failed$' <<< "$out"; then
		bad "$name: not reported as a failure (rc=$rc): $(tail -n 1 <<< "$out")"
	elif ! grep -qF -- "$msg" <<< "$out"; then
		bad "$name: failure does not say '$msg': $(head -n 3 <<< "$out")"
	else
		ok
	fi
	rm -f "$tmp/cases/$name"
}

# must_pass NAME: the case on standard input passes.
must_pass() {
	local name=$1
	mkdir -p "$tmp/cases"
	cat > "$tmp/cases/$name"
	local out rc
	out=$(bash tests/run_cases.sh "$bin" "$tmp/cases/$name" 2>&1); rc=$?
	if [ $rc = 0 ] && grep -q '^cases: 1 passed, 0 failed$' <<< "$out"; then
		ok
	else
		bad "$name: a good case did not pass (rc=$rc): $(head -n 5 <<< "$out")"
	fi
	rm -f "$tmp/cases/$name"
}

# --- good cases: the runner passes what is right
must_pass fires.case <<'EOF'
# BH1011 fires on a :latest base
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:6 medium BH1011
EOF
must_pass x-quiet.case <<'EOF'
# a quiet case that states its exit (other rules fire)
--- file Dockerfile
FROM alpine:3.20
--- only BH1011
--- expect
--- exit 1
EOF
must_pass input-error.case <<'EOF'
# an input error, declared
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- exit 2
--- stderr
Dockerfile:2
EOF

# --- broken format: each names the case file and line
must_fail typo-section.case "typo-section.case:4: unknown section '--- expcet'" <<'EOF'
# a typo in a section name
--- file Dockerfile
FROM alpine:latest
--- expcet
Dockerfile:1:6 medium BH1099
EOF
must_fail only-unknown.case "only-unknown.case:4: '--- only': unknown rule id 'BH9999'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
# an id no rule has
--- only BH9999
--- expect
EOF
must_fail expect-malformed.case "expect-malformed.case:5: malformed expect line 'Dockerfile:1 medium BH1011'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1 medium BH1011
EOF
must_fail expect-bad-severity.case "expect-bad-severity.case:5: malformed expect line" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:6 moderate BH1011
EOF
must_fail expect-outside-only.case "expect-outside-only.case:5: expect line 'Dockerfile:1:1 high BH1001' names a rule that '--- only BH1011' leaves out" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:1 high BH1001
Dockerfile:1:6 medium BH1011
EOF
must_fail only-no-expect.case "only-no-expect.case:3: '--- only' without '--- expect'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- exit 1
EOF
must_fail text-first.case "text-first.case:1: text before the first section" <<'EOF'
a description without its '#'
--- file Dockerfile
FROM alpine:latest
--- exit 1
EOF
must_fail exit-content.case "exit-content.case:4: unexpected line under '--- exit'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- exit 1
stray
EOF
must_fail exit-not-number.case "exit-not-number.case:3: '--- exit one': not an exit code" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- exit one
EOF
must_fail exit-twice.case "exit-twice.case:4: '--- exit' given twice (first on line 3)" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- exit 1
--- exit 0
EOF
must_fail file-twice.case "file-twice.case:3: file 'Dockerfile' given twice" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- file Dockerfile
FROM alpine:3.20
--- exit 1
EOF
must_fail file-escapes.case "file-escapes.case:1: file path '../Dockerfile' leaves" <<'EOF'
--- file ../Dockerfile
FROM alpine:latest
--- exit 1
EOF
must_fail file-no-path.case "file-no-path.case:1: '--- file' takes 1 word(s), got 0" <<'EOF'
--- file
FROM alpine:latest
--- exit 1
EOF
must_fail exit2-no-stderr.case "exit2-no-stderr.case:4: '--- exit 2' without '--- stderr'" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- exit 2
EOF
must_fail stderr-empty.case "stderr-empty.case:5: '--- stderr' with no lines" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- exit 2
--- stderr
EOF
must_fail stdin-unknown.case "stdin-unknown.case:3: '--- stdin in.txt' names no '--- file'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- stdin in.txt
--- args scan -
--- exit 1
EOF
must_fail asserts-nothing.case "asserts-nothing.case:1: asserts nothing" <<'EOF'
--- file Dockerfile
FROM alpine:latest
EOF
must_fail quiet-no-expect-quiet.case "quiet-no-expect-quiet.case:1: a quiet case needs '--- expect'" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
--- exit 1
EOF
must_fail bad-exit2-quiet.case "bad-exit2-quiet.case:6: a quiet case may not expect exit 2" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- only BH1011
--- expect
--- exit 2
--- stderr
Dockerfile:2
EOF

# --- well-formed cases the tool's behaviour fails
must_fail wrong-expect.case "    Dockerfile:1:6 medium BH1011" <<'EOF'
# the finding is on column 6, not 1
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:1 medium BH1011
EOF
must_fail missing-finding.case "got:" <<'EOF'
# a complete list: a finding the case leaves out fails it
--- file Dockerfile
FROM alpine:latest
--- only BH1001,BH1011
--- expect
Dockerfile:1:6 medium BH1011
EOF
must_fail wrong-exit.case "exit 1, want 0" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:6 medium BH1011
--- exit 0
EOF
must_fail parse-error-quiet.case "exit 2, want 0 (quiet case without '--- exit')" <<'EOF'
# a quiet case whose input does not parse shows nothing about the rule
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- only BH1011
--- expect
EOF
must_fail parse-error-quiet-exit1-quiet.case "exit 2, want 1" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- only BH1011
--- expect
--- exit 1
EOF
must_fail input-error-no-exit.case "exit 2, want 0 or 1 (no '--- exit')" <<'EOF'
# an input error where the case does not declare one
--- file a/Dockerfile
FROM alpine:latest
--- file b/Dockerfile
FROM alpine:3.20
ENV PATH
--- only BH1011
--- expect
a/Dockerfile:1:6 medium BH1011
EOF
must_fail stderr-lacks.case "stderr lacks 'Dockerfile:3'" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
ENV PATH
--- exit 2
--- stderr
Dockerfile:3
EOF
must_fail stdout-lacks.case "stdout lacks '\"rule_id\": \"BH1001\"'" <<'EOF'
--- file Dockerfile
FROM alpine:3.20
USER app
--- exit 1
--- stdout
"rule_id": "BH1001"
EOF
must_fail stderr-unexpected.case "stderr not empty (no '--- stderr')" "$tmp/warns" <<'EOF'
# right findings and exit, but something on stderr the case did not declare
--- file Dockerfile
FROM alpine:latest
--- only BH1011
--- expect
Dockerfile:1:6 medium BH1011
--- exit 1
EOF
must_fail crash.case "crashed(rc=139)" "$tmp/dies" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- exit 1
EOF
must_fail expect-text.case "expect needs JSON output" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- args scan --format text .
--- only BH1011
--- expect
Dockerfile:1:6 medium BH1011
EOF

must_fail stdout-has.case "stdout has 'BH1011'" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- nostdout
BH1011
--- exit 1
EOF
must_fail stderr-has.case "stderr has 'no such file'" <<'EOF'
--- args scan missing.Dockerfile
--- stderr
missing.Dockerfile
--- nostderr
no such file
--- exit 2
EOF
must_fail empty-nostdout.case "'--- nostdout' with no lines" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- nostdout
--- exit 1
EOF
must_fail empty-nostderr.case "'--- nostderr' with no lines" <<'EOF'
--- file Dockerfile
FROM alpine:latest
--- nostderr
--- exit 1
EOF
# nostdout alone asserts something, and --format=X names a format
must_pass nostdout-only.case <<'EOF'
--- file Dockerfile
FROM alpine:3.20
--- args scan --format=text .
--- nostdout
"findings"
EOF

# --- the runner's own arguments
out=$(bash tests/run_cases.sh "$bin" "$tmp/no-such-dir" 2>&1)
if [ $? != 0 ] && grep -q "no such case file or directory" <<< "$out"; then ok; else bad "a missing case directory passed: $out"; fi
mkdir -p "$tmp/empty"
out=$(bash tests/run_cases.sh "$bin" "$tmp/empty" 2>&1)
if [ $? != 0 ] && grep -q "no case files found" <<< "$out"; then ok; else bad "a directory without cases passed: $out"; fi

echo "runner_selftest: $pass passed, $fail failed"
[ $fail = 0 ]
