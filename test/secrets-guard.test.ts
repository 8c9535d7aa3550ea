import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { findSecretMaterial, randomLookingToken, SecretFinding, SecretMaterialError } from '../src/secrets/guard';
import { render } from './helpers';
import { PROJECT_CONFIGS } from './secrets-configs';

const configMap = (data: Record<string, string>, name = 'cfg') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data,
});
/** A pod that reads these Secrets: their names are references wherever they appear. */
const reader = (...secrets: string[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reader', namespace: 'default' },
  spec: { template: { spec: { containers: [{ name: 'main', image: 'x' }], volumes: secrets.map((s) => ({ name: s, secret: { secretName: s } })) } } },
});
const deployment = (env: Record<string, unknown>[], annotations: Record<string, string> = {}, args: string[] = []) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default' },
  spec: { template: { metadata: { annotations }, spec: { containers: [{ name: 'main', image: 'x', env, args }] } } },
});

/** Every place of every finding, in order. */
const places = (f: SecretFinding[]) => f.flatMap((x) => x.places.map((p) => p.path));

describe('secret-material guard', () => {
  test.each(PROJECT_CONFIGS)('the rendering of the project config "%s" carries no secret material', (_name, config) => {
    const objects = render(config);
    expect(objects.length).toBeGreaterThan(0);
    expect(findSecretMaterial(objects)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Secret' && (o.data || o.stringData))).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/-----BEGIN /);
  });

  test('a Secret with data is named with its key', () => {
    const f = findSecretMaterial([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'minio', namespace: 'ns' }, data: { 'root-password': 'eA==' } }]);
    expect(f).toEqual([
      { reason: 'Secret with data', value: '(4 characters)', places: [{ object: 'Secret/minio (namespace ns)', path: 'data["root-password"]' }], configPaths: [] },
    ]);
  });

  test('credentials under credential names inside a JSON ConfigMap are named by their JSON path', () => {
    const config = { session: { maxAge: 259200000, secret: 'Important!Really-Change-This-Key!' }, oauthServer: { enabled: true, jwtSecret: 'm30EH-M2-cWMgkgdy7pu' } };
    const f = findSecretMaterial([configMap({ 'config.json': JSON.stringify(config, null, 2) }, 'server-config')]);
    expect(f.flatMap((x) => x.places.map((p) => `${p.object} ${p.path}`))).toEqual([
      'ConfigMap/server-config (namespace default) data["config.json"].session.secret',
      'ConfigMap/server-config (namespace default) data["config.json"].oauthServer.jwtSecret',
    ]);
  });

  test('MinIO keys in a storage config are found; key files and Secret names are not', () => {
    const storage = { minio: { accessKey: 'RBji6R0bGG81gyEye25P', accessKeyFile: '', secretKey: '', secretKeyFile: '/mnt/secrets/storage/secretAccessKey' }, pullSecret: 'builtin-registry-auth' };
    const f = findSecretMaterial([configMap({ 'config.json': JSON.stringify({ storage }) }), reader('builtin-registry-auth')]);
    expect(places(f)).toEqual(['data["config.json"].storage.minio.accessKey']);
  });

  test('a credential-named value that names an object or a Secret some object reads, before or after it, is a reference', () => {
    const config = (pullSecret: string) => configMap({ 'config.json': JSON.stringify({ pullSecret, tokenSecret: 'cfg' }) });
    const pod = (name: string, secret: string) => ({ ...reader(secret), metadata: { name, namespace: 'default' } });
    // the names are read only as far as a question needs: the reader may come after many others
    const others = Array.from({ length: 5 }, (_, i) => pod(`other-${i}`, `other-secret-${i}`));
    expect(findSecretMaterial([config('late-secret'), ...others, pod('late', 'late-secret')])).toEqual([]);
    expect(findSecretMaterial([pod('early', 'early-secret'), ...others, config('early-secret')])).toEqual([]);
    // a name no object has and no object reads, asked after another name was found
    const f = findSecretMaterial([config('Xq7vLp2mR9tW4kZs'), ...others, configMap({ 'b.json': JSON.stringify({ pullSecret: 'other-secret-3' }) }, 'b')]);
    expect(places(f)).toEqual(['data["config.json"].pullSecret']);
  });

  test('PEM blocks, bcrypt hashes and registry auths are found anywhere in a ConfigMap', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIJKAIBAAKCAgEA\n-----END RSA PRIVATE KEY-----\n';
    const caddy = 'basicauth bcrypt "Docker Registry" {\n  user $2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01\n}';
    const f = findSecretMaterial([configMap({ 'key.pem': pem, 'vhost.docker-registry': caddy, 'auth.json': '{"auths":{"r.example.com":{"auth":"dTpw"}}}' })]);
    expect(f.map((x) => `${x.places[0].path}: ${x.reason}`)).toEqual([
      'data["key.pem"]: PEM block (RSA PRIVATE KEY)',
      'data["vhost.docker-registry"]: bcrypt hash',
      'data["auth.json"].auths["r.example.com"].auth: registry auth',
    ]);
  });

  test('env literals: credential names, high-entropy values, base64-wrapped JSON', () => {
    const wrapped = Buffer.from(JSON.stringify([{ name: 'x', tls: { key: '/certs/tls.key' }, token: 'uq4KxOLtrA-QsDTfuwQ-' }])).toString('base64');
    const f = findSecretMaterial([
      deployment([
        { name: 'DB_PASSWORD', value: 'hunter2hunter2' },
        { name: 'SOME_SETTING', value: 'tX6ML8gCW31miw0T8QMI' },
        { name: 'WSMAN_CFG_MANAGERS', value: wrapped },
        { name: 'DB_USERNAME', valueFrom: { secretKeyRef: { name: 'mysql', key: 'username' } } },
      ]),
    ]);
    expect(places(f)).toEqual([
      'spec.template.spec.containers[0].env[0](DB_PASSWORD).value',
      'spec.template.spec.containers[0].env[1](SOME_SETTING).value',
      'spec.template.spec.containers[0].env[2](WSMAN_CFG_MANAGERS).value<base64>[0].token',
    ]);
  });

  test('annotations and args are scanned; checksums are not', () => {
    const f = findSecretMaterial([
      deployment([], { 'gitpod.io/checksum_config': 'a'.repeat(64), note: 'key=4uGh1q8y2DYryJwrVMHs0kWXJlqvHWWt/KJuNi04edI=' }, ['--password=Zx9QwErTy7UiOp3AsDf']),
    ]);
    expect(places(f)).toEqual(['spec.template.metadata.annotations.note: key', 'spec.template.spec.containers[0].args[0]: password']);
  });

  test('no false positives on digests, checksums, identifiers, hostnames, paths and references', () => {
    const benign = [
      'eu.gcr.io/gitpod-core-dev/build/server:commit-4a41b7fe5e3ca9d8d6b5c9e4f0a1b2c3d4e5f6a7',
      'docker.io/bitnami/mysql@sha256:9f5f3e0ab9b2c0a5c5ea7e0a3f09d3f8f1a4a2c1d2e3f4a5b6c7d8e9f0a1b2c3',
      'b5a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1',
      'WorkspaceClusterServiceAccount2Binding',
      'messagebus-certificates-secret-core',
      'ws-manager.default.svc.cluster.local:8080',
      'gitpod.io/workload_workspace_regular',
      '$(CUSTOM_NO_PROXY)',
      '{$REGISTRY_AUTH_PASSWORD_HASH}',
      'max_allowed_packet=16M',
      'kube-rbac-proxy --insecure-listen-address=[$(IP)]:9500',
    ];
    for (const v of benign) expect([v, randomLookingToken(v)]).toEqual([v, undefined]);
    const f = findSecretMaterial([
      deployment([...benign.map((value, i) => ({ name: `V${i}`, value })), { name: 'RABBITMQ_SECURE_PASSWORD', value: 'yes' }]),
      configMap({ 'config.json': JSON.stringify({ pullSecret: 'builtin-registry-auth', passwordFile: '/x', tokenTTL: '24h', values: benign }) }),
      reader('builtin-registry-auth'),
    ]);
    expect(f).toEqual([]);
  });

  test('random-looking tokens at the edges of the quick pre-check (a 16-character run; upper, lower and digit in the text)', () => {
    // exactly 16 characters, three classes: a token; one character less: none
    expect(randomLookingToken('x Zx9QwErTy7UiOp3AsD y')).toBe('Zx9QwErTy7UiOp3AsD');
    expect(randomLookingToken('Zx9QwErT7UiOp3As')).toBe('Zx9QwErT7UiOp3As');
    expect(randomLookingToken('Zx9QwErT7UiOp3A')).toBeUndefined();
    // a class missing from the whole text: none, however random the rest
    expect(randomLookingToken('zx9qwerty7uiop3asdf1ghj')).toBeUndefined();
    expect(randomLookingToken('ZXQWERTYUIOPASDFGHJKLqwe')).toBeUndefined();
    // each class present, but only outside the run (digits in a short word): still none
    expect(randomLookingToken('ZxQwErTyUiOpAsDfGh v1')).toBeUndefined();
    // a run broken by public material: the pieces left are too short
    expect(randomLookingToken('sha256:Zx9QwErTy7UiOp3AsDf1Zx9QwErTy7')).toBeUndefined();
    // a token that follows public material is still found
    expect(randomLookingToken('sha256-abc Zx9QwErTy7UiOp3AsDf1')).toBe('Zx9QwErTy7UiOp3AsDf1');
  });

  test('the render path refuses secret material and names the object and path', () => {
    const config = mergeConfig(DEFAULT_CONFIG, {
      customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'proxy' }, spec: { env: [{ name: 'API_TOKEN', value: 'Zx9QwErTy7UiOp3AsDf1' }] } }],
    });
    expect(() => buildInstallations(config)).toThrow(SecretMaterialError);
    expect(() => buildInstallations(config)).toThrow(/Deployment\/proxy \(namespace default\) spec\.template\.spec\.containers\[1\]\.env\[\d+\]\(API_TOKEN\)\.value/);
  });
});
