import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import type { SecretSpec } from '../secrets/spec';
import { configuredDatabase, configuredMessageBus } from '../dependencies/defaults';
import { customCACert, databaseWaiterContainer, kubeRbacProxyContainer, messageBusWaiterContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding, PodSecurityRole } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { ExperimentalWebApp } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { WS_MANAGER_CLIENT_TLS_MOUNT, WS_MANAGER_CLIENT_TLS_SECRET, workspaceClusterList } from './ws-manager-bridge';
import { hardened } from '../common/security';
import { componentNetworkPolicy, fromComponents, fromMonitoring, fromProxy } from '../common/network-policy';
import { THIRD_PARTY_IMAGES } from '../images';
import { analyticsEnv, configcatEnv, defaultEnv, tracingEnv, withCustomEnv } from '../common/env';
import { ComponentProps, DatabaseClientProps, MessageBusClientProps } from '../common/props';

/** Where each auth provider Secret is mounted: `<dir>/<secret name>/provider`. */
export const AUTH_PROVIDER_DIR = '/gitpod/auth-providers';
/** Where the license Secret's `license` key is mounted. */
export const LICENSE_FILE = '/gitpod/license';
/** The Service that stands between the slow-server and the database. */
export const TOXIPROXY_HOST = 'toxiproxy';
/** Mount path of the rendered config (the ConfigMap plus the credentials from `server-secrets`). */
export const SERVER_RENDERED_CONFIG_DIR = '/run/server-config';

/**
 * The Secret holding the credentials that upstream writes into `server-config`. Users create it;
 * nothing here generates one.
 */
export const SERVER_SECRETS = {
  name: 'server-secrets',
  /** `session.secret`: signs the session cookies. */
  sessionSecretKey: 'session-secret',
  /** `oauthServer.jwtSecret`: signs the tokens of Gitpod's OAuth server. */
  jwtSecretKey: 'oauth-server-jwt-secret',
  /** `githubApp.webhookSecret` (optional key; only with the GitHub App). */
  githubAppWebhookSecretKey: 'github-app-webhook-secret',
};

/** The `server-secrets` Secret the installation owns (generated once by `gitpod-cdk8s secrets`). */
export function serverSecrets(ctx: InstallationContext, server: ExperimentalWebApp['server'] = ctx.config.experimental?.webapp?.server): SecretSpec[] {
  return [
    {
      source: 'generated',
      type: 'Opaque',
      name: SERVER_SECRETS.name,
      keys: [SERVER_SECRETS.sessionSecretKey, SERVER_SECRETS.jwtSecretKey],
      purpose: 'server: session cookie secret and OAuth JWT secret (upstream writes them into server-config)',
      labels: { app: 'gitpod', component: 'server' },
      generate: (v) => ({
        [SERVER_SECRETS.sessionSecretKey]: server?.session?.secret ?? v.password('server-session-secret', 48),
        [SERVER_SECRETS.jwtSecretKey]: server?.oauthServer?.jwtSecret ?? v.password('server-jwt-secret', 48),
      }),
    },
  ];
}

/**
 * What sets the `slow-server` testing variant (upstream `components/slowserver`, see
 * `slow-server.ts`) apart from the server. Internal: constructs pass it, users do not.
 */
export interface ServerVariant {
  /** Object names and labels. */
  readonly component: string;
  /** Reach the database through toxiproxy (`DB_HOST=toxiproxy`), keep the DB deleter and the workspace GC off. */
  readonly slow: boolean;
}

const SERVER_VARIANT: ServerVariant = { component: 'server', slow: false };

/** Props of `Server`. */
export interface ServerProps extends ComponentProps, DatabaseClientProps, MessageBusClientProps {
  /**
   * Name of the Secret with the session secret, the OAuth server's JWT secret and (optionally)
   * the GitHub App webhook secret (keys in `SERVER_SECRETS`).
   * @default server-secrets
   */
  readonly secretName?: string;
  /**
   * The Secret with the license (keys `license`, `type`); none runs the free edition.
   * @default `license.name`
   */
  readonly licenseSecretName?: string;
  /**
   * The Secrets with one OAuth provider each (key `provider`), mounted and listed in the config in this order.
   * @default the names in `authProviders`
   */
  readonly authProviderSecretNames?: readonly string[];
  /**
   * The server's settings: payment Secrets, GitHub App, local app, DB deleter, workspace GC.
   * @default `experimental.webapp.server`
   */
  readonly settings?: ExperimentalWebApp['server'];
}

