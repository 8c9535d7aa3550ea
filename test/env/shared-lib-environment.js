// The test environment of every suite (jest.config.js): jest's node environment, plus one copy of
// the compiled library (and of the packages whose classes and values cross its API) per jest
// worker, loaded by the worker's own `require` and kept between test files
// (test/env/shared-lib-transform.js hands it to the suites), so that its code stays loaded and
// JIT-warm: loading it in each suite's fresh registry, and running it cold there, was most of
// `npm test`'s time.
//
// The trade-off: suites of a worker share the library's module state. Its module-level memos are
// keyed exactly (by jsonKey or a cache key) and bounded, so a suite sees the results it would
// compute itself; no suite may mock or spy on a library module under this environment (jest's
// mocks reach its own registry only). A suite that needs its own copy (a mock, or values of the
// library's realm) says `@jest-environment node` in its docblock and gets jest's usual isolation
// (test/validation-references-catalog.test.ts, test/json-key.test.ts). That each compiled module
// loads alone, in a fresh process, is test/module-graph.test.ts's.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

/** test/helpers.ts's whole renderings (config, namespace → objects, files), for every suite of this worker. */
const renderings = new Map();

class SharedLibEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.global.__gitpodCdk8sShared = (file) => require(file);
    this.global.__gitpodCdk8sRenderings = renderings;
    // A plain object a test writes ({...}) is of this suite's realm; the library's (and cdk8s's)
    // are of the worker's. cdk8s's resolve asks `value.constructor === Object` and renders
    // anything else as an opaque value: plain objects of this realm name the worker's Object as
    // their constructor, so a config written in a test reaches the library as it would in one realm.
    Object.defineProperty(this.global.Object.prototype, 'constructor', { value: Object, writable: true, configurable: true, enumerable: false });
  }
}

module.exports = SharedLibEnvironment;
