// semver_cmp.js [--loose] < pairs - node-semver's compare() on "A<TAB>B"
// lines, one line each: -1, 0, 1, or "error" when semver rejects either.
// Used by tests/suites/version_oracles.sh with tests/oracles/node_modules.
'use strict';
const path = require('path');
const semver = require(path.join(__dirname, 'node_modules', 'semver'));
const loose = process.argv.includes('--loose');
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  const [a, b] = line.split('\t');
  try {
    out.push(String(semver.compare(a, b, { loose })));
  } catch (e) {
    out.push('error');
  }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
