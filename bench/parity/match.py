#!/usr/bin/env python3
"""match.py - how much of Trivy's misconfiguration report bulkhead matches.

Run by bench/parity/parity.sh (make parity); tested on fixtures by
tests/suites/parity_match.sh.

    match.py --label NAME --rules RULES.json --trivy TRIVY.json
             --bulkhead BH.json [--bh-prefix P] [--trivy-prefix P]
             [--unmatched OUT.tsv] [--extra OUT.tsv]
             [--explained EXPLAINED.tsv]

RULES.json is `bulkhead rules --format json`, TRIVY.json is `trivy config
--format json` and BH.json is `bulkhead scan --format json`, both run on
the same directory layout.  File names are compared after removing a
leading "./" and the given prefix from each side.

Definitions (the units every figure counts):
  * A Trivy finding is one entry of Results[].Misconfigurations[] with
    Status FAIL: a check id (its AVDID without "AVD-", e.g. DS-0002,
    KSV-0017), the file (Target) and the line range CauseMetadata
    StartLine..EndLine (0 when Trivy gives none, as for a missing USER).
  * The rule table maps a Trivy id to the bulkhead rules whose row lists
    it in peers.trivy (either spelling: DS-0002, AVD-DS-0002 or Trivy's
    short id DS002, which is resolved through the pairs ID/AVDID that
    Trivy's own report carries).  Nothing is mapped by hand here.
  * File match: bulkhead reports at least one finding of a mapped rule on
    the same file.  This is the headline figure (issue 10: "how many
    bulkhead matches on the same file").
  * Line match: a file match where a mapped finding's line lies within
    Trivy's StartLine..EndLine, or Trivy gives no line.  Trivy's ranges
    are whole instructions or whole resources/containers, bulkhead points
    at the offending key, so "within the range" is the sensible test.
  * Unmapped id: a Trivy id that no rule row lists; its findings count as
    not matched.
  * bulkhead-only: files where a mapped rule fires and Trivy has no
    finding of that id (printed for information, not in the percentage).

Output: one row per Trivy id, then a total line
  "LABEL parity: N Trivy findings, M matched on the same file (P%),
   L on the same line (Q%)"
and the unmapped ids.  --unmatched writes every finding not matched
(id, file, lines, why) and --extra the bulkhead-only (id, file, rules)
as TSV, for docs/parity.md; with --explained the unmatched TSV has a
last column, class: the explaining row's class, "unexplained", or empty
for a line-only difference.

Explanations (--explained, bench/parity/explained.tsv): every Trivy
finding that bulkhead does not match on the file must have a reason.  The
TSV has the columns trivy_id, file, line, class, reason ('#' lines and
the header are skipped):
  * trivy_id: one id (no wildcard);
  * file: a corpus-relative file (parity.sh lays the Dockerfile R/F out
    as R/F/Dockerfile; the row names R/F), or a pattern named '@NAME' from
    PATTERNS below (a clear, documented test on Trivy's own finding);
  * line: Trivy's StartLine (0 when Trivy gives none) or '*' (every
    finding of that id on that file);
  * class: trivy-false-positive (Trivy is wrong about this file: the
    reason shows it), issue-10-false-alarm (Trivy reports a pattern that
    issue 10 lists under "False alarms to remove" and bulkhead therefore
    does not: an export-only scratch stage, an update the RUN goes on
    from, privileged containers asked for more, a Kustomize patch judged
    for what it leaves to its base), by-design (bulkhead judges it
    otherwise on purpose) or bulkhead-gap;
  * reason: free text, with the file:line that shows it.
A row explains an unmatched finding when id, file (or pattern) and line
agree.  Only findings not matched on the file need a row (a line-only
difference is still a file match).  Printed, after the raw total:
  "LABEL explained: E of U unmatched (F trivy-false-positive, A
   issue-10-false-alarm, D by-design, G bulkhead-gap); matched or
   explained X of N (P%); matched, excluding Trivy false positives M of
   N-F (Q%); matched, excluding every false alarm (Trivy's and issue
   10's) M of N-F-A (R%)"
then every unmatched finding with no row ("LABEL unexplained: ID FILE:LINE")
and every row of this report's ids or files that explains nothing
("LABEL stale explanation: ..."; one TSV serves both corpora), so a
new disagreement cannot hide and a fixed one is noticed.
"""
import argparse
import json
import re
import sys
from collections import defaultdict


def norm_file(name, prefix):
    while name.startswith("./"):
        name = name[2:]
    if prefix and name.startswith(prefix):
        name = name[len(prefix):]
    while name.startswith("/") or name.startswith("./"):
        name = name[1:] if name.startswith("/") else name[2:]
    return name


