import { ContentService } from '../src/components/content-service';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(ContentService, 'content-service', config, {}, namespace);

const storageOf = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'content-service').data['config.json']).storage;

describe('content-service', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'content-service');

  test('Service rpc 8080 + metrics 9500; selector app + component', () => {
    const s = find(objects, 'Service', 'content-service');
    expect(s.spec.selector).toEqual({ app: 'gitpod', component: 'content-service' });
    expect(s.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['rpc', 8080],
      ['metrics', 9500],
    ]);
  });

  test('content-service and kube-rbac-proxy on meta nodes, as user 1000', () => {
    const spec = podSpec(deployment);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['content-service', 'kube-rbac-proxy']);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(container(deployment, 'content-service').args).toEqual(['run', '--config', '/config/config.json']);
    expect(container(deployment, 'content-service').securityContext).toEqual({ privileged: false, runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    // Read-only root: its scratch directory is an emptyDir.
    expect(container(deployment, 'content-service').volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
  });

  test('in-cluster MinIO: keys read from the mounted minio Secret, none in the ConfigMap', () => {
    const storage = storageOf(objects);
    expect(storage.kind).toBe('minio');
    expect(storage.minio.accessKey).toBe('');
    expect(storage.minio.accessKeyFile).toBe('/mnt/secrets/storage/accessKeyId');
    expect(podSpec(deployment).volumes.find((v: any) => v.name === 'storage-volume').secret.secretName).toBe('minio');
    expect(container(deployment, 'content-service').volumeMounts).toContainEqual({
      name: 'storage-volume',
      mountPath: '/mnt/secrets/storage',
      readOnly: true,
    });
  });

  test('S3 and GCS mount their own credential Secrets', () => {
    const s3 = alone({
      objectStorage: { inCluster: false, s3: { endpoint: 's3.example.com', credentials: { kind: 'secret', name: 's3-creds' } } },
    });
    expect(podSpec(find(s3, 'Deployment', 'content-service')).volumes).toContainEqual({ name: 'storage-volume', secret: { secretName: 's3-creds' } });
    const gcs = alone({
      objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: { kind: 'secret', name: 'gcs-sa' } } },
    });
    expect(storageOf(gcs).gcloud.credentialsFile).toBe('/mnt/secrets/storage/service-account.json');
    expect(podSpec(find(gcs, 'Deployment', 'content-service')).volumes).toContainEqual({ name: 'storage-volume', secret: { secretName: 'gcs-sa' } });
  });

  test('all ingress is allowed (workspace clusters call it)', () => {
    expect(find(objects, 'NetworkPolicy', 'content-service').spec.ingress).toEqual([{}]);
  });
});
