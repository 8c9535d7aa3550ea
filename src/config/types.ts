/**
 * The Gitpod installer configuration, apiVersion v1 (release 2022.11.3), as TypeScript types.
 *
 * Field names and shapes follow the installer's YAML (`gitpod.config.yaml`) so that an existing
 * file loads unchanged. Every field is optional in `GitpodConfigInput` (what a user writes);
 * `GitpodConfig` is the same shape after defaults are applied (see `defaults.ts`).
 */

/** A reference to a Secret in the installation namespace. `kind` is always `secret`. */
export interface ObjectRef {
  /** Always `secret`. */
  readonly kind: 'secret';
  /** Name of the Secret. */
  readonly name: string;
}

/** A Kubernetes resource quantity such as `2Gi` or `500m`. Numbers are accepted and kept as written. */
export type Quantity = string | number;

/** A map of resource name (`cpu`, `memory`, `ephemeral-storage`, `storage`) to quantity. */
export type ResourceList = Record<string, Quantity>;

/** A Go duration string (`36h`, `90m`, `2m30s`). */
export type Duration = string;

export type InstallationKind = 'Full' | 'Meta' | 'Workspace' | 'IDE' | 'WebApp';
export const INSTALLATION_KINDS: readonly InstallationKind[] = ['Full', 'Meta', 'Workspace', 'IDE', 'WebApp'];

export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal' | 'panic';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic'];

export type ServiceType = 'LoadBalancer' | 'ClusterIP' | 'NodePort' | 'ExternalName';
export const SERVICE_TYPES: readonly ServiceType[] = ['LoadBalancer', 'ClusterIP', 'NodePort', 'ExternalName'];

export type FsShiftMethod = 'fuse' | 'shiftfs';

export interface Metadata {
  /** Object-storage region; `local` for MinIO. @default local */
  readonly region: string;
  /** Installation (cluster) identity; any value other than `default` yields `ws-<shortname>.<domain>`. @default default */
  readonly shortname: string;
}

export interface Tracing {
  readonly endpoint?: string;
  readonly agentHost?: string;
  /** Secret with keys `JAEGER_USER` and `JAEGER_PASSWORD`. */
  readonly secretName?: string;
}

export interface Observability {
  /** @default info */
  readonly logLevel: LogLevel;
  readonly tracing?: Tracing;
}

export interface Analytics {
  readonly segmentKey?: string;
  readonly writer?: string;
}

export interface Database {
  /** Run MySQL 5.7 in the cluster. @default true */
  readonly inCluster?: boolean;
  /** An external MySQL; the Secret holds host, port, username, password, encryptionKeys. */
  readonly external?: { readonly certificate: ObjectRef };
  /** Google Cloud SQL through the cloudsql-proxy. */
  readonly cloudSQL?: { readonly instance: string; readonly serviceAccount: ObjectRef };
  /** CA certificate for TLS to the database (Secret key `ca.crt`). */
  readonly ssl?: { readonly caCert?: ObjectRef };
}

export interface ObjectStorage {
  /** In-cluster MinIO. @default true */
  readonly inCluster?: boolean;
  readonly s3?: {
    readonly endpoint: string;
    readonly credentials: ObjectRef;
    /** A name turns on single-bucket mode. */
    readonly bucket?: string;
    readonly allowInsecureConnection?: boolean;
  };
  readonly cloudStorage?: { readonly serviceAccount: ObjectRef; readonly project: string };
  readonly azure?: { readonly credentials: ObjectRef };
  /** Deprecated upstream; accepted and ignored with a warning. */
  readonly maximumBackupCount?: number;
  /** Bytes. @default 5 GiB */
  readonly blobQuota?: number;
  readonly resources?: { readonly requests: ResourceList; readonly limits?: ResourceList };
}

export interface ContainerRegistry {
  /** The in-cluster docker registry. @default true */
  readonly inCluster?: boolean;
  readonly external?: { readonly url: string; readonly certificate: ObjectRef };
  /** S3 backend for the in-cluster registry. */
  readonly s3storage?: {
    readonly bucket: string;
    readonly region: string;
    readonly endpoint: string;
    readonly certificate: ObjectRef;
  };
  /** @default [] */
  readonly privateBaseImageAllowList?: readonly string[];
}

export interface PersistentVolumeClaimConfig {
  /** @default 30Gi */
  readonly size: Quantity;
  readonly storageClass: string;
  readonly snapshotClass: string;
}

