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
const PROXY = ['Deployment/proxy sysctl privileged'];

describe('host access: only where upstream needs it', () => {
  test('Full installation (default config)', () => {
    expect(hostAccess(render())).toEqual([...WS_DAEMON, ...AGENT_SMITH, ...REGISTRY_FACADE, ...PROXY].sort());
  });

  test('Workspace cluster with shiftfs and a custom CA (every optional host access on)', () => {
    const objects = render({
      kind: 'Workspace',
      customCACert: { kind: 'secret', name: 'my-ca' },
      workspace: { runtime: { fsShiftMethod: 'shiftfs' } },
    });
    expect(hostAccess(objects)).toEqual([...WS_DAEMON, 'DaemonSet/ws-daemon shiftfs-module-loader privileged', ...AGENT_SMITH, ...REGISTRY_FACADE].sort());
  });

  test('Meta, WebApp and IDE clusters: only the proxy sysctl init container', () => {
    expect(hostAccess(render({ kind: 'Meta' }))).toEqual(PROXY);
    expect(hostAccess(render({ kind: 'WebApp' }))).toEqual(PROXY);
    expect(hostAccess(render({ kind: 'IDE' }))).toEqual([]);
  });
});
