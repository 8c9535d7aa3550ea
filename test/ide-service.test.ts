import { IdeService } from '../src/components/ide-service';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(IdeService, 'ide-service', config, {}, namespace);

describe('ide-service', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'ide-service');

  test('gRPC on 9001: Service, container port and config agree', () => {
    const service = find(objects, 'Service', 'ide-service');
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'ide-service' });
    expect(service.spec.ports).toEqual([{ name: 'grpc', port: 9001, protocol: 'TCP', targetPort: 9001 }]);
    expect(container(deployment, 'ide-service').ports).toEqual([{ name: 'grpc', containerPort: 9001 }]);
    const config = JSON.parse(find(objects, 'ConfigMap', 'ide-service').data['config.json']);
    expect(config).toEqual({ server: { services: { grpc: { address: '0.0.0.0:9001' } } }, ideConfigPath: '/ide-config/config.json' });
  });

  test('runs on meta nodes with a kube-rbac-proxy sidecar, ready on :9501', () => {
    const spec = podSpec(deployment);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ide-service' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['ide-service', 'kube-rbac-proxy']);
    expect(container(deployment, 'ide-service').readinessProbe.httpGet).toEqual({ path: '/ready', port: 9501 });
  });

  test('mounts its own config and the ide-config ConfigMap', () => {
    expect(podSpec(deployment).volumes).toEqual([
      { name: 'config', configMap: { name: 'ide-service' } },
      { name: 'ide-config', configMap: { name: 'ide-config' } },
    ]);
    expect(container(deployment, 'ide-service').volumeMounts).toContainEqual({ name: 'ide-config', mountPath: '/ide-config', readOnly: true });
  });

  test('the network policy admits 9001 from anywhere', () => {
    const np = find(objects, 'NetworkPolicy', 'ide-service');
    expect(np.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 9001 }] }]);
  });

  test('the ClusterRoleBinding ide-service resolves to a ClusterRole that grants nothing', () => {
    const crb = find(objects, 'ClusterRoleBinding', 'ide-service');
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ide-service' });
    expect(crb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ide-service', namespace: 'default' }]);
    expect(find(objects, 'ClusterRole', 'ide-service').rules).toEqual([]);
    expect(find(objects, 'ClusterRoleBinding', 'default-ide-service-kube-rbac-proxy').roleRef.name).toBe('default-kube-rbac-proxy');
  });

  test('replicas from podConfig; not rendered for WebApp', () => {
    const d = find(alone({ experimental: { common: { podConfig: { 'ide-service': { replicas: 2 } } } } }), 'Deployment', 'ide-service');
    expect(d.spec.replicas).toBe(2);
    expect(maybe(render({ kind: 'WebApp' }), 'Deployment', 'ide-service')).toBeUndefined();
  });
});
