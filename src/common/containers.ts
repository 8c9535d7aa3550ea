import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { hardened } from './security';
import { THIRD_PARTY_IMAGES } from '../images';
import { proxyEnv } from './env';
import type { IDatabase } from '../dependencies/database';
import type { IMessageBus } from '../dependencies/message-bus';

export const KUBE_RBAC_PROXY = THIRD_PARTY_IMAGES.kubeRbacProxy;

/**
 * The kube-rbac-proxy sidecar: serves the component's metrics on :9500 behind Kubernetes
 * authentication, forwarding to the component's own metrics port.
 */
export function kubeRbacProxyContainer(
  ctx: InstallationContext,
  opts: { upstreamPort?: number; resources?: k8s.ResourceRequirements; proxyEnv?: boolean; terminationMessagePolicy?: boolean } = {},
): k8s.Container {
  return {
    name: 'kube-rbac-proxy',
    image: ctx.thirdPartyImage(KUBE_RBAC_PROXY),
    args: [
      '--logtostderr',
      '--insecure-listen-address=[$(IP)]:9500',
      `--upstream=http://127.0.0.1:${opts.upstreamPort ?? 9500}/`,
    ],
    env: [
      { name: 'IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      ...(opts.proxyEnv === false ? [] : proxyEnv(ctx)),
    ],
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 9500, name: 'metrics', protocol: 'TCP' }],
    resources: opts.resources ?? {
      requests: { cpu: k8s.Quantity.fromString('1m'), memory: k8s.Quantity.fromString('30Mi') },
    },
    // A static Go binary logging to stderr: it writes nothing to disk.
    securityContext: hardened({ runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 }, { readOnlyRootFilesystem: true }),
    ...(opts.terminationMessagePolicy === false ? {} : { terminationMessagePolicy: 'FallbackToLogsOnError' }),
  };
}

/** Init container that waits until the database accepts connections (it dials what the client env names). */
export function databaseWaiterContainer(ctx: InstallationContext, database: IDatabase): k8s.Container {
  return serviceWaiterContainer(ctx, 'database-waiter', 'database', database.clientEnv());
}

/** Init container that waits until the message bus accepts connections. */
export function messageBusWaiterContainer(ctx: InstallationContext, messageBus: IMessageBus): k8s.Container {
  return serviceWaiterContainer(ctx, 'msgbus-waiter', 'messagebus', messageBus.clientEnv());
}

/** Upstream's service-waiter for one dependency (`service-waiter -v <what>`), dialling what the client env names. */
function serviceWaiterContainer(ctx: InstallationContext, name: string, what: string, clientEnv: k8s.EnvVar[]): k8s.Container {
  return {
    name,
    image: ctx.gitpodImage('service-waiter', ctx.versions.components.serviceWaiter.version),
    args: ['-v', what],
    env: [...clientEnv, ...proxyEnv(ctx)],
    resources: {},
    securityContext: waiterSecurityContext(),
  };
}

/**
 * service-waiter only dials the database or message bus; the one file it writes is the
 * termination log, which the kubelet mounts (components/service-waiter/cmd/root.go).
 */
function waiterSecurityContext(): k8s.SecurityContext {
  return hardened({ privileged: false, runAsUser: 31001 }, { readOnlyRootFilesystem: true });
}

/** Where the combined CA bundle (public roots + the custom CA) is mounted. */
export const CA_BUNDLE_DIR = '/etc/ssl/gitpod';
export const CA_BUNDLE_FILE = `${CA_BUNDLE_DIR}/ca-certificates.crt`;

export interface CustomCACert {
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly env: k8s.EnvVar[];
  /** Builds the combined bundle; add it to the pod's init containers. */
  readonly initContainers: k8s.Container[];
}

/**
 * Trust for the `customCACert` Secret (key `ca.crt`), when it is set, ADDED to the public roots.
 *
 * Upstream pointed `GIT_SSL_CAINFO` at the custom CA alone, so git then trusted nothing else
 * (gitpod-io/gitpod#10173: cloning from GitHub failed). Here an init container concatenates the
 * system bundle and the custom CA into an emptyDir, and git, Go (`SSL_CERT_FILE`) and OpenSSL
 * read that bundle; Node keeps its roots and adds the CA through `NODE_EXTRA_CA_CERTS`.
 */
export function customCACert(ctx: InstallationContext): CustomCACert {
  const ref = ctx.config.customCACert;
  if (!ref) return { volumes: [], mounts: [], env: [], initContainers: [] };
  return {
    volumes: [
      { name: 'custom-ca-cert', secret: { secretName: ref.name, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'ca-bundle', emptyDir: {} },
    ],
    mounts: [
      { name: 'custom-ca-cert', mountPath: '/etc/ssl/certs/custom-ca.crt', subPath: 'ca.crt', readOnly: true },
      { name: 'ca-bundle', mountPath: CA_BUNDLE_DIR, readOnly: true },
    ],
    env: [
      { name: 'NODE_EXTRA_CA_CERTS', value: '/etc/ssl/certs/custom-ca.crt' },
      { name: 'GIT_SSL_CAPATH', value: '/etc/ssl/certs/' },
      { name: 'GIT_SSL_CAINFO', value: CA_BUNDLE_FILE },
      { name: 'SSL_CERT_FILE', value: CA_BUNDLE_FILE },
    ],
    initContainers: [
      {
        name: 'ca-bundle',
        image: ctx.gitpodImage('ca-updater', ctx.versions.components.caUpdater.version),
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', `set -e; cat /etc/ssl/certs/ca-certificates.crt /custom-ca/ca.crt > ${CA_BUNDLE_FILE}`],
        volumeMounts: [
          { name: 'custom-ca-cert', mountPath: '/custom-ca', readOnly: true },
          { name: 'ca-bundle', mountPath: CA_BUNDLE_DIR },
        ],
        // `cat` into the emptyDir: nothing else is written, no capability needed.
        securityContext: hardened({ runAsNonRoot: false }, { readOnlyRootFilesystem: true }),
      },
    ],
  };
}