def avd_norm(s):
    """AVD-DS-0002 / ds-0002 -> DS-0002."""
    s = s.strip().upper()
    if s.startswith("AVD-"):
        s = s[4:]
    return s


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def trivy_findings(doc, prefix):
    """[(id, short_id, file, start, end)], {short_id: id}, files seen."""
    out, short = [], {}
    files = set()
    for res in doc.get("Results") or []:
        target = norm_file(res.get("Target", ""), prefix)
        files.add(target)
        for m in res.get("Misconfigurations") or []:
            avd = avd_norm(m.get("AVDID") or m.get("ID") or "")
            sid = (m.get("ID") or "").strip().upper()
            if sid:
                short[sid] = avd
            if (m.get("Status") or "FAIL") != "FAIL":
                continue
            cm = m.get("CauseMetadata") or {}
            start = cm.get("StartLine") or 0
            end = cm.get("EndLine") or start
            out.append((avd, sid, target, int(start), int(end),
                        m.get("Message") or ""))
    return out, short, files


def rule_map(rules, short):
    """{trivy id: set(rule ids)} from the rows' peers.trivy."""
    if isinstance(rules, dict):
        rules = rules.get("rules", [])
    m = defaultdict(set)
    for r in rules:
        peers = r.get("peers") or {}
        tv = peers.get("trivy")
        if not tv:
            continue
        for tok in re.split(r"[,\s]+", tv):
            if not tok:
                continue
            t = avd_norm(tok)
            t = short.get(t, t)
            m[t].add(r["id"])
    return m


def bulkhead_findings(doc, prefix):
    """{(file, rule): [lines]}, files seen."""
    by = defaultdict(list)
    files = set()
    for f in doc.get("findings") or []:
        name = norm_file(f.get("file", ""), prefix)
        files.add(name)
        by[(name, f.get("rule_id", ""))].append(int(f.get("line") or 0))
    return by, files


# Patterns for the file column of explained.tsv: name -> (what it means,
# test on a Trivy finding's message).  Trivy's Kubernetes messages start
# with the object's kind in lower case ("service web in default namespace
# should set ...").
POD_KINDS = {"pod", "deployment", "statefulset", "daemonset", "replicaset",
             "replicationcontroller", "job", "cronjob", "podtemplate"}
PATTERNS = {
    "@no-pod-kind": (
        "the object Trivy names is not a Pod or a built-in workload "
        "controller (Service, ConfigMap, RBAC, custom resources...): it has "
        "no pod spec to set a securityContext in",
        lambda msg: bool(msg) and msg.split(" ", 1)[0].lower() not in POD_KINDS),
}
CLASSES = ("trivy-false-positive", "issue-10-false-alarm", "by-design",
           "bulkhead-gap")


