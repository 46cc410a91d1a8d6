// validate-sbom.js cyclonedx|spdx FILE... - checks SBOM documents against the
// official JSON schemas (tests/suites/sbom_formats.sh).
//   cyclonedx: bom-1.5.SNAPSHOT.schema.json with the spdx and jsf schemas it
//              references, as @cyclonedx/cyclonedx-library ships them
//   spdx:      spdx-2.3.schema.json (this folder; from spdx/spdx-spec, see
//              README.md here)
// with ajv (draft-07, all errors, formats from ajv-formats and
// ajv-formats-draft2019 as the CycloneDX library's own validator uses).
// Prints "FILE: N errors" per document (each error below it) and a last line
// "validated N documents, N errors"; exits 1 when any document has an error
// or cannot be read, 2 on usage.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const addFormats2019 = require('ajv-formats-draft2019');

const [kind, ...files] = process.argv.slice(2);
if (!['cyclonedx', 'spdx'].includes(kind) || !files.length) {
  console.error('usage: validate-sbom.js cyclonedx|spdx FILE...');
  process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
addFormats2019(ajv, { formats: ['idn-email', 'iri-reference'] });
const load = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
let validate;
if (kind === 'cyclonedx') {
  const dir = path.join(__dirname, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');
  const base = 'http://cyclonedx.org/schema/';
  for (const s of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    const schema = load(path.join(dir, s));
    schema.$id = base + s;   // the name bom-1.5 refers to it by
    ajv.addSchema(schema);
  }
  validate = ajv.compile(load(path.join(dir, 'bom-1.5.SNAPSHOT.schema.json')));
} else {
  validate = ajv.compile(load(path.join(__dirname, 'spdx-2.3.schema.json')));
}
let docs = 0, errors = 0, bad = false;
for (const f of files) {
  let doc;
  try {
    doc = load(f);
  } catch (e) {
    console.log(`${f}: cannot read: ${e.message}`);
    bad = true;
    continue;
  }
  docs++;
  const ok = validate(doc);
  const errs = ok ? [] : validate.errors;
  errors += errs.length;
  console.log(`${f}: ${errs.length} errors`);
  for (const e of errs.slice(0, 20))
    console.log(`    ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
console.log(`validated ${docs} documents, ${errors} errors`);
process.exit(errors || bad ? 1 : 0);
