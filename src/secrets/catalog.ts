import { SERVER_SECRETS } from '../components/server';
import { MYSQL_SECRET } from '../dependencies/mysql';
import { MESSAGEBUS_TLS_SECRET } from '../dependencies/rabbitmq';
import { InstallationContext } from '../context';
import { publicDnsNames } from '../dependencies/certificates';
import { rabbitmqDefinitions, RABBITMQ_CONF } from './rabbitmq';
import { ValueSource } from './generate';

/**
 * Who creates a Secret the installation reads:
 * - `user`: the platform engineer brings it (certificates, outside database, cloud credentials);
 * - `generated`: the installation owns it; `gitpod-cdk8s secrets` generates it once, outside Git;
 * - `cert-manager`: a Certificate in the rendering issues it;
 * - `unknown`: the rendering reads it but nothing declares it (a defect: add it to the catalog).
 */
export type SecretSource = 'user' | 'generated' | 'cert-manager' | 'unknown';

/** One Secret an installation reads: what it is, its keys and where it comes from. */
export interface SecretSpec {
  /** Name of the Secret (in the installation namespace). */
  readonly name: string;
  /** The keys components read (for generated Secrets: the keys written). */
  readonly keys: readonly string[];
  /** Who provides it: the user, a generator, cert-manager, or unknown. */
  readonly source: SecretSource;
  /** What it is for, in a few words. */
  readonly purpose: string;
  /** The config path that names it (user Secrets). */
  readonly configPath?: string;
  /** Secret type. @default Opaque */
  readonly type?: string;
  /** Labels of the generated Secret (upstream's, so existing objects are recognised). */
  readonly labels?: Record<string, string>;
  /** Write the values as `stringData` (as upstream does for this Secret) rather than `data`. */
  readonly stringData?: boolean;
  /**
   * Generated Secrets: the values of every key, drawn from `values`. Values named alike are
   * equal, so Secrets that must agree (the DB password in `mysql` and `db-password`) do.
   */
  readonly generate?: (values: ValueSource) => Record<string, string>;
  /**
   * Generated Secrets whose values are shared with other Secrets, or with the other clusters of a
   * fleet: an External Secrets Password generator cannot keep them in step (each cluster's would
   * draw its own), so with `externalSecrets` they come from the store.
   */
  readonly sharesValues?: boolean;
  /** Provided by the user's platform (declared external): never generated, never an ExternalSecret. */
  readonly platform?: boolean;
}


const gitpodLabels = (component: string) => ({ app: 'gitpod', component });
const helmLabels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name });

/**
 * The Secrets an installation reads but never renders (no secret material in Git), derived from
 * the config: what the user brings, and what the installation owns (generated once by
 * `gitpod-cdk8s secrets`). `resolveSecrets` cross-checks this with a rendering.
 */
export function secretCatalog(ctx: InstallationContext): SecretSpec[] {
  const generated = generatedSecrets(ctx)
    .filter((g) => g.when)
    .map(({ when: _when, ...spec }) => spec);
  return [...userSecrets(ctx), ...issuedSecrets(ctx), ...generated, ...platformSecrets(ctx)];
}

/**
 * The Secrets the user's platform provides: `cdk8s.externals.secrets` of the config and
 * `GitpodInstallation.declareExternalSecret()`. Without keys, any key may be read.
 */
export function platformSecrets(ctx: InstallationContext): SecretSpec[] {
  return ctx.externals('Secret').map((s) => ({
    name: s.name,
    keys: [...(s.keys ?? [])],
    source: 'user' as const,
    platform: true,
    purpose: 'provided by the platform (declared external)',
  }));
}

