/**
 * The JSON Schema of `gitpod.config.yaml` (apiVersion v1 plus this project's `cdk8s` block).
 *
 * It is the one source for value checks (types, enums, unknown keys); cross-field rules live in
 * `rules.ts`. `npm run build` also writes it to `schema/gitpod-config.schema.json` for editors
 * (YAML language server: `# yaml-language-server: $schema=...`).
 *
 * `description` on a string with a pattern doubles as the "what is allowed" text of its error.
 */

type Schema = Record<string, unknown>;

/** Options of the config validator (runtime and precompiled alike). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

const str = (description?: string): Schema => (description ? { type: 'string', description } : { type: 'string' });
const nonEmpty = (description: string): Schema => ({ type: 'string', minLength: 1, description });
const bool: Schema = { type: 'boolean' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const anyObject: Schema = { type: 'object' };

/** An object whose keys are exactly the given ones. */
function obj(properties: Record<string, Schema>, required: string[] = []): Schema {
  const s: Schema = { type: 'object', additionalProperties: false, properties };
  if (required.length > 0) s.required = required;
  return s;
}

const RFC1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$';
const quantityDef: Schema = {
  anyOf: [
    { type: 'string', pattern: QUANTITY_PATTERN, description: 'a Kubernetes quantity such as 500m, 2Gi or 30Gi' },
    { type: 'number', minimum: 0 },
  ],
};
const quantity: Schema = { $ref: '#/definitions/quantity' };
const resourceList: Schema = { $ref: '#/definitions/resourceList' };
const resourceListDef: Schema = { type: 'object', additionalProperties: quantity };
const durationDef: Schema = {
  type: 'string',
  pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$',
  description: 'a Go duration such as 36h, 90m or 2m30s',
};

const duration: Schema = { $ref: '#/definitions/duration' };

const objectRefDef: Schema = obj(
  {
    kind: { type: 'string', enum: ['secret'] },
    name: {
      type: 'string',
      pattern: RFC1123_SUBDOMAIN,
      maxLength: 253,
      description: 'a Secret name (lower-case RFC 1123: a-z, 0-9, "-" and ".")',
    },
  },
  ['kind', 'name'],
);

const objectRef: Schema = { $ref: '#/definitions/objectRef' };
const serviceType = enumOf(['LoadBalancer', 'ClusterIP', 'NodePort', 'ExternalName']);
const pvc: Schema = { $ref: '#/definitions/pvc' };
const pvcDef = obj({ size: quantity, storageClass: str(), snapshotClass: str() });
const templates = obj({ default: anyObject, prebuild: anyObject, imagebuild: anyObject, regular: anyObject });
const sampler = obj({
  samplerType: enumOf(['const', 'probabilistic', 'rateLimiting', 'remote']),
  samplerParam: num,
});
const envVar = obj({ name: nonEmpty('an environment variable name'), value: str(), valueFrom: anyObject }, ['name']);
const resourceRequirements = obj({ requests: resourceList, limits: resourceList });

const FQDN =
  '^(?=.{1,253}\\.?$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\\.?$';

