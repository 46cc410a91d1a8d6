#!/usr/bin/env python3
"""sbom_match.py LABEL TRIVY.json BULKHEAD.json - compares Trivy's package
listing (--list-all-pkgs, -f json) with `bulkhead sbom --format json` as
(name, version, ecosystem) sets and prints one figure line per input:

  LABEL: Trivy N, bulkhead M, same K (P% of Trivy's)

then each package only one side lists.  Trivy's result Type gives the
ecosystem (debian/ubuntu: deb, alpine: apk, redhat/centos/cbl-mariner/...:
rpm, node-pkg/npm/yarn/pnpm: npm, python-pkg/pip/pipenv/poetry/uv: pypi,
jar/pom/gradle: maven, gobinary/gomod: go, gemspec/bundler: gem,
cargo/rust-binary: cargo); its OS packages' Epoch, Version and Release
are joined as bulkhead writes them ([epoch:]version[-release]); Go module
versions lose their "v" (bulkhead writes them as OSV does).

For the packages both list, Trivy's SrcName (OS packages) is compared
with bulkhead's source name (the package's own name when it has no
Source field): "source names K of M agree", each disagreement printed.
Every difference is classified from bench/parity/sbom_explained.tsv
(label glob, side, name glob, ecosystem, class, reason); one it does not
explain is printed as UNEXPLAINED and makes the script exit 1.
"""
import fnmatch
import os
import json
import sys

ECO = {
    'debian': 'deb', 'ubuntu': 'deb', 'alpine': 'apk', 'wolfi': 'apk',
    'redhat': 'rpm', 'centos': 'rpm', 'rocky': 'rpm', 'alma': 'rpm',
    'cbl-mariner': 'rpm', 'azurelinux': 'rpm', 'amazon': 'rpm', 'fedora': 'rpm',
    'oracle': 'rpm', 'suse linux enterprise server': 'rpm', 'opensuse.leap': 'rpm',
    'node-pkg': 'npm', 'npm': 'npm', 'yarn': 'npm', 'pnpm': 'npm',
    'python-pkg': 'pypi', 'pip': 'pypi', 'pipenv': 'pypi', 'poetry': 'pypi', 'uv': 'pypi',
    'jar': 'maven', 'pom': 'maven', 'gradle': 'maven',
    'gobinary': 'go', 'gomod': 'go', 'gemspec': 'gem', 'bundler': 'gem',
    'cargo': 'cargo', 'rustbinary': 'cargo', 'rust-binary': 'cargo',
}
OS = {'deb', 'apk', 'rpm'}


SRC = {}


def trivy_set(path):
    out = set()
    for r in json.load(open(path)).get('Results', []) or []:
        eco = ECO.get(r.get('Type', ''), r.get('Type', '?'))
        for p in r.get('Packages', []) or []:
            v = p.get('Version', '')
            if eco in OS:
                if p.get('Release'):
                    v += '-' + p['Release']
                if p.get('Epoch'):
                    v = '%d:%s' % (p['Epoch'], v)
            if eco == 'go' and v.startswith('v'):
                v = v[1:]   # Trivy keeps Go's "v"; bulkhead writes OSV's form
            out.add((p['Name'], v, eco))
            if eco in OS and p.get('SrcName'):
                SRC[(p['Name'], v, eco)] = p['SrcName']
    return out


BSRC = {}


def bulkhead_set(path):
    out = set()
    for p in json.load(open(path))['packages']:
        k = (p['name'], p['version'], p['ecosystem'])
        out.add(k)
        BSRC[k] = (p.get('source') or {}).get('name') or p['name']
    return out


def explain(label, side, x):
    tsv = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sbom_explained.tsv')
    for line in open(tsv):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t')
        if len(f) != 6:
            sys.exit('%s: bad line (want 6 tab-separated fields): %s' % (tsv, line.strip()))
        if (fnmatch.fnmatchcase(label, f[0]) and f[1] == side and
                fnmatch.fnmatchcase(x[0], f[2]) and f[3] in (x[2], '*')):
            return '[%s: %s]' % (f[4], f[5])
    return None


label, tj, bj = sys.argv[1:4]
t, b = trivy_set(tj), bulkhead_set(bj)
same = t & b
pct = 100.0 * len(same) / len(t) if t else 100.0
print('%s: Trivy %d, bulkhead %d, same %d (%.1f%% of Trivy\'s)' % (label, len(t), len(b), len(same), pct))
unexplained = 0
srcs = [x for x in sorted(same) if x in SRC]
agree = [x for x in srcs if SRC[x] == BSRC[x]]
if srcs:
    print('    source names: %d of %d agree' % (len(agree), len(srcs)))
for x in srcs:
    if SRC[x] != BSRC[x]:
        unexplained += 1
        print('    source differs: %s %s (%s): Trivy %s, bulkhead %s UNEXPLAINED' % (x + (SRC[x], BSRC[x])))
for side, rows in (('trivy', t - b), ('bulkhead', b - t)):
    for x in sorted(rows):
        why = explain(label, side, x)
        unexplained += why is None
        print('    only %-9s %s %s (%s) %s' % ((side.replace('trivy', 'Trivy') + ':',) + x + (why or 'UNEXPLAINED',)))
sys.exit(1 if unexplained else 0)
