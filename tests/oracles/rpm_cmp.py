# rpm_cmp.py < pairs - rpm's own EVR order (python3-rpm: rpm.ver, which
# is rpmverCmp over rpmvercmp) on "A<TAB>B" lines, one line each: -1, 0, 1,
# or "error" when rpm refuses to parse either.
# Used by tests/suites/version_oracles.sh.
import sys

import rpm

out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    a, _, b = line.partition("\t")
    try:
        va, vb = rpm.ver(a), rpm.ver(b)
    except (TypeError, ValueError):
        out.append("error")
        continue
    out.append(str((va > vb) - (va < vb)))
sys.stdout.write("".join(x + "\n" for x in out))
