#!/usr/bin/env python3
# gen_explain_examples.py CASES_DIR OUT_C [DEPFILE] - writes the example
# table of `bulkhead explain` (src/cli/explain_examples.h) from the
# repository's own case files, so an example can never drift from what the
# rule does: the build runs it (src/cli/meson.build, a custom_target) and
# tests/suites/explain.sh scans every example again.
#
# For rule BHnnnn:
#   BEFORE  from a case named BHnnnn-*.case (not *-quiet.case): the first
#           file (in "--- expect" order) that the case expects BHnnnn on.
#   AFTER   from a case named BHnnnn-*-quiet.case whose "--- expect" lists
#           no BHnnnn (and whose "--- only", if any, names BHnnnn): the
#           file of the same name as BEFORE's when it has one, else its
#           first file that looks like an input (Dockerfile, YAML, JSON).
# Preference: a case without "-review-" in its name, the quiet case of
# the same stem as the BEFORE case, then name order.  An example carries
# the case's scan options (--profile, --enable) and the case's other files
# that are not inputs themselves (.dockerignore, .env, context files), the
# "companions" that decide the verdict too.  A case scanning standard
# input or running another command gives no example.
#
# Strict like tests/run_cases.sh: a case file this script cannot read
# (unknown section, section twice, malformed expect line, text outside a
# section, a file path leaving the case) stops the build with FILE:LINE.
import os
import re
import sys

SECTIONS = {"file", "file-crlf", "args", "stdin", "only", "expect", "exit",
            "stderr", "stdout", "absent", "nostdout", "nostderr"}
EXPECT_RE = re.compile(r"^([^ ]+):([0-9]+):([0-9]+) (info|low|medium|high|critical) "
                       r"(BH[1-9][0-9]{3}|[a-z][a-z0-9]*(-[a-z0-9]+)*(:[a-z0-9]+(-[a-z0-9]+)*)?)$")
CASE_RE = re.compile(r"^(BH[1-9][0-9]{3})-[A-Za-z0-9._-]+\.case$")
INPUT_RE = re.compile(r"(^|/)(Dockerfile|Containerfile)[^/]*$|\.(Dockerfile|dockerfile|ya?ml|json)$")
KEEP_OPTS = {"--profile", "--enable"}
DROP_OPTS_ARG = {"--format"}
DROP_OPTS = {"--no-color"}


class CaseError(Exception):
    pass


def parse_case(path):
    """Returns dict: files (ordered list of (name, content)), args (list or
    None), stdin, only (list or None), expect (list of (file, id)),
    has_expect."""
    case = {"files": [], "args": None, "stdin": None, "only": None,
            "expect": [], "has_expect": False}
    seen = {}
    section = None
    cur = None  # [name, lines, crlf]
    names = set()

    def fail(n, msg):
        raise CaseError("%s:%d: %s" % (path, n, msg))

    def flush():
        nonlocal cur
        if cur is not None:
            text = "".join(l + "\n" for l in cur[1])
            if cur[2]:
                text = text.replace("\n", "\r\n")
            case["files"].append((cur[0], text))
        cur = None

    with open(path, "rb") as f:
        raw = f.read()
    # bytes as they are (a case may hold invalid UTF-8 on purpose)
    text = raw.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if line.startswith("--- "):
            flush()
            words = line[4:].split()
            section = words[0] if words else ""
            if section not in SECTIONS:
                fail(n, "unknown section '--- %s'" % section)
            if section not in ("file", "file-crlf"):
                if section in seen:
                    fail(n, "'--- %s' given twice (first on line %d)" % (section, seen[section]))
                seen[section] = n
            nargs = len(words) - 1
            if section in ("file", "file-crlf", "stdin", "only"):
                if nargs != 1:
                    fail(n, "'--- %s' takes 1 word, got %d" % (section, nargs))
            elif section == "args":
                if nargs < 1:
                    fail(n, "'--- args' takes at least 1 word")
            elif section == "exit":
                if nargs != 1 or not re.fullmatch(r"[0-9]{1,3}", words[1]) or int(words[1]) > 255:
                    fail(n, "'--- exit' takes an exit code 0-255")
            elif nargs != 0:
                fail(n, "'--- %s' takes no words, got %d" % (section, nargs))
            if section in ("file", "file-crlf"):
                name = words[1]
                if name.startswith("/") or "/../" in "/" + name + "/":
                    fail(n, "file path '%s' leaves the case's directory" % name)
                if name in names:
                    fail(n, "file '%s' given twice" % name)
                names.add(name)
                cur = [name, [], section == "file-crlf"]
            elif section == "args":
                case["args"] = words[1:]
            elif section == "stdin":
                case["stdin"] = words[1]
            elif section == "only":
                ids = words[1].split(",")
                if any(not i for i in ids):
                    fail(n, "'--- only %s': empty id" % words[1])
                case["only"] = ids
            elif section == "expect":
                case["has_expect"] = True
            continue
        if section in ("file", "file-crlf"):
            cur[1].append(line)
        elif section == "expect":
            if not line:
                continue
            m = EXPECT_RE.match(line)
            if not m:
                fail(n, "malformed expect line '%s'" % line)
            case["expect"].append((m.group(1), m.group(5)))
        elif section is None:
            if line and not line.startswith("#"):
                fail(n, "text before the first section (comments start with '#')")
        elif section in ("args", "stdin", "only", "exit"):
            if line:
                fail(n, "unexpected line under '--- %s'" % section)
    flush()
    if case["stdin"] is not None and case["stdin"] not in names:
        raise CaseError("%s: '--- stdin %s' names no '--- file' of the case" % (path, case["stdin"]))
    if case["only"] is not None and not case["has_expect"]:
        raise CaseError("%s: '--- only' without '--- expect'" % path)
    return case


