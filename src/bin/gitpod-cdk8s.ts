#!/usr/bin/env node
/**
 * The `gitpod-cdk8s` bin as shipped (lib/bundle/gitpod-cdk8s.js, built by scripts/bundle.js): loads
 * the bundled CLI (lib/bundle/cli.bundle.js) through the compile cache and runs it. Only meaningful
 * as that bundle: the unbundled CLI is lib/src/cli.js.
 */
import * as path from 'node:path';
import { loadBundle } from './compile-cache';
import { exitWhenDone } from './exit';

declare const GITPOD_CDK8S_BUNDLE_HASH: string;

/** The command (first word that is not an option): each command keeps its own cache. */
const command = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'help';
const cli = loadBundle(path.join(__dirname, 'cli.bundle.js'), {
  bundleHash: typeof GITPOD_CDK8S_BUNDLE_HASH === 'string' ? GITPOD_CDK8S_BUNDLE_HASH : 'unbundled',
  variant: /^[a-z-]{1,20}$/.test(command) ? command : 'other',
});
cli.createProgram().parse(process.argv);
// every command is synchronous: done here
exitWhenDone();
