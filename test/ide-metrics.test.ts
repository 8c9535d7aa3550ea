import { IdeMetrics } from '../src/components/ide-metrics';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(IdeMetrics, 'ide-metrics', config, {}, namespace);

describe('ide-metrics', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'ide-metrics');
  const config = JSON.parse(find(objects, 'ConfigMap', 'ide-metrics').data['config.json']);

  test('HTTP on 3000: Service, container port, probe and config agree', () => {
    const service = find(objects, 'Service', 'ide-metrics');
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'ide-metrics' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, protocol: 'TCP', targetPort: 3000 }]);
    const c = container(deployment, 'ide-metrics');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
    expect(c.readinessProbe.tcpSocket).toEqual({ port: 3000 });
    expect(config.server.port).toBe(3000);
  });

  test('runs on meta nodes with a kube-rbac-proxy sidecar', () => {
    const spec = podSpec(deployment);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ide-metrics' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['ide-metrics', 'kube-rbac-proxy']);
    expect(spec.volumes).toEqual([{ name: 'config', configMap: { name: 'ide-metrics' } }]);
  });

  test('the config allow-lists metrics and their label values', () => {
    expect(config.server.counterMetrics.map((m: any) => m.name)).toContain('gitpod_vscode_extension_gallery_query_total');
    const query = config.server.counterMetrics.find((m: any) => m.name === 'gitpod_vscode_extension_gallery_query_total');
    const statusCode = query.labels.find((l: any) => l.name === 'statusCode');
    expect(statusCode.allowValues).toHaveLength(501);
    expect(statusCode.allowValues.slice(0, 2)).toEqual(['100', '101']);
    expect(statusCode.allowValues.slice(-2)).toEqual(['599', 'unknown']);
    expect(config.server.aggregatedHistogramMetrics[0].buckets).toEqual([0.005, 0.025, 0.05, 0.1, 0.5, 1, 2.5, 5, 30, 60, 120, 240, 600]);
    expect(config.server.errorReporting.allowComponents).toContain('gitpod-cli');
    expect(config.prometheus).toEqual({ addr: '127.0.0.1:9500' });
  });

  test('error reporting is switched on by experimental.ide.ideMetrics.enabledErrorReporting', () => {
    const names = (d: any) => container(d, 'ide-metrics').env.map((e: any) => e.name);
    expect(names(deployment)).not.toContain('GITPOD_ENABLED_ERROR_REPORTING');
    const d = find(alone({ experimental: { ide: { ideMetrics: { enabledErrorReporting: true } } } }), 'Deployment', 'ide-metrics');
    expect(container(d, 'ide-metrics').env).toContainEqual({ name: 'GITPOD_ENABLED_ERROR_REPORTING', value: 'true' });
  });

  test('the network policy admits 3000 from the proxy and ide-proxy only', () => {
    const np = find(objects, 'NetworkPolicy', 'ide-metrics');
    expect(np.spec.ingress).toEqual([
      {
        ports: [{ protocol: 'TCP', port: 3000 }],
        from: [{ podSelector: { matchLabels: { component: 'proxy' } } }, { podSelector: { matchLabels: { component: 'ide-proxy' } } }],
      },
    ]);
  });

  test('the ClusterRoleBinding ide-metrics resolves to a ClusterRole that grants nothing', () => {
    expect(find(objects, 'ClusterRoleBinding', 'ide-metrics').roleRef.name).toBe('ide-metrics');
    expect(find(objects, 'ClusterRole', 'ide-metrics').rules).toEqual([]);
    expect(find(objects, 'RoleBinding', 'ide-metrics').roleRef.name).toBe('default-ns-psp:restricted-root-user');
  });

  test('not rendered for WebApp or Workspace', () => {
    expect(maybe(render({ kind: 'WebApp' }), 'Deployment', 'ide-metrics')).toBeUndefined();
    expect(maybe(render({ kind: 'Workspace' }), 'Deployment', 'ide-metrics')).toBeUndefined();
  });
});
