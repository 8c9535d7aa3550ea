import { Manifest, podSpec, render } from './helpers';

/**
 * Every privileged container, host namespace, host port and host path of a rendering, one line each.
 * Upstream needs them only in ws-daemon, agent-smith, registry-facade (hostPort, `/` for the
 * custom-CA installer) and the proxy's sysctl init container; anything else is a regression.
 */
function hostAccess(objects: Manifest[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    if (!['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'].includes(o.kind)) continue;
    const spec = o.kind === 'Pod' ? o.spec : podSpec(o);
    const at = `${o.kind}/${o.metadata.name}`;
    for (const key of ['hostPID', 'hostIPC', 'hostNetwork']) if (spec[key]) out.push(`${at} ${key}`);
    for (const v of spec.volumes ?? []) if (v.hostPath) out.push(`${at} hostPath ${v.name}=${v.hostPath.path}`);
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const sc = c.securityContext ?? {};
      if (sc.privileged) out.push(`${at} ${c.name} privileged`);
      if (sc.allowPrivilegeEscalation) out.push(`${at} ${c.name} allowPrivilegeEscalation`);
      for (const cap of sc.capabilities?.add ?? []) out.push(`${at} ${c.name} capability ${cap}`);
      // Beyond upstream: a container that keeps the runtime's default capabilities, or runs as root by request.
      if (!sc.privileged && !sc.capabilities?.drop?.includes('ALL')) out.push(`${at} ${c.name} default capabilities`);
      if (sc.runAsUser === 0) out.push(`${at} ${c.name} runAsUser 0`);
      if (sc.procMount && sc.procMount !== 'Default') out.push(`${at} ${c.name} procMount ${sc.procMount}`);
      if (sc.seccompProfile?.type === 'Unconfined') out.push(`${at} ${c.name} seccomp Unconfined`);
      for (const p of c.ports ?? []) if (p.hostPort) out.push(`${at} ${c.name} hostPort ${p.hostPort}`);
    }
  }
  return out.sort();
}

const WS_DAEMON = [
  'DaemonSet/ws-daemon disable-kube-health-monitor privileged',
  'DaemonSet/ws-daemon hostPID',
  'DaemonSet/ws-daemon hostPath containerd-socket=/run/containerd/containerd.sock',
  'DaemonSet/ws-daemon hostPath gcloud-tmp=/var/gitpod/tmp/backup',
  'DaemonSet/ws-daemon hostPath hostfs=/',
  'DaemonSet/ws-daemon hostPath hostseccomp=/var/lib/kubelet/seccomp',
  'DaemonSet/ws-daemon hostPath node-cgroups=/sys/fs/cgroup',
  'DaemonSet/ws-daemon hostPath node-fs0=/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io',
  'DaemonSet/ws-daemon hostPath node-hosts=/etc/hosts',
  'DaemonSet/ws-daemon hostPath node-linux-src=/usr/src',
  'DaemonSet/ws-daemon hostPath node-mounts=/proc/mounts',
  'DaemonSet/ws-daemon hostPath working-area=/var/gitpod/workspaces',
  'DaemonSet/ws-daemon seccomp-profile-installer privileged',
  'DaemonSet/ws-daemon sysctl privileged',
  'DaemonSet/ws-daemon ws-daemon hostPort 8080',
  'DaemonSet/ws-daemon ws-daemon privileged',
];
const AGENT_SMITH = ['DaemonSet/agent-smith agent-smith privileged', 'DaemonSet/agent-smith hostPID'];
const REGISTRY_FACADE = ['DaemonSet/registry-facade hostPath hostfs=/', 'DaemonSet/registry-facade registry-facade hostPort 20000'];
const PROXY = ['Deployment/proxy sysctl privileged', 'Deployment/proxy proxy capability NET_BIND_SERVICE'];
// Caddy as root on :80 keeps the one capability it needs of the runtime's defaults (all others dropped).
const IDE_CADDY = ['Deployment/dashboard dashboard capability NET_BIND_SERVICE', 'Deployment/ide-proxy ide-proxy capability NET_BIND_SERVICE'];
// bitnami's volume-permissions init container chowns the data volume as root.
const MYSQL = [
  'StatefulSet/mysql volume-permissions default capabilities',
  'StatefulSet/mysql volume-permissions runAsUser 0',
  // db-migrations runs as root in a folder owned by uid 10000.
  'Job/migrations migrations default capabilities',
];

