#!/usr/bin/env bash
# vuln.sh BINARY - `bulkhead vuln` end to end on the shared fixtures.
#
# The 33 real OSV records of ../shared/fixtures/osv are imported with
# `bulkhead db import` (BH_VULN_DB=FILE uses a database made elsewhere),
# then `bulkhead vuln --format json` runs over the pkgdb fixtures (the apk
# and dpkg databases inside root filesystems made here whose os-release
# says Alpine 3.18.4 and Debian 12, the npm and Python files) and the tiny
# image, and EVERY row of ../shared/fixtures/osv/expected-matches.tsv is
# checked: "affected" needs a vulnerability of that package and version
# whose id or aliases name the advisory; "not-affected" and
# "not-applicable" need none.  A row whose package comes from a file
# ../shared lacks is SKIPPED with that reason.
# Then: SARIF through the SARIF Multitool, GitLab's format on the image
# (a distinct issue per package copy), and CycloneDX through the 1.5
# schema (tests/suites/lib/validators.sh, shared with sarif.sh and
# sbom_formats.sh), every `affects` ref a component's bom-ref; the flags
# (--severity, --threshold, --exit-code, --ignore-unfixed, --vex,
# --ignorefile with reasons and expiry) and the exit codes; the
# configuration's policy.max-severity as the gate (--config, discovery,
# --threshold winning).
# SKIPS (and says so) when ../shared is absent or `bulkhead db import` is
# not there.  Ends with "vuln: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
shared=${BH_SHARED:-../shared}
[ -d "$shared" ] && shared=$(realpath "$shared")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL vuln: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped vuln: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "vuln: $pass passed, $fail failed, $skip skipped"
	else
		echo "vuln: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

osv=$shared/fixtures/osv
pk=$shared/fixtures/pkgdb
img=$shared/fixtures/images/tiny/app.docker.tar
if [ ! -f "$osv/expected-matches.tsv" ] || [ ! -d "$pk" ]; then
	skipped "$shared/fixtures absent: nothing to match"
	finish
fi
if ! command -v jq > /dev/null 2>&1; then
	skipped "jq not found"
	finish
fi

# -- the database ---------------------------------------------------------------
db=$tmp/vuln.db
if [ -n "${BH_VULN_DB:-}" ]; then
	db=$BH_VULN_DB
elif "$bin" db import --db "$db" "$osv" > "$tmp/import.log" 2>&1; then
	ok
else
	skipped "bulkhead db import is not available or failed: $(tail -n 1 "$tmp/import.log")"
	finish
fi

# -- inputs -----------------------------------------------------------------------
mkdir -p "$tmp/alpine/etc" "$tmp/alpine/lib/apk/db" "$tmp/debian/etc" \
	"$tmp/debian/var/lib/dpkg" "$tmp/deb11/etc" "$tmp/deb11/var/lib/dpkg"
printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\n' > "$tmp/alpine/etc/os-release"
cp "$pk/apk/scalibr-installed" "$tmp/alpine/lib/apk/db/installed"
printf 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\n' > "$tmp/debian/etc/os-release"
cp "$pk/dpkg/debootstrap-bookworm-minbase.status" "$tmp/debian/var/lib/dpkg/status"
printf 'ID=debian\nVERSION_ID="11"\n' > "$tmp/deb11/etc/os-release"
printf 'Package: chromium\nStatus: install ok installed\nVersion: 120.0.6099.224-1~deb11u1\nArchitecture: amd64\n' \
	> "$tmp/deb11/var/lib/dpkg/status"
inputs=("$tmp/alpine" "$tmp/debian" "$pk/npm" "$pk/npm/scalibr-nested-dependencies.v2.json"
	"$pk/npm/scalibr-bundled-dependencies.v3.json" "$pk/python")
[ -f "$img" ] && inputs+=("$img")

"$bin" vuln --db "$db" --format json "${inputs[@]}" > "$tmp/all.json" 2> "$tmp/all.err"
rc=$?
if [ $rc = 1 ] && jq -e '.vulnerabilities | length > 0' "$tmp/all.json" > /dev/null; then
	ok
