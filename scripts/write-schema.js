#!/usr/bin/env node
// Writes schema/gitpod-config.schema.json from the compiled CONFIG_SCHEMA (run by `npm run build`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { CONFIG_SCHEMA } = require('../lib/src/config/schema');
const out = path.join(__dirname, '..', 'schema', 'gitpod-config.schema.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(CONFIG_SCHEMA, null, 2) + '\n');
