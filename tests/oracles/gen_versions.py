# gen_versions.py ECO N SEED - N pairs "A<TAB>B" of generated version-like
# strings for ECO (dpkg pypi semver gem rpm): the ecosystem's parts with
# random separators, case, leading zeros and stray characters, so that the
# oracles in tests/suites/version_oracles.sh see valid and invalid forms a
# real list does not hold.  Deterministic for a given SEED.
import random
import sys


def num():
    return random.choice(["0", "1", "2", "10", "01", "00", "7", "123", "90071"])


def soup(toks, k):
    return "".join(random.choice(toks) for _ in range(random.randint(0, k)))


def pypi():
    seps = ["", "", ".", "-", "_"]

    def part(labels):
        return (random.choice(seps) + random.choice(labels) + random.choice(seps + seps)
                + random.choice(["", "", num()]))

    v = random.choice(["", "", "", "v", "V", " "])
    if random.random() < 0.15:
        v += num() + "!"
    v += ".".join(num() for _ in range(random.randint(1, 4)))
    if random.random() < 0.5:
        v += part(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC", "Alpha"])
    if random.random() < 0.4:
        v += ("-" + num()) if random.random() < 0.3 else part(["post", "rev", "r", "POST"])
    if random.random() < 0.4:
        v += part(["dev", "DEV"])
    if random.random() < 0.3:
        v += "+" + random.choice(["abc", "1", "ubuntu", "x.1", "a-b_c.5", "05", "A.7", "a..b", ""])
    if random.random() < 0.05:
        v += random.choice([".", "-", " ", "x", "_"])
    return v


def semver():
    v = random.choice(["", "", "", "v", "=", " ", "v=", "  v"])
    v += ".".join(num() for _ in range(random.choice([3, 3, 3, 3, 2, 4])))
    if random.random() < 0.5:
        v += random.choice(["-", "-", ""]) + ".".join(
            random.choice(["alpha", "1", "0", "01", "x-y", "-", "rc", "a1", "", num()])
            for _ in range(random.randint(1, 3)))
    if random.random() < 0.3:
        v += "+" + ".".join(random.choice(["b", "1", "01", "", "x-y"]) for _ in range(random.randint(1, 2)))
    if random.random() < 0.1:
        v += random.choice([" ", "x", ".", "  "])
    return v


def gem():
    v = random.choice(["", "", "", " "]) + num() + "."
    v += ".".join(random.choice([num(), num(), "a", "b", "pre", "rc1", "beta2", "x", "1a", "A", ""])
                  for _ in range(random.randint(1, 5)))
    if random.random() < 0.3:
        v += "-" + ".".join(random.choice(["1", "a", "pre", "rc-1", "x-y", ""]) for _ in range(random.randint(1, 3)))
    if random.random() < 0.1:
        v += random.choice([" ", "_", "..", "+1", " \x0b"])
    return v


def rpm():
    v = (num() + ":") if random.random() < 0.2 else ""
    v += soup(["1", "0", "2", "10", "01", ".", ".", "~", "^", "a", "b", "rc", "git", "_", "+", "fc", "el"], 6)
    if random.random() < 0.5:
        v += "-" + soup(["1", "0", "2", ".", "~", "^", "el9", "fc40", "_"], 4)
    return v or "1"


def dpkg():
    v = (num() + ":") if random.random() < 0.2 else ""
    v += soup(["1", "0", "2", "10", "01", ".", ".", "~", "+", "a", "b", "rc", "deb", "u", "A"], 6)
    if random.random() < 0.5:
        v += "-" + soup(["1", "0", "2", ".", "~", "+", "deb12u1", "ubuntu"], 4)
    return v or "0"


def main():
    eco, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    random.seed(seed)
    gen = {"pypi": pypi, "semver": semver, "gem": gem, "rpm": rpm, "dpkg": dpkg}[eco]
    sys.stdout.write("".join(gen() + "\t" + gen() + "\n" for _ in range(n)))


main()
