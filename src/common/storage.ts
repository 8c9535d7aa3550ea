import { InstallationContext } from '../context';
import { k8s } from '../k8s';

/** Where the object-storage credentials are mounted in content-service, ws-manager, ws-daemon, ... */
export const STORAGE_SECRET_MOUNT = '/mnt/secrets/storage';
/** The Secret of the in-cluster MinIO (keys `root-user`, `root-password`, as the bitnami chart). */
export const MINIO_SECRET = { name: 'minio', userKey: 'root-user', passwordKey: 'root-password' };

/** Default blob quota per user: 5 GiB. */
const DEFAULT_BLOB_QUOTA = 5 * 1024 * 1024 * 1024;

/**
 * The `storage` block of the content-service / ws-manager / ws-daemon configs (upstream
 * `common.StorageConfig`), for MinIO (in-cluster or Azure gateway), S3 or Google Cloud Storage.
 *
 * Unlike upstream, MinIO's keys are read from files (the `minio` Secret mounted at
 * `/mnt/secrets/storage`), never written into the ConfigMap.
 */
export function storageConfig(ctx: InstallationContext): Record<string, unknown> {
  const os = ctx.config.objectStorage;
  const base = {
    stage: ctx.config.experimental?.workspace?.stage ?? '',
    gcloud: { credentialsFile: '', region: '', projectId: '' },
  };
  const blobQuota = os.blobQuota ?? DEFAULT_BLOB_QUOTA;
  const keyFiles = {
    accessKey: '',
    accessKeyFile: `${STORAGE_SECRET_MOUNT}/accessKeyId`,
    secretKey: '',
    secretKeyFile: `${STORAGE_SECRET_MOUNT}/secretAccessKey`,
  };
  if (os.inCluster || os.azure) {
    return {
      ...base,
      kind: 'minio',
      minio: { endpoint: `${ctx.serviceHost('minio')}:9000`, ...keyFiles, region: 'local', parallelUpload: 6 },
      blobQuota,
    };
  }
  if (os.s3) {
    return {
      ...base,
      kind: 'minio',
      minio: {
        endpoint: os.s3.endpoint,
        ...keyFiles,
        region: ctx.config.metadata.region,
        parallelUpload: 100,
        ...(os.s3.allowInsecureConnection ? {} : { secure: true }),
        ...(os.s3.bucket ? { bucket: os.s3.bucket } : {}),
      },
      blobQuota,
    };
  }
  if (os.cloudStorage) {
    return {
      ...base,
      kind: 'gcloud',
      gcloud: {
        credentialsFile: `${STORAGE_SECRET_MOUNT}/service-account.json`,
        region: ctx.config.metadata.region,
        projectId: os.cloudStorage.project,
      },
      // Go's zero value of the MinIO block, as upstream writes it.
      minio: { endpoint: '', accessKey: '', accessKeyFile: '', secretKey: '', secretKeyFile: '', region: '' },
      blobQuota,
    };
  }
  throw new Error('no valid storage configuration set');
}

/** The volume and mount of the storage credentials (every storage kind has one here). */
export function storageCredentials(ctx: InstallationContext): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  const os = ctx.config.objectStorage;
  const mount: k8s.VolumeMount = { name: 'storage-volume', mountPath: STORAGE_SECRET_MOUNT, readOnly: true };
  if (os.s3) return { volume: { name: 'storage-volume', secret: { secretName: os.s3.credentials.name } }, mount };
  if (os.cloudStorage) {
    return { volume: { name: 'storage-volume', secret: { secretName: os.cloudStorage.serviceAccount.name } }, mount };
  }
  return {
    volume: {
      name: 'storage-volume',
      secret: {
        secretName: MINIO_SECRET.name,
        items: [
          { key: MINIO_SECRET.userKey, path: 'accessKeyId' },
          { key: MINIO_SECRET.passwordKey, path: 'secretAccessKey' },
        ],
      },
    },
    mount,
  };
}
