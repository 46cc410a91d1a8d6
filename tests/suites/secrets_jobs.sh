#!/usr/bin/env bash
# suite: threads
# secrets_jobs.sh BULKHEAD_BINARY - `bulkhead secrets -j N` reads and scans
# files in parallel but must print exactly what -j 1 prints: the files in
# the order they were named (a build context in walk order), each file's
# matches in text order, errors at their place, the same exit code.
# Also: a 21 MiB file (streamed in chunks: values across chunk boundaries
# found once, at the right line and column), an unreadable file in a build
# context (named, exit 2), -o FILE, a file of 200,000 findings reported
# in bounded time.
# Inputs are written here: 300 files, most with secrets at varied lines
# and of varied sizes so workers finish out of order.
# Ends with "secrets_jobs: N passed, N failed".
set -u
bin=$(realpath "${1:?usage: secrets_jobs.sh BULKHEAD_BINARY}")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL secrets_jobs: $*"; }

mkdir -p "$tmp/ctx/sub"
for i in $(seq 1 300); do
	f=$tmp/ctx/f$i.txt
	[ $((i % 7)) = 0 ] && f=$tmp/ctx/sub/g$i.txt
	{
		# a few KB to a few hundred KB of filler, then secrets
		yes "line of filler text number $i with key words: secure, token." |
			head -n $(((i * 37) % 4000 + 1))
		if [ $((i % 3)) != 0 ]; then
			printf 'db_password: Zq8#Lm2pXv9%d\n' "$i"
			printf 'url = postgres://app:Qz8Lm2pXv9w%d@db:5432/x\n' "$i"
		fi
		[ $((i % 5)) = 0 ] && printf 'token ghp_%036d\n' "$i"
	} > "$f"
done
printf 'SECRET=Xk9mQ2vL7pR4tY6wZ8nB\n' > "$tmp/ctx/.env"

# files named in a scrambled order, with a missing one in the middle
mapfile -t files < <(cd "$tmp/ctx" && find . -name '*.txt' | sort -t/ -k2 -r)
args=("${files[@]:0:150}" missing.txt "${files[@]:150}")

(cd "$tmp/ctx" && "$bin" secrets -j 1 "${args[@]}") > "$tmp/j1.out" 2> "$tmp/j1.err"
rc1=$?
if [ $rc1 = 2 ] && grep -q 'missing.txt' "$tmp/j1.err" && [ -s "$tmp/j1.out" ]; then
	ok
else
	bad "-j 1: want exit 2, output and an error naming missing.txt (got $rc1)"
fi
# -j 1 follows the argument order: the first file named comes first
first=$(head -n 1 "$tmp/j1.out" | cut -d: -f1)
want=$(cd "$tmp/ctx" && for f in "${args[@]}"; do
	grep -lE 'db_password|ghp_' "$f" 2> /dev/null
done | head -n 1)
if [ -n "$first" ] && [ "$first" = "$want" ]; then ok; else
	bad "-j 1 output does not start with the first file named ($first vs $want)"
fi
for j in 2 3 8 64; do
	(cd "$tmp/ctx" && "$bin" secrets -j $j "${args[@]}") > "$tmp/j.out" 2> "$tmp/j.err"
	rc=$?
	if [ $rc = $rc1 ] && cmp -s "$tmp/j1.out" "$tmp/j.out" &&
	   cmp -s "$tmp/j1.err" "$tmp/j.err"; then ok; else
		bad "-j $j differs from -j 1 (exit $rc vs $rc1)"
		diff "$tmp/j1.out" "$tmp/j.out" | head -n 5
	fi
	(cd "$tmp/ctx" && "$bin" secrets --format json -j $j "${args[@]}") > "$tmp/jj.out" 2> /dev/null
	(cd "$tmp/ctx" && "$bin" secrets --format json -j 1 "${args[@]}") > "$tmp/jj1.out" 2> /dev/null
	if cmp -s "$tmp/jj1.out" "$tmp/jj.out"; then ok; else
		bad "--format json -j $j differs from -j 1"
	fi
done
# a directory (build context): secret files first, then contents in walk
# order; 200 files and the .env hold a generic assignment
"$bin" secrets -j 1 "$tmp/ctx" > "$tmp/d1.out" 2>&1
rcd=$?
"$bin" secrets -j 4 "$tmp/ctx" > "$tmp/d4.out" 2>&1
rc4=$?
if [ $rcd = 1 ] && [ $rc4 = 1 ] && cmp -s "$tmp/d1.out" "$tmp/d4.out" &&
   head -n 1 "$tmp/d1.out" | grep -q 'secret-file:dotenv' &&
   [ "$(grep -c 'generic-secret' "$tmp/d1.out")" = 201 ]; then ok; else
	bad "context scan: -j 4 differs from -j 1, or counts are off (exit $rcd)"
