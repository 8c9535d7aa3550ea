// The documentation checks: left out of `npm test` (jest.config.js), run by `npm run docs:check`
// (jest.docs.config.js), which .ci/run runs after `npm test`. TypeDoc alone takes ~10 s of CPU on a
// fresh clone (its result is memoised per source tree in node_modules/.cache, which CI never has).
module.exports = ['/test/api-docs\\.test\\.ts$'];
