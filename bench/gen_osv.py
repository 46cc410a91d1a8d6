#!/usr/bin/env python3
# gen_osv.py N ZIP QUERIES [SEED] - a generated OSV record set for
# bench/osvdb.sh: N records (schema 1.6) written as one zip laid out like
# osv.dev's all.zip (ID.json members), and QUERIES, 2,000
# "ECO<TAB>NAME<TAB>VERSION<TAB>RELEASE" lines for the lookup and matching
# timings (three quarters names that have records, PyPI ones in other
# spellings; a quarter names that have none; versions drawn as the
# records' bounds are, the release of Debian and Alpine packages, else
# empty).
# Deterministic for a seed (default 11).  Ecosystems, name pools, range
# shapes (ECOSYSTEM/SEMVER/GIT, several introduced/fixed pairs,
# last_affected, explicit versions lists), aliases, severities and
# withdrawn records are varied the way real databases vary them.
import json, random, sys, zipfile

n = int(sys.argv[1]); out = sys.argv[2]; qout = sys.argv[3]
rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 11)
ECOS = [("PyPI", 30), ("npm", 25), ("Go", 15), ("Maven", 10),
        ("Debian:11", 5), ("Debian:12", 5), ("Alpine:v3.19", 3),
        ("Alpine:v3.20", 3), ("crates.io", 2), ("RubyGems", 2)]
weights = [w for _, w in ECOS]
SYL = ["ab", "cor", "dex", "flu", "gor", "hap", "jin", "kel", "lum", "mor",
       "nex", "pol", "qua", "ris", "sol", "tor", "urb", "vex", "wal", "zen"]

def word(k):
    return "".join(rnd.choice(SYL) for _ in range(k))

pools = {}
for eco, w in ECOS:
    base = eco.split(":")[0]
    if base in pools:
        continue
    names = set()
    while len(names) < 400 * w:
        if base == "Go":
            names.add("github.com/%s/%s" % (word(2), word(2)))
        elif base == "Maven":
            names.add("org.%s:%s-%s" % (word(2), word(2), word(1)))
        elif base == "npm" and rnd.random() < 0.3:
            names.add("@%s/%s" % (word(1), word(2)))
        elif base == "PyPI":
            names.add(rnd.choice(["%s-%s", "%s_%s", "%s.%s", "%s%s"]) % (word(1), word(2)))
        else:
            names.add("%s-%s" % (word(2), word(1)))
    pools[base] = sorted(names)

def ver(eco):
    a, b, c = rnd.randint(0, 12), rnd.randint(0, 30), rnd.randint(0, 40)
    if eco.startswith("Debian"):
        return "%d.%d.%d-%d" % (a, b, c, rnd.randint(1, 5))
    if eco.startswith("Alpine"):
        return "%d.%d.%d-r%d" % (a, b, c, rnd.randint(0, 9))
    return "%d.%d.%d" % (a, b, c)

def record(i):
    eco = rnd.choices(ECOS, weights)[0][0]
    base = eco.split(":")[0]
    pfx = {"PyPI": "PYSEC", "Go": "GO", "Debian": "DSA", "Alpine": "ALPINE-CVE"}.get(base, "GHSA")
    rid = "%s-%d-%06d" % (pfx, 2015 + i % 11, i)
    affected = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        name = rnd.choice(pools[base])
        events = [{"introduced": "0" if rnd.random() < 0.4 else ver(eco)}]
        for _ in range(rnd.choice([0, 1, 1, 2])):
            events.append({"fixed": ver(eco)})
            events.append({"introduced": ver(eco)})
        if rnd.random() < 0.8:
            events.append({"fixed": ver(eco)})
        elif rnd.random() < 0.5:
            events.append({"last_affected": ver(eco)})
        rtype = "SEMVER" if base in ("Go", "npm", "crates.io") else "ECOSYSTEM"
        a = {"package": {"ecosystem": eco, "name": name,
                         "purl": "pkg:%s/%s" % (base.lower(), name)},
             "ranges": [{"type": rtype, "events": events}]}
        if rnd.random() < 0.2:
            a["ranges"].append({"type": "GIT", "repo": "https://example.org/%s" % name,
                                "events": [{"introduced": "%040x" % rnd.getrandbits(160)},
                                           {"fixed": "%040x" % rnd.getrandbits(160)}]})
        if rnd.random() < 0.3:
            a["versions"] = sorted({ver(eco) for _ in range(rnd.randint(1, 40))})
        if base == "Debian":
            a["ecosystem_specific"] = {"urgency": rnd.choice(["low", "medium", "high", "unimportant"])}
        affected.append(a)
    r = {"schema_version": "1.6.0", "id": rid,
         "modified": "20%02d-%02d-%02dT%02d:%02d:%02d%sZ" % (
             rnd.randint(18, 25), rnd.randint(1, 12), rnd.randint(1, 28),
             rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59),
             rnd.choice(["", ".%06d" % rnd.randint(0, 999999)])),
         "published": "2018-01-01T00:00:00Z",
         "aliases": ["CVE-%d-%d" % (2015 + i % 11, 10000 + i)],
         "summary": "generated advisory %d in %s" % (i, word(3)),
         "details": " ".join(word(2) for _ in range(rnd.randint(10, 80))),
         "affected": affected,
         "references": [{"type": "WEB", "url": "https://example.org/%s" % rid}]}
    if rnd.random() < 0.3:
        r["severity"] = [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]
    if rnd.random() < 0.3:
        r["database_specific"] = {"severity": rnd.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"])}
    if rnd.random() < 0.005:
        r["withdrawn"] = "2025-01-01T00:00:00Z"
    return r

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for i in range(n):
        r = record(i)
        z.writestr(r["id"] + ".json", json.dumps(r, indent=2))

with open(qout, "w") as q:
    for i in range(2000):
        full = rnd.choices(ECOS, weights)[0][0]
        eco, _, rel = full.partition(":")
        v = ver(full)
        if i % 4 == 3:
            q.write("%s\t%s\t%s\t%s\n" % (eco, "nothing-" + word(3), v, rel))
            continue
        name = rnd.choice(pools[eco])
        if eco == "PyPI" and i % 2:
            name = name.upper().replace("-", "_")
        q.write("%s\t%s\t%s\t%s\n" % (eco, name, v, rel))
