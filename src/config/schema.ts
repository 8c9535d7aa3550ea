/**
 * The JSON Schema of `gitpod.config.yaml` (apiVersion v1 plus this project's `cdk8s` block).
 *
 * It is the one source for value checks (types, enums, unknown keys); cross-field rules live in
 * `rules.ts`. `npm run build` also writes it to `schema/gitpod-config.schema.json` for editors
 * (YAML language server: `# yaml-language-server: $schema=...`).
 *
 * `description` on a string with a pattern doubles as the "what is allowed" text of its error.
 */

import { GO_DURATION_PATTERN } from '../common/duration';
import { IMAGE_PREFIX_PATTERN, IMAGE_REFERENCE_PATTERN } from '../common/image-repository';

type Schema = Record<string, unknown>;

/** Options of the config validator (runtime and precompiled alike). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

const str = (description?: string): Schema => (description ? { type: 'string', description } : { type: 'string' });
const nonEmpty = (description: string): Schema => ({ type: 'string', minLength: 1, description });
const bool: Schema = { type: 'boolean' };
const int: Schema = { type: 'integer' };
/** A count or a limit: a whole number, never negative. */
const count: Schema = { type: 'integer', minimum: 0 };
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

/** What a namespace may be (Kubernetes: an RFC 1123 label). */
export const NAMESPACE_DESCRIPTION =
  "a DNS-1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 63 characters)";

const RFC1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/**
 * Kubernetes' quantity grammar (`resource.ParseQuantity`) without the minus sign: a negative CPU,
 * memory or volume size parses in Go but no kubelet or provisioner can honour it.
 */
