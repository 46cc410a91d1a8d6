#!/usr/bin/env bash
# test_deb_chroot.sh BINARY - `make deb-test`: the package `make deb` builds
# (scripts/mkdeb.sh), installed with apt into a fresh Debian 12 made here
# by debootstrap (minbase, from the machine's Debian mirror), so apt itself
# resolves its Depends line from a clean system; then run there: the
# version, a scan with findings (exit 1), `serve --help` (the network
# module /usr/lib/bulkhead/bulkhead-net.so loads: apt installed libcurl,
# libmicrohttpd and GnuTLS from its Depends), the man pages and
# completions in place, and `apt-get purge` leaving nothing behind.  Needs root, network
# to the mirror and debootstrap (about two minutes); not part of `make
# check`, whose tests/suites/install.sh installs the package with `dpkg
# -i` into an empty root instead.  BH_DEB_CHROOT=DIR keeps (and reuses) the
# Debian tree there.  Ends with "deb-chroot: N passed, N failed".
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
mirror=${BH_DEB_MIRROR:-http://deb.debian.org/debian}
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL deb-chroot: $*"; }
finish() { echo "deb-chroot: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
[ "$(id -u)" = 0 ] || { bad "needs root (chroot)"; finish; }
command -v debootstrap > /dev/null || { bad "debootstrap not installed (apt-get install debootstrap)"; finish; }
tmp=$(mktemp -d)
root=${BH_DEB_CHROOT:-$tmp/root}
cleanup() { umount "$root/proc" 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
deb=$(bash "$here/scripts/mkdeb.sh" "$bin" "$tmp/deb") && [ -f "$deb" ] && ok || { bad "mkdeb.sh failed"; finish; }
if [ ! -x "$root/usr/bin/apt-get" ]; then
	debootstrap --variant=minbase bookworm "$root" "$mirror" > "$tmp/dbs.log" 2>&1 ||
		{ tail -n 3 "$tmp/dbs.log"; bad "debootstrap failed"; finish; }
fi
ok
grep -q '^VERSION_ID="12"' "$root/etc/os-release" && ok || bad "the chroot is not Debian 12"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc" 2> /dev/null || true
cp "$deb" "$root/tmp/"
inroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
inroot dpkg-query -W bulkhead > /dev/null 2>&1 && inroot apt-get purge -y -qq bulkhead > /dev/null 2>&1
if inroot sh -c 'apt-get update -qq && apt-get install -y -qq "/tmp/$1"' sh "$(basename "$deb")" > "$tmp/apt.log" 2>&1; then ok
else tail -n 5 "$tmp/apt.log"; bad "apt-get install of the package failed"; finish; fi
[ "$(inroot bulkhead --version)" = "$("$bin" --version)" ] && ok || bad "the installed binary does not run: $(inroot bulkhead --version 2>&1 | head -n 1)"
printf 'FROM alpine\nRUN apk add curl\n' > "$root/tmp/Dockerfile"
inroot bulkhead scan --format json /tmp/Dockerfile > "$tmp/scan.json" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q '"BH1010"' "$tmp/scan.json" && ok || bad "scan in the chroot: exit $rc, $(head -n 1 "$tmp/err")"
if [ -f "$(dirname "$bin")/bulkhead-net.so" ]; then
	inroot bulkhead serve --help > /dev/null 2> "$tmp/err" && ok || bad "serve in the chroot: $(head -n 1 "$tmp/err")"
fi
for f in /usr/share/man/man1/bulkhead.1.gz /usr/share/man/man1/bulkhead-scan.1.gz \
	/usr/share/bash-completion/completions/bulkhead /usr/share/doc/bulkhead/copyright; do
	[ -f "$root$f" ] && ok || bad "not installed: $f"
done
[ "$(inroot dpkg-query -W -f '${Status}' bulkhead)" = "install ok installed" ] && ok || bad "dpkg does not list the package as installed"
inroot apt-get purge -y -qq bulkhead > /dev/null 2>&1 && ok || bad "apt-get purge failed"
[ ! -e "$root/usr/bin/bulkhead" ] && [ ! -e "$root/usr/share/man/man1/bulkhead-scan.1.gz" ] &&
	[ ! -e "$root/usr/lib/bulkhead/bulkhead-net.so" ] && ok || bad "purge left files"
finish