/**
 * The Gitpod API server (`server`): the dashboard's backend, auth, workspace start. Its config is
 * the `server-config` ConfigMap; the credentials in it are merged in at pod start from the
 * `server-secrets` Secret by the `config-secrets` init container, so no ConfigMap holds them.
 */
export class Server extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT: string = 'server';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's Role; patch it for what the props do not cover. */
  public readonly role: k8s.KubeRole;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The RoleBinding (unprivileged role binding); patch it for what the props do not cover. */
  public readonly unprivilegedRoleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;

  /** Which server this class renders (SlowServer overrides it); read through `new.target`, not a constructor parameter. */
  protected static readonly VARIANT: ServerVariant = SERVER_VARIANT;

  constructor(scope: Construct, id: string, props: ServerProps) {
    super(scope, id);
    const variant = (new.target as typeof Server).VARIANT;
    const ctx = props.context;
    const component = variant.component;
    // Replicas, resources and image are the server's for both variants (as upstream).
    const base = Server.COMPONENT;
    const config = ctx.config;
    const srv = props.settings ?? config.experimental?.webapp?.server;
    const secretName = props.secretName ?? SERVER_SECRETS.name;
    const licenseSecretName = props.licenseSecretName ?? config.license?.name;
    const authProviders = props.authProviderSecretNames ?? config.authProviders.map((p) => p.name);
    const database = props.database ?? configuredDatabase(ctx);
    const messageBus = props.messageBus ?? configuredMessageBus(ctx);
    // The Secrets it reads: its own (unless the props name another) and those of its database and bus.
    declareSecret(this, ...(secretName === SERVER_SECRETS.name ? serverSecrets(ctx, srv) : []), ...database.secrets, ...messageBus.secrets);

    const configJson = JSON.stringify(serverConfig(ctx, variant.slow, { licensed: licenseSecretName !== undefined, authProviders, server: srv }), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, `${component}-config`),
      data: { 'config.json': configJson },
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: ctx.metadata(component, component),
      rules: [
        { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'create', 'update', 'patch', 'watch'] },
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'create', 'update', 'patch', 'watch'] },
      ],
    });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: ctx.metadata(component, component),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.name },
      subjects: [{ kind: 'ServiceAccount', name: component }],
    });
    this.unprivilegedRoleBinding = podSecurityRoleBinding(this, ctx, component, {
      name: `${component}-unprivileged`,
      role: PodSecurityRole.UNPRIVILEGED,
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, `${component}-rb-kube-rbac-proxy`);

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [
      fromProxy(3000),
      fromMonitoring(9500, { component: 'proxy' }),
      // The telemetry CronJob (component gitpod) reads the installation-admin port.
      fromComponents(['gitpod'], 9000),
    ]);

    this.service = componentService(this, ctx, component, [
      { name: 'http', port: 3000 },
      { name: 'metrics', port: 9500 },
      { name: 'install-admin', port: 9000 },
      { name: 'debug', port: 6060 },
      { name: 'debugnode', port: 9229 },
    ]);

    // ---- volumes: upstream's order, then the rendered-config directory ----
    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: this.configMap.name } },
      { name: 'ide-config', configMap: { name: 'server-ide-config' } },
      { name: 'ws-manager-client-tls-certs', secret: { secretName: WS_MANAGER_CLIENT_TLS_SECRET } },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'ide-config', mountPath: '/ide-config', readOnly: true },
      { name: 'ws-manager-client-tls-certs', mountPath: WS_MANAGER_CLIENT_TLS_MOUNT, readOnly: true },
    ];
    if (licenseSecretName) {
      volumes.push({ name: 'gitpod-license-key', secret: { secretName: licenseSecretName } });
      mounts.push({ name: 'gitpod-license-key', mountPath: LICENSE_FILE, subPath: 'license' });
    }
    authProviders.forEach((name, i) => {
      volumes.push({ name: `auth-provider-${i}`, secret: { secretName: name } });
      mounts.push({ name: `auth-provider-${i}`, mountPath: `${AUTH_PROVIDER_DIR}/${name}`, readOnly: true });
    });
    volumes.push({ name: 'twilio-secret-volume', secret: { secretName: 'twilio-secret', optional: true } });
    mounts.push({ name: 'twilio-secret-volume', mountPath: '/twilio-config', readOnly: true });
    const ca = customCACert(ctx);
    volumes.push(...ca.volumes);
    mounts.push(...ca.mounts);
    if (srv?.chargebeeSecret) {
      volumes.push({ name: 'chargebee-config', secret: { secretName: srv.chargebeeSecret } });
      mounts.push({ name: 'chargebee-config', mountPath: '/chargebee', readOnly: true });
    }
    if (srv?.stripeSecret) {
      volumes.push({ name: 'stripe-secret', secret: { secretName: srv.stripeSecret } });
      mounts.push({ name: 'stripe-secret', mountPath: '/stripe-secret', readOnly: true });
    }
    if (variant.slow && srv?.stripeConfig) {
      volumes.push({ name: 'stripe-config', configMap: { name: srv.stripeConfig } });
      mounts.push({ name: 'stripe-config', mountPath: '/stripe-config', readOnly: true });
    }
    if (srv?.githubApp) {
      volumes.push({ name: 'github-app-cert-secret', secret: { secretName: srv.githubApp.certSecretName ?? '' } });
      mounts.push({ name: 'github-app-cert-secret', mountPath: dirname(srv.githubApp.certPath ?? ''), readOnly: true });
    }
    // Holds the config with the secrets filled in: memory-backed, never on the node's disk.
    volumes.push({ name: 'config-rendered', emptyDir: { medium: 'Memory' } });
    mounts.push({ name: 'config-rendered', mountPath: SERVER_RENDERED_CONFIG_DIR, readOnly: true });

    const env: k8s.EnvVar[] = [
      ...defaultEnv(ctx),
      ...database.clientEnv().map((e) => (variant.slow && e.name === 'DB_HOST' ? { name: 'DB_HOST', value: TOXIPROXY_HOST } : e)),
      ...tracingEnv(ctx, component, 'webapp'),
      ...analyticsEnv(ctx),
      ...messageBus.clientEnv(),
      ...configcatEnv(ctx),
      { name: 'CONFIG_PATH', value: `${SERVER_RENDERED_CONFIG_DIR}/config.json` },
      licenseSecretName
        ? { name: 'GITPOD_LICENSE_TYPE', valueFrom: { secretKeyRef: { name: licenseSecretName, key: 'type', optional: true } } }
        : { name: 'GITPOD_LICENSE_TYPE', value: 'gitpod' },
      { name: 'IDE_CONFIG_PATH', value: '/ide-config/config.json' },
      { name: 'NODE_ENV', value: 'production' },
      { name: 'SHLVL', value: '1' },
      { name: 'WSMAN_CFG_MANAGERS', value: Buffer.from(JSON.stringify(workspaceClusterList(ctx), null, 2)).toString('base64') },
    ];
    if (config.httpProxy) {
      env.push({
        // @grpc/grpc-js does not support wildcards in NO_PROXY.
        name: 'no_grpc_proxy',
        value: [ctx.serviceHost('content-service'), ctx.serviceHost('image-builder-mk3'), ctx.serviceHost('usage'), '$(NO_PROXY)'].join(','),
      });
    }
    env.push(...ca.env);

    const image = ctx.gitpodImage(base, ctx.versions.components.server.version);
    const affinity = ctx.metaAffinityWithSpread(component);

    this.deployment = componentDeployment(this, ctx, component, {
      replicas: ctx.replicas(base),
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson, database.databaseType) },
      podSpec: {
        affinity,
        priorityClassName: 'system-node-critical',
        serviceAccountName: this.serviceAccount.name,
        enableServiceLinks: false,
        initContainers: [
          databaseWaiterContainer(ctx, database),
          messageBusWaiterContainer(ctx, messageBus),
          configSecretsContainer(image, secretName, Boolean(srv?.githubApp)),
          ...ca.initContainers,
        ],
        containers: [
          {
            name: component,
            image,
            imagePullPolicy: 'IfNotPresent',
            // Keyed by `server` for slow-server too: the two share their podConfig.
            resources: ctx.resources(base, base, { requests: { cpu: '200m', memory: '200Mi' } }),
            livenessProbe: {
              httpGet: { path: '/live', port: k8s.IntOrString.fromNumber(3000) },
              initialDelaySeconds: 120,
              periodSeconds: 10,
              failureThreshold: 6,
            },
            // Node (yarn start-ee): not read-only, yarn and Node may write caches under $HOME and /tmp.
            securityContext: hardened({ privileged: false, runAsUser: 31001 }),
            ports: [
              { name: 'http', containerPort: 3000 },
              { name: 'metrics', containerPort: 9500 },
              { name: 'install-admin', containerPort: 9000 },
              { name: 'debug', containerPort: 6060 },
              { name: 'debugnode', containerPort: 9229 },
            ],
            env: withCustomEnv(ctx, component, env),
            volumeMounts: mounts,
          },
          kubeRbacProxyContainer(ctx),
        ],
        volumes,
      },
    });
  }
}

