// SPDX-License-Identifier: Apache-2.0
//
// dockerfilelint-all.js LISTFILE - lints every file named in LISTFILE (one
// path per line) with dockerfilelint's library API (run(configDir, text)),
// all in this one node process, so the bench compares one process with one
// process.  A file that makes the linter throw is counted, not fatal.
// Prints {"files", "problems", "crashes"} as one JSON line.
'use strict';
const fs = require('fs');
const path = require('path');
const lint = require(path.join(__dirname, '..', 'node_modules', 'dockerfilelint'));

const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let problems = 0;
let crashes = 0;
for (const f of files) {
	try {
		const text = fs.readFileSync(f, 'utf8');
		problems += lint.run(path.dirname(f), text).length;
	} catch (e) {
		crashes++;
	}
}
console.log(JSON.stringify({ files: files.length, problems, crashes }));
