#!/usr/bin/env python3
# fix_interactive.py BINARY TMPDIR - drives `bulkhead fix --interactive`
# on a pseudo-terminal (Python's pty module) over copies of tests/fix/
# cases and prints one "ok NAME" or "FAIL NAME: why" line per check
# (tests/suites/fix_interactive.sh counts them).
#
# The expected file after a sequence of answers is made without the
# tool: the plain diff's "@@ -a,b +c,d @@" lines say which lines of
# before/ each hunk replaces with which lines of after/ (the golden
# result); an accepted hunk takes after/'s lines, a rejected one keeps
# before/'s, and the lines between hunks are before/'s.  Where no line
# of the diff is masked, GNU patch applying only the accepted hunks must
# give the same bytes (a second oracle).
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time

BIN = os.path.realpath(sys.argv[1])
TMP = sys.argv[2]
ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "tests", "fix")
PROMPT = re.compile(rb"\((\d+)/(\d+)\) (Apply this hunk|Apply these hunks \(one fix\)|Create this file) "
                    rb"\[y,n,q,a,d,\?\]\? ")
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.M)

passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print("ok " + name)


def bad(name, why):
    global failed
    failed += 1
    print("FAIL fix_interactive: %s: %s" % (name, why))


def check(name, cond, why=""):
    if cond:
        ok(name)
    else:
        bad(name, why)
    return cond


def drive(cwd, args, answers, timeout=20):
    """Runs BIN fix --interactive ARGS in cwd on a pty, answering each
    prompt with the next of answers (a string sent as typed, "\\n"
    added; "EOF" sends ^D).  Returns (exit status, transcript bytes,
    prompts seen [(i, n, kind)], stderr)."""
    errfile = os.path.join(TMP, "stderr")
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            e = os.open(errfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(e, 2)
            os.execv(BIN, [BIN, "fix", "--interactive"] + args)
        finally:
            os._exit(127)
    out = b""
    seen = 0          # prompts answered
    prompts = []
    at = 0            # where to look for the next prompt
    end = time.time() + timeout
    status = None
    while True:
        left = end - time.time()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)
            return None, out, prompts, "timeout"
        r, _, _ = select.select([fd], [], [], min(left, 0.2))
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
            m = PROMPT.search(out, at)
            if m:
                at = m.end()
                prompts.append((int(m.group(1)), int(m.group(2)),
                                m.group(3).decode()))
                a = answers[seen] if seen < len(answers) else "EOF"
                seen += 1
                os.write(fd, b"\x04" if a == "EOF" else a.encode() + b"\n")
        else:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
                # what is still buffered
                try:
                    while select.select([fd], [], [], 0.1)[0]:
                        chunk = os.read(fd, 65536)
                        if not chunk:
                            break
                        out += chunk
                except OSError:
                    pass
                break
    if status is None:
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    with open(errfile, "rb") as f:
        err = f.read().decode(errors="replace")
    return os.waitstatus_to_exitcode(status), out, prompts, err


def read(p):
    with open(p, "rb") as f:
        return f.read()


def case_args(c):
    a = os.path.join(FIX, c, "args")
    return open(a).read().split() if os.path.exists(a) else []


def plain_diff(c):
    """The case's plain diff (fix, no --interactive), text."""
    d = os.path.join(TMP, "plain")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(FIX, c, "before"), d, symlinks=True)
    p = subprocess.run([BIN, "fix"] + case_args(c), cwd=d,
                       capture_output=True)
    return p.stdout.decode("utf-8", "surrogateescape")


