import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { InstallationContext } from '../src/context';
import { resolveConfig } from '../src/config/load';
import { fixedValues, randomString, randomValues } from '../src/secrets/generate';
import { generatedSecretManifests, PlannedSecret, resolveSecrets } from '../src/secrets/plan';
import { danglingReferences, secretProviders, secretReferences } from '../src/secrets/references';
import { secretTable } from '../src/secrets/table';
import { PROJECT_CONFIGS } from './secrets-configs';

function build(config: GitpodConfigInput = {}) {
  return buildInstallations(mergeConfig(DEFAULT_CONFIG, config));
}

function ctxOf(config: GitpodConfigInput = {}) {
  return new InstallationContext({ config: resolveConfig(mergeConfig(DEFAULT_CONFIG, config)).config });
}

/** The Secret manifests `gitpod-cdk8s secrets` prints for a config, values decoded. */
function generated(config: GitpodConfigInput = {}, values = randomValues()) {
  const inst = build(config).installations[0];
  const manifests = generatedSecretManifests(inst.secretPlan(), values, inst.context.namespace);
  const decoded: Record<string, Record<string, string>> = {};
  for (const m of manifests) {
    decoded[m.metadata.name] = m.stringData ?? Object.fromEntries(Object.entries(m.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  }
  return { manifests, decoded };
}

const byName = (plan: PlannedSecret[]) => Object.fromEntries(plan.map((s) => [s.name, s]));

describe('secret references', () => {
  test('every kind of reference is found, with the object and the path', () => {
    const pod = {
      imagePullSecrets: [{ name: 'pull' }],
      containers: [
        {
          name: 'c',
          env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'a' } } }],
          envFrom: [{ secretRef: { name: 'env-from', optional: true } }],
        },
      ],
      volumes: [
        { name: 'whole', secret: { secretName: 'whole' } },
        { name: 'items', secret: { secretName: 'items', items: [{ key: 'k1', path: 'p1' }, { key: 'k2', path: 'p2' }] } },
        { name: 'proj', projected: { sources: [{ secret: { name: 'projected', items: [{ key: 'pk', path: 'x' }] } }, { configMap: { name: 'cm' } }] } },
      ],
    };
    const refs = secretReferences([
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job', namespace: 'ns' }, spec: { jobTemplate: { spec: { template: { spec: pod } } } } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns' }, imagePullSecrets: [{ name: 'sa-pull' }] },
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'ca-issuer' }, spec: { ca: { secretName: 'ca' } } },
    ]);
    const p = 'spec.jobTemplate.spec.template.spec';
    const rows = (x: unknown[][]) => x.map((r) => JSON.stringify(r)).sort();
    expect(rows(refs.map((r) => [r.object, r.secret, r.key, r.kind, r.optional, r.path]))).toEqual(rows([
      ['CronJob/job', 'env-secret', 'a', 'secretKeyRef', false, `${p}.containers[0].env[0].valueFrom.secretKeyRef`],
      ['CronJob/job', 'env-from', undefined, 'envFrom', true, `${p}.containers[0].envFrom[0].secretRef`],
      ['CronJob/job', 'pull', undefined, 'imagePullSecret', false, `${p}.imagePullSecrets[0]`],
      ['CronJob/job', 'whole', undefined, 'volume', false, `${p}.volumes[0].secret`],
      ['CronJob/job', 'items', 'k1', 'volume', false, `${p}.volumes[1].secret.items[0]`],
      ['CronJob/job', 'items', 'k2', 'volume', false, `${p}.volumes[1].secret.items[1]`],
      ['CronJob/job', 'projected', 'pk', 'projected', false, `${p}.volumes[2].projected.sources[0].secret.items[0]`],
      ['ServiceAccount/sa', 'sa-pull', undefined, 'imagePullSecret', false, 'imagePullSecrets[0]'],
      ['Issuer/ca-issuer', 'ca', 'tls.key', 'issuer', false, 'spec.ca.secretName'],
    ]));
  });

  test('a dangling reference is reported for a missing Secret and for a missing key; optional ones are not', () => {
    const refs = secretReferences([
      {
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'c', env: [
                { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'present' } } },
                { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'absent' } } },
                { name: 'C', valueFrom: { secretKeyRef: { name: 'gone', key: 'x' } } },
                { name: 'D', valueFrom: { secretKeyRef: { name: 'gone', key: 'x', optional: true } } },
              ] }],
            },
          },
        },
      },
    ]);
    const providers = secretProviders([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { present: '' } }]);
    expect(danglingReferences(refs, providers).map((d) => `${d.secret}:${d.key} ${d.problem}`)).toEqual(['s:absent no such key', 'gone:x no such Secret']);
  });
});

