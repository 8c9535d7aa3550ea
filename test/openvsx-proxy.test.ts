import { OpenVsxProxy, upstreamHost } from '../src/components/openvsx-proxy';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(OpenVsxProxy, 'openvsx-proxy', config, {}, namespace);

describe('openvsx-proxy', () => {
  const objects = alone();
  const sts = find(objects, 'StatefulSet', 'openvsx-proxy');
  const service = find(objects, 'Service', 'openvsx-proxy');

  test('a StatefulSet behind the Service of the same name, selected by app + component', () => {
    expect(sts.spec.serviceName).toBe('openvsx-proxy');
    expect(sts.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'openvsx-proxy' });
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'openvsx-proxy' });
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 },
      { name: 'metrics', port: 9500, protocol: 'TCP', targetPort: 9500 },
    ]);
  });

  test('runs on IDE nodes: the proxy, a redis cache and kube-rbac-proxy', () => {
    const spec = podSpec(sts);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_ide', operator: 'Exists' }] },
    ]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['openvsx-proxy', 'redis', 'kube-rbac-proxy']);
    expect(container(sts, 'openvsx-proxy').ports).toEqual([
      { name: 'http', containerPort: 8080 },
      { name: 'metrics', containerPort: 9500 },
    ]);
    expect(container(sts, 'openvsx-proxy').readinessProbe.httpGet).toEqual({ path: '/openvsx-proxy-status', port: 8080 });
    const redis = container(sts, 'redis');
    expect(redis.image).toBe('docker.io/library/redis:6.2.14');
    expect(redis.command).toEqual(['redis-server', '/config/redis.conf']);
    expect(redis.volumeMounts).toContainEqual({ name: 'redis-data', mountPath: '/data' });
  });

  test('the redis cache lives on the 8Gi claim template redis-data (claim redis-data-openvsx-proxy-0)', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'redis-data', labels: { app: 'gitpod', component: 'openvsx-proxy' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
      },
    ]);
    expect(podSpec(sts).volumes).toEqual([{ name: 'config', configMap: { name: 'openvsx-proxy-config' } }]);
  });

  test('openVSX.proxy.disablePVC moves the cache to an emptyDir and drops the claim template', () => {
    const s = find(alone({ openVSX: { url: 'https://open-vsx.org', proxy: { disablePVC: true } } }), 'StatefulSet', 'openvsx-proxy');
    expect(s.spec.volumeClaimTemplates).toBeUndefined();
    expect(podSpec(s).volumes).toEqual([
      { name: 'config', configMap: { name: 'openvsx-proxy-config' } },
      { name: 'redis-data', emptyDir: {} },
    ]);
  });

  test('the config proxies openVSX.url and caches its host', () => {
    const cfg = JSON.parse(find(objects, 'ConfigMap', 'openvsx-proxy-config').data['config.json']);
    expect(cfg).toMatchObject({
      url_upstream: 'https://open-vsx.org',
      url_local: 'https://open-vsx.gitpod.example.com',
      redis_addr: 'localhost:6379',
      allow_cache_domain: ['open-vsx.org'],
    });
    const own = find(alone({ openVSX: { url: 'https://vsx.acme.dev:8443/registry' } }), 'ConfigMap', 'openvsx-proxy-config');
    const ownCfg = JSON.parse(own.data['config.json']);
    expect(ownCfg.url_upstream).toBe('https://vsx.acme.dev:8443/registry');
    expect(ownCfg.allow_cache_domain).toEqual(['vsx.acme.dev:8443']);
    expect(find(objects, 'ConfigMap', 'openvsx-proxy-config').data['redis.conf']).toContain('maxmemory-policy allkeys-lfu');
  });

  test('upstreamHost keeps the port and drops user info, as Go does', () => {
    expect(upstreamHost('https://user:pw@example.com:443/x?y')).toBe('example.com:443');
    expect(upstreamHost('https://open-vsx.org')).toBe('open-vsx.org');
  });

  test('Service annotations from experimental.ide.openvsxProxy.serviceAnnotations', () => {
    expect(service.metadata.annotations).toBeUndefined();
    const s = find(alone({ experimental: { ide: { openvsxProxy: { serviceAnnotations: { 'x.example.com/y': 'z' } } } } }), 'Service', 'openvsx-proxy');
    expect(s.metadata.annotations).toEqual({ 'x.example.com/y': 'z' });
  });

  test('the network policy admits 8080, also from monitoring', () => {
    const np = find(objects, 'NetworkPolicy', 'openvsx-proxy');
    expect(np.spec.podSelector.matchLabels).toEqual({ app: 'gitpod', component: 'openvsx-proxy' });
    expect(np.spec.ingress).toHaveLength(2);
    expect(np.spec.ingress[1].from).toEqual([
      { namespaceSelector: { matchLabels: { chart: 'monitoring' } }, podSelector: { matchLabels: { component: 'server' } } },
    ]);
  });

  test('replicas and redis resources from experimental.common.podConfig', () => {
    const s = find(
      alone({ experimental: { common: { podConfig: { 'openvsx-proxy': { replicas: 2, resources: { redis: { requests: { memory: '1Gi' } } } } } } } }),
      'StatefulSet',
      'openvsx-proxy',
    );
    expect(s.spec.replicas).toBe(2);
    expect(container(s, 'redis').resources).toEqual({ requests: { memory: '1Gi' } });
  });

  test('RBAC and kinds', () => {
    expect(find(objects, 'ClusterRoleBinding', 'default-openvsx-proxy-kube-rbac-proxy').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'openvsx-proxy', namespace: 'default' },
    ]);
    expect(find(objects, 'RoleBinding', 'openvsx-proxy').roleRef.name).toBe('default-ns-psp:restricted-root-user');
    expect(maybe(render({ kind: 'IDE' }), 'StatefulSet', 'openvsx-proxy')).toBeDefined();
    expect(maybe(render({ kind: 'Workspace' }), 'StatefulSet', 'openvsx-proxy')).toBeUndefined();
  });
});
