#!/usr/bin/env bash
# suite: threads
# paths.sh BULKHEAD_BINARY - paths that resolve, each file once, nothing
# skipped in silence: what the case files cannot set up (absolute paths,
# symbolic links, FIFOs and devices, unreadable files and directories, a
# tree deeper than the walk's limit, file names with control characters
# and bytes that are not UTF-8,
# a full disk, -j) is built here and checked against the report, stderr
# and the exit code.  Unreadable inputs need a user that permissions
# apply to: as root the binary runs as "nobody" (setpriv), else skipped.
# Every run has a timeout: a FIFO must never hang the scan.
# Ends with "paths: N passed, N failed[, N skipped]".
set -u
bin=$(realpath "${1:?usage: paths.sh BULKHEAD_BINARY}")
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL paths: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped: $*"; }
ESC=$(printf '\033')

# run DIR ARGS... -> $tmp/out, $tmp/err, $rc (20 s at most)
run() {
	local dir=$1; shift
	(cd "$dir" && timeout 20 "$bin" "$@") > "$tmp/out" 2> "$tmp/err"
	rc=$?
}
has() { grep -qF -- "$2" "$tmp/$1"; }
jqv() { jq -r "$1" "$tmp/out" 2>/dev/null; }

# -- paths: absolute when given absolute; SARIF %SRCROOT% ---------------------
t=$tmp/abs
mkdir -p "$t/svc"
printf 'FROM alpine:latest\n' > "$t/svc/Dockerfile"
run "$tmp" scan --format json "$t/svc"
if [ "$(jqv '[.findings[].file] | unique | join(",")')" = "$t/svc/Dockerfile" ]; then ok; else
	bad "an absolute directory argument should give absolute paths: $(jqv '[.findings[].file] | unique')"
fi
run "$t" scan --format sarif svc "$t/svc/Dockerfile"
if [ "$(jqv '.runs[0].originalUriBaseIds["%SRCROOT%"].uri')" = "file://$t/" ] &&
   [ "$(jqv '[.runs[0].results[].locations[0].physicalLocation.artifactLocation | select(.uriBaseId == "%SRCROOT%") | .uri] | unique | join(",")')" = "svc/Dockerfile" ]; then ok; else
	bad "SARIF: %SRCROOT% should be file://$t/ and svc/Dockerfile relative to it"
fi
# the same file named absolute is the same file: scanned once
if [ "$(jqv '.runs[0].properties.filesScanned')" = 1 ]; then ok; else
	bad "svc and $t/svc/Dockerfile are one file: scanned $(jqv '.runs[0].properties.filesScanned') times"
fi

# -- each file once: symbolic links ------------------------------------------
t=$tmp/links
mkdir -p "$t/app" "$t/real"
printf 'FROM alpine:latest\n' > "$t/real/Dockerfile"
ln -s ../real/Dockerfile "$t/app/Dockerfile"     # walked before real/
ln -s real "$t/alias"                          # a link to a directory
run "$t" scan --verbose --format json .
if [ "$(jqv '[.findings[] | select(.rule_id == "BH1011") | .file] | join(",")')" = "real/Dockerfile" ] &&
   [ "$(jqv .summary.files_scanned)" = 1 ] &&
   has err "skipped app/Dockerfile: the same file as another input: scanned once, as real/Dockerfile" &&
   has err "skipped alias: symbolic link to a directory, not followed"; then ok; else
	bad "a link and its target: once, under the target's path; $(head -c 300 "$tmp/err")"
fi
run "$t" scan --format json app/Dockerfile
if [ "$(jqv '[.findings[] | select(.rule_id == "BH1011") | .file] | join(",")')" = "app/Dockerfile" ]; then ok; else
	bad "a link named on the command line is reported as named"
fi
# secrets DIR: a build context sends links as links; they are counted as
# skipped, not dropped in silence
run "$t" secrets --format json .
if [ "$(jqv '.summary.skipped["symbolic link, not followed"]')" = 2 ] &&
   [ "$(jqv .summary.files_scanned)" = 1 ]; then ok; else
	bad "secrets DIR: two links must be counted as skipped; $(jq -c .summary "$tmp/out" 2>/dev/null)"
fi

