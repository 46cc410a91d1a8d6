// spdx-licenses.js ids | check FILE... - the SPDX license oracle of
// tests/suites/sbom_formats.sh, with npm spdx-expression-parse (which
// checks ids against spdx-license-ids and spdx-exceptions).
//   ids:   prints "L license ids, E exception ids" and then every id, one
//          per line, licenses (current and deprecated) then exceptions,
//          each list sorted, to compare with src/report/spdx_ids.c
//   check: every CycloneDX licenses[].expression and SPDX licenseDeclared
//          (not NOASSERTION) of the documents must parse, and every
//          CycloneDX licenses[].license.name must not (bulkhead calls a
//          license an expression exactly when it is one).  Prints
//          "E expressions, N names, D disagreements" and each
//          disagreement; exits 1 when there is one.
'use strict';
const fs = require('fs');
const parse = require('spdx-expression-parse');
const [cmd, ...files] = process.argv.slice(2);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
if (cmd === 'ids') {
  const lic = [...new Set([...require('spdx-license-ids'),
    ...require('spdx-license-ids/deprecated')])].sort(cmp);
  const exc = [...new Set([...require('spdx-exceptions'),
    ...require('spdx-exceptions/deprecated')])].sort(cmp);
  console.log(`${lic.length} license ids, ${exc.length} exception ids`);
  for (const i of [...lic, ...exc]) console.log(i);
  process.exit(0);
}
if (cmd !== 'check' || !files.length) {
  console.error('usage: spdx-licenses.js ids | check FILE...');
  process.exit(2);
}
const ok = (s) => { try { parse(s); return true; } catch (e) { return false; } };
let exprs = 0, names = 0, bad = [];
for (const f of files) {
  const d = JSON.parse(fs.readFileSync(f, 'utf8'));
  for (const c of d.components || []) {
    for (const l of c.licenses || []) {
      if (l.expression !== undefined) {
        exprs++;
        if (!ok(l.expression)) bad.push(`${f}: expression "${l.expression}" does not parse`);
      } else if (l.license && l.license.name !== undefined) {
        names++;
        if (ok(l.license.name)) bad.push(`${f}: name "${l.license.name}" is an expression`);
      }
    }
  }
  for (const p of d.packages || []) {
    if (p.licenseDeclared !== undefined && p.licenseDeclared !== 'NOASSERTION') {
      exprs++;
      if (!ok(p.licenseDeclared)) bad.push(`${f}: licenseDeclared "${p.licenseDeclared}" does not parse`);
    }
  }
}
console.log(`${exprs} expressions, ${names} names, ${bad.length} disagreements`);
for (const b of bad.slice(0, 20)) console.log('    ' + b);
process.exit(bad.length ? 1 : 0);
