#!/usr/bin/env bash
# install.sh BINARY DESTDIR PREFIX - what `make install` puts in place:
#   PREFIX/bin/bulkhead
#   PREFIX/lib/bulkhead/bulkhead-net.so (the network module of `serve` and
#     `db update --from URL`, src/cli/net.h; when the build made one: it
#     is beside BINARY)
#   PREFIX/share/man/man1/bulkhead.1, bulkhead-CMD.1 (one per command)
#   PREFIX/share/bash-completion/completions/bulkhead
#   PREFIX/share/zsh/vendor-completions/_bulkhead
#   PREFIX/share/fish/vendor_completions.d/bulkhead.fish
#   PREFIX/share/doc/bulkhead/ (README.md, docs/*.md)
# The pages and completions come from the binary's --help
# (gen_man.sh, gen_completions.sh).  Tests: tests/suites/install.sh.
set -eu
bin=$1 destdir=$2 prefix=$3
case $prefix in
/*) ;;
*) echo "bulkhead: install: PREFIX must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
root=$destdir$prefix
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash "$here/scripts/gen_man.sh" "$bin" "$tmp/man1"
bash "$here/scripts/gen_completions.sh" "$bin" "$tmp/comp"
install -d "$root/bin" "$root/share/man/man1" \
	"$root/share/bash-completion/completions" \
	"$root/share/zsh/vendor-completions" \
	"$root/share/fish/vendor_completions.d" "$root/share/doc/bulkhead"
install -m 0755 "$bin" "$root/bin/bulkhead"
mod=$(dirname "$bin")/bulkhead-net.so
if [ -f "$mod" ]; then
	install -d "$root/lib/bulkhead"
	install -m 0644 "$mod" "$root/lib/bulkhead/bulkhead-net.so"
fi
for p in "$tmp"/man1/*.1; do
	gzip -9 -n -c "$p" > "$root/share/man/man1/$(basename "$p").gz"
	chmod 0644 "$root/share/man/man1/$(basename "$p").gz"
done
install -m 0644 "$tmp/comp/bulkhead.bash" "$root/share/bash-completion/completions/bulkhead"
install -m 0644 "$tmp/comp/_bulkhead" "$root/share/zsh/vendor-completions/_bulkhead"
install -m 0644 "$tmp/comp/bulkhead.fish" "$root/share/fish/vendor_completions.d/bulkhead.fish"
install -m 0644 "$here/README.md" "$here"/docs/*.md "$root/share/doc/bulkhead/"
echo "installed bulkhead in $root"
