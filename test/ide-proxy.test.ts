import { IdeProxy } from '../src/components/ide-proxy';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(IdeProxy, 'ide-proxy', config, {}, namespace);

describe('ide-proxy', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'ide-proxy');
  const service = find(objects, 'Service', 'ide-proxy');

  test('HTTP on port 80, selected by app + component', () => {
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'ide-proxy' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ide-proxy' });
    expect(container(deployment, 'ide-proxy').ports).toEqual([{ name: 'http', containerPort: 80 }]);
  });

  test('one container on meta nodes, ready on :8080', () => {
    const spec = podSpec(deployment);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['ide-proxy']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
    expect(container(deployment, 'ide-proxy').readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
  });

  test('Service annotations from experimental.ide.ideProxy.serviceAnnotations', () => {
    expect(service.metadata.annotations).toBeUndefined();
    const s = find(alone({ experimental: { ide: { ideProxy: { serviceAnnotations: { 'a.example.com/x': 'y' } } } } }), 'Service', 'ide-proxy');
    expect(s.metadata.annotations).toEqual({ 'a.example.com/x': 'y' });
  });

  test('a NetworkPolicy letting in only the proxy (upstream: none), no kube-rbac-proxy binding; not rendered for Workspace', () => {
    expect(find(objects, 'NetworkPolicy', 'ide-proxy').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'gitpod', component: 'proxy' } } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
    expect(maybe(objects, 'ClusterRoleBinding', 'default-ide-proxy-kube-rbac-proxy')).toBeUndefined();
    expect(find(objects, 'RoleBinding', 'ide-proxy').roleRef.name).toBe('default-ns-psp:restricted-root-user');
    expect(maybe(render({ kind: 'Workspace' }), 'Deployment', 'ide-proxy')).toBeUndefined();
  });
});
