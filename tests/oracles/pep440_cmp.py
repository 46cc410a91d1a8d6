# pep440_cmp.py < pairs - pypa/packaging's Version order on "A<TAB>B"
# lines, one line each: -1, 0, 1, or "error" when packaging rejects either.
# Used by tests/suites/version_oracles.sh with Debian's python3-packaging.
import sys

from packaging.version import InvalidVersion, Version

out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    a, _, b = line.partition("\t")
    try:
        va, vb = Version(a), Version(b)
    except InvalidVersion:
        out.append("error")
        continue
    out.append(str((va > vb) - (va < vb)))
sys.stdout.write("".join(x + "\n" for x in out))
