# tests/suites/lib/validators.sh - sourced by the suites that validate
# bulkhead's output with npm tools (sarif.sh: the SARIF Multitool;
# sbom_formats.sh: ajv with the CycloneDX and SPDX schemas).  Not a suite
# itself (run_all.sh runs tests/suites/*.sh only).
#
# validators_install FILE...: when any FILE is missing, installs the
# packages pinned in tests/validators/package.json into
# tests/validators/node_modules (npm, scripts off, at most 10 minutes).
# Returns 0 when every FILE is there afterwards; else 1 with the reason
# in $validators_why (and the npm log's last lines printed, indented).
# The caller decides whether that skips or fails its suite.  Run from
# the repository's top directory.
validators_install() {
	local f missing=0 log
	validators_why=
	for f in "$@"; do
		[ -e "$f" ] || missing=1
	done
	[ $missing = 0 ] && return 0
	if ! command -v npm > /dev/null 2>&1; then
		validators_why="npm not found"
		return 1
	fi
	log=$(mktemp)
	if ! timeout 600 npm install --prefix tests/validators --no-audit \
		--no-fund --ignore-scripts > "$log" 2>&1; then
		tail -n 5 "$log" | sed 's/^/    /'
		rm -f "$log"
		validators_why="npm install failed (offline?)"
		return 1
	fi
	rm -f "$log"
	for f in "$@"; do
		if [ ! -e "$f" ]; then
			validators_why="npm install did not bring $f"
			return 1
		fi
	done
	return 0
}
