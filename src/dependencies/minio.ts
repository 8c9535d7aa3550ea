import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { DATA_DEPENDENCY, markRole } from '../common/roles';
import { chartLabels, chartMetadata, imagePullSecrets, volumeSize } from '../common/dependency';
import { PodSecurityRole, podSecurityRoleBinding } from '../common/rbac';
import type { SecretSpec } from '../secrets/spec';
import { blobQuota, IObjectStorage, KEY_FILES, StorageCredentials, storageBase, storageSecretVolume } from './object-storage';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentPeers, ingressPolicy, monitoringPeer, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { ComponentProps } from '../common/props';

/** The MinIO root credentials (Secret `minio`, keys `root-user`, `root-password`, as the bitnami chart): also the storage clients' keys. */
export const MINIO_SECRET = {
  /** Secret name. */
  name: 'minio',
  /** Key of the root user (the clients' access key). */
  userKey: 'root-user',
  /** Key of the root password (the clients' secret key). */
  passwordKey: 'root-password',
};

/** Keys of the `objectStorage.azure.credentials` Secret the MinIO gateway reads. */
export const AZURE_STORAGE_KEYS = {
  /** The storage account name. */
  accountName: 'accountName',
  /** The storage account key. */
  accountKey: 'accountKey',
} as const;

/** The in-cluster MinIO image. */
export const MINIO_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.minio;
/** The MinIO image of the Azure Blob Storage gateway (the last one with gateway mode). */
export const MINIO_GATEWAY_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.minioGateway;

/** MinIO's API and console ports (Service `minio`). */
/** The components whose storage config (`IObjectStorage.storageConfig()`) points at MinIO's API. */
export const STORAGE_CLIENTS = ['content-service', 'ws-manager', 'ws-daemon'] as const;

/** Ports of MinIO. */
export const MINIO_PORTS = {
  /** The S3 API. */
  api: 9000,
  /** The web console. */
  console: 9001,
} as const;

/** The selector labels of the bitnami minio chart (release `minio`). */
const SELECTOR = { 'app.kubernetes.io/name': 'minio', 'app.kubernetes.io/instance': 'minio' };

/**
 * The storage MinIO serves (in-cluster or the Azure gateway), as its clients see it: MinIO's API
 * at Service `minio`, the keys of the `minio` Secret mounted as files.
 */
export class MinioConnection implements IObjectStorage {
  public readonly routesMinioConsole = true;
  public readonly secrets: readonly SecretSpec[];
  private readonly ctx: InstallationContext;

  constructor(ctx: InstallationContext) {
    this.ctx = ctx;
    const azure = ctx.config.objectStorage.azure;
    this.secrets = [
      ...(azure
        ? [{ name: azure.credentials.name, keys: [AZURE_STORAGE_KEYS.accountName, AZURE_STORAGE_KEYS.accountKey], source: 'user' as const, purpose: 'Azure storage account', configPath: 'objectStorage.azure.credentials.name' }]
        : []),
      {
        source: 'generated',
        type: 'Opaque',
        name: MINIO_SECRET.name,
        keys: [MINIO_SECRET.userKey, MINIO_SECRET.passwordKey, 'key.json'],
        purpose: 'MinIO root credentials (also the object-storage keys of content-service, ws-manager, ws-daemon)',
        labels: SELECTOR,
        generate: (v) => ({ [MINIO_SECRET.userKey]: v.password('minio-user', 20), [MINIO_SECRET.passwordKey]: v.password('minio-password'), 'key.json': '' }),
      },
    ];
  }

  public storageConfig(): Record<string, unknown> {
    const ctx = this.ctx;
    return {
      ...storageBase(ctx),
      kind: 'minio',
      minio: { endpoint: `${ctx.serviceHost('minio')}:${MINIO_PORTS.api}`, ...KEY_FILES, region: 'local', parallelUpload: 6 },
      blobQuota: blobQuota(ctx),
    };
  }

  public credentials(): StorageCredentials {
    return storageSecretVolume(MINIO_SECRET.name, [
      { key: MINIO_SECRET.userKey, path: 'accessKeyId' },
      { key: MINIO_SECRET.passwordKey, path: 'secretAccessKey' },
    ]);
  }
}

/** Props of `Minio`. */
export interface MinioProps extends ComponentProps {}

