#!/usr/bin/env node
/**
 * The cdk8s app as shipped (lib/bundle/app.js, cdk8s.yaml `app:`): src/main.ts bundled
 * (lib/bundle/main.bundle.js), loaded through the compile cache. Only meaningful as that bundle.
 */
import * as path from 'node:path';
import { loadBundle } from './compile-cache';
import { exitWhenDone } from './exit';

declare const GITPOD_CDK8S_BUNDLE_HASH: string;

loadBundle(path.join(__dirname, 'main.bundle.js'), {
  bundleHash: typeof GITPOD_CDK8S_BUNDLE_HASH === 'string' ? GITPOD_CDK8S_BUNDLE_HASH : 'unbundled',
  variant: process.argv.includes('--preflight') ? 'preflight' : 'synth',
});
// the app (src/main.ts) is synchronous: done here
exitWhenDone();