else
	bad "vuln over the fixtures: exit $rc (want 1): $(head -n 3 "$tmp/all.err")"
fi
"$bin" sbom --format json "${inputs[@]}" > "$tmp/sbom.json" 2> /dev/null

# -- every row of expected-matches.tsv ----------------------------------------------
rows=0
while IFS=$'\t' read -r eco name ver adv want from; do
	case $eco in '#'*|'') continue ;; esac
	rows=$((rows + 1))
	label="$adv $name $ver ($want)"
	listed=$(jq --arg n "$name" --arg v "$ver" \
		'[.packages[] | select(.name == $n and .version == $v)] | length' "$tmp/sbom.json")
	if [ "${listed:-0}" = 0 ]; then
		# a row whose source file ../shared does not hold (the table
		# names go/binary_with_module_replacement-*.elf, which is not
		# there) cannot be judged: skipped, saying so
		src=${from%% *}
		if [ "${from#(image)}" = "$from" ] && [ ! -e "$pk/$src" ] &&
		   [ ! -e "$shared/fixtures/$src" ]; then
			skipped "$label: its source $src is not in $shared/fixtures"
		else
			bad "$label: the package is not listed by bulkhead sbom"
		fi
		continue
	fi
	hits=$(jq --arg n "$name" --arg v "$ver" --arg a "$adv" \
		'[.vulnerabilities[] | select(.package.name == $n and .package.version == $v)
		  | select(.id == $a or (.aliases | index($a)))] | length' "$tmp/all.json")
	case $want in
	affected) [ "$hits" -ge 1 ] && ok || bad "$label: not reported" ;;
	not-affected|not-applicable) [ "$hits" = 0 ] && ok || bad "$label: reported" ;;
	*) bad "$label: unknown expected result '$want'" ;;
	esac
done < "$osv/expected-matches.tsv"
[ $rows -ge 24 ] && ok || bad "expected-matches.tsv: only $rows rows read"

# known answers beyond the table: fixed versions, ids, severity
check() { # label, jq filter that must print true
	if jq -e "$2" "$tmp/all.json" > /dev/null 2>&1; then ok; else bad "$1"; fi
}
check "musl: fixed in 1.2.4-r3, id CVE-2025-26519 (the CVE of the group)" \
	'[.vulnerabilities[] | select(.package.name == "musl")] | length == 1 and
	 .[0].fixed_version == "1.2.4-r3" and .[0].id == "CVE-2025-26519" and
	 (.[0].aliases | index("ALPINE-CVE-2025-26519")) != null'
check "lodash 4.17.20: GHSA-35jh-r3h4-6jhm is CVE-2021-23337, HIGH 7.2, fixed 4.17.21" \
	'[.vulnerabilities[] | select(.package.name == "lodash" and
	  (.aliases | index("GHSA-35jh-r3h4-6jhm")))] | length >= 1 and
	 all(.id == "CVE-2021-23337" and .severity == "HIGH" and .cvss_score == 7.2
	     and .fixed_version == "4.17.21")'
check "a Debian 12 image matches no Debian:9 record" \
	'[.vulnerabilities[] | select(.package.ecosystem == "deb")] | length == 0'
check "summary counts: unjudged 0, packages looked up > 100" \
	'.summary.unjudged == 0 and .summary.packages_looked_up > 100'

# -- SARIF and CycloneDX ------------------------------------------------------------
. tests/suites/lib/validators.sh
small=("$pk/npm/npm11-install" "$pk/python" "$tmp/alpine")
(cd "$tmp" && "$bin" vuln --db "$db" --format sarif "${small[@]}") > "$tmp/vuln.sarif" 2> "$tmp/v.err"
rc=$?
if [ $rc = 1 ] && [ "$(jq '.runs[0].results | length' "$tmp/vuln.sarif")" = \
	"$("$bin" vuln --db "$db" --format json "${small[@]}" | jq '.vulnerabilities | length')" ]; then
	ok
else
	bad "sarif: exit $rc or not one result per vulnerability"
