#!/usr/bin/env bash
# formats.sh BINARY - the report formats CI systems read (src/report/
# rpt_junit.c, rpt_checkstyle.c, rpt_gitlab.c, rpt_sonar.c, and the
# HTML page, rpt_html.c, whose browser checks are in html.sh): exact
# goldens for tests/formats/Dockerfile (XML special characters, a masked
# token), each checked by its consumer's rules: JUnit against
# tests/formats/junit.xsd with xmllint, Checkstyle's layout with xmllint
# XPath, GitLab Code Quality against the JSON schema GitLab itself checks
# each entry with (tests/validators/gitlab-codeclimate.schema.json, ajv as
# tests/suites/lib/validators.sh installs it) and the fields and values
# its documentation requires with jq, SonarQube's required fields and
# values with jq (SonarQube publishes no schema), the HTML's finding rows counted; a clean run; `secrets` in each format; no secret value in any;
# `inspect`, `daemon` and `image` in each format, checked the same way;
# `vuln` in each format on a small OSV database made here: the same checks, and
# each holds the vulnerabilities `vuln --format json` lists, at their files.
# Regenerate the goldens with BH_UPDATE_GOLDEN=1.
# Ends with "formats: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
root=$PWD
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL formats: $*"; }
finish() { echo "formats: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
skipped() { bad "$*"; }
. tests/suites/lib/validators.sh
cdx_validator_ready && gval=$root/$val || gval=
command -v xmllint > /dev/null || { bad "xmllint not installed"; finish; }
command -v jq > /dev/null || { bad "jq not installed"; finish; }
fmts="junit checkstyle gitlab sonarqube html"
cp tests/formats/Dockerfile "$tmp/Dockerfile"
cd "$tmp"
for f in $fmts; do
	"$bin" scan --format "$f" Dockerfile > "out.$f" 2> err; rc=$?
	[ $rc = 1 ] && ok || bad "$f: exit $rc, not 1 ($(head -n 1 err))"
	golden=$root/tests/formats/golden/scan.$f
	if [ "${BH_UPDATE_GOLDEN:-}" = 1 ]; then cp "out.$f" "$golden"; fi
	if cmp -s "out.$f" "$golden"; then ok
	else bad "$f differs from its golden"; diff -u "$golden" "out.$f" | head -n 20; fi
	grep -q 'AbCdEfGhIjKl' "out.$f" && bad "$f prints the token" || ok
done

# each format's consumer rules, on the reports PREFIX.junit, .checkstyle,
# .gitlab and .sonarqube (LABEL names the run in failures)
validate() { # LABEL PREFIX
	local l=$1 o=$2 n t sevs
	# JUnit: the schema, and counts that add up
	xmllint --noout --schema "$root/tests/formats/junit.xsd" "$o.junit" 2> err && ok || bad "$l junit: $(head -n 2 err)"
	n=$(xmllint --xpath 'count(//testcase/failure)' "$o.junit")
	t=$(xmllint --xpath 'string(/testsuites/@failures)' "$o.junit")
	[ "$n" = "$t" ] && [ "$n" -gt 0 ] && ok || bad "$l junit: $n failures, testsuites says $t"
	# Checkstyle: root, files, errors with the attributes the readers need
	xmllint --noout "$o.checkstyle" 2> err && ok || bad "$l checkstyle not well-formed: $(head -n 1 err)"
	[ "$(xmllint --xpath 'name(/*)' "$o.checkstyle")" = checkstyle ] && ok || bad "$l checkstyle: root is not <checkstyle>"
	sevs=$(xmllint --xpath '//error/@severity' "$o.checkstyle" | tr ' ' '\n' | sed -n 's/severity="\(.*\)"/\1/p' | sort -u | tr '\n' ' ')
	grep -q -v -E '^(error |info |warning )+$' <<< "$sevs" && bad "$l checkstyle severities: $sevs" || ok
	[ "$(xmllint --xpath 'count(//file/error[not(@message) or not(@source) or not(@severity)])' "$o.checkstyle")" = 0 ] &&
		ok || bad "$l checkstyle: an <error> lacks message, source or severity"
	# GitLab Code Quality: the fields GitLab requires, its severities, unique
	# fingerprints
	jq -e 'type == "array" and length > 0 and all(.[];
		(.description | type == "string") and (.check_name | type == "string") and
		(.fingerprint | type == "string" and length > 0) and
		(.severity | IN("info", "minor", "major", "critical", "blocker")) and
		(.location.path | type == "string") and (.location.lines.begin | type == "number" and . >= 1))
		and ([.[].fingerprint] | unique | length) == length' "$o.gitlab" > /dev/null && ok || bad "$l gitlab: required fields or values wrong"
	if [ -n "$gval" ]; then
		node "$gval" gitlab "$o.gitlab" > gv.log 2>&1 && grep -q '^validated 1 documents, 0 errors$' gv.log &&
			ok || bad "$l gitlab: GitLab's schema: $(head -n 4 gv.log | tr '\n' ' ')"
	fi
	# SonarQube (10.3+ generic format): rules with impacts, issues naming them
	jq -e '(.rules | length > 0) and all(.rules[];
		(.id | type == "string") and (.name | type == "string") and .engineId == "bulkhead" and
		(.cleanCodeAttribute | type == "string") and (.impacts | length > 0) and
		all(.impacts[]; (.softwareQuality | IN("SECURITY", "RELIABILITY", "MAINTAINABILITY")) and
		(.severity | IN("HIGH", "MEDIUM", "LOW"))))
		and ([.rules[].id] as $ids | all(.issues[]; .ruleId as $r | $ids | index($r)))
		and all(.issues[]; (.primaryLocation.message | type == "string") and
		(.primaryLocation.filePath | type == "string") and .primaryLocation.textRange.startLine >= 1)
		and ([.rules[].id] | unique | length) == (.rules | length)' "$o.sonarqube" > /dev/null && ok || bad "$l sonarqube: required fields or values wrong"
}
validate scan out
# the GitLab schema check can fail: an entry without a fingerprint and with
# a string line, and a report that is not an array
if [ -n "$gval" ]; then
	printf '[{"description":"d","severity":"minor","location":{"path":"p","lines":{"begin":"1"}}}]' > canary.gitlab
	node "$gval" gitlab canary.gitlab > gv.log 2>&1; rc=$?
	[ $rc = 1 ] && grep -q 'fingerprint' gv.log && grep -q '/0/location/lines/begin must be integer' gv.log &&
		grep -q '^validated 1 documents, 2 errors$' gv.log && ok || bad "gitlab canary not rejected: $(tr '\n' ' ' < gv.log)"
	printf '{}' > canary2.gitlab
	node "$gval" gitlab canary2.gitlab > gv.log 2>&1 && bad "gitlab canary: an object passed" || ok
