# podman.sh - sourced by tests/suites/podman_fixtures.sh and
# podman_live.sh: what of `bulkhead inspect`'s findings on a podman
# document is compared, and an oracle computing some of them from the
# document with jq (not with bulkhead's code).  Needs jq and $bin.

# The fixtures' capture directory (tests/data/inspect-podman/README.md):
# the socket bind's path in a BH2030 message names it.
PODMAN_FIXTURE_DIR=/tmp/bulkhead-podman

# findings FILE: "line:col severity id message", in bulkhead's order (the
# golden files' form)
podman_findings() {
	"$bin" inspect "$1" --format json | jq -r \
		'.findings[] | "\(.line):\(.column) \(.severity) \(.rule_id) \(.message)"'
}

# stable LIST DIR: the findings of LIST without line:col, sorted, with
# capture directory DIR written "DIR".  Lines and columns move when podman
# writes a field more or less (a longer CreateCommand, another version);
# what each finding says (rule, severity, container, value) must not.
podman_stable() {
	sed -E 's/^[0-9]+:[0-9]+ //' "$1" | sed "s#$2#DIR#g" | LC_ALL=C sort
}

# oracle FILE: "container rule" for each finding of the rules below that
# the document calls for, computed by jq from Docker's and podman's
# documented fields; sorted.  Compared with bulkhead's findings of the
# same rules.
PODMAN_ORACLE_RULES="BH2001 BH2007 BH2011 BH2012 BH2013 BH2018 BH2019 BH2024 BH2025 BH2026 BH2028"
podman_oracle() {
	jq -r '
	  def defaults: ["AUDIT_WRITE","CHOWN","DAC_OVERRIDE","FOWNER","FSETID",
	    "KILL","MKNOD","NET_BIND_SERVICE","NET_RAW","SETFCAP","SETGID",
	    "SETPCAP","SETUID","SYS_CHROOT"];
	  def n(x): (x // 0);
	  .[] | (.Name | ltrimstr("/")) as $c | .HostConfig as $h | .Config as $k |
	  ($h.Privileged == true) as $priv |
	  ([($h.CapDrop // [])[] | ascii_upcase | ltrimstr("CAP_")]) as $drop |
	  [ (if ($k.User // "") | IN("", "root", "0", "0:0") then "BH2001" else empty end),
	    (if $k.Healthcheck == null then "BH2007" else empty end),
	    (if $h.ReadonlyRootfs != true then "BH2011" else empty end),
	    (if ($priv | not) and ([($h.SecurityOpt // [])[] |
	        select(. == "no-new-privileges" or . == "no-new-privileges:true" or
	               . == "no-new-privileges=true")] | length) == 0
	     then "BH2012" else empty end),
	    (if ($priv | not) and ($drop | index("ALL") | not) and
	        ((defaults - $drop) | length) > 0 then "BH2013" else empty end),
	    (if $priv then "BH2018" else empty end),
	    ($h | .NetworkMode, .PidMode, .IpcMode, .UTSMode, .UsernsMode |
	      select(. == "host") | "BH2019"),
	    # podman < 4.4 writes IpcMode shareable for --ipc=host (#17189)
	    (($k.CreateCommand // []) as $cc |
	     if $h.IpcMode == "shareable" and (($cc | index("--ipc=host")) or
	        ([range(0; ($cc | length) - 1) | select($cc[.] == "--ipc" and
	          $cc[. + 1] == "host")] | length > 0))
	     then "BH2019" else empty end),
	    (if n($h.Memory) <= 0 then "BH2024" else empty end),
	    (if n($h.NanoCpus) <= 0 and n($h.CpuQuota) <= 0 then "BH2025" else empty end),
	    (if n($h.PidsLimit) <= 0 then "BH2026" else empty end),
	    (($h.SecurityOpt // [])[] | select(. == "seccomp=unconfined" or
	      . == "seccomp:unconfined") | "BH2028")
	  ][] | "\($c) \(.)"' "$1" | LC_ALL=C sort
}

# bulkhead's findings of the oracle's rules in findings LIST, in the
# oracle's form ("container rule"), sorted
podman_oracle_of() {
	local re
	re=$(tr ' ' '|' <<< "$PODMAN_ORACLE_RULES")
	grep -E "^[0-9]+:[0-9]+ [a-z]+ ($re) " "$1" |
		sed -E 's/^[^ ]+ [^ ]+ ([^ ]+) container "([^"]*)".*/\2 \1/' |
		LC_ALL=C sort
}
