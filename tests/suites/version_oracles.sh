#!/usr/bin/env bash
# version_oracles.sh BULKHEAD_BINARY - the version comparators of
# src/vuln/version.h (through the test-only program tests/vercmp next to
# the binary's build) against each ecosystem's own implementation, on
# real version strings, every pair asked both ways round:
#  - dpkg: `dpkg --compare-versions` on adjacent pairs of the versions in
#    the machine's apt lists (/var/lib/apt/lists/*Packages*, plain, lz4,
#    gz or xz), once sorted (neighbours share prefixes) and once in file
#    order, BH_ORACLE_PAIRS (default 2000) pairs each;
#  - PEP 440: pypa/packaging (Debian's python3-packaging through
#    /usr/bin/python3, tests/oracles/pep440_cmp.py) on every version named
#    in ../shared/osv-real/pypi (ranges and versions lists), adjacent
#    pairs sorted and in file order, and every distinct version against
#    1.0 (rejections must agree too);
#  - SemVer: node-semver (pinned in tests/oracles/package.json, installed
#    on first use into tests/oracles/node_modules; tests/oracles/
#    semver_cmp.js) on the versions named in ../shared/osv-real/go: strict
#    (adjacent pairs, and every distinct version against 1.0.0), and loose
#    with "v" and "=" prefixes added;
#  - RPM: rpm's rpmverCmp (python3-rpm's rpm.ver, tests/oracles/
#    rpm_cmp.py) on the apt-list versions above as EVR strings;
#  - RubyGems: Gem::Version (ruby, tests/oracles/gem_cmp.rb) on the
#    installed gems' versions plus the OSV PyPI and Go versions;
#  - Maven: Debian's maven-artifact (3.8.7; java, javac and
#    tests/oracles/MavenCmp.java) on /usr/share/maven-repo's versions plus
#    the OSV PyPI and Go versions, leaving out those with letters followed
#    by digits, which Maven 3.9 (what we follow) reads differently.
# Each oracle also gets pairs of generated version-like strings
# (tests/oracles/gen_versions.py, fixed seed: odd separators, case,
# leading zeros, stray characters), valid and invalid, max*10 of them
# (max/2 for dpkg, one process each).
# tests/vercmp answers each pair through the string comparator and the
# prepared forms matching uses (vuln_version_cmp_prepared) and prints
# "prepared-differs" when they disagree, so both are held to the tools.
# One check per oracle and direction; each prints "NAME: N/N pairs agree"
# and its first disagreements.  An oracle whose tool, data or install is
# missing is skipped with the reason.
# Ends with "version_oracles: N passed, N failed[, N skipped]".
# suite: normal-build-only
set -u
cd "$(dirname "$0")/../.."
bin=${1:?usage: version_oracles.sh BULKHEAD_BINARY}
vercmp=$(dirname "$bin")/tests/vercmp
shared=${BH_SHARED:-../shared}
max=${BH_ORACLE_PAIRS:-2000}
pass=0; fail=0; skip=0
skipped() { skip=$((skip + 1)); echo "skipped version_oracles: $*"; }
finish() {
	if [ $skip -gt 0 ]; then
		echo "version_oracles: $pass passed, $fail failed, $skip skipped"
	else
		echo "version_oracles: $pass passed, $fail failed"
	fi
	[ $fail = 0 ]
	exit
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$vercmp" ]; then
	echo "FAIL version_oracles: $vercmp not built"
	fail=1
	finish
fi

# pairs VERSIONS OUT: up to $max adjacent pairs of the list, spread evenly,
# appended to OUT as "A<TAB>B"
pairs() {
	awk -v max="$max" '{ v[NR] = $0 }
	END {
		if (NR < 2) exit
		step = int((NR - 1) / max); if (step < 1) step = 1
		for (i = 1; i < NR; i += step) print v[i] "\t" v[i + 1]
	}' "$1" >> "$2"
}

# agree NAME PAIRS OURS THEIRS: one check; prints the count and the first
# disagreements
agree() {
	local name=$1 p=$2 ours=$3 theirs=$4 n bad
	n=$(wc -l < "$p")
	if [ "$n" = 0 ]; then
		skipped "$name: no pairs"
		return
	fi
	paste "$p" "$ours" "$theirs" | awk -F'\t' '$3 != $4' > "$tmp/diff"
	bad=$(wc -l < "$tmp/diff")
	echo "$name: $((n - bad))/$n pairs agree"
	if [ "$bad" = 0 ] && [ "$(wc -l < "$ours")" = "$n" ] && [ "$(wc -l < "$theirs")" = "$n" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL version_oracles: $name: $bad disagreement(s) (A, B, ours, theirs):"
		head -n 10 "$tmp/diff" | sed 's/^/    /'
	fi
}

# both directions of a pair file
mirror() { awk -F'\t' '{ print $2 "\t" $1 }' "$1"; }

# dpkg_answers PAIRS OURS: dpkg's own answer for each pair (-1, 0, 1, or
# "error" when it refuses a version), asking first whether ours holds: one
# process per pair when it does
dpkg_answers() {
	paste "$1" "$2" | while IFS=$'\t' read -r a b r; do
		case $r in
		-1) op=lt ;; 0) op=eq ;; 1) op=gt ;; *) op=lt r=-1 ;;
		esac
		dpkg --compare-versions -- "$a" "$op" "$b" 2> /dev/null
		rc=$?
		if [ $rc = 0 ]; then
			echo "$r"
		elif [ $rc -gt 1 ]; then
			echo error
		elif [ "$op" != lt ] && dpkg --compare-versions -- "$a" lt "$b" 2> /dev/null; then
			echo -1
		elif dpkg --compare-versions -- "$a" eq "$b" 2> /dev/null; then
			echo 0
		else
			echo 1
		fi
	done
}

