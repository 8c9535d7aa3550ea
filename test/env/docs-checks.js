// The documentation checks: left out of `npm test` (jest.config.js), run by `npm run docs:check`
// (jest.docs.config.js), which .ci/run runs after `npm test`. On a fresh clone (CI) they cost ~25 s
// of CPU: TypeDoc ~10 s, and docs/config.md measures every config field by rendering (~15 s); both
// are memoised in node_modules/.cache, which a fresh clone never has.
module.exports = ['/test/api-docs\\.test\\.ts$', '/test/docs-generated\\.test\\.ts$'];
