/**
 * The runbook of docs/migrating.md, end to end on a made-up installation in the shape the upstream
 * installer leaves behind (test/fixtures/upstream-installation): dump → `secrets --existing` →
 * `diff --against` → what the first sync changes. Through the compiled CLI, as users run it; the
 * variants of a dump (edited, another format, a folder) run the command the CLI runs
 * (secretsExistingCommand, diffCommand: the CLI prints their output as is) in this process, on
 * one rendering, instead of a process and a rendering each.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as bcrypt from 'bcryptjs';
import * as YAML from 'yaml';
import { buildInstallations } from '../src/app';
import { parseConfigYaml } from '../src/config/load';
import { CommandOutput, secretsExistingCommand } from '../src/migrate/commands';
import { diffCommand } from '../src/migrate/diff-command';
import { randomValues } from '../src/secrets/generate';
import { runCli } from './cli-bin';
import { parseAll } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'upstream-installation');
const CONFIG = path.join(FIXTURE, 'config.yaml');
const LIVE = path.join(FIXTURE, 'live.yaml');

const cli = (args: string[]) => runCli(args);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-migrate-'));
const liveItems = (): any[] => YAML.parse(fs.readFileSync(LIVE, 'utf8')).items;
const writeLive = (items: any[], dir = tmp()) => {
  const file = path.join(dir, 'live.yaml');
  fs.writeFileSync(file, YAML.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return file;
};
const decoded = (s: any): Record<string, string> =>
  Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
const secrets = (stdout: string) => new Map(parseAll(stdout).map((s) => [s.metadata.name as string, decoded(s)]));
const existing = (file = LIVE) => cli(['secrets', '-c', CONFIG, '-n', 'gitpod', '--existing', file]);
const diff = (file = LIVE, ...extra: string[]) => cli(['diff', '-c', CONFIG, '-n', 'gitpod', '--against', file, ...extra]);

/** The installation the CLI renders for CONFIG in namespace gitpod, rendered once in this process. */
let rendered: ReturnType<typeof buildInstallations>['installations'][number] | undefined;
const installation = () =>
  (rendered ??= buildInstallations(parseConfigYaml(fs.readFileSync(CONFIG, 'utf8'), CONFIG) as never, { namespace: 'gitpod' }).installations[0]);
/** A command's output as the CLI prints it (src/cli.ts `emit`: stdout as is, a line per stderr entry). */
const printed = (out: CommandOutput) => ({ code: out.exitCode, stdout: out.stdout, stderr: out.stderr.map((l) => `${l}\n`).join('') });
/** `secrets -c CONFIG -n gitpod --existing FILE` without the process. */
const existingHere = (file = LIVE) => printed(secretsExistingCommand(installation(), file, randomValues()));
/** `diff -c CONFIG -n gitpod --against FILE [--output json]` without the process. */
const diffHere = (file = LIVE, format: 'text' | 'json' = 'text') => printed(diffCommand(installation(), file, format));

/** `secrets --existing` on the fixture: one run, shared by the tests that ask about it. */
let existingRun: ReturnType<typeof existing> | undefined;
const existingOfLive = () => (existingRun ??= existing());