fi
# standard input is read once, whatever -j and however many "-" are named
printf 'db_password: Zq8#Lm2pXv9%d\n' $(seq 1 20000) > "$tmp/stdin.txt"
"$bin" secrets -j 1 - < "$tmp/stdin.txt" > "$tmp/s1.out" 2>&1
"$bin" secrets -j 4 - - - < "$tmp/stdin.txt" > "$tmp/s4.out" 2>&1
if cmp -s "$tmp/s1.out" "$tmp/s4.out" && [ "$(grep -c "generic-secret" "$tmp/s1.out")" = 20000 ]; then ok; else
	bad "'secrets -j 4 - - -' differs from 'secrets -j 1 -'"
fi
# a build context of 60,000 files is scanned in batches: memory does not
# grow with the number of files (not measured under a sanitizer)
if [ -x /usr/bin/time ] && ! nm "$bin" 2> /dev/null | grep -q '__[at]san_init'; then
	mkdir -p "$tmp/many"
	awk -v d="$tmp/many" 'BEGIN { for (i = 0; i < 60000; i++) {
		f = sprintf("%s/f%05d.js", d, i); print "let x = " i > f; close(f) } }'
	/usr/bin/time -f '%M' -o "$tmp/rss" "$bin" secrets -j 2 "$tmp/many" > /dev/null 2>&1
	rss=$(tail -n 1 "$tmp/rss")
	if [ "$rss" -lt 40000 ]; then ok; else
		bad "context of 60,000 files: peak RSS ${rss} KiB (want < 40,000)"
	fi
