#!/usr/bin/env bash
# suite: normal-build-only
# memory.sh BULKHEAD_BINARY - one memory budget for the whole process:
# `bulkhead scan -j 8` on large inputs stays within the peak resident set
# of `-j 1` plus a bounded margin (MARGIN_KB), and reports the same bytes.
# Inputs are generated here: Dockerfiles of ~1 MiB whose scan holds far
# more than their size, and ConfigMaps of 1.5 MiB.  Peak RSS is read from
# /usr/bin/time -v (skipped when absent).  Normal build only: under ASan
# the quarantine, not the scan, decides the resident set.
# Ends with "memory: N passed, N failed[, N skipped]".
set -u
bin=$(realpath "${1:?usage: memory.sh BULKHEAD_BINARY}")
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL memory: $*"; }
MARGIN_KB=$((32 * 1024))

if [ ! -x /usr/bin/time ]; then
	echo "skipped: /usr/bin/time is not installed"
	echo "memory: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

mkdir -p "$tmp/df" "$tmp/cm"
for f in 0 1 2 3 4 5 6 7; do
	awk 'BEGIN { print "FROM debian:12"
		for (i = 0; i < 20000; i++)
			printf "RUN apt-get install -y pkg%d && rm -rf /var/lib/apt/lists\n", i }' \
		> "$tmp/df/Dockerfile.$f"
done
for f in $(seq 10 41); do
	awk -v f="$f" 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%d, namespace: x}\ndata:\n", f
		for (i = 0; i < 40000; i++) printf "  key%d: \"value number %d of the map\"\n", i, i }' \
		> "$tmp/cm/cm$f.yaml"
done

peak() { # JOBS DIR -> peak RSS in KB on stdout; report in $tmp/out.JOBS
	/usr/bin/time -v -o "$tmp/time.$1" "$bin" scan -j "$1" --format json \
		-o "$tmp/out.$1" "$2" 2> /dev/null
	awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/time.$1"
}

for set in df cm; do
	r1=$(peak 1 "$tmp/$set")
	r8=$(peak 8 "$tmp/$set")
	if [ -z "$r1" ] || [ -z "$r8" ]; then
		bad "$set: no peak RSS from /usr/bin/time"
		continue
	fi
	echo "  $set: peak RSS -j1 ${r1} KB, -j8 ${r8} KB"
	if [ "$r8" -le $((r1 + MARGIN_KB)) ]; then ok; else
		bad "$set: -j8 peak ${r8} KB over -j1 ${r1} KB + ${MARGIN_KB} KB"
	fi
	if cmp -s "$tmp/out.1" "$tmp/out.8"; then ok; else
		bad "$set: -j8 report differs from -j1"
	fi
done

echo "memory: $pass passed, $fail failed"
[ $fail = 0 ]
