#!/usr/bin/env python3
# fix_props.py BIN BEFORE_DIR AFTER_DIR EDITS_JSON - the three properties
# of `bulkhead fix` (docs/fix.md) for every file an edit names, both
# trees holding the same relative paths (the fix was run from BEFORE_DIR):
#  1. re-scan: no rule has more findings after than before, and a rule
#     whose fix made N edits has at least N findings fewer;
#  2. it still parses: a Dockerfile gives the same `bulkhead dump` except
#     for the instructions on changed lines (`dump --lines` tells which
#     lines each instruction spans; the unified diff of the two texts
#     which lines changed); a YAML file loads (python3 yaml; tabs ending a
#     line after a plain scalar, white space to YAML 1.2 that PyYAML alone
#     refuses, are dropped from both sides when the original needs it) to the same
#     data except what the fix adds: every mapping of before is in after
#     with the same values, a list of before is a prefix of after's, a
#     changed scalar is only read_only false -> true or a Kubernetes
#     setting made right (readOnlyRootFilesystem, runAsNonRoot true,
#     allowPrivilegeEscalation false, runAsUser 0 -> a UID, a Compose
#     user: root -> "UID:UID", a Compose
#     port bound to 127.0.0.1, Compose privileged: true removed or
#     made false, a Compose secret NAME moved to NAME_FILE, an untagged
#     or :latest image pinned by digest from --pins, a kustomization
#     images: entry's newTag latest given the pin's tag); an edit
#     whose note ends "(part of the same fix)" counts for no finding;
#  3. idempotence: `bulkhead fix` over AFTER_DIR's file prints nothing and
#     exits 0.
# An edit that creates a file ("create": a .dockerignore) must give that
# file in AFTER_DIR, byte for byte, absent from BEFORE_DIR; one that
# appends to a file ("append") must give BEFORE_DIR's file then its text;
# their rule's findings are counted in the file they were made for
# ("from").
# With --walk (first argument), each file is re-scanned and re-fixed through
# its directory, walked as the fix walked it (fix_corpus.sh puts each file
# alone in a directory).  With --tree, through the whole tree (`scan .`,
# its findings in that file; `fix .`): a Dockerfile whose build context a
# Compose file of the tree names is scanned in that context only then.
# Prints one "ok ..." or "FAIL ..." line per property and file; exit 1 on
# any failure.
import collections, difflib, json, os, re, subprocess, sys

import yaml

walk = sys.argv[1:2] == ["--walk"]
if walk:
    del sys.argv[1]
tree = sys.argv[1:2] == ["--tree"]
if tree:
    del sys.argv[1]
bin_, before, after, edits_path = sys.argv[1:5]
bin_ = os.path.abspath(bin_)
edits = json.load(open(edits_path))["edits"]
fails = 0


class ComposeLoader(yaml.SafeLoader):
    """safe_load, plus Compose's own tags (`!reset` clears an inherited
    value, `!override` replaces it in a merge; docs.docker.com/reference/
    compose-file/merge): a value so tagged is loaded as ("!reset", VALUE),
    so before and after compare it with its tag."""


def _compose_tag(loader, node):
    if isinstance(node, yaml.MappingNode):
        v = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        v = loader.construct_sequence(node, deep=True)
    else:
        v = loader.construct_scalar(node)
    return (node.tag, repr(v))


for _t in ("!reset", "!override"):
    ComposeLoader.add_constructor(_t, _compose_tag)


def say(ok, what):
    global fails
    print(("ok " if ok else "FAIL ") + what)
    if not ok:
        fails += 1