/** The user-provided Secrets named by the config. */
export function userSecrets(ctx: InstallationContext): SecretSpec[] {
  const c = ctx.config;
  const out: SecretSpec[] = [];
  const user = (name: string, keys: string[], purpose: string, configPath: string, type?: string) =>
    out.push({ name, keys, source: 'user', purpose, configPath, ...(type ? { type } : {}) });

  // The public certificate: the proxy (WebApp) and ws-proxy / registry-facade (Workspace) serve it.
  if ((ctx.includes('webapp') || ctx.includes('workspace')) && !c.cdk8s?.tls?.issuer) {
    // In a fleet each cluster's certificate names what that cluster serves.
    const names = ctx.fleet ? publicDnsNames(ctx).join(', ') : '<domain>, *.<domain>, *.ws.<domain>';
    user(c.certificate.name, ['tls.crt', 'tls.key'], `public TLS certificate for ${names}`, 'certificate.name', 'kubernetes.io/tls');
  }
  // Without the Workspace set, server and ws-manager-bridge talk to a remote ws-manager with the
  // client certificate that the workspace cluster's cert-manager issued: copy it over. (A split
  // fleet issues it from the fleet CA instead, src/fleet/exposure.ts.)
  if (ctx.includes('webapp') && !ctx.includes('workspace') && !ctx.fleet?.split) {
    user('ws-manager-client-tls', ['ca.crt', 'tls.crt', 'tls.key'], "ws-manager client certificate: copy the workspace cluster's Secret ws-manager-client-tls", 'kind', 'kubernetes.io/tls');
  }
  if (c.database.external) {
    user(c.database.external.certificate.name, ['host', 'port', 'username', 'password', 'encryptionKeys'], 'external MySQL', 'database.external.certificate.name');
  }
  if (c.database.cloudSQL) {
    user(c.database.cloudSQL.serviceAccount.name, ['credentials.json', 'encryptionKeys', 'username', 'password'], 'Cloud SQL proxy service account and DB user', 'database.cloudSQL.serviceAccount.name');
  }
  if (c.database.ssl?.caCert) user(c.database.ssl.caCert.name, ['ca.crt'], 'database TLS CA', 'database.ssl.caCert.name');
  const os = c.objectStorage;
  if (os.s3) user(os.s3.credentials.name, ['accessKeyId', 'secretAccessKey'], 'S3 credentials', 'objectStorage.s3.credentials.name');
  if (os.cloudStorage) {
    user(os.cloudStorage.serviceAccount.name, ['service-account.json'], 'GCS service account', 'objectStorage.cloudStorage.serviceAccount.name');
  }
  if (os.azure) user(os.azure.credentials.name, ['accountName', 'accountKey'], 'Azure storage account', 'objectStorage.azure.credentials.name');
  const reg = c.containerRegistry;
  if (!reg.inCluster && reg.external) {
    user(reg.external.certificate.name, ['.dockerconfigjson'], 'external registry pull/push credentials', 'containerRegistry.external.certificate.name', 'kubernetes.io/dockerconfigjson');
  }
  if (reg.inCluster && reg.s3storage) {
    user(reg.s3storage.certificate.name, ['s3AccessKey', 's3SecretKey'], 'S3 credentials of the in-cluster registry', 'containerRegistry.s3storage.certificate.name');
  }
  if (c.license) user(c.license.name, ['license', 'type'], 'Gitpod license', 'license.name');
  c.authProviders.forEach((p, i) => user(p.name, ['provider'], 'OAuth provider config', `authProviders[${i}].name`));
  if (c.sshGatewayHostKey) user(c.sshGatewayHostKey.name, [], 'SSH gateway host key(s)', 'sshGatewayHostKey.name');
  if (c.customCACert) user(c.customCACert.name, ['ca.crt'], 'custom CA certificate', 'customCACert.name');
  if (c.httpProxy) user(c.httpProxy.name, ['httpProxy', 'httpsProxy', 'noProxy'], 'corporate HTTP proxy settings', 'httpProxy.name');
  if (c.observability.tracing?.secretName) {
    user(c.observability.tracing.secretName, ['JAEGER_USER', 'JAEGER_PASSWORD'], 'tracing credentials', 'observability.tracing.secretName');
  }
  const redis = c.experimental?.workspace?.registryFacade?.redisCache;
  if (ctx.includes('workspace') && redis?.passwordSecret) {
    user(redis.passwordSecret, ['password'], "registry-facade's Redis cache password", 'experimental.workspace.registryFacade.redisCache.passwordSecret');
  }
  (c.imagePullSecrets ?? []).forEach((s, i) =>
    user(s.name, ['.dockerconfigjson'], 'image pull secret', `imagePullSecrets[${i}].name`, 'kubernetes.io/dockerconfigjson'),
  );
  const web = c.experimental?.webapp;
  if (web?.publicApi?.stripeSecretName) user(web.publicApi.stripeSecretName, [], 'Stripe webhook secret (public-api)', 'experimental.webapp.publicApi.stripeSecretName');
  if (web?.server?.stripeSecret) user(web.server.stripeSecret, [], 'Stripe API keys (server)', 'experimental.webapp.server.stripeSecret');
  if (web?.server?.chargebeeSecret) user(web.server.chargebeeSecret, [], 'Chargebee API keys (server)', 'experimental.webapp.server.chargebeeSecret');
  if (web?.server?.githubApp?.certSecretName) {
    user(web.server.githubApp.certSecretName, [], 'GitHub App private key', 'experimental.webapp.server.githubApp.certSecretName');
  }
  return out;
}