describe('step 2: secrets --existing', () => {
  const run = existingOfLive();
  const out = secrets(run.stdout);

  test('keeps every value of every Secret of the installation, byte for byte', () => {
    expect(run.code).toBe(0);
    let kept = 0;
    for (const s of liveItems().filter((o) => o.kind === 'Secret' && out.has(o.metadata.name))) {
      for (const [key, value] of Object.entries(decoded(s))) {
        expect({ key: `${s.metadata.name}.${key}`, value: out.get(s.metadata.name)![key] }).toEqual({ key: `${s.metadata.name}.${key}`, value });
        kept++;
      }
    }
    expect(kept).toBe(23);
    // Not ours to print: the user's certificate, cert-manager's Secret, a token the cluster made.
    expect([...out.keys()]).not.toEqual(expect.arrayContaining(['https-certificates']));
    expect(out.has('messagebus-certificates-secret-core')).toBe(false);
    expect(out.has('proxy-token-x7k2q')).toBe(false);
  });

  test('derives what upstream did not have from what exists, so nothing the running processes know changes', () => {
    expect(out.get('mysql')!['mysql-root-password']).toBe('DbRootPassw0rdMadeUp');
    const auth = out.get('builtin-registry-auth')!;
    const hash = Buffer.from(auth.passwordHash, 'base64').toString('utf8');
    expect(bcrypt.compareSync('Reg1stryPassw0rdMadeUp', hash)).toBe(true);
    expect(auth.htpasswd).toBe(`regUserMadeUp0001:${hash}`);
    // The hash the upstream proxy already had is reused rather than a new one made.
    const caddy = liveItems().find((o) => o.metadata.name === 'proxy-config').data['vhost.docker-registry'];
    expect(caddy).toContain(auth.passwordHash);
    expect(out.get('server-secrets')).toEqual({ 'oauth-server-jwt-secret': 'JwtSecretMadeUp', 'session-secret': 'SessionSecretMadeUp' });
  });

  test('stderr says per Secret and key: kept, derived from what, generated', () => {
    const lines = run.stderr.split('\n');
    expect(lines).toContain('note: mysql.password: kept');
    expect(lines).toContain('note: mysql.mysql-root-password: derived from Secret/db-password mysql-root-password');
    expect(lines).toContain('note: server-secrets.session-secret: derived from ConfigMap/server-config config.json session.secret');
    expect(lines.filter((l) => l.startsWith('note: builtin-registry-auth.passwordHash: derived from Secret/builtin-registry-auth password'))).toHaveLength(1);
    expect(run.stderr).not.toContain('generated (fresh)');
  });

  test('warns about a value that would break a binary (a trailing newline in a key file), and only that', () => {
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([expect.stringMatching(/^warning: minio\.root-password ends with a newline: .*key file/)]);
    expect(run.stderr).not.toContain('MinioPassw0rdMadeUp');
  });

  test('the same file gives the same output; `-o json` reads like `-o yaml`', () => {
    // the command in this process prints what the CLI printed, byte for byte (nothing fresh to differ)
    expect(existingHere()).toEqual(run);
    const dir = tmp();
    const json = path.join(dir, 'live.json');
    fs.writeFileSync(json, JSON.stringify(YAML.parse(fs.readFileSync(LIVE, 'utf8'))));
    expect(existingHere(json).stdout.split('\n').slice(1)).toEqual(run.stdout.split('\n').slice(1));
  });

  test('only what cannot be derived is fresh, and stderr says what that costs', () => {
    const withoutServerConfig = writeLive(liveItems().filter((o) => o.metadata.name !== 'server-config'));
    const r = existingHere(withoutServerConfig);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: server-secrets.session-secret: generated (fresh)');
    expect(r.stderr).toContain('warning: server-secrets.session-secret: a fresh session secret: every user is logged out');
    expect(secrets(r.stdout).get('server-secrets')!['session-secret']).toMatch(/^[A-Za-z0-9]{48}$/);
  });

  test('two Secrets that must agree and do not are named', () => {
    const items = liveItems();
    const mysql = items.find((o) => o.kind === 'Secret' && o.metadata.name === 'mysql');
    mysql.data.password = Buffer.from('SomethingElse').toString('base64');
    const r = existingHere(writeLive(items));
    expect(r.stderr).toContain('warning: mysql: kept key password disagrees with Secret/db-password mysql-password');
  });

  test('a dump of another namespace is refused with the fix', () => {
    const r = cli(['secrets', '-c', CONFIG, '--existing', LIVE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('none in default: pass --namespace gitpod');
  });
});

describe('step 4: diff --against', () => {
  const run = diff();

  test('exits 0 when nothing would be refused, and says what the first sync does', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CHANGED: updated in place by the first sync \(6\)$/m);
    expect(run.stdout).toMatch(/^ONLY LIVE: .*\n  ConfigMap\/gitpod-app\n/m);
    expect(run.stdout).toContain('  Secret/mysql: read by the rendering, kept outside Git; lacks key(s) mysql-root-password: apply `gitpod-cdk8s secrets --existing`');
    expect(run.stdout).toContain('  Secret/https-certificates: read by the rendering, kept outside Git (yours)');
    expect(run.stdout).toMatch(/4 live objects ignored \(owned by controllers\)\n$/);
  });

  test('ignores what the API server and controllers add (status, server metadata, defaults)', () => {
    for (const noise of [
      'status', 'managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'last-applied-configuration',
      'deployment.kubernetes.io/revision', 'progressDeadlineSeconds', 'revisionHistoryLimit', 'terminationMessagePath',
      'dnsPolicy', 'schedulerName', 'clusterIP', 'nodePort', 'sessionAffinity', 'ipFamilies', 'volumeMode', 'podManagementPolicy',
    ]) {
      expect({ noise, found: run.stdout.includes(noise) }).toEqual({ noise, found: false });
    }
    expect(run.stdout).not.toMatch(/ReplicaSet|Pod\/|kube-root-ca\.crt|proxy-token/);
  });

  test('prints no value of a Secret, nor of a ConfigMap (upstream kept credentials in them)', () => {
    for (const s of liveItems().filter((o) => o.kind === 'Secret')) {
      for (const v of Object.values(decoded(s))) if (v.trim().length >= 10) expect(run.stdout).not.toContain(v.trim());
    }
    expect(run.stdout).toContain('data["config.json"].session.secret');
    expect(run.stdout).not.toContain('SessionSecretMadeUp');
    expect(run.stdout).not.toContain('JwtSecretMadeUp');
  });

  test('a changed Deployment selector is refused: listed first with what to do, exit 2', () => {
    const items = liveItems();
    items.find((o) => o.kind === 'Deployment' && o.metadata.name === 'server').spec.selector.matchLabels.component = 'server-old';
    const r = diff(writeLive(items));
    expect(r.code).toBe(2);
    const body = r.stdout.split('\n').slice(2, 7).join('\n');
    expect(body).toBe(
      [
        'REFUSED by the API server: do this before the first sync (1)',
        '  Deployment/server',
        '    spec.selector.matchLabels.component: live "server-old", rendered "server"',
        '      do: kubectl -n gitpod delete deployment server --cascade=orphan (the pods keep running), then sync; delete the old pods once the new ones are ready (they no longer match the selector)',
        '',
      ].join('\n'),
    );
  });

  test('StatefulSet serviceName and claim templates are refused too', () => {
    const items = liveItems();
    const sts = items.find((o) => o.kind === 'StatefulSet');
    sts.spec.serviceName = 'mysql-old';
    sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '20Gi';
    const r = diffHere(writeLive(items), 'json');
    expect(r.code).toBe(2);
    const mysql = JSON.parse(r.stdout).objects.find((o: any) => o.object === 'StatefulSet/mysql');
    expect(mysql.refused.map((x: any) => x.path)).toEqual(['spec.serviceName', 'spec.volumeClaimTemplates[data].spec.resources.requests.storage']);
    expect(mysql.refused[0].action).toContain('kubectl -n gitpod delete statefulset mysql --cascade=orphan');
  });

  test('reads a folder of YAML files as well', () => {
    const dir = tmp();
    liveItems().forEach((o, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.yaml`), YAML.stringify(o)));
    expect(diffHere(dir).stdout.split('\n').slice(1)).toEqual(run.stdout.split('\n').slice(1));
    expect(existingHere(dir).stdout.split('\n').slice(1)).toEqual(existingOfLive().stdout.split('\n').slice(1));
  });
});

describe('diff against its own rendering', () => {
  test('every object is identical (the comparison is symmetric in what it leaves out)', () => {
    const dir = tmp();
    expect(cli(['render', '-c', CONFIG, '-n', 'gitpod', '-o', path.join(dir, 'dist')]).code).toBe(0);
    const r = diff(path.join(dir, 'dist'), '--output', 'json');
    expect(r.code).toBe(0);
    const { summary } = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ refused: 0, changed: 0, onlyRendered: 0, onlyLive: 0 });
    expect(summary.identical).toBeGreaterThan(150);
  });
});

describe('the whole runbook', () => {
  test('after applying `secrets --existing`, every Secret the rendering reads is there with every key', () => {
    const printed = parseAll(existingOfLive().stdout);
    const names = new Set(printed.map((s) => s.metadata.name));
    const after = [...liveItems().filter((o) => !(o.kind === 'Secret' && names.has(o.metadata.name))), ...printed];
    const r = diffHere(writeLive(after));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('lacks key');
    expect(r.stdout).toContain('  Secret/server-secrets: read by the rendering, kept outside Git');
  });
});