/**
 * Init container that writes `/run/server-config/config.json`: the ConfigMap's config with the
 * credentials from the Secret filled in. The server (a Node.js image) reads its config from one
 * file only, so the merge happens at pod start, with the server's own image and user.
 */
function configSecretsContainer(image: string, secretName: string, githubApp: boolean): k8s.Container {
  const script = [
    'const fs = require("fs");',
    'const c = JSON.parse(fs.readFileSync("/config/config.json", "utf8"));',
    'c.session.secret = process.env.SESSION_SECRET;',
    'c.oauthServer.jwtSecret = process.env.OAUTH_SERVER_JWT_SECRET;',
    'if (process.env.GITHUB_APP_WEBHOOK_SECRET) c.githubApp.webhookSecret = process.env.GITHUB_APP_WEBHOOK_SECRET;',
    `fs.writeFileSync("${SERVER_RENDERED_CONFIG_DIR}/config.json", JSON.stringify(c, null, 2), { mode: 0o600 });`,
  ].join(' ');
  const fromSecret = (name: string, key: string, optional?: boolean): k8s.EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secretName, key, ...(optional ? { optional } : {}) } },
  });
  return {
    name: 'config-secrets',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', '-e', script],
    env: [
      fromSecret('SESSION_SECRET', SERVER_SECRETS.sessionSecretKey),
      fromSecret('OAUTH_SERVER_JWT_SECRET', SERVER_SECRETS.jwtSecretKey),
      ...(githubApp ? [fromSecret('GITHUB_APP_WEBHOOK_SECRET', SERVER_SECRETS.githubAppWebhookSecretKey, true)] : []),
    ],
    // `node -e` writing into the memory-backed emptyDir only.
    securityContext: hardened({ privileged: false, runAsUser: 31001 }, { readOnlyRootFilesystem: true }),
    volumeMounts: [
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'config-rendered', mountPath: SERVER_RENDERED_CONFIG_DIR },
    ],
  };
}

