#!/usr/bin/env bash
# install.sh BINARY - `make install` and `make deb` (scripts/install.sh,
# scripts/mkdeb.sh, scripts/gen_man.sh, scripts/gen_completions.sh): the
# files land where PREFIX and DESTDIR say, the man pages render without
# warnings and carry every option the command's --help lists (they are
# made from it: no drift), the bash completion completes commands,
# options and option values, the zsh and fish files parse (when those
# shells are here), and the .deb installs into an empty dpkg root, runs,
# names dependencies this Debian satisfies, and removes cleanly.  The
# network module (bulkhead-net.so, when the build made one) lands in
# PREFIX/lib/bulkhead/ and /usr/lib/bulkhead/, the installed `serve` finds
# it there, and the package depends on the libraries it links.
# Ends with "install: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL install: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped install: $*"; }
finish() { echo "install: $pass passed, $fail failed, $skip skipped"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- make install (the script it runs) ---------------------------------
if bash scripts/install.sh "$bin" "$tmp/dest" /opt/bh > "$tmp/out" 2>&1; then ok
else bad "install.sh failed: $(tail -n 1 "$tmp/out")"; finish; fi
root=$tmp/dest/opt/bh
cmds=$("$bin" help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}' |
	grep -v -x -E 'help|version')
[ "$(wc -w <<< "$cmds")" -ge 9 ] && ok || bad "only $(wc -w <<< "$cmds") commands read from 'bulkhead help'"
want="bin/bulkhead share/man/man1/bulkhead.1.gz
share/bash-completion/completions/bulkhead share/zsh/vendor-completions/_bulkhead
share/fish/vendor_completions.d/bulkhead.fish share/doc/bulkhead/README.md"
for c in $cmds; do want+=" share/man/man1/bulkhead-$c.1.gz"; done
mod=$(dirname "$bin")/bulkhead-net.so
[ -f "$mod" ] && want+=" lib/bulkhead/bulkhead-net.so"
missing=""
for f in $want; do [ -f "$root/$f" ] || missing+=" $f"; done
[ -z "$missing" ] && ok || bad "not installed:$missing"
[ -x "$root/bin/bulkhead" ] && [ "$("$root/bin/bulkhead" --version)" = "$("$bin" --version)" ] && ok ||
	bad "the installed binary does not print the same --version"
if [ -f "$mod" ]; then
	"$root/bin/bulkhead" serve --help > /dev/null 2> "$tmp/err" && ok ||
		bad "the installed serve does not find its module: $(head -n 1 "$tmp/err")"
fi
extra=$(cd "$tmp/dest" && find . -type f | grep -v '^\./opt/bh/' || true)
[ -z "$extra" ] && ok || bad "files outside DESTDIR/PREFIX: $extra"
if bash scripts/install.sh "$bin" "$tmp/rel" relative/prefix > /dev/null 2> "$tmp/err"; then
	bad "a relative PREFIX was accepted"
else
	[ $? = 2 ] && grep -q 'PREFIX must be an absolute path' "$tmp/err" && ok ||
		bad "relative PREFIX: not exit 2 with a message ($(cat "$tmp/err"))"
fi