fi
# HTML: one finding row per finding, the masked excerpt, the file named
[ "$(grep -c '^<tr class="finding"' out.html)" = "$(jq length out.gitlab)" ] && ok ||
	bad "html: $(grep -c '^<tr class="finding"' out.html) finding rows, $(jq length out.gitlab) findings"
grep -qF 'ENV API_TOKEN=<mark>ghp_************************************</mark></pre>' out.html &&
	grep -qF '<h2>Dockerfile <span' out.html && ok || bad "html: no masked excerpt or file heading"

# the same finding keeps its GitLab fingerprint when lines move
mkdir moved
printf '# a comment\n\n' | cat - Dockerfile > moved/Dockerfile
(cd moved && "$bin" scan --format gitlab Dockerfile > ../moved.gitlab 2> /dev/null)
a=$(jq -r '.[] | select(.check_name == "BH1200") | .fingerprint' out.gitlab)
b=$(jq -r '.[] | select(.check_name == "BH1200") | .fingerprint' moved.gitlab)
l=$(jq -r '.[] | select(.check_name == "BH1200") | .location.lines.begin' moved.gitlab)
[ -n "$a" ] && [ "$a" = "$b" ] && [ "$l" = 5 ] && ok || bad "gitlab: BH1200's fingerprint changed when it moved to line $l ($a, $b)"

