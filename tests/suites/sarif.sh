#!/usr/bin/env bash
# sarif.sh BINARY - SARIF output checked by the official validator.
#
# Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux, pinned
# in tests/validators/package.json, installed on first use into
# tests/validators/node_modules by tests/suites/lib/validators.sh, shared
# with sbom_formats.sh) validates each log against the SARIF 2.1.0
# schema and its rule sets "Sarif;Gh" (the spec's rules plus GitHub code
# scanning's ingestion rules).  The Multitool exits 0 even when it reports
# errors, so its own SARIF output (-o) is parsed: a log passes when it has
# no result of level "error".  Warnings and notes are printed, not failed.
#
# Logs checked:
#   - a canary with known errors: the validator must report them
#   - the sample run written by the unit test program (tests/test_report)
#   - `BINARY scan --format sarif` over examples/, over every case file's
#     fixtures (tests/cases), and over ../shared/corpus when present (the
#     first BH_SARIF_CORPUS_MAX=300 files of each kind; 0 = all)
#   - `BINARY secrets --format sarif` over a small build context, and
#     `BINARY image --format sarif` over an image made here (IMAGE:REF)
# plus bulkhead's own checks with jq (ruleIndex matches ruleId, fingerprints,
# security-severity, startLine >= 1).  Skips (and says so) without npm or
# without the network for the first install.
# Ends with "sarif: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
build=$(dirname "$bin")
shared=${BH_SHARED:-../shared}
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL sarif: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped sarif: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "sarif: $pass passed, $fail failed, $skip skipped"
	else
		echo "sarif: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# -- the validator ----------------------------------------------------------
. tests/suites/lib/validators.sh
sarif_validator_ready || finish
vdir=tests/validators
validate() { sarif_validate "$@"; }

# -- the canary: a log the validator must reject ------------------------------
cat > "$tmp/canary.sarif" <<'CANARY'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "canary", "rules": []}},
 "results": [{"ruleId": "X1", "ruleIndex": 5, "message": {"text": "m."},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"},
                  "region": {"startLine": 0}}}]}]}]}
CANARY
validate "canary" "$tmp/canary.sarif" 1

# -- the unit test program's sample run ---------------------------------------
if [ -x "$build/tests/test_report" ]; then
	if BH_SARIF_SAMPLE="$tmp/sample.sarif" "$build/tests/test_report" \
		> "$tmp/unit.log" 2>&1 && [ -s "$tmp/sample.sarif" ]; then
		validate "unit sample" "$tmp/sample.sarif"
	else
		tail -n 5 "$tmp/unit.log" | sed 's/^/    /'
		bad "tests/test_report did not write its sample"
	fi
else
	skipped "no $build/tests/test_report (cmocka missing?)"
fi

