#!/usr/bin/env bash
# sbom_oracles.sh BINARY - `bulkhead sbom` against the package managers'
# own readers where they run here: for each dpkg status file of
# ../shared/fixtures/pkgdb/dpkg (BH_SHARED overrides ../shared),
# `dpkg-query -W --admindir=DIR` lists the packages whose status is
# "installed" with their source package; bulkhead's (name, version,
# source name, source version) rows must be the same set.  The same
# files walked as a root filesystem (var/lib/dpkg/status) give the same
# rows.  The tiny fixture image (../shared/fixtures/images/tiny, its
# README lists the layers): the three copies of "app" (docker-archive,
# OCI gzip, OCI zstd) list the same packages, the list its README
# describes, each with the layer that added it; dpkg-query on the status
# file taken out of the archive's first layer (python3 tarfile) agrees.
# And what case files cannot make: a symbolic link and a FIFO at
# database paths are named as not scanned (exit 2); a real rpm NDB
# database (SLE 15, tests/data/rpm) against go-rpmdb's list and librpm's
# header reader, and three corruptions of it.
# This machine's /var/lib/dpkg/status (dpkg-query) and
# /usr/lib/python3/dist-packages (python3's importlib.metadata), when
# present.
# Skips (and says so) without dpkg-query, jq or the fixtures.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# what case files cannot make: a database path that is a symbolic link
# or a FIFO is named as not scanned (exit 2), never followed or opened
mkdir -p "$tmp/links/var/lib/dpkg" "$tmp/links/lib/apk/db" "$tmp/links/var/lib/rpm"
ln -s /etc/hostname "$tmp/links/var/lib/dpkg/status"
mkfifo "$tmp/links/lib/apk/db/installed"
printf 'P:musl\nV:1\n' > "$tmp/links/installed-real"
"$bin" sbom --format json "$tmp/links" > "$tmp/l.out" 2> "$tmp/l.err"
rc=$?
if [ $rc = 2 ] && grep -q 'var/lib/dpkg/status: a symbolic link, not followed (not scanned)' "$tmp/l.err" &&
   grep -q 'lib/apk/db/installed: a named pipe (FIFO), not followed (not scanned)' "$tmp/l.err" &&
   grep -q '"packages": 0,' "$tmp/l.out"; then
	ok
else
	bad "links/FIFO at database paths: exit $rc, stderr: $(head -n 2 "$tmp/l.err")"
fi