const experimental = obj({
  workspace: obj({
    tracing: sampler,
    stage: str(),
    schedulerName: str(),
    hostURL: str(),
    workspaceClusterHost: str(),
    workspaceURLTemplate: str(),
    workspacePortURLTemplate: str(),
    CPULimits: obj({ enabled: bool, nodeBandwidth: quantity, limit: quantity, burstLimit: quantity }),
    ioLimits: obj({
      writeBandwidthPerSecond: quantity,
      readBandwidthPerSecond: quantity,
      writeIOPS: int,
      readIOPS: int,
    }),
    networkLimits: obj({ enabled: bool, enforce: bool, connectionsPerMinute: int, bucketSize: int }),
    oomScores: obj({ enabled: bool, tier1: int, tier2: int }),
    procLimit: int,
    wsManagerRateLimits: { type: 'object', additionalProperties: anyObject },
    registryFacade: obj({
      ipfsCache: obj({ enabled: bool, ipfsAddr: str() }),
      redisCache: obj({
        enabled: bool,
        singleHostAddr: str(),
        username: str(),
        passwordSecret: str(),
        useTLS: bool,
        insecureSkipVerify: bool,
      }),
    }),
    wsDaemon: obj({
      runtime: obj({
        nodeToContainerMapping: { type: 'array', items: obj({ path: str(), value: str() }, ['path', 'value']) },
      }),
    }),
    classes: {
      type: 'object',
      additionalProperties: obj({
        name: str(),
        resources: obj({
          requests: resourceList,
          limits: obj({
            cpu: obj({ buckets: { type: 'array' }, min: str(), burst: str() }),
            memory: str(),
            storage: str(),
            'ephemeral-storage': str(),
          }),
        }),
        templates,
        pvc,
        prebuildPVC: pvc,
      }),
    },
    wsProxy: obj({
      ingressHeader: str(),
      blobServeHost: str(),
      gitpodInstallationHostName: str(),
      gitpodInstallationWorkspaceHostSuffix: str(),
      gitpodInstallationWorkspaceHostSuffixRegex: str(),
    }),
    contentService: obj({ usageReportBucketName: str() }),
    enableProtectedSecrets: bool,
  }),
  webapp: obj({
    publicApi: obj({ stripeSecretName: str() }),
    server: obj({
      workspaceDefaults: obj({ workspaceImage: str() }),
      oauthServer: obj({ jwtSecret: str() }),
      session: obj({ secret: str() }),
      githubApp: obj({
        appId: int,
        authProviderId: str(),
        baseUrl: str(),
        certPath: str(),
        enabled: bool,
        logLevel: str(),
        marketplaceName: str(),
        webhookSecret: str(),
        certSecretName: str(),
      }),
      chargebeeSecret: str(),
      stripeSecret: str(),
      stripeConfig: str(),
      disableDynamicAuthProviderLogin: bool,
      enableLocalApp: bool,
      runDbDeleter: bool,
      disableWorkspaceGarbageCollection: bool,
      inactivityPeriodForReposInDays: int,
      defaultBaseImageRegistryWhitelist: { type: 'array', items: str() },
    }),
    proxy: obj({
      staticIP: str(),
      serviceAnnotations: stringMap,
      serviceType,
      configcat: obj({ baseUrl: str(), pollInterval: str() }),
    }),
    wsManagerBridge: obj({ skipSelf: bool }),
    tracing: sampler,
    usePodAntiAffinity: bool,
    disableMigration: bool,
    usage: obj({
      enabled: bool,
      schedule: str(),
      resetUsageSchedule: str(),
      billInstancesAfter: str(),
      defaultSpendingLimit: obj({ forUsers: int, forTeams: int, minForUsersOnStripe: int }),
      creditsPerMinuteByWorkspaceClass: { type: 'object', additionalProperties: num },
    }),
    configcatKey: str(),
    workspaceClasses: {
      type: 'array',
      items: obj(
        {
          id: nonEmpty('a workspace class id'),
          category: str(),
          displayName: str(),
          description: str(),
          powerups: int,
          isDefault: bool,
          deprecated: bool,
          marker: anyObject,
          credits: obj({ perMinute: num }),
        },
        ['id'],
      ),
    },
    stripe: obj({
      individualUsagePriceIds: obj({ eur: str(), usd: str() }),
      teamUsagePriceIds: obj({ eur: str(), usd: str() }),
    }),
    slowDatabase: bool,
  }),
  ide: obj({
    resolveLatest: bool,
    ideProxy: obj({ serviceAnnotations: stringMap }),
    openvsxProxy: obj({ serviceAnnotations: stringMap }),
    ideMetrics: obj({ enabledErrorReporting: bool }),
  }),
  common: obj({
    podConfig: {
      type: 'object',
      additionalProperties: obj({
        replicas: { type: 'integer', minimum: 0 },
        resources: { type: 'object', additionalProperties: resourceRequirements },
      }),
    },
    staticMessagebusPassword: str(),
    usePodSecurityPolicies: bool,
  }),
  telemetry: obj({ data: obj({ platform: str() }) }),
  agentSmith: anyObject,
});

const cdk8s = obj({
  tls: obj({
    issuer: obj(
      {
        kind: enumOf(['Issuer', 'ClusterIssuer']),
        name: nonEmpty('the name of a cert-manager Issuer or ClusterIssuer'),
      },
      ['kind', 'name'],
    ),
  }),
  storage: {
    type: 'object',
    propertyNames: { enum: ['mysql', 'minio', 'registry', 'messagebus', 'openvsx-proxy'] },
    additionalProperties: obj({ size: quantity, storageClass: str() }),
  },
  images: { type: 'object', additionalProperties: nonEmpty('a full image reference') },
  secrets: obj({
    externalSecrets: obj(
      {
        storeRef: obj(
          { kind: enumOf(['SecretStore', 'ClusterSecretStore']), name: nonEmpty('a SecretStore name') },
          ['kind', 'name'],
        ),
        refreshInterval: duration,
      },
      ['storeRef'],
    ),
    notSecret: {
      type: 'array',
      items: nonEmpty('the config path of a text value, e.g. customization[0].metadata.annotations["example.com/note"]'),
    },
  }),
  gitops: obj({ argocd: bool, flux: bool }),
  clusters: {
    type: 'array',
    minItems: 1,
    items: obj(
      {
        name: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
          description: 'a folder name (lower-case letters, digits and "-")',
        },
        kind: enumOf(['Full', 'Meta', 'Workspace', 'IDE', 'WebApp']),
        shortname: str(),
        namespace: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
          description: 'a namespace name (RFC 1123 label)',
        },
      },
      ['name', 'kind'],
    ),
  },
});

