# npm_ranges.py DIR QUERIES RANGES [N] - N (default 300) OSV records of
# the npm ecosystem written to DIR (one JSON file each, package
# "rng-K", id "RNG-K") with SEMVER ranges python picks (seeded): one or
# two ranges of introduced "0" or a version, then fixed, last_affected
# or nothing, from a pool of release and pre-release versions; versions
# in QUERIES ("npm<TAB>rng-K<TAB>VERSION", every bound and 8 other
# versions per record, for tests/osvlookup --match) and in RANGES
# ("rng-K<TAB>VERSION<TAB>RANGE", the same with the node-semver range
# each record means: ">=A <F", ">=A <=L", ">=A", "<F", joined by "||",
# for tests/oracles/npm_satisfies.js).  For tests/suites/npm_ranges.sh.
import json
import os
import random
import sys

out, qf, rf = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 300
rnd = random.Random(20261207)
pre = ['alpha', 'alpha.1', 'alpha.beta', 'beta', 'beta.2', 'beta.11',
       'rc.1', '1', '0a', 'x-y']
pool = []
for ma in range(0, 4):
    for mi in range(0, 4):
        for pa in (0, 1, 2, 10):
            v = '%d.%d.%d' % (ma, mi, pa)
            pool.append(v)
            for p in rnd.sample(pre, 2):
                pool.append(v + '-' + p)
pool.append('0.0.0')


def key(v):
    # SemVer 2.0 precedence: the oracle only sorts the bounds it picks;
    # the verdicts come from node-semver
    core, _, p = v.partition('-')
    nums = tuple(int(x) for x in core.split('.'))
    if not p:
        return nums + ((1,),)
    ids = []
    for x in p.split('.'):
        ids.append((0, int(x), '') if x.isdigit() else (1, 0, x))
    return nums + ((0, tuple(ids)),)


os.makedirs(out, exist_ok=True)
q = open(qf, 'w')
rg = open(rf, 'w')
for k in range(n):
    name = 'rng-%d' % k
    ranges, parts, bounds = [], [], set()
    lo_floor = None
    for _ in range(rnd.choice((1, 1, 1, 2))):
        a, b = sorted(rnd.sample(pool, 2), key=key)
        if lo_floor is not None and key(a) <= key(lo_floor):
            break   # ranges kept apart, as OSV writes them
        intro = '0' if rnd.random() < 0.2 and lo_floor is None else a
        end = rnd.choice(('fixed', 'fixed', 'last_affected', None))
        ev = [{'introduced': intro}]
        if end:
            ev.append({end: b})
            bounds.add(b)
        if intro != '0':
            bounds.add(intro)
        ranges.append({'type': 'SEMVER', 'events': ev})
        lo = '' if intro == '0' else '>=' + intro
        hi = {'fixed': '<' + b, 'last_affected': '<=' + b, None: ''}[end]
        parts.append((lo + ' ' + hi).strip() or '*')
        lo_floor = b if end else '99.0.0'
        if not end:
            break
    rec = {'schema_version': '1.6.0', 'id': 'RNG-%d' % k,
           'modified': '2026-01-01T00:00:00Z', 'summary': 'range oracle',
           'affected': [{'package': {'ecosystem': 'npm', 'name': name},
                         'ranges': ranges}]}
    json.dump(rec, open(os.path.join(out, 'RNG-%d.json' % k), 'w'))
    vs = sorted(bounds | set(rnd.sample(pool, 8)), key=key)
    for v in vs:
        q.write('npm\t%s\t%s\n' % (name, v))
        rg.write('%s\t%s\t%s\n' % (name, v, ' || '.join(parts)))