# rpm NDB (usr/lib/sysimage/rpm/Packages.db): a real SLE 15 BCI database
# (tests/data/rpm, xz) against go-rpmdb's expected list and against rpm's
# own header reader (python3-rpm rpm.hdr on each slot's blob,
# tests/oracles/rpm_ndb.py; Debian's rpm cannot open NDB files), read as
# a root filesystem and as the file; then corruptions of it
# (tests/oracles/ndb_corrupt.py): cut short, one blob byte flipped
# (adler32), a broken header in a blob whose checksum is right: each one
# line naming the file, exit 2.
ndbx=tests/data/rpm/sle15-bci.Packages.db.xz
if command -v xz > /dev/null && command -v jq > /dev/null; then
	mkdir -p "$tmp/ndb/usr/lib/sysimage/rpm"
	ndb=$tmp/ndb/usr/lib/sysimage/rpm/Packages.db
	xz -dc "$ndbx" > "$ndb"
	grep -v '^#' "${ndbx%.xz}.expected.tsv" | sort > "$tmp/ndb.want"
	for how in dir file; do
		if [ $how = dir ]; then arg=$tmp/ndb; else arg=$ndb; fi
		if "$bin" sbom --format json "$arg" > "$tmp/ndb.json" 2> "$tmp/err"; then
			jq -r '.packages[] | [.name, .version,
				(.source.name + "-" + .source.version + ".src.rpm")] | @tsv' \
				"$tmp/ndb.json" | sort > "$tmp/ndb.got"
			if [ "$(wc -l < "$tmp/ndb.want")" = 35 ] &&
			   cmp -s "$tmp/ndb.want" "$tmp/ndb.got"; then
				ok
				echo "ok sle15-bci Packages.db ($how): 35 packages as go-rpmdb lists them"
			else
				bad "sle15-bci Packages.db ($how) differs from go-rpmdb (< go-rpmdb, > bulkhead):"
				diff "$tmp/ndb.want" "$tmp/ndb.got" | head -n 10 | sed 's/^/    /'
			fi
		else
			bad "sle15-bci Packages.db ($how): bulkhead sbom failed: $(head -n 1 "$tmp/err")"
		fi
	done
	if /usr/bin/python3 -c 'import rpm' 2> /dev/null; then
		/usr/bin/python3 tests/oracles/rpm_ndb.py "$ndb" | sort > "$tmp/ndb.rpm"
		if [ -s "$tmp/ndb.rpm" ] && cmp -s "$tmp/ndb.rpm" "$tmp/ndb.got"; then
			ok
			echo "ok sle15-bci Packages.db: the same $(wc -l < "$tmp/ndb.rpm") packages as librpm's header reader"
		else
			bad "sle15-bci Packages.db differs from librpm (< rpm.hdr, > bulkhead):"
			diff "$tmp/ndb.rpm" "$tmp/ndb.got" | head -n 10 | sed 's/^/    /'
		fi
	else
		echo "skipped: python3-rpm absent (the librpm NDB oracle)"
		skipped=$((skipped + 1))
	fi
	cp "$ndb" "$tmp/ndb.orig"
	for how in cut flip header; do
		case $how in
		cut) head -c 600000 "$tmp/ndb.orig" > "$ndb"
			want='byte offset 288: slot of package 17 points at blocks 36402+21396, outside the data (37500 blocks)' ;;
		flip) python3 tests/oracles/ndb_corrupt.py "$tmp/ndb.orig" "$ndb" flip
			want='byte offset 8244: blob of package 1: bad tail (magic, length or adler32 checksum)' ;;
		header) python3 tests/oracles/ndb_corrupt.py "$tmp/ndb.orig" "$ndb" header
			want='package 1 (blob at byte offset 4096): rpm header at byte offset 0: bad index count 16777215' ;;
		esac
		"$bin" sbom --format json "$tmp/ndb" > /dev/null 2> "$tmp/err"
		rc=$?
		if [ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
		   grep -qF "bulkhead: $ndb: $want" "$tmp/err"; then
			ok
		else
			bad "sle15-bci Packages.db $how: exit $rc, stderr: $(head -n 2 "$tmp/err")"
		fi
	done
else
	echo "skipped: the rpm NDB checks need xz and jq"
	skipped=$((skipped + 1))
fi

dir=$shared/fixtures/pkgdb/dpkg
if ! command -v dpkg-query > /dev/null || ! command -v jq > /dev/null ||
   [ ! -d "$dir" ]; then
	echo "skipped: sbom_oracles needs dpkg-query, jq and $dir"
	skipped=1
	finish
fi

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

# this machine's own databases, where there are some: its dpkg status
# against dpkg-query, its Python packages against importlib.metadata
if [ -f /var/lib/dpkg/status ]; then
	dpkg-query -W -f '${Package}\t${Version}\t${db:Status-Status}\t${source:Package}\t${source:Version}\n' \
		2> /dev/null | awk -F'\t' '$3 == "installed" { print $1 "\t" $2 "\t" $4 "\t" $5 }' |
		sort > "$tmp/oracle"
	"$bin" sbom --format json /var/lib/dpkg/status 2> "$tmp/err" |
		jq -r '.packages[] | [.name, .version, .source.name, .source.version] | @tsv' |
		sort > "$tmp/ours"
	if [ -s "$tmp/oracle" ] && cmp -s "$tmp/oracle" "$tmp/ours"; then
		ok
		echo "ok /var/lib/dpkg/status: $(wc -l < "$tmp/ours") packages as dpkg-query lists them"
	else
		bad "/var/lib/dpkg/status differs from dpkg-query (< dpkg-query, > bulkhead):"
		diff "$tmp/oracle" "$tmp/ours" | head -n 10 | sed 's/^/    /'
	fi
fi
pyd=/usr/lib/python3/dist-packages
if [ -d "$pyd" ] && python3 -c 'import importlib.metadata' 2> /dev/null; then
	python3 -c 'import importlib.metadata as m, sys
for d in m.distributions(path=[sys.argv[1]]):
    print(d.metadata["Name"] + "\t" + d.version)' "$pyd" | sort -u > "$tmp/oracle"
	"$bin" sbom --format json "$pyd" 2> "$tmp/err" |
		jq -r '.packages[] | [.name, .version] | @tsv' | sort -u > "$tmp/ours"
	if [ -s "$tmp/oracle" ] && cmp -s "$tmp/oracle" "$tmp/ours"; then
		ok
		echo "ok $pyd: $(wc -l < "$tmp/ours") packages as importlib.metadata lists them"
	else
		bad "$pyd differs from importlib.metadata (< python, > bulkhead):"
		diff "$tmp/oracle" "$tmp/ours" | head -n 10 | sed 's/^/    /'
	fi
fi

img=$shared/fixtures/images/tiny
if [ ! -f "$img/app.docker.tar" ] || ! command -v python3 > /dev/null; then
	echo "skipped: tiny image fixture or python3 absent"
	skipped=$((skipped + 1))
	finish
fi
L1=sha256:28479a339e8bdde4e01d882fb6172a3b16afb23206a9bd02adadab8eddbebc5c
L2=sha256:0e7103c2a0c95b784ddeb577370b8270af21b2502aa95f3b1eb5473d1b61c71f
{
	printf 'base-files\t12.4+deb12u15\tdeb\t/var/lib/dpkg/status\t%s\n' $L1
	printf 'busybox-static\t1:1.35.0-4+deb12u1+b1\tdeb\t/var/lib/dpkg/status\t%s\n' $L1
	for p in lodash:4.17.20 lru-cache:6.0.0 semver:7.5.1 yallist:4.0.0; do
		printf '%s\t%s\tnpm\t/app/package-lock.json\t%s\n' "${p%%:*}" "${p#*:}" $L2
		printf '%s\t%s\tnpm\t/app/node_modules/%s/package.json\t%s\n' \
			"${p%%:*}" "${p#*:}" "${p%%:*}" $L2
	done
	printf 'Jinja2\t3.1.2\tpypi\t/usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO\t%s\n' $L2
	# hello-go's build information: go1.19.8, main module (devel)
	printf 'stdlib\t1.19.8\tgo\t/usr/local/bin/hello-go\t%s\n' $L2
	# the jar's META-INF/maven/org.slf4j/slf4j-api/pom.properties
	printf 'org.slf4j:slf4j-api\t1.7.32\tmaven\t/usr/share/java/slf4j-api-1.7.32.jar\t%s\n' $L2
} | sort > "$tmp/want-image"
# the image's os-release (Debian 12) names its deb purls
if "$bin" sbom --format json "$img/app.docker.tar" 2> /dev/null |
   grep -q '"purl": "pkg:deb/debian/base-files@12.4%2Bdeb12u15?arch=amd64&distro=debian-12",'; then
	ok
else
	bad "app.docker.tar: base-files purl without distro=debian-12"
fi
# the docker-archive names layers by diff_id; OCI layouts by blob digest
if "$bin" sbom --format json "$img/app.docker.tar" > "$tmp/img.json" 2> "$tmp/err"; then
	jq -r '.packages[] | [.name, .version, .ecosystem, .path, .layer] | @tsv' \
		"$tmp/img.json" | sort > "$tmp/got-image"
	if cmp -s "$tmp/want-image" "$tmp/got-image"; then
		ok
		echo "ok app.docker.tar: $(wc -l < "$tmp/got-image") packages, each with its layer"
	else
		bad "app.docker.tar differs from the README's layers (< want, > got):"
		diff "$tmp/want-image" "$tmp/got-image" | head -n 10 | sed 's/^/    /'
	fi
else
	bad "app.docker.tar: bulkhead sbom failed: $(head -n 1 "$tmp/err")"
fi
cut -f1-4 "$tmp/want-image" > "$tmp/want-nolayer"
for src in "$img/oci:app" "$img/oci-zstd"; do
	if "$bin" sbom --format json "$src" > "$tmp/o.json" 2> "$tmp/err" &&
	   jq -r '.packages[] | [.name, .version, .ecosystem, .path] | @tsv' "$tmp/o.json" |
	   sort | cmp -s - "$tmp/want-nolayer" &&
	   [ "$(jq -r '[.packages[].layer | startswith("sha256:")] | all' "$tmp/o.json")" = true ]; then
		ok
	else
		bad "$src: not the same packages as app.docker.tar $(head -n 1 "$tmp/err")"
	fi
done
# dpkg-query on the status file of the first layer
rm -rf "$tmp/admin"; mkdir -p "$tmp/admin/updates"
if python3 - "$img/app.docker.tar" "$tmp/admin/status" <<'PY'
import json, sys, tarfile
outer = tarfile.open(sys.argv[1])
man = json.load(outer.extractfile("manifest.json"))
first = man[0]["Layers"][0]
layer = tarfile.open(fileobj=outer.extractfile(first))
for m in layer.getmembers():
    if m.name.lstrip("./") == "var/lib/dpkg/status":
        open(sys.argv[2], "wb").write(layer.extractfile(m).read())
        break
else:
    sys.exit(1)
PY
then
	dpkg-query -W --admindir="$tmp/admin" -f '${Package}\t${Version}\t${db:Status-Status}\n' 2> /dev/null |
		awk -F'\t' '$3 == "installed" { print $1 "\t" $2 }' | sort > "$tmp/oracle"
	jq -r '.packages[] | select(.ecosystem == "deb") | [.name, .version] | @tsv' \
		"$tmp/img.json" | sort > "$tmp/ours"
	if [ -s "$tmp/oracle" ] && cmp -s "$tmp/oracle" "$tmp/ours"; then
		ok
	else
		bad "app.docker.tar: deb packages differ from dpkg-query on its status"
	fi
else
	bad "app.docker.tar: no var/lib/dpkg/status in its first layer"
fi
finish
