import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The CLI as users run it: the shipped bin (lib/bundle/gitpod-cdk8s.js; `npm test` builds it) in a
 * child process. It starts faster than lib/src/cli.js (one bundled file, V8 compile cache), and
 * test/bundle.test.ts checks that it prints and writes exactly what the unbundled CLI does.
 * The compile cache lives in a folder of this jest run (test/global-setup.js), never the user's.
 */
export const CLI = path.join(__dirname, '..', 'lib', 'bundle', 'gitpod-cdk8s.js');

/** The environment of a CLI child process: the run's compile cache, else none. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = process.env.GITPOD_CDK8S_TEST_CACHE_DIR;
  const cache = dir ? { GITPOD_CDK8S_CACHE_DIR: dir, GITPOD_CDK8S_NO_CACHE: '' } : { GITPOD_CDK8S_NO_CACHE: '1' };
  return { ...process.env, ...cache, GITPOD_CDK8S_CACHE_DEBUG: '', ...extra };
}

/** Runs the CLI with `args`; `input` on stdin. */
export function runCli(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: opts.input, cwd: opts.cwd, encoding: 'utf8', env: cliEnv(opts.env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` with its content (paths relative to it), for before/after comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
