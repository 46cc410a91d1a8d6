#!/usr/bin/env bash
# netmodule.sh BULKHEAD - the network module bulkhead-net.so (src/cli/net.h,
# net_load.c; docs/decisions.md "The network module"): libcurl,
# the server's libmicrohttpd and GnuTLS (or libevent and libssl,
# -Dserve_lib=libevent) are linked to the module only, and the binary
# loads it for `db update --from URL` and `serve` only.
#   - `readelf -d` (NEEDED) and `ldd` of BULKHEAD list none of libcurl,
#     libmicrohttpd, libevent, GnuTLS or the libraries they bring (libssl, nghttp2,
#     ssh2, GSS-API, LDAP, p11-kit, rtmp, psl); the module's do (the check
#     is shown to fire on it);
#   - `scan` loads none of them (LD_DEBUG=libs), `serve --help` loads the
#     module (the same check firing; `db update --from URL` in a build
#     with -Dserve=false);
#   - found beside the binary (the build tree) and in ../lib/bulkhead/ (the
#     installed layout): `serve --help` exits 0 (that build: the fetch
#     runs);
#   - a binary without its module: `serve` and `db update --from URL` are
#     one line naming the module's path, exit 2, no database made; an
#     unloadable module (an empty file) and a module of another version
#     (its version stamp rewritten) are one line naming it, exit 2;
#   - a module another user could have put there or replace is not loaded
#     (one line, exit 2): writable by every user, in a directory every
#     user can write to (not sticky), reached through a symbolic link
#     into such a directory, owned by another user (as root only); one in
#     a sticky directory (/tmp) of our own loads, and so does the binary
#     run through a symbolic link from elsewhere (the module is found
#     beside the real binary).
# A build without the module (-Dnet=false -Dserve=false, or the static
# image, whose server is linked in) checks only the first point.  Skips what needs readelf or ldd when
# absent.  Ends with "netmodule: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")/../.."
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mod=$(dirname "$bin")/bulkhead-net.so
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL netmodule: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped netmodule: $*"; }
finish() { echo "netmodule: $pass passed, $fail failed, $skip skipped"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

netlibs='libcurl|libmicrohttpd|libevent|libgnutls|libssl\.|libnghttp2|libssh2|libgssapi|libldap|libp11-kit|librtmp|libpsl'
# needed FILE -> the NEEDED entries of its dynamic section, one a line
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

# --- what the binary links ---------------------------------------------
if command -v readelf > /dev/null; then
	got=$(needed "$bin" | grep -E "$netlibs" | tr '\n' ' ')
	[ -z "$got" ] && ok || bad "the binary links the network libraries again (NEEDED): $got"
	if [ -f "$mod" ]; then
		got=$(needed "$mod" | grep -E "$netlibs" | tr '\n' ' ')
		[ -n "$got" ] && ok || bad "the NEEDED check cannot fire: the module lists none of them either"
	fi
else skipped "readelf not installed (NEEDED not read)"; fi
if command -v ldd > /dev/null; then
	got=$(ldd "$bin" 2>&1 | grep -E "$netlibs" | awk '{print $1}' | tr '\n' ' ')
	[ -z "$got" ] && ok || bad "ldd: the binary loads the network libraries again: $got"
	if [ -f "$mod" ]; then
		n=$(ldd "$mod" 2>&1 | grep -c -E "$netlibs")
		[ "$n" -ge 3 ] && ok || bad "the ldd check cannot fire: the module loads $n of them"
	fi
else skipped "ldd not installed (loaded libraries not listed)"; fi

if [ ! -f "$mod" ]; then
	if "$bin" serve --help 2>&1 | grep -q -- '-Dserve=false'; then
		skipped "a build without the network module (-Dserve=false): nothing to load"
	elif command -v file > /dev/null && file -b "$bin" | grep -q 'statically linked'; then
		skipped "the static build (-Dstatic=true): the server is linked in, no module"
	else
		bad "no $mod beside the binary, and serve is built in"
	fi
	finish
fi

# The command that loads the module: `serve --help` when serve is built
# in, else `db update --from URL` (a closed port: libcurl's refusal).
if "$bin" serve --help 2>&1 | grep -q -- '-Dserve=false'; then
	cmd=db; lib=libcurl
	use() { "$1" db update --db "$tmp/u.db" --from http://127.0.0.1:9/all.zip; }
	works() { use "$1" > /dev/null 2> "$tmp/err"; grep -q 'cannot fetch' "$tmp/err"; }
else
	cmd=serve; lib='libmicrohttpd|libevent'
	use() { "$1" serve --help; }
	works() { use "$1" > "$tmp/out" 2> "$tmp/err" && grep -q '^usage: bulkhead serve' "$tmp/out"; }
fi

# --- loaded only when needed -------------------------------------------
printf 'FROM debian:12-slim\nUSER 10001\n' > "$tmp/Dockerfile"
LD_DEBUG=libs "$bin" scan --format json "$tmp/Dockerfile" > /dev/null 2> "$tmp/ld"
got=$(grep -o -E "(bulkhead-net\.so|$netlibs)[^ ]*" "$tmp/ld" | sort -u | tr '\n' ' ')
[ -z "$got" ] && ok || bad "scan loads the network code: $got"
LD_DEBUG=libs use "$bin" > /dev/null 2> "$tmp/ld"
grep -q 'bulkhead-net\.so' "$tmp/ld" && grep -q -E "$lib" "$tmp/ld" && ok ||
	bad "the load check cannot fire: $cmd loads no bulkhead-net.so and $lib"

# --- found beside the binary and in ../lib/bulkhead/ ---------------------
works "$bin" && ok || bad "$cmd with the module beside the binary: $(head -n 1 "$tmp/err")"
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/lib/bulkhead"
cp "$bin" "$tmp/prefix/bin/bulkhead"
cp "$mod" "$tmp/prefix/lib/bulkhead/"
works "$tmp/prefix/bin/bulkhead" && ok ||
	bad "$cmd with the module in ../lib/bulkhead/: $(head -n 1 "$tmp/err")"

# --- missing, unloadable, of another version ----------------------------
# one_line NAME WANT CMD... : exit 2, exactly one stderr line holding WANT
one_line() {
	local name=$1 want=$2; shift 2
	"$@" > /dev/null 2> "$tmp/err"; local rc=$?
	if [ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q -F -- "$want" "$tmp/err"; then ok
	else bad "$name: exit $rc, stderr '$(head -n 3 "$tmp/err")', want one line with '$want'"; fi
}
rm -rf "$tmp/prefix/lib"
lone=$tmp/prefix/bin/bulkhead
where=$tmp/prefix/lib/bulkhead/bulkhead-net.so
if [ $cmd = serve ]; then
	one_line "serve, no module" "bulkhead: serve: $where: the network module is not installed" \
		"$lone" serve --admission --listen 127.0.0.1:0 --tls-cert x --tls-key y
fi
if nm -D --defined-only "$mod" | grep -q ' bhnet_fetch$'; then
	one_line "db update --from URL, no module" "bulkhead: db: $where: the network module is not installed" \
		"$lone" db update --db "$tmp/u.db" --from http://127.0.0.1:9/all.zip
	[ ! -e "$tmp/u.db" ] && ok || bad "db update without the module left $tmp/u.db"
fi
# --from PATH needs no module
printf '{"id":"GHSA-test-0001","modified":"2024-01-01T00:00:00Z","affected":[]}\n' > "$tmp/rec.json"
"$lone" db update --db "$tmp/p.db" --from "$tmp/rec.json" > /dev/null 2> "$tmp/err" && ok ||
	bad "db update --from PATH without the module: $(head -n 1 "$tmp/err")"
: > "$tmp/prefix/bin/bulkhead-net.so"
one_line "an empty module" "bulkhead: $cmd: $tmp/prefix/bin/bulkhead-net.so: cannot load the network module:" \
	use "$lone"
python3 - "$mod" "$tmp/prefix/bin/bulkhead-net.so" "$("$bin" --version | awk '{print $2}')" <<'EOF' 2> "$tmp/err"
# copies the module with its bhnet_version string (the symbol's bytes,
# found through the section holding its address) turned to 9.9.9
import subprocess, sys
src, dst, ver = sys.argv[1], sys.argv[2], sys.argv[3].encode()
addr = None
for line in subprocess.run(['nm', '-D', '--defined-only', src], capture_output=True, text=True).stdout.splitlines():
    f = line.split()
    if len(f) == 3 and f[2] == 'bhnet_version':
        addr = int(f[0], 16)
secs = subprocess.run(['readelf', '-W', '-S', src], capture_output=True, text=True).stdout
off = None
for line in secs.splitlines():
    f = line.replace('[ ', '[').split()
    if len(f) > 6 and f[0].startswith('[') and f[0] != '[Nr]':
        a, o, sz = int(f[3], 16), int(f[4], 16), int(f[5], 16)
        if a and a <= addr < a + sz and f[2] == 'PROGBITS':
            off = addr - a + o
data = bytearray(open(src, 'rb').read())
assert off is not None and data[off:off + len(ver) + 1] == ver + b'\0', 'bhnet_version not found'
new = b'9.9.9'[:len(ver)].ljust(len(ver), b'9')
data[off:off + len(ver)] = new
open(dst, 'wb').write(data)
EOF
if [ $? = 0 ]; then
	one_line "a module of another version" "the network module is of bulkhead 9.9.9" use "$lone"
else bad "could not make a module of another version: $(tail -n 1 "$tmp/err")"; fi

# --- a module someone else could have put there or replace --------------
beside=$tmp/prefix/bin/bulkhead-net.so
rm -f "$beside"; cp "$mod" "$beside"; chmod 755 "$tmp/prefix/bin"
works "$lone" && ok || bad "$cmd with a copied module: $(head -n 1 "$tmp/err")"
chmod o+w "$beside"
one_line "a module writable by every user" "$beside: the network module is not loaded: writable by every user" use "$lone"
chmod o-w "$beside"; chmod 777 "$tmp/prefix/bin"
one_line "a module in a directory every user can write to" "the network module is not loaded: its directory is writable by every user" use "$lone"
chmod +t "$tmp/prefix/bin"
works "$lone" && ok || bad "$cmd with our module in a sticky directory: $(head -n 1 "$tmp/err")"
chmod 755 "$tmp/prefix/bin"; mkdir -m 777 "$tmp/open"; mv "$beside" "$tmp/open/"
ln -s "$tmp/open/bulkhead-net.so" "$beside"
one_line "a module linked into a directory every user can write to" "its directory is writable by every user" use "$lone"
rm -f "$beside"; mv "$tmp/open/bulkhead-net.so" "$beside"
mkdir "$tmp/elsewhere"; ln -s "$lone" "$tmp/elsewhere/bulkhead"
works "$tmp/elsewhere/bulkhead" && ok || bad "$cmd through a symbolic link to the binary: $(head -n 1 "$tmp/err")"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$beside"
	one_line "a module of another user" "the network module is not loaded: owned by uid 65534" use "$lone"
	chown 0 "$beside"; chown 65534 "$tmp/prefix/bin"
	one_line "a module in another user's directory" "its directory is owned by uid 65534" use "$lone"
else skipped "not root: a module owned by another user not made"; fi
finish