/** A full Kubernetes Pod object, kept as written. */
export type PodTemplate = Record<string, unknown>;

export interface WorkspaceTemplates {
  readonly default?: PodTemplate;
  readonly prebuild?: PodTemplate;
  readonly imagebuild?: PodTemplate;
  readonly regular?: PodTemplate;
}

export interface WorkspaceRuntime {
  /** @default fuse */
  readonly fsShiftMethod: FsShiftMethod;
  /** @default /var/lib/containerd/io.containerd.runtime.v2.task/k8s.io */
  readonly containerdRuntimeDir: string;
  /** @default /run/containerd/containerd.sock */
  readonly containerdSocket: string;
}

export interface Workspace {
  readonly runtime: WorkspaceRuntime;
  readonly resources: { readonly requests: ResourceList; readonly limits?: ResourceList };
  readonly templates?: WorkspaceTemplates;
  readonly pvc: PersistentVolumeClaimConfig;
  readonly prebuildPVC: PersistentVolumeClaimConfig;
  /** @default 36h */
  readonly maxLifetime: Duration;
  readonly timeoutDefault?: Duration;
  readonly timeoutExtended?: Duration;
  /** @default 2m */
  readonly timeoutAfterClose?: Duration;
  readonly workspaceImage?: string;
}

export interface OpenVSX {
  /** @default https://open-vsx.org */
  readonly url: string;
  readonly proxy?: { readonly disablePVC?: boolean };
}

export interface BlockNewUsers {
  readonly enabled: boolean;
  readonly passlist: readonly string[];
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: Record<string, unknown>;
}

