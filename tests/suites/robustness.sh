#!/usr/bin/env bash
# robustness.sh BULKHEAD_BINARY - hostile Dockerfiles through `bulkhead dump`
# (and a few hostile inputs through `scan`: huge files, a kustomization
# comparing every image with every entry):
# each input, generated here into a temporary directory, must give a result
# (exit 0) or one clear error line "bulkhead: FILE...: cause" (exit 2), in
# bounded time and memory (section 11: YAML forms libfyaml 0.7.12 holds
# gigabytes for or crashes on, refused by src/parse/yml_guard.c, under
# 200 MiB peak RSS with either build).  Where /usr/bin/time is available the peak RSS
# must stay under 10x the input plus 64 MiB; inputs made of nothing but
# tiny instructions are bounded by the parse arena's cap instead (1 GiB,
# see BH_ARENA_DEFAULT_CAP: each node costs a few hundred bytes, so 6-byte
# instructions cannot stay within 10x).  Limits are documented in
# src/parse/df_parse.h.  Under a sanitizer build the inputs shrink and the
# memory bound is not checked.
# Ends with "robustness: N passed, N failed".
set -u
bin=${1:?usage: robustness.sh BULKHEAD_BINARY}
if [ ! -x "$bin" ]; then
	echo "FAIL robustness: $bin is not an executable"
	echo "robustness: 0 passed, 1 failed"
	exit 1
fi
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TIME=/usr/bin/time
[ -x $TIME ] || TIME=
asan=0
if ldd "$bin" 2> /dev/null | grep -q 'libasan\|libclang_rt.asan' ||
   nm "$bin" 2> /dev/null | grep -q '__asan_init'; then
	asan=1
fi
MB=$((1024 * 1024))
big_mb=100
[ $asan = 1 ] && big_mb=10
limit_s=300 # generous: the machine may be shared

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL robustness: $*"; }

# run NAME FILE EXPECT [STDERR_NEEDLE] [MEMCHECK]: EXPECT is 0, 2 or "any"
run() {
	local name=$1 file=$2 expect=$3 needle=${4:-} mem=${5:-ratio}
	local size rc lines rss
	size=$(stat -c %s "$file")
	if [ -n "$TIME" ]; then
		timeout $limit_s $TIME -f '%M' -o "$tmp/rss" "$bin" dump "$file" > "$tmp/out" 2> "$tmp/err"
		rc=$?
	else
		timeout $limit_s "$bin" dump "$file" > "$tmp/out" 2> "$tmp/err"
		rc=$?
	fi
	if [ $rc = 124 ]; then bad "$name: no answer within ${limit_s}s"; return; fi
	if [ $rc != 0 ] && [ $rc != 2 ]; then bad "$name: exit $rc (crash?) $(head -c 300 "$tmp/err")"; return; fi
	if [ "$expect" != any ] && [ $rc != "$expect" ]; then
		bad "$name: exit $rc, want $expect: $(head -c 200 "$tmp/err")"; return
	fi
	lines=$(wc -l < "$tmp/err")
	if [ $rc = 2 ]; then
		if [ "$lines" != 1 ] || ! grep -q "^bulkhead: $file" "$tmp/err" || [ -s "$tmp/out" ]; then
			bad "$name: exit 2 needs one 'bulkhead: FILE...' line and no output (got $lines lines)"; return
		fi
	elif [ ! -s "$tmp/out" ] || [ "$lines" != 0 ]; then
		bad "$name: exit 0 needs a dump and a quiet stderr"; return
	fi
	if [ -n "$needle" ] && ! grep -q -- "$needle" "$tmp/out" "$tmp/err"; then
		bad "$name: no '$needle' in the output"; return
	fi
	if [ -n "$TIME" ] && [ $asan = 0 ]; then
		rss=$(( $(tail -n 1 "$tmp/rss") * 1024 ))
		local cap=$((10 * size + 64 * MB))
		[ "$mem" = arena ] && cap=$((1024 * MB + 2 * size + 64 * MB))
		if [ $rss -gt $cap ]; then
			bad "$name: peak RSS $((rss / MB)) MiB over the bound $((cap / MB)) MiB (input $((size / MB)) MiB)"; return
		fi
	fi
	ok
}