# -- bulkhead scan --format sarif ----------------------------------------------
scan_sarif() { # label, dir [scan args, default "."] (run inside dir, so paths are relative)
	local label=$1 dir=$2 rc
	shift 2
	[ $# -gt 0 ] || set -- .
	(cd "$dir" && "$bin" scan --format sarif "$@") > "$tmp/scan.sarif" 2> "$tmp/scan.err"
	rc=$?
	if [ $rc -gt 2 ] || [ ! -s "$tmp/scan.sarif" ]; then
		head -n 5 "$tmp/scan.err" | sed 's/^/    /'
		bad "$label: scan exited $rc with no SARIF"
		return
	fi
	validate "$label" "$tmp/scan.sarif"
}

if [ ! -x "$bin" ]; then
	skipped "no $bin"
	finish
fi
if ! "$bin" scan --format sarif /dev/null > /dev/null 2> "$tmp/probe.err" &&
	grep -q 'not built yet\|unknown command\|unknown format' "$tmp/probe.err"; then
	skipped "'bulkhead scan --format sarif' is not available yet"
	finish
fi

[ -d examples ] && scan_sarif "examples/" examples

# every case's files, one directory per case, scanned in one run
mkdir -p "$tmp/cases"
n=0
while IFS= read -r -d '' case; do
	n=$((n + 1))
	awk -v dir="$tmp/cases/c$n" '
		function flush() { if (f != "") close(f); f = "" }
		/^--- / {
			flush()
			if (($2 == "file" || $2 == "file-crlf") && $3 !~ /(^\/|\.\.)/) {
				f = dir "/" $3; crlf = ($2 == "file-crlf")
				d = f; sub(/\/[^\/]*$/, "", d)
				system("mkdir -p \"" d "\"")
				printf "" > f
			}
			next
		}
		f != "" { printf "%s%s\n", $0, (crlf ? "\r" : "") >> f }
		END { flush() }' "$case"
done < <(find tests/cases -name '*.case' -print0 2>/dev/null | sort -z)
if [ $n -gt 0 ]; then
	scan_sarif "tests/cases fixtures ($n cases)" "$tmp/cases"
else
	skipped "no tests/cases/*.case yet"
fi

# -- bulkhead secrets --format sarif and bulkhead image --format sarif ---------
mkdir -p "$tmp/sec/conf" "$tmp/sec/keys"
printf 'db_password: Zq8#Lm2pXv9aa\nurl = postgres://app:Qz8Lm2pXv9w@db:5432/x\n' \
	> "$tmp/sec/conf/app.conf"
printf 'A=1\n' > "$tmp/sec/.env"
printf 'k\n' > "$tmp/sec/keys/server.key"
(cd "$tmp/sec" && "$bin" secrets --format sarif .) > "$tmp/secrets.sarif" 2> "$tmp/secrets.err"
rc=$?
if [ $rc = 1 ] && [ "$(jq '.runs[0].results | length' "$tmp/secrets.sarif")" -ge 4 ]; then
	validate "secrets --format sarif" "$tmp/secrets.sarif"
else
	bad "secrets --format sarif: exit $rc, $(head -c 200 "$tmp/secrets.err")"
fi
# a small docker-archive image: root user, an exposed SSH port
python3 - "$tmp/img.tar" <<'PY'
import hashlib, io, json, sys, tarfile
def tar(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
layer = tar([("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")])
cfg = json.dumps({"architecture": "amd64", "os": "linux",
                  "config": {"ExposedPorts": {"22/tcp": {}}},
                  "rootfs": {"type": "layers",
                             "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]},
                  "history": [{"created_by": "COPY passwd /etc/passwd"}]}).encode()
man = json.dumps([{"Config": "c.json", "RepoTags": ["t:1"], "Layers": ["l.tar"]}]).encode()
open(sys.argv[1], "wb").write(tar([("c.json", cfg), ("l.tar", layer), ("manifest.json", man)]))
PY
(cd "$tmp" && "$bin" image --format sarif --no-progress img.tar:t:1) > "$tmp/image.sarif" 2> "$tmp/image.err"
rc=$?
if [ $rc = 1 ] && jq -e '.runs[0].results | length > 0' "$tmp/image.sarif" > /dev/null; then
	validate "image --format sarif" "$tmp/image.sarif"
else
	bad "image --format sarif: exit $rc, $(head -c 200 "$tmp/image.err")"
fi

# vuln --format sarif, gated by policy.max-severity: error for what fails
# the run, note for the rest, failsRun/overPolicy properties; the
# Multitool's zero errors (tests/formats/osv: lodash HIGH, semver MEDIUM)
mkdir -p "$tmp/vuln/app"
printf '{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app", "version": "1.0.0"}, "node_modules/lodash": {"version": "4.17.15"}, "node_modules/semver": {"version": "7.5.1"}}}\n' > "$tmp/vuln/app/package-lock.json"
printf 'policy:\n  max-severity: medium\n' > "$tmp/vuln/.bulkhead.yaml"
"$bin" db import --db "$tmp/vuln/v.db" tests/formats/osv > /dev/null 2>&1
(cd "$tmp/vuln" && "$bin" vuln --db v.db --format sarif app) > "$tmp/vuln.sarif" 2> "$tmp/vuln.err"
rc=$?
if [ $rc = 1 ] && jq -e '[.runs[0].results[] | .level] | sort == ["error", "note"]' "$tmp/vuln.sarif" > /dev/null; then
	validate "vuln --format sarif (max-severity)" "$tmp/vuln.sarif"
else
	bad "vuln --format sarif (max-severity): exit $rc, levels $(jq -c '[.runs[0].results[] | .level]' "$tmp/vuln.sarif" 2>&1 | head -c 100) $(head -c 200 "$tmp/vuln.err")"
fi

if [ -d "$shared/corpus" ]; then
	# named files are scanned whatever their name (the corpus flattens
	# paths); the validator needs minutes for 10,000 results, so by default
	# the first BH_SARIF_CORPUS_MAX files (sorted) of each kind
	corpus_max=${BH_SARIF_CORPUS_MAX:-300}
	[ "$corpus_max" = 0 ] && corpus_max=1000000
	for kind in dockerfile compose kubernetes; do
		sub=$kind; [ $kind = dockerfile ] && sub=dockerfiles
		[ -d "$shared/corpus/$sub" ] || continue
		mapfile -d '' names < <(cd "$shared/corpus/$sub" && find . -type f -print0 | sort -z |
			head -z -n "$corpus_max")
		scan_sarif "corpus/$sub (${#names[@]} files)" "$shared/corpus/$sub" \
			--kind "$kind" "${names[@]}"
	done
else
	skipped "$shared/corpus absent"
fi
finish
