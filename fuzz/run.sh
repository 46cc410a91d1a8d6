#!/usr/bin/env bash
# run.sh BUILDDIR SECONDS [NAME...] - build and run every libFuzzer target
# (or only the named ones: `run.sh build-fuzz 600 dockerfile`).
#
# Every fuzz/fuzz_<name>.c is a target: it is compiled with clang
# -fsanitize=fuzzer,address,undefined and linked against the project's
# library sources (src/ minus src/cli, built here with the same flags into
# BUILDDIR/lib.a; only the objects a target needs are pulled in) and the
# pkg-config libraries meson.build uses.  Its working corpus is
# BUILDDIR/corpus/<name>/, seeded from fuzz/corpus/<name>/ and from the
# extra seeds below (copied into BUILDDIR, never into the repository);
# fuzz/<name>.dict is passed as a dictionary when present.  Each target
# runs SECONDS seconds (-max_total_time); crashes land in
# BUILDDIR/artifacts/<name>/.  SECONDS 0 builds every target and runs it
# once over its committed seeds only (fuzz/corpus/<name>/, -runs=0): the
# deterministic check tests/suites/fuzz_targets.sh makes in `make check`.  One line per target:
#   fuzz_<name>: N executions in S s, corpus C files, K crash(es)
# Exit status 0 iff every target built and none crashed.
set -u
build=${1:?usage: run.sh BUILDDIR SECONDS [NAME...]}
secs=${2:?usage: run.sh BUILDDIR SECONDS [NAME...]}
shift 2
only=" $* "
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${BH_SHARED:-$root/../shared}
mkdir -p "$build"
build=$(cd "$build" && pwd)
CC=${FUZZ_CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
PKGS="libfyaml jansson libarchive sqlite3 libcrypto libpcre2-8 zlib"
CFLAGS="-std=c17 -g -O1 -D_GNU_SOURCE -DBH_VERSION=\"fuzz\" -I$root/src $SAN $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -pthread"

command -v "$CC" > /dev/null || { echo "run.sh: $CC not found (make deps)"; exit 2; }

# extra seeds per target name (data outside the repository)
seed_dirs() {
	case $1 in
	dockerfile)
		echo "$shared/conformance/buildkit-parser"
		echo "$shared/corpus/dockerfiles" ;;
	compose) echo "$shared/corpus/compose" ;;
	k8s | kubernetes) echo "$shared/corpus/kubernetes" ;;
	version) echo "$shared/fixtures/versions/upstream" ;;
	osv | osv_ranges) echo "$shared/fixtures/osv" ;;
	sbom_image) echo "$root/fuzz/corpus/image" ;;
	sbom_*) echo "$shared/fixtures/pkgdb/${1#sbom_}" ;;
	esac
}

# 1. library objects, rebuilt when the source or a header is newer
mkdir -p "$build/obj"
newest_h=$(find "$root/src" -name '*.h' -printf '%T@\n' | sort -n | tail -n 1)
objs=()
while IFS= read -r src; do
	rel=${src#"$root/src/"}
	obj=$build/obj/${rel//\//_}.o
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
	   [ "$(stat -c %Y "$obj")" -lt "${newest_h%.*}" ]; then
		if ! $CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj" 2> "$build/obj/err"; then
			echo "run.sh: warning: $rel does not compile, left out:"
			head -n 3 "$build/obj/err" | sed 's/^/    /'
			rm -f "$obj"
			continue
		fi
	fi
	objs+=("$obj")
done < <(find "$root/src" -name '*.c' ! -path '*/src/cli/*' | sort)
rm -f "$build/lib.a"
ar rcs "$build/lib.a" "${objs[@]}"

# 2. each target
status=0
for target in "$root"/fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	name=${name#fuzz_}
	[ "$only" = "  " ] || [[ $only == *" $name "* ]] || continue
	exe=$build/fuzz_$name
	if ! $CC $CFLAGS -fsanitize=fuzzer "$target" "$build/lib.a" $LIBS -o "$exe" 2> "$build/link_$name.err"; then
		echo "fuzz_$name: build failed:"
		head -n 5 "$build/link_$name.err" | sed 's/^/    /'
		status=1
		continue
	fi
	corpus=$build/corpus/$name
	mkdir -p "$corpus" "$build/artifacts/$name"
	[ -d "$root/fuzz/corpus/$name" ] && cp -n "$root/fuzz/corpus/$name"/* "$corpus"/ 2> /dev/null
	# outside seeds once per build directory (rm seeded_<name> to redo)
	if [ "$secs" != 0 ] && [ ! -f "$build/seeded_$name" ]; then
		while IFS= read -r dir; do
			[ -d "$dir" ] || continue
			find "$dir" -type f -size -256k -exec cp --backup=numbered -t "$corpus" {} + 2> /dev/null
		done < <(seed_dirs "$name")
		touch "$build/seeded_$name"
	fi
	dict=()
	[ -f "$root/fuzz/$name.dict" ] && dict=("-dict=$root/fuzz/$name.dict")
	log=$build/fuzz_$name.log
	how=(-max_total_time="$secs")
	[ "$secs" = 0 ] && how=(-runs=0)
	(cd "$build" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$exe" "$corpus" \
		"${how[@]}" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$build/artifacts/$name/" \
		"${dict[@]}" > "$log" 2>&1)
	rc=$?
	runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)
	execs=$(sed -E 's/Done ([0-9]+) runs in ([0-9]+) second/\1/' <<< "$runs")
	took=$(sed -E 's/Done ([0-9]+) runs in ([0-9]+) second/\2/' <<< "$runs")
	if [ -z "$execs" ]; then
		execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
		took=?
	fi
	crashes=$(find "$build/artifacts/$name" -type f | wc -l)
	echo "fuzz_$name: ${execs:-?} executions in ${took:-?} s, corpus $(find "$corpus" -type f | wc -l) files, $crashes crash(es)"
	if [ $rc != 0 ] || [ "$crashes" != 0 ]; then
		status=1
		grep -E 'ERROR|SUMMARY|panic|deadly' "$log" | head -n 5 | sed 's/^/    /'
		echo "    log: $log"
	fi
done
exit $status
