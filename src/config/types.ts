/**
 * The Gitpod installer configuration, apiVersion v1 (release 2022.11.3), as TypeScript types.
 *
 * Field names and shapes follow the installer's YAML (`gitpod.config.yaml`) so that an existing
 * file loads unchanged. Every field is optional in `GitpodConfigInput` (what a user writes);
 * `GitpodConfig` is the same shape after defaults are applied (see `defaults.ts`).
 *
 * This file is the one declaration of a config key. From it, scripts/write-schema.js generates the
 * JSON Schema (schema/gitpod-config.schema.json: descriptions, and the constraints written as doc
 * tags); `defaultConfig()` is the tree of `@defaultValue`s; `init` prints each default under the
 * key's `@initComment`; docs/config.md shows the doc comments. Adding a key means adding it here.
 */

/** A reference to a Secret in the installation namespace. `kind` is always `secret`. */
export interface ObjectRef {
  /** Always `secret`. */
  readonly kind: 'secret';
  /** Name of the Secret. */
  readonly name: SecretName;
}

/** A Kubernetes resource quantity such as `2Gi` or `500m`. Numbers are accepted and kept as written. */
export type Quantity = QuantityText | QuantityNumber;

/** A map of resource name (`cpu`, `memory`, `ephemeral-storage`, `storage`) to quantity. */
export type ResourceList = Record<string, Quantity>;

/**
 * A Go duration string (`36h`, `90m`, `2m30s`).
 * @pattern ^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
 * @allowed a Go duration such as 36h, 90m or 2m30s
 */
export type Duration = string;

// What the JSON Schema (scripts/write-schema.js) checks beyond the TypeScript type, on plain
// strings and numbers; not exported: to a program they are strings and numbers. The tags are
// ts-json-schema-generator's (declared for TypeDoc in tsdoc.json); `@allowed` is the "what is
// allowed" text of an error and of docs/config.md.

/**
 * Kubernetes' quantity grammar (`resource.ParseQuantity`) without the minus sign: a negative CPU,
 * memory or volume size parses in Go but no kubelet or provisioner can honour it.
 * @pattern ^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$
 * @allowed a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi
 */
type QuantityText = string;
/**
 * A quantity as a number.
 * @minimum 0
 */
type QuantityNumber = number;
/**
 * A quantity kept as a string (ws-manager parses it at start); empty for none.
 * @pattern ^([+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?)?$
 * @allowed empty or a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi
 */
type OptionalQuantityText = string;
/**
 * A Go duration read by a Gitpod binary with `time.ParseDuration`; empty turns the feature off.
 * @pattern ^$|^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
 * @allowed empty or a Go duration such as 36h, 90m or 2m30s
 */
type OptionalDuration = string;
/**
 * A whole number.
 * @asType integer
 */
type Integer = number;
/**
 * A count or a limit: a whole number, never negative.
 * @asType integer
 * @minimum 0
 */
type Count = number;
/**
 * `ws-<shortname>` must stay one DNS label (63 characters): the shortname at most 60.
 * @pattern ^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$
 * @maxLength 60
 * @allowed a DNS label: lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 60 characters (ws-<shortname> is a DNS label)
 */
type ShortName = string;
/**
 * A Secret's name (Kubernetes: an RFC 1123 subdomain).
 * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
 * @maxLength 253
 * @allowed a Secret name (lower-case RFC 1123: a-z, 0-9, "-" and ".")
 */
type SecretName = string;
/**
 * A namespace (Kubernetes: an RFC 1123 label).
 * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
 * @maxLength 63
 * @allowed a DNS-1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 63 characters)
 */
type NamespaceName = string;
/**
 * The installation's domain: lower case and no trailing dot, since it becomes Certificate DNS
 * names (RFC 1123 subdomains).
 * @pattern ^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$
 * @allowed a fully qualified domain name in lower case such as gitpod.example.com
 */
type LowerCaseDomainName = string;
/**
 * A fully qualified domain name, any case, optionally with the trailing dot.
 * @pattern ^(?=.{1,253}\.?$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\.?$
 * @allowed a fully qualified domain name
 */
type DomainName = string;
/**
 * An image registry prefix (common/image-repository.ts `IMAGE_PREFIX_PATTERN`).
 * @pattern ^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*\/*$
 * @allowed an image registry prefix such as registry.example.com/gitpod (host[:port][/lower-case path], no tag)
 */
type ImagePrefix = string;
/**
 * An image reference (common/image-repository.ts `IMAGE_REFERENCE_PATTERN`).
 * @pattern ^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$
 * @allowed an image reference such as registry.example.com/gitpod/proxy:tag or name@sha256:<64 hex digits>
 */
type ImageReference = string;
/**
 * An image reference, or empty for none.
 * @pattern ^$|^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$
 * @allowed empty or an image reference such as registry.example.com/gitpod/proxy:tag or name@sha256:<64 hex digits>
 */
type OptionalImageReference = string;
/**
 * An absolute path on the host.
 * @pattern ^/
 * @allowed an absolute host path (starting with /)
 */
type HostPath = string;
/**
 * An absolute URL.
 * @pattern ^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/]+
 * @allowed an absolute URL such as https://open-vsx.org
 */
type AbsoluteUrl = string;
/**
 * A folder name under the output directory.
 * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
 * @allowed a folder name (lower-case letters, digits and "-")
 */
type FolderName = string;
/**
 * `host:port` of a DNS name.
 * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*:[0-9]{1,5}$
 * @allowed host:port, the DNS name under which the application cluster reaches this ws-manager
 */
type HostAndPort = string;
/**
 * An IPv4 or IPv6 CIDR.
 * @pattern ^[0-9a-fA-F.:]+/[0-9]{1,3}$
 * @allowed a CIDR such as 203.0.113.0/24
 */
type Cidr = string;
/**
 * The config path of a text value.
 * @minLength 1
 * @allowed the config path of a text value, e.g. customization[0].metadata.annotations["example.com/note"]
 */