# deterministic pseudo-random bytes
noise() { # BYTES SEED
	if command -v openssl > /dev/null; then
		openssl enc -aes-128-ctr -nosalt -pass "pass:$2" -pbkdf2 < /dev/zero 2> /dev/null | head -c "$1"
	else
		head -c "$1" /dev/urandom
	fi
}

# 1. a big, realistic Dockerfile: a ~4 KiB block repeated to $big_mb MiB
block=$tmp/block
{
	echo 'FROM debian:12-slim AS build'
	echo 'ARG VERSION=1.2.3 TARGETARCH'
	echo 'ENV LANG=C.UTF-8 PATH="/opt/app/bin:$PATH" \'
	echo '    HOME=/home/app'
	echo 'LABEL org.opencontainers.image.source="https://example.com/app" maintainer="x@example.com"'
	echo 'RUN --mount=type=cache,target=/var/cache/apt \'
	echo '    apt-get update && \'
	echo '    # keep the image small'
	echo '    apt-get install -y --no-install-recommends ca-certificates curl git && \'
	echo '    rm -rf /var/lib/apt/lists/*'
	echo 'COPY --chown=1000:1000 --chmod=755 ["src/", "/opt/app/src/"]'
	echo 'COPY <<EOF /etc/app.conf'
	for i in $(seq 1 20); do echo "key$i = value $i with some text"; done
	echo 'EOF'
	echo 'RUN <<-SCRIPT bash'
	for i in $(seq 1 20); do printf '\techo step %s && make target%s\n' "$i" "$i"; done
	printf '\tSCRIPT\n'
	echo 'HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost/"]'
	echo 'USER 1000:1000'
	echo 'WORKDIR /opt/app'
	echo 'EXPOSE 8080/tcp 8443'
	echo 'ENTRYPOINT ["/opt/app/bin/app", "--config", "/etc/app.conf"]'
	echo 'CMD serve --port 8080'
	echo
} > "$block"
per=14 # instructions in the block
: > "$tmp/1m"
while [ "$(stat -c %s "$tmp/1m")" -lt $MB ]; do cat "$block" >> "$tmp/1m"; done
: > "$tmp/big"
for _ in $(seq 1 $big_mb); do cat "$tmp/1m"; done > "$tmp/big"
run "big ${big_mb} MiB Dockerfile" "$tmp/big" 0
want=$(( $(grep -c "^FROM " "$tmp/big") * 14 ))
got=$(wc -l < "$tmp/out")
[ "$got" = "$want" ] && ok || bad "big file: $got instructions, want $want ($per per block)"

# 2. one line of 10 MiB: over BuildKit's 64 KiB line limit
{ printf 'FROM x\nRUN '; head -c $((10 * MB)) /dev/zero | tr '\0' 'a'; echo; } > "$tmp/longline"
run "10 MiB line" "$tmp/longline" 2 "greater than max allowed size"
# the same inside a heredoc body
{ printf 'FROM x\nRUN <<EOF\n'; head -c $((10 * MB)) /dev/zero | tr '\0' 'b'; printf '\nEOF\n'; } > "$tmp/longdoc"
run "10 MiB heredoc line" "$tmp/longdoc" 2 "greater than max allowed size"