def run(args, cwd):
    p = subprocess.run([bin_] + args, cwd=cwd, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def walked(f):
    """With --walk, the directory holding f: the fix ran over the tree,
    where a file is walked, not named (a YAML file walked may hold
    documents that are not Kubernetes objects; named, those are input
    errors), so the re-scan and the second fix walk it too."""
    return (os.path.dirname(f) or ".") if walk else f


def counts(cwd, f):
    rc, out, err = run(["scan", "--format", "json", "." if tree else walked(f)], cwd)
    if rc not in (0, 1):
        return None
    return collections.Counter(x["rule_id"] for x in json.loads(out)["findings"]
                               if not tree or x["file"] == f)


def changed_lines(a, b):
    """Old and new line numbers (1-based) the line diff touches."""
    old, new, ins = set(), set(), set()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        old.update(range(i1 + 1, i2 + 1))
        new.update(range(j1 + 1, j2 + 1))
        if i1 == i2:
            ins.add(i1)   # lines inserted after old line i1
    return old, new, ins


def dump_untouched(cwd, f, touched, ins=()):
    rc1, d, _ = run(["dump", f], cwd)
    rc2, ln, _ = run(["dump", "--lines", f], cwd)
    if rc1 or rc2:
        return None
    dl, ll = d.splitlines(), ln.splitlines()
    if len(dl) != len(ll):
        return None
    keep = []
    for text, span in zip(dl, ll):
        s, e = (int(x) for x in span.split())
        # an insertion touches the instruction it lands inside
        if not any(l in touched for l in range(s, e + 1)) and \
                not any(s <= p < e for p in ins):
            keep.append(text)
    return keep


def sub(a, b, path="$"):
    """Why data "a" is not contained in "b" (None when it is)."""
    if isinstance(a, dict):
        if not isinstance(b, dict):
            return path
        for k, v in a.items():
            if k not in b:
                # Compose BH2018: the privileged: true line removed
                if k == "privileged" and v in (True, "true"):
                    continue
                # Compose BH2006: NAME moved to NAME_FILE, a secret file
                if isinstance(k, str) and b.get(k + "_FILE") == \
                        "/run/secrets/" + k.lower():
                    continue
                return "%s.%s gone" % (path, k)
            w = sub(v, b[k], "%s.%s" % (path, k))
            if w:
                return w
        return None
    if isinstance(a, list):
        if not isinstance(b, list) or len(b) < len(a):
            return path + " list changed"
        for i, (x, y) in enumerate(zip(a, b)):
            w = sub(x, y, "%s[%d]" % (path, i))
            if w:
                return w
        return None
    if a == b:
        return None
    if path.endswith(".read_only") and a in (False, "false") and b is True:
        return None
    # Kubernetes values a fix sets right (docs/fix.md)
    for key, want in ((".readOnlyRootFilesystem", True),
                      (".runAsNonRoot", True),
                      (".allowPrivilegeEscalation", False)):
        if path.endswith(key) and a is (not want) and b is want:
            return None
    # Compose BH2020: a published port bound to the host's loopback
    if ".ports[" in path and isinstance(b, str) and (
            b in ("127.0.0.1:%s" % a, "127.0.0.1::%s" % a) or
            (str(a).startswith("0.0.0.0:") and b == "127.0.0.1" + str(a)[7:])):
        return None
    if ".ports[" in path and path.endswith(".host_ip") and a == "0.0.0.0" \
            and b == "127.0.0.1":
        return None
    if ".environment[" in path and isinstance(a, str) and "=" in a and \
            b == "%s_FILE=/run/secrets/%s" % (a.split("=")[0],
                                              a.split("=")[0].lower()):
        return None
    # --pins: an untagged or :latest image pinned by digest, same name
    if path.endswith(".image") and isinstance(a, str) and \
            isinstance(b, str) and "@sha256:" in b:
        def repo(x):
            x = x.split("@")[0]
            head, _, last = x.rpartition("/")
            return (head + "/" if head else "") + last.split(":")[0]
        if repo(a) == repo(b) and a in (repo(a), repo(a) + ":latest"):
            return None
        # a tag-only image (BH1012, BH2005, BH3036) gets its digest
        if b.startswith(a + "@sha256:"):
            return None
    # --pins on a kustomization's images: entry: newTag latest gets the
    # pin's tag (the digest is a key added beside it)
    if re.search(r"\.images\[\d+\]\.newTag$", path) and a == "latest" \
            and isinstance(b, str):
        return None
    if path.endswith(".privileged") and a is True and b is False:
        return None
    if path.endswith(".runAsUser") and a == 0 and isinstance(b, int) and b > 0:
        return None
    # Compose BH2001: user root made "UID:UID"
    if path.endswith(".user") and str(a) in ("root", "0", "root:root", "0:0") \
            and isinstance(b, str) and b.split(":")[0].isdigit() and b.split(":")[0] != "0":
        return None
    return "%s: %r -> %r" % (path, a, b)


# a new file (a generated .dockerignore) is checked whole: after/ holds
# exactly its text; its findings are those of the file it was made for
for e in edits:
    if e.get("append"):
        # lines added at the end of an existing file (a .dockerignore):
        # after/ holds before/'s bytes then exactly the added text
        b, a = os.path.join(before, e["file"]), os.path.join(after, e["file"])
        ok = os.path.isfile(b) and os.path.isfile(a) and \
            open(a, "rb").read() == open(b, "rb").read() + e["text"].encode()
        say(ok, "appended %s" % e["file"])
        e["file"] = e["from"]
        continue
    if e.get("create"):
        p = os.path.join(after, e["file"])
        ok = os.path.isfile(p) and open(p, "rb").read() == e["text"].encode()
        say(ok and not os.path.exists(os.path.join(before, e["file"])),
            "created %s" % e["file"])
        e["file"] = e["from"]
files = sorted({e["file"] for e in edits})
per_rule = collections.defaultdict(collections.Counter)
for e in edits:
    # an edit that completes the rule's previous one (the /tmp emptyDir
    # of a read-only root) fixes no finding of its own
    if not (e.get("note") or "").endswith("(part of the same fix)"):
        per_rule[e["file"]][e["rule"]] += 1
for f in files:
    bf, af = os.path.join(before, f), os.path.join(after, f)
    # 1. re-scan
    cb, ca = counts(before, f), counts(after, f)
    if cb is None or ca is None:
        say(False, "rescan %s: scan failed" % f)
    else:
        more = [r for r in ca if ca[r] > cb[r]]
        stay = [r for r, n in per_rule[f].items() if ca[r] > cb[r] - n]
        say(not more and not stay, "rescan %s%s%s" % (
            f, " new: " + ",".join(more) if more else "",
            " not fixed: " + ",".join(stay) if stay else ""))
    # 2. still parses, same except the edits
    ta = open(bf, "rb").read().decode("utf-8", "replace").splitlines()
    tb = open(af, "rb").read().decode("utf-8", "replace").splitlines()
    yml = f.endswith((".yml", ".yaml"))
    if yml:
        try:
            try:
                da = list(yaml.load_all("\n".join(ta), Loader=ComposeLoader))
            except yaml.YAMLError:
                # PyYAML (YAML 1.1) refuses a tab after a plain scalar at
                # a line's end, which YAML 1.2 counts as white space (and
                # libfyaml, which the rescan above used, accepts): both
                # sides are loaded with those trailing tabs removed, the
                # same way; the original must load then, else the
                # failure below stands
                ta = [re.sub(r"(?<=\S)\t+$", "", l) for l in ta]
                tb = [re.sub(r"(?<=\S)\t+$", "", l) for l in tb]
                da = list(yaml.load_all("\n".join(ta), Loader=ComposeLoader))
            db = list(yaml.load_all("\n".join(tb), Loader=ComposeLoader))
            why = None if len(da) == len(db) else "document count"
            for x, y in zip(da, db):
                why = why or sub(x, y)
            say(why is None, "parse %s%s" % (f, " " + why if why else ""))
        except yaml.YAMLError as ex:
            say(False, "parse %s: %s" % (f, str(ex).splitlines()[0]))
    else:
        old, new, ins = changed_lines(ta, tb)
        ka = dump_untouched(before, f, old, ins)
        kb = dump_untouched(after, f, new)
        say(ka is not None and ka == kb, "parse %s (dump of the untouched "
            "instructions)" % f)
    # 3. idempotence
    rc, out, err = run(["fix", "." if tree else walked(f)], after)
    say(rc == 0 and out == "", "idempotent %s%s" % (
        f, "" if rc == 0 and out == "" else " (exit %d)\n%s" % (rc, out[:2000])))
sys.exit(1 if fails else 0)