fi
if sarif_validator_ready; then
	sarif_validate "vuln --format sarif" "$tmp/vuln.sarif"
fi
# the CI formats on the image (tests/suites/formats.sh validates them): a
# result per vulnerability of a package, at the image, the database inside
# it named, so two copies of one package (lodash in a lock file and in
# node_modules) are two issues with two fingerprints
if [ -f "$img" ]; then
	"$bin" vuln --db "$db" --format gitlab "$img" > "$tmp/img.gitlab" 2> /dev/null; rc=$?
	nj=$("$bin" vuln --db "$db" --format json "$img" 2> /dev/null | jq '.vulnerabilities | length')
	if [ $rc = 1 ] && [ "${nj:-0}" -ge 2 ] && jq -e --argjson n "$nj" --arg img "$img" 'length == $n and
		all(.[]; .location.path == $img) and ([.[].fingerprint] | unique | length) == $n and
		([.[].description] | unique | length) == $n and
		([.[] | select(.description | test(" \\(/[^)]+\\) is affected"))] | length) == $n' \
		"$tmp/img.gitlab" > /dev/null; then ok
	else bad "vuln --format gitlab on the image: exit $rc, not $nj distinct issues at the image"; fi
fi
"$bin" vuln --db "$db" --format cyclonedx "${small[@]}" > "$tmp/v.cdx" 2> "$tmp/c.err"
rc=$?
check_cdx=$(jq -r '[.components[]? | ."bom-ref"] as $refs
	| [.vulnerabilities[] | .affects[].ref | select(. as $r | $refs | index($r) | not)]
	| length' "$tmp/v.cdx" 2> /dev/null)
nv=$(jq '.vulnerabilities | length' "$tmp/v.cdx" 2> /dev/null)
if [ $rc = 1 ] && [ "$check_cdx" = 0 ] && [ "${nv:-0}" -ge 5 ]; then
	ok
else
	bad "cyclonedx: exit $rc, $nv vulnerabilities, $check_cdx affects refs naming no component"
fi
if cdx_validator_ready; then
	node "$val" cyclonedx "$tmp/v.cdx" > "$tmp/val.out" 2>&1
	last=$(tail -n 1 "$tmp/val.out")
	[ "$last" = "validated 1 documents, 0 errors" ] && ok ||
		bad "cyclonedx schema: $last $(head -n 5 "$tmp/val.out")"
fi

# -- image layers: not hashed unless --verify-digests (docs/decisions.md) -------------
if [ -f "$img" ]; then
	# one byte of a file no cataloger reads, in the first (uncompressed)
	# layer, flipped: its diff_id no longer matches
	python3 - "$img" "$tmp/edited.tar" <<'PY'
import shutil, sys, tarfile
src, out = sys.argv[1:]
shutil.copyfile(src, out)
with tarfile.open(src) as t:
    m = next(m for m in t.getmembers() if m.name.endswith(".tar"))
    x = tarfile.open(fileobj=t.extractfile(m)).getmember("usr/share/base-files/info.dir")
    pos = m.offset_data + x.offset_data
with open(out, "r+b") as f:
    f.seek(pos); b = f.read(1); f.seek(pos); f.write(bytes([b[0] ^ 0x20]))
PY
	for f in "$img" "$tmp/edited.tar"; do
		for v in "" --verify-digests; do
			"$bin" vuln --db "$db" --format json $v "$f" > "$tmp/v$v-${f##*/}.json" 2> "$tmp/v.err"
			echo "$?" > "$tmp/v$v-${f##*/}.rc"
		done
	done
	o=${img##*/}
	# the same answer, read with or without hashing, edited or not
	if [ "$(cat "$tmp/v-$o.rc")" = 1 ] && [ "$(cat "$tmp/v--verify-digests-$o.rc")" = 1 ] &&
	   [ "$(cat "$tmp/v-edited.tar.rc")" = 1 ] &&
	   cmp -s "$tmp/v-$o.json" "$tmp/v--verify-digests-$o.json" &&
	   [ "$(jq -c '[.vulnerabilities[] | [.id, .package.name // .name]] | sort' "$tmp/v-$o.json")" = \
	     "$(jq -c '[.vulnerabilities[] | [.id, .package.name // .name]] | sort' "$tmp/v-edited.tar.json")" ] &&
	   jq -e '.vulnerabilities | length > 0' "$tmp/v-$o.json" > /dev/null; then
		ok
	else
		bad "vuln with and without --verify-digests: exit codes $(cat "$tmp"/v*.rc | tr '\n' ' ')"
	fi
	"$bin" vuln --db "$db" --verify-digests "$tmp/edited.tar" > /dev/null 2> "$tmp/v.err"
	rc=$?
	if [ $rc = 2 ] && grep -q "fails verification" "$tmp/v.err"; then ok
	else bad "vuln --verify-digests on an edited layer: exit $rc (want 2): $(head -c 300 "$tmp/v.err")"; fi
fi

# -- flags and exit codes -------------------------------------------------------------
npm11=$pk/npm/npm11-install/package-lock.json   # lodash HIGH, semver MEDIUM
run() { "$bin" vuln --db "$db" "$@" > "$tmp/out" 2> "$tmp/err"; echo $?; }
[ "$(run "$npm11")" = 1 ] && ok || bad "default: a vulnerability exits 1"
[ "$(run --threshold CRITICAL "$npm11")" = 0 ] && ok || bad "--threshold CRITICAL: exit 0"
[ "$(run --threshold high "$npm11")" = 1 ] && ok || bad "--threshold high: exit 1"
[ "$(run --threshold HIGH --exit-code 7 "$npm11")" = 7 ] && ok || bad "--exit-code 7"
[ "$(run --exit-code 0 "$npm11")" = 0 ] && ok || bad "--exit-code 0 never fails"
run --format json --severity HIGH "$npm11" > /dev/null
[ "$(jq -r '[.vulnerabilities[].package.name] | unique | join(",")' "$tmp/out")" = lodash ] &&
	[ "$(jq '.summary.severity_left_out' "$tmp/out")" = 1 ] && ok || bad "--severity HIGH"
run --format json --severity MEDIUM+ "$npm11" > /dev/null
[ "$(jq '.vulnerabilities | length' "$tmp/out")" = 2 ] && ok || bad "--severity MEDIUM+"
[ "$(run --severity SEVERE "$npm11")" = 2 ] && grep -q "bad severity list" "$tmp/err" && ok ||
	bad "--severity SEVERE: usage error"
# --ignore-unfixed: chromium on Debian 11 has CVE-2024-3847 with no fix (urgency low)
run --format json "$tmp/deb11" > /dev/null
jq -e '.vulnerabilities | length == 1 and .[0].id == "CVE-2024-3847" and
	.[0].fixed_version == null and .[0].severity == "LOW"' "$tmp/out" > /dev/null &&
	ok || bad "deb11 chromium: CVE-2024-3847 unfixed LOW"
[ "$(run --format json --ignore-unfixed "$tmp/deb11")" = 0 ] &&
	jq -e '.vulnerabilities == [] and .summary.unfixed_left_out == 1' "$tmp/out" > /dev/null &&
	ok || bad "--ignore-unfixed"
# --vex: not_affected for lodash's CVE (through its GHSA alias) suppresses it
cat > "$tmp/v.vex.json" <<'EOF'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
 "author": "test", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "GHSA-35jh-r3h4-6jhm"},
   "products": [{"@id": "pkg:npm/lodash@4.17.20"}], "status": "not_affected",
   "justification": "vulnerable_code_not_in_execute_path"}]}