# -- FIFOs and devices never hang --------------------------------------------
t=$tmp/fifo
mkdir -p "$t/w"
printf 'FROM alpine:3.20\n' > "$t/w/Dockerfile"
mkfifo "$t/w/Dockerfile.prod" "$t/w/other.pipe" "$t/named"
run "$t" scan --format json w
if [ $rc = 2 ] && has err "w/Dockerfile.prod: not a regular file (a named pipe (FIFO))" &&
   [ "$(jqv .summary.files_scanned)" = 1 ] && [ "$(jqv .summary.files_unreadable)" = 1 ] &&
   ! has err "other.pipe"; then ok; else
	bad "walked FIFO named like a Dockerfile: want exit 2 and one line, got rc=$rc $(head -c 200 "$tmp/err")"
fi
run "$t" scan --format json named
if [ $rc = 2 ] && has err "named: not a regular file (a named pipe (FIFO)): use - to read standard input"; then ok; else
	bad "named FIFO: want exit 2, got rc=$rc $(head -c 200 "$tmp/err")"
fi
run "$t" scan --kind dockerfile --format json /dev/zero
if [ $rc = 2 ] && has err "/dev/zero: not a regular file (a character device)"; then ok; else
	bad "/dev/zero: want exit 2, got rc=$rc $(head -c 200 "$tmp/err")"
fi

# -- deeper than the walk's limit, dangling links: input errors ---------------
t=$tmp/deep
d=$t/top
for i in $(seq 1 66); do d=$d/d$i; done
mkdir -p "$d"
printf 'FROM alpine:3.20\n' > "$d/Dockerfile"
ln -s nowhere "$t/top/Dockerfile"
run "$t" scan --format json top
if [ $rc = 2 ] && has err "deeper than 64 levels, not walked" &&
   has err "top/Dockerfile: cannot open: No such file or directory" &&
   [ "$(jqv .summary.files_unreadable)" = 2 ]; then ok; else
	bad "too deep / dangling link: want exit 2 and two errors, got rc=$rc $(head -c 300 "$tmp/err")"
fi

# -- unreadable file and directory (as a user permissions apply to) -----------
t=$tmp/perm
mkdir -p "$t/locked" "$t/open"
printf 'FROM alpine:3.20\n' > "$t/open/Dockerfile"
printf 'FROM alpine:3.20\n' > "$t/secret.Dockerfile"
printf 'FROM alpine:3.20\n' > "$t/locked/Dockerfile"
cp "$bin" "$tmp/bulkhead-copy"
chmod 755 "$tmp/bulkhead-copy" "$t"
chmod 000 "$t/locked" "$t/secret.Dockerfile"
as_user=()
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv > /dev/null &&
	   setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_user=(none)
	fi
fi
if [ "${as_user[0]:-}" = none ]; then
	skipped "running as root without setpriv: permissions cannot be tested"
else
	(cd "$t" && timeout 20 "${as_user[@]}" "$tmp/bulkhead-copy" scan --format text .) \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc = 2 ] && has err "locked: cannot open directory: Permission denied" &&
	   has err "secret.Dockerfile: cannot open: Permission denied" &&
	   has out "in 1 file, 2 unreadable, 2 input errors"; then ok; else
		bad "unreadable file and subdirectory: want exit 2 after the report, got rc=$rc $(head -c 300 "$tmp/err") / $(tail -n 1 "$tmp/out")"
	fi
fi
chmod 755 "$t/locked"; chmod 644 "$t/secret.Dockerfile"

# -- control characters in file names never reach the terminal ----------------
t=$tmp/esc
mkdir -p "$t/bad${ESC}[31mdir"
: > "$t/bad${ESC}[31mdir/Dockerfile"          # an error: no instructions
printf '{{ x }}\n' > "$t/bad${ESC}[31mdir/Dockerfile.${ESC}]0;owned${ESC}\\"
run "$t" scan --verbose --format text .
if [ $rc = 2 ] && ! grep -q "$ESC" "$tmp/err" && ! grep -q "$ESC" "$tmp/out" &&
   has err 'bad\x1b[31mdir/Dockerfile: file with no instructions' &&
   has err 'skipped bad\x1b[31mdir/Dockerfile.\x1b]0;owned\x1b\: not a Dockerfile'; then ok; else
	bad "control characters of file names must be escaped on stderr and stdout"
fi

