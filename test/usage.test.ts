import { Usage } from '../src/components/usage';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Usage, 'usage', config, {}, namespace);

describe('usage', () => {
  test('not rendered unless experimental.webapp.usage is set', () => {
    const objects = render();
    expect(maybe(objects, 'Deployment', 'usage')).toBeUndefined();
    expect(maybe(objects, 'Service', 'usage')).toBeUndefined();
  });

  const objects = alone({
    experimental: {
      webapp: {
        usage: { enabled: true, schedule: '1m', resetUsageSchedule: '5m' },
        workspaceClasses: [{ id: 'large', credits: { perMinute: 0.5 } }],
      },
    },
  });
  const deployment = find(objects, 'Deployment', 'usage');

  test('Deployment, Service grpc 9001 and a policy admitting server and public-api-server', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'usage' });
    expect(find(objects, 'Service', 'usage').spec.ports.map((p: any) => [p.name, p.port])).toEqual([['grpc', 9001]]);
    const np = find(objects, 'NetworkPolicy', 'usage');
    expect(np.spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels.component)).toEqual(['server', 'public-api-server']);
    expect(find(objects, 'ClusterRoleBinding', 'default-usage-rb-kube-rbac-proxy')).toBeDefined();
  });

  test('containers and meta affinity', () => {
    const spec = podSpec(deployment);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['usage', 'kube-rbac-proxy']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(container(deployment, 'usage').args).toEqual(['run', '--config=/config.json']);
  });

  test('config: schedules, credits per workspace class, no spending limit by default', () => {
    const cfg = JSON.parse(find(objects, 'ConfigMap', 'usage').data['config.json']);
    expect(cfg.controllerSchedule).toBe('1m');
    expect(cfg.resetUsageSchedule).toBe('5m');
    expect(cfg.creditsPerMinuteByWorkspaceClass).toEqual({ large: 0.5 });
    expect(cfg.defaultSpendingLimit).toEqual({ forTeams: 1000000000, forUsers: 1000000000, minForUsersOnStripe: 0 });
    expect(cfg.server.services.grpc.address).toBe('0.0.0.0:9001');
  });
});
