import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findSecretMaterial } from '../src/secrets/guard';
import { readTree, runCli } from './cli-bin';
import { parseAll } from './helpers';

// Through the shipped bin, as users run it (`npm test` builds first).
const VALID = 'apiVersion: v1\ndomain: gitpod.example.com\n';
/** A Meta cluster and a Workspace cluster `ws`, wired (shared S3 storage, fleet CA, exposed ws-manager). */
const FLEET_YAML = [
  'objectStorage:',
  '  inCluster: false',
  '  s3: {endpoint: s3.example.com, bucket: gitpod, credentials: {kind: secret, name: object-storage}}',
  'cdk8s:',
  '  fleet: {ca: {issuer: {kind: ClusterIssuer, name: fleet-ca}}}',
  '  clusters:',
  '    - {name: meta, kind: Meta}',
  '    - {name: ws, kind: Workspace, shortname: eu, wsManager: {address: "ws-manager.eu.gitpod.example.com:8080", sourceRanges: [198.51.100.0/24]}}',
  '',
].join('\n');

const cli = (args: string[], input?: string, cwd?: string) => runCli(args, { input, cwd });

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-secrets-'));

describe('gitpod-cdk8s secrets', () => {
  test('prints the generated Secrets to stdout, writes no file, and differs on every run', () => {
    const cwd = tmp();
    const one = cli(['secrets', '--config', '-', '--namespace', 'gitpod'], VALID, cwd);
    expect(one.code).toBe(0);
    expect(fs.readdirSync(cwd)).toEqual([]);
    const secrets = parseAll(one.stdout);
    expect(secrets.map((s) => s.kind)).toEqual(secrets.map(() => 'Secret'));
    expect(secrets.map((s) => s.metadata.name)).toEqual(expect.arrayContaining(['mysql', 'db-password', 'minio', 'rabbitmq', 'builtin-registry-auth', 'registry-secret']));
    expect(secrets.every((s) => s.metadata.namespace === 'gitpod')).toBe(true);
    expect(one.stderr).toContain('bring these Secrets yourself: https-certificates');
    const two = cli(['secrets', '--config', '-', '--namespace', 'gitpod'], VALID, cwd);
    const pw = (text: string) => parseAll(text).find((s) => s.metadata.name === 'mysql')!.data.password;
    expect(pw(two.stdout)).not.toBe(pw(one.stdout));
  });

  test('--cluster picks one cluster of cdk8s.clusters', () => {
    const config = `${VALID}${FLEET_YAML}`;
    const ws = cli(['secrets', '--config', '-', '--cluster', 'ws'], config);
    expect(ws.code).toBe(0);
    // The workspace cluster pulls from the application cluster's registry: its credentials, no registry of its own.
    expect(parseAll(ws.stdout).map((s) => s.metadata.name)).toEqual(['builtin-registry-auth']);
    const none = cli(['secrets', '--config', '-', '--cluster', 'nope'], config);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('error: no cluster nope; the config has: meta, ws\n');
  });

  test('--list prints who creates and who reads every Secret', () => {
    const r = cli(['secrets', '--config', '-', '--list'], VALID);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SECRET\s+KEYS\s+CREATED BY\s+USER MUST PROVIDE\s+READ BY$/);
    expect(lines.find((l) => l.startsWith('https-certificates '))).toMatch(/tls\.crt,tls\.key\s+user\s+yes\s+.*Deployment\/proxy/);
    expect(lines.find((l) => l.startsWith('mysql '))).toMatch(/gitpod-cdk8s secrets\s+no/);
    expect(lines.find((l) => l.startsWith('ca-issuer-ca '))).toMatch(/cert-manager\s+no\s+Issuer\/ca-issuer/);
  });

  // (that two renders give identical bytes: test/cli.test.ts)
  test('render: no Secret with data, no PEM block, no secret material', () => {
    const a = path.join(tmp(), 'a');
    expect(cli(['render', '--config', '-', '--output', a], VALID).code).toBe(0);
    const files = readTree(a);
    expect(Object.keys(files)).not.toContain('gitpod/secrets.yaml');
    const objects = Object.values(files).flatMap(parseAll);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(Object.values(files).join('\n')).not.toMatch(/-----BEGIN /);
    expect(findSecretMaterial(objects)).toEqual([]);
  });

  test('render --inline-secrets warns and writes the generated Secrets into secrets.yaml, listed in the kustomization', () => {
    const out = path.join(tmp(), 'out');
    const r = cli(['render', '--config', '-', '--output', out, '--inline-secrets'], VALID);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: --inline-secrets .*throwaway clusters only/im);
    const files = readTree(out);
    const secrets = parseAll(files['gitpod/secrets.yaml']);
    expect(secrets.map((s) => s.metadata.name)).toContain('mysql');
    expect(parseAll(files['gitpod/kustomization.yaml'])[0].resources).toContain('secrets.yaml');
  });

  test('render refuses secret material in the output and names the object and path', () => {
    const config = `${VALID}customization:\n  - apiVersion: '*'\n    kind: '*'\n    metadata:\n      name: proxy\n      annotations:\n        leak: Zx9QwErTy7UiOp3AsDf1\n`;
    const out = path.join(tmp(), 'out');
    const r = cli(['render', '--config', '-', '--output', out], config);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to render secret material');
    expect(r.stderr).toMatch(/random-looking value: value Zx…f1 \(20 characters\) at \d+ places: .*ServiceAccount\/proxy \(namespace default\) metadata\.annotations\.leak; .*from customization\[0\]\.metadata\.annotations\.leak/);
    expect(r.stderr).not.toContain('Zx9QwErTy7UiOp3AsDf1');
    expect(fs.existsSync(out)).toBe(false);
  });
});
