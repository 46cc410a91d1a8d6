#!/usr/bin/env bash
# sbom_go.sh BINARY - the Go build information `bulkhead sbom` reads from
# executables, against the Go toolchain's own reader and Debian's record:
# 1. `go version -m` (Debian's golang-go, when installed) on Debian's
#    /usr/bin/umoci and /usr/bin/skopeo, on hello-go taken out of the
#    tiny fixture image (../shared/fixtures/images/tiny, python3
#    tarfile; BH_SHARED overrides ../shared) and on a module program
#    built here with two dependencies, one replaced by another version
#    and one by a local directory (offline: GOPROXY=off, the dependency
#    modules are local directories; GOFLAGS=-mod=mod) and on one with a
#    published dependency and a dependency replaced by another module
#    (served from a file:// module proxy made here): the toolchain row
#    `stdlib` with go's version without "go", the main module unless
#    "(devel)", every dep, the `=>` module for a replaced one (none for a
#    local directory), versions without "v" (docs/sbom.md) must be the
#    rows bulkhead lists, exactly, read as a file, as a directory
#    (streamed) and, for hello-go, from the image.
# 2. dpkg's Built-Using field of umoci and skopeo names the golang-1.NN
#    source package (= VERSION-REV) they were built with: its upstream
#    version is bulkhead's stdlib version.  (Debian builds them in GOPATH
#    mode: no module lines, so no other module to compare.)
# Skips (and says so) what is absent.  Ends with
# "sbom_go: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
shared=${BH_SHARED:-../shared}
pass=0; fail=0; skipped=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL sbom_go: $*"; }
skip() { skipped=$((skipped + 1)); echo "skipped: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq > /dev/null || { skip "jq absent"; echo "sbom_go: 0 passed, 0 failed, 1 skipped"; exit 0; }

# bulkhead's go rows of a path: "name<TAB>version" sorted
ours() {
	"$bin" sbom --format json "$1" 2> /dev/null |
		jq -r '.packages[] | select(.ecosystem == "go") | [.name, .version] | @tsv' | sort
}
# go version -m's rows, as docs/sbom.md says bulkhead reads them
theirs() {
	go version -m "$1" | awk -F'\t' '
		NR == 1 { v = $0; sub(/^[^:]*: go/, "", v); sub(/ .*/, "", v); print "stdlib\t" v; next }
		$2 == "mod" && $4 != "(devel)" && $4 != "" { m = $4; sub(/^v/, "", m); print $3 "\t" m }
		$2 == "dep" { if (dp != "") print dp; dp = $3 "\t" $4; sub(/\tv/, "\t", dp); next }
		$2 == "=>" { if ($4 != "" && $4 != "(devel)" && $3 !~ /^[.\/]/) { r = $3 "\t" $4; sub(/\tv/, "\t", r); print r }; dp = ""; next }
		{ if (dp != "") print dp; dp = "" }
		END { if (dp != "") print dp }' | sort
}
check() { # label file [dir]
	local label=$1 f=$2
	theirs "$f" > "$tmp/want"
	ours "$f" > "$tmp/got"
	if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then
		ok "$label: $(wc -l < "$tmp/got") rows as go version -m lists them"
	else
		bad "$label differs from go version -m (< go, > bulkhead):"
		diff "$tmp/want" "$tmp/got" | head -n 10 | sed 's/^/    /'
	fi
	if [ $# -gt 2 ]; then
		ours "$3" > "$tmp/got-dir"
		if cmp -s "$tmp/want" "$tmp/got-dir"; then
			ok "$label: the same rows when its directory is walked"
		else
			bad "$label: walking $3 lists other rows"
		fi
	fi
}

hello=
img=$shared/fixtures/images/tiny/app.docker.tar
if [ -f "$img" ] && command -v python3 > /dev/null; then
	mkdir -p "$tmp/hello"
	python3 - "$img" "$tmp/hello/hello-go" <<'PY'
import sys, tarfile, io
outer = tarfile.open(sys.argv[1])
for m in outer.getmembers():
    if not m.name.endswith('.tar'):
        continue
    data = outer.extractfile(m).read()
    try:
        inner = tarfile.open(fileobj=io.BytesIO(data))
        for e in inner:
            if e.name.lstrip('/') == 'usr/local/bin/hello-go':
                open(sys.argv[2], 'wb').write(inner.extractfile(e).read())
    except tarfile.ReadError:
        # umoci's layer tars end without padding: what was read is kept
        pass
PY
	[ -s "$tmp/hello/hello-go" ] && hello=$tmp/hello/hello-go &&
		chmod +x "$hello"
	if [ -n "$hello" ] && [ "$(ours "$img")" = "$(ours "$hello")" ] &&
	   [ "$(ours "$img")" = "$(printf 'stdlib\t1.19.8')" ]; then
		ok "hello-go: the image lists what the file holds (stdlib 1.19.8)"
	else
		bad "hello-go: the image and the file taken out of it differ"
	fi
else
	skip "tiny fixture image or python3 absent"
fi

if command -v go > /dev/null; then
	for f in /usr/bin/umoci /usr/bin/skopeo; do
		if [ -f "$f" ]; then
			mkdir -p "$tmp/d-${f##*/}" && cp "$f" "$tmp/d-${f##*/}/"
			check "$f" "$f" "$tmp/d-${f##*/}"
		else
			skip "$f absent"
		fi
	done
	[ -n "$hello" ] && check "hello-go" "$hello" "$tmp/hello"
	# a module program with dependencies and replacements, offline
	m=$tmp/mod
	mkdir -p "$m/app" "$m/dep1" "$m/dep2" "$m/dep2b" "$m/local" "$tmp/gocache"
	printf 'module example.com/dep1\n\ngo 1.19\n' > "$m/dep1/go.mod"
	printf 'package dep1\n\nfunc Name() string { return "dep1" }\n' > "$m/dep1/dep1.go"
	printf 'module example.com/dep2\n\ngo 1.19\n' > "$m/dep2b/go.mod"
	printf 'package dep2\n\nfunc Name() string { return "dep2b" }\n' > "$m/dep2b/dep2.go"
	printf 'module example.com/local\n\ngo 1.19\n' > "$m/local/go.mod"
	printf 'package local\n\nfunc Name() string { return "local" }\n' > "$m/local/local.go"
	cat > "$m/app/go.mod" <<'GOMOD'
module example.com/app

go 1.19

require (
	example.com/dep1 v1.2.3
	example.com/dep2 v0.1.0
	example.com/local v0.0.0-00010101000000-000000000000
)

replace example.com/dep1 => ../dep1
replace example.com/dep2 => ../dep2b
replace example.com/local => ../local
GOMOD
	cat > "$m/app/main.go" <<'GOMAIN'
package main

import (
	"example.com/dep1"
	"example.com/dep2"
	"example.com/local"
)

func main() { println(dep1.Name(), dep2.Name(), local.Name()) }
GOMAIN
	mkdir -p "$tmp/appbin"
	if (cd "$m/app" && GOPROXY=off GOFLAGS=-mod=mod GOCACHE=$tmp/gocache \
	    GOPATH=$tmp/gopath GO111MODULE=on CGO_ENABLED=0 \
	    go build -o "$tmp/appbin/app" . > "$tmp/gobuild.log" 2>&1); then
		# every replacement here is a local directory: bulkhead lists
		# none of them, as go version -m shows no version for them
		check "module program (local replacements)" "$tmp/appbin/app" "$tmp/appbin"
		if [ "$(ours "$tmp/appbin/app" | cut -f1 | tr '\n' ' ')" = "stdlib " ]; then
			ok "module program: its local replacements and (devel) main are no rows"
		else
			bad "module program: rows beyond stdlib: $(ours "$tmp/appbin/app" | tr '\n' ' ')"
		fi
	else
		bad "go build of the module program failed: $(head -n 3 "$tmp/gobuild.log")"
	fi
	# a published dependency and one replaced by another published
	# module: served from a file:// module proxy made here
	if command -v python3 > /dev/null; then
		python3 - "$tmp/proxy" <<'PY'
import json, os, sys, zipfile
def mod(path, ver, name, body):
    d = os.path.join(sys.argv[1], path, '@v')
    os.makedirs(d, exist_ok=True)
    gomod = 'module %s\n\ngo 1.19\n' % name
    open(os.path.join(d, 'list'), 'a').write(ver + '\n')
    open(os.path.join(d, ver + '.info'), 'w').write(json.dumps({'Version': ver, 'Time': '2024-01-01T00:00:00Z'}))
    open(os.path.join(d, ver + '.mod'), 'w').write(gomod)
    with zipfile.ZipFile(os.path.join(d, ver + '.zip'), 'w') as z:
        z.writestr('%s@%s/go.mod' % (path, ver), gomod)
        z.writestr('%s@%s/x.go' % (path, ver), 'package %s\n\nfunc Name() string { return "%s" }\n' % (name.split('/')[-1], body))
mod('example.com/dep1', 'v1.2.3', 'example.com/dep1', 'dep1')
mod('example.com/dep2', 'v0.1.0', 'example.com/dep2', 'dep2')
mod('example.com/fork', 'v0.2.0-20240101000000-abcdefabcdef', 'example.com/dep2', 'fork')
PY
		mkdir -p "$tmp/pub" "$tmp/pubbin"
		printf 'module example.com/pub\n\ngo 1.19\n\nrequire (\n\texample.com/dep1 v1.2.3\n\texample.com/dep2 v0.1.0\n)\n\nreplace example.com/dep2 => example.com/fork v0.2.0-20240101000000-abcdefabcdef\n' > "$tmp/pub/go.mod"
		printf 'package main\n\nimport (\n\t"example.com/dep1"\n\t"example.com/dep2"\n)\n\nfunc main() { println(dep1.Name(), dep2.Name()) }\n' > "$tmp/pub/main.go"
		if (cd "$tmp/pub" && GOPROXY=file://$tmp/proxy GOSUMDB=off GOFLAGS=-mod=mod \
		    GOCACHE=$tmp/gocache GOPATH=$tmp/gopath GO111MODULE=on CGO_ENABLED=0 \
		    go build -o "$tmp/pubbin/pub" . > "$tmp/gobuild.log" 2>&1); then
			check "module program (published deps, one replaced)" "$tmp/pubbin/pub" "$tmp/pubbin"
			if ours "$tmp/pubbin/pub" | grep -q "^example.com/fork	0.2.0-20240101000000-abcdefabcdef$" &&
			   ! ours "$tmp/pubbin/pub" | grep -q "^example.com/dep2	"; then
				ok "module program: the replacement is listed, not what it replaced"
			else
				bad "module program: replacement not applied: $(ours "$tmp/pubbin/pub" | tr '\n' ' ')"
			fi
		else
			bad "go build of the published-deps program failed: $(head -n 3 "$tmp/gobuild.log")"
		fi
	fi
	# the module cache is read-only: go removes it, then the trap the rest
	GOPATH=$tmp/gopath GOCACHE=$tmp/gocache go clean -modcache > /dev/null 2>&1 || true
	chmod -R u+w "$tmp" 2> /dev/null
else
	skip "go absent (golang-go): no go version -m oracle"
fi

if command -v dpkg-query > /dev/null; then
	for p in umoci skopeo; do
		bu=$(dpkg-query -W -f='${Built-Using}\n' "$p" 2> /dev/null | tr ',' '\n' |
		     sed -nE 's/^ *golang-1\.[0-9]+ \(= ([0-9.]+)-[^)]*\).*/\1/p' | head -n 1)
		if [ -z "$bu" ] || [ ! -f "/usr/bin/$p" ]; then
			skip "$p: not installed or no golang Built-Using"
			continue
		fi
		got=$(ours "/usr/bin/$p" | awk -F'\t' '$1 == "stdlib" { print $2 }')
		if [ "$got" = "$bu" ]; then
			ok "$p: stdlib $got, as Built-Using: golang (= $bu-...) says"
		else
			bad "$p: stdlib '$got', Built-Using says $bu"
		fi
	done
else
	skip "dpkg-query absent"
fi

if [ $skipped != 0 ]; then
	echo "sbom_go: $pass passed, $fail failed, $skipped skipped"
else
	echo "sbom_go: $pass passed, $fail failed"
fi
[ $fail = 0 ]
