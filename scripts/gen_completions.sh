#!/usr/bin/env bash
# gen_completions.sh BINARY OUTDIR - writes shell completions for bash
# (OUTDIR/bulkhead.bash), zsh (OUTDIR/_bulkhead) and fish
# (OUTDIR/bulkhead.fish) from the binary's own help text: the commands
# `bulkhead help` lists, each command's options from `CMD --help`, and
# an option's values where its help spells them `--opt a|b|c`.  Used by
# `make install`; tested by tests/suites/install.sh.
set -eu
bin=$1 out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {
	name=$1; $1=""; sub(/^ +/, ""); print name "\t" $0 } on && /^$/ {on=0}' \
	> "$tmp/commands"
# one line per option: command, long name, short name or -, values or -,
# takes-an-argument (1/0)
while IFS=$'\t' read -r cmd _; do
	case $cmd in help|version) continue ;; esac
	"$bin" "$cmd" --help | awk -v cmd="$cmd" '
	/^  +-/ {
		line = $0; sub(/^ +/, "", line)
		short = "-"
		if (line ~ /^-[A-Za-z], /) { short = substr(line, 2, 1); line = substr(line, 5) }
		if (line !~ /^--[a-z]/) next
		split(line, w, / +/)
		long = substr(w[1], 3); vals = "-"; arg = 0
		if (index(long, "=")) { split(long, p, "="); long = p[1]; arg = 1 }
		if (w[2] != "" && w[2] ~ /^[A-Za-z]/ && line ~ /^--[^ ]+ [^ ]/ && line !~ /^--[^ ]+  /) {
			arg = 1
			if (w[2] ~ /^[a-z0-9-]+(\|[a-z0-9-]+)+$/) { vals = w[2]; gsub(/\|/, " ", vals) }
		}
		if (!seen[long]++) print cmd "\t" long "\t" short "\t" vals "\t" arg
	}'
done < "$tmp/commands" > "$tmp/options"

cmds=$(cut -f1 "$tmp/commands" | tr '\n' ' ' | sed 's/ $//')

# bash
{
	echo '# bash completion for bulkhead, generated from its --help (scripts/gen_completions.sh)'
	echo '_bulkhead() {'
	echo '	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]:-} opts= vals='
	echo '	COMPREPLY=()'
	echo '	if [ "$COMP_CWORD" -eq 1 ]; then'
	echo "		COMPREPLY=(\$(compgen -W \"$cmds\" -- \"\$cur\"))"
	echo '		return'
	echo '	fi'
	echo '	case $cmd in'
	while IFS=$'\t' read -r cmd _; do
		case $cmd in help|version) continue ;; esac
		o=$(awk -F'\t' -v c="$cmd" '$1 == c { printf "%s--%s", sep, $2; sep=" "; if ($3 != "-") printf " -%s", $3 }' "$tmp/options")
		echo "	$cmd) opts=\"$o\""
		echo '		case $prev in'
		awk -F'\t' -v c="$cmd" '$1 == c && $4 != "-" {
			pat = "--" $2; if ($3 != "-") pat = pat "|-" $3
			printf "\t\t%s) vals=\"%s\" ;;\n", pat, $4 }' "$tmp/options"
		echo '		esac ;;'
	done < "$tmp/commands"
	echo "	help) COMPREPLY=(\$(compgen -W \"$cmds\" -- \"\$cur\")); return ;;"
	echo '	esac'
	echo '	if [ -n "$vals" ]; then'
	echo '		COMPREPLY=($(compgen -W "$vals" -- "$cur"))'
	echo '	elif [[ $cur == -* ]]; then'
	echo '		COMPREPLY=($(compgen -W "$opts" -- "$cur"))'
	echo '	else'
	echo '		COMPREPLY=($(compgen -f -- "$cur"))'
	echo '	fi'
	echo '}'
	echo 'complete -o filenames -F _bulkhead bulkhead'
} > "$out/bulkhead.bash"

# zsh
{
	echo '#compdef bulkhead'
	echo '# zsh completion for bulkhead, generated from its --help (scripts/gen_completions.sh)'
	echo '_bulkhead() {'
	echo '	local -a cmds'
	echo '	cmds=('
	while IFS=$'\t' read -r cmd summary; do
		printf "\t\t'%s:%s'\n" "$cmd" "$(sed "s/'/'\\\\''/g; s/:/\\\\:/g" <<< "$summary")"
	done < "$tmp/commands"
	echo '	)'
	echo '	if (( CURRENT == 2 )); then'
	echo "		_describe 'command' cmds"
	echo '		return'
	echo '	fi'
	echo '	case $words[2] in'
	while IFS=$'\t' read -r cmd _; do
		case $cmd in help|version) continue ;; esac
		printf '\t%s)\n\t\t_arguments -s \\\n' "$cmd"
		awk -F'\t' -v c="$cmd" '$1 == c {
			spec = "--" $2
			if ($4 != "-") act = ":value:(" $4 ")"
			else if ($5 == 1) act = ":value:_files"
			else act = ""
			printf "\t\t\t\x27%s[]%s\x27 \\\n", spec, act
			if ($3 != "-") printf "\t\t\t\x27-%s[]%s\x27 \\\n", $3, act
		}' "$tmp/options"
		printf "\t\t\t'*:file:_files' ;;\n"
	done < "$tmp/commands"
	echo '	esac'
	echo '}'
	echo '_bulkhead "$@"'
} > "$out/_bulkhead"

# fish
{
	echo '# fish completion for bulkhead, generated from its --help (scripts/gen_completions.sh)'
	echo "complete -c bulkhead -f -n __fish_use_subcommand"
	while IFS=$'\t' read -r cmd summary; do
		printf "complete -c bulkhead -f -n __fish_use_subcommand -a %s -d '%s'\n" "$cmd" "$(sed "s/'/\\\\'/g" <<< "$summary")"
	done < "$tmp/commands"
	awk -F'\t' '{
		line = "complete -c bulkhead -n \x27__fish_seen_subcommand_from " $1 "\x27 -l " $2
		if ($3 != "-") line = line " -s " $3
		if ($4 != "-") line = line " -x -a \x27" $4 "\x27"
		else if ($5 == 1) line = line " -r"
		print line
	}' "$tmp/options"
} > "$out/bulkhead.fish"
