#!/usr/bin/env node
// Regenerates the generated documents (README picture, examples/*/architecture.md, docs/config.md,
// docs/nodes.md) from the compiled library: `npm run docs:generate` (builds first).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { generatedDocs } = require('../lib/src/docs/generate');
const root = path.join(__dirname, '..');
const report = require('../lib/src/progress').progressReporter();
const progress = (line) => report(`generating ${line}`);
for (const [file, content] of generatedDocs(root, { progress })) {
  const at = path.join(root, file);
  const before = fs.existsSync(at) ? fs.readFileSync(at, 'utf8') : undefined;
  if (before === content) continue;
  fs.writeFileSync(at, content);
  console.log(`wrote ${file}`);
}