type ConfigPath = string;

/** Which component sets an installation renders: everything, the application side (Meta), or one part. */
export type InstallationKind = 'Full' | 'Meta' | 'Workspace' | 'IDE' | 'WebApp';
/** Every `InstallationKind`, in the installer's order. */
export const INSTALLATION_KINDS: readonly InstallationKind[] = ['Full', 'Meta', 'Workspace', 'IDE', 'WebApp'];

/** Log level of the Gitpod components (logrus levels). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal' | 'panic';
/** Every `LogLevel`, from the most to the least verbose. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic'];

/** Kubernetes Service type (of the proxy Service). */
export type ServiceType = 'LoadBalancer' | 'ClusterIP' | 'NodePort' | 'ExternalName';
/** Every `ServiceType`. */
export const SERVICE_TYPES: readonly ServiceType[] = ['LoadBalancer', 'ClusterIP', 'NodePort', 'ExternalName'];

/** How ws-daemon maps user ids of the workspace file system: fuse-overlayfs or the shiftfs kernel module. */
export type FsShiftMethod = 'fuse' | 'shiftfs';

/** Identity of the installation: its region and shortname. */
export interface Metadata {
  /**
   * Object-storage region; `local` for MinIO. @defaultValue local
   * @minLength 1
   * @allowed a region name
   * @initComment Object-storage region; "local" for the in-cluster MinIO.
   */
  readonly region: string;
  /**
   * Installation (cluster) identity; any value other than `default` yields `ws-<shortname>.<domain>`. @defaultValue default
   * @clearable
   * @initComment Identity of this cluster; any value other than "default" serves workspaces on ws-<shortname>.<domain>.
   */
  readonly shortname: ShortName;
}

/** Where components send Jaeger traces. */
export interface Tracing {
  /** Jaeger collector endpoint (HTTP). */
  readonly endpoint?: string;
  /** Jaeger agent host (UDP). */
  readonly agentHost?: string;
  /** Secret with keys `JAEGER_USER` and `JAEGER_PASSWORD`. */
  readonly secretName?: string;
}

/** Logging and tracing of every component. */
export interface Observability {
  /** Log level of every Gitpod component. @defaultValue info */
  readonly logLevel: LogLevel;
  /** Where components send Jaeger traces. */
  readonly tracing?: Tracing;
}

/** Product analytics (Segment). */
export interface Analytics {
  /** Segment write key. */
  readonly segmentKey?: string;
  /** Analytics writer: `segment`, `log` or empty (none). */
  readonly writer?: string;
}

/** The MySQL database: exactly one of `inCluster`, `external`, `cloudSQL`. */
export interface Database {
  /** Run MySQL 5.7 in the cluster. @defaultValue true */
  readonly inCluster?: boolean;
  /** An external MySQL; the Secret holds host, port, username, password, encryptionKeys. */
  readonly external?: {
    /** Secret with the external database's connection details (`host`, `port`, `username`, `password`, `encryptionKeys`). */
    readonly certificate: ObjectRef;
  };
  /** Google Cloud SQL through the cloudsql-proxy. */
  readonly cloudSQL?: {
    /**
     * Cloud SQL instance connection name.
     * @minLength 1
     * @allowed <PROJECT>:<REGION>:<INSTANCE>
     */
    readonly instance: string;
    /** Secret with the cloudsql-proxy's service account key (`credentials.json`) and the database user (`username`, `password`, `encryptionKeys`). */
    readonly serviceAccount: ObjectRef;
  };
  /** CA certificate for TLS to the database (Secret key `ca.crt`). */
  readonly ssl?: {
    /** Secret with the CA certificate (`ca.crt`) the database's server certificate is checked against. */
    readonly caCert?: ObjectRef;
  };
}

/** Object storage for workspace backups and blobs: exactly one of `inCluster`, `s3`, `cloudStorage`, `azure`. */
export interface ObjectStorage {
  /** In-cluster MinIO. @defaultValue true */
  readonly inCluster?: boolean;
  /** An S3-compatible object storage; the Secret holds `accessKeyId` and `secretAccessKey`. */
  readonly s3?: {
    /**
     * S3 endpoint host.
     * @minLength 1
     * @allowed an S3 endpoint such as s3.amazonaws.com
     */
    readonly endpoint: string;
    /** Secret with the S3 access key pair (`accessKeyId`, `secretAccessKey`). */
    readonly credentials: ObjectRef;
    /** A name turns on single-bucket mode. */
    readonly bucket?: string;
    /** Talk to the endpoint over plain HTTP. */
    readonly allowInsecureConnection?: boolean;
  };
  /** Google Cloud Storage; the Secret holds the service account key. */
  readonly cloudStorage?: {
    /** Secret with the GCP service account key (`service-account.json`) used for the buckets. */
    readonly serviceAccount: ObjectRef;
    /**
     * GCP project of the buckets.
     * @minLength 1
     * @allowed a GCP project id
     */
    readonly project: string;
  };
  /** Azure Blob Storage through a MinIO gateway; the Secret holds the account name and key. */
  readonly azure?: {
    /** Secret with the Azure storage account name and key (`accountName`, `accountKey`). */
    readonly credentials: ObjectRef;
  };
  /** Deprecated upstream; accepted and ignored with a warning. */
  readonly maximumBackupCount?: Integer;
  /** Bytes. @default 5 GiB */
  readonly blobQuota?: Count;
  /** Resources of the in-cluster MinIO. */
  readonly resources?: {
    /**
     * Resource requests of the MinIO container. @default memory `2Gi`
     * @defaultValue { memory: "2Gi" }
     */
    readonly requests: ResourceList;
    /** Resource limits of the MinIO container. @default none */
    readonly limits?: ResourceList;
  };
}

