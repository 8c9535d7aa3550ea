#!/usr/bin/env node
// Precompiles the config JSON Schema into standalone ajv validators (run by `npm run build`), so
// the CLI neither compiles the schema at every start (~200 ms) nor loads ajv for a valid config:
// - config-check.gen.js: stops at the first error, no messages, no require of ajv (a valid config
//   is checked with this alone);
// - config-validator.gen.js: every error with its schema (verbose), loaded only to explain an
//   invalid config.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { CONFIG_SCHEMA, AJV_OPTIONS } = require('../lib/src/config/schema');

const dir = path.join(__dirname, '..', 'lib', 'src', 'config');

function compile(options) {
  const ajv = new Ajv({ ...options, code: { source: true } });
  return standaloneCode(ajv, ajv.compile(CONFIG_SCHEMA));
}

// ajv's ucs2length (string length in code points, a surrogate pair counting once) is the string
// iterator's count; inlined so that the check requires nothing from ajv.
const UCS2LENGTH = 'require("ajv/dist/runtime/ucs2length").default';
const INLINE_UCS2LENGTH = '((s) => { let n = 0; for (const _ of s) n++; return n; })';

let check = compile({ ...AJV_OPTIONS, allErrors: false, verbose: false });
check = check.split(UCS2LENGTH).join(INLINE_UCS2LENGTH);
const left = check.match(/require\([^)]*\)/g);
if (left) throw new Error(`config-check.gen.js still requires ${left.join(', ')}`);
fs.writeFileSync(path.join(dir, 'config-check.gen.js'), check);
fs.writeFileSync(path.join(dir, 'config-validator.gen.js'), compile(AJV_OPTIONS));
