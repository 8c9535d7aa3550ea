#!/usr/bin/env node
// Part of `npm run bench`: N installations (one namespace each, each its own chart/folder) in one
// process through the library API. Prints {ms, cpuMs, loadMs, rssMB, bytes} as JSON; ms counts
// from process start, cpuMs is the process's user+system CPU time.
//   node scripts/bench-scale.js N [--validate] [--fleet]
// Without --validate: construct tree, toJson, YAML files (synthesis). With it, also the secret
// guard and the schema/rules/reference validation that `render` runs.
// --fleet: one application cluster and N workspace clusters of one config (test/configs/multi-cluster.yaml's
// shape), as `render` builds a fleet; without it, N default installations.
'use strict';
const { performance } = require('node:perf_hooks');
const { App } = require('cdk8s');
const { GitpodInstallation, renderFiles } = require('../lib/src/index.js');
const { clusterProps } = require('../lib/src/app.js');

const n = Number(process.argv[2] ?? 1);
const validate = process.argv.includes('--validate');
const fleet = process.argv.includes('--fleet');
const loaded = performance.now();
const app = new App();
const installations = [];
if (fleet) {
  const clusters = [{ name: 'meta', kind: 'Meta', namespace: 'gitpod' }];
  for (let i = 1; i <= n; i++) {
    clusters.push({
      name: `ws-${i}`,
      kind: 'Workspace',
      shortname: `ws${i}`,
      region: 'europe-west1',
      namespace: 'gitpod',
      wsManager: { address: `ws-manager.ws${i}.gitpod.multi.example.com:443`, sourceRanges: ['198.51.100.0/24'] },
    });
  }
  const config = {
    apiVersion: 'v1',
    domain: 'gitpod.multi.example.com',
    database: { inCluster: true },
    objectStorage: { inCluster: false, s3: { endpoint: 's3.example.com', bucket: 'gitpod-multi', credentials: { kind: 'secret', name: 'object-storage' } } },
    containerRegistry: { inCluster: true },
    cdk8s: { fleet: { ca: { issuer: { kind: 'ClusterIssuer', name: 'fleet-ca' } } }, clusters },
  };
  for (const { cluster, props } of clusterProps(config)) installations.push(new GitpodInstallation(app, cluster, props));
} else {
  for (let i = 0; i < n; i++) {
    installations.push(
      new GitpodInstallation(app, `gitpod-${i}`, { namespace: `gitpod-${i}`, config: { domain: `gitpod${i}.example.com` } }),
    );
  }
}
const rendered = new Map(installations.map((inst) => [inst, inst.renderedObjects()]));
if (validate) {
  // guard, schemas, rules and references in one walk, as render does
  for (const [inst, objects] of rendered) inst.checkRendering(objects);
}
const files = renderFiles(installations, rendered);
let bytes = 0;
for (const v of files.values()) bytes += v.length;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, loadMs: loaded, rssMB: process.resourceUsage().maxRSS / 1024, bytes }));
