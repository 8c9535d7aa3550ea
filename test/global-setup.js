// The tests run the compiled lib/ (as users and the CLI tests do; `npm test` builds first).
// Refuse a lib/ older than the sources, so that an edit without `npm run build` cannot pass
// against the previous build.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

function newest(dir) {
  let best = { file: '', mtime: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const hit = e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? { file: p, mtime: fs.statSync(p).mtimeMs } : best;
    if (hit.mtime > best.mtime) best = hit;
  }
  return best;
}

module.exports = () => {
  // Written last by `npm run build` (scripts/compile-validators.js).
  const built = path.join(root, 'lib', 'src', 'config', 'config-validator.gen.js');
  if (!fs.existsSync(built)) throw new Error('lib/ is missing: run `npm run build` first (the tests run the compiled lib/)');
  const builtAt = fs.statSync(built).mtimeMs;
  for (const dir of ['src', 'imports']) {
    const src = newest(path.join(root, dir));
    if (src.mtime > builtAt) {
      throw new Error(`${path.relative(root, src.file)} is newer than lib/: run \`npm run build\` first (the tests run the compiled lib/)`);
    }
  }
  // One compile cache for the CLI child processes of this run (test/cli-bin.ts), removed by
  // test/global-teardown.js: never the user's, never shared with another run. Workers inherit it.
  process.env.GITPOD_CDK8S_TEST_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-test-cache-'));
};