/**
 * Object storage run in the cluster: MinIO on a PersistentVolume (`objectStorage.inCluster`, the
 * default) or a MinIO gateway in front of Azure Blob Storage (`objectStorage.azure`). With S3 or
 * Google Cloud Storage nothing is rendered (upstream leaves a `minio` RoleBinding to a
 * ServiceAccount that does not exist; here `S3ObjectStorage` and `GcsObjectStorage` render nothing).
 *
 * Names and selectors are those of upstream's bitnami chart (Deployment `minio`, PVC `minio`), so
 * the data of an existing installation stays where it is. The root credentials come from the
 * `minio` Secret (keys `root-user`, `root-password`), which is not rendered.
 */
export class Minio extends Construct implements IObjectStorage {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'minio';

  /** Whether the config runs MinIO: in-cluster storage, or the gateway for Azure. */
  public static rendered(ctx: InstallationContext): boolean {
    return ctx.config.objectStorage.inCluster === true || ctx.config.objectStorage.azure !== undefined;
  }

  /** The component's RoleBinding (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The component's ServiceAccount (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The component's PersistentVolumeClaim (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly persistentVolumeClaim?: k8s.KubePersistentVolumeClaim;
  /** The component's Service (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly service?: k8s.KubeService;
  /** The component's Deployment (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly deployment?: k8s.KubeDeployment;
  /**
   * Not upstream's (it left MinIO open): the API only for the storage clients (content-service,
   * ws-manager, ws-daemon: \`storageConfig\`), the console only for the proxy (vhost \`minio.<domain>\`),
   * metrics for Prometheus.
   */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The proxy routes `minio.<domain>` to MinIO's console. */
  public readonly routesMinioConsole: boolean;
  /** The `minio` Secret (generated) and, for the gateway, the Azure credentials. */
  public readonly secrets: readonly SecretSpec[];
  private readonly connection: MinioConnection;