def file_diffs(diff):
    """{path: [(old_start, old_count, new_start, new_count, hunk text)]}
    of the files the diff edits (not the ones it creates), in order."""
    files = {}
    cur = None
    parts = re.split(r"^(?=--- )", diff, flags=re.M)
    for part in parts:
        m = re.match(r"--- (\S+)\n\+\+\+ b/(\S+)\n", part)
        if not m:
            continue
        if m.group(1) == "/dev/null":
            files.setdefault("/dev/null", []).append(m.group(2))
            continue
        cur = files.setdefault(m.group(2), [])
        hs = list(HUNK.finditer(part))
        for i, h in enumerate(hs):
            body = part[h.start():hs[i + 1].start() if i + 1 < len(hs) else len(part)]
            oc = int(h.group(2)) if h.group(2) is not None else 1
            nc = int(h.group(4)) if h.group(4) is not None else 1
            cur.append((int(h.group(1)), oc, int(h.group(3)), nc, body))
    return files


def expected(before, after, hunks, take):
    """before/after bytes, hunks as file_diffs gives, take[i] bool."""
    bl = before.splitlines(keepends=True)
    al = after.splitlines(keepends=True)
    out = []
    at = 0   # next line of before (0-based)
    for (os_, oc, ns, nc, _), t in zip(hunks, take):
        o0 = os_ - 1 if oc else os_
        n0 = ns - 1 if nc else ns
        out += bl[at:o0]
        out += al[n0:n0 + nc] if t else bl[o0:o0 + oc]
        at = o0 + oc
    out += bl[at:]
    return b"".join(out)


def answers_take(answers, n):
    """What y/n/q/a/d answers mean for n hunks of one file."""
    take, i, rest = [], 0, None
    for k in range(n):
        if rest is None:
            a = answers[i] if i < len(answers) else "q"
            i += 1
            while a not in ("y", "n", "q", "a", "d", "EOF"):
                a = answers[i] if i < len(answers) else "q"
                i += 1
            a = "q" if a == "EOF" else a
            if a in ("a", "d", "q"):
                rest = {"a": "y", "d": "n", "q": "n"}[a]
                a = "y" if a == "a" else "n"
            take.append(a == "y")
        else:
            take.append(rest == "y")
    return take


def secrets_of(c):
    p = os.path.join(FIX, c, "secrets")
    return [l.strip() for l in open(p)] if os.path.exists(p) else []


