import { find, podSpec, render } from './helpers';

// What all dependencies share: pull secrets on the chart pods, customization outside selectors.
describe('dependencies together', () => {
  test('imagePullSecrets reach every dependency pod and the chart ServiceAccounts', () => {
    const objects = render({ imagePullSecrets: [{ kind: 'secret', name: 'mirror-pull' }] });
    for (const [kind, name] of [
      ['StatefulSet', 'mysql'],
      ['Deployment', 'minio'],
      ['Deployment', 'registry'],
      ['StatefulSet', 'messagebus'],
    ]) {
      expect(podSpec(find(objects, kind, name)).imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    }
    expect(find(objects, 'ServiceAccount', 'minio').imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    expect(find(objects, 'ServiceAccount', 'docker-registry').imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
  });

  test('a mirror repository moves the third-party images', () => {
    const objects = render({ repository: 'registry.acme.internal/gitpod' });
    expect(podSpec(find(objects, 'StatefulSet', 'mysql')).containers[0].image).toBe('registry.acme.internal/gitpod/bitnamilegacy/mysql:5.7.34-debian-10-r55');
    expect(podSpec(find(objects, 'Deployment', 'registry')).containers[0].image).toBe('registry.acme.internal/gitpod/library/registry:2.8.1');
  });

  test('customization labels land on the registry pods but never in its selector', () => {
    const objects = render({
      customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'docker-registry', labels: { team: 'infra' }, annotations: { a: 'b' } } }],
    });
    const d = find(objects, 'Deployment', 'registry');
    expect(d.spec.template.metadata.labels.team).toBe('infra');
    expect(d.spec.template.metadata.annotations).toEqual({ a: 'b' });
    expect(d.spec.selector.matchLabels).toEqual({ app: 'docker-registry', release: 'docker-registry' });
    // The customization plus the GitOps sync wave of the dependencies.
    expect(find(objects, 'Service', 'registry').metadata.annotations).toEqual({ a: 'b', 'argocd.argoproj.io/sync-wave': '-2' });
  });
});
