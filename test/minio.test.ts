import { Minio } from '../src/dependencies/minio';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Minio, 'minio', config, {}, namespace);

const SELECTOR = { 'app.kubernetes.io/name': 'minio', 'app.kubernetes.io/instance': 'minio' };

describe('object storage: in-cluster MinIO (default)', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'minio');

  test('Deployment minio keeps the chart selector, recreates on update and mounts PVC minio', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(SELECTOR);
    expect(deployment.spec.template.metadata.labels).toEqual({ ...SELECTOR, app: 'gitpod', component: 'minio' });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(podSpec(deployment).volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'minio' } }]);
    expect(container(deployment, 'minio').volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(podSpec(deployment).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] },
    ]);
  });

  test('root credentials come from Secret minio (root-user, root-password); no Secret is rendered', () => {
    const env = container(deployment, 'minio').env;
    expect(env.find((e: any) => e.name === 'MINIO_ROOT_USER').valueFrom.secretKeyRef).toEqual({ name: 'minio', key: 'root-user' });
    expect(env.find((e: any) => e.name === 'MINIO_ROOT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'minio', key: 'root-password' });
    expect(maybe(render(), 'Secret', 'minio')).toBeUndefined();
  });

  test('Service minio serves the API on 9000 and the console on 9001', () => {
    const s = find(objects, 'Service', 'minio');
    expect(s.spec.selector).toEqual(SELECTOR);
    expect(s.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['minio-api', 9000, 'minio-api'],
      ['minio-console', 9001, 'minio-console'],
    ]);
  });

  test('PVC minio: 8Gi by default; size and storage class from cdk8s.storage.minio', () => {
    expect(find(objects, 'PersistentVolumeClaim', 'minio').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } });
    const pvc = find(alone({ cdk8s: { storage: { minio: { size: '100Gi', storageClass: 'standard-rwo' } } } }), 'PersistentVolumeClaim', 'minio');
    expect(pvc.spec).toMatchObject({ storageClassName: 'standard-rwo', resources: { requests: { storage: '100Gi' } } });
  });

  test('memory request follows objectStorage.resources', () => {
    const d = find(alone({ objectStorage: { resources: { requests: { memory: '4Gi' } } } }), 'Deployment', 'minio');
    expect(container(d, 'minio').resources.requests).toEqual({ memory: '4Gi' });
  });

  test('SA minio and RoleBinding minio (unprivileged)', () => {
    expect(find(objects, 'ServiceAccount', 'minio').secrets).toEqual([{ name: 'minio' }]);
    expect(find(objects, 'RoleBinding', 'minio').roleRef.name).toBe('default-ns-psp:unprivileged');
  });
});

describe.each([
  ['S3', { inCluster: false, s3: { endpoint: 's3.amazonaws.com', bucket: 'b', credentials: { kind: 'secret' as const, name: 's3' } } }],
  ['Google Cloud Storage', { inCluster: false, cloudStorage: { project: 'p', serviceAccount: { kind: 'secret' as const, name: 'gcs' } } }],
])('object storage: %s', (_name, objectStorage) => {
  const objects = alone({ objectStorage });
  test('no MinIO runs and nothing of it is rendered (upstream leaves a RoleBinding to an absent ServiceAccount)', () => {
    expect(objects.filter((o) => o.metadata.labels?.component === 'minio').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });
});

describe('object storage: Azure Blob through the MinIO gateway', () => {
  const objects = alone({ objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'azure-blob' } } } });
  const deployment = find(objects, 'Deployment', 'minio');

  test('two gateway replicas on the gateway image, no volume', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(maybe(objects, 'PersistentVolumeClaim', 'minio')).toBeUndefined();
    expect(podSpec(deployment).volumes).toBeUndefined();
    const c = container(deployment, 'minio');
    expect(c.image).toBe('docker.io/bitnamilegacy/minio:2022.4.29-debian-10-r0');
    expect(c.command).toEqual(['minio']);
    expect(c.args).toEqual(['--certs-dir', '/opt/bitnami/minio/certs', 'gateway', 'azure', '--console-address', ':9001']);
  });

  test('the storage account comes from the azure credentials Secret', () => {
    const env = container(deployment, 'minio').env;
    expect(env.find((e: any) => e.name === 'AZURE_STORAGE_ACCOUNT').valueFrom.secretKeyRef).toEqual({ name: 'azure-blob', key: 'accountName' });
    expect(env.find((e: any) => e.name === 'AZURE_STORAGE_KEY').valueFrom.secretKeyRef).toEqual({ name: 'azure-blob', key: 'accountKey' });
    expect(find(objects, 'Service', 'minio').spec.selector).toEqual(SELECTOR);
  });
});