EOF
run --format json --vex "$tmp/v.vex.json" "$npm11" > /dev/null
jq -e '[.vulnerabilities[].package.name] == ["semver"] and .summary.vex_suppressed == 1' \
	"$tmp/out" > /dev/null && grep -q "1 vulnerability suppressed by" "$tmp/err" &&
	ok || bad "--vex not_affected suppresses lodash, says how many"
echo '{"statements": [' > "$tmp/bad.vex.json"
[ "$(run --vex "$tmp/bad.vex.json" "$npm11")" = 2 ] && grep -q "bad.vex.json" "$tmp/err" &&
	ok || bad "--vex malformed: exit 2 naming the file"
# --ignorefile: reasons required, expiry
cat > "$tmp/ig.yaml" <<'EOF'
ignore:
  - id: CVE-2022-25883
    reason: "semver is only used at build time"
    expires: 2999-01-01
  - id: GHSA-35jh-r3h4-6jhm
    reason: "accepted until the upgrade"
    expires: 2020-01-01
EOF
run --format json --ignorefile "$tmp/ig.yaml" "$npm11" > /dev/null
jq -e '[.vulnerabilities[].package.name] == ["lodash"] and .summary.ignored == 1 and
	.summary.ignore_expired == 1' "$tmp/out" > /dev/null &&
	grep -q "ig.yaml:5: ignore entry for GHSA-35jh-r3h4-6jhm expired on 2020-01-01: reported again" "$tmp/err" &&
	ok || bad "--ignorefile: in force ignores, expired warns and reports ($(head -n 2 "$tmp/err"))"
