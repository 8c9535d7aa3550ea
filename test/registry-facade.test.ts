import { RegistryFacade } from '../src/components/registry-facade';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(RegistryFacade, 'registry-facade', config, {}, namespace);

const workspaceKind = { kind: 'Workspace' as const };
const rfConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'registry-facade').data['config.json']);
const external = {
  containerRegistry: { inCluster: false, external: { url: 'registry.acme.dev', certificate: { kind: 'secret' as const, name: 'acme-pull' } } },
};

describe('registry-facade', () => {
  const objects = alone(workspaceKind);
  const ds = find(objects, 'DaemonSet', 'registry-facade');

  test('selector; Service registry 20000 → 32223', () => {
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'registry-facade' });
    const svc = find(objects, 'Service', 'registry-facade');
    expect(svc.spec.selector).toEqual({ app: 'gitpod', component: 'registry-facade' });
    expect(svc.spec.ports).toEqual([{ name: 'registry', port: 20000, protocol: 'TCP', targetPort: 32223 }]);
  });

  test('host access: hostPort 20000, unprivileged uid 1000, hostPath / only for the CA installer', () => {
    const main = container(ds, 'registry-facade');
    expect(main.ports).toEqual([{ name: 'registry', containerPort: 32223, hostPort: 20000 }]);
    expect(main.securityContext).toEqual({ privileged: false, runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec(ds).hostPID).toBeUndefined();
    expect(podSpec(ds).volumes).toContainEqual({ name: 'hostfs', hostPath: { path: '/' } });
    expect(main.volumeMounts.map((m: any) => m.name)).not.toContain('hostfs');
  });

  test('runs on regular OR headless workspace nodes', () => {
    expect(podSpec(ds).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map((t: any) => t.matchExpressions[0].key)).toEqual([
      'gitpod.io/workload_workspace_regular',
      'gitpod.io/workload_workspace_headless',
    ]);
  });

  test('ca-updater init, node-labeler sidecar', () => {
    expect(podSpec(ds).initContainers.map((c: any) => c.name)).toEqual(['update-ca-certificates']);
    expect(podSpec(ds).containers.map((c: any) => c.name)).toEqual(['registry-facade', 'kube-rbac-proxy', 'node-labeler']);
    expect(container(ds, 'node-labeler').command[1]).toBe('--label=gitpod.io/registry-facade_ready_ns_default');
  });

  test('pull secret: builtin-registry-auth in-cluster, the external registry Secret otherwise, as a file', () => {
    expect(podSpec(ds).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'builtin-registry-auth' } });
    expect(container(ds, 'registry-facade').volumeMounts).toContainEqual({
      name: 'pull-secret',
      mountPath: '/mnt/pull-secret.json',
      subPath: '.dockerconfigjson',
    });
    expect(rfConfig(objects).dockerAuth).toBe('/mnt/pull-secret.json');
    const ext = find(alone({ ...workspaceKind, ...external }), 'DaemonSet', 'registry-facade');
    expect(podSpec(ext).volumes).toContainEqual({ name: 'pull-secret', secret: { secretName: 'acme-pull' } });
  });

  test('serves TLS with the public certificate; talks to ws-manager with the client certificate', () => {
    const cfg = rfConfig(objects);
    expect(cfg.registry.tls).toEqual({ ca: '', crt: '/mnt/certificates/tls.crt', key: '/mnt/certificates/tls.key' });
    expect(cfg.registry.remoteSpecProvider.addr).toBe('dns:///ws-manager:8080');
    expect(podSpec(ds).volumes).toContainEqual({ name: 'config-certificates', secret: { secretName: 'https-certificates' } });
    expect(podSpec(ds).volumes).toContainEqual({ name: 'ws-manager-client-tls-certs', secret: { secretName: 'ws-manager-client-tls' } });
    expect(find(objects, 'Certificate', 'builtin-registry-facade-cert').spec.dnsNames).toEqual(['reg.gitpod.example.com']);
  });

  test('static layers: supervisor, workspacekit, docker-up from the repository', () => {
    expect(rfConfig(objects).registry.staticLayer.map((l: any) => l.ref.split(':')[0])).toEqual([
      'eu.gcr.io/gitpod-core-dev/build/supervisor',
      'eu.gcr.io/gitpod-core-dev/build/workspacekit',
      'eu.gcr.io/gitpod-core-dev/build/docker-up',
    ]);
  });

  test('a custom CA is installed into the node containerd through the host mount', () => {
    const d = find(alone({ ...workspaceKind, customCACert: { kind: 'secret', name: 'my-ca' } }), 'DaemonSet', 'registry-facade');
    const init = container(d, 'update-containerd-certificates');
    expect(init.volumeMounts).toContainEqual({ name: 'hostfs', mountPath: '/mnt/dst' });
    expect(init.env[0]).toEqual({ name: 'GITPOD_CA_CERT', valueFrom: { secretKeyRef: { name: 'my-ca', key: 'ca.crt' } } });
    expect(init.env[1].value).toContain('certs.d/reg.gitpod.example.com:20000');
  });

  test('redis password from its Secret, never the config', () => {
    const objs = alone({
      ...workspaceKind,
      experimental: {
        workspace: {
          registryFacade: {
            ipfsCache: { enabled: true, ipfsAddr: '/ip4/1.2.3.4/tcp/5001' },
            redisCache: { enabled: true, singleHostAddr: 'redis:6379', passwordSecret: 'redis-pw' },
          },
        },
      },
    });
    expect(rfConfig(objs).registry.redis).toEqual({ enabled: true, singleHostAddr: 'redis:6379' });
    expect(container(find(objs, 'DaemonSet', 'registry-facade'), 'registry-facade').env).toContainEqual({
      name: 'REDIS_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'redis-pw', key: 'password' } },
    });
  });

  test('RBAC: node labelling ClusterRole and its binding', () => {
    expect(find(objects, 'ClusterRole', 'default-ns-registry-facade').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'patch'] },
    ]);
    expect(find(objects, 'ClusterRoleBinding', 'default-registry-facade-rb').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'registry-facade', namespace: 'default' },
    ]);
  });

  test('the ca-updater init container gets the HTTP proxy env', () => {
    const d = find(alone({ ...workspaceKind, httpProxy: { kind: 'secret', name: 'proxy-settings' } }), 'DaemonSet', 'registry-facade');
    expect(container(d, 'update-ca-certificates').env[0]).toEqual({
      name: 'HTTP_PROXY',
      valueFrom: { secretKeyRef: { name: 'proxy-settings', key: 'httpProxy', optional: true } },
    });
    expect(container(ds, 'update-ca-certificates').env).toBeUndefined();
  });
});
