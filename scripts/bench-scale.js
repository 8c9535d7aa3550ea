#!/usr/bin/env node
// Part of `npm run bench`: N installations (one namespace each, each its own chart/folder) in one
// process through the library API. Prints {ms, rssMB, bytes} as JSON; ms counts from process start.
//   node scripts/bench-scale.js N [--validate]
// Without --validate: construct tree, toJson, YAML files (synthesis). With it, also the secret
// guard and the schema/rules/reference validation that `render` runs.
'use strict';
const { performance } = require('node:perf_hooks');
const { App } = require('cdk8s');
const { GitpodInstallation, renderFiles } = require('../lib/src/index.js');

const n = Number(process.argv[2] ?? 1);
const validate = process.argv.includes('--validate');
const loaded = performance.now();
const app = new App();
const installations = [];
for (let i = 0; i < n; i++) {
  installations.push(
    new GitpodInstallation(app, `gitpod-${i}`, { namespace: `gitpod-${i}`, config: { domain: `gitpod${i}.example.com` } }),
  );
}
const rendered = new Map(installations.map((inst) => [inst, inst.renderedObjects()]));
if (validate) {
  // guard, schemas, rules and references in one walk, as render does
  for (const [inst, objects] of rendered) inst.checkRendering(objects);
}
const files = renderFiles(installations, rendered);
let bytes = 0;
for (const v of files.values()) bytes += v.length;
console.log(JSON.stringify({ ms: performance.now(), loadMs: loaded, rssMB: process.resourceUsage().maxRSS / 1024, bytes }));
