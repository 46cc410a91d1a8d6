// npm_satisfies.js < lines - node-semver's satisfies(VERSION, RANGE,
// {includePrerelease: true}) on "NAME<TAB>VERSION<TAB>RANGE" lines (OSV
// SEMVER ranges compare by SemVer 2.0 precedence, pre-releases
// included), printing "NAME<TAB>VERSION<TAB>affected|not" each.  Used by
// tests/suites/npm_ranges.sh with tests/oracles/node_modules.
'use strict';
const path = require('path');
const semver = require(path.join(__dirname, 'node_modules', 'semver'));
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  const [name, v, range] = line.split('\t');
  const yes = semver.satisfies(v, range, { includePrerelease: true });
  out.push(name + '\t' + v + '\t' + (yes ? 'affected' : 'not'));
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
