#!/usr/bin/env bash
# integrations.sh BINARY - the places users already run linters:
# .pre-commit-hooks.yaml through pre-commit's own `try-repo` (the hooks
# fire on the files a commit holds: a finding fails the hook, a clean
# file and a YAML that is not ours pass), and the GitHub Action
# (action.yml is a composite action whose step, scripts/action.sh, runs
# scan with the inputs and writes the outputs GitHub reads); the GitLab,
# Jenkins and Azure snippets of docs/ci.md run as written.
# Ends with "integrations: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
repo=$PWD
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL integrations: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped integrations: $*"; }
finish() { echo "integrations: $pass passed, $fail failed, $skip skipped"; [ $fail = 0 ]; exit; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@localhost GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@localhost
# the hooks and the action run `bulkhead` from PATH: the binary under test
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/bulkhead"
export PATH=$tmp/bin:$PATH

# a project with one unsafe Dockerfile, a safe one, a CI workflow (YAML
# that is no manifest) and a leaked token
mk_project() {
	rm -rf "$1"; mkdir -p "$1/svc" "$1/.github/workflows"
	printf 'FROM alpine\nRUN apk add curl\n' > "$1/Dockerfile"
	printf 'FROM alpine:3.20@sha256:%064d\nUSER 10001\nHEALTHCHECK CMD ["/bin/true"]\nCMD ["sh"]\n' 0 > "$1/svc/Dockerfile"
	printf 'name: CI\non:\n  push:\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n' > "$1/.github/workflows/ci.yml"
	printf 'token = "ghp_%s"\n' "$(printf 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' | cut -c1-36)" > "$1/settings.ini"
}

# --- .pre-commit-hooks.yaml ------------------------------------------------
python3 - "$repo/.pre-commit-hooks.yaml" > "$tmp/hooks" 2> "$tmp/err" <<'PY'
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
for h in hooks:
    for k in ("id", "name", "entry", "language"):
        assert k in h, (h.get("id"), k)
    if "files" in h:
        re.compile(h["files"])
    print(h["id"], h["entry"])
PY
if [ $? = 0 ]; then ok; else bad ".pre-commit-hooks.yaml: $(tail -n 1 "$tmp/err")"; fi
grep -q '^bulkhead-scan bulkhead scan' "$tmp/hooks" && grep -q '^bulkhead-secrets bulkhead secrets' "$tmp/hooks" && ok ||
	bad "hooks bulkhead-scan and bulkhead-secrets not both defined"
# the scan hook's file pattern takes what scan walks, and YAML
python3 - "$repo/.pre-commit-hooks.yaml" <<'PY' > "$tmp/pat" 2>&1
import re, sys, yaml
pat = re.compile([h for h in yaml.safe_load(open(sys.argv[1])) if h["id"] == "bulkhead-scan"][0]["files"])
yes = ["Dockerfile", "svc/Dockerfile", "Dockerfile.prod", "build/app.dockerfile", "Containerfile",
       "compose.yaml", "docker-compose.prod.yml", "k8s/deploy.yaml"]
no = ["README.md", "src/main.c", "Dockerfile/notes.txt", "package.json"]
bad = [f for f in yes if not pat.search(f)] + ["!" + f for f in no if pat.search(f)]
print(" ".join(bad))
PY
[ -z "$(cat "$tmp/pat")" ] && ok || bad "bulkhead-scan files pattern wrong for: $(cat "$tmp/pat")"

if ! command -v pre-commit > /dev/null 2>&1; then
	skipped "pre-commit not installed (hooks not run with try-repo)"
elif ! git -C "$repo" rev-parse --git-dir > /dev/null 2>&1; then
	skipped "the checkout is not a git repository (pre-commit try-repo needs one)"
elif ! git -C "$repo" cat-file -e HEAD:.pre-commit-hooks.yaml 2> /dev/null; then
	skipped ".pre-commit-hooks.yaml is not committed yet (try-repo reads the committed tree)"
else
	export PRE_COMMIT_HOME=$tmp/pre-commit-home
	p=$tmp/proj
	mk_project "$p"
	git -C "$p" init -q && git -C "$p" add -A
	try() { (cd "$p" && pre-commit try-repo "$repo" "$@" > "$tmp/out" 2>&1); }
	try bulkhead-scan --all-files
	rc=$?
	if [ $rc = 1 ] && grep -q 'BH1001' "$tmp/out" && grep -q 'Dockerfile:1:1' "$tmp/out"; then ok
	else bad "bulkhead-scan hook on an unsafe Dockerfile: exit $rc, no BH1001 ($(grep -m1 -E 'bulkhead|rror' "$tmp/out"))"; fi
	grep -q 'svc/Dockerfile' "$tmp/out" && bad "the safe svc/Dockerfile was reported" || ok
	grep -q 'skipped .github/workflows/ci.yml: YAML that is not Compose or Kubernetes' "$tmp/out" && ok ||
		bad "the workflow YAML is not named as skipped by the hook"
	try bulkhead-scan --files svc/Dockerfile .github/workflows/ci.yml
	rc=$?
	[ $rc = 0 ] && ok || bad "bulkhead-scan hook on a safe Dockerfile and a workflow: exit $rc ($(grep -m1 -E 'bulkhead|rror' "$tmp/out"))"
	try bulkhead-secrets --files settings.ini
	rc=$?
	if [ $rc = 1 ] && grep -q 'settings.ini:1' "$tmp/out"; then ok
	else bad "bulkhead-secrets hook on a leaked token: exit $rc"; fi
	grep -q 'a1B2c3D4e5F6g7H8i9J0' "$tmp/out" && bad "the secrets hook printed the token" || ok
	try bulkhead-secrets --files svc/Dockerfile
	[ $? = 0 ] && ok || bad "bulkhead-secrets hook on a file without secrets failed"
fi

# --- action.yml ---------------------------------------------------------------
python3 - "$repo/action.yml" > "$tmp/act" 2>&1 <<'PY'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
r = a["runs"]
assert r["using"] == "composite", r["using"]
text = open(sys.argv[1]).read()
for name in a["inputs"]:
    assert "inputs." + name in text, "input %s is not used" % name
for step in r["steps"]:
    run = step.get("run", "")
    assert "uses" not in step, "a step uses another action"
    assert not re.search(r"\b(curl|wget|apt-get|npm|pip|make|meson|ninja)\b", run), "a step downloads or builds: " + run
    assert step.get("shell") == "bash"
print(" ".join(sorted(a["inputs"])), "|", " ".join(sorted(a["outputs"])))
PY
if [ $? = 0 ]; then ok; else bad "action.yml: $(tail -n 1 "$tmp/act")"; fi
grep -q 'fail-on-findings format output paths threshold' "$tmp/act" && grep -q '| exit-code report' "$tmp/act" && ok ||
	bad "action.yml inputs/outputs: $(cat "$tmp/act")"
# the step as GitHub runs it: inputs as INPUT_* in the environment
p=$tmp/act-proj
mk_project "$p"
run_action() { # exit code; env assignments...
	(cd "$p" && env GITHUB_OUTPUT="$tmp/gh-out" GITHUB_STEP_SUMMARY="$tmp/gh-sum" "$@" \
		bash "$repo/scripts/action.sh" > "$tmp/act-out" 2>&1)
}
: > "$tmp/gh-out"
run_action INPUT_PATHS=". " INPUT_THRESHOLD=low INPUT_FORMAT=sarif INPUT_OUTPUT=out.sarif INPUT_FAIL=true
rc=$?
[ $rc = 1 ] && ok || bad "action on findings: exit $rc, not 1"
grep -qx 'report=out.sarif' "$tmp/gh-out" && grep -qx 'exit-code=1' "$tmp/gh-out" && ok || bad "action outputs: $(cat "$tmp/gh-out")"
if jq -e '.version == "2.1.0" and (.runs[0].results | length) > 0 and ([.runs[0].results[].ruleId] | index("BH1001"))' "$p/out.sarif" > /dev/null 2>&1; then ok
else bad "action: out.sarif is not SARIF 2.1.0 with a BH1001 result"; fi
grep -q 'findings at or over low' "$tmp/gh-sum" && ok || bad "action: no step summary"
: > "$tmp/gh-out"
run_action INPUT_PATHS=$'svc\n.github' INPUT_THRESHOLD=low INPUT_FORMAT=json INPUT_OUTPUT=r.json INPUT_FAIL=true
rc=$?
[ $rc = 0 ] && jq -e 'type == "object" or type == "array"' "$p/r.json" > /dev/null 2>&1 && ok ||
	bad "action on clean paths (new-line separated, json): exit $rc"
run_action INPUT_PATHS=. INPUT_THRESHOLD=critical INPUT_FORMAT=sarif INPUT_OUTPUT=c.sarif INPUT_FAIL=true
rc=$?
[ $rc = 0 ] && ok || bad "action with threshold critical on high findings: exit $rc, not 0"
: > "$tmp/gh-out"
run_action INPUT_PATHS=. INPUT_FORMAT=sarif INPUT_OUTPUT=o.sarif INPUT_FAIL=false
rc=$?
[ $rc = 0 ] && grep -qx 'exit-code=1' "$tmp/gh-out" && ok || bad "action fail-on-findings false: exit $rc ($(cat "$tmp/gh-out"))"
run_action INPUT_FAIL=maybe
rc=$?
[ $rc = 2 ] && grep -q "fail-on-findings must be 'true' or 'false'" "$tmp/act-out" && ok || bad "action with a bad input: exit $rc"
run_action INPUT_BULKHEAD=/nonexistent/bulkhead
rc=$?
[ $rc = 2 ] && grep -q 'is not on this runner' "$tmp/act-out" && ok || bad "action without bulkhead: exit $rc"
run_action INPUT_PATHS=no-such-dir INPUT_OUTPUT=n.sarif
rc=$?
[ $rc = 2 ] && grep -qx 'exit-code=2' "$tmp/gh-out" && ok || bad "action on a missing path: exit $rc"
# --- docs/ci.md: the GitLab, Jenkins and Azure snippets -------------------
# every `bulkhead scan|vuln ... -o FILE` line of the snippets, run as
# written on the project (Azure's $(Build.ArtifactStagingDirectory) a
# directory here; `db import osv/` and `vuln` skipped: no database here),
# writes the report its system reads: GitLab's JSON array, Checkstyle XML,
# JUnit XML valid against tests/formats/junit.xsd (and the baseline file)
mk_project "$tmp/ci"
mkdir -p "$tmp/ci/stage"
grep -oE "bulkhead scan --format [a-z]+ -o [^ ']+ \\." "$repo/docs/ci.md" | sort -u > "$tmp/ci-cmds"
[ "$(cut -d' ' -f4 "$tmp/ci-cmds" | sort -u | tr '\n' ' ')" = "baseline checkstyle gitlab junit " ] && ok ||
	bad "docs/ci.md: the snippets' scan formats are $(cut -d' ' -f4 "$tmp/ci-cmds" | tr '\n' ' ')"
while read -r _ _ _ fmt _ out _; do
	out=${out//'$(Build.ArtifactStagingDirectory)'/stage}
	(cd "$tmp/ci" && bulkhead scan --format "$fmt" -o "$out" . > /dev/null 2> "$tmp/ci-err"); rc=$?
	want=1
	case $fmt in
	baseline) want=0; jq -e 'type == "object"' "$tmp/ci/$out" > /dev/null ;;
	gitlab) jq -e 'type == "array" and length > 0' "$tmp/ci/$out" > /dev/null ;;
	checkstyle) [ "$(xmllint --xpath 'count(/checkstyle/file/error)' "$tmp/ci/$out" 2> /dev/null)" -gt 0 ] ;;
	junit) xmllint --noout --schema "$repo/tests/formats/junit.xsd" "$tmp/ci/$out" 2> /dev/null ;;
	esac && [ $rc = $want ] && ok || bad "docs/ci.md: bulkhead scan --format $fmt -o $out .: exit $rc, report not read ($(head -n 1 "$tmp/ci-err"))"
done < "$tmp/ci-cmds"
finish
