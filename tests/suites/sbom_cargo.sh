#!/usr/bin/env bash
# sbom_cargo.sh BINARY - `bulkhead sbom` on Rust binaries built with cargo
# auditable: a C program made here (cc) given a .dep-v0 section with
# objcopy --add-section, its content zlib-compressed JSON from python3
# (tests/oracles/cargo_dep.py: what cargo auditable writes).  The good
# one lists its runtime crates from crates.io, git and a registry (not
# the local root crate, not the build-only one) as cargo rows with
# pkg:cargo purls, read as a file and as a walked directory.  Hostile
# sections, each one line naming the file, exit 2 and no row: a zlib bomb
# (64 MiB of JSON, more than the 8 MiB cap), JSON cut short, 100000
# nested arrays, no "packages" array, a package without a version, a
# section that is not zlib, a zlib stream cut short, a 5 MiB section
# (over the 4 MiB read).  A program without
# the section lists nothing and is no error.
# Skips (and says so) without cc, objcopy, python3 or jq.
# Ends with "sbom_cargo: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL sbom_cargo: $*"; }
for t in cc objcopy python3 jq; do
	if ! command -v $t > /dev/null; then
		echo "skipped: sbom_cargo needs $t"
		echo "sbom_cargo: 0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int main(void) { return 0; }\n' > "$tmp/p.c"
cc -o "$tmp/plain" "$tmp/p.c" || { bad "cc failed"; echo "sbom_cargo: $pass passed, $fail failed"; exit 1; }
mk() {   # mk KIND: $tmp/KIND/usr/bin/app with that .dep-v0
	mkdir -p "$tmp/$1/usr/bin"
	python3 tests/oracles/cargo_dep.py "$tmp/$1.z" "$1" &&
	objcopy --add-section ".dep-v0=$tmp/$1.z" \
		--set-section-flags .dep-v0=noload,readonly \
		"$tmp/plain" "$tmp/$1/usr/bin/app"
}

mk good
printf '%s\n' \
	'mycrate	2.0.0-rc.1+build.5	pkg:cargo/mycrate@2.0.0-rc.1%2Bbuild.5' \
	'regex	1.10.2	pkg:cargo/regex@1.10.2' \
	'serde	1.0.193	pkg:cargo/serde@1.0.193' \
	'serde_derive	1.0.193	pkg:cargo/serde_derive@1.0.193' > "$tmp/want"
for how in file dir; do
	if [ $how = file ]; then arg=$tmp/good/usr/bin/app; else arg=$tmp/good; fi
	if "$bin" sbom --format json "$arg" > "$tmp/out.json" 2> "$tmp/err"; then
		jq -r '.packages[] | select(.ecosystem == "cargo") | [.name, .version, .purl] | @tsv' \
			"$tmp/out.json" | sort > "$tmp/got"
		if cmp -s "$tmp/want" "$tmp/got" &&
		   [ "$(jq '.packages | length' "$tmp/out.json")" = 4 ]; then
			ok "cargo auditable ($how): 4 runtime crates, not the local root or the build-only one"
		else
			bad "cargo auditable ($how) (< want, > got):"
			diff "$tmp/want" "$tmp/got" | head -n 10 | sed 's/^/    /'
		fi
	else
		bad "cargo auditable ($how): exit $?: $(head -n 1 "$tmp/err")"
	fi
done

# without the section: nothing, no error
mkdir -p "$tmp/none/usr/bin"
cp "$tmp/plain" "$tmp/none/usr/bin/app"
if "$bin" sbom --format json "$tmp/none" > "$tmp/out.json" 2> "$tmp/err" &&
   [ "$(jq '.packages | length' "$tmp/out.json")" = 0 ] && [ ! -s "$tmp/err" ]; then
	ok "a program without .dep-v0: no package, no error"
else
	bad "a program without .dep-v0: $(head -n 1 "$tmp/err")"
fi

for kind in bomb badjson deep nopackages noversion notzlib cut big; do
	case $kind in
	bomb) want='inflates to more than 8 MiB' ;;
	badjson) want='(cargo auditable) at byte offset' ;;
	deep) want='maximum parsing depth reached' ;;
	nopackages) want='no "packages" array' ;;
	noversion) want='package 0 has no name or version' ;;
	notzlib) want='is not a zlib stream' ;;
	cut) want='its zlib stream is cut short' ;;
	big) want='bytes, more than 4 MiB' ;;
	esac
	mk $kind || { bad "$kind: could not be made"; continue; }
	for how in file dir; do
		if [ $how = file ]; then arg=$tmp/$kind/usr/bin/app; else arg=$tmp/$kind; fi
		"$bin" sbom --format json "$arg" > "$tmp/out.json" 2> "$tmp/err"
		rc=$?
		if [ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
		   grep -qF "$tmp/$kind/usr/bin/app" "$tmp/err" && grep -qF "$want" "$tmp/err" &&
		   ! grep -q '"ecosystem": "cargo"' "$tmp/out.json"; then
			ok "$kind ($how): exit 2, one line"
		else
			bad "$kind ($how): exit $rc, stderr: $(head -n 2 "$tmp/err")"
		fi
	done
done
echo "sbom_cargo: $pass passed, $fail failed"
[ $fail = 0 ]
