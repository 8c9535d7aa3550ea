import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { clusterProps } from '../src/config/clusters';
import { GitpodConfigError } from '../src/config/errors';
import { parseConfigYaml } from '../src/config/load';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { App, Testing } from 'cdk8s';
import { GitpodInstallation } from '../src/installation';
import { findSecretMaterial, randomLookingToken, SecretFinding, SecretMaterialError } from '../src/secrets/guard';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

type Manifest = Record<string, any>;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;
const HEX = '0123456789abcdef';
/** Deterministic made-up material: `n` characters of `alphabet`, derived from `seed`. */
function rand(seed: string, n: number, alphabet = ALNUM): string {
  let out = '';
  let h = createHash('sha256').update(seed).digest();
  while (out.length < n) {
    for (const b of h) if (out.length < n) out += alphabet[b % alphabet.length];
    h = createHash('sha256').update(h).digest();
  }
  return out;
}

const meta = (name: string, extra: Manifest = {}) => ({ name, namespace: 'gitpod', ...extra });
const deployment = (container: Manifest, metadata: Manifest = {}, podMeta: Manifest = {}): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('app', metadata),
  spec: { template: { metadata: podMeta, spec: { containers: [{ name: 'main', image: 'registry.example.com/app:1.0', ...container }] } } },
});
const env = (name: string, value: string) => deployment({ env: [{ name, value }] });
const args = (...a: string[]) => deployment({ args: a });
const image = (ref: string) => deployment({ image: ref });
const annotation = (key: string, value: string) => deployment({}, { annotations: { [key]: value } });
const label = (key: string, value: string) => deployment({}, { labels: { [key]: value } });
const file = (name: string, content: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { [name]: content } });
const json = (content: unknown) => file('config.json', JSON.stringify(content, null, 2));
const pvc = (storageClassName: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta('data'),
  spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

const pem = (label: string) => `-----BEGIN ${label}-----\n${rand(label, 64, B64)}\n${rand(`${label}2`, 40, B64)}=\n-----END ${label}-----\n`;

/** Planted secrets: each case must give exactly one finding, for the planted value, with a reason matching. */
const LEAKS: [string, Manifest, RegExp][] = [
  // credential names where the old guard did not look
  ['annotation key names a password', annotation('example.com/db-password', 'hunter2hunter'), /credential under "example.com\/db-password"/],
  ['annotation key, lower-case password', annotation('backup.example.com/admin-password', 'opensesame'), /credential under/],
  ['ConfigMap file named like a password', file('db-password', 'tr0ub4dor&3'), /credential under "db-password"/],
  ['ConfigMap file named like a token, lower-case value', file('api-token.txt', 'letmein-please'), /credential under "api-token.txt"/],
  ['JSON key password, lower-case word', json({ database: { password: 'correcthorse' } }), /credential under "password"/],
  ['JSON key secret, a word', json({ session: { secret: 'changeme' } }), /credential under "secret"/],
  ['hyphenated passphrase under a secret name (shaped like an object name)', env('SESSION_SECRET', 'correct-horse-battery-staple'), /credential under "SESSION_SECRET"/],
  ['YAML file, nested password', file('app.yaml', 'database:\n  host: db\n  password: gitpodpass\n'), /credential under "password"/],
  ['label key names a token', label('ci-token', 'abcdefgh1234'), /credential under "ci-token"/],
  // env names outside the old list
  ['MYSQL_PWD', env('MYSQL_PWD', 'rootpw'), /credential under "MYSQL_PWD"/],
  ['DB_PASS', env('DB_PASS', 'pass1234'), /credential under "DB_PASS"/],
  ['REDIS_AUTH', env('REDIS_AUTH', 's3cr3tpass'), /credential under "REDIS_AUTH"/],
  ['LDAP_BIND_PW', env('LDAP_BIND_PW', 'binder'), /credential under "LDAP_BIND_PW"/],
  ['SECRET_KEY_BASE (a value word after the credential word)', env('SECRET_KEY_BASE', rand('skb', 64, HEX)), /credential under "SECRET_KEY_BASE"/],
  ['*_KEY with hex', env('STRIPE_KEY', rand('stripe', 32, HEX)), /credential under "STRIPE_KEY"/],
  ['*_KEY with a UUID', env('LICENSE_KEY', '3f2b8c1e-7d4a-4b9e-a6c5-2e1f0d9b8a7c'), /credential under "LICENSE_KEY"/],
  ['AWS_ACCESS_KEY_ID=AKIA…', env('AWS_ACCESS_KEY_ID', `AKIA${rand('akia', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`), /AWS access key/],
  ['AWS_SECRET_ACCESS_KEY with /', env('AWS_SECRET_ACCESS_KEY', `${rand('aws1', 13, B64)}/${rand('aws2', 12, B64)}/${rand('aws3', 13, B64)}`), /credential under "AWS_SECRET_ACCESS_KEY"/],
  ['hex session secret', json({ session: { secret: rand('hex', 48, HEX) } }), /credential under "secret"/],
  ['UUID client secret', json({ oauth: { clientSecret: '9a7c1e2f-0d9b-4b8a-a6c5-7d4a3f2b8c1e' } }), /credential under "clientSecret"/],
  // {name, value} lists inside ConfigMaps (workspace templates) are env
  ['env list in a JSON workspace template', json({ spec: { containers: [{ name: 'workspace', env: [{ name: 'REGISTRY_PASS', value: 'regpass2024' }] }] } }), /credential under "REGISTRY_PASS"/],
  ['env list in a YAML workspace template', file('template.yaml', 'spec:\n  containers:\n    - name: workspace\n      env:\n        - name: GIT_TOKEN\n          value: gittoken\n'), /credential under "GIT_TOKEN"/],
  // passwords in URLs, anywhere
  ['https URL with a password in env', env('TRACING_ENDPOINT', 'https://jaeger:Tr4ce-pass@tracing.example.com:14268/api/traces'), /password in a URL/],
  ['mysql URL', env('DATABASE_URL', 'mysql://gitpod:dbpass42@db.internal:3306/gitpod'), /password in a URL/],
  ['redis URL, empty user', json({ redis: { address: 'redis://:redispass@redis.example.com:6379' } }), /password in a URL/],
  ['URL in an annotation', annotation('example.com/upstream', 'https://bot:vsxpass@open-vsx.example.com'), /password in a URL/],
  ['login in an image reference', image('deploy:regpass@registry.example.com/gitpod/server:1.0'), /password in a URL/],
  // the publishable-key allowlist still runs the material checks
  ['PEM under a publishable name', env('GITPOD_ANALYTICS_SEGMENT_KEY', pem('PRIVATE KEY')), /PEM block \(PRIVATE KEY\)/],
  ['token under a publishable name', env('CONFIGCAT_SDK_KEY', `ghp_${rand('pub', 36)}`), /GitHub token/],
  // image, label and storage-class values
  ['token in a label value', label('team', `ghp_${rand('label', 36)}`), /GitHub token/],
  ['random token in a storage class', pvc(rand('sc1', 24)), /random-looking value/],
  ['token in an image tag', image(`registry.example.com/app:glpat-${rand('img', 20)}`), /GitLab token/],
  // tokens with / inside (pieces shorter than 16)
  ['base64 token split by /', annotation('note', `${rand('s1', 9, ALNUM)}/${rand('s2', 11, ALNUM)}`), /random-looking value/],
  // material anywhere
  ['OpenSSH private key', file('id', pem('OPENSSH PRIVATE KEY')), /PEM block \(OPENSSH PRIVATE KEY\)/],
  ['EC private key', annotation('note', pem('EC PRIVATE KEY')), /PEM block \(EC PRIVATE KEY\)/],
  ['bcrypt hash', file('htpasswd', `admin:$2y$10$${rand('bc', 53, `${ALNUM}./`)}`), /bcrypt hash/],
  ['argon2 hash', json({ users: [{ name: 'admin', hash: `$argon2id$v=19$m=65536,t=3,p=4$${rand('salt', 22, B64)}$${rand('a2', 43, B64)}` }] }), /argon2 hash/],
  ['SQL password', file('init.sql', "CREATE USER 'gitpod'@'%' IDENTIFIED BY 'sqlpass99';"), /SQL password/],
  ['registry auths', file('config.json', `{"auths":{"registry.example.com":{"auth":"${Buffer.from('u:regpass').toString('base64')}"}}}`), /registry auth/],
  ['netrc', file('.netrc', 'machine github.com\n  login bot\n  password netrcpass\n'), /netrc password/],
  ['Authorization header in a probe', deployment({ livenessProbe: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'Authorization', value: `Bearer ${rand('bearer', 32)}` }] } } }), /authorization header/],
  ['--password value in args', args('--user', 'bot', '--password', 'argspass1'), /credential under "password"/],
  ['--token=value in args', args(`--token=tokenvalue`), /credential under "token"/],
  ['connection string', env('CONN', 'Server=db.internal;User Id=gitpod;Password=connpass;'), /credential under "Password"/],
  ['.npmrc auth token', file('.npmrc', `registry=https://npm.example.com/\n//npm.example.com/:_authToken=${rand('npmrc', 24)}\n`), /credential under "_authToken"/],
  ['Azure storage connection string', env('AZURE_STORAGE', `DefaultEndpointsProtocol=https;AccountName=gitpodblobs;AccountKey=${rand('azk', 86, B64)}==;EndpointSuffix=core.windows.net`), /credential under "AccountKey"/],
  ['Azure SAS URL', env('BLOB_URL', `https://gitpod.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=r&sig=${rand('sas', 43, B64)}%3D`), /Azure SAS signature/],
  ['base64-wrapped JSON with a token', env('CFG', Buffer.from(JSON.stringify({ token: 'wrappedtoken' })).toString('base64')), /credential under "token"/],
  ['registry auth outside "auths"', json({ registry: { host: 'registry.example.com', auth: Buffer.from('deploy:regpass').toString('base64') } }), /credential under "auth"/],
  ['URL with a password as a map key', json({ mirrors: { 'https://bot:mirrorpass@mirror.example.com': { priority: '1' } } }), /password in a URL/],
  ['numeric PIN under a password name', env('DB_PASSWORD', '20241130'), /credential under "DB_PASSWORD"/],
  ['Secret with stringData', { apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), stringData: { password: 'x' } }, /Secret with data/],
  // known token formats, under a neutral name
  ...([
    ['ghp_', `ghp_${rand('ghp', 36)}`, /GitHub token/],
    ['gho_', `gho_${rand('gho', 36)}`, /GitHub token/],
    ['ghs_', `ghs_${rand('ghs', 36)}`, /GitHub token/],
    ['github_pat_', `github_pat_${rand('pat1', 22)}_${rand('pat2', 59)}`, /GitHub token/],
    ['glpat-', `glpat-${rand('glpat', 20)}`, /GitLab token/],
    ['xoxb-', `xoxb-${rand('xb1', 11, '0123456789')}-${rand('xb2', 13, '0123456789')}-${rand('xb3', 24)}`, /Slack token/],
    ['xoxp-', `xoxp-${rand('xp1', 11, '0123456789')}-${rand('xp2', 24)}`, /Slack token/],
    ['AKIA', `AKIA${rand('AKIA', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, /AWS access key/],
    ['ASIA', `ASIA${rand('ASIA', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, /AWS access key/],
    ['sk_live_', `sk_live_${rand('sk', 24)}`, /Stripe key/],
    ['rk_live_', `rk_live_${rand('rk', 24)}`, /Stripe key/],
    ['npm_', `npm_${rand('npm', 36)}`, /npm token/],
    ['AGE-SECRET-KEY-', `AGE-SECRET-KEY-1${rand('age', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`, /age secret key/],
    ['hf_', `hf_${rand('hf', 34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, /Hugging Face token/],
    ['dop_v1_', `dop_v1_${rand('do', 64, HEX)}`, /DigitalOcean token/],
    ['AIza', `AIza${rand('aiza', 35)}`, /Google API key/],
    ['Slack webhook', `https://hooks.slack.com/services/T${rand('t', 8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B${rand('b', 10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/${rand('w', 24)}`, /Slack webhook/],
    ['JWT', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.${rand('jwt', 43, `${ALNUM}-_`)}`, /JSON Web Token/],
    ['Vault token', `hvs.${rand('hvs', 24)}`, /Vault token/],
    ['Google OAuth secret', `GOCSPX-${rand('gocspx', 28)}`, /Google OAuth client secret/],
  ] as [string, string, RegExp][]).map(([n, v, r]): [string, Manifest, RegExp] => [`token format ${n}`, env('SETTING', v), r]),
];

/** Realistic values that are not secret: none may be refused. */
const NOT_SECRETS: [string, Manifest | Manifest[]][] = [
  ['Azure resource group', env('AZURE_RESOURCE_GROUP', 'rg-Gitpod-Prod-WestEurope01')],
  ['Azure resource group as a label', label('example.com/resource-group', 'rg-Gitpod-Prod-WestEurope01')],
  ['Azure VM sizes', json({ nodePools: [{ vmSize: 'Standard_D16ds_v5' }, { vmSize: 'Standard_NC24ads_A100_v4' }, { vmSize: 'Standard_E8as_v5' }] })],
  ['instance type node selector', deployment({}, {}, { labels: { 'node.kubernetes.io/instance-type': 'Standard_D16ds_v5' } })],
  ['IRSA role ARN with a CloudFormation suffix', annotation('eks.amazonaws.com/role-arn', 'arn:aws:iam::123456789012:role/eksctl-gitpod-addon-iamserviceaccount-Role1-1A2B3C4D5E6F')],
  ['IAM role name with a CloudFormation suffix', env('NODE_ROLE', 'GitpodEKSClusterNodeRole-1X2Y3Z4W5V6U')],
  ['Grafana dashboard URL', annotation('example.com/dashboard', 'https://grafana.example.com/d/fDq7bX2kz/gitpod-workspaces?orgId=1&refresh=30s&var-cluster=Prod-WestEurope01')],
  ['SSH public key', file('authorized_keys', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rand('ssh', 43, B64)} ops@example.com\n`)],
  ['SSH public key under a key name', env('SSH_PUBLIC_KEY', `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${rand('rsa', 300, B64)}= ops`)],
  ['SSH public key under a credential name', env('DEPLOY_KEY', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rand('deploy', 43, B64)} ci@example.com`)],
  ['Vault agent template', annotation('vault.hashicorp.com/agent-inject-template-db', '{{- with secret "database/creds/gitpod" -}}mysql://{{ .Data.username }}:{{ .Data.password }}@db.internal:3306/gitpod{{- end }}')],
  ['Vault agent secret path', annotation('vault.hashicorp.com/agent-inject-secret-db', 'database/creds/gitpod')],
  ['Segment write key (public by design)', env('GITPOD_ANALYTICS_SEGMENT_KEY', rand('segment', 32))],
  ['publishable Stripe key', json({ stripe: { publishableKey: `pk_live_${rand('pk', 24)}` } })],
  ['sha256 digests, image references, checksums', deployment({ image: `registry.example.com:5000/gitpod/server:v1.2.3@sha256:${rand('dig', 64, HEX)}` }, { annotations: { 'gitpod.io/checksum_config': rand('ck', 64, HEX) } })],
  ['npm integrity', json({ integrity: `sha512-${rand('int', 86, B64)}==` })],
  ['git commit', env('GIT_COMMIT', rand('commit', 40, HEX))],
  ['public certificate', file('ca.crt', pem('CERTIFICATE'))],
  ['references to Secrets', deployment({ env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql', key: 'password' } } }, { name: 'PASSWORD_FILE', value: '/run/secrets/db/password' }, { name: 'API_TOKEN', value: '$(TOKEN_FROM_SECRET)' }] })],
  ['names of Secrets the rendering reads, under credential names', [
    json({ pullSecret: 'builtin-registry-auth', passwordSecret: 'redis-auth', tls: { secret: 'gitpod/https-certificates' } }),
    deployment({
      env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } }],
      volumeMounts: [{ name: 'tls', mountPath: '/tls' }],
    }),
    { ...deployment({}), spec: { template: { spec: { imagePullSecrets: [{ name: 'builtin-registry-auth' }], containers: [], volumes: [{ name: 'tls', secret: { secretName: 'https-certificates' } }] } } } },
  ]],
  ['settings named after credentials', json({ tokenTTL: '24h', secretName: 'gitpod-tls', passwordMinLength: '12', cookieName: '_gitpod_io_', tokenEndpoint: 'https://auth.example.com/token', enableTokens: 'true' })],
  ['counts and Secret names under token and credentials names', [
    json({ maxTokens: '4096', port: '3306', credentials: 'aws-creds', storage: { credentials: 'gitpod/gcs-credentials' } }),
    deployment({ envFrom: [{ secretRef: { name: 'aws-creds' } }, { secretRef: { name: 'gcs-credentials' } }] }),
  ]],
  ['secret-store references under credential names', env('DB_PASSWORD', 'projects/my-project/secrets/db-password/versions/latest')],
  ['KMS key ARN under a key name', json({ encryptionKey: 'arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d', kmsKeyId: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d' })],
  ['Azure tenant and client IDs', deployment({ env: [{ name: 'AZURE_TENANT_ID', value: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, { name: 'AZURE_CLIENT_ID', value: '0d9b8a7c-1e2f-4b8a-a6c5-3f2b8c1e7d4a' }] })],
  ['cloud names', json({ bucket: 'gitpod-prod-eu-west-1-blobs-123456789012', nodePool: 'aks-nodepool1-12345678-vmss000000', sku: 'Standard_LRS', zone: 'us-central1-a', image: 'MicrosoftWindowsServer2019Datacenter' })],
  ['URLs without a password', deployment({ env: [{ name: 'GIT_URL', value: 'ssh://git@github.com/example/repo.git' }, { name: 'CONTACT', value: 'mailto:ops@example.com' }, { name: 'OIDC_ISSUER', value: 'https://token.actions.githubusercontent.com' }] })],
  ['file-named flags', args('--token-auth-file=/etc/tokens.csv', '--password-file', '/run/secrets/pw', '--kubeconfig=/etc/kube/config')],
  ['code reading the environment', args('node', '-e', 'c.session.secret = process.env.SESSION_SECRET;')],
  ['storage classes', pvc('managed-csi-premium')],
  ['authentication methods under auth names', json({ redis: { auth: 'none' }, smtp: { auth: 'plain' }, registry: { auth: 'basic' }, AUTH_TYPE: 'oidc' })],
  ['booleans under credential names', deployment({ env: [{ name: 'RABBITMQ_SECURE_PASSWORD', value: 'yes' }, { name: 'GITHUB_TOKEN', value: '' }] })],
];

const placesOf = (f: SecretFinding[]) => f.flatMap((x) => x.places.map((p) => `${p.object} ${p.path}`));

describe('secret guard: leak corpus', () => {
  test.each(LEAKS)('%s is refused', (_name, object, reason) => {
    const f = findSecretMaterial([object]);
    expect(f.map((x) => x.reason)).toEqual([expect.stringMatching(reason)]);
  });
});

describe('secret guard: non-secret corpus', () => {
  test.each(NOT_SECRETS)('%s is accepted', (_name, object) => {
    expect(placesOf(findSecretMaterial([object].flat()))).toEqual([]);
  });
});

describe('secret guard: random-looking tokens', () => {
  test('most random tokens are caught; identifiers are not', () => {
    const caught = (n: number, alphabet: string) =>
      Array.from({ length: 200 }, (_, i) => rand(`rate-${n}-${i}`, n, alphabet)).filter((t) => /[A-Z]/.test(t) && /[a-z]/.test(t) && /[0-9]/.test(t)).filter((t) => randomLookingToken(t)).length;
    expect(caught(20, ALNUM)).toBeGreaterThanOrEqual(170);
    expect(caught(32, B64)).toBeGreaterThanOrEqual(180);
    const identifiers = [
      'rg-Gitpod-Prod-WestEurope01', 'Standard_D16ds_v5', 'Standard_NC24ads_A100_v4', 'GitpodEKSClusterNodeRole-1X2Y3Z4W5V6U',
      'eksctl-gitpod-addon-iamserviceaccount-Role1-1A2B3C4D5E6F', 'MSSQLServer2019CU12', 'PostgreSQL15FlexibleServer',
      'WorkspaceClusterServiceAccount2Binding', 'AWSLoadBalancerControllerIAMPolicy', 'aks-nodepool1-12345678-vmss000000',
      'ProdEastUS2GitpodAKS01', 'Gen2VMSizeStandardDS3v2', 'ECDHE-RSA-AES128-GCM-SHA256', 'GitpodVPCPrivateSubnet1A',
    ];
    expect(identifiers.filter((t) => randomLookingToken(t))).toEqual([]);
  });
});

describe('secret guard: reports', () => {
  test('one value at many places is one finding, counted, with the value redacted', () => {
    const token = rand('many', 24);
    const objects = Array.from({ length: 7 }, (_, i) => ({ ...annotation('example.com/api-token', token), metadata: meta(`app-${i}`, { annotations: { 'example.com/api-token': token } }) }));
    const f = findSecretMaterial(objects);
    expect(f).toHaveLength(1);
    expect(f[0].places).toHaveLength(7);
    expect(f[0].value).toBe(`${token.slice(0, 2)}…${token.slice(-2)} (24 characters)`);
    const message = new SecretMaterialError(f).message;
    expect(message.split('\n')).toHaveLength(2);
    expect(message).toMatch(/at 7 places: Deployment\/app-0 \(namespace gitpod\) metadata\.annotations\["example\.com\/api-token"\]; .*; and 4 more/);
    expect(message).not.toContain(token);
  });
});

/** Renders through the one render path; returns the SecretMaterialError (fails when none is thrown). */
function refusal(input: GitpodConfigInput): SecretMaterialError {
  try {
    buildInstallations(mergeConfig(DEFAULT_CONFIG, input));
  } catch (e) {
    if (e instanceof SecretMaterialError) return e;
    throw e;
  }
  throw new Error('rendered without refusing');
}

describe('secret guard: every config field reaches the guard', () => {
  const cases: [string, GitpodConfigInput, string, string][] = [
    ['tracing endpoint', { observability: { logLevel: 'info', tracing: { endpoint: 'https://jaeger:Tr4ce-pass@tracing.example.com/api/traces' } } }, 'observability.tracing.endpoint', 'Tr4ce-pass'],
    ['openVSX url', { openVSX: { url: 'https://vsx:openvsxpass@open-vsx.example.com' } }, 'openVSX.url', 'openvsxpass'],
    ['S3 endpoint', { objectStorage: { inCluster: false, s3: { endpoint: 'https://minio:s3pass2024@s3.example.com', bucket: 'b', credentials: { kind: 'secret', name: 's3' } } } }, 'objectStorage.s3.endpoint', 's3pass2024'],
    ['registry url', { containerRegistry: { inCluster: false, external: { url: 'deploy:regpass99@registry.example.com', certificate: { kind: 'secret', name: 'reg' } } } }, 'containerRegistry.external.url', 'regpass99'],
    ['repository', { repository: `registry.example.com/dop_v1_${rand('repo', 64, HEX)}` }, 'repository', ''],
    ['redis address', { experimental: { workspace: { registryFacade: { redisCache: { enabled: true, singleHostAddr: 'redis://:redispass7@redis.example.com:6379' } } } } }, 'experimental.workspace.registryFacade.redisCache.singleHostAddr', 'redispass7'],
    ['customization annotation', { customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'server', annotations: { 'example.com/deploy-token': 'deploytoken' } } }] }, 'customization[0].metadata.annotations["example.com/deploy-token"]', 'deploytoken'],
    ['customization env', { customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'proxy' }, spec: { env: [{ name: 'DB_PASS', value: 'hunter2hunter2' }] } }] }, 'customization[0].spec.env[0].value', 'hunter2hunter2'],
  ];
  test.each(cases)('%s', (_name, input, configPath, secret) => {
    const e = refusal(input);
    expect(e.findings).toHaveLength(1);
    expect(e.findings[0].configPaths).toEqual([configPath]);
    expect(e.message).toContain(`add to cdk8s.secrets.notSecret: '${configPath}'`);
    if (secret) expect(e.message).not.toContain(secret);
    // a value inside a ConfigMap file is reported at its leaf, not also at the whole file
    const places = e.findings[0].places.map((p) => `${p.object} ${p.path}`);
    expect(places.filter((p) => places.some((q) => q !== p && q.startsWith(p)))).toEqual([]);
  });

  test('a `*` customization is one finding with every place counted', () => {
    const token = `ghp_${rand('star', 36)}`;
    const e = refusal({ customization: [{ apiVersion: '*', kind: '*', metadata: { name: '*', annotations: { note: token } } }] });
    expect(e.findings).toHaveLength(1);
    expect(e.findings[0].places.length).toBeGreaterThan(100);
    expect(e.message.split('\n')).toHaveLength(2);
    expect(e.message).toContain(`at ${e.findings[0].places.length} places`);
    expect(e.message).not.toContain(token);
  });
});

describe('secret guard: cdk8s.secrets.notSecret', () => {
  const buildId = rand('build-id', 20);
  const annotated = (annotations: Record<string, string>, notSecret?: string[]): GitpodConfigInput => ({
    customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'server', annotations } }],
    ...(notSecret ? { cdk8s: { secrets: { notSecret } } } : {}),
  });

  test('the path the error prints accepts the value, and the value is rendered', () => {
    const e = refusal(annotated({ 'example.com/build-id': buildId }));
    const entry = e.findings[0].configPaths[0];
    expect(entry).toBe('customization[0].metadata.annotations["example.com/build-id"]');
    const { files } = buildInstallations(mergeConfig(DEFAULT_CONFIG, annotated({ 'example.com/build-id': buildId }, [entry])));
    expect([...files.values()].join('\n')).toContain(buildId);
  });

  test('accepting one path does not accept the same value from another path', () => {
    const e = refusal(annotated({ 'example.com/build-id': buildId, 'example.com/other': buildId }, ['customization[0].metadata.annotations["example.com/build-id"]']));
    expect(e.findings.map((f) => f.configPaths)).toEqual([['customization[0].metadata.annotations["example.com/other"]']]);
  });

  test('accepting a path does not accept other values', () => {
    const e = refusal({
      ...annotated({ 'example.com/build-id': buildId }, ['customization[0].metadata.annotations["example.com/build-id"]']),
      openVSX: { url: 'https://vsx:openvsxpass@open-vsx.example.com' },
    });
    expect(e.findings.map((f) => f.configPaths)).toEqual([['openVSX.url']]);
  });

  test('a mistyped entry is an error even when nothing is refused', () => {
    const input: GitpodConfigInput = { cdk8s: { secrets: { notSecret: ['openVSX.ulr'] } } };
    expect(() => buildInstallations(mergeConfig(DEFAULT_CONFIG, input))).toThrow(/^cdk8s\.secrets\.notSecret\[0\]: "openVSX\.ulr" names no text value/);
  });

  test('an entry that names no text value of the config is an error naming the entry', () => {
    const input = annotated({ 'example.com/build-id': buildId }, ['customization[0].metadata.annotations', 'customization[0].metadata.annotation.typo']);
    expect(() => buildInstallations(mergeConfig(DEFAULT_CONFIG, input))).toThrow(GitpodConfigError);
    expect(() => buildInstallations(mergeConfig(DEFAULT_CONFIG, input))).toThrow(/^cdk8s\.secrets\.notSecret\[0\]: "customization\[0\]\.metadata\.annotations" names no text value.*\ncdk8s\.secrets\.notSecret\[1\]: /);
  });
});

describe('secret guard: cdk8s synth', () => {
  test('app.synth() refuses secret material and accepts notSecret entries', () => {
    const config = (notSecret?: string[]) =>
      clusterProps(mergeConfig(DEFAULT_CONFIG, {
        customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'proxy', annotations: { 'example.com/build-id': rand('synth', 20) } } }],
        ...(notSecret ? { cdk8s: { secrets: { notSecret } } } : {}),
      }))[0].props;
    const refused = Testing.app();
    new GitpodInstallation(refused, 'gitpod', config());
    expect(() => refused.synth()).toThrow(SecretMaterialError);
    const accepted = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-')) });
    new GitpodInstallation(accepted, 'gitpod', config(['customization[0].metadata.annotations["example.com/build-id"]']));
    expect(() => accepted.synth()).not.toThrow();
    fs.rmSync(accepted.outdir, { recursive: true, force: true });
  });
});

describe('secret guard: our own configs render', () => {
  const examples = path.join(__dirname, '..', 'examples');
  const exampleConfigs = fs.readdirSync(examples).filter((d) => fs.existsSync(path.join(examples, d, 'gitpod.config.yaml')));
  const inputs: [string, GitpodConfigInput][] = [
    ...PROJECT_CONFIGS.map((f): [string, GitpodConfigInput] => [`test/configs/${f}`, loadProjectConfig(f)]),
    ...exampleConfigs.map((d): [string, GitpodConfigInput] => [`examples/${d}`, parseConfigYaml(fs.readFileSync(path.join(examples, d, 'gitpod.config.yaml'), 'utf8')) as GitpodConfigInput]),
  ];
  test('realistic cloud settings in a config render', () => {
    const input: GitpodConfigInput = {
      analytics: { segmentKey: rand('segment-key', 32), writer: 'segment' },
      customization: [
        {
          apiVersion: '*',
          kind: '*',
          metadata: {
            name: '*',
            labels: { 'example.com/resource-group': 'rg-Gitpod-Prod-WestEurope01', 'example.com/vm-size': 'Standard_D16ds_v5' },
            annotations: {
              'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eksctl-gitpod-addon-iamserviceaccount-Role1-1A2B3C4D5E6F',
              'example.com/dashboard': 'https://grafana.example.com/d/fDq7bX2kz/gitpod-workspaces?orgId=1&refresh=30s',
              'vault.hashicorp.com/agent-inject-template-db': '{{ with secret "database/creds/gitpod" }}{{ .Data.password }}{{ end }}',
              'example.com/deploy-key': `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rand('deploy-key', 43, B64)} ci@example.com`,
            },
          },
        },
      ],
    };
    expect(() => buildInstallations(mergeConfig(DEFAULT_CONFIG, input))).not.toThrow();
  });

  test.each(inputs)('%s has no finding', (_name, input) => {
    const { installations } = buildInstallations(input);
    const objects = installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest));
    expect(placesOf(findSecretMaterial(objects, { config: clusterProps(input)[0].props.config }))).toEqual([]);
  });
});