# a clean run
printf 'FROM alpine:3.20@sha256:%064d\nUSER 10001\nHEALTHCHECK CMD ["/bin/true"]\nCMD ["sh"]\n' 0 > clean.Dockerfile
for f in $fmts; do
	"$bin" scan --format "$f" --severity critical,high,medium,low clean.Dockerfile > "clean.$f" 2> err; rc=$?
	[ $rc = 0 ] && ok || bad "$f clean: exit $rc"
done
xmllint --noout --schema "$root/tests/formats/junit.xsd" clean.junit 2> /dev/null &&
	[ "$(xmllint --xpath 'count(//testcase)' clean.junit)" = 1 ] &&
	[ "$(xmllint --xpath 'count(//failure)' clean.junit)" = 0 ] && ok || bad "junit clean: not one passing test case"
[ "$(jq -c . clean.gitlab)" = '[]' ] && ok || bad "gitlab clean: not []"
[ "$(jq -c '[.rules, .issues]' clean.sonarqube)" = '[[],[]]' ] && ok || bad "sonarqube clean: not empty"
grep -q '<p id="none">No findings.</p>' clean.html && ! grep -q '<tr class="finding"' clean.html && ok || bad "html clean: not 'No findings'"
xmllint --noout clean.checkstyle && [ "$(xmllint --xpath 'count(//error)' clean.checkstyle)" = 0 ] && ok || bad "checkstyle clean"

# files a walk found and did not scan: a skipped test case per reason
mkdir walk && cp clean.Dockerfile walk/Dockerfile
printf 'x: 1\n' > walk/a.yaml; printf 'y: 2\n' > walk/b.yaml
"$bin" scan --format junit walk > walk.junit 2> /dev/null; rc=$?
[ $rc = 0 ] && xmllint --noout --schema "$root/tests/formats/junit.xsd" walk.junit 2> /dev/null &&
	[ "$(xmllint --xpath 'string(/testsuites/@skipped)' walk.junit)" = 1 ] &&
	[ "$(xmllint --xpath 'count(//testcase/skipped)' walk.junit)" = 1 ] &&
	[ "$(xmllint --xpath 'string(//testcase/skipped/@message)' walk.junit)" = "2 files not scanned: YAML that is not Compose or Kubernetes" ] &&
	[ "$(xmllint --xpath 'count(//testcase[not(skipped)])' walk.junit)" = 1 ] && ok ||
	bad "junit: skipped files not one skipped case saying why (exit $rc): $(grep -i skipped walk.junit | head -n 3)"

# an input error shows in the XML formats
printf 'services: [\n' > compose.yaml
"$bin" scan --format junit compose.yaml > err.junit 2> /dev/null; rc=$?
[ $rc = 2 ] && xmllint --noout --schema "$root/tests/formats/junit.xsd" err.junit 2> /dev/null &&
	[ "$(xmllint --xpath 'count(//testcase/error)' err.junit)" = 1 ] && ok || bad "junit: an input error is not an errored test case (exit $rc)"

# secrets in each format: masked
printf 'token = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"\n' > settings.ini
for f in $fmts; do
	"$bin" secrets --format "$f" settings.ini > "sec.$f" 2> err; rc=$?
	[ $rc = 1 ] && ! grep -q 'AbCdEfGhIjKl' "sec.$f" && grep -q 'settings.ini' "sec.$f" && ok ||
		bad "secrets --format $f: exit $rc or token shown or file missing"