printf 'ignore:\n  - id: CVE-2022-25883\n' > "$tmp/noreason.yaml"
[ "$(run --ignorefile "$tmp/noreason.yaml" "$npm11")" = 2 ] && grep -q "no reason" "$tmp/err" &&
	ok || bad "--ignorefile without reason: exit 2"
# the default ignore file of the current directory
cp "$tmp/ig.yaml" "$tmp/.bulkhead-vuln.yaml"
(cd "$tmp" && "$bin" vuln --db "$db" --format json "$npm11") > "$tmp/out" 2> /dev/null
jq -e '.summary.ignored == 1' "$tmp/out" > /dev/null && ok || bad ".bulkhead-vuln.yaml read by default"
# .bulkhead.yaml policy.max-severity (docs/policy.md), found as scan and
# image find it: npm11 has lodash HIGH and semver MEDIUM.  max-severity
# high: nothing over it, exit 0 (the default "any" threshold no longer
# applies); medium: lodash is over it, exit 1 (or --exit-code); --threshold
# given wins over the policy; --config names another file
mkdir -p "$tmp/pol" && printf 'policy:\n  max-severity: high\n' > "$tmp/pol/.bulkhead.yaml" &&
	printf 'policy:\n  max-severity: medium\n' > "$tmp/pol/medium.yaml"
prun() { (cd "$tmp/pol" && "$bin" vuln --db "$db" "$@") > "$tmp/out" 2> "$tmp/err"; echo $?; }
[ "$(prun "$npm11")" = 0 ] && grep -q "^0 over the policy's max-severity high (.bulkhead.yaml), the limit that fails the run$" "$tmp/out" &&
	ok || bad "policy max-severity high: exit 0, text line ($(tail -n 1 "$tmp/out"))"
[ "$(prun --format json --config medium.yaml "$npm11")" = 1 ] &&
	jq -e '.summary.policy == {"config": "medium.yaml", "max_severity": "medium", "over": 1} and
		[.vulnerabilities[] | select(.over_policy) | .package.name] == ["lodash"]' "$tmp/out" > /dev/null &&
	ok || bad "policy max-severity medium (--config): exit 1, lodash over ($(head -c 300 "$tmp/out"))"
[ "$(prun --config medium.yaml --exit-code 5 "$npm11")" = 5 ] && ok || bad "policy with --exit-code 5"
[ "$(prun --config medium.yaml --threshold critical "$npm11")" = 0 ] &&
	grep -q "^1 over the policy's max-severity medium (medium.yaml); --threshold decides the exit code$" "$tmp/out" &&
	ok || bad "--threshold wins over the policy"
