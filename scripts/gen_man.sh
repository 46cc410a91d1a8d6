#!/usr/bin/env bash
# gen_man.sh BINARY OUTDIR - writes the man pages from the binary's own
# help text, so a page and `--help` cannot drift: bulkhead.1 from
# `bulkhead help`, bulkhead-CMD.1 from `bulkhead CMD --help` for every
# command `bulkhead help` lists.  Used by `make install` and `make deb`;
# tested by tests/suites/install.sh (every option line of --help is on
# the page).  No date on the pages: the same binary gives the same bytes.
set -eu
bin=$1 out=$2
mkdir -p "$out"
version=$("$bin" --version | awk '{print $2}')

# roff-safe text: backslashes, leading dots and quotes, hyphens
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }

# the commands and their one-line summaries, from the top-level help
commands() { "$bin" help | awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {
	name=$1; $1=""; sub(/^ +/, ""); print name "\t" $0 } on && /^$/ {on=0}' |
	grep -v -E '^(help|version)	'; }

page() { # name, summary, help text file
	local name=$1 summary=$2 text=$3 upper
	upper=$(tr 'a-z' 'A-Z' <<< "$name")
	{
	printf '.TH %s 1 "" "bulkhead %s" "bulkhead manual"\n' "$upper" "$version"
	# no hyphenation: a command name split at a line end ("bulkhead-ver-
	# ify") is not findable on the page
	printf '.nh\n'
	printf '.SH NAME\n%s \\- %s\n' "$(esc <<< "$name")" "$(esc <<< "$summary")"
	printf '.SH SYNOPSIS\n.nf\n'
	# usage lines: the first one and those indented under it
	awk 'NR==1 {sub(/^usage: /, ""); print; next} /^       / {sub(/^ +/, ""); print; next} {exit}' "$text" | esc
	printf '.fi\n.SH DESCRIPTION\n.nf\n'
	awk 'NR==1 {next} !started && /^       / {next} {started=1} /^(options|commands):$/ {exit} {print}' "$text" | esc
	printf '.fi\n'
	if grep -q -E '^(options|commands):$' "$text"; then
		local head; head=$(grep -m1 -E '^(options|commands):$' "$text" | tr -d ':' | tr 'a-z' 'A-Z')
		printf '.SH %s\n.nf\n' "$head"
		awk '/^(options|commands):$/ {on=1; next} /^exit: / {exit} on {print}' "$text" | esc
		printf '.fi\n'
	fi
	# a command whose help has an "exit: ..." paragraph (verify, sign,
	# serve: the line and the indented lines under it) says its own exit
	# status; the others report findings
	local exits; exits=$(awk '/^exit: / {on=1; sub(/^exit: /, ""); print; next}
		on && /^      / {sub(/^ +/, ""); print; next} on {exit}' "$text" | tr '\n' ' ' | sed 's/ *$//')
	if [ -n "$exits" ]; then
		printf '.SH EXIT STATUS\n%s.\n' "$(esc <<< "$exits")"
	else
		printf '.SH EXIT STATUS\n0 clean, 1 findings at or over the threshold, 2 usage or input error.\n'
	fi
	printf '.SH SEE ALSO\n.nh\n'
	if [ "$name" = bulkhead ]; then
		# one page a line: a filled line would break a name at its
		# hyphen ("bulkhead-" / "verify(1)")
		printf '.nf\n'
		commands | cut -f1 | sed 's/^/.BR bulkhead\\-/; s/$/ (1)/'
		printf '.fi\n'
	else
		printf '.BR bulkhead (1)\n'
	fi
	} > "$out/$name.1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" help > "$tmp/top"
page bulkhead "container security auditor and hardener" "$tmp/top"
while IFS=$'\t' read -r cmd summary; do
	"$bin" "$cmd" --help > "$tmp/$cmd"
	page "bulkhead-$cmd" "$summary" "$tmp/$cmd"
done < <(commands)
