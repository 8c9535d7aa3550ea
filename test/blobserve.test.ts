import { Blobserve } from '../src/components/blobserve';
import { imageRepository } from '../src/common/image-repository';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Blobserve, 'blobserve', config, {}, namespace);

describe('blobserve', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'blobserve');
  const config = JSON.parse(find(objects, 'ConfigMap', 'blobserve').data['config.json']);

  test('Service port 4000 → container port 32224, selected by app + component', () => {
    const service = find(objects, 'Service', 'blobserve');
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'blobserve' });
    expect(service.spec.ports).toEqual([{ name: 'service', port: 4000, protocol: 'TCP', targetPort: 32224 }]);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'blobserve' });
    expect(container(deployment, 'blobserve').ports).toEqual([{ name: 'service', containerPort: 32224 }]);
  });

  test('runs on IDE nodes, next to a kube-rbac-proxy sidecar', () => {
    const spec = podSpec(deployment);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_ide', operator: 'Exists' }] },
    ]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['blobserve', 'kube-rbac-proxy']);
    expect(container(deployment, 'blobserve').securityContext).toEqual({ privileged: false, runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('readiness and liveness on :8086', () => {
    const c = container(deployment, 'blobserve');
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8086 });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/live', port: 8086 });
    expect(config.readinessProbeAddr).toBe(':8086');
  });

  test('serves VS Code and the supervisor front end from the configured repository, rewritten to the domain', () => {
    const repos = config.blobserve.repos;
    expect(Object.keys(repos)).toEqual(['eu.gcr.io/gitpod-core-dev/build/ide/code', 'eu.gcr.io/gitpod-core-dev/build/supervisor']);
    expect(repos['eu.gcr.io/gitpod-core-dev/build/ide/code'].replacements).toContainEqual({
      path: '/ide/out/vs/workbench/workbench.web.main.js',
      search: 'open-vsx.org',
      replacement: 'open-vsx.gitpod.example.com',
    });
    const mirrored = JSON.parse(find(alone({ repository: 'registry.acme.dev/gitpod' }), 'ConfigMap', 'blobserve').data['config.json']);
    expect(Object.keys(mirrored.blobserve.repos)).toEqual(['registry.acme.dev/gitpod/ide/code', 'registry.acme.dev/gitpod/supervisor']);
  });

  test('pulls with builtin-registry-auth for the in-cluster registry', () => {
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'builtin-registry-auth' } });
    expect(container(deployment, 'blobserve').volumeMounts).toContainEqual({
      name: 'pull-secret',
      mountPath: '/mnt/pull-secret.json',
      subPath: '.dockerconfigjson',
    });
    expect(config.dockerAuth).toBe('/mnt/pull-secret.json');
  });

  test("pulls with the external registry's Secret otherwise", () => {
    const d = find(
      alone({ containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: { kind: 'secret', name: 'ext-registry' } } } }),
      'Deployment',
      'blobserve',
    );
    expect(podSpec(d).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'ext-registry' } });
  });

  test('the network policy admits everything (one empty rule)', () => {
    const np = find(objects, 'NetworkPolicy', 'blobserve');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { app: 'gitpod', component: 'blobserve' } },
      policyTypes: ['Ingress'],
      ingress: [{}],
    });
  });

  test('tracing env: disabled unless configured', () => {
    expect(container(deployment, 'blobserve').env).toContainEqual({ name: 'JAEGER_DISABLED', value: 'true' });
  });

  test('RBAC: ServiceAccount, PSP role binding and kube-rbac-proxy binding', () => {
    expect(find(objects, 'ServiceAccount', 'blobserve').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'RoleBinding', 'blobserve').roleRef.name).toBe('default-ns-psp:restricted-root-user');
    expect(find(objects, 'ClusterRoleBinding', 'default-blobserve-kube-rbac-proxy').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'blobserve', namespace: 'default' },
    ]);
  });

  test('rendered for IDE and Meta, not for WebApp or Workspace', () => {
    expect(maybe(render({ kind: 'IDE' }), 'Deployment', 'blobserve')).toBeDefined();
    expect(maybe(render({ kind: 'Meta' }), 'Deployment', 'blobserve')).toBeDefined();
    expect(maybe(render({ kind: 'WebApp' }), 'Deployment', 'blobserve')).toBeUndefined();
    expect(maybe(render({ kind: 'Workspace' }), 'Deployment', 'blobserve')).toBeUndefined();
  });

  test('repository keys drop tag and digest, keep a registry port', () => {
    expect(imageRepository('localhost:5000/gitpod/ide/code:commit-1')).toBe('localhost:5000/gitpod/ide/code');
    expect(imageRepository('r.example.com/supervisor@sha256:abc')).toBe('r.example.com/supervisor');
    expect(imageRepository('localhost:5000/supervisor')).toBe('localhost:5000/supervisor');
  });
});