def scan_setup(case):
    """The scan options and paths of a case, or None when the case is not
    a plain `bulkhead scan` of files (stdin, another command)."""
    args = case["args"]
    if args is None:
        return [], ["."]
    if not args or args[0] != "scan" or case["stdin"] is not None:
        return None
    opts, paths, i = [], [], 1
    names = {n for n, _ in case["files"]}
    while i < len(args):
        a = args[i]
        if a in KEEP_OPTS and i + 1 < len(args):
            opts += [a, args[i + 1]]
            i += 2
        elif a in DROP_OPTS_ARG and i + 1 < len(args):
            i += 2
        elif a in DROP_OPTS:
            i += 1
        elif a == "." or a in names:
            paths.append(a)
            i += 1
        else:
            return None
    return opts, paths or ["."]


def is_input(name):
    """Whether a case file is an input of its own (a Dockerfile, YAML or
    JSON file) rather than a companion; dotfiles (.bulkhead.yaml, .env,
    .dockerignore, .hadolint.yaml) are configuration, never inputs."""
    return not os.path.basename(name).startswith(".") and bool(INPUT_RE.search(name))


def make_example(path, case, primary, setup, exclude):
    content = dict(case["files"])[primary]
    comps = [(n, c) for n, c in case["files"]
             if n != primary and n not in exclude and not is_input(n)]
    opts, paths = setup
    paths = [p if p == "." or p == primary or p in dict(comps) else None for p in paths]
    if None in paths:
        return None
    return {"case": path, "file": primary, "content": content,
            "companions": comps, "options": opts, "paths": paths}


def before_of(rid, cases):
    for path, case in cases:
        setup = scan_setup(case)
        if setup is None:
            continue
        files = [f for f, i in case["expect"] if i == rid]
        if not files or files[0] not in dict(case["files"]):
            continue
        exclude = {f for f, _ in case["expect"]}
        ex = make_example(path, case, files[0], setup, exclude)
        if ex:
            return ex
    return None


def after_of(rid, cases, before):
    for path, case in cases:
        setup = scan_setup(case)
        if setup is None or not case["has_expect"]:
            continue
        if case["only"] is not None and rid not in case["only"]:
            continue
        fired = {f for f, i in case["expect"] if i == rid}
        inputs = [n for n, _ in case["files"] if is_input(n) and n not in fired]
        if not inputs:
            continue
        primary = before["file"] if before and before["file"] in inputs else inputs[0]
        ex = make_example(path, case, primary, setup, set(fired))
        if ex:
            return ex
    return None


def rank(path, stem_of_before):
    base = os.path.basename(path)
    stem = base[:-len("-quiet.case")] if base.endswith("-quiet.case") else base[:-len(".case")]
    return ("-review-" in base, stem != stem_of_before, base)