const QUANTITY_BODY = '[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?';
export const QUANTITY_PATTERN = `^${QUANTITY_BODY}$`;
export const QUANTITY_DESCRIPTION = 'a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi';
const quantityDef: Schema = {
  anyOf: [
    { type: 'string', pattern: QUANTITY_PATTERN, description: QUANTITY_DESCRIPTION },
    { type: 'number', minimum: 0 },
  ],
};
/** A quantity kept as a string (ws-manager parses it at start); empty for none. */
const quantityString: Schema = {
  type: 'string',
  pattern: `^(${QUANTITY_BODY})?$`,
  description: `empty or ${QUANTITY_DESCRIPTION}`,
};
const quantity: Schema = { $ref: '#/definitions/quantity' };
const resourceList: Schema = { $ref: '#/definitions/resourceList' };
const resourceListDef: Schema = { type: 'object', additionalProperties: quantity };
const durationDef: Schema = {
  type: 'string',
  pattern: GO_DURATION_PATTERN,
  description: 'a Go duration such as 36h, 90m or 2m30s',
};
/** A Go duration read by a Gitpod binary with `time.ParseDuration`; empty turns the feature off. */
const optionalDuration: Schema = {
  type: 'string',
  pattern: `^$|${GO_DURATION_PATTERN}`,
  description: 'empty or a Go duration such as 36h, 90m or 2m30s',
};
/** `ws-<shortname>` must stay one DNS label (63 characters): the shortname at most 60. */
const shortname: Schema = {
  type: 'string',
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
  maxLength: 60,
  description:
    "a DNS label: lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 60 characters (ws-<shortname> is a DNS label)",
};
const imageReference = (emptyAllowed: boolean): Schema => ({
  type: 'string',
  pattern: emptyAllowed ? `^$|${IMAGE_REFERENCE_PATTERN}` : IMAGE_REFERENCE_PATTERN,
  description: `${emptyAllowed ? 'empty or ' : ''}an image reference such as registry.example.com/gitpod/proxy:tag or name@sha256:<64 hex digits>`,
});

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
/** The installation's domain: lower case and no trailing dot, since it becomes Certificate DNS names (RFC 1123 subdomains). */
const LOWER_CASE_FQDN =
  '^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';

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
      writeIOPS: count,
      readIOPS: count,
    }),
    networkLimits: obj({ enabled: bool, enforce: bool, connectionsPerMinute: count, bucketSize: count }),
    oomScores: obj({ enabled: bool, tier1: int, tier2: int }),
    procLimit: count,
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
      // The id names the class's template files in the ConfigMap workspace-templates (`<id>-default.yaml`).
      propertyNames: {
        type: 'string',
        pattern: '^[-._a-zA-Z0-9]+$',
        maxLength: 200,
        description: "a workspace class id of letters, digits, '-', '_' and '.' (it names ConfigMap keys)",
      },
      additionalProperties: obj({
        name: str(),
        resources: obj({
          requests: resourceList,
          limits: obj({
            cpu: obj({ buckets: { type: 'array' }, min: quantityString, burst: quantityString }),
            memory: quantityString,
            storage: quantityString,
            'ephemeral-storage': quantityString,
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
      workspaceDefaults: obj({ workspaceImage: imageReference(true) }),
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
      inactivityPeriodForReposInDays: count,
      defaultBaseImageRegistryWhitelist: { type: 'array', items: str() },
    }),
    proxy: obj({
      staticIP: str(),
      serviceAnnotations: stringMap,
      serviceType,
      configcat: obj({ baseUrl: str(), pollInterval: optionalDuration }),
    }),
    wsManagerBridge: obj({ skipSelf: bool }),
    tracing: sampler,
    usePodAntiAffinity: bool,
    disableMigration: bool,
    usage: obj({
      enabled: bool,
      schedule: optionalDuration,
      resetUsageSchedule: optionalDuration,
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
  images: { type: 'object', additionalProperties: imageReference(false) },
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
  reloader: bool,
  externals: obj({
    secrets: { type: 'array', items: obj({ name: nonEmpty('a Secret name'), keys: { type: 'array', items: str() } }, ['name']) },
    configMaps: { type: 'array', items: obj({ name: nonEmpty('a ConfigMap name'), keys: { type: 'array', items: str() } }, ['name']) },
  }),
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
        shortname,
        namespace: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
          maxLength: 63,
          description: NAMESPACE_DESCRIPTION,
        },
        region: nonEmpty('a region name'),
        score: { type: 'integer', minimum: 0, maximum: 100 },
        governed: bool,
        admissionConstraints: {
          type: 'array',
          items: {
            oneOf: [
              obj({ type: { type: 'string', enum: ['has-feature-preview'] } }, ['type']),
              obj({ type: { type: 'string', enum: ['has-permission'] }, permission: nonEmpty('a permission name') }, ['type', 'permission']),
              obj({ type: { type: 'string', enum: ['has-class'] }, id: nonEmpty('a workspace class id'), displayName: str() }, ['type', 'id', 'displayName']),
            ],
          },
        },
        wsManager: obj(
          {
            address: {
              type: 'string',
              pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*:[0-9]{1,5}$',
              description: 'host:port, the DNS name under which the application cluster reaches this ws-manager',
            },
            sourceRanges: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$', description: 'a CIDR such as 203.0.113.0/24' },
            },
          },
          ['address', 'sourceRanges'],
        ),
        // The same shape as experimental.workspace.classes.
        workspaceClasses: ((experimental.properties as Record<string, Schema>).workspace.properties as Record<string, Schema>).classes,
      },
      ['name', 'kind'],
    ),
  },
  fleet: obj({
    ca: obj({ issuer: obj({ kind: enumOf(['Issuer', 'ClusterIssuer']), name: nonEmpty('an issuer name') }, ['kind', 'name']) }, ['issuer']),
    imageBuilds: nonEmpty('the name of a Workspace cluster'),
  }),
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
        pattern: LOWER_CASE_FQDN,
        description: 'a fully qualified domain name in lower case such as gitpod.example.com',
      },
      metadata: obj({ region: nonEmpty('a region name'), shortname }, ['region']),
      repository: {
        type: 'string',
        pattern: IMAGE_PREFIX_PATTERN,
        description: 'an image registry prefix such as registry.example.com/gitpod (host[:port][/lower-case path], no tag)',
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
          workspaceImage: imageReference(true),
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