  constructor(scope: Construct, id: string, props: MinioProps) {
    super(scope, id);
    markRole(this, DATA_DEPENDENCY);
    const ctx = props.context;
    const component = Minio.COMPONENT;
    const os = ctx.config.objectStorage;
    this.connection = new MinioConnection(ctx);
    this.routesMinioConsole = this.connection.routesMinioConsole;
    this.secrets = this.connection.secrets;
    declareSecret(this, ...this.secrets);

    if (!Minio.rendered(ctx)) return;
    this.roleBinding = podSecurityRoleBinding(this, ctx, component, { role: PodSecurityRole.UNPRIVILEGED });
    const azure = os.azure;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: chartMetadata(ctx, component, 'minio', SELECTOR),
      automountServiceAccountToken: true,
      secrets: [{ name: MINIO_SECRET.name }],
      imagePullSecrets: imagePullSecrets(ctx),
    });

    if (!azure) {
      const volume = volumeSize(ctx, 'minio', '8Gi');
      this.persistentVolumeClaim = new k8s.KubePersistentVolumeClaim(this, 'pvc', {
        metadata: chartMetadata(ctx, component, 'minio', SELECTOR),
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: volume.size } },
          ...(volume.storageClassName ? { storageClassName: volume.storageClassName } : {}),
        },
      });
    }

    this.networkPolicy = ingressPolicy(this, chartMetadata(ctx, component, 'minio', SELECTOR), SELECTOR, [
      { from: componentPeers(ctx, STORAGE_CLIENTS), ports: tcpPorts(MINIO_PORTS.api) },
      { from: componentPeers(ctx, ['proxy']), ports: tcpPorts(MINIO_PORTS.console) },
      // MINIO_PROMETHEUS_AUTH_TYPE=public: metrics are served on the API port.
      { from: [monitoringPeer()], ports: tcpPorts(MINIO_PORTS.api) },
    ]);

    this.service = new k8s.KubeService(this, 'service', {
      metadata: chartMetadata(ctx, component, 'minio', SELECTOR),
      spec: {
        type: 'ClusterIP',
        ports: [
          { name: 'minio-api', port: MINIO_PORTS.api, targetPort: k8s.IntOrString.fromString('minio-api') },
          { name: 'minio-console', port: MINIO_PORTS.console, targetPort: k8s.IntOrString.fromString('minio-console') },
        ],
        selector: SELECTOR,
      },
    });

    const fromSecret = (name: string, secret: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    const rootCredentials = [
      fromSecret('MINIO_ROOT_USER', MINIO_SECRET.name, MINIO_SECRET.userKey),
      fromSecret('MINIO_ROOT_PASSWORD', MINIO_SECRET.name, MINIO_SECRET.passwordKey),
    ];
    // The chart's gateway template sets fewer variables than its standalone one.
    const env: k8s.EnvVar[] = azure
      ? [
          ...rootCredentials,
          fromSecret('AZURE_STORAGE_ACCOUNT', azure.credentials.name, AZURE_STORAGE_KEYS.accountName),
          fromSecret('AZURE_STORAGE_KEY', azure.credentials.name, AZURE_STORAGE_KEYS.accountKey),
          { name: 'MINIO_PROMETHEUS_AUTH_TYPE', value: 'public' },
          { name: 'MINIO_CONSOLE_PORT_NUMBER', value: String(MINIO_PORTS.console) },
          { name: 'MINIO_SKIP_CLIENT', value: 'yes' },
        ]
      : [
          { name: 'BITNAMI_DEBUG', value: 'false' },
          { name: 'MINIO_SCHEME', value: 'http' },
          { name: 'MINIO_FORCE_NEW_KEYS', value: 'no' },
          ...rootCredentials,
          { name: 'MINIO_BROWSER', value: 'on' },
          { name: 'MINIO_PROMETHEUS_AUTH_TYPE', value: 'public' },
          { name: 'MINIO_CONSOLE_PORT_NUMBER', value: String(MINIO_PORTS.console) },
          { name: 'MINIO_SKIP_CLIENT', value: 'yes' },
        ];
    const image = azure ? MINIO_GATEWAY_IMAGE : MINIO_IMAGE;
    const memory = String(os.resources?.requests?.memory ?? '2Gi');

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: chartMetadata(ctx, component, 'minio', SELECTOR),
      spec: {
        ...(azure ? { replicas: 2 } : {}),
        selector: { matchLabels: SELECTOR },
        // One pod owns the ReadWriteOnce volume: the old one must stop before the new one starts.
        strategy: { type: azure ? 'RollingUpdate' : 'Recreate' },
        template: {
          metadata: { labels: chartLabels(ctx, component, SELECTOR) },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            imagePullSecrets: imagePullSecrets(ctx),
            // The gateway keeps no state: upstream spreads its replicas instead of pinning them to meta nodes.
            affinity: azure
              ? {
                  podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      { weight: 1, podAffinityTerm: { labelSelector: { matchLabels: SELECTOR }, topologyKey: 'kubernetes.io/hostname' } },
                    ],
                  },
                }
              : ctx.nodeAffinity(WorkloadLabel.META),
            securityContext: { fsGroup: 1001 },
            containers: [
              {
                name: 'minio',
                image: ctx.thirdPartyImage(image),
                imagePullPolicy: 'IfNotPresent',
                ...(azure
                  ? {
                      command: ['minio'],
                      args: ['--certs-dir', '/opt/bitnami/minio/certs', 'gateway', 'azure', '--console-address', `:${MINIO_PORTS.console}`],
                    }
                  : {}),
                // As later bitnami charts: no escalation, no capability, default seccomp (their scripts write
                // under /opt/bitnami, so the root fs stays writable).
                securityContext: hardened({ runAsNonRoot: true, runAsUser: 1001 }),
                env,
                ports: [
                  { name: 'minio-api', containerPort: MINIO_PORTS.api, protocol: 'TCP' },
                  { name: 'minio-console', containerPort: MINIO_PORTS.console, protocol: 'TCP' },
                ],
                livenessProbe: {
                  httpGet: { path: '/minio/health/live', port: k8s.IntOrString.fromString('minio-api'), scheme: 'HTTP' },
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: {
                  tcpSocket: { port: k8s.IntOrString.fromString('minio-api') },
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                  timeoutSeconds: 1,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                resources: ctx.resources(component, 'minio', { requests: { memory } }),
                ...(azure ? {} : { volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
              },
            ],
            ...(azure ? {} : { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'minio' } }] }),
          },
        },
      },
    });
  }

  public storageConfig(): Record<string, unknown> {
    return this.connection.storageConfig();
  }

  public credentials(): StorageCredentials {
    return this.connection.credentials();
  }
}