/** The registry image builds are pushed to and workspace images pulled from. */
export interface ContainerRegistry {
  /** The in-cluster docker registry. @defaultValue true */
  readonly inCluster?: boolean;
  /** An external registry; the Secret is a `.dockerconfigjson` with its credentials. */
  readonly external?: {
    /**
     * Registry host (and path) images are pushed to.
     * @minLength 1
     * @allowed a registry host such as registry.example.com
     */
    readonly url: string;
    /** Secret of type `.dockerconfigjson` with the credentials to push to and pull from the registry. */
    readonly certificate: ObjectRef;
  };
  /** S3 backend for the in-cluster registry. */
  readonly s3storage?: {
    /**
     * Bucket of the in-cluster registry's storage.
     * @minLength 1
     * @allowed a bucket name
     */
    readonly bucket: string;
    /**
     * Region of that bucket.
     * @minLength 1
     * @allowed a region
     */
    readonly region: string;
    /**
     * S3 endpoint of that bucket.
     * @minLength 1
     * @allowed an S3 endpoint
     */
    readonly endpoint: string;
    /** Secret with the S3 access key pair of the registry's bucket (`s3AccessKey`, `s3SecretKey`). */
    readonly certificate: ObjectRef;
  };
  /** Registries whose private images may be workspace base images (credentials from the user). @defaultValue [] */
  readonly privateBaseImageAllowList?: readonly string[];
}

/** A workspace's persistent volume (PVC-backed workspaces). */
export interface PersistentVolumeClaimConfig {
  /**
   * Size of the volume. @defaultValue 30Gi
   * @clearable
   */
  readonly size: Quantity;
  /**
   * Storage class of the volume (empty: the cluster default).
   * @clearable
   * @defaultValue ""
   */
  readonly storageClass: string;
  /**
   * Volume snapshot class for backups.
   * @clearable
   * @defaultValue ""
   */
  readonly snapshotClass: string;
}

/** A full Kubernetes Pod object, kept as written. */
export type PodTemplate = Record<string, unknown>;

/** Pod templates merged into workspace pods, by workspace type. */
export interface WorkspaceTemplates {
  /** Pod template merged into every workspace pod, whatever its type. */
  readonly default?: PodTemplate;
  /** Pod template merged into prebuild workspace pods. */
  readonly prebuild?: PodTemplate;
  /** Pod template merged into image-build workspace pods. */
  readonly imagebuild?: PodTemplate;
  /** Pod template merged into regular workspace pods. */
  readonly regular?: PodTemplate;
}

/** The container runtime on the workspace nodes. */
export interface WorkspaceRuntime {
  /** How ws-daemon shifts the workspace file system's user ids: `fuse` (fuse-overlayfs) or `shiftfs` (kernel module). @defaultValue fuse */
  readonly fsShiftMethod: FsShiftMethod;
  /**
   * containerd's task directory on the host (k3s and others differ). @defaultValue /var/lib/containerd/io.containerd.runtime.v2.task/k8s.io
   * @initComment k3s: /run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io and /run/k3s/containerd/containerd.sock
   */
  readonly containerdRuntimeDir: HostPath;
  /** containerd's socket on the host. @defaultValue /run/containerd/containerd.sock */
  readonly containerdSocket: HostPath;
}

/** How workspaces run: runtime, resources, templates, volumes and timeouts. */
export interface Workspace {
  /** The container runtime on the workspace nodes. */
  readonly runtime: WorkspaceRuntime;
  /** Requests and limits of a workspace pod. */
  readonly resources: {
    /**
     * Resource requests of a workspace container (ws-manager's default class). @default cpu `1`, memory `2Gi`
     * @defaultValue { cpu: "1", memory: "2Gi" }
     */
    readonly requests: ResourceList;
    /** Resource limits of a workspace container; `cpu` is both the minimum and the burst limit. @default none */
    readonly limits?: ResourceList;
  };
  /** Pod templates merged into workspace pods (by type: default, prebuild, imagebuild, regular). */
  readonly templates?: WorkspaceTemplates;
  /**
   * The persistent volume of a regular workspace (with PVC-backed workspaces).
   * @clearable
   */
  readonly pvc: PersistentVolumeClaimConfig;
  /**
   * The persistent volume of a prebuild workspace.
   * @clearable
   */
  readonly prebuildPVC: PersistentVolumeClaimConfig;
  /** A workspace stops after this time even when in use. @defaultValue 36h */
  readonly maxLifetime: Duration;
  /** Inactivity timeout of a regular workspace. */
  readonly timeoutDefault?: Duration;
  /** The longer timeout a user can extend one workspace to. */
  readonly timeoutExtended?: Duration;
  /** Timeout after the IDE stopped sending heartbeats. @default 2m */
  readonly timeoutAfterClose?: Duration;
  /** Default workspace image when a repository names none. */
  readonly workspaceImage?: OptionalImageReference;
}

/** The Open VSX extension registry and its caching proxy. */
export interface OpenVSX {
  /** Upstream Open VSX registry that openvsx-proxy caches. @defaultValue https://open-vsx.org */
  readonly url: AbsoluteUrl;
  /** The openvsx-proxy cache. */
  readonly proxy?: {
    /** Keep openvsx-proxy's Redis cache in memory instead of a volume. */
    readonly disablePVC?: boolean;
  };
}

/** Sign-up restriction to a pass-list of email domains. */
export interface BlockNewUsers {
  /**
   * Only users with an email domain on the passlist can sign up.
   * @defaultValue false
   */
  readonly enabled: boolean;
  /**
   * Email domains allowed to sign up while blocked.
   * @clearable
   * @defaultValue []
   */
  readonly passlist: readonly DomainName[];
}

/** One environment variable, as in a Kubernetes container spec. */
export interface EnvVar {
  /**
   * Name of the environment variable.
   * @minLength 1
   * @allowed an environment variable name
   */
  readonly name: string;
  /** Literal value of the variable. */
  readonly value?: string;
  /** Where the value comes from instead (a Kubernetes `EnvVarSource`, e.g. `secretKeyRef`), kept as written. */
  readonly valueFrom?: Record<string, unknown>;
}

