import { WsManagerBridge } from '../src/components/ws-manager-bridge';
import { container, find, maybe, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(WsManagerBridge, 'ws-manager-bridge', config, {}, namespace);

const bridgeConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'ws-manager-bridge-config').data['ws-manager-bridge.json']);

describe('ws-manager-bridge', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'ws-manager-bridge');

  test('selector app + component; no Service', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ws-manager-bridge' });
    expect(maybe(objects, 'Service', 'ws-manager-bridge')).toBeUndefined();
  });

  test('waiters, bridge and kube-rbac-proxy on meta nodes', () => {
    const spec = podSpec(deployment);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['database-waiter', 'msgbus-waiter']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['ws-manager-bridge', 'kube-rbac-proxy']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(container(deployment, 'ws-manager-bridge').env).toContainEqual({
      name: 'WSMAN_BRIDGE_CONFIGPATH',
      value: '/config/ws-manager-bridge.json',
    });
    expect(container(deployment, 'ws-manager-bridge').ports).toEqual([{ name: 'metrics', containerPort: 9500 }]);
  });

  test('the static bridge is the local ws-manager under the shortname', () => {
    const cfg = bridgeConfig(alone({ metadata: { shortname: 'eu1' } }));
    expect(cfg.installation).toBe('eu1');
    expect(cfg.staticBridges.map((b: any) => [b.name, b.url, b.applicationCluster])).toEqual([['eu1', 'dns:///ws-manager:8080', 'eu1']]);
    expect(cfg.clusterService).toEqual({ port: 8080, host: 'localhost' });
  });

  test('skipSelf leaves the static list empty', () => {
    expect(bridgeConfig(alone({ experimental: { webapp: { wsManagerBridge: { skipSelf: true } } } })).staticBridges).toEqual([]);
  });

  test('bound to the unprivileged pod-security role', () => {
    expect(find(objects, 'RoleBinding', 'ws-manager-bridge').roleRef.name).toBe('default-ns-psp:unprivileged');
    expect(find(objects, 'ClusterRoleBinding', 'default-ws-manager-bridge-rb-kube-rbac-proxy').roleRef.name).toBe('default-kube-rbac-proxy');
  });
});
