#!/usr/bin/env bash
# parity_match.sh BINARY - the matching of make parity
# (bench/parity/match.py) without Trivy: bulkhead scans two small
# Dockerfiles laid out as parity.sh lays them out, a hand-written Trivy
# report stands for `trivy config --format json` on the same layout, and
# the table, the total line and the TSVs must say exactly which Trivy
# findings bulkhead matches on the same file, on the same line, on neither,
# and which id has no rule, through the rule table's peers.trivy (of this
# binary: `bulkhead rules --format json`); then the explanations
# (--explained, bench/parity/explained.tsv's format): which unmatched
# findings a file row, a line row and the @no-pod-kind pattern explain,
# the figures that follow, the unexplained and stale lines, and that a
# blanket row (wildcard id or file, unknown pattern or class, no reason)
# is refused.
# Ends with "parity_match: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:?usage: parity_match.sh BULKHEAD_BINARY}")
match=$here/../../bench/parity/match.py
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL parity_match: $*"; }
finish() { echo "parity_match: $pass passed, $fail failed$1"; [ $fail = 0 ]; exit; }
if ! command -v python3 > /dev/null 2>&1 || ! command -v jq > /dev/null 2>&1; then
	echo "skipped: python3 or jq not found"
	finish ", 1 skipped"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/df/a" "$tmp/df/b"
printf 'FROM alpine:latest\nRUN cd /tmp && echo hi\n' > "$tmp/df/a/Dockerfile"
printf 'FROM alpine:3.20\nUSER 10001:10001\nHEALTHCHECK CMD true\nCMD ["true"]\n' > "$tmp/df/b/Dockerfile"
(cd "$tmp" && "$bin" scan --format json df) > "$tmp/bh.json" 2> "$tmp/bh.err"
"$bin" rules --format json > "$tmp/rules.json"

# What the rule table must map for the figures below to mean anything.
for pair in DS-0002:BH1001 DS-0001:BH1011 DS-0013:BH1030 DS-0026:BH1045; do
	if jq -e --arg t "${pair%%:*}" --arg r "${pair#*:}" \
		'.[] | select(.id == $r) | .peers.trivy // "" | split(", *"; null) | index($t)' \
		"$tmp/rules.json" > /dev/null; then
		ok
	else
		bad "rule ${pair#*:} does not list Trivy id ${pair%%:*}"
	fi
done
# and what bulkhead must report on a/Dockerfile (b/ has none of these)
for f in BH1001:1 BH1011:1 BH1030:2 BH1045:1; do
	n=$(jq --arg r "${f%%:*}" --argjson l "${f#*:}" \
		'[.findings[] | select(.rule_id == $r and .line == $l and .file == "df/a/Dockerfile")] | length' "$tmp/bh.json")
	[ "$n" = 1 ] && ok || bad "bulkhead reports ${f%%:*} at df/a/Dockerfile:${f#*:} $n times, not once"
done
n=$(jq '[.findings[] | select(.file == "df/b/Dockerfile" and (.rule_id | test("BH10(01|11|30|45)")))] | length' "$tmp/bh.json")
[ "$n" = 0 ] && ok || bad "bulkhead reports a mapped rule on df/b/Dockerfile"

# Trivy's report: Target relative to the scanned folder; DS002 without a
# line (file level), DS001 on line 1, DS013 on line 5 (bulkhead says 2:
# a file match only), an id no rule lists, DS013 on b/ (bulkhead has
# nothing there), and a PASS that must not count.
cat > "$tmp/trivy.json" << 'EOF'
{"Results": [
 {"Target": "a/Dockerfile", "Type": "dockerfile", "Misconfigurations": [
  {"ID": "DS002", "AVDID": "AVD-DS-0002", "Status": "FAIL", "CauseMetadata": {"Code": {"Lines": null}}},
  {"ID": "DS001", "AVDID": "AVD-DS-0001", "Status": "FAIL", "CauseMetadata": {"StartLine": 1, "EndLine": 1}},
  {"ID": "DS013", "AVDID": "AVD-DS-0013", "Status": "FAIL", "CauseMetadata": {"StartLine": 5, "EndLine": 5}},
  {"ID": "DS999", "AVDID": "AVD-DS-0999", "Status": "FAIL", "CauseMetadata": {"StartLine": 2, "EndLine": 2}},
  {"ID": "DS005", "AVDID": "AVD-DS-0005", "Status": "PASS", "CauseMetadata": {}}]},
 {"Target": "./b/Dockerfile", "Type": "dockerfile", "Misconfigurations": [
  {"ID": "DS013", "AVDID": "AVD-DS-0013", "Status": "FAIL", "CauseMetadata": {"StartLine": 2, "EndLine": 2}}]}
]}
EOF
if ! python3 "$match" --label T --rules "$tmp/rules.json" --trivy "$tmp/trivy.json" \
	--bulkhead "$tmp/bh.json" --bh-prefix df/ --unmatched "$tmp/un.tsv" \
	--extra "$tmp/ex.tsv" > "$tmp/out" 2> "$tmp/err"; then
	bad "match.py failed: $(head -n 3 "$tmp/err")"
	finish ""
