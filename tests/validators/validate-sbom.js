// validate-sbom.js cyclonedx|spdx|gitlab FILE... - checks SBOM documents
// against the official JSON schemas (tests/suites/sbom_formats.sh), and
// GitLab Code Quality reports against the schema GitLab validates each
// entry with (tests/suites/formats.sh).
//   cyclonedx: bom-1.5.SNAPSHOT.schema.json with the spdx and jsf schemas it
//              references, as @cyclonedx/cyclonedx-library ships them
//   spdx:      spdx-2.3.schema.json (this folder; from spdx/spdx-spec, see
//              README.md here)
//   gitlab:    gitlab-codeclimate.schema.json (this folder; GitLab's own,
//              see README.md here) for every entry of the report, which
//              must be a JSON array
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
if (!['cyclonedx', 'spdx', 'gitlab'].includes(kind) || !files.length) {
  console.error('usage: validate-sbom.js cyclonedx|spdx|gitlab FILE...');
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
} else if (kind === 'spdx') {
  validate = ajv.compile(load(path.join(__dirname, 'spdx-2.3.schema.json')));
} else {
  // GitLab drops each entry its schema rejects; the report is an array
  const entry = ajv.compile(load(path.join(__dirname, 'gitlab-codeclimate.schema.json')));
  validate = (doc) => {
    validate.errors = [];
    if (!Array.isArray(doc)) {
      validate.errors.push({ instancePath: '', message: 'must be array', params: {} });
      return false;
    }
    doc.forEach((e, i) => {
      if (!entry(e))
        for (const x of entry.errors)
          validate.errors.push({ ...x, instancePath: `/${i}${x.instancePath}` });
    });
    return validate.errors.length === 0;
  };
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