/** One customization entry: labels, annotations and env for matching objects. */
export interface Customization {
  /**
   * API version to match, or `*`.
   * @minLength 1
   * @allowed an API version such as apps/v1, or *
   */
  readonly apiVersion: string;
  /**
   * Kind to match, or `*`.
   * @minLength 1
   * @allowed a kind such as Deployment, or *
   */
  readonly kind: string;
  /** Which objects match (by component name) and the labels and annotations they get. */
  readonly metadata: {
    /**
     * Component name to match, or `*`.
     * @minLength 1
     * @allowed a component name, or *
     */
    readonly name: string;
    /** Labels added to the matching objects (and their pods). */
    readonly labels?: Record<string, string>;
    /** Annotations added to the matching objects (and their pods). */
    readonly annotations?: Record<string, string>;
  };
  /** What the matching workloads' containers get. */
  readonly spec?: {
    /** Environment variables added to the containers of matching workloads. */
    readonly env?: readonly EnvVar[];
  };
}

/** Per-component settings. */
export interface Components {
  /** Settings of the proxy component. */
  readonly proxy?: {
    /** The proxy's Service. */
    readonly service?: {
      /** Service type of the proxy (the entry point). */
      readonly serviceType?: ServiceType;
    };
  };
}

/** Resource requirements of one container. */
export interface ResourceRequirements {
  /** Resource requests of this container. */
  readonly requests?: ResourceList;
  /** Resource limits of this container. */
  readonly limits?: ResourceList;
}

/** Replicas and container resources of one component. */
export interface PodConfig {
  /** Replicas of the component. */
  readonly replicas?: Count;
  /** Per container name; replaces the built-in resources of that container. */
  readonly resources?: Record<string, ResourceRequirements>;
}

/** Jaeger trace sampling. */
export interface TracingSampler {
  /** Jaeger sampler type. */
  readonly samplerType?: 'const' | 'probabilistic' | 'rateLimiting' | 'remote';
  /** Jaeger sampler parameter (its meaning depends on the type). */
  readonly samplerParam?: number;
}

/** A workspace class of ws-manager: resources, pod templates and volumes of the workspaces of that class. */
export interface WorkspaceClass {
  /** Display name of the class. */
  readonly name?: string;
  /** Requests and limits of this class's workspaces. */
  readonly resources?: {
    /** Resource requests of this class's workspace containers. */
    readonly requests?: ResourceList;
    /** Resource limits of this class's workspace containers. */
    readonly limits?: {
      /** CPU limits of this class: the minimum, the burst limit and the (unused) buckets. */
      readonly cpu?: {
        /** ws-daemon CPU limit buckets; accepted, but the installer passes them on to nothing. */
        readonly buckets?: readonly unknown[];
        /** CPU limit a workspace of this class always gets. */
        readonly min?: OptionalQuantityText;
        /** CPU limit a workspace of this class may burst to. */
        readonly burst?: OptionalQuantityText;
      };
      /** Memory limit of this class's workspaces. */
      readonly memory?: OptionalQuantityText;
      /** Storage limit of this class's workspaces (PVC-backed workspaces). */
      readonly storage?: OptionalQuantityText;
      /** Ephemeral-storage limit of this class's workspaces. */
      readonly 'ephemeral-storage'?: OptionalQuantityText;
    };
  };
  /** Pod templates of this class's workspaces. */
  readonly templates?: WorkspaceTemplates;
  /** Volume of this class's regular workspaces. */
  readonly pvc?: Partial<PersistentVolumeClaimConfig>;
  /** Volume of this class's prebuilds. */
  readonly prebuildPVC?: Partial<PersistentVolumeClaimConfig>;
}

