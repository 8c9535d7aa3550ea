// The test environment of most suites: jest's node environment, plus one copy of the compiled
// library (and of the packages whose classes and values cross its API) per jest worker, loaded
// by the worker's own `require` and kept between test files. See test/env/shared-lib-transform.js.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

class SharedLibEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.global.__gitpodCdk8sShared = (file) => require(file);
    // A plain object a test writes ({...}) is of this suite's realm; the library's (and cdk8s's)
    // are of the worker's. cdk8s's resolve asks `value.constructor === Object` and renders
    // anything else as an opaque value: plain objects of this realm name the worker's Object as
    // their constructor, so a config written in a test reaches the library as it would in one realm.
    Object.defineProperty(this.global.Object.prototype, 'constructor', { value: Object, writable: true, configurable: true, enumerable: false });
  }
}

module.exports = SharedLibEnvironment;