# -- bytes that are not UTF-8 (and controls) in file names: \xNN everywhere --
# scan's report and stderr, fix's stderr, secrets' "not scanned" line for a
# FIFO and its report, sbom's table: the same escape, no raw byte
t=$tmp/nonutf8
FF=$(printf '\377')
mkdir -p "$t/d${FF}${ESC}"
printf 'FROM alpine\nENV TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n' > "$t/d${FF}${ESC}/Dockerfile"
mkfifo "$t/p${FF}${ESC}"
raw() { LC_ALL=C grep -q "[$FF$ESC]" "$tmp/out" "$tmp/err"; }
run "$t" scan --format text .
if [ $rc = 1 ] && ! raw && has out 'd\xff\x1b/Dockerfile:1:1: high BH1001'; then ok; else
	bad "scan: a \\xff byte of a file name must be escaped in the text report: rc=$rc $(head -c 200 "$tmp/out" | od -c | head -n 2)"
fi
run "$t" fix .
# (stdout is the unified diff: its headers quote paths as diff and git do)
if ! LC_ALL=C grep -q "[$FF$ESC]" "$tmp/err" && has err 'bulkhead: d\xff\x1b/Dockerfile:1:6: BH1010 not fixed'; then ok; else
	bad "fix: a \\xff byte of a file name must be escaped on stderr: $(od -c "$tmp/err" | head -n 3)"
fi
run "$t" secrets --format text .
if [ $rc = 2 ] && ! raw && has err 'bulkhead: ./p\xff\x1b: not a regular file (FIFO, socket or device), not scanned' &&
   has out './d\xff\x1b/Dockerfile:2:11: high github-pat-classic'; then ok; else
	bad "secrets: a \\xff byte of a file name must be escaped on stderr and stdout: rc=$rc $(od -c "$tmp/err" | head -n 3)"
fi
mkdir -p "$t/r${FF}/var/lib/dpkg"
printf 'Package: caf\351\nStatus: install ok installed\nVersion: 1.0\n\n' > "$t/r${FF}/var/lib/dpkg/status"
run "$t" sbom "r${FF}"
if ! raw && has out 'caf\xe9' && has out 'r\xff/var/lib/dpkg/status'; then ok; else
	bad "sbom: bytes that are not UTF-8 must be escaped in the table: $(od -c "$tmp/out" | head -n 3)"
fi

# -- write errors: the cause, exit 2, no partial report -----------------------
t=$tmp/write
mkdir -p "$t"
printf 'FROM alpine:3.20\n' > "$t/Dockerfile"
run "$t" scan -o /dev/full .
if [ $rc = 2 ] && has err "/dev/full: cannot write the report: No space left on device"; then ok; else
	bad "-o /dev/full: want exit 2 and the cause, got rc=$rc $(head -c 200 "$tmp/err")"
fi
(cd "$t" && timeout 20 "$bin" scan . > /dev/full 2> "$tmp/err"); rc=$?
if [ $rc = 2 ] && has err "standard output: cannot write the report: No space left on device"; then ok; else
	bad "stdout to /dev/full: want exit 2 and the cause, got rc=$rc $(head -c 200 "$tmp/err")"
fi
# help, version and a command's help into a full disk: the cause, exit 2,
# said once
for args in "--version" "--help" "scan --help" "help image"; do
	timeout 20 "$bin" $args > /dev/full 2> "$tmp/err"; rc=$?
	if [ $rc = 2 ] && has err "standard output: cannot write: No space left on device" &&
	   [ "$(wc -l < "$tmp/err")" = 1 ]; then ok; else
		bad "$args to /dev/full: want exit 2 and one line with the cause, got rc=$rc $(head -c 200 "$tmp/err")"
	fi
done
printf '{"earlier": "report"}\n' > "$t/report.json"
(cd "$t" && trap '' XFSZ && ulimit -f 1 &&
	timeout 20 "$bin" scan --format json -o report.json . 2> "$tmp/err"); rc=$?
if [ $rc = 2 ] && has err "report.json: cannot write the report: File too large" &&
   [ "$(cat "$t/report.json")" = '{"earlier": "report"}' ] &&
   [ -z "$(find "$t" -name '*bulkhead-*')" ]; then ok; else
	bad "a failed -o must leave the earlier report and no temporary file, rc=$rc $(head -c 200 "$tmp/err")"
fi

# -- extends: a base file is audited through the file that extends it ---------
t=$tmp/ext
mkdir -p "$t/common" "$t/loop"
cat > "$t/compose.yaml" <<'EOF'
services:
  web:
    extends: {file: common/services.yml, service: webapp}
    read_only: true