fi
# a file over 16 MiB in a build context is scanned, streamed in chunks:
# values planted across every chunk end and every report-window boundary
# (4 MiB chunks moving by 3.75 MiB, 128 KiB reach: SEC_STREAM_CHUNK and
# SEC_STREAM_REACH in src/secrets/secrets.h) are each found once, at the
# line and column python counts
mkdir -p "$tmp/big"
python3 - "$tmp/big/dump.sql" > "$tmp/big.want" <<'PY'
import sys
MiB, R = 1 << 20, 128 << 10
size = 21 * MiB
buf = bytearray((b"x" * 63 + b"\n") * (size // 64))
spots = []
e = 4 * MiB
while e < size - 1024:
    spots += [e - 9, e - R - 9, e + 200]
    e += 4 * MiB - 2 * R
spots += [5 * MiB + 777]
want = []
for i, at in enumerate(sorted(spots)):
    value = b"Zq8#Lm2pXv9%05d" % i
    rec = b"\ndb_password: " + value + b"\n"
    start = at - (len(rec) - len(value) - 1)   # the value starts at "at"
    buf[start:start + len(rec)] = rec
for i, at in enumerate(sorted(spots)):
    line = buf.count(b"\n", 0, at) + 1
    col = at - (buf.rfind(b"\n", 0, at) + 1) + 1
    want.append("big/dump.sql:%d:%d medium generic-secret" % (line, col))
open(sys.argv[1], "wb").write(buf)
print("\n".join(want))
PY
for j in 1 4; do
	(cd "$tmp" && "$bin" secrets --format json -j $j big) > "$tmp/big$j.json" 2> "$tmp/big.err"
	rc=$?
	got=$(jq -r '.findings[] | "\(.file):\(.line):\(.column) \(.severity) \(.rule_id)"' \
		"$tmp/big$j.json" 2> /dev/null)
	if [ $rc = 1 ] && [ "$got" = "$(cat "$tmp/big.want")" ] && [ ! -s "$tmp/big.err" ]; then ok; else
		bad "21 MiB file in a context, -j $j: exit $rc, $(wc -l <<< "$got") findings, want $(wc -l < "$tmp/big.want")"
		diff <(echo "$got") "$tmp/big.want" | head -n 5
	fi
done
# the same file named directly, and from standard input
(cd "$tmp/big" && "$bin" secrets --format json dump.sql) > "$tmp/bigf.json"
(cd "$tmp/big" && "$bin" secrets --format json - < dump.sql) > "$tmp/bigs.json"
a=$(jq -c '[.findings[] | [.line, .column]]' "$tmp/big1.json")
b=$(jq -c '[.findings[] | [.line, .column]]' "$tmp/bigf.json")
c=$(jq -c '[.findings[] | [.line, .column]]' "$tmp/bigs.json")
if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ]; then ok; else
	bad "big file: named, stdin and context scans differ"
fi

# a config file of 200,000 weak-password lines (each a finding) is
# reported in bounded time: the report step's masking must not cost
# hides x findings (it took minutes; now about a second)
mkdir -p "$tmp/weak"
yes 'password: P@ssw0rd1' | head -n 200000 > "$tmp/weak/app.yaml"
start=$(date +%s)
(cd "$tmp/weak" && timeout 120 "$bin" secrets --format json app.yaml) > "$tmp/weak.json"
rc=$? took=$(($(date +%s) - start))
n=$(jq '.findings | length' "$tmp/weak.json" 2> /dev/null)
if [ $rc = 1 ] && [ "$n" = 200000 ] && [ $took -le 60 ] &&
   ! grep -q 'P@ssw0rd1' "$tmp/weak.json"; then ok; else
	bad "200,000 findings in one file: exit $rc, $n findings, ${took}s (want 200000 within 60s, masked)"
fi

# a file of a build context that cannot be read is named and exits 2;
# the rest is still scanned (run as an unprivileged user when root)
mkdir -p "$tmp/perm/ctx"
printf 'db_password: Zq8#Lm2pXv9aa\n' > "$tmp/perm/ctx/a.conf"
printf 'db_password: Zq8#Lm2pXv9bb\n' > "$tmp/perm/ctx/locked.conf"
chmod 755 "$tmp" "$tmp/perm" "$tmp/perm/ctx"
chmod 644 "$tmp/perm/ctx/a.conf"
chmod 000 "$tmp/perm/ctx/locked.conf"
as_user=()
[ "$(id -u)" = 0 ] && command -v setpriv > /dev/null &&
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
	echo "skipped secrets_jobs: root without setpriv: cannot make an unreadable file"
else
	(cd "$tmp/perm" && "${as_user[@]}" "$bin" secrets --format json ctx) \
		> "$tmp/perm.out" 2> "$tmp/perm.err"
	rc=$?
	if [ $rc = 2 ] && grep -q 'bulkhead: ctx/locked.conf: cannot open: Permission denied' "$tmp/perm.err" &&
	   jq -e '.findings | map(.file) == ["ctx/a.conf"]' "$tmp/perm.out" > /dev/null &&
	   jq -e '.summary.errors[0].file == "ctx/locked.conf"' "$tmp/perm.out" > /dev/null; then ok; else
		bad "unreadable file in a context: exit $rc, stderr $(head -c 200 "$tmp/perm.err")"
	fi
	# an unreadable directory and a FIFO below the top are named, not
	# skipped in silence; the readable file is still scanned
	rm -f "$tmp/perm/ctx/locked.conf"
	mkdir -p "$tmp/perm/ctx/shut" && chmod 000 "$tmp/perm/ctx/shut"
	mkfifo "$tmp/perm/ctx/pipe"
	(cd "$tmp/perm" && timeout 20 "${as_user[@]}" "$bin" secrets --format json ctx) \
		> "$tmp/perm2.out" 2> "$tmp/perm2.err"
	rc=$?
	if [ $rc = 2 ] && grep -q 'ctx/shut: cannot read this directory, not scanned' "$tmp/perm2.err" &&
	   grep -q 'ctx/pipe: not a regular file' "$tmp/perm2.err" &&
	   jq -e '.findings | map(.file) == ["ctx/a.conf"]' "$tmp/perm2.out" > /dev/null; then ok; else
		bad "unreadable directory / FIFO in a context: exit $rc, stderr $(head -c 300 "$tmp/perm2.err")"
	fi
	chmod 755 "$tmp/perm/ctx/shut"
fi
chmod 700 "$tmp"

# -o FILE and -oFILE write what stdout would get
(cd "$tmp/ctx" && "$bin" secrets -j 2 f1.txt) > "$tmp/o.stdout"
(cd "$tmp/ctx" && "$bin" secrets -j 2 -o "$tmp/o1.txt" f1.txt) > "$tmp/o1.stdout"
(cd "$tmp/ctx" && "$bin" secrets -j2 "-o$tmp/o2.txt" f1.txt) > /dev/null
if [ -s "$tmp/o.stdout" ] && [ ! -s "$tmp/o1.stdout" ] && cmp -s "$tmp/o.stdout" "$tmp/o1.txt" &&
   cmp -s "$tmp/o.stdout" "$tmp/o2.txt"; then ok; else
	bad "secrets -o FILE / -oFILE differ from stdout"
fi

# bad -j values are usage errors
for v in 0 65 x ""; do
	"$bin" secrets -j "$v" "$tmp/ctx/f1.txt" > /dev/null 2> "$tmp/e"
	if [ $? = 2 ] && grep -q 'wants a number from 1 to 64' "$tmp/e"; then ok; else
		bad "-j '$v' should be a usage error"
	fi
done
echo "secrets_jobs: $pass passed, $fail failed"
[ $fail = 0 ]
