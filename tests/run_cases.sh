#!/usr/bin/env bash
# run_cases.sh BINARY DIR|FILE... - runs every tests/cases/**/*.case file.
#
# Case format (docs/hacking.md, "Case file format"):
#   # comment lines (and blank lines) before the first section
#   --- file PATH          file content follows, up to the next "--- " line
#   --- file-crlf PATH     same, written with CRLF line endings
#   --- args ARGS...       bulkhead arguments (default: scan .); run in the
#                          case's temp dir; "--format json" is added unless
#                          the args name a format ("--format X" or
#                          "--format=X") or run `dump`
#   --- stdin PATH         feed the case's file PATH to standard input
#   --- only ID[,ID...]    compare only findings of these rules
#   --- expect             complete sorted list "file:line:col severity id"
#   --- exit N             expected exit code
#   --- stderr             lines that must each appear in stderr
#   --- stdout             lines that must each appear in stdout
#   --- absent             strings that must appear in neither stdout nor
#                          stderr (a secret the output must not show)
#   --- nostdout           lines that must not appear in stdout
#   --- nostderr           lines that must not appear in stderr
#
# Strict: the runner fails a case for anything it does not understand
# rather than skipping it, naming the case file and line:
#   - a section name it does not know, a section given twice (file PATHs
#     excepted, as long as the PATHs differ), a section with the wrong
#     number of words, a non-blank line where no content belongs (before
#     the first section unless it is a "#" comment, or under args, stdin,
#     only, exit);
#   - an expect line not of the form "file:line:col severity BHnnnn", an
#     expect line of a rule its "--- only" leaves out, an "--- only" id
#     that "bulkhead rules" does not know, "--- only" without "--- expect";
#   - "--- exit" not a number 0-255, "--- exit 2" without "--- stderr",
#     an empty "--- stderr"/"--- stdout"/"--- absent"/"--- nostdout"/
#     "--- nostderr" section, "--- stdin" naming no "--- file" of the
#     case, a file PATH leaving the temp dir;
#   - a case asserting nothing (no expect, exit, stderr, stdout, absent,
#     nostdout or nostderr).
# Defaults, when the case says nothing:
#   - exit: a quiet case (named *-quiet.case, or whose "--- expect" list is
#     empty) must exit 0; any other case must exit 0 or 1.
#   - stderr: without a "--- stderr" section stderr must be empty: no input
#     error, no warning, no sanitizer report.
# A *-quiet.case must have "--- expect" and may not expect exit 2: its input
# must be valid, or it shows nothing about the rule.
# Prints one line per failure and ends with "cases: N passed, N failed".
set -u
bin=$(realpath "$1"); shift
pass=0; fail=0
tmproot=$(mktemp -d)
trap 'rm -rf "$tmproot"' EXIT

# the rule ids the binary knows, for "--- only"
declare -A known_ids=()
while IFS= read -r id; do
	[ -n "$id" ] && known_ids[$id]=1
