import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager';
import { chartLabels, imagePullSecrets, volumeSize } from '../common/dependency';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { REGISTRY_AUTH_KEYS } from './registry-auth';
import { internalCertificate } from '../components/cluster';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentPeers, ingressPolicy, monitoringPeer, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';

/**
 * The in-cluster registry's credentials (type `kubernetes.io/dockerconfigjson`): the pull secret
 * of image-builder, blobserve and registry-facade, and the basic auth the proxy checks in front
 * of the registry. Keys: `.dockerconfigjson` (`{"auths":{"registry.<domain>":{"auth":...}}}`),
 * `user`, `password`, and `passwordHash` (bcrypt of the password, read by the proxy).
 */
export const REGISTRY_AUTH_SECRET = {
  /** Secret name. */
  name: 'builtin-registry-auth',
  /** Its keys. */
  keys: {
    /** The Docker config with the registry's credentials. */
    dockerConfigJson: '.dockerconfigjson',
    /** The registry user. */
    user: REGISTRY_AUTH_KEYS.user,
    /** That user's password. */
    password: 'password',
    /** bcrypt hash of the password. */
    passwordHash: REGISTRY_AUTH_KEYS.passwordHash,
  },
} as const;

/** The registry's own Secret: `haSharedSecret` signs upload state (REGISTRY_HTTP_SECRET). */
export const REGISTRY_HTTP_SECRET = {
  /** Secret name. */
  name: 'registry-secret',
  /** Its keys. */
  keys: {
    /** The shared secret. */
    haSharedSecret: 'haSharedSecret',
  },
} as const;

/** Keys of the `containerRegistry.s3storage.certificate` Secret. */
export const REGISTRY_S3_KEYS = {
  /** The S3 access key id. */
  accessKey: 's3AccessKey',
  /** The S3 secret key. */
  secretKey: 's3SecretKey',
} as const;

/** The TLS Secret of the registry (`ca.crt`, `tls.crt`, `tls.key`), issued by the internal CA. */
export const REGISTRY_CERTS_SECRET = 'builtin-registry-certs';

/** The in-cluster Docker registry image. */
export const REGISTRY_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.registry;

/** The selector labels of upstream's docker-registry chart (release `docker-registry`). */
const SELECTOR = { app: 'docker-registry', release: 'docker-registry' };

/** The host components push to and pull from: `registry.<domain>` (in-cluster, via the proxy) or the external URL. */
export function registryHost(ctx: InstallationContext): string {
  const reg = ctx.config.containerRegistry;
  if (reg.inCluster) return `registry.${ctx.domain}`;
  if (reg.external) return reg.external.url;
  throw new Error('invalid container registry configuration');
}

/** The pull Secret (`.dockerconfigjson`) for the registry: `builtin-registry-auth` or `containerRegistry.external.certificate`. */
export function registryPullSecret(ctx: InstallationContext): string {
  const reg = ctx.config.containerRegistry;
  if (reg.inCluster) return REGISTRY_AUTH_SECRET.name;
  if (reg.external) return reg.external.certificate.name;
  throw new Error('invalid container registry configuration');
}

/** Props of `DockerRegistry`. */
export interface DockerRegistryProps {
  /** The installation the component belongs to: its config, names, labels, images and namespace. */
  readonly context: InstallationContext;
}

/**
 * The in-cluster container registry (`containerRegistry.inCluster`, the default): docker
 * registry 2.8 behind Service `registry` (443 → 5000, TLS from Certificate
 * `builtin-registry-certs`), storing on PVC `registry` or, with `containerRegistry.s3storage`,
 * in an S3 bucket (the way to use Amazon S3 next to ECR-style setups).
 *
 * The registry does no authentication itself: the proxy guards `registry.<domain>` with the
 * basic auth of `builtin-registry-auth`. An external registry (`containerRegistry.external`)
 * needs no objects here; components use `registryHost()` and `registryPullSecret()`.
 */