describe('secret plan (catalog cross-checked with the rendering)', () => {
  test('the default installation owns upstream\'s Secrets with upstream\'s keys, plus the server secrets', () => {
    const plan = build().installations[0].secretPlan();
    const gen = plan.filter((s) => s.source === 'generated');
    expect(Object.fromEntries(gen.map((s) => [s.name, s.keys]))).toEqual({
      'builtin-registry-auth': ['.dockerconfigjson', 'user', 'password', 'passwordHash', 'htpasswd'],
      'db-password': ['mysql-password', 'mysql-root-password'],
      'load-definition': ['load_definition.json'],
      messagebus: ['rabbitmq-password'],
      'messagebus-config': ['rabbitmq.conf'],
      'messagebus-erlang-cookie': ['rabbitmq-erlang-cookie'],
      minio: ['root-user', 'root-password', 'key.json'],
      mysql: ['database', 'encryptionKeys', 'host', 'mysql-root-password', 'password', 'port', 'username'],
      rabbitmq: ['username', 'password'],
      'registry-secret': ['haSharedSecret', 'proxyUsername', 'proxyPassword'],
      'server-secrets': ['session-secret', 'oauth-server-jwt-secret'],
    });
    // The message bus TLS Secret is issued by the Certificate the rabbitmq dependency renders.
    expect(byName(plan)['messagebus-certificates-secret-core']).toMatchObject({ source: 'cert-manager' });
    const s = byName(plan);
    expect(s['https-certificates']).toMatchObject({ source: 'user', configPath: 'certificate.name' });
    expect(s['https-certificates'].readers).toContain('Deployment/proxy');
    expect(s['ca-issuer-ca']).toMatchObject({ source: 'cert-manager', readers: ['Issuer/ca-issuer'] });
    expect(s['builtin-registry-auth'].readers).toEqual(expect.arrayContaining(['Deployment/proxy', 'DaemonSet/registry-facade', 'Deployment/image-builder-mk3']));
    expect(plan.filter((p) => p.source === 'unknown')).toEqual([]);
  });

  test('the generated set follows the config: outside DB, storage and registry leave theirs out, the user Secrets come in', () => {
    const plan = byName(build(PROJECT_CONFIGS[5][1]).installations[0].secretPlan());
    for (const name of ['mysql', 'db-password', 'minio', 'builtin-registry-auth', 'registry-secret']) expect(plan[name]).toBeUndefined();
    for (const name of ['aws-database', 'db-ca', 'aws-storage', 'registry-creds', 'http-proxy-settings', 'custom-ca', 'gitpod-license', 'github-oauth', 'pull-secret', 'tracing-creds']) {
      expect([name, plan[name]?.source]).toEqual([name, 'user']);
    }
    expect(plan['rabbitmq'].source).toBe('generated');
  });

  test('split clusters: Meta needs the ws-manager client certificate, Workspace the public certificate', () => {
    expect(byName(build({ kind: 'Meta' }).installations[0].secretPlan())['ws-manager-client-tls']).toMatchObject({ source: 'user', keys: ['ca.crt', 'tls.crt', 'tls.key'] });
    expect(byName(build({ kind: 'Full' }).installations[0].secretPlan())['ws-manager-client-tls']).toMatchObject({ source: 'cert-manager' });
    expect(byName(build({ kind: 'Workspace' }).installations[0].secretPlan())['https-certificates']).toMatchObject({ source: 'user', configPath: 'certificate.name' });
  });

  test('a Secret the config names is required even when every reference to it is optional', () => {
    const s = byName(build({ httpProxy: { kind: 'secret', name: 'proxy-settings' } }).installations[0].secretPlan())['proxy-settings'];
    expect(s.readers).toEqual(expect.arrayContaining(['Deployment/proxy', 'Deployment/server', 'DaemonSet/ws-daemon']));
    expect(s.optional).toBe(false);
  });

  test('a Workspace cluster owns the registry Secrets and needs the MinIO keys (same values as the application cluster)', () => {
    const gen = build({ kind: 'Workspace' }).installations[0].secretPlan().filter((s) => s.source === 'generated');
    expect(gen.map((s) => s.name)).toEqual(['builtin-registry-auth', 'minio', 'registry-secret']);
  });

  test('fallback: a key the rendering reads from a generated Secret, without a generator, gets a random value', () => {
    const inst = build().installations[0];
    const reader = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'new-component', namespace: 'default' },
      spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'mysql', key: 'newKey' } } }] }] } } },
    };
    const plan = resolveSecrets(inst.context, [...inst.renderedObjects().map((o) => o.manifest), reader]);
    const mysql = byName(plan)['mysql'];
    expect(mysql.fallbackKeys).toEqual(['newKey']);
    expect(mysql.readers).toContain('Deployment/new-component');
    const m = generatedSecretManifests(plan, randomValues(), 'default').find((x) => x.metadata.name === 'mysql')!;
    expect(Buffer.from(m.data.newKey, 'base64').toString()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test('a generated Secret the rendering reads is included even when the config alone would not call for it', () => {
    const ctx = ctxOf({ kind: 'Workspace' });
    const reader = { kind: 'DaemonSet', metadata: { name: 'ws-daemon' }, spec: { template: { spec: { volumes: [{ name: 's', secret: { secretName: 'minio', items: [{ key: 'root-user', path: 'a' }] } }] } } } };
    expect(byName(resolveSecrets(ctx, [reader]))['minio']).toMatchObject({ source: 'generated', readers: ['DaemonSet/ws-daemon'], fallbackKeys: [] });
  });

  test('a Secret a Certificate issues belongs to cert-manager, even a generated one', () => {
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'messagebus' }, spec: { secretName: 'messagebus-certificates-secret-core' } };
    const s = byName(resolveSecrets(ctxOf(), [cert]))['messagebus-certificates-secret-core'];
    expect(s).toMatchObject({ source: 'cert-manager', purpose: 'issued by Certificate/messagebus' });
    expect(generatedSecretManifests([s], randomValues(), 'default')).toEqual([]);
  });

  test('a Secret read but declared nowhere is unknown; an optional one is the user\'s, optionally', () => {
    const reader = { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { volumes: [
      { name: 'a', secret: { secretName: 'mystery' } },
      { name: 'b', secret: { secretName: 'twilio-secret', optional: true } },
    ] } } } };
    const plan = byName(resolveSecrets(ctxOf(), [reader]));
    expect(plan['mystery'].source).toBe('unknown');
    expect(plan['twilio-secret']).toMatchObject({ source: 'user', optional: true });
  });
});