# 3. 100,000 continuation lines, and as many empty ones
{ echo 'FROM x'; echo 'RUN echo \'; for i in $(seq 1 100000); do echo "  word$i \\"; done; echo '  end'; } > "$tmp/cont"
run "100,000 continuation lines" "$tmp/cont" 0 "word100000   end"
{ echo 'FROM x'; echo 'RUN echo \'; yes '' | head -n 100000; echo 'end'; } > "$tmp/emptycont"
run "100,000 empty continuation lines" "$tmp/emptycont" 0 '"echo end"'
{ echo 'FROM x'; printf 'ONBUILD %.0s\\\n' $(seq 1 100000); echo 'RUN x'; } > "$tmp/onbuildcont"
run "100,000 continued ONBUILDs" "$tmp/onbuildcont" 2 "ONBUILD nested"

# 4. deep nesting: brackets past and below encoding/json's depth limit,
#    quotes, ${...} in a heredoc word, and ONBUILD chains
{ printf 'CMD '; printf '[%.0s' $(seq 1 30000); printf ']%.0s' $(seq 1 30000); echo; } > "$tmp/brackets"
run "30,000 nested brackets" "$tmp/brackets" 0
{ printf 'CMD '; printf '[%.0s' $(seq 1 9000); printf ']%.0s' $(seq 1 9000); echo; } > "$tmp/brackets2"
run "9,000 nested brackets" "$tmp/brackets2" 2 "strings only"
{ printf 'ENV a='; printf '"'"'"'%.0s' $(seq 1 20000); echo; printf 'LABEL b="'; printf '\\"%.0s' $(seq 1 20000); echo '"'; } > "$tmp/quotes"
run "nested quotes" "$tmp/quotes" 0
{ printf 'RUN <<'; printf '${a:-%.0s' $(seq 1 10000); printf '}%.0s' $(seq 1 10000); echo; echo 'x'; } > "$tmp/subst"
run "10,000 nested \${...} in a heredoc word" "$tmp/subst" 0
{ printf 'ONBUILD %.0s' $(seq 1 8000); echo 'RUN x'; } > "$tmp/onbuild"
run "8,000 nested ONBUILD" "$tmp/onbuild" 2 "ONBUILD nested"

# 5. binary garbage and NUL bytes
noise $((8 * MB)) bulkhead > "$tmp/noise"
run "8 MiB of binary garbage" "$tmp/noise" any
{ echo 'FROM x'; for i in $(seq 1 2000); do printf 'RUN a\0b\0\0c %s\n\0\0\0\n' "$i"; done; } > "$tmp/nul"
run "NUL bytes in lines" "$tmp/nul" 0 'a\\x00b\\x00\\x00c'
head -c $MB /dev/zero > "$tmp/zeros"
run "1 MiB of NUL bytes" "$tmp/zeros" 2 "greater than max allowed size"
{ noise $((2 * MB)) seed2 | tr -d '\n' | fold -w 200; } > "$tmp/noise_lines"
run "binary garbage in 200-byte lines" "$tmp/noise_lines" any

# 6. heredoc stress: many on one line, one with a million body lines
{ echo 'FROM x'; printf 'COPY'; for i in $(seq 1 3000); do printf ' <<H%s' "$i"; done; echo ' /dst/'
  for i in $(seq 1 3000); do echo "body $i"; echo "H$i"; done; } > "$tmp/manydocs"
run "3,000 heredocs on one line" "$tmp/manydocs" 0
{ echo 'FROM x'; echo 'RUN <<EOF'; yes 'echo hello world' | head -n 1000000; echo 'EOF'; } > "$tmp/bigdoc"
run "a heredoc of 1,000,000 lines" "$tmp/bigdoc" 0
{ echo 'FROM x'; echo 'RUN <<EOF'; yes 'never ends' | head -n 100000; } > "$tmp/opendoc"
run "unterminated heredoc" "$tmp/opendoc" 2 "unterminated heredoc"

# 7. nothing but tiny instructions: result or "input too large", within
#    the arena cap
yes 'RUN a' | head -c $(( (big_mb / 5) * MB )) > "$tmp/tiny"
run "$((big_mb / 5)) MiB of 'RUN a'" "$tmp/tiny" any "" arena

# 8. the whole pipeline (model and every rule), not only the parser, on
#    valid but huge files: an answer (exit 0 or 1) within the time limit,
#    so no check is quadratic in stages or instructions
scan_run() { # NAME FILE
	local rc
	timeout $limit_s "$bin" scan --format json -o "$tmp/scan.json" "$2" > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc = 124 ]; then bad "$1: scan gave no answer within ${limit_s}s"; return; fi
	if [ $rc != 0 ] && [ $rc != 1 ]; then bad "$1: scan exit $rc $(head -c 200 "$tmp/err")"; return; fi
	ok
}
{ echo 'FROM alpine:3.20 AS s0'; for i in $(seq 1 20000); do echo "FROM s$((i - 1)) AS s$i"; echo 'RUN curl -k x | sh && wget y'; done; } > "$tmp/Dockerfile.chain"
scan_run "20,000 chained stages" "$tmp/Dockerfile.chain"
{ echo 'FROM alpine:3.20'; for i in $(seq 1 20000); do echo "RUN git clone https://example.com/r$i.git && apt-get install -y foo && chown -R a /x"; done; } > "$tmp/Dockerfile.runs"
scan_run "20,000 RUN lines" "$tmp/Dockerfile.runs"

# 9. a kustomization of 4,000 images: entries over a manifest of 6,000
#    images compares each image with each entry (and again on every path
#    from a root): past 20,000,000 comparisons the rest are judged as
#    written, with one warning, and the scan answers in a moment
mkdir -p "$tmp/kust"
printf 'policy:\n  registries: [registry.corp]\n' > "$tmp/kust/.bulkhead.yaml"
{ printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  containers:\n'
  seq 1 6000 | sed 's/.*/    - {name: c&, image: img&:1}/'; } > "$tmp/kust/pod.yaml"
{ printf 'resources: [pod.yaml]\nimages:\n'
  seq 1 4000 | sed 's/.*/  - {name: other&, newName: registry.corp\/x}/'; } > "$tmp/kust/kustomization.yaml"
timeout $limit_s "$bin" scan --config "$tmp/kust/.bulkhead.yaml" --format json -o "$tmp/scan.json" "$tmp/kust" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc = 1 ] && grep -q 'kustomization.yaml: warning: more than 20000000 comparisons of images with images: entries' "$tmp/err"
then ok; else bad "4,000 images: entries over 6,000 images: exit $rc, $(head -c 300 "$tmp/err")"; fi