done < <("$bin" rules --format json 2>/dev/null | jq -r '.[].id' 2>/dev/null)
if [ ${#known_ids[@]} = 0 ]; then
	echo "FAIL run_cases: '$bin rules --format json' lists no rules"
	echo "cases: 0 passed, 1 failed"
	exit 1
fi

# a rule id: BHnnnn, or a secret kind of "bulkhead secrets" (generic-secret,
# secret-file:dotenv)
expect_re='^[^ ]+:[0-9]+:[0-9]+ (info|low|medium|high|critical) (BH[1-9][0-9]{3}|[a-z][a-z0-9]*(-[a-z0-9]+)*(:[a-z0-9]+(-[a-z0-9]+)*)?)$'

run_case() {
	local case=$1 dir=$tmproot/c$((pass + fail))
	mkdir -p "$dir"
	local section="" file="" crlf=0 args="" only="" exitwant="" stdin=""
	local -a expect=() expect_ln=() errwant=() outwant=() errors=() ids=() absent=()
	local -a outnot=() errnot=()
	local -A seen=() files=() only_ids=()
	local has_expect=0 has_args=0 has_stderr=0 has_stdout=0 has_absent=0
	local has_nostdout=0 has_nostderr=0
	local content="" n=0 secline=0
	local -a words
	flush() {
		if [ -n "$file" ]; then
			mkdir -p "$(dirname "$dir/$file")"
			if [ $crlf = 1 ]; then
				printf '%s' "$content" | sed 's/$/\r/' > "$dir/$file"
			else
				printf '%s' "$content" > "$dir/$file"
			fi
		fi
		file=""; content=""; crlf=0
	}
	err() { errors+=("$case:$n: $*"); }
	arity() { # want-min want-max
		local got=$(( ${#words[@]} - 1 ))
		if [ "$got" -lt "$1" ] || [ "$got" -gt "$2" ]; then
			if [ "$1" = "$2" ]; then
				err "'--- $section' takes $1 word(s), got $got"
			else
				err "'--- $section' takes at least $1 word(s), got $got"
			fi
			return 1
		fi
	}
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		if [[ $line == "--- "* ]]; then
			flush
			read -r -a words <<< "${line#--- }"
			section=${words[0]:-}
			secline=$n
			case $section in
			file|file-crlf) ;;
			args|stdin|only|expect|exit|stderr|stdout|absent|nostdout|nostderr)
				if [ -n "${seen[$section]:-}" ]; then
					err "'--- $section' given twice (first on line ${seen[$section]})"
				else
					seen[$section]=$n
				fi ;;
			*)
				err "unknown section '--- $section'"
				section="?" ;;
			esac
			case $section in
			file|file-crlf)
				if arity 1 1; then
					file=${words[1]}
					[ "$section" = file-crlf ] && crlf=1
					if [[ $file == /* || /$file/ == */../* ]]; then
						err "file path '$file' leaves the case's directory"
						file=""
					elif [ -n "${files[$file]:-}" ]; then
						err "file '$file' given twice (first on line ${files[$file]})"
						file=""
					else
						files[$file]=$n
					fi
				fi ;;
			args) arity 1 999 && { args=${line#--- args }; has_args=1; } ;;
			stdin) arity 1 1 && stdin=${words[1]} ;;
			only)
				if arity 1 1; then
					only=${words[1]}
					local id
					IFS=, read -r -a ids <<< "$only"
					[[ $only == *, || $only == ,* || $only == *,,* ]] && err "'--- only $only': empty id"
					for id in "${ids[@]}"; do
						[ -z "$id" ] && continue
						if [ -z "${known_ids[$id]:-}" ]; then
							err "'--- only': unknown rule id '$id'"
						fi
						only_ids[$id]=1
					done
				fi ;;
			expect) arity 0 0 && has_expect=1 ;;
			exit)
				if arity 1 1; then
					exitwant=${words[1]}
					if ! [[ $exitwant =~ ^[0-9]{1,3}$ ]] || [ "$exitwant" -gt 255 ]; then
						err "'--- exit $exitwant': not an exit code 0-255"
						exitwant=""
					fi
				fi ;;
			stderr) arity 0 0 && has_stderr=1 ;;
			stdout) arity 0 0 && has_stdout=1 ;;
			absent) arity 0 0 && has_absent=1 ;;
			nostdout) arity 0 0 && has_nostdout=1 ;;
			nostderr) arity 0 0 && has_nostderr=1 ;;
			esac
			continue
		fi
		case $section in
		file|file-crlf) content+="$line"$'\n' ;;
		expect)
			[ -n "$line" ] || continue
			if [[ $line =~ $expect_re ]]; then
				expect+=("$line"); expect_ln+=("$n")
			else
				err "malformed expect line '$line' (want 'file:line:col severity RULE')"
			fi ;;
		stderr) [ -n "$line" ] && errwant+=("$line") ;;
		stdout) [ -n "$line" ] && outwant+=("$line") ;;
		absent) [ -n "$line" ] && absent+=("$line") ;;
		nostdout) [ -n "$line" ] && outnot+=("$line") ;;
		nostderr) [ -n "$line" ] && errnot+=("$line") ;;
		"")
			[ -z "$line" ] || [[ $line == "#"* ]] ||
				err "text before the first section (comments start with '#')" ;;
		"?") ;;
		*)
			[ -z "$line" ] || err "unexpected line under '--- $section' (line $secline)" ;;
		esac
	done < "$case"
	flush
	# checks of the case as a whole, each at the line of the section concerned
	if [ -n "$only" ]; then
		local k
		for k in "${!expect[@]}"; do
			[[ ${expect[$k]} =~ $expect_re ]]
			n=${expect_ln[$k]}
			[ -n "${only_ids[${BASH_REMATCH[2]}]:-}" ] ||
				err "expect line '${expect[$k]}' names a rule that '--- only $only' leaves out"
		done
		n=${seen[only]}
		[ $has_expect = 1 ] || err "'--- only' without '--- expect' compares nothing"
	fi
	n=${seen[stderr]:-0}
	[ $has_stderr = 1 ] && [ ${#errwant[@]} = 0 ] && err "'--- stderr' with no lines"
	n=${seen[stdout]:-0}
	[ $has_stdout = 1 ] && [ ${#outwant[@]} = 0 ] && err "'--- stdout' with no lines"
	n=${seen[absent]:-0}
	[ $has_absent = 1 ] && [ ${#absent[@]} = 0 ] && err "'--- absent' with no lines"
	n=${seen[nostdout]:-0}
	[ $has_nostdout = 1 ] && [ ${#outnot[@]} = 0 ] && err "'--- nostdout' with no lines"
	n=${seen[nostderr]:-0}
	[ $has_nostderr = 1 ] && [ ${#errnot[@]} = 0 ] && err "'--- nostderr' with no lines"
	n=${seen[stdin]:-0}
	if [ -n "$stdin" ] && [ -z "${files[$stdin]:-}" ]; then
		err "'--- stdin $stdin' names no '--- file' of the case"
	fi
	n=${seen[exit]:-0}
	[ "$exitwant" = 2 ] && [ $has_stderr = 0 ] &&
		err "'--- exit 2' without '--- stderr' naming the error"
	n=1
	if [ $has_expect = 0 ] && [ -z "$exitwant" ] && [ $has_stderr = 0 ] &&
	   [ $has_stdout = 0 ] && [ $has_absent = 0 ] && [ $has_nostdout = 0 ] &&
	   [ $has_nostderr = 0 ]; then
		err "asserts nothing (no expect, exit, stderr, stdout, absent, nostdout or nostderr section)"
	fi
	local quiet=0
	if [[ $case == *-quiet.case ]]; then
		quiet=1
		[ $has_expect = 1 ] || err "a quiet case needs '--- expect'"
		n=${seen[exit]:-0}
		[ "$exitwant" = 2 ] && err "a quiet case may not expect exit 2: its input must be valid"
	elif [ $has_expect = 1 ] && [ ${#expect[@]} = 0 ]; then
		quiet=1
	fi
	if [ ${#errors[@]} -gt 0 ]; then
		fail=$((fail + 1))
		local e
		for e in "${errors[@]}"; do
			echo "FAIL $e"
		done
		rm -rf "$dir"
		return
	fi
	[ $has_args = 1 ] || args="scan ."
	local json=0
	if [[ " $args " != *" --format "* && " $args " != *" --format="* ]] &&
	   [[ $args != dump* ]]; then
		args="$args --format json"; json=1
	elif [[ " $args " == *" --format json "* || " $args " == *" --format=json "* ]]; then
		json=1
	fi
	local rc
	# word splitting of args is wanted, pathname expansion is not
	if [ -n "$stdin" ]; then
		# shellcheck disable=SC2086
		(set -f; cd "$dir" && exec "$bin" $args < "$stdin" > out.txt 2> err.txt); rc=$?
	else
		# shellcheck disable=SC2086
		(set -f; cd "$dir" && exec "$bin" $args < /dev/null > out.txt 2> err.txt); rc=$?
	fi
	local problems=""
	if [ $rc -ge 128 ] || grep -q "Sanitizer\|runtime error" "$dir/err.txt"; then
		problems+=" crashed(rc=$rc): $(grep -m1 -E 'ERROR|runtime error' "$dir/err.txt")"
	fi
	if [ -n "$exitwant" ]; then
		[ "$rc" = "$exitwant" ] ||
			problems+=" exit $rc, want $exitwant [$(head -c 300 "$dir/err.txt")]"
	elif [ $quiet = 1 ]; then
		[ "$rc" = 0 ] ||
			problems+=" exit $rc, want 0 (quiet case without '--- exit') [$(head -c 300 "$dir/err.txt")]"
	elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		problems+=" exit $rc, want 0 or 1 (no '--- exit') [$(head -c 300 "$dir/err.txt")]"
	fi
	if [ $has_stderr = 0 ] && [ -s "$dir/err.txt" ]; then
		problems+=" stderr not empty (no '--- stderr'): [$(head -c 300 "$dir/err.txt")]"
	fi
	if [ $has_expect = 1 ]; then
		if [ $json = 1 ]; then
			local got
			if ! got=$(jq -r '.findings[] | "\(.file):\(.line):\(.column) \(.severity) \(.rule_id)"' "$dir/out.txt" 2>&1); then
				problems+=" stdout is not a JSON report: $got"
			fi
			if [ -n "$only" ]; then
				local pat
				pat=" (${only//,/|})\$"
				got=$(printf '%s\n' "$got" | grep -E "$pat")
			fi
			local want
			want=$(printf '%s\n' "${expect[@]+"${expect[@]}"}")
			if [ "$got" != "$want" ]; then
				problems+=$'\n'"  want:"$'\n'"$(printf '%s\n' "$want" | sed 's/^/    /')"$'\n'"  got:"$'\n'"$(printf '%s\n' "$got" | sed 's/^/    /')"
			fi
		else
			problems+=" expect needs JSON output"
		fi
	fi
	for w in "${errwant[@]+"${errwant[@]}"}"; do
		grep -qF -- "$w" "$dir/err.txt" || problems+=" stderr lacks '$w' [$(head -c 300 "$dir/err.txt")]"
	done
	for w in "${outwant[@]+"${outwant[@]}"}"; do
		grep -qF -- "$w" "$dir/out.txt" || problems+=" stdout lacks '$w'"
	done
	for w in "${absent[@]+"${absent[@]}"}"; do
		! grep -qF -- "$w" "$dir/out.txt" "$dir/err.txt" ||
			problems+=" output shows '$w'"
	done
	for w in "${outnot[@]+"${outnot[@]}"}"; do
		! grep -qF -- "$w" "$dir/out.txt" || problems+=" stdout has '$w'"
	done
	for w in "${errnot[@]+"${errnot[@]}"}"; do
		! grep -qF -- "$w" "$dir/err.txt" || problems+=" stderr has '$w'"
	done
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL ${case}:${problems}"
	fi
	rm -rf "$dir"
}

nfound=0
for root in "$@"; do
	if [ -f "$root" ]; then
		nfound=$((nfound + 1))
		run_case "$root"
		continue
	fi
	if [ ! -d "$root" ]; then
		echo "FAIL run_cases: no such case file or directory: $root"
		fail=$((fail + 1))
		continue
	fi
	while IFS= read -r -d '' c; do
		nfound=$((nfound + 1))
		run_case "$c"
	done < <(find "$root" -name '*.case' -print0 | sort -z)
done
if [ $nfound = 0 ]; then
	echo "FAIL run_cases: no case files found in: $*"
	fail=$((fail + 1))
fi
echo "cases: $pass passed, $fail failed"
[ $fail = 0 ]
