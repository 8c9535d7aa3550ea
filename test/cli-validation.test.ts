import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The CLI as users run it (the compiled entry point; `npm test` builds first).
const CLI = path.join(__dirname, '..', 'lib', 'src', 'cli.js');
const cli = (args: string[], input: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A config that passes the config schema but renders labels Kubernetes refuses. */
const BAD_LABEL = `apiVersion: v1
domain: gitpod.example.com
customization:
  - apiVersion: "*"
    kind: Service
    metadata:
      name: proxy
      labels:
        team: "Platform Team"
`;

describe('CLI: validation of the rendered objects', () => {
  test('render: exit 1, one finding per line, no stack trace, output folder untouched', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-cli-')), 'out');
    expect(cli(['render', '--config', '-', '--output', out], 'apiVersion: v1\ndomain: gitpod.example.com\n').code).toBe(0);
    const before = fs.readdirSync(path.join(out, 'gitpod')).map((f) => fs.readFileSync(path.join(out, 'gitpod', f), 'utf8'));
    const r = cli(['render', '--config', '-', '--output', out], BAD_LABEL);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `gitpod/Service/proxy: metadata.labels.team: label value "Platform Team" must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
    ]);
    expect(fs.readdirSync(path.join(out, 'gitpod')).map((f) => fs.readFileSync(path.join(out, 'gitpod', f), 'utf8'))).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('validate checks the rendered objects too', () => {
    const bad = cli(['validate', '--config', '-'], BAD_LABEL);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gitpod/Service/proxy: metadata.labels.team:');
    const good = cli(['validate', '--config', '-'], 'apiVersion: v1\ndomain: gitpod.example.com\n');
    expect(good.code).toBe(0);
  });
});
