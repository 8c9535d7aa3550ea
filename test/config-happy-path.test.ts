import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The CLI as users run it (the compiled entry point; `npm test` builds first).
const CLI = path.join(__dirname, '..', 'lib', 'src', 'cli.js');

/** Runs the CLI with a preload that prints, at exit, which ajv files and config validators were loaded. */
function loadedModules(args: string[], input: string): { code: number | null; ajv: string[]; validators: string[]; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-happy-'));
  const preload = path.join(dir, 'preload.js');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => {
      const files = Object.keys(require.cache);
      process.stderr.write('\\nLOADED ' + JSON.stringify({
        ajv: files.filter((f) => /node_modules[\\\\/]ajv[\\\\/]/.test(f)).map((f) => f.replace(/.*node_modules[\\\\/]ajv[\\\\/]/, '')),
        validators: files.filter((f) => /config-(check|validator)\\.gen\\.js$/.test(f)).map((f) => require('path').basename(f)),
      }) + '\\n');
    });`,
  );
  try {
    const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args.map((a) => a.replace('$OUT', path.join(dir, 'out')))], {
      input,
      encoding: 'utf8',
    });
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    const loaded = JSON.parse(line!.slice('LOADED '.length)) as { ajv: string[]; validators: string[] };
    return { code: r.status, ...loaded, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const initTemplate = (): string => spawnSync(process.execPath, [CLI, 'init'], { encoding: 'utf8' }).stdout;

describe('config validation without ajv on the happy path', () => {
  test('render of the default config checks it with the standalone check alone: ajv itself is never loaded', () => {
    const run = loadedModules(['render', '-c', '-', '-o', '$OUT'], initTemplate());
    expect(run.code).toBe(0);
    expect(run.validators).toEqual(['config-check.gen.js']);
    // Manifest validation (@kubernetes-models/validate) may use ajv's small runtime helpers; the
    // compiler (ajv.js, compile/*) and the config's explaining validator must not be loaded.
    expect(run.ajv.filter((f) => !f.startsWith('dist/runtime/'))).toEqual([]);
  }, 60_000);

  test('an invalid config is explained by the full validator, with the YAML path', () => {
    const run = loadedModules(['validate', '-c', '-'], initTemplate().replace('kind: Full', 'kind: Bogus'));
    expect(run.code).toBe(1);
    expect(run.validators).toEqual(['config-check.gen.js', 'config-validator.gen.js']);
    expect(run.stderr).toContain('kind: found "Bogus"; allowed: Full, Meta, Workspace, IDE, WebApp');
  }, 60_000);
});
