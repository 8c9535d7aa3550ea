import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { deterministicBcrypt, secretsFromExisting } from '../src/migrate/existing';
import { fixedValues } from '../src/secrets/generate';
import * as bcrypt from 'bcryptjs';

const plan = (config = {}) => buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { namespace: 'gitpod' }).installations[0].secretPlan();
const secret = (name: string, data: Record<string, string>, type = 'Opaque') => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'gitpod' },
  type,
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});
const run = (objects: any[], config = {}) => secretsFromExisting(plan(config), objects, 'gitpod', fixedValues('fresh'));
const value = (r: ReturnType<typeof run>, name: string, key: string) =>
  Buffer.from(r.manifests.find((m) => m.metadata.name === name)!.data[key], 'base64').toString('utf8');

describe('secretsFromExisting', () => {
  test('with nothing to go on, everything is generated and the costly ones are warned about', () => {
    const r = run([]);
    expect(r.report).toContain('mysql.password: generated (fresh)');
    expect(r.report).toContain('mysql.port: set (fixed value or from the config)');
    expect(r.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^mysql\.encryptionKeys: a fresh database encryption key/), expect.stringMatching(/^server-secrets\.session-secret: .*logged out/)]));
  });

  test('a shared password found in one Secret fills the others that must agree', () => {
    const r = run([secret('rabbitmq', { username: 'gitpod', password: 'BusPw' })]);
    expect(value(r, 'messagebus', 'rabbitmq-password')).toBe('BusPw');
    expect(JSON.parse(value(r, 'load-definition', 'load_definition.json')).users[0].password).toBe('BusPw');
    expect(r.report).toContain('messagebus.rabbitmq-password: derived from Secret/rabbitmq password');
  });

  test('registry credentials only in the pull secret are enough; the hash verifies them and is the same on every run', () => {
    const auth = Buffer.from('u1:p1').toString('base64');
    const objects = [secret('builtin-registry-auth', { '.dockerconfigjson': JSON.stringify({ auths: { 'registry.gitpod.example.com': { auth } } }) }, 'kubernetes.io/dockerconfigjson')];
    const r = run(objects);
    expect(value(r, 'builtin-registry-auth', 'user')).toBe('u1');
    const hash = Buffer.from(value(r, 'builtin-registry-auth', 'passwordHash'), 'base64').toString('utf8');
    expect(bcrypt.compareSync('p1', hash)).toBe(true);
    expect(hash).toBe(deterministicBcrypt('p1'));
    expect(value(run(objects), 'builtin-registry-auth', 'passwordHash')).toBe(value(r, 'builtin-registry-auth', 'passwordHash'));
  });

  test('a kept hash that does not verify the password is named', () => {
    const r = run([secret('builtin-registry-auth', { user: 'u', password: 'p', passwordHash: Buffer.from(deterministicBcrypt('other')).toString('base64') })]);
    expect(r.warnings).toContain('builtin-registry-auth: kept key passwordHash does not verify the registry password; the proxy will refuse pushes: delete the key and run again to derive it');
  });

  test('values that break a binary are named, never printed', () => {
    const r = run(
      [
        secret('mysql', { port: '33o6', encryptionKeys: '[{"name":"general","primary":true,"material":"c2hvcnQ="}]', password: ' DbPw' }),
        secret('s3-credentials', { accessKeyId: 'AKIA\n' }),
        secret('https-certificates', { 'tls.crt': 'not a pem', 'tls.key': '-----BEGIN EC PRIVATE KEY-----\n' }, 'kubernetes.io/tls'),
      ],
      { objectStorage: { inCluster: false, s3: { endpoint: 's3.amazonaws.com', bucket: 'b', credentials: { kind: 'secret', name: 's3-credentials' } } } },
    );
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'mysql.port is not a port number',
        'mysql.encryptionKeys is not a JSON list with one primary key of 32 bytes (base64 material)',
        expect.stringMatching(/^mysql\.password has leading or trailing whitespace/),
        expect.stringMatching(/^s3-credentials\.accessKeyId ends with a newline: content-service, ws-manager and ws-daemon read it from a key file/),
        'https-certificates.tls.crt is not a PEM certificate',
      ]),
    );
    expect(r.warnings.some((w) => w.startsWith('s3-credentials: lacks key(s) secretAccessKey'))).toBe(true);
    expect(r.warnings.join('\n')).not.toMatch(/AKIA|DbPw|33o6/);
  });

  test('a Secret keeps its live type (the API server refuses to change it)', () => {
    const r = run([secret('minio', { 'root-user': 'u', 'root-password': 'p' }, 'generic-old')]);
    expect(r.manifests.find((m) => m.metadata.name === 'minio')!.type).toBe('generic-old');
  });
});
