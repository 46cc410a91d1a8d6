// SPDX-License-Identifier: Apache-2.0
//
// dockerfile-utils-all.js LISTFILE - validates every file named in LISTFILE
// (one path per line) with dockerfile-utils' validate(text) API (the
// diagnostics behind the VS Code Docker extension), all in this one node
// process.  A file that makes it throw is counted, not fatal.
// Prints {"files", "problems", "crashes"} as one JSON line.
'use strict';
const fs = require('fs');
const path = require('path');
const utils = require(path.join(__dirname, '..', 'node_modules', 'dockerfile-utils'));

const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let problems = 0;
let crashes = 0;
for (const f of files) {
	try {
		const text = fs.readFileSync(f, 'utf8');
		problems += utils.validate(text).length;
	} catch (e) {
		crashes++;
	}
}
console.log(JSON.stringify({ files: files.length, problems, crashes }));
