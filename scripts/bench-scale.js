#!/usr/bin/env node
// Part of `npm run bench`: N installations (one namespace each, each its own chart/folder) in one
// process through the library API. Prints {ms, rssMB, bytes} as JSON; ms counts from process start.
'use strict';
const { performance } = require('node:perf_hooks');
const { App } = require('cdk8s');
const { GitpodInstallation, renderFiles } = require('../lib/src/index.js');

const n = Number(process.argv[2] ?? 1);
const loaded = performance.now();
const app = new App();
const installations = [];
for (let i = 0; i < n; i++) {
  installations.push(
    new GitpodInstallation(app, `gitpod-${i}`, { namespace: `gitpod-${i}`, config: { domain: `gitpod${i}.example.com` } }),
  );
}
const files = renderFiles(installations);
let bytes = 0;
for (const v of files.values()) bytes += v.length;
console.log(JSON.stringify({ ms: performance.now(), loadMs: loaded, rssMB: process.resourceUsage().maxRSS / 1024, bytes }));