done
"$bin" scan --format yaml Dockerfile > /dev/null 2> err; rc=$?
[ $rc = 2 ] && grep -q 'junit, checkstyle, gitlab, sonarqube, html or baseline' err && ok || bad "unknown format: exit $rc, $(cat err)"
# baseline: record today's findings, then only new ones are reported,
# even after the recorded ones moved down
mkdir base && cd base
cp "$root/tests/formats/Dockerfile" Dockerfile
"$bin" scan --format baseline -o base.json Dockerfile 2> err; rc=$?
[ $rc = 0 ] && jq -e '.bulkhead_baseline == 1 and (.findings | length) > 0' base.json > /dev/null && ok ||
	bad "--format baseline: exit $rc or not a baseline"
grep -q 'AbCdEfGhIjKl' base.json && bad "the baseline holds the token" || ok
"$bin" scan --baseline base.json Dockerfile > out 2> err; rc=$?
[ $rc = 0 ] && grep -q 'findings recorded in the baseline base.json not reported' err && ok ||
	bad "scan --baseline on the same file: exit $rc"
printf '# moved\n\n' | cat - Dockerfile > D && mv D Dockerfile
echo 'RUN curl -fsSL https://example.invalid/i.sh | sh' >> Dockerfile
"$bin" scan --format json --baseline base.json Dockerfile > out.json 2> err; rc=$?
[ $rc = 1 ] && [ "$(jq -c '[.findings[].rule_id] | sort' out.json)" = '["BH1049","BH1107"]' ] && ok ||
	bad "scan --baseline after moving lines: exit $rc, $(jq -c '[.findings[].rule_id]' out.json 2>/dev/null)"
"$bin" scan --format sarif --baseline base.json Dockerfile > out.sarif 2> /dev/null
[ "$(jq '.runs[0].results | length' out.sarif)" = 2 ] && ok || bad "sarif with --baseline: not the 2 new results"
echo '{"findings": 3}' > bad.json
"$bin" scan --baseline bad.json Dockerfile > /dev/null 2> err; rc=$?
[ $rc = 2 ] && grep -q 'bad.json: not a baseline' err && ok || bad "a bad baseline: exit $rc, $(cat err)"
"$bin" scan --baseline missing.json Dockerfile > /dev/null 2> err; rc=$?
[ $rc = 2 ] && grep -q 'missing.json: cannot read the baseline' err && ok || bad "a missing baseline: exit $rc"
printf 'token = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"\n' > s.ini
"$bin" secrets --format baseline -o sb.json s.ini 2> /dev/null
"$bin" secrets --baseline sb.json s.ini > /dev/null 2> err; rc=$?
[ $rc = 0 ] && ok || bad "secrets --baseline: exit $rc"
cd ..

# -- inspect, daemon, image
# inspect and daemon (the runtime rules' inputs, taken from their case
# files) and image (a docker-archive built here: python3's tarfile, a
# config with no USER and a layer holding a private key): each format by
# the same rules as scan's, and as many findings in each as --format json
# lists (the HTML's finding rows too)
mkdir -p rt && cd rt
sed -n '/^--- file inspect.json$/,/^---/p' "$root/tests/cases/runtime/BH2001-root-user.case" | sed '1d;$d' > inspect.json
sed -n '/^--- file daemon.json$/,/^---/p' "$root/tests/cases/daemon/BH5101-icc.case" | sed '1d;$d' > daemon.json
python3 - img.tar <<'PY'
import hashlib, io, json, sys, tarfile
def add(t, name, data):
    ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
lb = io.BytesIO()
with tarfile.open(fileobj=lb, mode="w") as t:
    add(t, "root/.ssh/id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
layer = lb.getvalue()
diff = "sha256:" + hashlib.sha256(layer).hexdigest()
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": [diff]},
                  "history": [{"created_by": "COPY id_rsa /root/.ssh/"}]}).encode()
ch = hashlib.sha256(cfg).hexdigest()
with tarfile.open(sys.argv[1], "w") as t:
    add(t, diff[7:] + "/layer.tar", layer)
    add(t, ch + ".json", cfg)
    add(t, "manifest.json", json.dumps([{"Config": ch + ".json", "RepoTags": ["fmt:1"],
                                         "Layers": [diff[7:] + "/layer.tar"]}]).encode())