/** The schema of a config after defaults are applied. */
export const CONFIG_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/gitpod-cdk8s/gitpod-cdk8s/schema/gitpod-config.schema.json',
  title: 'Gitpod installer config (apiVersion v1) for gitpod-cdk8s',
  definitions: {
    quantity: quantityDef,
    resourceList: resourceListDef,
    duration: durationDef,
    objectRef: objectRefDef,
    pvc: pvcDef,
  },
  ...obj(
    {
      apiVersion: { type: 'string', enum: ['v1'] },
      kind: enumOf(['Full', 'Meta', 'Workspace', 'IDE', 'WebApp']),
      domain: {
        type: 'string',
        pattern: FQDN,
        description: 'a fully qualified domain name such as gitpod.example.com',
      },
      metadata: obj({ region: nonEmpty('a region name'), shortname: str() }, ['region']),
      repository: {
        type: 'string',
        pattern: '^[\\x21-\\x7e]+$',
        description: 'an image registry prefix in ASCII without spaces',
      },
      observability: obj(
        {
          logLevel: enumOf(['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic']),
          tracing: obj({ endpoint: str(), agentHost: str(), secretName: str() }),
        },
        ['logLevel'],
      ),
      analytics: obj({ segmentKey: str(), writer: str() }),
      database: obj({
        inCluster: bool,
        external: obj({ certificate: objectRef }, ['certificate']),
        cloudSQL: obj(
          { instance: nonEmpty('<PROJECT>:<REGION>:<INSTANCE>'), serviceAccount: objectRef },
          ['instance', 'serviceAccount'],
        ),
        ssl: obj({ caCert: objectRef }),
      }),
      objectStorage: obj({
        inCluster: bool,
        s3: obj(
          {
            endpoint: nonEmpty('an S3 endpoint such as s3.amazonaws.com'),
            credentials: objectRef,
            bucket: str(),
            allowInsecureConnection: bool,
          },
          ['endpoint', 'credentials'],
        ),
        cloudStorage: obj(
          { serviceAccount: objectRef, project: nonEmpty('a GCP project id') },
          ['serviceAccount', 'project'],
        ),
        azure: obj({ credentials: objectRef }, ['credentials']),
        maximumBackupCount: int,
        blobQuota: { type: 'integer', minimum: 0 },
        resources: obj({ requests: resourceList, limits: resourceList }, ['requests']),
      }),
      containerRegistry: obj({
        inCluster: bool,
        external: obj(
          { url: nonEmpty('a registry host such as registry.example.com'), certificate: objectRef },
          ['url', 'certificate'],
        ),
        s3storage: obj(
          {
            bucket: nonEmpty('a bucket name'),
            region: nonEmpty('a region'),
            endpoint: nonEmpty('an S3 endpoint'),
            certificate: objectRef,
          },
          ['bucket', 'region', 'endpoint', 'certificate'],
        ),
        privateBaseImageAllowList: { type: 'array', items: str() },
      }),
      certificate: objectRef,
      httpProxy: objectRef,
      imagePullSecrets: { type: 'array', items: objectRef },
      workspace: obj(
        {
          runtime: obj(
            {
              fsShiftMethod: enumOf(['fuse', 'shiftfs']),
              containerdRuntimeDir: {
                type: 'string',
                pattern: '^/',
                description: 'an absolute host path (starting with /)',
              },
              containerdSocket: {
                type: 'string',
                pattern: '^/',
                description: 'an absolute host path (starting with /)',
              },
            },
            ['fsShiftMethod', 'containerdRuntimeDir', 'containerdSocket'],
          ),
          resources: obj({ requests: resourceList, limits: resourceList }, ['requests']),
          templates,
          pvc,
          prebuildPVC: pvc,
          maxLifetime: duration,
          timeoutDefault: duration,
          timeoutExtended: duration,
          timeoutAfterClose: duration,
          workspaceImage: str(),
        },
        ['runtime', 'resources', 'maxLifetime'],
      ),
      openVSX: obj(
        {
          url: {
            type: 'string',
            pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/]+',
            description: 'an absolute URL such as https://open-vsx.org',
          },
          proxy: obj({ disablePVC: bool }),
        },
        ['url'],
      ),
      authProviders: { type: 'array', items: objectRef },
      blockNewUsers: obj(
        {
          enabled: bool,
          passlist: {
            type: 'array',
            items: { type: 'string', pattern: FQDN, description: 'a fully qualified domain name' },
          },
        },
        ['enabled'],
      ),
      license: objectRef,
      sshGatewayHostKey: objectRef,
      disableDefinitelyGp: bool,
      customCACert: objectRef,
      dropImageRepo: bool,
      customization: {
        type: 'array',
        items: obj(
          {
            apiVersion: nonEmpty('an API version such as apps/v1, or *'),
            kind: nonEmpty('a kind such as Deployment, or *'),
            metadata: obj(
              { name: nonEmpty('a component name, or *'), labels: stringMap, annotations: stringMap },
              ['name'],
            ),
            spec: obj({ env: { type: 'array', items: envVar } }),
          },
          ['apiVersion', 'kind', 'metadata'],
        ),
      },
      components: obj({ proxy: obj({ service: obj({ serviceType }) }) }),
      experimental,
      cdk8s,
    },
    ['apiVersion', 'kind', 'domain', 'metadata', 'repository', 'certificate', 'workspace'],
  ),
};