describe('generated values', () => {
  test('random strings use the password alphabet and differ', () => {
    const a = randomString(32);
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(randomString(32)).not.toBe(a);
  });

  test('two runs give different values; Secrets that must agree do agree', () => {
    const one = generated().decoded;
    const two = generated().decoded;
    expect(one['mysql'].password).not.toBe(two['mysql'].password);
    expect(one['db-password']['mysql-password']).toBe(one['mysql'].password);
    expect(one['db-password']['mysql-root-password']).not.toBe(one['mysql'].password);
    expect(one['messagebus']['rabbitmq-password']).toBe(one['rabbitmq'].password);
    expect(JSON.parse(one['load-definition']['load_definition.json']).users).toEqual([{ name: 'gitpod', password: one['rabbitmq'].password, tags: 'administrator' }]);
  });

  test('mysql: host db, port 3306, user gitpod, one 32-byte primary encryption key', () => {
    const { mysql } = generated().decoded;
    expect(mysql).toMatchObject({ host: 'db', port: '3306', username: 'gitpod', database: 'gitpod' });
    const keys = JSON.parse(mysql.encryptionKeys);
    expect(keys).toEqual([{ name: 'general', version: 1, primary: true, material: expect.any(String) }]);
    expect(Buffer.from(keys[0].material, 'base64')).toHaveLength(32);
  });

  test('builtin-registry-auth: a pull secret for registry.<domain>, and the bcrypt hash the proxy checks', () => {
    const { manifests, decoded } = generated();
    const auth = decoded['builtin-registry-auth'];
    expect(manifests.find((m) => m.metadata.name === 'builtin-registry-auth')!.type).toBe('kubernetes.io/dockerconfigjson');
    const docker = JSON.parse(auth['.dockerconfigjson']);
    expect(Object.keys(docker.auths)).toEqual(['registry.gitpod.example.com']);
    expect(Buffer.from(docker.auths['registry.gitpod.example.com'].auth, 'base64').toString()).toBe(`${auth.user}:${auth.password}`);
    expect(bcrypt.compareSync(auth.password, Buffer.from(auth.passwordHash, 'base64').toString())).toBe(true);
    expect(auth.htpasswd).toBe(`${auth.user}:${Buffer.from(auth.passwordHash, 'base64').toString()}`);
  });

  test('the message bus certificate is a fresh self-signed certificate for messagebus, with its key', () => {
    // Only without the cert-manager Certificate (a rendering that lacks it): the catalog alone.
    const plan = resolveSecrets(ctxOf(), []);
    const m = generatedSecretManifests(plan, randomValues(), 'default').find((x) => x.metadata.name === 'messagebus-certificates-secret-core')!;
    const tls = Object.fromEntries(Object.entries(m.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    const x = new X509Certificate(tls['tls.crt']);
    expect(tls['ca.crt']).toBe(tls['tls.crt']);
    expect(x.subjectAltName).toContain('DNS:messagebus.default.svc.cluster.local');
    expect(x.checkPrivateKey(createPrivateKey(tls['tls.key']))).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
  });

  test('values the config fixes are honoured (static message bus password, server secrets)', () => {
    const { decoded } = generated({
      experimental: { common: { staticMessagebusPassword: 'chosen-bus' }, webapp: { server: { session: { secret: 'chosen-session' }, oauthServer: { jwtSecret: 'chosen-jwt' } } } },
    } as GitpodConfigInput);
    expect(decoded['rabbitmq'].password).toBe('chosen-bus');
    expect(decoded['server-secrets']).toEqual({ 'session-secret': 'chosen-session', 'oauth-server-jwt-secret': 'chosen-jwt' });
  });

  test('Secrets carry upstream labels and write stringData where upstream does', () => {
    const m = Object.fromEntries(generated({}, fixedValues()).manifests.map((x) => [x.metadata.name, x]));
    expect(m['mysql'].metadata.labels).toEqual({ app: 'gitpod', component: 'db' });
    expect(m['minio'].metadata.labels).toEqual({ 'app.kubernetes.io/name': 'minio', 'app.kubernetes.io/instance': 'minio' });
    expect(Object.keys(m['rabbitmq'])).toContain('stringData');
    expect(Object.keys(m['mysql'])).toContain('data');
  });
});

describe('rendering + `secrets` leave no dangling Secret reference', () => {
  test.each(PROJECT_CONFIGS)('%s', (_name, config) => {
    const { installations } = build(config);
    const values = randomValues();
    for (const inst of installations) {
      const rendered = inst.renderedObjects().map((o) => o.manifest);
      const plan = inst.secretPlan();
      const secrets = generatedSecretManifests(plan, values, inst.context.namespace);
      // The user brings their Secrets (with the keys the catalog lists): stand-ins for them.
      const brought = plan
        .filter((s) => s.source === 'user')
        .map((s) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name, namespace: inst.context.namespace }, data: Object.fromEntries(s.keys.map((k) => [k, ''])) }));
      const dangling = danglingReferences(secretReferences(rendered), secretProviders([...rendered, ...secrets, ...brought]));
      expect(dangling).toEqual([]);
      // Every Secret the user must bring is named by the config (optional ones, like upstream's
      // `twilio-secret`, may be absent).
      for (const s of plan.filter((p) => p.source === 'user' && !p.optional)) {
        expect([s.name, s.configPath]).toEqual([s.name, expect.any(String)]);
      }
    }
  });
});

describe('secrets --list table', () => {
  test('an undeclared Secret is flagged, an optional one says so', () => {
    const row = (name: string, source: PlannedSecret['source'], optional = false): PlannedSecret => ({
      name, keys: ['k'], source, purpose: 'p', readers: ['Deployment/d'], fallbackKeys: [], optional,
    });
    const lines = secretTable([row('mystery', 'unknown'), row('twilio-secret', 'user', true), row('mine', 'user')]).trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['mystery', 'k', 'UNKNOWN', 'yes (undeclared)', 'Deployment/d'],
      ['twilio-secret', 'k', 'user', 'optional', 'Deployment/d'],
      ['mine', 'k', 'user', 'yes', 'Deployment/d'],
    ]);
  });
});