def run_case(c, fname, answers, label, mode=0o640):
    """One case, one answer sequence: the file is what the answers make
    of it, its mode kept, nothing else in the tree changed, no secret
    printed, it still scans without an input error."""
    name = "%s %s" % (c, label)
    diff = plain_diff(c)
    fd = file_diffs(diff)
    hunks = fd.get(fname, [])
    if not hunks:
        bad(name, "no hunk in the plain diff of " + fname)
        return
    w = os.path.join(TMP, "w")
    shutil.rmtree(w, ignore_errors=True)
    shutil.copytree(os.path.join(FIX, c, "before"), w, symlinks=True)
    os.chmod(os.path.join(w, fname), mode)
    before = read(os.path.join(w, fname))
    after = read(os.path.join(FIX, c, "after", fname))
    rc, out, prompts, err = drive(w, case_args(c) + [fname], answers)
    if rc is None:
        bad(name, "hung (no answer after 20 s)")
        return
    asked = [p for p in prompts if p[2].startswith("Apply th")]
    # the hunks one fix's edits span are one question (shown together
    # before it): the groups, from the hunks each prompt showed; a group
    # of several hunks is "Apply these hunks (one fix)"
    groups, seen_h, at = [], set(), 0
    for m in PROMPT.finditer(out):
        shown = [int(h.group(1)) for h in HUNK.finditer(
            out[at:m.start()].replace(b"\r\n", b"\n").decode("utf-8", "surrogateescape"))]
        at = m.end()
        idx = [i for i, h in enumerate(hunks) if h[0] in shown and i not in seen_h]
        if idx:
            groups.append(idx)
            seen_h.update(idx)
            check(name + ": a prompt for several hunks says so",
                  (len(idx) > 1) == (m.group(3) == b"Apply these hunks (one fix)"),
                  "prompt %r for hunks %r" % (m.group(3), idx))
    ngroups = asked[0][1] if asked else len(hunks)
    take_g = answers_take(answers, ngroups)
    take = [False] * len(hunks)
    for g, idx in enumerate(groups):
        for i in idx:
            take[i] = take_g[g]
    for i in range(len(hunks)):
        if i not in seen_h:   # after q, a or d: never shown
            take[i] = take_g[len(groups)] if len(groups) < ngroups else False
    want = expected(before, after, hunks, take)
    check(name + ": exit 0", rc == 0, "exit %s, stderr %r" % (rc, err))
    got = read(os.path.join(w, fname))
    check(name + ": file content", got == want,
          "take %r\n--- got\n%s\n--- want\n%s" % (take, got.decode(errors="replace"),
                                                  want.decode(errors="replace")))
    nask = len(take) if not set(answers) & {"q", "a", "d", "EOF"} else None
    if nask is not None:
        # a hunk asked again after "?" or an answer not understood
        uniq = [p for i, p in enumerate(asked) if i == 0 or asked[i - 1] != p]
        check(name + ": one prompt per hunk (per fix)",
              [(p[0], p[1]) for p in uniq] == [(i + 1, ngroups) for i in range(len(uniq))]
              and sum(len(g) for g in groups) == len(hunks),
              "prompts %r" % prompts)
    check(name + ": mode kept", os.stat(os.path.join(w, fname)).st_mode & 0o7777 == mode,
          oct(os.stat(os.path.join(w, fname)).st_mode))
    # every other file of the tree untouched (a created one only when
    # its own prompt was answered y)
    others = True
    for dp, dn, fn in os.walk(os.path.join(FIX, c, "before")):
        for f in fn:
            rel = os.path.relpath(os.path.join(dp, f), os.path.join(FIX, c, "before"))
            if rel != fname and read(os.path.join(dp, f)) != read(os.path.join(w, rel)):
                others = False
    check(name + ": other files untouched", others)
    n = sum(take)
    fixed = "bulkhead: fixed %s (" % fname
    check(name + ": stderr says what was written",
          (fixed in err) == (n > 0), "stderr %r" % err)
    leaked = [s for s in secrets_of(c) if s.encode() in out or s in err]
    check(name + ": no secret value printed", not leaked, "printed %r" % leaked)
    p = subprocess.run([BIN, "scan", "--format", "json", fname], cwd=w,
                       capture_output=True)
    check(name + ": still scans (no input error)", p.returncode in (0, 1),
          "scan exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
    # second oracle: patch with only the accepted hunks, where the diff
    # masks nothing
    if "*" * 8 not in diff and n:
        pdir = os.path.join(TMP, "p")
        shutil.rmtree(pdir, ignore_errors=True)
        shutil.copytree(os.path.join(FIX, c, "before"), pdir, symlinks=True)
        sel = "--- a/%s\n+++ b/%s\n" % (fname, fname) + "".join(
            h[4] for h, t in zip(hunks, take) if t)
        pr = subprocess.run(["patch", "-s", "-p1"], cwd=pdir, input=sel.encode(),
                            capture_output=True)
        check(name + ": patch with the accepted hunks agrees",
              pr.returncode == 0 and read(os.path.join(pdir, fname)) == got,
              pr.stderr.decode(errors="replace"))


# ---- per-hunk answers on cases of two and three hunks ----
for c, f in (("cmp-pids", "compose.yaml"), ("df-user-debian", "Dockerfile"),
             ("cmp-privileged", "compose.yaml"), ("cmp-secrets", "compose.yaml")):
    for ans in (["y", "y"], ["n", "n"], ["y", "n"], ["n", "y"], ["q"],
                ["y", "q"], ["a"], ["d"], ["n", "a"], ["?", "y", "n"],
                ["yes", "x", "", "n", "y"]):
        run_case(c, f, ans, "answers " + ",".join(a or "<enter>" for a in ans))
for ans in (["y", "n"], ["n", "y"], ["y", "d"], ["n", "a"], ["EOF"],
            ["y", "EOF"]):
    run_case("pins-yaml", "compose.yaml", ans, "answers " + ",".join(ans))
for c, f in (("df-apt", "Dockerfile"), ("k8s-deployment", "deploy.yaml"),
             ("df-secrets", "Dockerfile"), ("cmp-crlf", "compose.yml")):
    run_case(c, f, ["y"], "answers y")
    run_case(c, f, ["n"], "answers n", mode=0o600)

# ---- "?" prints the help and asks the same hunk again ----
w = os.path.join(TMP, "w")
shutil.rmtree(w, ignore_errors=True)
shutil.copytree(os.path.join(FIX, "cmp-pids", "before"), w)
rc, out, prompts, err = drive(w, [], ["?", "n", "n"])
check("help: ? prints it and asks again",
      rc == 0 and b"y - apply this hunk" in out and b"d - do not apply this hunk nor any later" in out
      and [(p[0], p[1]) for p in prompts] == [(1, 2), (1, 2), (2, 2)],
      "exit %s prompts %r" % (rc, prompts))

# ---- one fix in two hunks is one question: BH2006 declares the
# top-level secrets: in one hunk and changes the service in another
# (and the cache service's fix declares its secrets in the first hunk
# too): accepted whole or not at all ----
for ans, whole in ((["y"], True), (["n"], False)):
    shutil.rmtree(w, ignore_errors=True)
    shutil.copytree(os.path.join(FIX, "cmp-secrets", "before"), w)
    rc, out, prompts, err = drive(w, [], ans)
    got = read(os.path.join(w, "compose.yaml"))
    want = read(os.path.join(FIX, "cmp-secrets", "after" if whole else "before", "compose.yaml"))
    check("cmp-secrets: two hunks of one fix asked once (%s)" % ans[0],
          rc == 0 and [(p[0], p[1], p[2]) for p in prompts] ==
          [(1, 1, "Apply these hunks (one fix)")] and got == want,
          "exit %s prompts %r" % (rc, prompts))

# ---- the hunk shown is the plain diff's hunk (masked the same) ----
for c, f in (("cmp-secrets", "compose.yaml"), ("df-apt", "Dockerfile")):
    diff = plain_diff(c)
    shutil.rmtree(w, ignore_errors=True)
    shutil.copytree(os.path.join(FIX, c, "before"), w)
    rc, out, prompts, err = drive(w, case_args(c), ["n"] * 5)
    text = out.replace(b"\r\n", b"\n").decode("utf-8", "surrogateescape")
    hunks = file_diffs(diff)[f]
    shown = all(h[4] in text for h in hunks) and ("--- a/%s\n+++ b/%s\n" % (f, f)) in text
    check("%s: each hunk shown as the plain diff prints it" % c, rc == 0 and shown,
          text[:2000])

# ---- --explain: each hunk's changes explained before it; --rule keeps
# only that rule's hunks ----
shutil.rmtree(w, ignore_errors=True)
shutil.copytree(os.path.join(FIX, "df-apt", "before"), w)
rc, out, prompts, err = drive(w, ["--explain", "--rule", "BH1112", "Dockerfile"], ["y"])
text = out.replace(b"\r\n", b"\n").decode()
want_df = read(os.path.join(FIX, "df-apt", "before", "Dockerfile")).replace(
    b"apt-get install curl", b"apt-get install -y curl")
check("--explain --rule BH1112: explained, only that rule's edit written",
      rc == 0 and "BH1112" in text and "#   why: " in text and
      text.index("#   why: ") < text.index("--- a/Dockerfile") and
      "BH1110" not in text and read(os.path.join(w, "Dockerfile")) == want_df,
      "exit %s\n%s" % (rc, text[:1500]))

# ---- a new file (.dockerignore) is its own prompt ----
for ans, made in ((["y"], True), (["a"], True), (["n"], False), (["d"], False),
                  (["q"], False), (["EOF"], False)):
    shutil.rmtree(w, ignore_errors=True)
    shutil.copytree(os.path.join(FIX, "df-ignore", "before"), w)
    rc, out, prompts, err = drive(w, [], ans)
    kinds = [p[2] for p in prompts]
    path = os.path.join(w, ".dockerignore")
    good = rc == 0 and os.path.exists(path) == made
    if made:
        good = good and read(path) == read(os.path.join(FIX, "df-ignore", "after", ".dockerignore")) \
            and (os.stat(path).st_mode & 0o777) == 0o644 and "created .dockerignore" in err
        good = good and kinds == ["Create this file"]
    check("df-ignore answers %s: .dockerignore %s" % (",".join(ans), "created" if made else "not created"),
          good, "exit %s prompts %r err %r" % (rc, prompts, err))

# ---- several files: q stops asking, the files after it are left alone ----
shutil.rmtree(w, ignore_errors=True)
shutil.copytree(os.path.join(FIX, "cmp-pids", "before"), w)   # with its .bulkhead.yaml
shutil.copy(os.path.join(FIX, "df-apt", "before", "Dockerfile"), os.path.join(w, "Dockerfile"))
b1, b2 = read(os.path.join(w, "Dockerfile")), read(os.path.join(w, "compose.yaml"))
rc, out, prompts, err = drive(w, ["compose.yaml", "Dockerfile"], ["y", "q"])
hk = file_diffs(plain_diff("cmp-pids"))["compose.yaml"]
check("two files: q on the second hunk writes the first, asks nothing more",
      rc == 0 and len(prompts) == 2 and read(os.path.join(w, "Dockerfile")) == b1 and
      read(os.path.join(w, "compose.yaml")) ==
      expected(b2, read(os.path.join(FIX, "cmp-pids", "after", "compose.yaml")), hk, [True, False]),
      "exit %s prompts %r err %r" % (rc, prompts, err))
shutil.copy(os.path.join(FIX, "cmp-pids", "before", "compose.yaml"), os.path.join(w, "compose.yaml"))
rc, out, prompts, err = drive(w, ["compose.yaml", "Dockerfile"], ["d", "a"])
check("two files: d skips the first file's rest, a takes the second's",
      rc == 0 and read(os.path.join(w, "compose.yaml")) == b2 and
      read(os.path.join(w, "Dockerfile")) == read(os.path.join(FIX, "df-apt", "after", "Dockerfile")),
      "exit %s prompts %r err %r" % (rc, prompts, err))

# ---- a file changed while the question was open is not overwritten ----
shutil.rmtree(w, ignore_errors=True)
shutil.copytree(os.path.join(FIX, "df-apt", "before"), w)
pid, fd = pty.fork()
if pid == 0:
    os.chdir(w)
    os.dup2(os.open("/dev/null", os.O_WRONLY), 2)
    os.execv(BIN, [BIN, "fix", "--interactive", "Dockerfile"])
buf = b""
end = time.time() + 20
while not PROMPT.search(buf) and time.time() < end:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            buf += os.read(fd, 65536)
        except OSError:
            break
with open(os.path.join(w, "Dockerfile"), "ab") as f:
    f.write(b"# edited meanwhile\n")
os.write(fd, b"y\n")
try:
    while select.select([fd], [], [], 2)[0] and os.read(fd, 65536):
        pass
except OSError:
    pass
_, st = os.waitpid(pid, 0)
os.close(fd)
check("a file changed during the question: not written, exit 2",
      os.waitstatus_to_exitcode(st) == 2 and
      read(os.path.join(w, "Dockerfile")) == read(os.path.join(FIX, "df-apt", "before", "Dockerfile")) + b"# edited meanwhile\n",
      "exit %d" % os.waitstatus_to_exitcode(st))

print("fix_interactive.py: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
