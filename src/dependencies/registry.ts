import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { DATA_DEPENDENCY, markRole } from '../common/roles';
import type { SecretSpec } from '../secrets/spec';
import type { ValueSource } from '../secrets/generate';
import { ExternalRegistry, IContainerRegistry, ProxiedRegistry } from './container-registry';
import { Certificate } from '../../imports/cert-manager';
import { chartLabels, imagePullSecrets, volumeSize } from '../common/dependency';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { internalCertificate } from '../components/cluster';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentPeers, ingressPolicy, monitoringPeer, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { withCustomEnv } from '../common/env';
import { ComponentProps } from '../common/props';

/** Secret keys of `builtin-registry-auth` that the proxy reads to protect the in-cluster registry. */
export const REGISTRY_AUTH_KEYS = {
  /** The user name of the registry's basic auth. */
  user: 'user',
  /** bcrypt hash of the password. */
  passwordHash: 'passwordHash',
};

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

/** A `.dockerconfigjson` with one registry. */
export function dockerConfigJson(registry: string, user: string, password: string): string {
  return JSON.stringify({ auths: { [registry]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
}

/** What the proxy needs to serve the in-cluster registry at `registry.<domain>`. */
const PROXIED: ProxiedRegistry = {
  service: 'registry',
  authSecret: REGISTRY_AUTH_SECRET.name,
  userKey: REGISTRY_AUTH_SECRET.keys.user,
  passwordHashKey: REGISTRY_AUTH_SECRET.keys.passwordHash,
  tlsSecret: REGISTRY_CERTS_SECRET,
};

/**
 * The in-cluster registry as its clients see it (`registry.<domain>` through the proxy, pull Secret
 * `builtin-registry-auth`): also what a Workspace cluster of a split fleet uses, whose registry is
 * the application cluster's.
 */
export class InClusterRegistryConnection implements IContainerRegistry {
  public readonly host: string;
  public readonly pullSecret = REGISTRY_AUTH_SECRET.name;
  public readonly proxied = PROXIED;
  public readonly secrets: readonly SecretSpec[];

  constructor(ctx: InstallationContext) {
    this.host = `registry.${ctx.domain}`;
    const host = this.host;
    const s3 = ctx.config.containerRegistry.s3storage;
    const registryUser = (v: ValueSource) => v.password('registry-user', 20);
    const registryPassword = (v: ValueSource) => v.password('registry-password');
    this.secrets = [
      ...(s3
        ? [{ name: s3.certificate.name, keys: [REGISTRY_S3_KEYS.accessKey, REGISTRY_S3_KEYS.secretKey], source: 'user' as const, purpose: 'S3 credentials of the in-cluster registry', configPath: 'containerRegistry.s3storage.certificate.name' }]
        : []),
      {
        source: 'generated',
        type: 'kubernetes.io/dockerconfigjson',
        name: REGISTRY_AUTH_SECRET.name,
        // The application cluster's registry and proxy check it, every workspace cluster pulls with it.
        sharesValues: (ctx.fleet?.members.length ?? 0) > 1 || undefined,
        keys: ['.dockerconfigjson', 'user', 'password', 'passwordHash', 'htpasswd'],
        purpose: 'in-cluster registry credentials: pull secret, the basic-auth user and bcrypt hash of the proxy, an htpasswd line',
        labels: { app: 'gitpod', component: DockerRegistry.COMPONENT },
        generate: (v) => {
          const user = registryUser(v);
          const password = registryPassword(v);
          const hash = v.bcrypt(password);
          return {
            '.dockerconfigjson': dockerConfigJson(host, user, password),
            user,
            password,
            // The proxy's basic auth reads the hash base64-encoded; a registry's own auth reads htpasswd.
            passwordHash: Buffer.from(hash).toString('base64'),
            htpasswd: `${user}:${hash}`,
          };
        },
      },
    ];
  }
}

/** The registry `containerRegistry` names, as its clients see it (nothing rendered). */
export function configuredRegistryConnection(ctx: InstallationContext): IContainerRegistry {
  const reg = ctx.config.containerRegistry;
  if (reg.inCluster) return new InClusterRegistryConnection(ctx);
  if (reg.external) return new ExternalRegistry({ url: reg.external.url, pullSecret: reg.external.certificate.name });
  throw new Error('invalid container registry configuration');
}

/**
 * The Secrets only the rendered registry reads: its HTTP secret (generated) and, where Gitpod's
 * servers use it, its cert-manager TLS Secret.
 */
export function dockerRegistrySecrets(ctx: InstallationContext): SecretSpec[] {
  return [
    ...(ctx.includes('webapp') || ctx.includes('workspace')
      ? [{ name: REGISTRY_CERTS_SECRET, keys: ['ca.crt', 'tls.crt', 'tls.key'], source: 'cert-manager' as const, purpose: 'TLS of the in-cluster registry', type: 'kubernetes.io/tls' }]
      : []),
    {
      source: 'generated',
      type: 'Opaque',
      name: REGISTRY_HTTP_SECRET.name,
      keys: [REGISTRY_HTTP_SECRET.keys.haSharedSecret, 'proxyUsername', 'proxyPassword'],
      purpose: 'in-cluster registry: HTTP secret (REGISTRY_HTTP_SECRET)',
      labels: { app: 'docker-registry' },
      generate: (v) => ({ [REGISTRY_HTTP_SECRET.keys.haSharedSecret]: v.password('registry-ha-shared-secret'), proxyUsername: '', proxyPassword: '' }),
    },
  ];
}

/** Props of `DockerRegistry`. */
export interface DockerRegistryProps extends ComponentProps {}

/**
 * The in-cluster container registry (`containerRegistry.inCluster`, the default): docker
 * registry 2.8 behind Service `registry` (443 → 5000, TLS from Certificate
 * `builtin-registry-certs`), storing on PVC `registry` or, with `containerRegistry.s3storage`,
 * in an S3 bucket (the way to use Amazon S3 next to ECR-style setups).
 *
 * The registry does no authentication itself: the proxy guards `registry.<domain>` with the
 * basic auth of `builtin-registry-auth`. An external registry (`containerRegistry.external`)
 * needs no objects (`ExternalRegistry`); components read `IContainerRegistry.host` and `pullSecret`.
 */
export class DockerRegistry extends Construct implements IContainerRegistry {
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

  /** `registry.<domain>`. */
  public readonly host: string;
  /** `builtin-registry-auth`. */
  public readonly pullSecret: string;
  /** Served by the proxy at `registry.<domain>`. */
  public readonly proxied?: ProxiedRegistry;
  /** The credentials (generated), its HTTP secret, its TLS Secret, the S3 credentials when set. */
  public readonly secrets: readonly SecretSpec[];

  constructor(scope: Construct, id: string, props: DockerRegistryProps) {
    super(scope, id);
    markRole(this, DATA_DEPENDENCY);
    const ctx = props.context;
    const connection = new InClusterRegistryConnection(ctx);
    this.host = connection.host;
    this.pullSecret = connection.pullSecret;
    this.proxied = connection.proxied;
    this.secrets = [...connection.secrets, ...dockerRegistrySecrets(ctx)];
    declareSecret(this, ...this.secrets);
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
                env: withCustomEnv(ctx, component, env),
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