/** One customization entry: labels, annotations and env for matching objects. */
export interface Customization {
  /** API version to match, or `*`. */
  readonly apiVersion: string;
  /** Kind to match, or `*`. */
  readonly kind: string;
  readonly metadata: {
    /** Component name to match, or `*`. */
    readonly name: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: { readonly env?: readonly EnvVar[] };
}

export interface Components {
  readonly proxy?: { readonly service?: { readonly serviceType?: ServiceType } };
}

/** Resource requirements of one container. */
export interface ResourceRequirements {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

export interface PodConfig {
  readonly replicas?: number;
  /** Per container name; replaces the built-in resources of that container. */
  readonly resources?: Record<string, ResourceRequirements>;
}

export interface TracingSampler {
  readonly samplerType?: 'const' | 'probabilistic' | 'rateLimiting' | 'remote';
  readonly samplerParam?: number;
}

export interface WorkspaceClass {
  readonly name?: string;
  readonly resources?: {
    readonly requests?: ResourceList;
    readonly limits?: {
      readonly cpu?: { readonly buckets?: readonly unknown[]; readonly min?: string; readonly burst?: string };
      readonly memory?: string;
      readonly storage?: string;
      readonly 'ephemeral-storage'?: string;
    };
  };
  readonly templates?: WorkspaceTemplates;
  readonly pvc?: Partial<PersistentVolumeClaimConfig>;
  readonly prebuildPVC?: Partial<PersistentVolumeClaimConfig>;
}

export interface ExperimentalWorkspace {
  readonly tracing?: TracingSampler;
  readonly stage?: string;
  readonly schedulerName?: string;
  readonly hostURL?: string;
  readonly workspaceClusterHost?: string;
  readonly workspaceURLTemplate?: string;
  readonly workspacePortURLTemplate?: string;
  readonly CPULimits?: {
    readonly enabled?: boolean;
    readonly nodeBandwidth?: Quantity;
    readonly limit?: Quantity;
    readonly burstLimit?: Quantity;
  };
  readonly ioLimits?: {
    readonly writeBandwidthPerSecond?: Quantity;
    readonly readBandwidthPerSecond?: Quantity;
    readonly writeIOPS?: number;
    readonly readIOPS?: number;
  };
  readonly networkLimits?: {
    readonly enabled?: boolean;
    readonly enforce?: boolean;
    readonly connectionsPerMinute?: number;
    readonly bucketSize?: number;
  };
  readonly oomScores?: { readonly enabled?: boolean; readonly tier1?: number; readonly tier2?: number };
  readonly procLimit?: number;
  readonly wsManagerRateLimits?: Record<string, Record<string, unknown>>;
  readonly registryFacade?: {
    readonly ipfsCache?: { readonly enabled?: boolean; readonly ipfsAddr?: string };
    readonly redisCache?: {
      readonly enabled?: boolean;
      readonly singleHostAddr?: string;
      readonly username?: string;
      readonly passwordSecret?: string;
      readonly useTLS?: boolean;
      readonly insecureSkipVerify?: boolean;
    };
  };
  readonly wsDaemon?: {
    readonly runtime?: { readonly nodeToContainerMapping?: readonly { path: string; value: string }[] };
  };
  readonly classes?: Record<string, WorkspaceClass>;
  readonly wsProxy?: {
    readonly ingressHeader?: string;
    readonly blobServeHost?: string;
    readonly gitpodInstallationHostName?: string;
    readonly gitpodInstallationWorkspaceHostSuffix?: string;
    readonly gitpodInstallationWorkspaceHostSuffixRegex?: string;
  };
  readonly contentService?: { readonly usageReportBucketName?: string };
  readonly enableProtectedSecrets?: boolean;
}

export interface WebAppWorkspaceClass {
  readonly id: string;
  readonly category?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly powerups?: number;
  readonly isDefault?: boolean;
  readonly deprecated?: boolean;
  readonly marker?: Record<string, unknown>;
  readonly credits?: { readonly perMinute?: number };
}

export interface ExperimentalWebApp {
  readonly publicApi?: { readonly stripeSecretName?: string };
  readonly server?: {
    readonly workspaceDefaults?: { readonly workspaceImage?: string };
    readonly oauthServer?: { readonly jwtSecret?: string };
    readonly session?: { readonly secret?: string };
    readonly githubApp?: {
      readonly appId?: number;
      readonly authProviderId?: string;
      readonly baseUrl?: string;
      readonly certPath?: string;
      readonly enabled?: boolean;
      readonly logLevel?: string;
      readonly marketplaceName?: string;
      readonly webhookSecret?: string;
      readonly certSecretName?: string;
    };
    readonly chargebeeSecret?: string;
    readonly stripeSecret?: string;
    readonly stripeConfig?: string;
    readonly disableDynamicAuthProviderLogin?: boolean;
    readonly enableLocalApp?: boolean;
    readonly runDbDeleter?: boolean;
    readonly disableWorkspaceGarbageCollection?: boolean;
    readonly inactivityPeriodForReposInDays?: number;
    readonly defaultBaseImageRegistryWhitelist?: readonly string[];
  };
  readonly proxy?: {
    readonly staticIP?: string;
    readonly serviceAnnotations?: Record<string, string>;
    /** Deprecated: use `components.proxy.service.serviceType`. */
    readonly serviceType?: ServiceType;
    readonly configcat?: { readonly baseUrl?: string; readonly pollInterval?: string };
  };
  readonly wsManagerBridge?: { readonly skipSelf?: boolean };
  readonly tracing?: TracingSampler;
  readonly usePodAntiAffinity?: boolean;
  readonly disableMigration?: boolean;
  readonly usage?: {
    readonly enabled?: boolean;
    readonly schedule?: string;
    readonly resetUsageSchedule?: string;
    readonly billInstancesAfter?: string;
    readonly defaultSpendingLimit?: {
      readonly forUsers?: number;
      readonly forTeams?: number;
      readonly minForUsersOnStripe?: number;
    };
    readonly creditsPerMinuteByWorkspaceClass?: Record<string, number>;
  };
  readonly configcatKey?: string;
  readonly workspaceClasses?: readonly WebAppWorkspaceClass[];
  readonly stripe?: {
    readonly individualUsagePriceIds?: { readonly eur?: string; readonly usd?: string };
    readonly teamUsagePriceIds?: { readonly eur?: string; readonly usd?: string };
  };
  readonly slowDatabase?: boolean;
}

export interface ExperimentalIDE {
  /** @default true */
  readonly resolveLatest?: boolean;
  readonly ideProxy?: { readonly serviceAnnotations?: Record<string, string> };
  readonly openvsxProxy?: { readonly serviceAnnotations?: Record<string, string> };
  readonly ideMetrics?: { readonly enabledErrorReporting?: boolean };
}

export interface ExperimentalCommon {
  /** Replicas and resources per component name. */
  readonly podConfig?: Record<string, PodConfig>;
  readonly staticMessagebusPassword?: string;
  readonly usePodSecurityPolicies?: boolean;
}

export interface Experimental {
  readonly workspace?: ExperimentalWorkspace;
  readonly webapp?: ExperimentalWebApp;
  readonly ide?: ExperimentalIDE;
  readonly common?: ExperimentalCommon;
  readonly telemetry?: { readonly data?: { readonly platform?: string } };
  readonly agentSmith?: Record<string, unknown>;
}

/**
 * Settings of this project that the upstream installer does not have. They live under one key so
 * that an upstream file stays valid and an unknown top-level key can still be an error.
 */
export interface Cdk8sExtensions {
  /**
   * Where the public TLS Secret (`certificate.name`) comes from. `secret` (default): the user
   * brings it. `cert-manager`: we render a Certificate issued by the named (Cluster)Issuer.
   */
  readonly tls?: {
    readonly issuer?: { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string };
  };
  /** Persistent volume sizes of the in-cluster dependencies. */
  readonly storage?: Record<string, { readonly size?: Quantity; readonly storageClass?: string }>;
  /** Per-image overrides, keyed by image name (e.g. `proxy`, `library/alpine`): a full image reference. */
  readonly images?: Record<string, string>;
  /** Secrets: by reference (default) or as ExternalSecrets from a SecretStore. */
  readonly secrets?: {
    /**
     * Render `ExternalSecret`s (external-secrets.io/v1beta1) into `external-secrets.yaml`: the
     * Secrets the user brings, and owned Secrets that share values, are read from this store with
     * remote key = the Secret's name and property = the key; the other owned Secrets come from
     * `Password` generators, fetched once. See README "Secrets".
     */
    readonly externalSecrets?: {
      /** The (Cluster)SecretStore to read from. */
      readonly storeRef: { readonly kind: 'SecretStore' | 'ClusterSecretStore'; readonly name: string };
      /** Refresh interval of the ExternalSecrets read from the store. @default 1h */
      readonly refreshInterval?: string;
    };
    /**
     * Config values you know are not secret but that the secret guard refuses (a random-looking
     * resource name, a test token): each entry is the config path of one text value, as the
     * guard's error prints it, e.g. `customization[0].metadata.annotations["example.com/build-id"]`.
     * A value is accepted only where it comes from a listed path. See README "Secrets".
     * @default []
     */
    readonly notSecret?: readonly string[];
  };
  /**
   * Stakater Reloader annotations (`secret.reloader.stakater.com/reload`,
   * `configmap.reloader.stakater.com/reload`) on Deployments, StatefulSets and DaemonSets, naming
   * the Secrets and ConfigMaps their pods read, so a rotated credential rolls its readers (with
   * Reloader installed; inert without). @default true
   */
  readonly reloader?: boolean;
  /** GitOps annotations (Argo CD sync waves, prune protection). @default true */
  readonly gitops?: { readonly argocd?: boolean; readonly flux?: boolean };
  /** Several clusters from one config: each renders into its own folder. */
  readonly clusters?: readonly ClusterSpec[];
  /** Settings shared by the clusters of `clusters` (docs/multi-cluster.md). */
  readonly fleet?: FleetSettings;
  /**
   * Secrets and ConfigMaps that the user's platform provides in the installation namespace (for
   * objects a downstream package adds, e.g. a `datadog` Secret for a sidecar): references to them
   * validate, `secrets --list` shows them, nothing renders or generates them.
   * @default none
   */
  readonly externals?: {
    readonly secrets?: readonly ExternalObjectSpec[];
    readonly configMaps?: readonly ExternalObjectSpec[];
  };
}

/** A Secret or ConfigMap provided from outside the rendering. */
export interface ExternalObjectSpec {
  /** Its name (in the installation namespace). */
  readonly name: string;
  /** The keys it holds; a reference to another key is an error. @default any key */
  readonly keys?: readonly string[];
}

export interface ClusterSpec {
  /** Folder name under the output directory. */
  readonly name: string;
  readonly kind: InstallationKind;
  readonly shortname?: string;
  readonly namespace?: string;
  /** This cluster's region (`GITPOD_REGION`, the proxy's `X-Gitpod-Region`, agent-smith). @default metadata.region */
  readonly region?: string;
  /** A workspace cluster's score among the fleet's clusters (0..100, higher is preferred). @default 50 */
  readonly score?: number;
  /** Whether the application cluster's ws-manager-bridge governs (times out, cleans up) its workspaces. @default true */
  readonly governed?: boolean;
  /** Who may start workspaces in this cluster (gitpod's `AdmissionConstraint`s). @default none */
  readonly admissionConstraints?: readonly AdmissionConstraint[];
  /**
   * How the application cluster reaches this workspace cluster's ws-manager: its exposed address
   * (`host:port`, the LoadBalancer's DNS name) and the CIDRs allowed to reach it. Required for a
   * Workspace cluster in a fleet with a separate application cluster.
   */
  readonly wsManager?: { readonly address: string; readonly sourceRanges: readonly string[] };
  /** Replaces `experimental.workspace.classes` in this cluster (e.g. other machine sizes in a region). @default the config's */
  readonly workspaceClasses?: Record<string, WorkspaceClass>;
}

/** gitpod-protocol `AdmissionConstraint` (components/gitpod-protocol/src/workspace-cluster.ts at 2022.11.3). */
export type AdmissionConstraint =
  | { readonly type: 'has-feature-preview' }
  | { readonly type: 'has-permission'; readonly permission: string }
  | { readonly type: 'has-class'; readonly id: string; readonly displayName: string };

/** One CA for the whole fleet: the (Cluster)Issuer, present under this name in every cluster, that signs ws-manager's certificates. */
export interface FleetSettings {
  readonly ca?: { readonly issuer: { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string } };
  /** The workspace cluster (its `name`) whose ws-manager the application cluster's image-builder-mk3 drives. @default the first Workspace cluster */
  readonly imageBuilds?: string;
}

/** A config after defaults: the fields the installer always fills are required here. */
export interface GitpodConfig {
  /** Config format version: always `v1`. */
  readonly apiVersion: 'v1';
  /** Which object sets the installation renders (Full, Meta, Workspace, IDE, WebApp). @default Full */
  readonly kind: InstallationKind;
  /** The domain Gitpod serves (`<domain>`, `*.<domain>`, `*.ws.<domain>`); required. */
  readonly domain: string;
  /** Region and shortname of this installation (workspace cluster naming). @default region `local`, shortname `default` */
  readonly metadata: Metadata;
  /** Registry of Gitpod's own images. @default eu.gcr.io/gitpod-core-dev/build */
  readonly repository: string;
  /** Log level and tracing. @default log level `info` */
  readonly observability: Observability;
  /** Telemetry sink (Segment). @default none */
  readonly analytics?: Analytics;
  /** The database: in-cluster MySQL, an external one, or Cloud SQL. @default in-cluster */
  readonly database: Database;
  /** Object storage: in-cluster MinIO, S3, GCS or Azure. @default in-cluster */
  readonly objectStorage: ObjectStorage;
  /** Registry for workspace images: in-cluster or external. @default in-cluster */
  readonly containerRegistry: ContainerRegistry;
  /** The Secret with the public TLS certificate. @default Secret `https-certificates` */
  readonly certificate: ObjectRef;
  /** Secret with HTTP(S)_PROXY settings for outgoing traffic. @default none */
  readonly httpProxy?: ObjectRef;
  /** Pull secrets for every image. @default none */
  readonly imagePullSecrets?: readonly ObjectRef[];
  /** Workspace runtime, resources, PVCs and lifetime. */
  readonly workspace: Workspace;
  /** The Open VSX registry the proxy fronts. @default open-vsx.org */
  readonly openVSX: OpenVSX;
  /** Secrets holding the Git auth provider configs. @default none */
  readonly authProviders: readonly ObjectRef[];
  /** Restrict sign-ups to a pass-list of domains. @default off */
  readonly blockNewUsers: BlockNewUsers;
  /** Secret with the license key. @default none */
  readonly license?: ObjectRef;
  /** Secret with the SSH gateway's host key (enables the gateway). @default none */
  readonly sshGatewayHostKey?: ObjectRef;
  /** Do not use the definitely-gp service for default workspace images. @default true */
  readonly disableDefinitelyGp: boolean;
  /** Secret with a custom CA every component trusts. @default none */
  readonly customCACert?: ObjectRef;
  /** Strip the repository path from image names (mirrors flattening them). @default false */
  readonly dropImageRepo?: boolean;
  /** Labels and annotations added to matching objects. @default none */
  readonly customization?: readonly Customization[];
  /** Per-component settings (e.g. the proxy Service's type). @default none */
  readonly components?: Components;
  /** Upstream's `experimental` settings. @default none */
  readonly experimental?: Experimental;
  /** This project's own settings (not in the upstream installer). */
  readonly cdk8s?: Cdk8sExtensions;
}

/** Deep-partial view of `GitpodConfig`: what a user writes. Arrays are replaced, not merged. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export type GitpodConfigInput = DeepPartial<GitpodConfig>;
