// The tests run the compiled lib/ (as users and the CLI tests do; `npm test` builds first, unless
// lib/ is already the build of the files on disk). Refuse any other lib/ (older than an edit,
// edited by hand, or built by another version of the build), so that an edit without
// `npm run build` cannot pass against the previous build.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isCurrent } = require('../scripts/build-stamp');

module.exports = () => {
  // The stamp written last by `npm run build` (scripts/build-stamp.js): a hash of the build's inputs and outputs.
  if (!isCurrent()) throw new Error('lib/ is not the build of these sources (scripts/build-stamp.js): run `npm run build` first (the tests run the compiled lib/)');
  // One compile cache for the CLI child processes of this run (test/cli-bin.ts), removed by
  // test/global-teardown.js: never the user's, never shared with another run. Workers inherit it.
  process.env.GITPOD_CDK8S_TEST_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-test-cache-'));
};