fi
ok
expect_line() { # what
	if grep -qxF -- "$1" "$tmp/out"; then ok; else bad "no line '$1' in:"; sed 's/^/    /' "$tmp/out"; fi
}
expect_line "T parity: 5 Trivy findings, 3 matched on the same file (60.0%), 2 on the same line (40.0%)"
expect_line "T: Trivy ids bulkhead has no rule for: DS-0999 (1 findings)"
# per id: findings, files, file match, line match
row() { awk -v id="$1" '$1 == id { print $2, $3, $4, $6 }' "$tmp/out"; }
[ "$(row DS-0013)" = "2 2 1 0" ] && ok || bad "DS-0013 row is '$(row DS-0013)', not '2 2 1 0'"
[ "$(row DS-0002)" = "1 1 1 1" ] && ok || bad "DS-0002 row is '$(row DS-0002)', not '1 1 1 1'"
[ "$(row DS-0005)" = "" ] && ok || bad "a PASS entry was counted: DS-0005 row '$(row DS-0005)'"
# the unmatched findings, each with its reason and bulkhead's lines
cat > "$tmp/un.want" << 'EOF'
trivy_id	file	start	end	why	bulkhead_lines
DS-0013	a/Dockerfile	5	5	other line	2
DS-0013	b/Dockerfile	2	2	not on file	
DS-0999	a/Dockerfile	2	2	no rule	
EOF
diff -u "$tmp/un.want" "$tmp/un.tsv" > "$tmp/diff" && ok || { bad "unmatched TSV differs:"; sed 's/^/    /' "$tmp/diff"; }
# bulkhead-only: BH1045 (DS-0026) fires on a/, Trivy has no DS-0026 there
grep -qxF "$(printf 'DS-0026\ta/Dockerfile\tBH1045')" "$tmp/ex.tsv" && ok || bad "extra TSV lacks DS-0026 a/Dockerfile BH1045"

# Explanations (--explained): the same report plus two KSV-0116 (mapped,
# not on the file): one on a Service (the @no-pod-kind pattern explains
# it), one on a Deployment (the pattern must not).  Rows: DS-0013 on b
# (the corpus name of b/Dockerfile) at Trivy's line 2, DS-0999 on a at
# line 7 (the wrong line: explains nothing, so it is stale and DS-0999
# stays unexplained), a stale file row, and a DS-0026 on b (no line)
# that an issue-10-false-alarm row explains (counted apart from Trivy's
# own false positives).
jq '.Results[0].Misconfigurations += [
  {"ID": "KSV116", "AVDID": "AVD-KSV-0116", "Status": "FAIL", "Message": "service web in default namespace should set spec.securityContext.runAsGroup", "CauseMetadata": {"StartLine": 1, "EndLine": 1}},
  {"ID": "KSV116", "AVDID": "AVD-KSV-0116", "Status": "FAIL", "Message": "deployment web in default namespace should set spec.securityContext.runAsGroup", "CauseMetadata": {"StartLine": 3, "EndLine": 3}}]' \
	"$tmp/trivy.json" | jq '.Results[1].Misconfigurations += [
  {"ID": "DS026", "AVDID": "AVD-DS-0026", "Status": "FAIL", "CauseMetadata": {"Code": {"Lines": null}}}]' > "$tmp/trivy2.json"
