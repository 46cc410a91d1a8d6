#!/usr/bin/env bash
# fix_corpus.sh BINARY - `bulkhead fix` over the real-world corpus
# (../shared/corpus): a deterministic sample of its Dockerfiles, Compose
# files and Kubernetes manifests (every Nth file in sorted order, at most
# FIX_CORPUS_MAX of each kind, default 200; FIX_CORPUS_MAX=0 takes all),
# each copied under its kind's usual name into a directory of its own.
# One `fix` run over the copy prints the diff; `patch -p1` applies it and
# gives exactly what `fix --write` writes in another copy (but for the
# files whose hunks quote a secret: printed masked, they cannot apply
# exactly; they are counted, and checked through --write); and for every
# file an edit names the three properties hold (fix_props.py: the fixed
# findings gone and none new on re-scan, it still parses the same except
# the edits, a second fix is a no-op).  A file the scan cannot read is an
# input error of both runs alike, not a failure.  Skips when ../shared is
# absent.  Runs niced.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
shared=${BH_SHARED:-../shared}
corpus=$shared/corpus
max=${FIX_CORPUS_MAX:-200}
if [ ! -d "$corpus/dockerfiles" ]; then
	echo "skipped: $corpus not found"
	echo "fix-corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fix-corpus: $*"; }
tmp=$(mktemp -d); trap '[ -n "${FIX_CORPUS_KEEP:-}" ] || rm -rf "$tmp"' EXIT
mkdir -p "$tmp/b"
n=0
for kind in dockerfiles:Dockerfile compose:compose.yaml kubernetes:manifest.yaml; do
	dir=${kind%%:*}; name=${kind#*:}
	mapfile -d '' files < <(find "$corpus/$dir" -type f -print0 | sort -z)
	total=${#files[@]}
	step=1
	if [ "$max" != 0 ] && [ "$total" -gt "$max" ]; then
		step=$(( (total + max - 1) / max ))
	fi
	for ((i = 0; i < total; i += step)); do
		n=$((n + 1))
		mkdir -p "$tmp/b/$n"
		cp "${files[$i]}" "$tmp/b/$n/$name"
	done
done
echo "fix-corpus: $n files sampled"
# the copies are the user's files: writable (../shared has no write bits,
# and fix --write leaves a read-only file alone)
chmod -R u+w "$tmp/b"
cp -r "$tmp/b" "$tmp/w"; cp -r "$tmp/b" "$tmp/p"
(cd "$tmp/b" && nice -n 10 "$bin" fix --format json . > ../edits.json 2> ../err.json); rj=$?
(cd "$tmp/p" && nice -n 10 "$bin" fix . > ../diff 2> ../err.diff); rd=$?
(cd "$tmp/w" && nice -n 10 "$bin" fix --write . > /dev/null 2> ../err.write); rw=$?
# the same input errors in every run; no crash
if [ $rj -lt 3 ] && [ $rd -lt 3 ] && [ $rw -lt 3 ] &&
   diff <(grep -v '^bulkhead: \(fixed\|created\) ' "$tmp/err.write") "$tmp/err.diff" > /dev/null &&
   diff "$tmp/err.json" "$tmp/err.diff" > /dev/null; then ok; else
	bad "exits $rj/$rd/$rw or different errors"; head -n 20 "$tmp/err.json" "$tmp/err.diff"; fi
grep -v '^bulkhead: \(fixed\|created\) ' "$tmp/err.write" | grep -v 'conflicting edit' |
	grep -v 'not fixed: the digest comes from --pins' | head -n 5
edits=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["edits"]), d["files_changed"])' "$tmp/edits.json")
echo "fix-corpus: edits, files changed: $edits"
# a file whose hunks quote a secret (printed masked) cannot be patched
# exactly: those are named and checked through --write only
python3 - "$tmp/b" "$tmp/diff" > "$tmp/masked" <<'PY'
import os, sys
base, diff = sys.argv[1:3]
cur, lines = None, None
masked = set()
for l in open(diff, encoding="utf-8", errors="replace"):
    if l.startswith("--- a/"):
        cur = l[6:].rstrip("\n")
        lines = set(open(os.path.join(base, cur), encoding="utf-8",
                         errors="replace").read().split("\n"))
    elif cur and l[:1] in " -" and not l.startswith("--- "):
        if l[1:].rstrip("\n") not in lines:
            masked.add(cur)
for f in sorted(masked):
    print(f)
PY
echo "fix-corpus: $(wc -l < "$tmp/masked") files with a masked secret in their diff"
(cd "$tmp/p" && patch -s -f --no-backup-if-mismatch -r - -p1 < ../diff > ../patch.out 2>&1)
diff -rq "$tmp/p" "$tmp/w" | sed -E "s|^Files $tmp/p/([^ ]*) and .*|\1|" > "$tmp/differ"
if [ -z "$(grep -vxF -f "$tmp/masked" "$tmp/differ")" ]; then ok; else
	bad "the printed diff does not give what --write wrote:"; grep -vxF -f "$tmp/masked" "$tmp/differ" | head; fi
nice -n 10 python3 tests/suites/fix_props.py --walk "$bin" "$tmp/b" "$tmp/w" "$tmp/edits.json" > "$tmp/props"
p=$(grep -c '^ok ' "$tmp/props"); f=$(grep -c '^FAIL ' "$tmp/props")
pass=$((pass + p)); fail=$((fail + f))
grep -A8 '^FAIL ' "$tmp/props" | head -n 80
echo "fix-corpus: $pass passed, $fail failed"
[ $fail = 0 ]
