import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTree, runCli } from './cli-bin';

// The CLI is tested as users run it: the shipped bin in a child process (`npm test` builds first).
const cli = (args: string[], input?: string) => runCli(args, { input });

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-cli-'));
}

function write(dir: string, name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const VALID = 'apiVersion: v1\ndomain: gitpod.example.com\n';

describe('gitpod-cdk8s CLI', () => {
  test('init prints a config that validates', () => {
    const init = cli(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('apiVersion: v1');
    const v = cli(['validate', '--config', '-'], init.stdout);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
  });

  test('validate: exit 0 on a valid file', () => {
    const d = tmp();
    const r = cli(['validate', '--config', write(d, 'c.yaml', VALID)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid');
  });

  test('validate: exit 1 with one line per problem, no stack trace', () => {
    const d = tmp();
    const r = cli(['validate', '--config', write(d, 'c.yaml', 'apiVersion: v1\ndomain: nodots\nkind: Big\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'kind: found "Big"; allowed: Full, Meta, Workspace, IDE, WebApp',
      'domain: found "nodots"; must be a fully qualified domain name in lower case such as gitpod.example.com',
    ]);
    expect(r.stderr).not.toMatch(/\bat \S+ \(/);
  });

  test('validate: a missing file is one readable line', () => {
    const r = cli(['validate', '--config', '/nonexistent/gitpod.config.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: config file not found: /nonexistent/gitpod.config.yaml\n');
  });

  /** One `render` of VALID (namespace gitpod) into `<tmp>/out`, shared by the tests that read it. */
  let first: { r: ReturnType<typeof cli>; out: string } | undefined;
  const rendered = () => {
    if (!first) {
      const out = path.join(tmp(), 'out');
      first = { r: cli(['render', '--config', '-', '--output', out, '--namespace', 'gitpod'], VALID), out };
    }
    return first;
  };

  test('render reads stdin and writes one folder per cluster with a kustomization', () => {
    const { r, out } = rendered();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readTree(out);
    expect(Object.keys(files)).toContain('gitpod/kustomization.yaml');
    expect(files['gitpod/proxy.yaml']).toContain('namespace: gitpod');
  });

  test('render twice gives identical bytes', () => {
    const a = rendered().out;
    const b = path.join(tmp(), 'b');
    cli(['render', '--config', '-', '--output', b, '--namespace', 'gitpod'], VALID);
    expect(readTree(a)).toEqual(readTree(b));
  });

  test('render replaces its own output folder: files of a previous render do not linger', () => {
    const out = path.join(tmp(), 'out');
    expect(cli(['render', '--config', '-', '--output', out, '--inline-secrets'], VALID).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'gitpod', 'secrets.yaml'))).toBe(true);
    expect(cli(['render', '--config', '-', '--output', out], VALID).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'gitpod', 'secrets.yaml'))).toBe(false);
  });

  test('on a bad config the output folder is left exactly as it was', () => {
    const { r: good, out } = rendered();
    expect(good.code).toBe(0);
    const before = readTree(out);
    const r = cli(['render', '--config', '-', '--output', out], 'apiVersion: v1\ndomain: gitpod.example.com\ndatabase:\n  cloudSQL: {}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('database.cloudSQL.instance: required when database.cloudSQL is set');
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('--debug shows the stack of an unexpected error', () => {
    const r = cli(['--debug', 'render', '--config', '/nonexistent.yaml', '--output', path.join(tmp(), 'o')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CliError|Error: config file not found[\s\S]*\bat /);
  });

  test('images lists every image of the rendering, sorted', () => {
    const r = cli(['images', '--config', '-'], VALID);
    expect(r.code).toBe(0);
    const images = r.stdout.trim().split('\n');
    expect(images).toEqual([...images].sort());
    expect(images).toContain('quay.io/brancz/kube-rbac-proxy:v0.12.0');
  });
});