/**
 * The internal TLS Secrets that cert-manager Certificates of the installation issue (signed by
 * `ca-issuer`). Declared here so a reader of the catalog sees them; `resolveSecrets` names the
 * Certificate that issues each, and any Certificate of the rendering counts even when not listed.
 */
export function issuedSecrets(ctx: InstallationContext): SecretSpec[] {
  const keys = ['ca.crt', 'tls.crt', 'tls.key'];
  const issued = (name: string, purpose: string): SecretSpec => ({ name, keys, source: 'cert-manager', purpose, type: 'kubernetes.io/tls' });
  const out = [issued('ca-issuer-ca', 'internal CA of ca-issuer')];
  const tls = ctx.config.cdk8s?.tls?.issuer;
  if ((ctx.includes('webapp') || ctx.includes('workspace')) && tls) {
    out.push(issued(ctx.config.certificate.name, `public TLS certificate, from ${tls.kind}/${tls.name}`));
  }
  if (ctx.rendersRegistry && (ctx.includes('webapp') || ctx.includes('workspace'))) {
    out.push(issued('builtin-registry-certs', 'TLS of the in-cluster registry'));
  }
  if (ctx.fleet?.split && ctx.includes('webapp') && !ctx.includes('workspace')) {
    out.push(issued('ws-manager-client-tls', 'client TLS towards the fleet\'s ws-managers, from the fleet CA'));
  }
  if (ctx.includes('workspace')) {
    out.push(
      issued('ws-manager-tls', 'ws-manager server TLS'),
      issued('ws-manager-client-tls', 'client TLS towards ws-manager'),
      issued('ws-daemon-tls', 'ws-daemon server TLS'),
      issued('builtin-registry-facade-cert', 'registry-facade TLS'),
    );
  }
  return out;
}

/** A generated Secret and whether the config calls for it (`when`). */
export interface GeneratedSecretSpec extends SecretSpec {
  readonly when: boolean;
}

/**
 * Every Secret the installation owns, upstream names and keys, with its generator. `when` says
 * whether this config needs it; `resolveSecrets` also takes any of them that a rendering reads.
 */
