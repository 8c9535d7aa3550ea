// Local cdk8s validation plugin (declared in cdk8s.yaml). The checks live in the library
// (src/validation/plugin.ts); `npm run synth` builds lib/ before `cdk8s synth` loads this file.
module.exports = require('../../lib/src/validation/plugin');
