import { container, find, maybe, podSpec, render } from './helpers';

describe('slow-server and toxiproxy', () => {
  test('not rendered unless experimental.webapp.slowDatabase', () => {
    const objects = render();
    expect(maybe(objects, 'Deployment', 'slow-server')).toBeUndefined();
    expect(maybe(objects, 'Deployment', 'toxiproxy')).toBeUndefined();
  });

  const objects = render({ experimental: { webapp: { slowDatabase: true } } });
  const slow = find(objects, 'Deployment', 'slow-server');

  test('slow-server: the server under its own name, selector and container', () => {
    expect(slow.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'slow-server' });
    expect(podSpec(slow).containers.map((c: any) => c.name)).toEqual(['slow-server', 'kube-rbac-proxy']);
    expect(container(slow, 'slow-server').image).toMatch(/\/server:/);
    expect(podSpec(slow).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(find(objects, 'Service', 'slow-server').spec.selector).toEqual({ app: 'gitpod', component: 'slow-server' });
    expect(find(objects, 'RoleBinding', 'slow-server-unprivileged').subjects).toEqual([{ kind: 'ServiceAccount', name: 'slow-server' }]);
    expect(find(objects, 'ClusterRoleBinding', 'default-slow-server-rb-kube-rbac-proxy')).toBeDefined();
    expect(find(objects, 'NetworkPolicy', 'slow-server').spec.podSelector.matchLabels.component).toBe('slow-server');
  });

  test('slow-server reaches the database through toxiproxy and runs no DB deleter or GC', () => {
    expect(container(slow, 'slow-server').env).toContainEqual({ name: 'DB_HOST', value: 'toxiproxy' });
    const cfg = JSON.parse(find(objects, 'ConfigMap', 'slow-server-config').data['config.json']);
    expect(cfg.runDbDeleter).toBe(false);
    expect(cfg.workspaceGarbageCollection.disabled).toBe(true);
    expect(podSpec(slow).volumes).toContainEqual({ name: 'config', configMap: { name: 'slow-server-config' } });
    expect(podSpec(slow).volumes).toContainEqual({ name: 'ide-config', configMap: { name: 'server-ide-config' } });
    // The server itself still talks to the database directly.
    expect(container(find(objects, 'Deployment', 'server'), 'server').env.find((e: any) => e.name === 'DB_HOST').valueFrom).toBeDefined();
  });

  test('toxiproxy: proxies mysql to the in-cluster db on 3306, http API on 8474', () => {
    const tp = find(objects, 'Deployment', 'toxiproxy');
    expect(podSpec(tp).containers.map((c: any) => c.name)).toEqual(['toxiproxy', 'toxic-config', 'kube-rbac-proxy']);
    expect(container(tp, 'toxiproxy').image).toBe('ghcr.io/shopify/toxiproxy:2.5.0');
    expect(find(objects, 'Service', 'toxiproxy').spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['http', 8474],
      ['mysql', 3306],
    ]);
    expect(JSON.parse(find(objects, 'ConfigMap', 'toxiproxy').data['toxiproxy.json'])).toEqual([
      { name: 'mysql', listen: '[::]:3306', upstream: 'db:3306', enabled: true },
    ]);
  });
});
