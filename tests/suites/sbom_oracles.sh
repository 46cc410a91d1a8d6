#!/usr/bin/env bash
# sbom_oracles.sh BINARY - `bulkhead sbom` against the package managers'
# own readers where they run here: for each dpkg status file of
# ../shared/fixtures/pkgdb/dpkg (BH_SHARED overrides ../shared),
# `dpkg-query -W --admindir=DIR` lists the packages whose status is
# "installed" with their source package; bulkhead's (name, version,
# source name, source version) rows must be the same set.  The same
# files walked as a root filesystem (var/lib/dpkg/status) give the same
# rows.  Skips (and says so) without dpkg-query, jq or the fixtures.
# Ends with "sbom_oracles: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$1
shared=${BH_SHARED:-../shared}
pass=0; fail=0; skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL sbom_oracles: $*"; }
finish() {
	if [ $skipped != 0 ]; then
		echo "sbom_oracles: $pass passed, $fail failed, $skipped skipped"
	else
		echo "sbom_oracles: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]; exit
}
dir=$shared/fixtures/pkgdb/dpkg
if ! command -v dpkg-query > /dev/null || ! command -v jq > /dev/null ||
   [ ! -d "$dir" ]; then
	echo "skipped: sbom_oracles needs dpkg-query, jq and $dir"
	skipped=1
	finish
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$dir"/*.status; do
	name=$(basename "$f")
	rm -rf "$tmp/admin" "$tmp/root"
	mkdir -p "$tmp/admin/updates" "$tmp/root/var/lib/dpkg"
	cp "$f" "$tmp/admin/status"
	cp "$f" "$tmp/root/var/lib/dpkg/status"
	if ! dpkg-query -W --admindir="$tmp/admin" \
		-f '${Package}\t${Version}\t${db:Status-Status}\t${source:Package}\t${source:Version}\n' \
		2> /dev/null > "$tmp/oracle.all"; then
		bad "$name: dpkg-query failed"
		continue
	fi
	awk -F'\t' '$3 == "installed" { print $1 "\t" $2 "\t" $4 "\t" $5 }' \
		"$tmp/oracle.all" | sort > "$tmp/oracle"
	if [ ! -s "$tmp/oracle" ]; then
		bad "$name: dpkg-query lists no installed package (oracle broken?)"
		continue
	fi
	for how in file dir; do
		if [ $how = file ]; then arg=$f; else arg=$tmp/root; fi
		if ! "$bin" sbom --format json "$arg" > "$tmp/out.json" 2> "$tmp/err"; then
			bad "$name ($how): bulkhead sbom failed: $(head -n 1 "$tmp/err")"
			continue
		fi
		jq -r '.packages[] | [.name, .version, .source.name, .source.version] | @tsv' \
			"$tmp/out.json" | sort > "$tmp/ours"
		if cmp -s "$tmp/oracle" "$tmp/ours"; then
			ok
			echo "ok $name ($how): $(wc -l < "$tmp/ours") packages as dpkg-query lists them"
		else
			bad "$name ($how): differs from dpkg-query (< dpkg-query, > bulkhead):"
			diff "$tmp/oracle" "$tmp/ours" | head -n 10 | sed 's/^/    /'
		fi
	done
done
finish
