# lib/validators.sh - the validators the suites share, sourced (not a
# suite: tests/run_all.sh runs tests/suites/*.sh only).
#
# sarif_validator_ready: Microsoft's SARIF Multitool (npm
#   @microsoft/sarif-multitool-linux, pinned in tests/validators/package.json,
#   installed on first use into tests/validators/node_modules); returns 1
#   after calling the suite's `skipped` when it cannot be had.
# sarif_validate LABEL FILE [expect-errors]: the Multitool's errors (rule
#   kinds "Sarif;Gh") as failures, then bulkhead's own promises
#   (sarif_checks).  The Multitool exits 0 even when it reports errors, so
#   its own SARIF output is parsed: a log passes with no result of level
#   "error".
# cdx_validator_ready: tests/validators/validate-sbom.js with ajv and the
#   CycloneDX 1.5 / SPDX 2.3 schemas, installed on first use; returns 1
#   after calling the suite's `bad` when it cannot be had.
# The caller defines ok, bad, skipped and $tmp, and runs from the
# repository root.  Used by sarif.sh, sbom_formats.sh, vuln.sh.

sarif_validator_ready() {
	vdir=tests/validators
	mt=$vdir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
	if [ ! -e "$mt" ]; then
		if ! command -v npm > /dev/null 2>&1; then
			skipped "npm not found: cannot install the SARIF Multitool"
			return 1
		fi
		if ! timeout 600 npm install --prefix "$vdir" --no-audit --no-fund \
			> "$tmp/npm.log" 2>&1 || [ ! -e "$mt" ]; then
			tail -n 5 "$tmp/npm.log" | sed 's/^/    /'
			skipped "npm install of the SARIF Multitool failed (offline?)"
			return 1
		fi
	fi
	# npm does not run the package's postinstall (chmod) when scripts are off
	[ -x "$mt" ] || chmod u+x "$mt" 2> /dev/null
	if ! "$mt" --version > /dev/null 2>&1; then
		skipped "the SARIF Multitool does not run here"
		return 1
	fi
	if ! command -v jq > /dev/null 2>&1; then
		skipped "jq not found"
		return 1
	fi
	return 0
}

# sarif_validate LABEL FILE [expect-errors]: the Multitool's errors, as failures.
sarif_validate() {
	local label=$1 file=$2 want=${3:-0} out=$tmp/v.sarif
	rm -f "$out"
	if ! jq -e . "$file" > /dev/null 2>&1; then
		bad "$label: not JSON"
		return
	fi
	if ! "$mt" validate --rule-kind "Sarif;Gh" -c "$PWD/$vdir/multitool.xml" \
		-o "$out" "$file" \
		> "$tmp/mt.log" 2>&1 || [ ! -s "$out" ]; then
		sed 's/^/    /' "$tmp/mt.log" | head -n 10
		bad "$label: the Multitool failed to run"
		return
	fi
	local errors
	errors=$(jq -r '.runs[].results[]? | select(.level == "error")
		| "\(.ruleId): \(.message.text // .message.arguments[0] // "")"' "$out" | sort -u)
	local nerr=0
	[ -n "$errors" ] && nerr=$(wc -l <<< "$errors")
	if [ "$want" = 1 ]; then
		# the canary: the validator must see what is wrong
		[ "$nerr" -gt 0 ] && ok || bad "$label: the validator reported no error on a broken log"
		return
	fi
	local warnings
	warnings=$(jq -r '[.runs[].results[]? | select(.level != "error") | .ruleId]
		| group_by(.) | map("\(.[0]) x\(length)") | join(", ")' "$out")
	[ -n "$warnings" ] && echo "    $label: warnings/notes: $warnings"
	if [ "$nerr" = 0 ]; then
		ok
		echo "    ok $label: $(jq '[.runs[].results[]?] | length' "$file") results, no validator error"
	else
		bad "$label: $nerr validator error(s)"
		head -n 10 <<< "$errors" | cut -c1-300 | sed 's/^/    /'
	fi
	sarif_checks "$label" "$file"
}

# bulkhead's own promises about its SARIF (writer header, rpt_sarif.c).
sarif_checks() {
	local label=$1 file=$2 msg
	msg=$(jq -r '
	  .runs[0] as $r | ($r.tool.driver.rules) as $rules |
	  ( if $r.tool.driver.name != "bulkhead" then "driver name" else empty end ),
	  ( $rules[] | select((.properties["security-severity"] // "") | test("^[0-9]+\\.[0-9]$") | not)
	    | "rule \(.id): no security-severity" ),
	  ( $rules[] | select(.helpUri == null or .help.text == null or .name == null)
	    | "rule \(.id): no help/helpUri/name" ),
	  ( $r.results[] | select($rules[.ruleIndex].id != .ruleId)
	    | "result \(.ruleId): ruleIndex \(.ruleIndex) names another rule" ),
	  ( $r.results[] | select((.partialFingerprints.primaryLocationLineHash // "") | test("^[0-9a-f]{16}:[0-9]+$") | not)
	    | "result \(.ruleId): no primaryLocationLineHash" ),
	  ( $r.results[] | .locations[0].physicalLocation as $p
	    | select($p.artifactLocation.uri == null
	             or ($p.region != null and ($p.region.startLine // 0) < 1))
	    | "result \(.ruleId): location without uri or startLine < 1" ),
	  ( $r.results[] | select(.locations[0].physicalLocation.artifactLocation.uri
	                           | test("^[a-z]+:") | not)
	    | select(.locations[0].physicalLocation.artifactLocation.uriBaseId != "%SRCROOT%")
	    | "result \(.ruleId): relative uri without %SRCROOT%" )
	' "$file" 2>&1 | sort -u | head -n 10)
	if [ -z "$msg" ]; then ok; else bad "$label: $(tr '\n' ';' <<< "$msg")"; fi
}


# cdx_validator_ready: sets vdir and val (validate-sbom.js); `node "$val"
# cyclonedx|spdx FILE...` prints one line per document and
# "validated N documents, N errors".
cdx_validator_ready() {
	vdir=tests/validators
	val=$vdir/validate-sbom.js
	need="$vdir/node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.5.SNAPSHOT.schema.json
	$vdir/node_modules/ajv/package.json $vdir/node_modules/ajv-formats/package.json
	$vdir/node_modules/ajv-formats-draft2019/package.json
	$vdir/node_modules/spdx-expression-parse/package.json
	$vdir/node_modules/spdx-license-ids/index.json $vdir/node_modules/spdx-exceptions/index.json"
	missing() { for f in $need; do [ -e "$f" ] || return 0; done; return 1; }
	for tool in node jq python3; do
		if ! command -v $tool > /dev/null 2>&1; then
			bad "$tool not found: the documents cannot be validated"
			return 1
		fi
	done
	if missing; then
		if ! command -v npm > /dev/null 2>&1; then
			bad "npm not found: cannot install the schema validator"
			return 1
		fi
		if ! timeout 600 npm install --prefix "$vdir" --no-audit --no-fund \
			--ignore-scripts > "$tmp/npm.log" 2>&1 || missing; then
			tail -n 5 "$tmp/npm.log" | sed 's/^/    /'
			bad "npm install of the schema validator failed (offline?)"
			return 1
		fi
	fi
	return 0
}
