#!/usr/bin/env node
// Precompiles the config JSON Schema into a standalone ajv validator (run by `npm run build`), so
// the CLI does not compile the schema at every start (~200 ms saved).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { CONFIG_SCHEMA, AJV_OPTIONS } = require('../lib/src/config/schema');

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const validate = ajv.compile(CONFIG_SCHEMA);
const out = path.join(__dirname, '..', 'lib', 'src', 'config', 'config-validator.gen.js');
fs.writeFileSync(out, standaloneCode(ajv, validate));