# 10. a 0.9 MB kustomization of 40,000 remote resources: each named with
#    --verbose, kept once (a linear search each: quadratic, 3 s CPU),
#    now the first 1,000 and one line saying the rest are not shown
mkdir -p "$tmp/kust2"
{ echo 'resources:'; seq 1 40000 | sed 's|.*|  - https://e.co/&|'; } > "$tmp/kust2/kustomization.yaml"
timeout $limit_s "$bin" scan --verbose --config "$tmp/kust/.bulkhead.yaml" "$tmp/kust2" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc = 0 ] && grep -q '^bulkhead: more than 1000 such lines: the rest are not shown$' "$tmp/err" &&
   [ "$(grep -c "is remote: not followed" "$tmp/err")" = 1000 ]
then ok; else bad "40,000 remote resources: exit $rc, $(wc -l < "$tmp/err") stderr lines"; fi

# 11. 40 Kustomize components, each listing the next twice (and an
#    images: entry each): 2^40 entries gathered and paths walked without
#    the bounds; past 32 components deep, 1,000,000 entries gathered and
#    20,000,000 comparisons, a warning each, and the scan answers in a
#    moment
mkdir -p "$tmp/kust3/o"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  containers:\n    - {name: c, image: nginx}\n' > "$tmp/kust3/o/pod.yaml"
printf 'resources: [pod.yaml]\ncomponents: [../c1, ../c1]\n' > "$tmp/kust3/o/kustomization.yaml"
for i in $(seq 1 40); do
	mkdir -p "$tmp/kust3/c$i"
	printf 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [../o/pod.yaml]\ncomponents: [../c%d, ../c%d]\nimages:\n  - {name: nginx, newTag: "%d"}\n' $((i + 1)) $((i + 1)) "$i" > "$tmp/kust3/c$i/kustomization.yaml"
done
timeout $limit_s "$bin" scan --format json -o "$tmp/scan.json" "$tmp/kust3" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc = 1 ] && grep -q 'warning: more than 1000000 images: entries gathered from components' "$tmp/err" &&
   grep -q 'warning: more than 32 components deep' "$tmp/err" &&
   grep -q 'warning: more than 20000000 comparisons' "$tmp/err"
then ok; else bad "40 components listing the next twice: exit $rc, $(head -c 300 "$tmp/err")"; fi

# a broken manifest whose last line has no newline: the error is the
# parser's, at its place (the per-document retry took the text's
# terminating NUL into the last chunk: "NUL byte in YAML input")
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec: {}' > "$tmp/nonl.yaml"
out=$("$bin" scan "$tmp/nonl.yaml" 2>&1 >/dev/null); rc=$?
if [ $rc = 2 ] && grep -q 'nonl.yaml:4:5: missing comma in flow mapping' <<< "$out" && ! grep -q 'NUL byte' <<< "$out"
then ok; else bad "broken manifest without a final newline: exit $rc, $out"; fi

