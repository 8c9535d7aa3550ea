// `npm run docs:check`: the documentation checks that `npm test` leaves out for time
// (test/env/docs-checks.js); .ci/run runs it after `npm test`, so CI still fails on a stale
// generated document or a TypeDoc warning.
const { testMatch, testPathIgnorePatterns, ...base } = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testRegex: require('./test/env/docs-checks') };