printf '%s\n' '# comment' "$(printf 'trivy_id\tfile\tline\tclass\treason')" \
	"$(printf 'DS-0013\tb\t2\ttrivy-false-positive\tno cd there')" \
	"$(printf 'AVD-DS-0999\ta\t7\tbulkhead-gap\twrong line')" \
	"$(printf 'KSV-0116\t@no-pod-kind\t*\ttrivy-false-positive\tno pod')" \
	"$(printf 'DS-0026\tb\t*\tissue-10-false-alarm\texport-only stage')" \
	"$(printf 'DS-0013\tgone\t*\tby-design\tfixed since')" > "$tmp/expl.tsv"
if python3 "$match" --label T --rules "$tmp/rules.json" --trivy "$tmp/trivy2.json" \
	--bulkhead "$tmp/bh.json" --bh-prefix df/ --explained "$tmp/expl.tsv" \
	--unmatched "$tmp/un2.tsv" > "$tmp/out" 2> "$tmp/err"; then
	ok
	if jq -e '.[] | select(.id == "BH3028") | .peers.trivy | test("KSV-0116")' "$tmp/rules.json" > /dev/null; then
		ok
	else
		bad "BH3028 does not list KSV-0116: the pattern test below means nothing"
	fi
	expect_line "T parity: 8 Trivy findings, 3 matched on the same file (37.5%), 2 on the same line (25.0%)"
	# unmatched on the file: DS-0013 b (row), DS-0999 a (no row: wrong
	# line), KSV-0116 service (pattern), KSV-0116 deployment (none)
	expect_line "T explained: 3 of 5 unmatched (2 trivy-false-positive, 1 issue-10-false-alarm, 0 by-design, 0 bulkhead-gap); matched or explained 6 of 8 (75.0%); matched, excluding Trivy false positives 3 of 6 (50.0%); matched, excluding every false alarm (Trivy's and issue 10's) 3 of 5 (60.0%)"
	expect_line "T unexplained: DS-0999 a/Dockerfile:2 (no rule)"
	expect_line "T unexplained: KSV-0116 a/Dockerfile:3 (not on file)"
	expect_line "T stale explanation: DS-0999 a:7 explains nothing"
	expect_line "T stale explanation: DS-0013 gone:* explains nothing"
	n=$(grep -c 'unexplained:' "$tmp/out")
	[ "$n" = 2 ] && ok || bad "$n unexplained lines, not 2"
	grep -q 'every unmatched Trivy finding is explained' "$tmp/out" && bad "claims all explained" || ok
	# the unmatched TSV names each finding's class
	cat > "$tmp/un2.want" << 'EOF'
trivy_id	file	start	end	why	bulkhead_lines	class
DS-0013	a/Dockerfile	5	5	other line	2	
DS-0013	b/Dockerfile	2	2	not on file		trivy-false-positive
DS-0026	b/Dockerfile	0	0	not on file		issue-10-false-alarm
DS-0999	a/Dockerfile	2	2	no rule		unexplained
KSV-0116	a/Dockerfile	1	1	not on file		trivy-false-positive
KSV-0116	a/Dockerfile	3	3	not on file		unexplained
EOF
	diff -u "$tmp/un2.want" "$tmp/un2.tsv" > "$tmp/diff" && ok || { bad "unmatched TSV with classes differs:"; sed 's/^/    /' "$tmp/diff"; }
else
	bad "match.py --explained failed: $(head -n 3 "$tmp/err")"
fi
# a blanket row (wildcard id), an unknown pattern or class is refused
for badrow in 'DS-*\ta\t*\tby-design\tx' 'DS-0013\t@every-file\t*\tby-design\tx' \
	'DS-0013\ta\t*\tmaybe\tx' 'DS-0013\t*\t*\tby-design\tx' 'DS-0013\ta\t2\tby-design\t'; do
	printf "$badrow\n" > "$tmp/badexpl.tsv"
	if python3 "$match" --label T --rules "$tmp/rules.json" --trivy "$tmp/trivy2.json" \
		--bulkhead "$tmp/bh.json" --bh-prefix df/ --explained "$tmp/badexpl.tsv" > /dev/null 2>&1; then
		bad "explanation row '$badrow' accepted"
	else
		ok
	fi
done
finish ""
