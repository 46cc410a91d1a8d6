#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are missing.
# --quiet: say nothing when all are present.  Needs root (or sudo) only when
# something is missing.
set -euo pipefail
quiet=0
if [ "${1:-}" = "--quiet" ]; then quiet=1; shift; fi
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	[ $quiet = 1 ] || echo "all Debian packages present"
	exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