[ "$(prun --threshold medium "$npm11")" = 1 ] && ok || bad "--threshold medium under policy high: exit 1"
# the CI formats mark what fails the run (the gate: max-severity, or
# --threshold when given): SARIF level error and failsRun/overPolicy for
# lodash (HIGH over medium), note for semver (MEDIUM, not over); with
# --threshold critical nothing fails, every result a note; no gate: the
# advisory's severity as before (tests/suites/formats.sh: the other formats)
prun --format sarif --config medium.yaml "$npm11" > /dev/null
jq -e '[.runs[0].results[] | [.ruleId, .level, .properties.failsRun, .properties.overPolicy]] | sort ==
	[["CVE-2021-23337", "error", true, true], ["CVE-2022-25883", "note", false, false]]' "$tmp/out" > /dev/null &&
	ok || bad "sarif under max-severity medium: levels/properties ($(jq -c '[.runs[0].results[] | [.ruleId, .level, .properties]]' "$tmp/out" 2>&1 | head -c 300))"
prun --format sarif --config medium.yaml --threshold critical "$npm11" > /dev/null
jq -e '[.runs[0].results[] | [.level, .properties.failsRun, .properties.overPolicy]] | sort ==
	[["note", false, false], ["note", false, true]]' "$tmp/out" > /dev/null &&
	ok || bad "sarif --threshold critical wins: every result a note, overPolicy kept"
# ($tmp's .bulkhead-vuln.yaml accepts one of them)
[ ! -e "$tmp/.bulkhead.yaml" ] && (cd "$tmp" && "$bin" vuln --db "$db" --format sarif "$npm11") 2> /dev/null |
	jq -e '[.runs[0].results[]] | length > 0 and all(.[]; (.level == "error" or .level == "warning") and
	(.properties | has("failsRun") or has("overPolicy") | not))' > /dev/null &&
	ok || bad "sarif without a gate: levels by severity, no gate properties"
[ "$(prun --config medium.yaml --severity MEDIUM "$npm11")" = 0 ] && ok ||
	bad "policy: a vulnerability left out by --severity does not fail the run"
[ ! -e "$tmp/.bulkhead.yaml" ] &&
	(cd "$tmp" && "$bin" vuln --db "$db" --format json "$npm11") 2> /dev/null | jq -e '.summary | has("policy") | not' > /dev/null &&
	! ( cd "$tmp" && "$bin" vuln --db "$db" --format json "$npm11" 2> /dev/null | jq -e '.vulnerabilities[0] | has("over_policy")' > /dev/null 2>&1 ) &&
	[ "$(cd "$tmp" && "$bin" vuln --db "$db" "$npm11" > /dev/null 2>&1; echo $?)" = 1 ] &&
	ok || bad "no policy: no policy summary, any vulnerability fails as before"
# no database, unreadable path
[ "$(run --db "$tmp/none.db" "$npm11")" = 2 ] &&
	grep -q "no vulnerability database at $tmp/none.db (run bulkhead db import)" "$tmp/err" &&
	ok || bad "no database: exit 2 with the message"
[ "$(run "$tmp/missing-dir")" = 2 ] && ok || bad "a missing path: exit 2"
# the default database: $XDG_CACHE_HOME/bulkhead/vuln.db, else ~/.cache
XDG_CACHE_HOME=$tmp/xdg "$bin" vuln "$npm11" > /dev/null 2> "$tmp/err"
[ $? = 2 ] && grep -q "no vulnerability database at $tmp/xdg/bulkhead/vuln.db" "$tmp/err" &&
	ok || bad "default database path under XDG_CACHE_HOME"
mkdir -p "$tmp/xdg/bulkhead" "$tmp/home/.cache/bulkhead"
cp "$db" "$tmp/xdg/bulkhead/vuln.db"
XDG_CACHE_HOME=$tmp/xdg "$bin" vuln "$npm11" > /dev/null 2>&1
[ $? = 1 ] && ok || bad "the database at the default path is used"
cp "$db" "$tmp/home/.cache/bulkhead/vuln.db"
env -u XDG_CACHE_HOME HOME=$tmp/home "$bin" vuln "$npm11" > /dev/null 2>&1
[ $? = 1 ] && ok || bad "~/.cache/bulkhead/vuln.db without XDG_CACHE_HOME"
finish
