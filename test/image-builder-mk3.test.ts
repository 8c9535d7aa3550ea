import { ImageBuilderMk3 } from '../src/components/image-builder-mk3';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(ImageBuilderMk3, 'image-builder-mk3', config, {}, namespace);

const workspaceKind = { kind: 'Workspace' as const };
const ibConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'image-builder-mk3-config').data['image-builder.json']);

describe('image-builder-mk3', () => {
  const objects = alone(workspaceKind);
  const deployment = find(objects, 'Deployment', 'image-builder-mk3');

  test('selector; Service "service" 8080', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'image-builder-mk3' });
    expect(find(objects, 'Service', 'image-builder-mk3').spec.ports).toEqual([{ name: 'service', port: 8080, protocol: 'TCP', targetPort: 8080 }]);
  });

  test('runs on meta nodes (as upstream), unprivileged as uid 33333', () => {
    expect(podSpec(deployment).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
    expect(container(deployment, 'image-builder-mk3').securityContext).toEqual({ privileged: false, runAsUser: 33333, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec(deployment).initContainers.map((c: any) => c.name)).toEqual(['update-ca-certificates']);
  });

  test('in-cluster registry: registry.<domain> repositories, builtin-registry-auth as a file', () => {
    const o = ibConfig(objects).orchestrator;
    expect(o.baseImageRepository).toBe('registry.gitpod.example.com/base-images');
    expect(o.workspaceImageRepository).toBe('registry.gitpod.example.com/workspace-images');
    expect(o.pullSecret).toBe('builtin-registry-auth');
    expect(o.pullSecretFile).toBe('/config/pull-secret.json');
    expect(o.wsman.address).toBe('ws-manager:8080');
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'builtin-registry-auth' } });
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'wsman-tls-certs', secret: { secretName: 'ws-manager-client-tls' } });
  });

  test('external registry: its URL and Secret', () => {
    const objs = alone({
      ...workspaceKind,
      containerRegistry: { inCluster: false, external: { url: 'registry.acme.dev/gitpod/', certificate: { kind: 'secret', name: 'acme-pull' } } },
    });
    const o = ibConfig(objs).orchestrator;
    expect(o.baseImageRepository).toBe('registry.acme.dev/gitpod/base-images');
    expect(o.pullSecret).toBe('acme-pull');
    expect(podSpec(find(objs, 'Deployment', 'image-builder-mk3')).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'acme-pull' } });
  });

  test('ref cache holds the default workspace image, or workspace.workspaceImage', () => {
    expect(ibConfig(objects).refCache).toEqual({ interval: '6h0m0s', refs: ['docker.io/gitpod/workspace-full:latest'] });
    expect(ibConfig(alone({ ...workspaceKind, workspace: { workspaceImage: 'acme/ws:1' } })).refCache.refs).toEqual(['acme/ws:1']);
  });

  test('network policy admits server and ws-manager; RBAC binding resolves', () => {
    const np = find(objects, 'NetworkPolicy', 'image-builder-mk3');
    expect(np.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { component: 'server' } } }, { podSelector: { matchLabels: { component: 'ws-manager' } } }]);
    expect(find(objects, 'RoleBinding', 'image-builder-mk3').roleRef.name).toBe('default-ns-image-builder-mk3');
    expect(find(objects, 'ClusterRole', 'default-ns-image-builder-mk3')).toBeDefined();
    expect(find(objects, 'ClusterRoleBinding', 'default-image-builder-mk3-proxy-kube-rbac-proxy').subjects[0].name).toBe('image-builder-mk3');
  });
});