/** Upstream's experimental settings of the workspace components. */
export interface ExperimentalWorkspace {
  /** Trace sampling of the workspace components. */
  readonly tracing?: TracingSampler;
  /** Deployment stage reported by workspace components. */
  readonly stage?: string;
  /** Scheduler of workspace pods. */
  readonly schedulerName?: string;
  /** ws-manager's URL of the installation (default `https://<domain>`). */
  readonly hostURL?: string;
  /** ws-manager's host of this workspace cluster (default `ws[-<shortname>].<domain>`). */
  readonly workspaceClusterHost?: string;
  /** Template of a workspace URL. */
  readonly workspaceURLTemplate?: string;
  /** Template of a workspace port URL. */
  readonly workspacePortURLTemplate?: string;
  /** ws-daemon's CPU limiting of workspaces. */
  readonly CPULimits?: {
    /** Turn on ws-daemon's CPU limiting. */
    readonly enabled?: boolean;
    /** CPU bandwidth of a node that ws-daemon shares among its workspaces. */
    readonly nodeBandwidth?: Quantity;
    /** CPU limit of a workspace in normal operation. */
    readonly limit?: Quantity;
    /** CPU limit a workspace may burst to. */
    readonly burstLimit?: Quantity;
  };
  /** ws-daemon's disk IO limits per workspace. */
  readonly ioLimits?: {
    /** Disk write bandwidth per workspace (bytes per second, as a quantity). */
    readonly writeBandwidthPerSecond?: Quantity;
    /** Disk read bandwidth per workspace (bytes per second, as a quantity). */
    readonly readBandwidthPerSecond?: Quantity;
    /** Disk write operations per second per workspace. */
    readonly writeIOPS?: Count;
    /** Disk read operations per second per workspace. */
    readonly readIOPS?: Count;
  };
  /** ws-daemon's connection rate limits per workspace. */
  readonly networkLimits?: {
    /** Turn on connection rate limits. */
    readonly enabled?: boolean;
    /** Drop connections over the limit instead of only counting them. */
    readonly enforce?: boolean;
    /** New connections a workspace may open per minute. */
    readonly connectionsPerMinute?: Count;
    /** Token bucket size: connections a workspace may open in a burst. */
    readonly bucketSize?: Count;
  };
  /** OOM score adjustments ws-daemon gives workspace processes. */
  readonly oomScores?: {
    /** Turn on OOM score adjustments. */
    readonly enabled?: boolean;
    /** OOM score adjustment of workspacekit, supervisor and the IDE processes. */
    readonly tier1?: Integer;
    /** OOM score adjustment of the IDE's helper processes. */
    readonly tier2?: Integer;
  };
  /** Maximum number of processes in a workspace. */
  readonly procLimit?: Count;
  /** Rate limits of ws-manager's gRPC methods, by method name. */
  readonly wsManagerRateLimits?: Record<string, Record<string, unknown>>;
  /** Caches of registry-facade (IPFS, Redis). */
  readonly registryFacade?: {
    /** An IPFS node registry-facade serves image layers from. */
    readonly ipfsCache?: {
      /** Serve image layers from IPFS. */
      readonly enabled?: boolean;
      /** IPFS API address. */
      readonly ipfsAddr?: string;
    };
    /** A Redis instance registry-facade caches manifests and layer metadata in. */
    readonly redisCache?: {
      /** Cache image manifests and layer metadata in Redis. */
      readonly enabled?: boolean;
      /** Redis address (host:port). */
      readonly singleHostAddr?: string;
      /** Redis user name. */
      readonly username?: string;
      /** Secret with the Redis password. */
      readonly passwordSecret?: string;
      /** Connect to Redis over TLS. */
      readonly useTLS?: boolean;
      /** Do not check Redis's TLS certificate. */
      readonly insecureSkipVerify?: boolean;
    };
  };
  /** Settings of ws-daemon. */
  readonly wsDaemon?: {
    /** How ws-daemon finds workspace containers on the node. */
    readonly runtime?: {
      /** Host path to container path mappings ws-daemon uses to find workspace files. */
      readonly nodeToContainerMapping?: readonly NodeToContainerMapping[];
    };
  };
  /**
   * Workspace classes: resources, templates and volumes per class name.
   * @propertyNames {"type": "string", "pattern": "^[-._a-zA-Z0-9]+$", "maxLength": 200, "allowed": "a workspace class id of letters, digits, '-', '_' and '.' (it names ConfigMap keys)"}
   */
  readonly classes?: Record<string, WorkspaceClass>;
  /** Host names and headers of ws-proxy. */
  readonly wsProxy?: {
    /** Header ws-proxy reads the requested host from. */
    readonly ingressHeader?: string;
    /** Host blobserve is reached on. */
    readonly blobServeHost?: string;
    /** Host name of the installation, as ws-proxy sees it. */
    readonly gitpodInstallationHostName?: string;
    /** Suffix of workspace host names. */
    readonly gitpodInstallationWorkspaceHostSuffix?: string;
    /** Regular expression of workspace host name suffixes. */
    readonly gitpodInstallationWorkspaceHostSuffixRegex?: string;
  };
  /** Settings of content-service. */
  readonly contentService?: {
    /** Bucket of usage reports. */
    readonly usageReportBucketName?: string;
  };
  /** Keep workspace env secrets out of the pod spec. */
  readonly enableProtectedSecrets?: boolean;
}

/** One host path to container path mapping of ws-daemon. */
export interface NodeToContainerMapping {
  /** Path on the host (node). */
  path: string;
  /** The same location as ws-daemon's container sees it. */
  value: string;
}

/** One entry of server's workspace class catalogue: what the dashboard offers and what it costs. */
export interface WebAppWorkspaceClass {
  /**
   * Class id; it should match a key of `experimental.workspace.classes`.
   * @minLength 1
   * @allowed a workspace class id
   */
  readonly id: string;
  /** Category the dashboard groups the class under (e.g. `GENERAL PURPOSE`). */
  readonly category?: string;
  /** Name of the class in the dashboard. */
  readonly displayName?: string;
  /** Description of the class in the dashboard. */
  readonly description?: string;
  /** How many "power-ups" the dashboard shows for the class (a relative size). */
  readonly powerups?: Integer;
  /** The class new workspaces get when the user chose none. */
  readonly isDefault?: boolean;
  /** Hidden from new choices; existing workspaces keep it. */
  readonly deprecated?: boolean;
  /** Feature markers of the class, by name (e.g. `moreResources`). */
  readonly marker?: Record<string, unknown>;
  /** What a workspace of this class costs. */
  readonly credits?: {
    /** Credits one minute of this class costs. */
    readonly perMinute?: number;
  };
}

