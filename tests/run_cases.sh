#!/usr/bin/env bash
# run_cases.sh BINARY DIR... - runs every tests/cases/**/*.case file.
#
# Case format (docs/hacking.md):
#   # comment lines before the first section
#   --- file PATH          file content follows, up to the next "--- " line
#   --- file-crlf PATH     same, written with CRLF line endings
#   --- args ARGS...       bulkhead arguments (default: scan .); run in the
#                          case's temp dir; "--format json" is added unless
#                          the args name a format ("--format X" or
#                          "--format=X")
#   --- stdin PATH         feed the case file PATH to standard input
#   --- only ID[,ID...]    compare only findings of these rules
#   --- expect             complete sorted list "file:line:col severity id"
#   --- exit N             expected exit code
#   --- stderr             lines that must each appear in stderr
#   --- stdout             lines that must each appear in stdout
#   --- nostdout           lines that must not appear in stdout
#   --- nostderr           lines that must not appear in stderr
# Any other section name fails the case (a typo must not pass silently).
# Prints one line per failure and ends with "cases: N passed, N failed".
set -u
bin=$(realpath "$1"); shift
pass=0; fail=0
tmproot=$(mktemp -d)
trap 'rm -rf "$tmproot"' EXIT

run_case() {
	local case=$1 dir=$tmproot/c$((pass + fail))
	mkdir -p "$dir"
	local section="" file="" crlf=0 args="" only="" exitwant="" stdin=""
	local -a expect=() errwant=() outwant=() outnot=() errnot=()
	local badsection=""
	local has_expect=0
	local content=""
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
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line == "--- "* ]]; then
			flush
			read -r -a words <<< "${line#--- }"
			section=${words[0]}
			case $section in
			file) file=${words[1]} ;;
			file-crlf) file=${words[1]}; crlf=1 ;;
			args) args=${line#--- args } ;;
			stdin) stdin=${words[1]} ;;
			only) only=${words[1]} ;;
			expect) has_expect=1 ;;
			exit) exitwant=${words[1]} ;;
			stderr|stdout|nostdout|nostderr) ;;
			*) badsection+=" '$section'" ;;
			esac
			continue
		fi
		case $section in
		file|file-crlf) content+="$line"$'\n' ;;
		expect) [ -n "$line" ] && expect+=("$line") ;;
		stderr) [ -n "$line" ] && errwant+=("$line") ;;
		stdout) [ -n "$line" ] && outwant+=("$line") ;;
		nostdout) [ -n "$line" ] && outnot+=("$line") ;;
		nostderr) [ -n "$line" ] && errnot+=("$line") ;;
		esac
	done < "$case"
	flush
	[ -n "$args" ] || args="scan ."
	local json=0
	if [[ " $args " != *" --format "* && " $args " != *" --format="* ]]; then
		args="$args --format json"; json=1
	elif [[ " $args " == *" --format json "* || " $args " == *" --format=json "* ]]; then
		json=1
	fi
	local rc
	# shellcheck disable=SC2086
	if [ -n "$stdin" ]; then
		(cd "$dir" && "$bin" $args < "$stdin" > out.txt 2> err.txt); rc=$?
	else
		(cd "$dir" && "$bin" $args < /dev/null > out.txt 2> err.txt); rc=$?
	fi
	local problems=""
	[ -n "$badsection" ] && problems+=" unknown section(s)$badsection"
	if [ $rc -ge 128 ] || grep -q "Sanitizer\|runtime error" "$dir/err.txt"; then
		problems+=" crashed(rc=$rc): $(grep -m1 -E 'ERROR|runtime error' "$dir/err.txt")"
	fi
	if [ -n "$exitwant" ] && [ "$rc" != "$exitwant" ]; then
		problems+=" exit $rc, want $exitwant [$(head -c 300 "$dir/err.txt")]"
	fi
	if [ $has_expect = 1 ]; then
		if [ $json = 1 ]; then
			local got
			got=$(jq -r '.findings[] | "\(.file):\(.line):\(.column) \(.severity) \(.rule_id)"' "$dir/out.txt" 2>/dev/null)
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
	for w in "${outnot[@]+"${outnot[@]}"}"; do
		grep -qF -- "$w" "$dir/out.txt" && problems+=" stdout has '$w'"
	done
	for w in "${errnot[@]+"${errnot[@]}"}"; do
		grep -qF -- "$w" "$dir/err.txt" && problems+=" stderr has '$w'"
	done
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL ${case}:${problems}"
	fi
	rm -rf "$dir"
}

for root in "$@"; do
	while IFS= read -r -d '' c; do
		run_case "$c"
	done < <(find "$root" -name '*.case' -print0 | sort -z)
done
echo "cases: $pass passed, $fail failed"
[ $fail = 0 ]
