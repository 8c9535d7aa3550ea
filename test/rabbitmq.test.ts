import { messageBusDefinitions, RabbitMQ } from '../src/dependencies/rabbitmq';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(RabbitMQ, 'rabbitmq', config, {}, namespace);

const SELECTOR = { 'app.kubernetes.io/name': 'rabbitmq', 'app.kubernetes.io/instance': 'rabbitmq' };

describe('message bus (RabbitMQ)', () => {
  const objects = alone();
  const sts = find(objects, 'StatefulSet', 'messagebus');

  test('StatefulSet messagebus keeps the chart selector and the headless Service', () => {
    expect(sts.spec.selector.matchLabels).toEqual(SELECTOR);
    expect(sts.spec.template.metadata.labels).toEqual({ ...SELECTOR, app: 'gitpod', component: 'rabbitmq' });
    expect(sts.spec.serviceName).toBe('messagebus-headless');
    expect(podSpec(sts).volumes).toContainEqual({ name: 'data', emptyDir: {} });
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
  });

  test('Services, PDB, NetworkPolicy and peer-discovery RBAC select the chart labels', () => {
    expect(find(objects, 'Service', 'messagebus').spec.ports.map((p: any) => p.port)).toEqual([5672, 5671, 4369, 25672, 15672, 9419]);
    expect(find(objects, 'Service', 'messagebus-headless').spec).toMatchObject({ clusterIP: 'None', selector: SELECTOR });
    expect(find(objects, 'PodDisruptionBudget', 'messagebus').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
    const np = find(objects, 'NetworkPolicy', 'messagebus');
    expect(np.spec.podSelector.matchLabels).toEqual(SELECTOR);
    expect(np.spec.ingress[0].ports.map((p: any) => p.port)).toEqual([4369, 5672, 5671, 25672, 15672]);
    expect(find(objects, 'RoleBinding', 'messagebus-endpoint-reader').roleRef).toMatchObject({ kind: 'Role', name: 'messagebus-endpoint-reader' });
    expect(find(objects, 'RoleBinding', 'rabbitmq').subjects).toEqual([{ kind: 'ServiceAccount', name: 'rabbitmq' }]);
    expect(podSpec(sts).serviceAccountName).toBe('rabbitmq');
  });

  test('TLS from a cert-manager Certificate issued by ca-issuer, trusted through its CA', () => {
    const cert = find(objects, 'Certificate', 'messagebus-certificates-secret-core');
    expect(cert.spec.secretName).toBe('messagebus-certificates-secret-core');
    expect(cert.spec.issuerRef).toEqual({ name: 'ca-issuer', kind: 'Issuer', group: 'cert-manager.io' });
    expect(cert.spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
    expect(cert.spec.dnsNames).toContain('messagebus.default.svc.cluster.local');
    const certs = podSpec(sts).volumes.find((v: any) => v.name === 'certs');
    expect(certs.secret.items).toEqual([
      { key: 'ca.crt', path: 'ca_certificate.pem' },
      { key: 'tls.crt', path: 'server_certificate.pem' },
      { key: 'tls.key', path: 'server_key.pem' },
    ]);
  });

  test('no secret in the output: rabbitmq.conf is a ConfigMap, password, cookie and definitions are Secret references', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const conf = find(objects, 'ConfigMap', 'messagebus-config').data['rabbitmq.conf'];
    expect(conf).toContain('default_user = gitpod');
    expect(conf).not.toMatch(/default_pass/);
    expect(podSpec(sts).volumes).toContainEqual({ name: 'configuration', projected: { sources: [{ configMap: { name: 'messagebus-config' } }] } });
    expect(podSpec(sts).volumes).toContainEqual({ name: 'load-definition-volume', secret: { secretName: 'load-definition' } });
    const env = container(sts, 'rabbitmq').env;
    expect(env.find((e: any) => e.name === 'RABBITMQ_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'messagebus', key: 'rabbitmq-password' });
    expect(env.find((e: any) => e.name === 'RABBITMQ_ERL_COOKIE').valueFrom.secretKeyRef).toEqual({
      name: 'messagebus-erlang-cookie',
      key: 'rabbitmq-erlang-cookie',
    });
  });

  test('messageBusDefinitions builds the definitions a secrets command writes', () => {
    const d = JSON.parse(messageBusDefinitions('s3cret'));
    expect(d.users).toEqual([{ name: 'gitpod', password: 's3cret', tags: 'administrator' }]);
    expect(d.exchanges.map((e: any) => e.name)).toEqual(['gitpod.ws.local', 'consensus-leader']);
    expect(d.queues.map((q: any) => q.name)).toEqual(['consensus-peers', 'pwsupdatable']);
  });

  test('cdk8s.storage.messagebus turns the emptyDir into a claim template `data`', () => {
    const s = find(alone({ cdk8s: { storage: { messagebus: { size: '2Gi', storageClass: 'ssd' } } } }), 'StatefulSet', 'messagebus');
    expect(podSpec(s).volumes.map((v: any) => v.name)).not.toContain('data');
    expect(s.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(s.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'ssd', resources: { requests: { storage: '2Gi' } } });
  });

  test('only in kinds with the WebApp set', () => {
    expect(maybe(render({ kind: 'Workspace' }), 'StatefulSet', 'messagebus')).toBeUndefined();
    find(render({ kind: 'WebApp' }), 'StatefulSet', 'messagebus');
  });
});