def c_str(s, indent):
    if s is None:
        return "NULL"
    if s == "":
        return '""'
    out = []
    for line in s.splitlines(keepends=True):
        esc = []
        for ch in line.encode("utf-8", "surrogateescape"):
            c = chr(ch)
            if c == "\\":
                esc.append("\\\\")
            elif c == '"':
                esc.append('\\"')
            elif c == "?":
                esc.append("\\?")
            elif c == "\n":
                esc.append("\\n")
            elif c == "\t":
                esc.append("\\t")
            elif 0x20 <= ch < 0x7f:
                esc.append(c)
            else:
                esc.append("\\%03o" % ch)
        out.append('"' + "".join(esc) + '"')
    return ("\n" + indent).join(out)


def emit_example(name, ex, lines):
    if ex is None:
        return
    for k, (n, c) in enumerate(ex["companions"]):
        lines.append("static const struct explain_file %s_comp%d = { %s,\n\t%s };"
                     % (name, k, c_str(n, "\t"), c_str(c, "\t")))
    comp = "NULL"
    if ex["companions"]:
        comp = "%s_comps" % name
        lines.append("static const struct explain_file *const %s[] = { %s, NULL };"
                     % (comp, ", ".join("&%s_comp%d" % (name, k) for k in range(len(ex["companions"])))))
    for what in ("options", "paths"):
        lines.append("static const char *const %s_%s[] = { %s };"
                     % (name, what, ", ".join([c_str(o, "") for o in ex[what]] + ["NULL"])))
    lines.append("static const struct explain_example %s = {" % name)
    lines.append("\t.case_file = %s," % c_str(ex["case"], "\t"))
    lines.append("\t.file = { %s,\n\t%s }," % (c_str(ex["file"], "\t"), c_str(ex["content"], "\t")))
    lines.append("\t.companions = %s," % comp)
    lines.append("\t.options = %s_options," % name)
    lines.append("\t.paths = %s_paths," % name)
    lines.append("};")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: gen_explain_examples.py CASES_DIR OUT_C [DEPFILE]")
    root, out_c = sys.argv[1], sys.argv[2]
    depfile = sys.argv[3] if len(sys.argv) == 4 else None
    deps, by_rule = [], {}
    nparsed = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        deps.append(dirpath)
        for fn in sorted(filenames):
            if not fn.endswith(".case"):
                continue
            p = os.path.join(dirpath, fn)
            deps.append(p)
            try:
                case = parse_case(p)
            except (CaseError, OSError) as e:
                sys.exit("gen_explain_examples.py: error: %s" % e)
            nparsed += 1
            m = CASE_RE.match(fn)
            if m:
                rel = os.path.relpath(p, os.path.join(root, "..", ".."))
                by_rule.setdefault(m.group(1), []).append((rel, case, fn))
    if nparsed == 0:
        sys.exit("gen_explain_examples.py: error: no case files under %s" % root)
    lines = ["/* Generated by scripts/gen_explain_examples.py from tests/cases;",
             " * do not edit.  The examples of `bulkhead explain`. */",
             '#include "cli/explain_examples.h"',
             "",
             "#include <stddef.h>",
             ""]
    rows = []
    for rid in sorted(by_rule):
        entries = by_rule[rid]
        fires = [(p, c) for p, c, fn in sorted(entries, key=lambda e: rank(e[0], None))
                 if not fn.endswith("-quiet.case")]
        before = before_of(rid, fires)
        bstem = None
        if before:
            bstem = os.path.basename(before["case"])[:-len(".case")]
        quiet = [(p, c) for p, c, fn in sorted(entries, key=lambda e: rank(e[0], bstem))
                 if fn.endswith("-quiet.case")]
        after = after_of(rid, quiet, before)
        if not before and not after:
            continue
        lo = rid.lower()
        emit_example(lo + "_before", before, lines)
        emit_example(lo + "_after", after, lines)
        rows.append('\t{ "%s", %s, %s },' % (rid, "&" + lo + "_before" if before else "NULL",
                                            "&" + lo + "_after" if after else "NULL"))
    lines.append("")
    lines.append("const struct explain_examples explain_examples_table[] = {")
    lines += rows
    lines.append("};")
    lines.append("const size_t explain_examples_count = %d;" % len(rows))
    tmp = out_c + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, out_c)
    if depfile:
        with open(depfile, "w") as f:
            f.write("%s: %s\n" % (out_c.replace(" ", "\\ "),
                                  " ".join(d.replace(" ", "\\ ") for d in deps)))


if __name__ == "__main__":
    main()
