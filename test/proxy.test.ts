// From the entry: components/proxy alone hits the proxy <-> registry import cycle (issue #14 item 1).
import { GitpodProxy } from '../src';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(GitpodProxy, 'proxy', config, {}, namespace);

describe('proxy', () => {
  const objects = alone();
  const service = find(objects, 'Service', 'proxy');
  const deployment = find(objects, 'Deployment', 'proxy');

  test('the Service is a LoadBalancer on 80/443 (+ metrics) with the GCP NEG annotation', () => {
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['http', 80, 80],
      ['https', 443, 443],
      ['metrics', 9500, 9500],
    ]);
    expect(service.metadata.annotations['cloud.google.com/neg']).toBe('{"exposed_ports": {"80":{},"443": {}}}');
    expect(service.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe(
      'gitpod.example.com,*.gitpod.example.com,*.ws.gitpod.example.com',
    );
  });

  test('selector is exactly app + component, the pod labels', () => {
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'proxy' });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'proxy' });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'gitpod', component: 'proxy' });
  });

  test('port 22 is served only with an SSH gateway host key', () => {
    const withSsh = find(alone({ sshGatewayHostKey: { kind: 'secret', name: 'ssh-host-key' } }), 'Service', 'proxy');
    expect(withSsh.spec.ports.map((p: any) => p.port)).toEqual([80, 443, 9500, 22]);
  });

  test('the service type is configurable; annotations of a LoadBalancer go with it', () => {
    const s = find(alone({ components: { proxy: { service: { serviceType: 'ClusterIP' } } } }), 'Service', 'proxy');
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.metadata.annotations).toBeUndefined();
  });

  test('static IP and service annotations from experimental.webapp.proxy', () => {
    const s = find(
      alone({ experimental: { webapp: { proxy: { staticIP: '10.0.0.1', serviceAnnotations: { 'cloud.google.com/neg': 'off', a: 'b' } } } } }),
      'Service',
      'proxy',
    );
    expect(s.spec.loadBalancerIP).toBe('10.0.0.1');
    expect(s.metadata.annotations).toMatchObject({ 'cloud.google.com/neg': 'off', a: 'b' });
  });

  test('a shortname moves the workspace host to ws-<shortname>', () => {
    const s = find(alone({ metadata: { shortname: 'eu1' } }), 'Service', 'proxy');
    expect(s.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toContain('*.ws-eu1.gitpod.example.com');
  });

  test('runs on meta nodes with a privileged sysctl init container only', () => {
    const spec = podSpec(deployment);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
    expect(container(deployment, 'sysctl').securityContext).toEqual({ privileged: true });
    expect(container(deployment, 'proxy').securityContext).toEqual({
      privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.priorityClassName).toBe('system-node-critical');
  });

  test('mounts the public certificate Secret named in the config', () => {
    const spec = podSpec(alone({ certificate: { kind: 'secret', name: 'my-cert' } }).find((o) => o.kind === 'Deployment' && o.metadata.name === 'proxy')!);
    expect(spec.volumes).toContainEqual({ name: 'config-certificates', secret: { secretName: 'my-cert' } });
  });

  test('the registry vhost holds no credentials: Caddy reads them from the auth Secret', () => {
    const cm = find(objects, 'ConfigMap', 'proxy-config');
    expect(cm.data['vhost.docker-registry']).toContain('{$REGISTRY_AUTH_USER} {$REGISTRY_AUTH_PASSWORD_HASH}');
    const env = container(deployment, 'proxy').env;
    expect(env).toContainEqual({
      name: 'REGISTRY_AUTH_PASSWORD_HASH',
      valueFrom: { secretKeyRef: { name: 'builtin-registry-auth', key: 'passwordHash' } },
    });
  });

  test('no registry vhost with an external registry; no MinIO vhost with GCS', () => {
    const cm = find(
      alone({
        containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: { kind: 'secret', name: 'r' } } },
        objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: { kind: 'secret', name: 'gcs' } } },
      }),
      'ConfigMap',
      'proxy-config',
    );
    expect(Object.keys(cm.data).sort()).toEqual(['vhost.empty', 'vhost.ide-proxy', 'vhost.open-vsx', 'vhost.payment-endpoint']);
  });

  test('replicas and resources from experimental.common.podConfig', () => {
    const d = find(
      alone({ experimental: { common: { podConfig: { proxy: { replicas: 3, resources: { proxy: { requests: { cpu: '1' } } } } } } } }),
      'Deployment',
      'proxy',
    );
    expect(d.spec.replicas).toBe(3);
    expect(container(d, 'proxy').resources).toEqual({ requests: { cpu: '1' } });
  });

  test('RBAC: ServiceAccount, PSP role binding and the kube-rbac-proxy binding', () => {
    expect(find(objects, 'ServiceAccount', 'proxy').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'RoleBinding', 'proxy').roleRef.name).toBe('default-ns-psp:restricted-root-user');
    expect(find(objects, 'ClusterRoleBinding', 'default-proxy-kube-rbac-proxy').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'proxy', namespace: 'default' },
    ]);
  });

  test('the network policy admits 80/443/22 and metrics from monitoring', () => {
    const np = find(objects, 'NetworkPolicy', 'proxy-deny-all-allow-explicit');
    expect(np.spec.podSelector.matchLabels).toEqual({ app: 'gitpod', component: 'proxy' });
    expect(np.spec.ingress[0].ports.map((p: any) => p.port)).toEqual([80, 443, 22]);
  });

  test('not rendered for Workspace or IDE clusters', () => {
    expect(maybe(render({ kind: 'Workspace' }), 'Deployment', 'proxy')).toBeUndefined();
    expect(maybe(render({ kind: 'IDE' }), 'Deployment', 'proxy')).toBeUndefined();
  });
});
