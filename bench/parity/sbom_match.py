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
"""
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
    return out


def bulkhead_set(path):
    return {(p['name'], p['version'], p['ecosystem'])
            for p in json.load(open(path))['packages']}


label, tj, bj = sys.argv[1:4]
t, b = trivy_set(tj), bulkhead_set(bj)
same = t & b
pct = 100.0 * len(same) / len(t) if t else 100.0
print('%s: Trivy %d, bulkhead %d, same %d (%.1f%% of Trivy\'s)' % (label, len(t), len(b), len(same), pct))
for x in sorted(t - b):
    print('    only Trivy:    %s %s (%s)' % x)
for x in sorted(b - t):
    print('    only bulkhead: %s %s (%s)' % x)