/** The `config.json` of `server-config`, key for key as upstream, with the credentials left empty. */
export function serverConfig(
  ctx: InstallationContext,
  slow = false,
  opts: {
    /** A license Secret is mounted. @default `license` is set */
    readonly licensed?: boolean;
    /** Names of the OAuth provider Secrets. @default the names in `authProviders` */
    readonly authProviders?: readonly string[];
    /** The server's settings. @default `experimental.webapp.server` */
    readonly server?: ExperimentalWebApp['server'];
  } = {},
): Record<string, unknown> {
  const config = ctx.config;
  const licensed = opts.licensed ?? config.license !== undefined;
  const authProviders = opts.authProviders ?? config.authProviders.map((p) => p.name);
  const webapp = config.experimental?.webapp;
  const srv = opts.server ?? webapp?.server;
  const gh = srv?.githubApp;
  const defaultClass = {
    id: 'default',
    category: 'GENERAL PURPOSE',
    displayName: 'Default',
    description: 'Default workspace class',
    powerups: 1,
    isDefault: true,
    deprecated: false,
  };
  const workspaceClasses =
    webapp?.workspaceClasses && webapp.workspaceClasses.length > 0
      ? webapp.workspaceClasses.map((c) => ({
          id: c.id,
          category: c.category ?? '',
          displayName: c.displayName ?? '',
          description: c.description ?? '',
          powerups: c.powerups ?? 0,
          isDefault: c.isDefault ?? false,
          deprecated: c.deprecated ?? false,
          ...(c.marker ? { marker: c.marker } : {}),
        }))
      : [defaultClass];
  const fn = { group: 'inWorkspaceUserAction', points: 0 };
  return {
    version: ctx.versions.version,
    hostUrl: `https://${ctx.domain}`,
    installationShortname: ctx.shortname,
    devBranch: '',
    insecureNoDomain: false,
    license: '',
    licenseFile: licensed ? LICENSE_FILE : '',
    definitelyGpDisabled: config.disableDefinitelyGp,
    enableLocalApp: srv?.enableLocalApp ?? true,
    disableDynamicAuthProviderLogin: srv?.disableDynamicAuthProviderLogin ?? false,
    maxEnvvarPerUserCount: 4048,
    maxConcurrentPrebuildsPerRef: 10,
    makeNewUsersAdmin: false,
    defaultBaseImageRegistryWhitelist: [...(config.containerRegistry.privateBaseImageAllowList ?? [])],
    runDbDeleter: slow ? false : (srv?.runDbDeleter ?? true),
    contentServiceAddr: `${ctx.serviceHost('content-service')}:8080`,
    imageBuilderAddr: `${ctx.serviceHost('image-builder-mk3')}:8080`,
    usageServiceAddr: `${ctx.serviceHost('usage')}:9001`,
    ideServiceAddr: `${ctx.serviceHost('ide-service')}:9001`,
    maximumEventLoopLag: 0.35,
    vsxRegistryUrl: `https://open-vsx.${ctx.domain}`,
    chargebeeProviderOptionsFile: '/chargebee/providerOptions',
    stripeSecretsFile: '/stripe-secret/apikeys',
    stripeConfigFile: slow ? '/stripe-config/config' : '',
    enablePayment: Boolean(srv?.chargebeeSecret || srv?.stripeSecret || srv?.stripeConfig),
    workspaceHeartbeat: { intervalSeconds: 60, timeoutSeconds: 300 },
    workspaceDefaults: {
      workspaceImage: config.workspace.workspaceImage || ctx.thirdPartyImage(THIRD_PARTY_IMAGES.workspaceFull),
      previewFeatureFlags: [],
      defaultFeatureFlags: [],
      ...(config.workspace.timeoutDefault ? { timeoutDefault: config.workspace.timeoutDefault } : {}),
      ...(config.workspace.timeoutExtended ? { timeoutExtended: config.workspace.timeoutExtended } : {}),
    },
    // Filled in from the `server-secrets` Secret at pod start.
    session: { maxAgeMs: 259200000, secret: '' },
    githubApp: {
      enabled: gh?.enabled ?? false,
      appId: gh?.appId ?? 0,
      baseUrl: gh?.baseUrl ?? '',
      webhookSecret: '',
      authProviderId: gh?.authProviderId ?? '',
      certPath: gh?.certPath ?? '',
      marketplaceName: gh?.marketplaceName ?? '',
      logLevel: gh?.logLevel ?? '',
      certSecretName: gh?.certSecretName ?? '',
    },
    workspaceGarbageCollection: {
      disabled: slow ? true : (srv?.disableWorkspaceGarbageCollection ?? false),
      startDate: 0,
      intervalSeconds: 300,
      chunkLimit: 1000,
      minAgeDays: 14,
      minAgePrebuildDays: 7,
      contentRetentionPeriodDays: 21,
      contentChunkLimit: 100,
      purgeRetentionPeriodDays: 365,
      purgeChunkLimit: 5000,
    },
    authProviderConfigFiles: authProviders.map((name) => `${AUTH_PROVIDER_DIR}/${name}/provider`),
    incrementalPrebuilds: { repositoryPasslist: [], commitHistory: 100 },
    blockNewUsers: { enabled: config.blockNewUsers.enabled, passlist: [...config.blockNewUsers.passlist] },
    oauthServer: { enabled: true, jwtSecret: '' },
    rateLimiter: {
      groups: { inWorkspaceUserAction: { points: 10, durationsSec: 2 } },
      functions: { closePort: fn, controlAdmission: fn, openPort: fn, shareSnapshot: fn },
    },
    codeSync: { revLimit: 0, contentLimit: 0, resources: null },
    prebuildLimiter: { '*': 50 },
    workspaceClasses,
    inactivityPeriodForReposInDays: srv?.inactivityPeriodForReposInDays ?? 0,
  };
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
