import { PublicApiServer } from '../src/components/public-api-server';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(PublicApiServer, 'public-api-server', config, {}, namespace);

describe('public-api-server', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'public-api-server');

  test('Service grpc 9001 and http 9002; the container exposes grpc only', () => {
    const s = find(objects, 'Service', 'public-api-server');
    expect(s.spec.selector).toEqual({ app: 'gitpod', component: 'public-api-server' });
    expect(s.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['grpc', 9001],
      ['http', 9002],
    ]);
    expect(container(deployment, 'public-api-server').ports).toEqual([{ name: 'grpc', containerPort: 9001 }]);
  });

  test('the checksum sits on the Deployment, not the pod template', () => {
    expect(deployment.metadata.annotations['gitpod.io/checksum_config']).toMatch(/^[0-9a-f]{64}$/);
    expect(deployment.spec.template.metadata.annotations).toBeUndefined();
  });

  test('containers, probes and meta affinity', () => {
    const spec = podSpec(deployment);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['database-waiter']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['public-api-server', 'kube-rbac-proxy']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(container(deployment, 'public-api-server').readinessProbe.httpGet).toEqual({ path: '/ready', port: 9501, scheme: 'HTTP' });
  });

  test('config points at the domain and the usage service; the Stripe webhook secret is a mounted file', () => {
    const cfg = JSON.parse(find(objects, 'ConfigMap', 'public-api-server').data['config.json']);
    expect(cfg.gitpodServiceUrl).toBe('wss://gitpod.example.com');
    expect(cfg.billingServiceAddress).toBe('usage.default.svc.cluster.local:9001');
    expect(cfg.stripeWebhookSigningSecretPath).toBe('');
    const objs = alone({ experimental: { webapp: { publicApi: { stripeSecretName: 'stripe-webhook' } } } });
    const d = find(objs, 'Deployment', 'public-api-server');
    expect(podSpec(d).volumes).toContainEqual({ name: 'stripe-secret', secret: { secretName: 'stripe-webhook' } });
    expect(JSON.parse(find(objs, 'ConfigMap', 'public-api-server').data['config.json']).stripeWebhookSigningSecretPath).toBe(
      '/secrets/stripe-webhook-secret',
    );
  });
});
