// JSON of the jest worker's realm (loaded by the worker's own require through
// test/env/shared-lib-environment.js): objects parsed here are plain data of the library's realm.
'use strict';
module.exports = { parse: (text) => JSON.parse(text) };