# --- man pages: render cleanly, every option of --help on its page -----
for c in "" $cmds; do
	page=$root/share/man/man1/bulkhead${c:+-$c}.1.gz
	[ -f "$page" ] || continue
	zcat "$page" > "$tmp/page.1"
	warn=$(groff -man -Tutf8 -ww -z "$tmp/page.1" 2>&1)
	[ -z "$warn" ] && ok || bad "bulkhead${c:+-$c}.1: groff warns: $(head -n 2 <<< "$warn")"
	MANWIDTH=200 man -l "$tmp/page.1" 2> /dev/null | col -b > "$tmp/page.txt"
	if [ -z "$c" ]; then
		lost=""
		for x in $cmds; do grep -q "bulkhead-$x" "$tmp/page.txt" || lost+=" $x"; done
		[ -z "$lost" ] && ok || bad "bulkhead.1 does not name:$lost"
		continue
	fi
	lost=""
	while read -r opt; do
		grep -q -e "$opt" "$tmp/page.txt" || lost+=" $opt"
	done < <("$bin" "$c" --help | grep -o -E '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' | grep -o -E -- '--[a-z0-9-]+')
	[ -z "$lost" ] && ok || bad "bulkhead-$c.1 lacks options of its --help:$lost"
	# a command's own exit paragraph ("exit: " and the lines indented
	# under it: serve's, with the expired certificate) is the page's
	# EXIT STATUS, whole (blanks squeezed: man fills the text)
	want=$("$bin" "$c" --help | awk '/^exit: / {on=1; sub(/^exit: /, ""); print; next}
		on && /^      / {print; next} on {exit}' | tr -s ' \n\t' ' ' | sed 's/^ //; s/ $//')
	if [ -n "$want" ]; then
		got=$(sed -n '/^EXIT STATUS/,/^SEE ALSO/p' "$tmp/page.txt" | sed '1d;$d' |
			tr -s ' \n\t' ' ' | sed 's/^ //; s/ $//; s/\.$//')
		[ "$got" = "$want" ] && ok ||
			bad "bulkhead-$c.1 EXIT STATUS '$got' is not its --help's '$want'"
	fi
	grep -q "^NAME" "$tmp/page.txt" && grep -q "bulkhead-$c - " "$tmp/page.txt" && ok ||
		bad "bulkhead-$c.1 has no NAME line"
done

# --- bash completion ---------------------------------------------------
complete_words() { # words... (the last is the one completed)
	bash -c '
	source "$1"; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	_bulkhead
	printf "%s\n" "${COMPREPLY[@]}"' _ "$root/share/bash-completion/completions/bulkhead" "$@" | sort | tr '\n' ' '
}
got=$(complete_words bulkhead sc)
[ "$got" = "scan " ] && ok || bad "bash: 'bulkhead sc' completes to '$got', not 'scan'"
got=$(complete_words bulkhead scan --for)
[ "$got" = "--format " ] && ok || bad "bash: 'bulkhead scan --for' completes to '$got'"
want=$("$bin" scan --help | grep -o -E -- '--format [a-z|]+' | head -n 1 | cut -d' ' -f2 | tr '|' '\n' | sort | tr '\n' ' ')
got=$(complete_words bulkhead scan --format "")
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "bash: scan --format values '$got', --help says '$want'"
got=$(complete_words bulkhead sbom --format cy)
[ "$got" = "cyclonedx " ] && ok || bad "bash: 'sbom --format cy' completes to '$got'"
got=$(complete_words bulkhead fix --wr)
[ "$got" = "--write " ] && ok || bad "bash: 'fix --wr' completes to '$got'"
got=$(complete_words bulkhead help vu)
[ "$got" = "vuln " ] && ok || bad "bash: 'help vu' completes to '$got'"

# --- zsh and fish: the files parse ---------------------------------------
if command -v zsh > /dev/null; then
	zsh -n "$root/share/zsh/vendor-completions/_bulkhead" 2> "$tmp/err" && ok || bad "zsh -n: $(head -n 1 "$tmp/err")"
else skipped "zsh not installed (_bulkhead not parsed)"; fi
if command -v fish > /dev/null; then
	fish -n "$root/share/fish/vendor_completions.d/bulkhead.fish" 2> "$tmp/err" && ok || bad "fish -n: $(head -n 1 "$tmp/err")"
else skipped "fish not installed (bulkhead.fish not parsed)"; fi
# without the shells, at least every command and option is in both files
lost=""
for c in $cmds; do
	grep -q "'$c:" "$root/share/zsh/vendor-completions/_bulkhead" || lost+=" zsh:$c"
	grep -q -- "-a $c " "$root/share/fish/vendor_completions.d/bulkhead.fish" || lost+=" fish:$c"
done
grep -q "seen_subcommand_from scan' -l format " "$root/share/fish/vendor_completions.d/bulkhead.fish" || lost+=" fish:scan--format"
grep -q "'--format\[\]:value:(text json" "$root/share/zsh/vendor-completions/_bulkhead" || lost+=" zsh:--format"
[ -z "$lost" ] && ok || bad "completions lack:$lost"

# --- make deb ------------------------------------------------------------
if ! command -v dpkg-deb > /dev/null || ! command -v dpkg-shlibdeps > /dev/null; then
	skipped "dpkg-deb/dpkg-shlibdeps not installed (make deb not tested)"
	finish
fi
if deb=$(bash scripts/mkdeb.sh "$bin" "$tmp/deb" 2> "$tmp/err"); then ok
else bad "mkdeb.sh failed: $(tail -n 1 "$tmp/err")"; finish; fi
[ "$(dpkg-deb -f "$deb" Package)" = bulkhead ] && ok || bad "deb: Package is not bulkhead"
[ "$(dpkg-deb -f "$deb" Version)" = "$("$bin" --version | awk '{print $2}')" ] && ok || bad "deb: Version differs from --version"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] && ok || bad "deb: wrong Architecture"
deps=$(dpkg-deb -f "$deb" Depends)
grep -q 'libc6' <<< "$deps" && ok || bad "deb: Depends lacks libc6 ('$deps')"
if [ -f "$mod" ]; then
	for l in libcurl4 libmicrohttpd12 libgnutls30; do
		grep -q "$l" <<< "$deps" && ok || bad "deb: Depends lacks $l, which the network module links ('$deps')"
	done