export class DockerRegistry extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'docker-registry';

  /** The component's TLS Certificate (cert-manager, from the internal CA). */
  public readonly certificate: Certificate;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's PersistentVolumeClaim (undefined when the config leaves it out); patch it for what the props do not cover. */
  public readonly persistentVolumeClaim?: k8s.KubePersistentVolumeClaim;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /**
   * Not upstream's (it left the registry open): only the proxy reaches it (pushes and pulls go to
   * \`registry.<domain>\`, which the proxy forwards), Prometheus its debug port.
   */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: DockerRegistryProps) {
    super(scope, id);
    const ctx = props.context;
    const component = DockerRegistry.COMPONENT;
    const s3 = ctx.config.containerRegistry.s3storage;
    const meta = (name: string, labels: Record<string, string> = SELECTOR): k8s.ObjectMeta => ({
      name,
      namespace: ctx.namespace,
      labels: chartLabels(ctx, component, labels),
    });

    this.certificate = internalCertificate(this, 'certificate', ctx, component, {
      name: REGISTRY_CERTS_SECRET,
      dnsNames: [ctx.serviceHost('registry')],
    });
    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);

    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: meta('registry-config'),
      data: { 'config.yml': REGISTRY_CONFIG },
    });

    if (!s3) {
      const volume = volumeSize(ctx, 'registry', '10Gi');
      this.persistentVolumeClaim = new k8s.KubePersistentVolumeClaim(this, 'pvc', {
        // The chart labelled its claim `app: registry`, unlike everything else.
        metadata: meta('registry', { app: 'registry', release: 'docker-registry' }),
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: volume.size } },
          ...(volume.storageClassName ? { storageClassName: volume.storageClassName } : {}),
        },
      });
    }

    this.networkPolicy = ingressPolicy(this, meta('registry'), SELECTOR, [
      { from: componentPeers(ctx, ['proxy']), ports: tcpPorts(5000) },
      { from: [monitoringPeer()], ports: tcpPorts(5001) },
    ]);

    this.service = new k8s.KubeService(this, 'service', {
      metadata: meta('registry'),
      spec: {
        type: 'ClusterIP',
        ports: [{ port: 443, protocol: 'TCP', name: 'https-443', targetPort: k8s.IntOrString.fromNumber(5000) }],
        selector: SELECTOR,
      },
    });

    const probe: k8s.Probe = { httpGet: { scheme: 'HTTPS', path: '/', port: k8s.IntOrString.fromNumber(5000) } };
    const env: k8s.EnvVar[] = [
      { name: 'REGISTRY_HTTP_SECRET', valueFrom: { secretKeyRef: { name: REGISTRY_HTTP_SECRET.name, key: REGISTRY_HTTP_SECRET.keys.haSharedSecret } } },
      { name: 'REGISTRY_HTTP_TLS_CERTIFICATE', value: '/etc/ssl/docker/tls.crt' },
      { name: 'REGISTRY_HTTP_TLS_KEY', value: '/etc/ssl/docker/tls.key' },
    ];
    if (s3) {
      env.push(
        { name: 'REGISTRY_STORAGE_S3_REGION', value: s3.region },
        { name: 'REGISTRY_STORAGE_S3_REGIONENDPOINT', value: s3.endpoint },
        { name: 'REGISTRY_STORAGE_S3_BUCKET', value: s3.bucket },
        { name: 'REGISTRY_STORAGE_S3_ENCRYPT', value: 'true' },
        { name: 'REGISTRY_STORAGE_S3_SECURE', value: 'true' },
        { name: 'REGISTRY_STORAGE_S3_ACCESSKEY', valueFrom: { secretKeyRef: { name: s3.certificate.name, key: REGISTRY_S3_KEYS.accessKey } } },
        { name: 'REGISTRY_STORAGE_S3_SECRETKEY', valueFrom: { secretKeyRef: { name: s3.certificate.name, key: REGISTRY_S3_KEYS.secretKey } } },
      );
    } else {
      env.push({ name: 'REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY', value: '/var/lib/registry' });
    }

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: meta('registry'),
      spec: {
        selector: { matchLabels: SELECTOR },
        replicas: 1,
        minReadySeconds: 5,
        template: {
          metadata: { labels: chartLabels(ctx, component, SELECTOR) },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            imagePullSecrets: imagePullSecrets(ctx),
            securityContext: { fsGroup: 1000, runAsUser: 1000 },
            containers: [
              {
                name: 'docker-registry',
                image: ctx.thirdPartyImage(REGISTRY_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/registry', 'serve', '/etc/docker/registry/config.yml'],
                ports: [{ containerPort: 5000 }],
                // The pod's user 1000 on :5000; uploads go to the storage volume (or S3).
                securityContext: hardened({ runAsNonRoot: true }),
                livenessProbe: probe,
                readinessProbe: probe,
                env: ctx.withCustomEnv(component, env),
                volumeMounts: [
                  { name: 'registry-config', mountPath: '/etc/docker/registry' },
                  ...(s3 ? [] : [{ name: 'data', mountPath: '/var/lib/registry/' }]),
                  { name: 'tls-cert', mountPath: '/etc/ssl/docker', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'registry-config', configMap: { name: this.configMap.name } },
              ...(s3 ? [] : [{ name: 'data', persistentVolumeClaim: { claimName: 'registry' } }]),
              { name: 'tls-cert', secret: { secretName: REGISTRY_CERTS_SECRET } },
            ],
          },
        },
      },
    });
  }
}

/** The registry's `config.yml` (the chart's defaults): storage, TLS and the secret come from env. */
const REGISTRY_CONFIG = [
  'health:',
  '  storagedriver:',
  '    enabled: true',
  '    interval: 10s',
  '    threshold: 3',
  'http:',
  '  addr: :5000',
  '  debug:',
  '    addr: :5001',
  '    prometheus:',
  '      enabled: false',
  '      path: /metrics',
  '  headers:',
  '    X-Content-Type-Options:',
  '    - nosniff',
  'log:',
  '  fields:',
  '    service: registry',
  'storage:',
  '  cache:',
  '    blobdescriptor: inmemory',
  'version: 0.1',
].join('\n');