# 11. YAML that libfyaml 0.7.12 itself mishandles before any event reaches
#    the builder's bounds (src/parse/yml_guard.c): lookahead bombs (it
#    holds every token after a possible key: a 16 MB "{a: {a: ..." took
#    3.5 GB) and the explicit-key + tab form it frees twice (SIGSEGV).
#    Each must exit 2 with one line naming the place and the reason, under
#    200 MiB peak RSS, with either build (sanitizers included).
yaml_run() { # NAME FILE NEEDLE
	local rc rss
	if [ -n "$TIME" ]; then
		timeout $limit_s $TIME -f '%M' -o "$tmp/rss" "$bin" scan --kind compose "$2" > /dev/null 2> "$tmp/err"
		rc=$?
	else
		timeout $limit_s "$bin" scan --kind compose "$2" > /dev/null 2> "$tmp/err"
		rc=$?
	fi
	if [ $rc = 124 ]; then bad "$1: no answer within ${limit_s}s"; return; fi
	if [ $rc != 2 ]; then bad "$1: exit $rc, want 2 (crash?) $(head -c 300 "$tmp/err")"; return; fi
	if [ "$(grep -c '^bulkhead: ' "$tmp/err")" != 1 ] || ! grep -q "^bulkhead: $2:[0-9]*:[0-9]*: .*$3" "$tmp/err"; then
		bad "$1: want one 'bulkhead: FILE:LINE:COL: ...$3' line, got: $(head -c 300 "$tmp/err")"; return
	fi
	if [ -n "$TIME" ]; then
		rss=$(( $(tail -n 1 "$tmp/rss") * 1024 ))
		if [ $rss -gt $((200 * MB)) ]; then
			bad "$1: peak RSS $((rss / MB)) MiB over 200 MiB"; return
		fi
	fi
	ok
}
crash="libfyaml crashes on this form"
printf '? a :\t- b\n' > "$tmp/uaf1.yaml"
yaml_run "explicit key, ':' then a tab before '- '" "$tmp/uaf1.yaml" "$crash"
printf 'x:\n  - ? a :\t? b\n' > "$tmp/uaf2.yaml"
yaml_run "explicit key, ':' then a tab before '?'" "$tmp/uaf2.yaml" "$crash"
printf '? [a] :\t>\n' > "$tmp/uaf3.yaml"
yaml_run "explicit key, ':' then a tab before '>'" "$tmp/uaf3.yaml" "$crash"
printf '? a : \t: b\n' > "$tmp/uaf4.yaml"
yaml_run "explicit key, ':' then a tab before ':'" "$tmp/uaf4.yaml" "$crash"
n=4000000
[ $asan = 1 ] && n=1000000
head -c $((4 * n)) /dev/zero | sed 's/\x0\x0\x0\x0/{a: /g' > "$tmp/fmap.yaml"
yaml_run "$n nested '{a: ' on one line" "$tmp/fmap.yaml" "flow collections nested deeper than 200 levels"
head -c $n /dev/zero | tr '\0' '[' > "$tmp/fseq.yaml"
yaml_run "$n unclosed '['" "$tmp/fseq.yaml" "flow collections nested deeper than 200 levels"
{ printf 'x:\n  - ['; head -c $((n / 2)) /dev/zero | sed 's/\x0\x0/a,/g'; echo 'a]'; } > "$tmp/fline.yaml"
yaml_run "a flow sequence of $((n / 4)) items on one line" "$tmp/fline.yaml" "over 250000 items on one line"
yes '[a]' | head -n $((n / 10)) > "$tmp/fchain.yaml"
yaml_run "$((n / 10)) lines of '[a]' with no ':'" "$tmp/fchain.yaml" "with no ':' to end them"
yes '"a"' | head -n $((n / 2)) > "$tmp/qchain.yaml"
yaml_run "$((n / 2)) lines of '\"a\"' with no ':'" "$tmp/qchain.yaml" "with no ':' to end them"

echo "robustness: $pass passed, $fail failed"
[ $fail = 0 ]