/** Upstream's experimental settings of the webapp components. */
export interface ExperimentalWebApp {
  /** Settings of public-api-server. */
  readonly publicApi?: {
    /** Secret with Stripe keys for public-api-server. */
    readonly stripeSecretName?: string;
  };
  /** Settings of server. */
  readonly server?: {
    /** Server's defaults for new workspaces. */
    readonly workspaceDefaults?: {
      /** Default workspace image (older place of `workspace.workspaceImage`). */
      readonly workspaceImage?: OptionalImageReference;
    };
    /** Server's OAuth server (local app and CLI sign-in). */
    readonly oauthServer?: {
      /** Signing key of server's OAuth server; generated when absent. */
      readonly jwtSecret?: string;
    };
    /** Server's session cookies. */
    readonly session?: {
      /** Session cookie secret of server; generated when absent. */
      readonly secret?: string;
    };
    /** The GitHub App integration of server. */
    readonly githubApp?: {
      /** GitHub App id. */
      readonly appId?: Integer;
      /** Id of the auth provider (from `authProviders`) the GitHub App belongs to. */
      readonly authProviderId?: string;
      /** Base URL of the GitHub API the app talks to (GitHub Enterprise). */
      readonly baseUrl?: string;
      /** Path of the app's private key inside server's container; `certSecretName` is mounted at its folder. */
      readonly certPath?: string;
      /** Turn on the GitHub App integration. */
      readonly enabled?: boolean;
      /** Log level of the GitHub App integration. */
      readonly logLevel?: string;
      /** Name of the app on the GitHub Marketplace. */
      readonly marketplaceName?: string;
      /** Secret GitHub signs the app's webhook requests with. */
      readonly webhookSecret?: string;
      /** Secret with the GitHub App's private key. */
      readonly certSecretName?: string;
    };
    /** Name of a Secret with Chargebee credentials; mounted into server, turns on Chargebee billing (gitpod.io only). */
    readonly chargebeeSecret?: string;
    /** Name of a Secret with Stripe keys; mounted into server, turns on Stripe billing (gitpod.io only). */
    readonly stripeSecret?: string;
    /** Name of a ConfigMap with Stripe settings (price ids) for server's billing. */
    readonly stripeConfig?: string;
    /** Only auth providers from the config can be used to log in. */
    readonly disableDynamicAuthProviderLogin?: boolean;
    /** Allow the local companion app. */
    readonly enableLocalApp?: boolean;
    /** Run the periodic deletion of old database rows. */
    readonly runDbDeleter?: boolean;
    /** Do not stop and delete old workspaces periodically. @default false */
    readonly disableWorkspaceGarbageCollection?: boolean;
    /** Days after which an unused repository's prebuilds stop. */
    readonly inactivityPeriodForReposInDays?: Count;
    /** Registries workspace base images may come from. */
    readonly defaultBaseImageRegistryWhitelist?: readonly string[];
  };
  /** Settings of proxy. */
  readonly proxy?: {
    /** Static load balancer IP of the proxy Service. */
    readonly staticIP?: string;
    /** Annotations of the proxy Service (load balancer settings). */
    readonly serviceAnnotations?: Record<string, string>;
    /** Deprecated: use `components.proxy.service.serviceType`. */
    readonly serviceType?: ServiceType;
    /** Where proxy fetches ConfigCat feature flags from. */
    readonly configcat?: {
      /** ConfigCat server proxy forwards feature-flag requests to. */
      readonly baseUrl?: string;
      /** How often ConfigCat flags are fetched (a Go duration). */
      readonly pollInterval?: OptionalDuration;
    };
  };
  /** Settings of ws-manager-bridge. */
  readonly wsManagerBridge?: {
    /** The application cluster runs no workspaces: do not register its own ws-manager. */
    readonly skipSelf?: boolean;
  };
  /** Trace sampling of the webapp components. */
  readonly tracing?: TracingSampler;
  /** Spread proxy and server pods over meta nodes. */
  readonly usePodAntiAffinity?: boolean;
  /** Do not run the database migrations Job. */
  readonly disableMigration?: boolean;
  /** Usage-based billing (the usage component). */
  readonly usage?: {
    /** Turn on the usage component's ledger runs. */
    readonly enabled?: boolean;
    /** How often usage runs its ledger (a Go duration; empty: never). */
    readonly schedule?: OptionalDuration;
    /** How often usage resets spending (a Go duration). @default 15m */
    readonly resetUsageSchedule?: OptionalDuration;
    /** Workspace instances that started before this time are not billed (RFC 3339). */
    readonly billInstancesAfter?: string;
    /** Default spending limits in credits. */
    readonly defaultSpendingLimit?: {
      /** Default spending limit of a user's personal account. */
      readonly forUsers?: Integer;
      /** Default spending limit of a team. */
      readonly forTeams?: Integer;
      /** Minimum spending limit of a user who pays through Stripe. */
      readonly minForUsersOnStripe?: Integer;
    };
    /** Credits a minute of each workspace class costs. */
    readonly creditsPerMinuteByWorkspaceClass?: Record<string, number>;
  };
  /** ConfigCat SDK key for feature flags. */
  readonly configcatKey?: string;
  /** Workspace classes users can choose in the dashboard. */
  readonly workspaceClasses?: readonly WebAppWorkspaceClass[];
  /** Stripe price ids for usage billing. */
  readonly stripe?: {
    /** Stripe price ids of individual usage-based plans. */
    readonly individualUsagePriceIds?: {
      /** Price id in euros. */
      readonly eur?: string;
      /** Price id in US dollars. */
      readonly usd?: string;
    };
    /** Stripe price ids of team usage-based plans. */
    readonly teamUsagePriceIds?: {
      /** Price id in euros. */
      readonly eur?: string;
      /** Price id in US dollars. */
      readonly usd?: string;
    };
  };
  /** Testing aid: a slow-server behind toxiproxy. */
  readonly slowDatabase?: boolean;
}

/** Upstream's experimental settings of the IDE components. */
export interface ExperimentalIDE {
  /** Resolve the "latest" IDE images at start. @default true */
  readonly resolveLatest?: boolean;
  /** Settings of ide-proxy. */
  readonly ideProxy?: {
    /** Annotations of the ide-proxy Service. */
    readonly serviceAnnotations?: Record<string, string>;
  };
  /** Settings of openvsx-proxy. */
  readonly openvsxProxy?: {
    /** Annotations of the openvsx-proxy Service. */
    readonly serviceAnnotations?: Record<string, string>;
  };
  /** Settings of ide-metrics. */
  readonly ideMetrics?: {
    /** Let ide-metrics accept error reports from IDEs. */
    readonly enabledErrorReporting?: boolean;
  };
}

/** Upstream's experimental settings shared by every component. */
export interface ExperimentalCommon {
  /** Replicas and resources per component name. */
  readonly podConfig?: Record<string, PodConfig>;
  /** A fixed message bus password instead of a generated one. */
  readonly staticMessagebusPassword?: string;
  /** Render PodSecurityPolicies (Kubernetes < 1.25). */
  readonly usePodSecurityPolicies?: boolean;
}

