import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from './security';
import { nodeNameEnv, proxyEnv, withCustomEnv } from './env';

/** The port registry-facade is reached on, on every workspace node (hostPort) and through its Service. */
export const REGISTRY_FACADE_PORT = 20000;

/** The workspace nodes: regular OR headless (two ORed node selector terms), where the DaemonSets run. */
export function workspaceNodeAffinity(ctx: InstallationContext): k8s.Affinity {
  return ctx.nodeAffinity(WorkloadLabel.WORKSPACE_REGULAR, WorkloadLabel.WORKSPACE_HEADLESS);
}

/**
 * The `node-labeler` sidecar of ws-daemon and registry-facade: it labels the node
 * `gitpod.io/<component>_ready_ns_<ns>` while the component's readiness probe passes (workspace
 * scheduling relies on it) and removes the label on shutdown.
 */
export function nodeLabelerContainer(ctx: InstallationContext, component: string, image: string, readyPort: number): k8s.Container {
  const label = `--label=gitpod.io/${component}_ready_ns_${ctx.namespace}`;
  return {
    name: 'node-labeler',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/app/ready-probe-labeler', label, `--probe-url=http://localhost:${readyPort}/ready`],
    // Upstream applies the component's customization env here too.
    env: withCustomEnv(ctx, component, [...nodeNameEnv(), ...proxyEnv(ctx)]),
    lifecycle: { preStop: { exec: { command: ['/app/ready-probe-labeler', label, '--shutdown'] } } },
    resources: {},
    // Polls a local URL and patches the node through the API: no file, no capability.
    securityContext: hardened({}, { readOnlyRootFilesystem: true }),
  };
}

/**
 * The `update-ca-certificates` init container (upstream `CAUpdaterContainer`) and its two emptyDir
 * volumes: it rebuilds the CA bundle into `cacerts`.
 */
export function caUpdater(ctx: InstallationContext): { container: k8s.Container; volumes: k8s.Volume[] } {
  return {
    container: {
      name: 'update-ca-certificates',
      image: ctx.gitpodImage('ca-updater', ctx.versions.components.caUpdater.version),
      imagePullPolicy: 'IfNotPresent',
      command: ['bash', '-c', "set -e; update-ca-certificates -f; cp /etc/ssl/certs/* /ssl-certs; echo 'OK'"],
      ...(proxyEnv(ctx).length > 0 ? { env: proxyEnv(ctx) } : {}),
      volumeMounts: [
        { name: 'cacerts', mountPath: '/ssl-certs' },
        { name: 'gitpod-ca-certificate', mountPath: '/usr/local/share/ca-certificates/gitpod-ca.crt', subPath: 'ca.crt' },
      ],
      resources: {},
      // Root rewrites root-owned /etc/ssl/certs (so not read-only) and copies into an emptyDir:
      // owner rights suffice, no capability is used.
      securityContext: hardened(),
    },
    volumes: [
      { name: 'gitpod-ca-certificate', emptyDir: {} },
      { name: 'cacerts', emptyDir: {} },
    ],
  };
}

