// Jest transform for the compiled library (lib/) and the packages whose values cross its API
// (cdk8s, constructs, ...): under test/env/shared-lib-environment.js a module is the worker's one
// native copy; under any other environment (a suite that opts out with a `@jest-environment node`
// docblock) it is the file's own code, run in the suite's module registry as jest always does.
'use strict';
const crypto = require('node:crypto');

const VERSION = '1';

module.exports = {
  process(source, filename) {
    // One line of prefix, on the file's first line: line numbers stay those of the file, and its
    // "use strict" directive stays the first statement of the function body.
    const prefix = `if (globalThis.__gitpodCdk8sShared) module.exports = globalThis.__gitpodCdk8sShared(${JSON.stringify(filename)}); else (function () {`;
    return { code: `${prefix}${source}\n}).call(this);\n` };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(VERSION).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
};