# -- dpkg ---------------------------------------------------------------------
lists=$(ls /var/lib/apt/lists/*Packages* 2> /dev/null | grep -v -e '\.diff' -e 'partial')
if ! command -v dpkg > /dev/null 2>&1; then
	skipped "dpkg: dpkg not found"
elif [ -z "$lists" ]; then
	skipped "dpkg: no apt lists in /var/lib/apt/lists (apt-get update)"
else
	for f in $lists; do
		case $f in
		*.lz4) lz4cat "$f" ;;
		*.gz) zcat "$f" ;;
		*.xz) xzcat "$f" ;;
		*) cat "$f" ;;
		esac 2> /dev/null
	done | sed -n 's/^Version: //p' > "$tmp/deb.all"
	awk '!seen[$0]++' "$tmp/deb.all" > "$tmp/deb.order"
	LC_ALL=C sort -u "$tmp/deb.all" > "$tmp/deb.sorted"
	: > "$tmp/deb.pairs"
	pairs "$tmp/deb.sorted" "$tmp/deb.pairs"
	pairs "$tmp/deb.order" "$tmp/deb.pairs"
	mirror "$tmp/deb.pairs" > "$tmp/deb.rpairs"
	for dir in pairs rpairs; do
		"$vercmp" dpkg < "$tmp/deb.$dir" > "$tmp/deb.ours"
		dpkg_answers "$tmp/deb.$dir" "$tmp/deb.ours" > "$tmp/deb.theirs"
		agree "dpkg --compare-versions ($dir, $(wc -l < "$tmp/deb.order") versions in the apt lists)" \
			"$tmp/deb.$dir" "$tmp/deb.ours" "$tmp/deb.theirs"
	done
	/usr/bin/python3 tests/oracles/gen_versions.py dpkg "$((max / 2))" 1 > "$tmp/deb.gen"
	"$vercmp" dpkg < "$tmp/deb.gen" > "$tmp/deb.ours"
	dpkg_answers "$tmp/deb.gen" "$tmp/deb.ours" > "$tmp/deb.theirs"
	agree "dpkg --compare-versions (generated, $(grep -c error "$tmp/deb.theirs") rejected)" \
		"$tmp/deb.gen" "$tmp/deb.ours" "$tmp/deb.theirs"
fi

# -- RPM ----------------------------------------------------------------------
# rpmvercmp orders any string: the Debian versions above (epochs, ~, +,
# revisions as releases) stand in for real EVRs, of which this machine has
# none
if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import rpm; rpm.ver' 2> /dev/null; then
	skipped "rpm: /usr/bin/python3 with rpm.ver not found (apt-get install python3-rpm)"
elif [ ! -s "$tmp/deb.sorted" ]; then
	skipped "rpm: no apt lists to take versions from"
else
	: > "$tmp/rpm.pairs"
	pairs "$tmp/deb.sorted" "$tmp/rpm.pairs"
	pairs "$tmp/deb.order" "$tmp/rpm.pairs"
	awk '{ print $0 "\t1.0" }' "$tmp/deb.sorted" >> "$tmp/rpm.pairs"
	/usr/bin/python3 tests/oracles/gen_versions.py rpm "$((max * 10))" 1 > "$tmp/rpm.gen"
	cat "$tmp/rpm.gen" >> "$tmp/rpm.pairs"
	mirror "$tmp/rpm.pairs" > "$tmp/rpm.rpairs"
	for dir in pairs rpairs; do
		"$vercmp" rpm < "$tmp/rpm.$dir" > "$tmp/rpm.ours"
		/usr/bin/python3 tests/oracles/rpm_cmp.py < "$tmp/rpm.$dir" > "$tmp/rpm.theirs"
		agree "rpm $(/usr/bin/python3 -c 'import rpm; print(rpm.__version__)') rpm.ver ($dir: adjacent apt-list versions, each against 1.0, generated)" \
			"$tmp/rpm.$dir" "$tmp/rpm.ours" "$tmp/rpm.theirs"
	done
fi

# versions named in OSV records: ranges' events and versions lists
osv_versions() {
	find "$1" -name '*.json' -print0 | sort -z |
		xargs -0 jq -r '.affected[]? | ((.ranges[]?.events[]? | to_entries[] | .value), .versions[]?)' \
		2> /dev/null | grep -v -x -e '' -e '0'
}

# -- PEP 440 --------------------------------------------------------------------
if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import packaging.version' 2> /dev/null; then
	skipped "pep440: /usr/bin/python3 with packaging not found (apt-get install python3-packaging)"
elif ! command -v jq > /dev/null 2>&1; then
	skipped "pep440: jq not found"
elif [ ! -d "$shared/osv-real/pypi" ]; then
	skipped "pep440: $shared/osv-real/pypi not found (../shared absent)"
else
	osv_versions "$shared/osv-real/pypi" > "$tmp/py.all"
	awk '!seen[$0]++' "$tmp/py.all" > "$tmp/py.order"
	LC_ALL=C sort -u "$tmp/py.all" > "$tmp/py.sorted"
	: > "$tmp/py.pairs"
	pairs "$tmp/py.sorted" "$tmp/py.pairs"
	pairs "$tmp/py.order" "$tmp/py.pairs"
	mirror "$tmp/py.pairs" > "$tmp/py.rpairs"
	for dir in pairs rpairs; do
		"$vercmp" pypi < "$tmp/py.$dir" > "$tmp/py.ours"
		/usr/bin/python3 tests/oracles/pep440_cmp.py < "$tmp/py.$dir" > "$tmp/py.theirs"
		agree "packaging $(/usr/bin/python3 -c 'import packaging; print(packaging.__version__)') ($dir, $(wc -l < "$tmp/py.order") versions in osv-real/pypi)" \
			"$tmp/py.$dir" "$tmp/py.ours" "$tmp/py.theirs"
	done
	/usr/bin/python3 tests/oracles/gen_versions.py pypi "$((max * 10))" 1 > "$tmp/py.gen"
	"$vercmp" pypi < "$tmp/py.gen" > "$tmp/py.ours"
	/usr/bin/python3 tests/oracles/pep440_cmp.py < "$tmp/py.gen" > "$tmp/py.theirs"
	agree "packaging, generated ($(grep -c error "$tmp/py.theirs") rejected)" \
		"$tmp/py.gen" "$tmp/py.ours" "$tmp/py.theirs"
	# every distinct version against 1.0: the rejections must agree too
	awk '{ print $0 "\t1.0" }' "$tmp/py.sorted" > "$tmp/py.pivot"
	"$vercmp" pypi < "$tmp/py.pivot" > "$tmp/py.ours"
	/usr/bin/python3 tests/oracles/pep440_cmp.py < "$tmp/py.pivot" > "$tmp/py.theirs"
	agree "packaging, every version against 1.0 ($(grep -c error "$tmp/py.theirs") rejected)" \
		"$tmp/py.pivot" "$tmp/py.ours" "$tmp/py.theirs"
fi

# -- SemVer (node-semver) -------------------------------------------------------
odir=tests/oracles
if ! command -v node > /dev/null 2>&1; then
	skipped "semver: node not found"
elif ! command -v jq > /dev/null 2>&1; then
	skipped "semver: jq not found"
elif [ ! -d "$shared/osv-real/go" ]; then
	skipped "semver: $shared/osv-real/go not found (../shared absent)"
else
	if [ ! -f "$odir/node_modules/semver/package.json" ] && command -v npm > /dev/null 2>&1; then
		timeout 600 npm install --prefix "$odir" --no-audit --no-fund > "$tmp/npm.log" 2>&1 ||
			tail -n 3 "$tmp/npm.log" | sed 's/^/    /'
	fi
	if [ ! -f "$odir/node_modules/semver/package.json" ]; then
		skipped "semver: npm install of semver into $odir failed (offline?)"
	else
		sv=$(node -p "require('./$odir/node_modules/semver/package.json').version")
		osv_versions "$shared/osv-real/go" > "$tmp/go.all"
		awk '!seen[$0]++' "$tmp/go.all" > "$tmp/go.order"
		LC_ALL=C sort -u "$tmp/go.all" > "$tmp/go.sorted"
		: > "$tmp/go.pairs"
		pairs "$tmp/go.sorted" "$tmp/go.pairs"
		pairs "$tmp/go.order" "$tmp/go.pairs"
		mirror "$tmp/go.pairs" > "$tmp/go.rpairs"
		for dir in pairs rpairs; do
			"$vercmp" semver < "$tmp/go.$dir" > "$tmp/go.ours"
			node "$odir/semver_cmp.js" < "$tmp/go.$dir" > "$tmp/go.theirs"
			agree "node-semver $sv strict ($dir, $(wc -l < "$tmp/go.order") versions in osv-real/go)" \
				"$tmp/go.$dir" "$tmp/go.ours" "$tmp/go.theirs"
		done
		awk '{ print $0 "\t1.0.0" }' "$tmp/go.sorted" > "$tmp/go.pivot"
		"$vercmp" semver < "$tmp/go.pivot" > "$tmp/go.ours"
		node "$odir/semver_cmp.js" < "$tmp/go.pivot" > "$tmp/go.theirs"
		agree "node-semver $sv strict, every version against 1.0.0 ($(grep -c error "$tmp/go.theirs") rejected)" \
			"$tmp/go.pivot" "$tmp/go.ours" "$tmp/go.theirs"
		/usr/bin/python3 tests/oracles/gen_versions.py semver "$((max * 10))" 1 > "$tmp/go.gen"
		"$vercmp" semver < "$tmp/go.gen" > "$tmp/go.ours"
		node "$odir/semver_cmp.js" < "$tmp/go.gen" > "$tmp/go.theirs"
		agree "node-semver $sv strict, generated ($(grep -c error "$tmp/go.theirs") rejected)" \
			"$tmp/go.gen" "$tmp/go.ours" "$tmp/go.theirs"
		"$vercmp" semver-loose < "$tmp/go.gen" > "$tmp/go.ours"
		node "$odir/semver_cmp.js" --loose < "$tmp/go.gen" > "$tmp/go.theirs"
		agree "node-semver $sv loose, generated ($(grep -c error "$tmp/go.theirs") rejected)" \
			"$tmp/go.gen" "$tmp/go.ours" "$tmp/go.theirs"
		awk -F'\t' '{ print "v" $1 "\t=" $2 }' "$tmp/go.pairs" > "$tmp/go.loose"
		"$vercmp" semver-loose < "$tmp/go.loose" > "$tmp/go.ours"
		node "$odir/semver_cmp.js" --loose < "$tmp/go.loose" > "$tmp/go.theirs"
		agree "node-semver $sv loose (v/= prefixed)" "$tmp/go.loose" "$tmp/go.ours" "$tmp/go.theirs"
	fi
fi
# -- RubyGems -------------------------------------------------------------------
# the installed gems' own versions, plus the OSV PyPI and Go versions (many
# are valid gem versions; the rest must be rejected by both)
if ! command -v ruby > /dev/null 2>&1; then
	skipped "gem: ruby not found (apt-get install ruby)"
else
	{
		ls /usr/lib/ruby/gems/*/specifications/default/ /usr/share/rubygems-integration/*/specifications/ \
			2> /dev/null | sed -n 's/^.*-\([0-9][^-]*\)\.gemspec$/\1/p'
		cat "$tmp/py.order" "$tmp/go.order" 2> /dev/null
	} | awk '!seen[$0]++' > "$tmp/gem.order"
	LC_ALL=C sort -u "$tmp/gem.order" > "$tmp/gem.sorted"
	: > "$tmp/gem.pairs"
	pairs "$tmp/gem.sorted" "$tmp/gem.pairs"
	pairs "$tmp/gem.order" "$tmp/gem.pairs"
	awk '{ print $0 "\t1.0" }' "$tmp/gem.sorted" >> "$tmp/gem.pairs"
	/usr/bin/python3 tests/oracles/gen_versions.py gem "$((max * 10))" 1 >> "$tmp/gem.pairs"
	mirror "$tmp/gem.pairs" > "$tmp/gem.rpairs"
	for dir in pairs rpairs; do
		"$vercmp" gem < "$tmp/gem.$dir" > "$tmp/gem.ours"
		ruby tests/oracles/gem_cmp.rb < "$tmp/gem.$dir" > "$tmp/gem.theirs"
		agree "RubyGems $(ruby -e 'print Gem::VERSION') Gem::Version ($dir: $(wc -l < "$tmp/gem.order") versions, adjacent and each against 1.0, and generated; $(grep -c error "$tmp/gem.theirs") rejected)" \
			"$tmp/gem.$dir" "$tmp/gem.ours" "$tmp/gem.theirs"
	done
fi
# -- Maven -----------------------------------------------------------------------
# Debian ships maven-artifact 3.8.7; we follow Maven 3.9's ComparableVersion,
# which reads letters followed by digits ("rc1", "dev0", "alpha-2") as one
# combination item where 3.8 splits them (docs/decisions.md).  So the pool
# (the versions in /usr/share/maven-repo, plus the PyPI and Go versions
# above) is compared without the versions that hold such a combination.
mjar=/usr/share/java/maven-artifact-3.x.jar
if ! command -v javac > /dev/null 2>&1 || ! command -v java > /dev/null 2>&1; then
	skipped "maven: java/javac not found (apt-get install default-jdk-headless)"
elif [ ! -f "$mjar" ]; then
	skipped "maven: $mjar not found (apt-get install libmaven3-core-java)"
elif ! javac -cp "$mjar" -d "$tmp" tests/oracles/MavenCmp.java 2> "$tmp/javac.log"; then
	skipped "maven: MavenCmp.java does not compile: $(head -n 1 "$tmp/javac.log")"
else
	mv="maven-artifact $(dpkg-query -W -f='${Version}' libmaven3-core-java 2> /dev/null || echo '(version unknown)')"
	{
		find /usr/share/maven-repo -name '*.pom' 2> /dev/null | sed -E 's|.*/([^/]+)/[^/]+\.pom$|\1|' | grep -v -x debian
		cat "$tmp/py.order" "$tmp/go.order" 2> /dev/null
	} | grep -v -E '[A-Za-z]-?[0-9]' | awk '!seen[$0]++' > "$tmp/mvn.order"
	LC_ALL=C sort -u "$tmp/mvn.order" > "$tmp/mvn.sorted"
	: > "$tmp/mvn.pairs"
	pairs "$tmp/mvn.sorted" "$tmp/mvn.pairs"
	pairs "$tmp/mvn.order" "$tmp/mvn.pairs"
	awk '{ print $0 "\t1.0" }' "$tmp/mvn.sorted" >> "$tmp/mvn.pairs"
	mirror "$tmp/mvn.pairs" > "$tmp/mvn.rpairs"
	for dir in pairs rpairs; do
		"$vercmp" maven < "$tmp/mvn.$dir" > "$tmp/mvn.ours"
		java -cp "$mjar:$tmp" MavenCmp < "$tmp/mvn.$dir" > "$tmp/mvn.theirs" 2> "$tmp/java.log"
		agree "$mv ComparableVersion ($dir: $(wc -l < "$tmp/mvn.order") versions without letter-digit combinations, adjacent and each against 1.0)" \
			"$tmp/mvn.$dir" "$tmp/mvn.ours" "$tmp/mvn.theirs"
	done
fi
finish