/** Settings upstream marks as unstable, accepted as the installer does. */
export interface Experimental {
  /** Experimental settings of the workspace components. */
  readonly workspace?: ExperimentalWorkspace;
  /** Experimental settings of the webapp components (server, proxy, ws-manager-bridge, usage). */
  readonly webapp?: ExperimentalWebApp;
  /** Experimental settings of the IDE components. */
  readonly ide?: ExperimentalIDE;
  /** Experimental settings shared by every component. */
  readonly common?: ExperimentalCommon;
  /** Telemetry settings. */
  readonly telemetry?: {
    /** What telemetry reports. */
    readonly data?: {
      /** Platform name sent with telemetry. */
      readonly platform?: string;
    };
  };
  /** agent-smith's abuse detection config, as written. */
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
    /** The cert-manager (Cluster)Issuer that issues the public certificate; a Certificate is rendered. */
    readonly issuer?: {
      /** `Issuer` (in the installation namespace) or `ClusterIssuer`. */
      readonly kind: 'Issuer' | 'ClusterIssuer';
      /**
       * Name of the issuer.
       * @minLength 1
       * @allowed the name of a cert-manager Issuer or ClusterIssuer
       */
      readonly name: string;
    };
  };
  /**
   * Persistent volume sizes of the in-cluster dependencies.
   * @propertyNames {"enum": ["mysql", "minio", "registry", "messagebus", "openvsx-proxy"]}
   */
  readonly storage?: Record<string, DependencyStorage>;
  /** Per-image overrides, keyed by image name (e.g. `proxy`, `library/alpine`): a full image reference. */
  readonly images?: Record<string, ImageReference>;
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
      readonly storeRef: {
        /** `SecretStore` (in the installation namespace) or `ClusterSecretStore`. */
        readonly kind: 'SecretStore' | 'ClusterSecretStore';
        /**
         * Name of the store.
         * @minLength 1
         * @allowed a SecretStore name
         */
        readonly name: string;
      };
      /** Refresh interval of the ExternalSecrets read from the store. @default 1h */
      readonly refreshInterval?: Duration;
    };
    /**
     * Config values you know are not secret but that the secret guard refuses (a random-looking
     * resource name, a test token): each entry is the config path of one text value, as the
     * guard's error prints it, e.g. `customization[0].metadata.annotations["example.com/build-id"]`.
     * A value is accepted only where it comes from a listed path. See README "Secrets".
     * @default []
     */
    readonly notSecret?: readonly ConfigPath[];
  };
  /** GitOps annotations (Argo CD sync waves, prune protection). @default true */
  readonly gitops?: {
    /** Argo CD annotations (sync waves, prune protection). */
    readonly argocd?: boolean;
    /** Flux annotations (prune protection, forced Jobs). */
    readonly flux?: boolean;
  };
  /**
   * Stakater Reloader annotations (`secret.reloader.stakater.com/reload`,
   * `configmap.reloader.stakater.com/reload`) on Deployments, StatefulSets and DaemonSets, naming
   * the Secrets and ConfigMaps their pods read, so a rotated credential rolls its readers (with
   * Reloader installed; inert without). @default true
   */
  readonly reloader?: boolean;
  /**
   * Secrets and ConfigMaps that the user's platform provides in the installation namespace (for
   * objects a downstream package adds, e.g. a `datadog` Secret for a sidecar): references to them
   * validate, `secrets --list` shows them, nothing renders or generates them.
   * @default none
   */
  readonly externals?: {
    /** Secrets the platform provides. */
    readonly secrets?: readonly ExternalObjectSpec[];
    /** ConfigMaps the platform provides. */
    readonly configMaps?: readonly ExternalObjectSpec[];
  };

  /**
   * Several clusters from one config: each renders into its own folder.
   * @minItems 1
   */
  readonly clusters?: readonly ClusterSpec[];
  /** Settings shared by the clusters of `clusters` (docs/multi-cluster.md). */
  readonly fleet?: FleetSettings;}

/** The persistent volume of one in-cluster dependency (`mysql`, `minio`, `registry`, `rabbitmq`). */
export interface DependencyStorage {
  /** Size of the dependency's volume. */
  readonly size?: Quantity;
  /** Storage class of the dependency's volume (empty: the cluster default). */
  readonly storageClass?: string;
}

/** A Secret or ConfigMap provided from outside the rendering. */
export interface ExternalObjectSpec {
  /**
   * Its name (in the installation namespace).
   * @minLength 1
   * @allowed a Secret or ConfigMap name
   */
  readonly name: string;
  /** The keys it holds; a reference to another key is an error. @default any key */
  readonly keys?: readonly string[];
}

/** One cluster of a fleet rendered from one config. */
export interface ClusterSpec {
  /** Folder name under the output directory. */
  readonly name: FolderName;
  /** Installation kind of this cluster (overrides `kind`). */
  readonly kind: InstallationKind;
  /** Shortname of this cluster: a Workspace cluster serves `ws-<shortname>.<domain>`. */
  readonly shortname?: ShortName;
  /** Namespace of this cluster's objects (overrides `--namespace`). */
  readonly namespace?: NamespaceName;
  /**
   * This cluster's region (`GITPOD_REGION`, the proxy's `X-Gitpod-Region`, agent-smith). @default metadata.region
   * @minLength 1
   * @allowed a region name
   */
  readonly region?: string;
  /**
   * A workspace cluster's score among the fleet's clusters (0..100, higher is preferred). @default 50
   * @asType integer
   * @minimum 0
   * @maximum 100
   */
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
  readonly wsManager?: {
    /** Address of ws-manager as the application cluster reaches it (`host:port`). */
    readonly address: HostAndPort;
    /**
     * CIDRs allowed to reach that address (the LoadBalancer's source ranges).
     * @minItems 1
     */
    readonly sourceRanges: readonly Cidr[];
  };
  /**
   * Replaces `experimental.workspace.classes` in this cluster (e.g. other machine sizes in a region). @default the config's
   * @propertyNames {"type": "string", "pattern": "^[-._a-zA-Z0-9]+$", "maxLength": 200, "allowed": "a workspace class id of letters, digits, '-', '_' and '.' (it names ConfigMap keys)"}
   */
  readonly workspaceClasses?: Record<string, WorkspaceClass>;
}

