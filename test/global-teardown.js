// Removes the CLI compile cache of this run (test/global-setup.js).
'use strict';
const fs = require('node:fs');

module.exports = () => {
  const dir = process.env.GITPOD_CDK8S_TEST_CACHE_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
