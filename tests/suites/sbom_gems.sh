#!/usr/bin/env bash
# sbom_gems.sh BINARY - installed Ruby gems: `bulkhead sbom` on this
# machine's GEM directories (every */specifications/**/*.gemspec under
# /usr/lib/ruby/gems and /var/lib/gems) against RubyGems' own reader
# (ruby -e Gem::Specification.load on each file): the same (name,
# version) rows, exactly.  Skips (and says so) without ruby, jq or gems.
# Ends with "sbom_gems: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "$1")
pass=0; fail=0; skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in ruby jq; do
	command -v $tool > /dev/null || { echo "skipped: $tool absent"; echo "sbom_gems: 0 passed, 0 failed, 1 skipped"; exit 0; }
done
for root in /usr/lib/ruby/gems /var/lib/gems; do
	[ -d "$root" ] || continue
	find "$root" -path '*/specifications/*' -name '*.gemspec' | sort > "$tmp/files"
	[ -s "$tmp/files" ] || continue
	ruby -e 'ARGF.each_line { |f| s = Gem::Specification.load(f.chomp); puts "#{s.name}\t#{s.version}" if s }' \
		"$tmp/files" | sort > "$tmp/want"
	# each spec file named on its own (what a walk of the root reads as gemspecs)
	while IFS= read -r f; do "$bin" sbom --format json "$f"; done < "$tmp/files" |
		jq -r '.packages[] | select(.ecosystem == "gem") | [.name, .version] | @tsv' | sort > "$tmp/got"
	# and the walk finds each of them
	"$bin" sbom --format json "$root" 2> /dev/null |
		jq -r '.packages[] | select(.path | test("/specifications/")) | [.name, .version] | @tsv' |
		sort > "$tmp/walk"
	if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got" && cmp -s "$tmp/want" "$tmp/walk"; then
		pass=$((pass + 1))
		echo "ok $root: $(wc -l < "$tmp/got") gemspecs as Gem::Specification.load reads them"
	else
		fail=$((fail + 1))
		echo "FAIL sbom_gems: $root differs from RubyGems (< ruby, > bulkhead):"
		diff "$tmp/want" "$tmp/got" | head -n 10 | sed 's/^/    /'
		diff "$tmp/want" "$tmp/walk" | head -n 5 | sed 's/^/    walk: /'
	fi
done
if [ $pass = 0 ] && [ $fail = 0 ]; then
	echo "skipped: no installed gemspecs"
	skipped=1
fi
if [ $skipped != 0 ]; then
	echo "sbom_gems: $pass passed, $fail failed, $skipped skipped"
else
	echo "sbom_gems: $pass passed, $fail failed"
fi
[ $fail = 0 ]
