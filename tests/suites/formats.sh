#!/usr/bin/env bash
# formats.sh BINARY - the report formats CI systems read (src/report/
# rpt_junit.c, rpt_checkstyle.c, rpt_gitlab.c, rpt_sonar.c, and the
# HTML page, rpt_html.c, whose browser checks are in html.sh): exact
# goldens for tests/formats/Dockerfile (XML special characters, a masked
# token), each checked by its consumer's rules: JUnit against
# tests/formats/junit.xsd with xmllint, Checkstyle's layout with xmllint
# XPath, GitLab Code Quality's and SonarQube's required fields and values
# with jq, the HTML's finding rows counted; a clean run; `secrets` in each format; no secret value in any.
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

# JUnit: the schema, and counts that add up
xmllint --noout --schema "$root/tests/formats/junit.xsd" out.junit 2> err && ok || bad "junit: $(head -n 2 err)"
n=$(xmllint --xpath 'count(//testcase/failure)' out.junit)
t=$(xmllint --xpath 'string(/testsuites/@failures)' out.junit)
[ "$n" = "$t" ] && [ "$n" -gt 0 ] && ok || bad "junit: $n failures, testsuites says $t"
# Checkstyle: root, files, errors with the attributes the readers need
xmllint --noout out.checkstyle 2> err && ok || bad "checkstyle not well-formed: $(head -n 1 err)"
[ "$(xmllint --xpath 'name(/*)' out.checkstyle)" = checkstyle ] && ok || bad "checkstyle: root is not <checkstyle>"
sevs=$(xmllint --xpath '//error/@severity' out.checkstyle | tr ' ' '\n' | sed -n 's/severity="\(.*\)"/\1/p' | sort -u | tr '\n' ' ')
grep -q -v -E '^(error |info |warning )+$' <<< "$sevs" && bad "checkstyle severities: $sevs" || ok
[ "$(xmllint --xpath 'count(//file/error[not(@message) or not(@source) or not(@severity)])' out.checkstyle)" = 0 ] &&
	ok || bad "checkstyle: an <error> lacks message, source or severity"
# GitLab Code Quality: the fields GitLab requires, its severities, unique
# fingerprints
jq -e 'type == "array" and length > 0 and all(.[];
	(.description | type == "string") and (.check_name | type == "string") and
	(.fingerprint | type == "string" and length > 0) and
	(.severity | IN("info", "minor", "major", "critical", "blocker")) and
	(.location.path | type == "string") and (.location.lines.begin | type == "number" and . >= 1))
	and ([.[].fingerprint] | unique | length) == length' out.gitlab > /dev/null && ok || bad "gitlab: required fields or values wrong"
# SonarQube (10.3+ generic format): rules with impacts, issues naming them
jq -e '(.rules | length > 0) and all(.rules[];
	(.id | type == "string") and (.name | type == "string") and .engineId == "bulkhead" and
	(.cleanCodeAttribute | type == "string") and (.impacts | length > 0) and
	all(.impacts[]; (.softwareQuality | IN("SECURITY", "RELIABILITY", "MAINTAINABILITY")) and
	(.severity | IN("HIGH", "MEDIUM", "LOW"))))
	and ([.rules[].id] as $ids | all(.issues[]; .ruleId as $r | $ids | index($r)))
	and all(.issues[]; (.primaryLocation.message | type == "string") and
	(.primaryLocation.filePath | type == "string") and .primaryLocation.textRange.startLine >= 1)
	and ([.rules[].id] | unique | length) == (.rules | length)' out.sonarqube > /dev/null && ok || bad "sonarqube: required fields or values wrong"
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
finish
