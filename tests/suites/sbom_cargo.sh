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
# the section lists nothing and is no error.  In an image (a
# docker-archive written by python3): the exact rows with the path and
# the layer's digest, nothing of a whited-out copy or of the same JSON
# in a section of another name; a bomb and a 5 MiB section name the
# path and the layer (exit 2).
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

# in an image (bulkhead sbom IMAGE: the layers' stream, never the whole
# file at once): a docker-archive of two layers, the good program in the
# second (usr/bin/app) with a program without the section, a copy of the
# good one in the first deleted by the second's whiteout, and the same
# zlib JSON in a section of another name (no row); each row names its
# path and the second layer's digest.  A bomb and a 5 MiB section in a
# layer: exit 2, one line naming the image, the path and the layer.
objcopy --add-section ".other=$tmp/good.z" --set-section-flags .other=noload,readonly \
	"$tmp/plain" "$tmp/other" || bad "objcopy .other failed"
img() {   # img OUT LAYER1_FILES... -- LAYER2_FILES... (NAME=SOURCE)
	python3 - "$@" <<'PY'
import hashlib, io, json, sys, tarfile
out, args = sys.argv[1], sys.argv[2:]
def tar(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0; ti.mode = 0o755
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
layers, cur = [], []
for a in args + ["--"]:
    if a == "--":
        layers.append(tar(cur)); cur = []
        continue
    name, src = a.split("=", 1)
    cur.append((name, open(src, "rb").read() if src else b""))
ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": ids}}).encode()
names = ["l%d.tar" % i for i in range(len(layers))]
man = json.dumps([{"Config": "c.json", "RepoTags": ["t/cargo:1"], "Layers": names}]).encode()
open(out, "wb").write(tar([("c.json", cfg)] + list(zip(names, layers)) +
                          [("manifest.json", man)]))
print(" ".join(ids))
PY
}
ids=$(img "$tmp/img.tar" etc/hostname="$tmp/p.c" usr/bin/old="$tmp/good/usr/bin/app" \
	-- usr/bin/app="$tmp/good/usr/bin/app" usr/bin/plain="$tmp/plain" \
	usr/bin/other="$tmp/other" usr/bin/.wh.old=) || bad "the image could not be made"
l2=${ids#* }
sed "s|\$|	/usr/bin/app	$l2|" "$tmp/want" > "$tmp/want.img"
if "$bin" sbom --format json "$tmp/img.tar" > "$tmp/out.json" 2> "$tmp/err"; then
	jq -r '.packages[] | [.name, .version, .purl, .path, .layer] | @tsv' \
		"$tmp/out.json" | sort > "$tmp/got"
	if cmp -s "$tmp/want.img" "$tmp/got" && [ ! -s "$tmp/err" ]; then
		ok "cargo auditable in an image: 4 crates of /usr/bin/app, its layer; the deleted copy, the other section and the plain program none"
	else
		bad "cargo auditable in an image (< want, > got): $(head -n 1 "$tmp/err")"
		diff "$tmp/want.img" "$tmp/got" | head -n 10 | sed 's/^/    /'
	fi
else
	bad "cargo auditable in an image: exit $?: $(head -n 1 "$tmp/err")"
fi
for kind in bomb big; do
	case $kind in
	bomb) want='inflates to more than 8 MiB' ;;
	big) want='bytes, more than 4 MiB' ;;
	esac
	img "$tmp/$kind.tar" usr/bin/app="$tmp/$kind/usr/bin/app" > /dev/null
	"$bin" sbom --format json "$tmp/$kind.tar" > "$tmp/out.json" 2> "$tmp/err"
	rc=$?
	if [ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
	   grep -qF "$kind.tar: /usr/bin/app: " "$tmp/err" && grep -qF "$want" "$tmp/err" &&
	   grep -qF "(layer 1;" "$tmp/err"; then
		ok "$kind in an image: exit 2, one line naming the path and layer"
	else
		bad "$kind in an image: exit $rc, stderr: $(head -n 2 "$tmp/err")"
	fi
done
echo "sbom_cargo: $pass passed, $fail failed"
[ $fail = 0 ]