PY
for c in inspect:inspect.json daemon:daemon.json image:img.tar; do
	cmd=${c%%:*} in=${c#*:}
	"$bin" "$cmd" --format json "$in" > "o-$cmd.json" 2> err; rc=$?
	n=$(jq '.findings | length' "o-$cmd.json" 2> /dev/null)
	[ $rc = 1 ] && [ "${n:-0}" -gt 0 ] && ok || { bad "$cmd --format json: exit $rc, ${n:-no} findings ($(head -n 1 err))"; continue; }
	for f in $fmts; do
		"$bin" "$cmd" --format "$f" "$in" > "o-$cmd.$f" 2> err; rc=$?
		[ $rc = 1 ] && ok || bad "$cmd --format $f: exit $rc, not 1 ($(head -n 1 err))"
	done
	validate "$cmd" "o-$cmd"
	[ "$(xmllint --xpath 'count(//testcase/failure)' "o-$cmd.junit")" = "$n" ] &&
		[ "$(xmllint --xpath 'count(//file/error)' "o-$cmd.checkstyle")" = "$n" ] &&
		[ "$(jq length "o-$cmd.gitlab")" = "$n" ] && [ "$(jq '.issues | length' "o-$cmd.sonarqube")" = "$n" ] &&
		[ "$(grep -c '^<tr class="finding"' "o-$cmd.html")" = "$n" ] && ok ||
		bad "$cmd: the formats do not each hold the $n findings of --format json"
done
cd ..

# -- vuln: one result per vulnerability of a package, at the package's file
# A database of three real OSV records (GitHub advisories, trimmed to what
# matching reads: tests/formats/osv/) and two npm lock files: app/ holds lodash 4.17.15 and
# lodash-es 4.17.20 (GHSA-35jh-r3h4-6jhm, HIGH), postcss 8.4.30
# (GHSA-7fh5-64p2-3v2j, MEDIUM); web/ semver 7.5.1 (GHSA-c2qf-rxjj-qqgw,
# MEDIUM).  Every format is checked by the same rules as scan's, and holds
# exactly the vulnerabilities `vuln --format json` lists, at their files.
mkdir -p vuln/app vuln/web vuln/clean && cd vuln
lock() { # DIR NAME@VERSION...: an npm v3 lock file in DIR
	local d=$1 p; shift
	{ printf '{"name": "%s", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "%s", "version": "1.0.0"}' "$d" "$d"
	  for p in "$@"; do printf ', "node_modules/%s": {"version": "%s"}' "${p%@*}" "${p#*@}"; done
	  printf '}}\n'; } > "$d/package-lock.json"
}
lock app lodash@4.17.15 lodash-es@4.17.20 postcss@8.4.30
lock web semver@7.5.1
lock clean lodash@4.17.21 semver@7.5.2
if "$bin" db import --db v.db "$root/tests/formats/osv" > import.log 2>&1; then ok; else bad "vuln: db import: $(tail -n 1 import.log)"; fi
"$bin" vuln --db v.db --format json app web > v.json 2> err; rc=$?
# what every format must hold: "ID<TAB>file" per vulnerability of a package
jq -r '.vulnerabilities[] | "\(.id)\t\(.package.path)"' v.json | sort > want.tsv
[ $rc = 1 ] && [ "$(wc -l < want.tsv)" = 4 ] && [ "$(cut -f2 want.tsv | sort -u | wc -l)" = 2 ] && ok ||
	bad "vuln --format json: exit $rc, $(wc -l < want.tsv) vulnerabilities (want 4 in 2 files): $(head -n 2 err)"
for f in $fmts; do
	"$bin" vuln --db v.db --format "$f" app web > "vout.$f" 2> err; rc=$?
	[ $rc = 1 ] && [ ! -s err ] && ok || bad "vuln --format $f: exit $rc, not 1 ($(head -n 1 err))"
done
validate vuln vout
got() { # LABEL FILE: the report's "ID<TAB>file" list against want.tsv
	if sort "$2" | cmp -s - want.tsv; then ok
	else bad "vuln $1: results differ from --format json's:"; sort "$2" | diff want.tsv - | head -n 8; fi
}
xmllint --xpath '//testcase/@classname | //testcase/failure/@message' vout.junit 2> /dev/null |
	sed -n 's/^ *classname="\(.*\)"$/\1/p; s/^ *message="\([^ ]*\) .*"$/\1/p' | paste - - |
	awk -F'\t' '{ print $2 "\t" $1 }' > got.junit
got junit got.junit
xmllint --xpath '//file/@name | //file/error/@source' vout.checkstyle 2> /dev/null |
	sed -n 's/^ *name="\(.*\)"$/F\t\1/p; s/^ *source="bulkhead\.\(.*\)"$/E\t\1/p' |
	awk -F'\t' '$1 == "F" { f = $2 } $1 == "E" { print $2 "\t" f }' > got.checkstyle
got checkstyle got.checkstyle
jq -r '.[] | "\(.check_name)\t\(.location.path)"' vout.gitlab > got.gitlab
got gitlab got.gitlab
jq -r '.issues[] | "\(.ruleId)\t\(.primaryLocation.filePath)"' vout.sonarqube > got.sonarqube
got sonarqube got.sonarqube
# the advisory's severity: HIGH is GitLab major, Sonar HIGH, Checkstyle
# error; MEDIUM minor, MEDIUM, warning
[ "$(jq -r '[.[] | select(.check_name == "CVE-2021-23337") | .severity] | unique | join(",")' vout.gitlab)" = major ] &&
	[ "$(jq -r '[.[] | select(.check_name == "CVE-2022-25883") | .severity] | join(",")' vout.gitlab)" = minor ] &&
	[ "$(jq -r '.rules[] | select(.id == "CVE-2023-44270") | .impacts[0].severity' vout.sonarqube)" = MEDIUM ] &&
	[ "$(xmllint --xpath 'string((//error[@source="bulkhead.CVE-2021-23337"])[1]/@severity)' vout.checkstyle)" = error ] &&
	[ "$(xmllint --xpath 'string(//error[@source="bulkhead.CVE-2023-44270"]/@severity)' vout.checkstyle)" = warning ] &&
	ok || bad "vuln: severities not the advisories'"
# a gate (policy.max-severity medium, or --threshold HIGH) marks what does
# not fail the run in each format's terms: the MEDIUM ones (postcss,
# semver) are GitLab info, Checkstyle info, Sonar LOW and passed JUnit
# cases (their text in system-out); the HIGH ones (lodash, lodash-es) stay
# failures.  Each report passes the same consumer checks.
printf 'policy:\n  max-severity: medium\n' > gate.yaml
for g in "--config gate.yaml" "--threshold HIGH"; do
	for f in junit checkstyle gitlab sonarqube; do
		# shellcheck disable=SC2086
		"$bin" vuln --db v.db --format "$f" $g app web > "vgate.$f" 2> err; rc=$?
		[ $rc = 1 ] && [ ! -s err ] && ok || bad "vuln --format $f $g: exit $rc ($(head -n 1 err))"
	done
	validate "vuln $g" vgate
	[ "$(jq -r '[.[] | "\(.check_name)=\(.severity)"] | sort | unique | join(" ")' vgate.gitlab)" = \
		"CVE-2021-23337=major CVE-2022-25883=info CVE-2023-44270=info" ] &&
		[ "$(xmllint --xpath 'count(//error[@severity="info"])' vgate.checkstyle)" = 2 ] &&
		[ "$(xmllint --xpath 'count(//error[@severity="error"])' vgate.checkstyle)" = 2 ] &&
		[ "$(jq -r '[.rules[] | "\(.id)=\(.impacts[0].severity)"] | sort | join(" ")' vgate.sonarqube)" = \
			"CVE-2021-23337=HIGH CVE-2022-25883=LOW CVE-2023-44270=LOW" ] &&
		[ "$(xmllint --xpath 'string(/testsuites/@failures)' vgate.junit)" = 2 ] &&
		[ "$(xmllint --xpath 'string(/testsuites/@tests)' vgate.junit)" = 4 ] &&
		[ "$(xmllint --xpath 'count(//testcase[not(failure)]/system-out)' vgate.junit)" = 2 ] &&
		[ "$(xmllint --xpath 'string(//testsuite[@name="web/package-lock.json"]/@failures)' vgate.junit)" = 0 ] &&
		ok || bad "vuln $g: what does not fail the run is not marked"
done
# two packages with the same vulnerability in one file keep apart: their
# fingerprints differ (validate), and one stays when the other is gone
lock app lodash@4.17.15 postcss@8.4.30
"$bin" vuln --db v.db --format gitlab app web > vless.gitlab 2> /dev/null
a=$(jq -r '.[] | select(.check_name == "CVE-2021-23337" and (.description | test(" lodash "))) | .fingerprint' vout.gitlab)
b=$(jq -r '.[] | select(.check_name == "CVE-2021-23337") | .fingerprint' vless.gitlab)
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "vuln gitlab: lodash's fingerprint changed when lodash-es went ($a, $b)"
# HTML: one row per vulnerability, each file a section
[ "$(grep -c '^<tr class="finding"' vout.html)" = 4 ] && grep -qF '<h2>app/package-lock.json <span' vout.html &&
	grep -qF '<h2>web/package-lock.json <span' vout.html && grep -q '<h1>bulkhead vuln' vout.html && ok ||
	bad "vuln html: $(grep -c '^<tr class="finding"' vout.html) finding rows (want 4) or a file missing"
# a clean run: exit 0, and each format says so
for f in $fmts; do
	"$bin" vuln --db v.db --format "$f" clean > "vclean.$f" 2> err; rc=$?
	[ $rc = 0 ] && [ ! -s err ] && ok || bad "vuln --format $f clean: exit $rc ($(head -n 1 err))"
done
xmllint --noout --schema "$root/tests/formats/junit.xsd" vclean.junit 2> /dev/null &&
	[ "$(xmllint --xpath 'count(//testcase)' vclean.junit)" = 1 ] &&
	[ "$(xmllint --xpath 'count(//failure)' vclean.junit)" = 0 ] && ok || bad "vuln junit clean: not one passing test case"
[ "$(jq -c . vclean.gitlab)" = '[]' ] && [ "$(jq -c '[.rules, .issues]' vclean.sonarqube)" = '[[],[]]' ] &&
	xmllint --noout vclean.checkstyle && [ "$(xmllint --xpath 'count(//error)' vclean.checkstyle)" = 0 ] &&
	grep -q '<p id="none">No findings.</p>' vclean.html && ok || bad "vuln clean: a format reports something"
# -o writes the file; --threshold decides the exit code
"$bin" vuln --db v.db --format sonarqube -o r.json --threshold CRITICAL app web > out 2> err; rc=$?
[ $rc = 0 ] && [ ! -s out ] && [ "$(jq '.issues | length' r.json 2> /dev/null)" = 3 ] && ok ||
	bad "vuln -o r.json --threshold CRITICAL: exit $rc, $(jq '.issues | length' r.json 2> /dev/null) issues"
# an empty database checked nothing: the page says so
echo '[]' > none.json
"$bin" db import --db empty.db none.json > /dev/null 2>&1
"$bin" vuln --db empty.db --format html app > empty.html 2> /dev/null
grep -q 'id="note">Note: the database holds no records' empty.html && ok || bad "vuln html: no note on an empty database"
cd ..
finish
