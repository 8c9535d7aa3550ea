import { Dashboard } from '../src/components/dashboard';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Dashboard, 'dashboard', config, {}, namespace);

describe('dashboard', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'dashboard');

  test('Service http 3001 → 80, selected by app + component', () => {
    const s = find(objects, 'Service', 'dashboard');
    expect(s.spec.selector).toEqual({ app: 'gitpod', component: 'dashboard' });
    expect(s.spec.ports).toEqual([{ name: 'http', port: 3001, protocol: 'TCP', targetPort: 80 }]);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'dashboard' });
  });

  test('one container on meta nodes, ready on /ready:8080', () => {
    const spec = podSpec(deployment);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['dashboard']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(container(deployment, 'dashboard').readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
    expect(container(deployment, 'dashboard').ports).toEqual([{ name: 'http', containerPort: 80 }]);
  });

  test('only the proxy may reach it', () => {
    const np = find(objects, 'NetworkPolicy', 'dashboard-deny-all-allow-explicit');
    expect(np.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { component: 'proxy' } } }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  });

  test('not in Workspace or IDE clusters', () => {
    expect(maybe(render({ kind: 'Workspace' }), 'Deployment', 'dashboard')).toBeUndefined();
    expect(maybe(render({ kind: 'IDE' }), 'Deployment', 'dashboard')).toBeUndefined();
  });
});