describe('host access: only where upstream needs it', () => {
  test('Full installation (default config)', () => {
    expect(hostAccess(render())).toEqual([...WS_DAEMON, ...AGENT_SMITH, ...REGISTRY_FACADE, ...PROXY, ...IDE_CADDY, ...MYSQL].sort());
  });

  test('Workspace cluster with shiftfs and a custom CA (every optional host access on)', () => {
    const objects = render({
      kind: 'Workspace',
      customCACert: { kind: 'secret', name: 'my-ca' },
      workspace: { runtime: { fsShiftMethod: 'shiftfs' } },
    });
    expect(hostAccess(objects)).toEqual([...WS_DAEMON, 'DaemonSet/ws-daemon shiftfs-module-loader privileged', ...AGENT_SMITH, ...REGISTRY_FACADE].sort());
  });

  test('Meta, WebApp and IDE clusters: the proxy sysctl init container, Caddy\'s port binding, MySQL\'s chown', () => {
    expect(hostAccess(render({ kind: 'Meta' }))).toEqual([...PROXY, ...IDE_CADDY, ...MYSQL].sort());
    expect(hostAccess(render({ kind: 'WebApp' }))).toEqual([...PROXY, 'Deployment/dashboard dashboard capability NET_BIND_SERVICE', ...MYSQL].sort());
    expect(hostAccess(render({ kind: 'IDE' }))).toEqual(['Deployment/ide-proxy ide-proxy capability NET_BIND_SERVICE']);
  });
});

/** Every container of a rendering with its pod's workload: `<Kind>/<name> <container>`. */
function containers(objects: Manifest[]): Array<[string, Manifest]> {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind))
    .flatMap((o) => {
      const spec = podSpec(o);
      return [...(spec.initContainers ?? []), ...spec.containers].map((c: Manifest): [string, Manifest] => [`${o.kind}/${o.metadata.name} ${c.name}`, c]);
    });
}

const CONFIGS = [
  {},
  { kind: 'Workspace', customCACert: { kind: 'secret', name: 'my-ca' }, workspace: { runtime: { fsShiftMethod: 'shiftfs' } } },
  {
    database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: { kind: 'secret', name: 'sa' } } },
    objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'az' } } },
    experimental: { webapp: { usage: { enabled: true } } },
  },
] as const;

describe('hardening beyond upstream', () => {
  test.each(CONFIGS.map((c) => [JSON.stringify(c), c]))('every unprivileged container: no escalation, RuntimeDefault seccomp (%s)', (_n, config) => {
    for (const [at, c] of containers(render(config as any))) {
      const sc = c.securityContext ?? {};
      if (sc.privileged) continue;
      expect([at, sc.allowPrivilegeEscalation, sc.seccompProfile]).toEqual([at, false, { type: 'RuntimeDefault' }]);
    }
  });

  test('read-only root filesystems where the binary writes only to its volumes', () => {
    const readOnly = (config: object) =>
      containers(render(config as any)).filter(([, c]) => c.securityContext?.readOnlyRootFilesystem).map(([at]) => at);
    const full = readOnly({});
    expect(full).toEqual(expect.arrayContaining([
      'Deployment/blobserve blobserve',
      'Deployment/content-service content-service',
      'Deployment/ide-metrics ide-metrics',
      'Deployment/ide-service ide-service',
      'Deployment/image-builder-mk3 image-builder-mk3',
      'Deployment/public-api-server public-api-server',
      'Deployment/server config-secrets',
      'Deployment/server database-waiter',
      'Deployment/server msgbus-waiter',
      'Deployment/ws-manager ws-manager',
      'Deployment/ws-proxy ws-proxy',
      'DaemonSet/registry-facade registry-facade',
      'DaemonSet/registry-facade node-labeler',
      'DaemonSet/ws-daemon node-labeler',
      'StatefulSet/openvsx-proxy openvsx-proxy',
      'CronJob/gitpod-telemetry gitpod-telemetry',
    ]));
    // Every kube-rbac-proxy sidecar.
    const sidecars = containers(render()).filter(([at]) => at.endsWith(' kube-rbac-proxy')).map(([at]) => at);
    expect(sidecars.length).toBeGreaterThan(10);
    expect(sidecars.filter((at) => !full.includes(at))).toEqual([]);
    // Binaries that write to their root filesystem keep it writable (Caddy, Node/yarn, bitnami scripts).
    for (const at of ['Deployment/proxy proxy', 'Deployment/server server', 'Job/migrations migrations', 'StatefulSet/mysql mysql']) {
      expect(full).not.toContain(at);
    }
  });

  test('the server writes its secret-filled config to a memory-backed emptyDir', () => {
    const server = render().find((o) => o.kind === 'Deployment' && o.metadata.name === 'server')!;
    expect(podSpec(server).volumes).toContainEqual({ name: 'config-rendered', emptyDir: { medium: 'Memory' } });
  });
});