def load_explained(path):
    """[(id, file or @pattern, line or None, class, reason)]."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("trivy_id\t"):
                continue
            cols = line.split("\t")
            if len(cols) != 5:
                raise SystemExit(f"{path}:{n}: want 5 tab-separated columns, got {len(cols)}")
            tid, fname, ln, cls, reason = cols
            tid = avd_norm(tid)
            if "*" in tid or not tid:
                raise SystemExit(f"{path}:{n}: trivy_id must be one id, not '{cols[0]}'")
            if fname.startswith("@") and fname not in PATTERNS:
                raise SystemExit(f"{path}:{n}: unknown pattern {fname}")
            if "*" in fname or not fname:
                raise SystemExit(f"{path}:{n}: file must be a file or a pattern, not '{fname}'")
            if cls not in CLASSES:
                raise SystemExit(f"{path}:{n}: class '{cls}' is not one of {', '.join(CLASSES)}")
            if not reason.strip():
                raise SystemExit(f"{path}:{n}: no reason")
            if ln != "*" and not ln.isdigit():
                raise SystemExit(f"{path}:{n}: line must be a number or '*'")
            rows.append((tid, fname, None if ln == "*" else int(ln), cls, reason))
    return rows


def explain(rows, avd, fname, start, msg):
    """The index of the first row explaining this finding, or None."""
    for i, (tid, f, ln, _, _) in enumerate(rows):
        if tid != avd or (ln is not None and ln != start):
            continue
        if f.startswith("@"):
            if PATTERNS[f][1](msg):
                return i
        elif f == fname or f + "/Dockerfile" == fname:
            return i
    return None


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--trivy", required=True)
    ap.add_argument("--bulkhead", required=True)
    ap.add_argument("--trivy-prefix", default="")
    ap.add_argument("--bh-prefix", default="")
    ap.add_argument("--unmatched")
    ap.add_argument("--extra")
    ap.add_argument("--explained")
    a = ap.parse_args(argv)

    tfind, short, tfiles_seen = trivy_findings(load_json(a.trivy), a.trivy_prefix)
    rmap = rule_map(load_json(a.rules), short)
    bh, _ = bulkhead_findings(load_json(a.bulkhead), a.bh_prefix)

    stats = defaultdict(lambda: {"n": 0, "files": set(), "file": 0,
                                 "line": 0})
    unmatched = []
    exrows = load_explained(a.explained) if a.explained else None
    used = set()
    nexp = {c: 0 for c in CLASSES}
    unexplained = []
    for avd, sid, fname, start, end, msg in tfind:
        s = stats[avd]
        s["n"] += 1
        s["files"].add(fname)
        rules = rmap.get(avd, set())
        lines = [ln for r in sorted(rules) for ln in bh.get((fname, r), [])]
        cls = ""
        if not rules or not lines:
            why = "no rule" if not rules else "not on file"
            if exrows is not None:
                i = explain(exrows, avd, fname, start, msg)
                if i is None:
                    unexplained.append((avd, fname, start, why))
                    cls = "unexplained"
                else:
                    used.add(i)
                    cls = exrows[i][3]
                    nexp[cls] += 1
        else:
            s["file"] += 1
            if start == 0 or any(start <= ln <= end for ln in lines):
                s["line"] += 1
                continue
            why = "other line"
        row = (avd, fname, start, end, why,
               ",".join(str(x) for x in sorted(set(lines))))
        unmatched.append(row + (cls,) if exrows is not None else row)

    # bulkhead-only: a mapped rule fires on a file with no Trivy finding
    # of that id
    tfiles = defaultdict(set)
    for avd, _, fname, _, _, _ in tfind:
        tfiles[avd].add(fname)
    extra = defaultdict(set)
    for tid, rules in rmap.items():
        for (fname, rid) in bh:
            if rid in rules and fname not in tfiles[tid]:
                extra[tid].add((fname, rid))
    extra_files = {tid: {f for f, _ in v} for tid, v in extra.items()}

    ids = sorted(stats, key=lambda i: (-stats[i]["n"], i))
    print(f"{'Trivy id':<11} {'findings':>8} {'files':>6} {'file match':>10} "
          f"{'line match':>10} {'bh-only':>7}  bulkhead rules")
    tot = {"n": 0, "file": 0, "line": 0}
    for i in ids:
        s = stats[i]
        for k in tot:
            tot[k] += s[k]
        rules = ",".join(sorted(rmap.get(i, []))) or "(no rule)"
        print(f"{i:<11} {s['n']:>8} {len(s['files']):>6} "
              f"{s['file']:>5} {pct(s['file'], s['n']):>3.0f}% "
              f"{s['line']:>5} {pct(s['line'], s['n']):>3.0f}% "
              f"{len(extra_files.get(i, ())):>7}  {rules}")
    nomap = [i for i in ids if i not in rmap]
    print(f"{a.label} parity: {tot['n']} Trivy findings, {tot['file']} matched "
          f"on the same file ({pct(tot['file'], tot['n']):.1f}%), {tot['line']} "
          f"on the same line ({pct(tot['line'], tot['n']):.1f}%)")
    if nomap:
        n = sum(stats[i]["n"] for i in nomap)
        print(f"{a.label}: Trivy ids bulkhead has no rule for: "
              f"{', '.join(nomap)} ({n} findings)")
    else:
        print(f"{a.label}: every Trivy id found has a bulkhead rule")

    if exrows is not None:
        un = tot["n"] - tot["file"]
        e = sum(nexp.values())
        fp = nexp["trivy-false-positive"]
        fa = nexp["issue-10-false-alarm"]
        print(f"{a.label} explained: {e} of {un} unmatched ({fp} trivy-false-positive, "
              f"{fa} issue-10-false-alarm, "
              f"{nexp['by-design']} by-design, {nexp['bulkhead-gap']} bulkhead-gap); "
              f"matched or explained {tot['file'] + e} of {tot['n']} "
              f"({pct(tot['file'] + e, tot['n']):.1f}%); matched, excluding Trivy "
              f"false positives {tot['file']} of {tot['n'] - fp} "
              f"({pct(tot['file'], tot['n'] - fp):.1f}%); matched, excluding "
              f"every false alarm (Trivy's and issue 10's) {tot['file']} of "
              f"{tot['n'] - fp - fa} ({pct(tot['file'], tot['n'] - fp - fa):.1f}%)")
        for avd, fname, start, why in sorted(unexplained):
            print(f"{a.label} unexplained: {avd} {fname}:{start} ({why})")
        for i, r in enumerate(exrows):
            # a row of the other corpus (its id and file are not in this
            # report) is not stale here
            if i not in used and (r[0] in stats or r[1] in tfiles_seen
                                  or r[1] + "/Dockerfile" in tfiles_seen):
                print(f"{a.label} stale explanation: {r[0]} {r[1]}:"
                      f"{'*' if r[2] is None else r[2]} explains nothing")
        if not unexplained:
            print(f"{a.label}: every unmatched Trivy finding is explained")

    if a.unmatched:
        with open(a.unmatched, "w", encoding="utf-8") as f:
            f.write("trivy_id\tfile\tstart\tend\twhy\tbulkhead_lines"
                    + ("\tclass" if exrows is not None else "") + "\n")
            for row in sorted(unmatched):
                f.write("\t".join(str(x) for x in row) + "\n")
    if a.extra:
        with open(a.extra, "w", encoding="utf-8") as f:
            f.write("trivy_id\tfile\tbulkhead_rule\n")
            for tid in sorted(extra):
                for fname, rid in sorted(extra[tid]):
                    f.write(f"{tid}\t{fname}\t{rid}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
