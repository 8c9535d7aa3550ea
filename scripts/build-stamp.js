#!/usr/bin/env node
// `npm test` builds only when lib/ is not the build of what is on disk: `npm run build` ends by
// writing a stamp (node_modules/.cache/gitpod-cdk8s/build-stamp: never shipped, gone with
// node_modules), a hash of the build's inputs and of what it wrote; `check` exits 0 when both
// hashes still hold (e.g. `npm ci` just built through `prepare`), else 1 (build again).
//   node scripts/build-stamp.js write | check
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const STAMP = path.join(root, 'node_modules', '.cache', 'gitpod-cdk8s', 'build-stamp');

/** What the build reads: the sources, the build scripts and settings, the installed dependencies. */
const INPUTS = ['src', 'imports', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];
/** What it writes. */
const OUTPUTS = ['lib', 'schema'];

function hash(entries) {
  const h = crypto.createHash('sha256').update(process.version);
  const walk = (rel) => {
    const p = path.join(root, rel);
    if (!fs.existsSync(p)) return void h.update(`${rel}\0-\0`);
    if (fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(rel, name));
      return;
    }
    h.update(`${rel}\0`).update(fs.readFileSync(p)).update('\0');
  };
  for (const e of entries) walk(e);
  return h.digest('hex');
}

const stamp = () => `inputs ${hash(INPUTS)}\noutputs ${hash(OUTPUTS)}\n`;

/** Whether lib/ is the build of the files on disk (test/global-setup.js asks too). */
function isCurrent() {
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp();
}

module.exports = { isCurrent };

if (require.main === module) {
  const mode = process.argv[2];
  if (mode === 'write') {
    fs.mkdirSync(path.dirname(STAMP), { recursive: true });
    fs.writeFileSync(STAMP, stamp());
  } else if (mode === 'check') {
    const current = isCurrent();
    if (current) console.log('build: lib/ is the build of these sources (build stamp); not built again');
    process.exit(current ? 0 : 1);
  } else {
    console.error('usage: build-stamp.js write | check');
    process.exit(2);
  }
}
