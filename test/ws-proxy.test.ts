// From the entry: components/ws-proxy alone hits the registry import cycle (issue #14 item 1).
import { WsProxy } from '../src';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(WsProxy, 'ws-proxy', config, {}, namespace);

const workspaceKind = { kind: 'Workspace' as const };
const wpConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'ws-proxy').data['config.json']);

describe('ws-proxy', () => {
  const objects = alone(workspaceKind);
  const deployment = find(objects, 'Deployment', 'ws-proxy');
  const service = find(objects, 'Service', 'ws-proxy');

  test('selector and ports: http-proxy 8080, https-proxy 9090, metrics 9500, ssh 22 → 2200', () => {
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'ws-proxy' });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ws-proxy' });
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['http-proxy', 8080, 8080],
      ['https-proxy', 9090, 9090],
      ['metrics', 9500, 9500],
      ['ssh', 22, 2200],
    ]);
    expect(container(deployment, 'ws-proxy').ports.map((p: any) => p.containerPort)).toEqual([8080, 9090, 9500]);
  });

  test('the entry point of a Workspace cluster: LoadBalancer with the NEG annotation; ClusterIP in Full', () => {
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual({ 'cloud.google.com/neg': '{"exposed_ports": {"80":{},"443": {}}}' });
    const full = find(alone(), 'Service', 'ws-proxy');
    expect(full.spec.type).toBe('ClusterIP');
    expect(full.metadata.annotations).toBeUndefined();
  });

  test('runs on workspace-services nodes, spread over hosts, unprivileged', () => {
    const spec = podSpec(deployment);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_workspace_services', operator: 'Exists' }] },
    ]);
    expect(spec.topologySpreadConstraints[0]).toMatchObject({ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' });
    expect(spec.securityContext).toEqual({ runAsUser: 31002 });
    expect(container(deployment, 'ws-proxy').securityContext).toEqual({ privileged: false, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('certificates: the public one for HTTPS, the ws-manager client one; SSH host key when set', () => {
    expect(podSpec(deployment).volumes).toEqual(
      expect.arrayContaining([
        { name: 'config-certificates', secret: { secretName: 'https-certificates' } },
        { name: 'ws-manager-client-tls-certs', secret: { secretName: 'ws-manager-client-tls' } },
      ]),
    );
    expect(podSpec(deployment).volumes.map((v: any) => v.name)).not.toContain('host-key');
    const d = find(alone({ ...workspaceKind, sshGatewayHostKey: { kind: 'secret', name: 'ssh-key' } }), 'Deployment', 'ws-proxy');
    expect(podSpec(d).volumes).toContainEqual({ name: 'host-key', secret: { secretName: 'ssh-key' } });
    expect(container(d, 'ws-proxy').volumeMounts).toContainEqual({ name: 'host-key', mountPath: '/mnt/host-key' });
  });

  test('config: hosts from the domain and shortname', () => {
    const cfg = wpConfig(alone({ ...workspaceKind, metadata: { shortname: 'eu1' } }));
    expect(cfg.proxy.gitpodInstallation).toEqual({
      scheme: 'https',
      hostName: 'gitpod.example.com',
      workspaceHostSuffix: '.ws-eu1.gitpod.example.com',
      workspaceHostSuffixRegex: '\\.ws[^\\.]*\\.gitpod.example.com',
    });
    expect(cfg.proxy.blobServer.host).toBe('ide.gitpod.example.com');
    expect(cfg.wsManager.addr).toBe('ws-manager:8080');
  });

  test('experimental.workspace.wsProxy overrides', () => {
    const cfg = wpConfig(
      alone({
        ...workspaceKind,
        experimental: {
          workspace: {
            wsProxy: {
              ingressHeader: 'x-host',
              blobServeHost: 'blobs.example.com',
              gitpodInstallationHostName: 'app.example.com',
              gitpodInstallationWorkspaceHostSuffix: '.w.example.com',
              gitpodInstallationWorkspaceHostSuffixRegex: '\\.w\\.example\\.com',
            },
          },
        },
      }),
    );
    expect(cfg.ingress.header).toBe('x-host');
    expect(cfg.proxy.blobServer.host).toBe('blobs.example.com');
    expect(cfg.proxy.gitpodInstallation.hostName).toBe('app.example.com');
    expect(cfg.proxy.gitpodInstallation.workspaceHostSuffix).toBe('.w.example.com');
    expect(cfg.proxy.gitpodInstallation.workspaceHostSuffixRegex).toBe('\\.w\\.example\\.com');
  });

  test('RBAC and network policy', () => {
    expect(find(objects, 'RoleBinding', 'ws-proxy').roleRef.name).toBe('default-ns-psp:unprivileged');
    expect(find(objects, 'RoleBinding', 'ws-proxy-api').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ws-proxy' });
    expect(find(objects, 'NetworkPolicy', 'ws-proxy').spec.ingress[0].ports.map((p: any) => p.port)).toEqual([8080, 9090, 2200]);
  });
});
