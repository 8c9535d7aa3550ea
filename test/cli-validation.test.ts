import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './cli-bin';

// The CLI as users run it (the shipped bin; `npm test` builds first).
const cli = (args: string[], input: string) => runCli(args, { input });

/**
 * A config whose every entry is valid on its own, but two customizations together give the proxy
 * Service more annotations than Kubernetes allows (256 KiB): only the rendered object shows it.
 */
const note = 'x'.repeat(140 * 1024);
const BAD_OBJECT = `apiVersion: v1
domain: gitpod.example.com
customization:
  - apiVersion: "*"
    kind: Service
    metadata:
      name: proxy
      annotations:
        example.com/first: "${note}"
  - apiVersion: "*"
    kind: Service
    metadata:
      name: proxy
      annotations:
        example.com/second: "${note}"
`;

describe('CLI: validation of the rendered objects', () => {
  test('render: exit 1, one finding per line, no stack trace, output folder untouched', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-cli-')), 'out');
    expect(cli(['render', '--config', '-', '--output', out], 'apiVersion: v1\ndomain: gitpod.example.com\n').code).toBe(0);
    const before = fs.readdirSync(path.join(out, 'gitpod')).map((f) => fs.readFileSync(path.join(out, 'gitpod', f), 'utf8'));
    const r = cli(['render', '--config', '-', '--output', out], BAD_OBJECT);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^gitpod\/Service\/proxy: metadata\.annotations: annotations total 2\d{5} bytes; at most 262144 allowed$/),
    ]);
    expect(fs.readdirSync(path.join(out, 'gitpod')).map((f) => fs.readFileSync(path.join(out, 'gitpod', f), 'utf8'))).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('validate checks the rendered objects too', () => {
    const bad = cli(['validate', '--config', '-'], BAD_OBJECT);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gitpod/Service/proxy: metadata.annotations:');
    const good = cli(['validate', '--config', '-'], 'apiVersion: v1\ndomain: gitpod.example.com\n');
    expect(good.code).toBe(0);
  });
});
