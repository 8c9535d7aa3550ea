#!/usr/bin/env node
// Writes docs/security.md from the rendering (src/security/report.ts; run after `npm run build`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { securityDoc } = require('../lib/src/security/report');
fs.writeFileSync(path.join(__dirname, '..', 'docs', 'security.md'), securityDoc());
