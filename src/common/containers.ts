import { InstallationContext } from '../context';
import { k8s } from '../k8s';

export const KUBE_RBAC_PROXY = { registry: 'quay.io', path: 'brancz/kube-rbac-proxy', tag: 'v0.12.0' };

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
    image: ctx.thirdPartyImage(KUBE_RBAC_PROXY.registry, KUBE_RBAC_PROXY.path, KUBE_RBAC_PROXY.tag),
    args: [
      '--logtostderr',
      '--insecure-listen-address=[$(IP)]:9500',
      `--upstream=http://127.0.0.1:${opts.upstreamPort ?? 9500}/`,
    ],
    env: [
      { name: 'IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      ...(opts.proxyEnv === false ? [] : ctx.proxyEnv()),
    ],
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 9500, name: 'metrics', protocol: 'TCP' }],
    resources: opts.resources ?? {
      requests: { cpu: k8s.Quantity.fromString('1m'), memory: k8s.Quantity.fromString('30Mi') },
    },
    securityContext: { runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 },
    ...(opts.terminationMessagePolicy === false ? {} : { terminationMessagePolicy: 'FallbackToLogsOnError' }),
  };
}

/** Init container that waits until the database accepts connections. */
export function databaseWaiterContainer(ctx: InstallationContext): k8s.Container {
  return {
    name: 'database-waiter',
    image: ctx.gitpodImage('service-waiter', ctx.versions.components.serviceWaiter.version),
    args: ['-v', 'database'],
    env: [...ctx.databaseEnv(), ...ctx.proxyEnv()],
    resources: {},
    securityContext: { privileged: false, runAsUser: 31001 },
  };
}

/** Init container that waits until the message bus accepts connections. */
export function messageBusWaiterContainer(ctx: InstallationContext): k8s.Container {
  return {
    name: 'msgbus-waiter',
    image: ctx.gitpodImage('service-waiter', ctx.versions.components.serviceWaiter.version),
    args: ['-v', 'messagebus'],
    env: [...ctx.messageBusEnv(), ...ctx.proxyEnv()],
    resources: {},
    securityContext: { privileged: false, runAsUser: 31001 },
  };
}

/** Mount of the `customCACert` Secret and the env that makes Node and git trust it, when it is set. */
export function customCACert(ctx: InstallationContext): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[]; env: k8s.EnvVar[] } {
  const ref = ctx.config.customCACert;
  if (!ref) return { volumes: [], mounts: [], env: [] };
  return {
    volumes: [{ name: 'custom-ca-cert', secret: { secretName: ref.name, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }],
    mounts: [{ name: 'custom-ca-cert', mountPath: '/etc/ssl/certs/custom-ca.crt', subPath: 'ca.crt', readOnly: true }],
    env: [
      { name: 'NODE_EXTRA_CA_CERTS', value: '/etc/ssl/certs/custom-ca.crt' },
      { name: 'GIT_SSL_CAPATH', value: '/etc/ssl/certs/' },
      { name: 'GIT_SSL_CAINFO', value: '/etc/ssl/certs/custom-ca.crt' },
    ],
  };
}