/**
 * gitpod-protocol `AdmissionConstraint` (components/gitpod-protocol/src/workspace-cluster.ts at 2022.11.3).
 * @discriminator type
 */
export type AdmissionConstraint =
  | {
      /** Only users who turned on feature previews. */
      readonly type: 'has-feature-preview';
    }
  | {
      /** Only users with a permission. */
      readonly type: 'has-permission';
      /**
       * The permission (e.g. `admin-workspaces`).
       * @minLength 1
       * @allowed a permission name
       */
      readonly permission: string;
    }
  | {
      /** Only workspaces of a workspace class. */
      readonly type: 'has-class';
      /**
       * Id of the class.
       * @minLength 1
       * @allowed a workspace class id
       */
      readonly id: string;
      /** Name of the class in the dashboard. */
      readonly displayName: string;
    };

/** One CA for the whole fleet: the (Cluster)Issuer, present under this name in every cluster, that signs ws-manager's certificates. */
export interface FleetSettings {
  /** The fleet's CA, which issues ws-manager's server and client certificates in every cluster. */
  readonly ca?: {
    /** The (Cluster)Issuer of that CA, under the same name in every cluster. */
    readonly issuer: {
      /** `Issuer` (in the installation namespace) or `ClusterIssuer`. */
      readonly kind: 'Issuer' | 'ClusterIssuer';
      /**
       * Name of the issuer.
       * @minLength 1
       * @allowed an issuer name
       */
      readonly name: string;
    };
  };
  /**
   * The workspace cluster (its `name`) whose ws-manager the application cluster's image-builder-mk3 drives. @default the first Workspace cluster
   * @minLength 1
   * @allowed the name of a Workspace cluster
   */
  readonly imageBuilds?: string;
}

/** A config after defaults: the fields the installer always fills are required here. */
export interface GitpodConfig {
  /**
   * Config format version: always `v1`.
   * @defaultValue v1
   */
  readonly apiVersion: 'v1';
  /**
   * Which object sets the installation renders (Full, Meta, Workspace, IDE, WebApp). @defaultValue Full
   * @initComment Full | Meta (WebApp + IDE) | Workspace | IDE | WebApp
   */
  readonly kind: InstallationKind;
  /**
   * The domain Gitpod serves (`<domain>`, `*.<domain>`, `*.ws.<domain>`); required.
   * @defaultValue ""
   * @initComment The domain Gitpod is served on. The TLS certificate must cover <domain>, *.<domain> and *.ws.<domain>.
   */
  readonly domain: LowerCaseDomainName;
  /** Region and shortname of this installation (workspace cluster naming). @default region `local`, shortname `default` */
  readonly metadata: Metadata;
  /**
   * Registry of Gitpod's own images. @defaultValue eu.gcr.io/gitpod-core-dev/build
   * @initComment Where images come from. Set it to your mirror for air-gapped clusters (third-party images follow).
   */
  readonly repository: ImagePrefix;
  /**
   * Log level and tracing. @default log level `info`
   * @clearable
   */
  readonly observability: Observability;
  /** Telemetry sink (Segment). @default none */
  readonly analytics?: Analytics;
  /**
   * The database: in-cluster MySQL, an external one, or Cloud SQL. @default in-cluster
   * @clearable
   * @initComment Exactly one of: inCluster: true | external.certificate | cloudSQL {instance, serviceAccount}
   */
  readonly database: Database;
  /**
   * Object storage: in-cluster MinIO, S3, GCS or Azure. @default in-cluster
   * @clearable
   * @initComment Exactly one of: inCluster: true | s3 | cloudStorage | azure
   */
  readonly objectStorage: ObjectStorage;
  /**
   * Registry for workspace images: in-cluster or external. @default in-cluster
   * @clearable
   * @initComment inCluster: true (optionally with s3storage), or inCluster: false with external {url, certificate}
   */
  readonly containerRegistry: ContainerRegistry;
  /**
   * The Secret with the public TLS certificate. @default Secret `https-certificates`
   * @defaultValue { kind: "secret", name: "https-certificates" }
   * @initComment The public TLS certificate: a Secret with tls.crt and tls.key that you create.
   */
  readonly certificate: ObjectRef;
  /** Secret with HTTP(S)_PROXY settings for outgoing traffic. @default none */
  readonly httpProxy?: ObjectRef;
  /** Pull secrets for every image. @default none */
  readonly imagePullSecrets?: readonly ObjectRef[];
  /** Workspace runtime, resources, PVCs and lifetime. */
  readonly workspace: Workspace;
  /**
   * The Open VSX registry the proxy fronts. @default open-vsx.org
   * @clearable
   */
  readonly openVSX: OpenVSX;
  /**
   * Secrets holding the Git auth provider configs. @defaultValue []
   * @clearable
   */
  readonly authProviders: readonly ObjectRef[];
  /**
   * Restrict sign-ups to a pass-list of domains. @default off
   * @clearable
   */
  readonly blockNewUsers: BlockNewUsers;
  /** Secret with the license key. @default none */
  readonly license?: ObjectRef;
  /** Secret with the SSH gateway's host key (enables the gateway). @default none */
  readonly sshGatewayHostKey?: ObjectRef;
  /**
   * Do not use the definitely-gp service for default workspace images. @defaultValue true
   * @clearable
   */
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

// An interface, not an alias of `DeepPartial<GitpodConfig>` (same members), so that TypeDoc
// links the `config` props to it instead of expanding the whole mapped type at each use.
/** A config as a user writes it: every field optional, merged onto `defaultConfig()`. */
export interface GitpodConfigInput extends DeepPartial<GitpodConfig> {}
