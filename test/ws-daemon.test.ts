import { WsManager } from '../src/components/ws-manager';
import { WsDaemon } from '../src/components/ws-daemon';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(WsDaemon, 'ws-daemon', config, {}, namespace);

const workspaceKind = { kind: 'Workspace' as const };
const wsdConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'ws-daemon').data['config.json']);
const hostPath = (ds: any, name: string) => podSpec(ds).volumes.find((v: any) => v.name === name)?.hostPath;

describe('ws-daemon', () => {
  const objects = alone(workspaceKind);
  const ds = find(objects, 'DaemonSet', 'ws-daemon');

  test('selector; headless Service without ports', () => {
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ws-daemon' });
    const svc = find(objects, 'Service', 'ws-daemon');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toBeUndefined();
    expect(svc.spec.selector).toEqual({ app: 'gitpod', component: 'ws-daemon' });
  });

  test('runs on regular OR headless workspace nodes', () => {
    expect(podSpec(ds).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_workspace_regular', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'gitpod.io/workload_workspace_headless', operator: 'Exists' }] },
    ]);
  });

  test('host access: privileged, hostPID, hostPort 8080', () => {
    const spec = podSpec(ds);
    expect(spec.hostPID).toBe(true);
    const main = container(ds, 'ws-daemon');
    expect(main.securityContext).toEqual({ privileged: true });
    expect(main.ports).toEqual([{ name: 'rpc', containerPort: 8080, hostPort: 8080 }]);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['disable-kube-health-monitor', 'seccomp-profile-installer', 'sysctl']);
  });

  test('containers: ws-daemon, kube-rbac-proxy and the node-labeler', () => {
    expect(podSpec(ds).containers.map((c: any) => c.name)).toEqual(['ws-daemon', 'kube-rbac-proxy', 'node-labeler']);
    expect(container(ds, 'node-labeler').command).toEqual([
      '/app/ready-probe-labeler',
      '--label=gitpod.io/ws-daemon_ready_ns_default',
      '--probe-url=http://localhost:9501/ready',
    ]);
    expect(container(ds, 'node-labeler').lifecycle.preStop.exec.command).toContain('--shutdown');
  });

  test('default containerd paths', () => {
    expect(hostPath(ds, 'containerd-socket')).toEqual({ path: '/run/containerd/containerd.sock', type: 'Socket' });
    expect(hostPath(ds, 'node-fs0')).toEqual({ path: '/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io', type: 'Directory' });
    expect(wsdConfig(objects).daemon.runtime.containerRuntime.nodeToContainerMapping).toEqual({
      '/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io': '/mnt/node0',
    });
  });

  test('k3s: workspace.runtime.containerdSocket / containerdRuntimeDir reach the host paths and the config', () => {
    const objs = alone({
      ...workspaceKind,
      workspace: {
        runtime: {
          containerdSocket: '/run/k3s/containerd/containerd.sock',
          containerdRuntimeDir: '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io',
        },
      },
    });
    const d = find(objs, 'DaemonSet', 'ws-daemon');
    expect(hostPath(d, 'containerd-socket')).toEqual({ path: '/run/k3s/containerd/containerd.sock', type: 'Socket' });
    expect(hostPath(d, 'node-fs0')).toEqual({ path: '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io', type: 'Directory' });
    expect(wsdConfig(objs).daemon.runtime.containerRuntime.nodeToContainerMapping).toEqual({
      '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io': '/mnt/node0',
    });
    // The container always sees the same paths.
    expect(wsdConfig(objs).daemon.runtime.containerRuntime.containerd.socket).toBe('/mnt/containerd.sock');
  });

  test('experimental nodeToContainerMapping replaces the default mapping', () => {
    const cfg = wsdConfig(
      alone({
        ...workspaceKind,
        experimental: { workspace: { wsDaemon: { runtime: { nodeToContainerMapping: [{ path: '/a', value: '/mnt/a' }] } } } },
      }),
    );
    expect(cfg.daemon.runtime.containerRuntime.nodeToContainerMapping).toEqual({ '/a': '/mnt/a' });
  });

  test('fsShiftMethod shiftfs: SHIFTFS in the config and the shiftfs-module-loader init container', () => {
    expect(wsdConfig(objects).daemon.content.userNamespaces.fsShift).toBe('FUSE');
    const objs = alone({ ...workspaceKind, workspace: { runtime: { fsShiftMethod: 'shiftfs' } } });
    expect(wsdConfig(objs).daemon.content.userNamespaces.fsShift).toBe('SHIFTFS');
    const loader = container(find(objs, 'DaemonSet', 'ws-daemon'), 'shiftfs-module-loader');
    expect(loader.securityContext).toEqual({ privileged: true });
    expect(loader.volumeMounts).toEqual([{ name: 'node-linux-src', readOnly: true, mountPath: '/usr/src_node' }]);
  });

  test('TLS certificate ws-daemon-tls, mounted at /certs', () => {
    const cert = find(objects, 'Certificate', 'ws-daemon-tls');
    expect(cert.spec.dnsNames).toEqual(['gitpod.default', 'ws-daemon.default.svc', 'ws-daemon', 'wsdaemon']);
    expect(container(ds, 'ws-daemon').volumeMounts).toContainEqual({ name: 'tls-certs', mountPath: '/certs' });
  });

  test('storage keys come from the mounted Secret, never the ConfigMap', () => {
    const minio = wsdConfig(objects).daemon.content.storage.minio;
    expect(minio.accessKey).toBe('');
    expect(minio.secretKeyFile).toBe('/mnt/secrets/storage/secretAccessKey');
    expect(podSpec(ds).volumes).toContainEqual(expect.objectContaining({ name: 'storage-volume', secret: expect.objectContaining({ secretName: 'minio' }) }));
  });

  test('registry-facade host in the node hosts file; experimental CPU limits', () => {
    expect(wsdConfig(objects).daemon.hosts.fixedHosts.registryFacade).toEqual([{ addr: '127.0.0.1', name: 'reg.gitpod.example.com' }]);
    const cfg = wsdConfig(alone({ ...workspaceKind, experimental: { workspace: { CPULimits: { enabled: true, limit: '5', burstLimit: '10' } } } }));
    expect(cfg.daemon.cpulimit).toMatchObject({ enabled: true, limit: '5', burstLimit: '10' });
  });

  test('RBAC and network policy', () => {
    expect(find(objects, 'ClusterRoleBinding', 'default-ws-daemon-rb').roleRef.name).toBe('default-ns-ws-daemon');
    expect(find(objects, 'ClusterRoleBinding', 'default-ws-daemon-rb-kube-rbac-proxy').subjects[0].name).toBe('ws-daemon');
    const np = find(objects, 'NetworkPolicy', 'ws-daemon');
    expect(np.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({ app: 'gitpod', component: 'ws-manager' });
    expect(np.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('S3 and GCS: the credentials Secret is mounted, the config points at files', () => {
    const s3 = alone({
      ...workspaceKind,
      objectStorage: { inCluster: false, s3: { endpoint: 's3.amazonaws.com', bucket: 'b', credentials: { kind: 'secret', name: 's3-creds' } } },
    });
    expect(podSpec(find(s3, 'DaemonSet', 'ws-daemon')).volumes).toContainEqual({ name: 'storage-volume', secret: { secretName: 's3-creds' } });
    expect(wsdConfig(s3).daemon.content.storage.minio).toMatchObject({ endpoint: 's3.amazonaws.com', accessKey: '', bucket: 'b' });
    const gcsConfig = { ...workspaceKind, objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: { kind: 'secret' as const, name: 'gcs-sa' } } } };
    // ws-manager mounts the same Secret.
    const gcs = [...alone(gcsConfig), ...renderAlone(WsManager, 'ws-manager', gcsConfig)];
    const storage = wsdConfig(gcs).daemon.content.storage;
    expect(storage.kind).toBe('gcloud');
    expect(storage.gcloud.credentialsFile).toBe('/mnt/secrets/storage/service-account.json');
    expect(storage.minio).toEqual({ endpoint: '', accessKey: '', accessKeyFile: '', secretKey: '', secretKeyFile: '', region: '' });
    expect(podSpec(find(gcs, 'Deployment', 'ws-manager')).volumes).toContainEqual({ name: 'storage-volume', secret: { secretName: 'gcs-sa' } });
  });

  test('customization env reaches the main container and the node-labeler', () => {
    const d = find(
      alone({
        ...workspaceKind,
        customization: [{ apiVersion: '*', kind: '*', metadata: { name: 'ws-daemon' }, spec: { env: [{ name: 'EXTRA', value: '1' }] } }],
      }),
      'DaemonSet',
      'ws-daemon',
    );
    expect(container(d, 'ws-daemon').env).toContainEqual({ name: 'EXTRA', value: '1' });
    expect(container(d, 'node-labeler').env).toContainEqual({ name: 'EXTRA', value: '1' });
    expect(container(d, 'kube-rbac-proxy').env).not.toContainEqual({ name: 'EXTRA', value: '1' });
  });
});
