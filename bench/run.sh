#!/usr/bin/env bash
# run.sh BINARY - every benchmark: runs each bench/*.sh other than this one
# (dockerfiles.sh, and compose.sh, image.sh, secrets.sh ... as they land)
# with the binary.  Each script prints its own table and skips, with a
# message, when ../shared or a peer tool is missing.  Exit status: the
# number of scripts that failed (a crash, not a missed target).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ]; then
	echo "usage: bench/run.sh BINARY" >&2
	exit 2
fi
bin=$(realpath "$1")
if [ ! -x "$bin" ]; then
	echo "bench: $bin is not an executable (run 'make build')" >&2
	exit 2
fi
failed=0
for s in "$here"/*.sh; do
	[ "$(basename "$s")" = run.sh ] && continue
	[ "$(basename "$s")" = lib.sh ] && continue # sourced, not a bench
	echo "== bench/$(basename "$s")"
	if ! bash "$s" "$bin"; then
		echo "bench/$(basename "$s"): FAILED"
		failed=$((failed + 1))
	fi
	echo
done
exit $failed