fi
# every dependency is satisfied by the packages of this Debian
unsat=""
IFS=',' read -r -a alts <<< "$deps"
for d in "${alts[@]}"; do
	d=$(sed 's/^ *//' <<< "$d")
	name=${d%% *}
	have=$(dpkg-query -W -f '${Version}' "$name" 2> /dev/null || true)
	if [ -z "$have" ]; then unsat+=" $d(absent)"; continue; fi
	if [[ $d == *'('* ]]; then
		op=$(sed -E 's/.*\(([<>=]+) .*/\1/' <<< "$d"); v=$(sed -E 's/.*\([<>=]+ ([^)]*)\).*/\1/' <<< "$d")
		case $op in '>=') rel=ge ;; '<=') rel=le ;; '=') rel=eq ;; '>>') rel=gt ;; '<<') rel=lt ;; *) rel=ge ;; esac
		dpkg --compare-versions "$have" "$rel" "$v" || unsat+=" $d(have $have)"
	fi
done
[ -z "$unsat" ] && ok || bad "deb: dependencies not satisfied here:$unsat"
dpkg-deb -c "$deb" | awk '{print $6}' > "$tmp/contents"
lost=""
for f in ./usr/bin/bulkhead ./usr/share/man/man1/bulkhead-scan.1.gz \
	./usr/share/bash-completion/completions/bulkhead ./usr/share/doc/bulkhead/copyright \
	$([ -f "$mod" ] && echo ./usr/lib/bulkhead/bulkhead-net.so); do
	grep -q -x -F "$f" "$tmp/contents" || lost+=" $f"
done
[ -z "$lost" ] && ok || bad "deb lacks:$lost"
r=$tmp/droot
mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates"
: > "$r/var/lib/dpkg/status"
if dpkg --root="$r" --force-depends --force-script-chrootless --force-not-root -i "$deb" > "$tmp/out" 2>&1; then ok
else bad "dpkg -i into an empty root failed: $(tail -n 1 "$tmp/out")"; finish; fi
[ "$("$r/usr/bin/bulkhead" --version 2>&1)" = "$("$bin" --version)" ] && ok || bad "the installed package's binary does not run"
printf 'FROM alpine\nRUN apk add curl\n' > "$tmp/Dockerfile"
"$r/usr/bin/bulkhead" scan "$tmp/Dockerfile" > /dev/null 2>&1
[ $? = 1 ] && ok || bad "the packaged binary does not scan (exit not 1)"
if [ -f "$mod" ]; then
	"$r/usr/bin/bulkhead" serve --help > /dev/null 2> "$tmp/err" && ok ||
		bad "the packaged serve does not find its module: $(head -n 1 "$tmp/err")"
fi
[ "$(dpkg-query --admindir="$r/var/lib/dpkg" -W -f '${Status}' bulkhead)" = "install ok installed" ] && ok ||
	bad "dpkg does not list the package as installed"
dpkg --root="$r" --force-depends --force-script-chrootless --force-not-root -r bulkhead > /dev/null 2>&1
left=$(find "$r/usr" -type f 2> /dev/null | wc -l)
[ "$left" = 0 ] && ok || bad "dpkg -r left $left files"
finish