export function generatedSecrets(ctx: InstallationContext): GeneratedSecretSpec[] {
  const c = ctx.config;
  const webapp = ctx.includes('webapp');
  // Secrets several clusters of a fleet read must hold the same values in each (one `secrets` run, or the store).
  const sharedInFleet = (ctx.fleet?.members.length ?? 0) > 1;
  const workspace = ctx.includes('workspace');
  const gen = (spec: Omit<GeneratedSecretSpec, 'source'>): GeneratedSecretSpec => ({ source: 'generated', type: 'Opaque', ...spec });
  const dbPassword = (v: ValueSource) => v.password('mysql-password');
  const busPassword = (v: ValueSource) => c.experimental?.common?.staticMessagebusPassword ?? v.password('messagebus-password');
  const registryUser = (v: ValueSource) => v.password('registry-user', 20);
  const registryPassword = (v: ValueSource) => v.password('registry-password');

  return [
    gen({
      name: MYSQL_SECRET.name,
      when: webapp && ctx.inClusterDatabase,
      keys: ['database', 'encryptionKeys', 'host', 'mysql-root-password', 'password', 'port', 'username'],
      purpose: 'in-cluster MySQL: what Gitpod components connect with, the root password MySQL starts with, the DB encryption key',
      labels: gitpodLabels('db'),
      sharesValues: true,
      generate: (v) => ({
        database: 'gitpod',
        encryptionKeys: encryptionKeys(v.base64('db-encryption-key', 32)),
        host: 'db',
        'mysql-root-password': v.password('mysql-root-password'),
        password: dbPassword(v),
        port: '3306',
        username: 'gitpod',
      }),
    }),
    gen({
      name: 'db-password',
      when: webapp && ctx.inClusterDatabase,
      keys: ['mysql-password', 'mysql-root-password'],
      purpose: 'upstream\'s copy of the MySQL passwords (same values as `mysql`); kept so a moved installation finds it, read by nothing here',
      labels: gitpodLabels('db'),
      sharesValues: true,
      generate: (v) => ({ 'mysql-password': dbPassword(v), 'mysql-root-password': v.password('mysql-root-password') }),
    }),
    gen({
      name: 'minio',
      // Workspace clusters mount MinIO's keys too (ws-manager, ws-daemon): one `secrets` run gives
      // every cluster the same values.
      when: (webapp || workspace) && ctx.minioRendered,
      keys: ['root-user', 'root-password', 'key.json'],
      purpose: 'MinIO root credentials (also the object-storage keys of content-service, ws-manager, ws-daemon)',
      labels: helmLabels('minio'),
      generate: (v) => ({ 'root-user': v.password('minio-user', 20), 'root-password': v.password('minio-password'), 'key.json': '' }),
    }),
    gen({
      name: 'builtin-registry-auth',
      // The in-cluster registry is rendered in every kind, as upstream does.
      when: ctx.inClusterRegistry,
      // The application cluster's registry and proxy check it, every workspace cluster pulls with it.
      sharesValues: sharedInFleet || undefined,
      keys: ['.dockerconfigjson', 'user', 'password', 'passwordHash', 'htpasswd'],
      type: 'kubernetes.io/dockerconfigjson',
      purpose: 'in-cluster registry credentials: pull secret, the basic-auth user and bcrypt hash of the proxy, an htpasswd line',
      labels: gitpodLabels('docker-registry'),
      generate: (v) => {
        const user = registryUser(v);
        const password = registryPassword(v);
        const hash = v.bcrypt(password);
        return {
          '.dockerconfigjson': dockerConfigJson(`registry.${ctx.domain}`, user, password),
          user,
          password,
          // The proxy's basic auth reads the hash base64-encoded; a registry's own auth reads htpasswd.
          passwordHash: Buffer.from(hash).toString('base64'),
          htpasswd: `${user}:${hash}`,
        };
      },
    }),
    gen({
      name: 'registry-secret',
      // The in-cluster registry is rendered in every kind, as upstream does (not in a Workspace cluster of a split fleet).
      when: ctx.rendersRegistry,
      keys: ['haSharedSecret', 'proxyUsername', 'proxyPassword'],
      purpose: 'in-cluster registry: HTTP secret (REGISTRY_HTTP_SECRET)',
      labels: { app: 'docker-registry' },
      generate: (v) => ({ haSharedSecret: v.password('registry-ha-shared-secret'), proxyUsername: '', proxyPassword: '' }),
    }),
    gen({
      name: 'rabbitmq',
      when: webapp,
      keys: ['username', 'password'],
      purpose: 'message bus credentials of server and ws-manager-bridge',
      labels: helmLabels('rabbitmq'),
      stringData: true,
      sharesValues: true,
      generate: (v) => ({ username: 'gitpod', password: busPassword(v) }),
    }),
    gen({
      name: 'messagebus',
      when: webapp,
      keys: ['rabbitmq-password'],
      purpose: 'RabbitMQ password (bitnami chart)',
      labels: helmLabels('rabbitmq'),
      sharesValues: true,
      generate: (v) => ({ 'rabbitmq-password': busPassword(v) }),
    }),
    gen({
      name: 'load-definition',
      when: webapp,
      keys: ['load_definition.json'],
      purpose: 'RabbitMQ definitions: the gitpod user (with its password), exchanges, queues',
      labels: helmLabels('rabbitmq'),
      stringData: true,
      sharesValues: true,
      generate: (v) => ({ 'load_definition.json': JSON.stringify(rabbitmqDefinitions('gitpod', busPassword(v))) }),
    }),
    gen({
      // Replaced by cert-manager when a Certificate in the rendering issues it (see resolveSecrets).
      name: MESSAGEBUS_TLS_SECRET,
      when: webapp,
      keys: ['ca.crt', 'tls.crt', 'tls.key'],
      purpose: 'message bus TLS (RabbitMQ server and its clients); upstream ships a fixed key',
      labels: gitpodLabels('rabbitmq'),
      generate: (v) => {
        // RabbitMQ trusts tls.crt itself as CA (existingSecretFullChain), so one self-signed certificate serves all.
        const { cert, key } = v.certificate('messagebus', {
          commonName: 'msgbus-client',
          dnsNames: ['messagebus', ctx.serviceHost('messagebus'), `messagebus.${ctx.namespace}.svc`, 'messagebus-headless', ctx.serviceHost('messagebus-headless')],
        });
        return { 'ca.crt': cert, 'tls.crt': cert, 'tls.key': key };
      },
    }),
    gen({
      name: 'messagebus-erlang-cookie',
      when: webapp,
      keys: ['rabbitmq-erlang-cookie'],
      purpose: 'RabbitMQ Erlang cookie',
      labels: gitpodLabels('rabbitmq'),
      generate: (v) => ({ 'rabbitmq-erlang-cookie': v.password('erlang-cookie') }),
    }),
    gen({
      // Upstream's chart mounted rabbitmq.conf from this Secret; ours mounts the ConfigMap of the same name.
      name: 'messagebus-config',
      when: webapp,
      keys: ['rabbitmq.conf'],
      purpose: "upstream's Secret form of rabbitmq.conf (no credentials); read by nothing here (the ConfigMap of the same name is), kept so a moved installation keeps its object set",
      labels: helmLabels('rabbitmq'),
      generate: () => ({ 'rabbitmq.conf': RABBITMQ_CONF }),
    }),
    gen({
      name: SERVER_SECRETS.name,
      when: webapp,
      keys: [SERVER_SECRETS.sessionSecretKey, SERVER_SECRETS.jwtSecretKey],
      purpose: 'server: session cookie secret and OAuth JWT secret (upstream writes them into server-config)',
      labels: gitpodLabels('server'),
      generate: (v) => ({
        [SERVER_SECRETS.sessionSecretKey]: c.experimental?.webapp?.server?.session?.secret ?? v.password('server-session-secret', 48),
        [SERVER_SECRETS.jwtSecretKey]: c.experimental?.webapp?.server?.oauthServer?.jwtSecret ?? v.password('server-jwt-secret', 48),
      }),
    }),
  ];
}

/** The DB encryption keys JSON Gitpod expects (`DB_ENCRYPTION_KEYS`): one primary key, 32 bytes. */
export function encryptionKeys(material: string): string {
  return JSON.stringify([{ name: 'general', version: 1, primary: true, material }], null, 2);
}

/** A `.dockerconfigjson` with one registry. */
export function dockerConfigJson(registry: string, user: string, password: string): string {
  return JSON.stringify({ auths: { [registry]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
}