EOF
cat > "$t/common/services.yml" <<'EOF'
services:
  webapp:
    image: nginx:1.27
    privileged: true
  unused:
    image: x:1
    cap_add: [SYS_ADMIN]
EOF
# two files extending each other: each keeps its error
printf 'services:\n  a:\n    extends: {file: b.yml, service: b}\n' > "$t/loop/a.yml"
printf 'services:\n  b:\n    extends: {file: a.yml, service: a}\n' > "$t/loop/b.yml"
run "$t" scan --verbose --format json .
if [ "$(jqv '[.findings[] | select(.rule_id == "BH2018") | .file] | join(",")')" = "common/services.yml" ] &&
   [ "$(jqv '[.findings[] | select(.message | test("unused"))] | length')" = 0 ] &&
   has err "common/services.yml: audited through compose.yaml, which extends it, not on its own" &&
   has err "loop/a.yml:3:5: cannot extend service" && has err "loop/b.yml:3:5: cannot extend service"; then ok; else
	bad "an extended file is audited through its extender only; a cycle keeps both errors: $(head -c 400 "$tmp/err")"
fi

# -- the same report, skips and errors whatever -j ----------------------------
t=$tmp/jobs
for i in $(seq 1 30); do
	mkdir -p "$t/s$i"
	printf 'FROM alpine:3.%d\n' "$i" > "$t/s$i/Dockerfile"
	[ $((i % 3)) = 0 ] && printf '{{ tmpl }}\n' > "$t/s$i/Dockerfile.j2"
	[ $((i % 4)) = 0 ] && printf 'services:\n  a%d:\n    image: x:%d\n' "$i" "$i" > "$t/s$i/stack.yml"
	[ $((i % 5)) = 0 ] && printf 'key: value\n' > "$t/s$i/values-x.yml"
	[ $((i % 7)) = 0 ] && ln -s ../s1/Dockerfile "$t/s$i/Dockerfile.same"
	[ $((i % 11)) = 0 ] && : > "$t/s$i/Dockerfile.empty"
done
for f in text json sarif; do
	run "$tmp" scan -j 1 --verbose --format "$f" jobs
	cp "$tmp/out" "$tmp/out1"; cp "$tmp/err" "$tmp/err1"; rc1=$rc
	run "$tmp" scan -j 8 --verbose --format "$f" jobs
	if [ $rc1 = 2 ] && [ $rc = $rc1 ] && cmp -s "$tmp/out" "$tmp/out1" && cmp -s "$tmp/err" "$tmp/err1" &&
	   grep -q "jobs/s11/Dockerfile.empty: file with no instructions" "$tmp/err1" &&
	   grep -q "skipped jobs/s9/Dockerfile.j2: not a Dockerfile" "$tmp/err1" &&
	   grep -q "skipped jobs/s7/Dockerfile.same: the same file" "$tmp/err1" &&
	   grep -q "skipped jobs/s5/values-x.yml: another tool's configuration" "$tmp/err1"; then ok; else
		bad "-j 8 --verbose --format $f differs from -j 1 (rc $rc vs $rc1)"
		diff "$tmp/err1" "$tmp/err" | head -n 5
	fi
done

# -- a path too long to stat, beside a file that can be: still an error -------
# (the walk passes over a regular file no format wants without an lstat
# once one in its directory worked, but not one whose path is too long:
# that lstat fails, and the failure is reported as it always was)
t=$tmp/long
python3 - "$t" <<'PY'
import os, sys
p = sys.argv[1]
for i in range(15):
    p = os.path.join(p, 'd' * 250 + str(i))
p = os.path.join(p, 'e' * 100)
os.makedirs(p)
fd = os.open(p, os.O_RDONLY)
for name, text in (('Dockerfile', 'FROM alpine:3.20\n'), ('z' * 250, 'x\n')):
    with open(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), 'w') as f:
        f.write(text)
PY
run "$t" scan --format json .
if [ $rc = 2 ] &&
   [ "$(jqv '[.summary.errors[] | select(.file | endswith("zzzzzzzzzz"))] | length')" = 1 ] &&
   [ "$(jqv '.summary.files_unreadable')" = 1 ]; then ok; else
	bad "an unwanted file whose path is too long should be an input error as before (rc $rc, $(jqv '.summary.errors | length') errors)"
fi

if [ $skip -gt 0 ]; then
	echo "paths: $pass passed, $fail failed, $skip skipped"
else
	echo "paths: $pass passed, $fail failed"
fi
[ $fail = 0 ]
