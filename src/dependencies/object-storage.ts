import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import type { SecretSpec } from '../secrets/spec';

/** Where the object-storage credentials are mounted in content-service, ws-manager, ws-daemon. */
export const STORAGE_SECRET_MOUNT = '/mnt/secrets/storage';

/** Default blob quota per user: 5 GiB. */
const DEFAULT_BLOB_QUOTA = 5 * 1024 * 1024 * 1024;

/** The storage credentials a client pod mounts at `STORAGE_SECRET_MOUNT`. */
export interface StorageCredentials {
  /** The pod's volume (from a Secret). */
  readonly volume: k8s.Volume;
  /** The container's mount of it. */
  readonly mount: k8s.VolumeMount;
}

/**
 * The object storage workspace content and blobs go to: the `storage` block of the content-service,
 * ws-manager and ws-daemon configs, the credentials they mount, and the Secrets it reads. The
 * built-in ones are `Minio` (in-cluster or Azure gateway), `S3ObjectStorage` and
 * `GcsObjectStorage`, chosen by `objectStorage` in the config; any object of this shape can be
 * passed as `GitpodInstallationProps.objectStorage`.
 */
export interface IObjectStorage {
  /** The `storage` block of the clients' configs (upstream `common.StorageConfig`). */
  storageConfig(): Record<string, unknown>;
  /** The credentials volume every client mounts at `STORAGE_SECRET_MOUNT`. */
  credentials(): StorageCredentials;
  /** Whether the proxy routes `minio.<domain>` to the console of Service `minio`. */
  readonly routesMinioConsole: boolean;
  /** The Secrets it and its clients read that the installation does not render (the secret catalog lists them). */
  readonly secrets: readonly SecretSpec[];
}

/** The fields every kind's `storage` block has. */
export function storageBase(ctx: InstallationContext): Record<string, unknown> {
  return {
    stage: ctx.config.experimental?.workspace?.stage ?? '',
    gcloud: { credentialsFile: '', region: '', projectId: '' },
  };
}

/** `objectStorage.blobQuota`, else 5 GiB. */
export function blobQuota(ctx: InstallationContext): number {
  return ctx.config.objectStorage.blobQuota ?? DEFAULT_BLOB_QUOTA;
}

/** MinIO-protocol keys read from the mounted files (`accessKeyId`, `secretAccessKey`), never written into a ConfigMap. */
export const KEY_FILES = {
  /** Empty: the key is read from `accessKeyFile`. */
  accessKey: '',
  /** The mounted access key id. */
  accessKeyFile: `${STORAGE_SECRET_MOUNT}/accessKeyId`,
  /** Empty: the key is read from `secretKeyFile`. */
  secretKey: '',
  /** The mounted secret access key. */
  secretKeyFile: `${STORAGE_SECRET_MOUNT}/secretAccessKey`,
} as const;

/** The credentials volume of a Secret, mounted as it is or with its keys renamed. */
export function storageSecretVolume(secretName: string, items?: k8s.KeyToPath[]): StorageCredentials {
  return {
    volume: { name: 'storage-volume', secret: { secretName, ...(items ? { items } : {}) } },
    mount: { name: 'storage-volume', mountPath: STORAGE_SECRET_MOUNT, readOnly: true },
  };
}

/** Amazon S3 or any S3-compatible store (`objectStorage.s3`): nothing rendered, credentials from `objectStorage.s3.credentials`. */
export class S3ObjectStorage implements IObjectStorage {
  public readonly routesMinioConsole: boolean;
  public readonly secrets: readonly SecretSpec[];
  private readonly ctx: InstallationContext;

  constructor(ctx: InstallationContext) {
    const s3 = ctx.config.objectStorage.s3;
    if (!s3) throw new Error('S3ObjectStorage needs objectStorage.s3');
    this.ctx = ctx;
    // Upstream routes minio.<domain> unless GCS is used, MinIO or not; a fleet's application cluster
    // routes it only to a MinIO it runs (src/validation/addresses.ts).
    this.routesMinioConsole = !ctx.fleet;
    this.secrets = [
      { name: s3.credentials.name, keys: ['accessKeyId', 'secretAccessKey'], source: 'user', purpose: 'S3 credentials', configPath: 'objectStorage.s3.credentials.name' },
    ];
  }

  public storageConfig(): Record<string, unknown> {
    const ctx = this.ctx;
    const s3 = ctx.config.objectStorage.s3!;
    return {
      ...storageBase(ctx),
      kind: 'minio',
      minio: {
        endpoint: s3.endpoint,
        ...KEY_FILES,
        region: ctx.config.metadata.region,
        parallelUpload: 100,
        ...(s3.allowInsecureConnection ? {} : { secure: true }),
        ...(s3.bucket ? { bucket: s3.bucket } : {}),
      },
      blobQuota: blobQuota(ctx),
    };
  }

  public credentials(): StorageCredentials {
    return storageSecretVolume(this.ctx.config.objectStorage.s3!.credentials.name);
  }
}

/** Google Cloud Storage (`objectStorage.cloudStorage`): nothing rendered, a service account key from `objectStorage.cloudStorage.serviceAccount`. */
export class GcsObjectStorage implements IObjectStorage {
  public readonly routesMinioConsole = false;
  public readonly secrets: readonly SecretSpec[];
  private readonly ctx: InstallationContext;

  constructor(ctx: InstallationContext) {
    const gcs = ctx.config.objectStorage.cloudStorage;
    if (!gcs) throw new Error('GcsObjectStorage needs objectStorage.cloudStorage');
    this.ctx = ctx;
    this.secrets = [
      {
        name: gcs.serviceAccount.name,
        keys: ['service-account.json'],
        source: 'user',
        purpose: 'GCS service account',
        configPath: 'objectStorage.cloudStorage.serviceAccount.name',
      },
    ];
  }

  public storageConfig(): Record<string, unknown> {
    const ctx = this.ctx;
    return {
      ...storageBase(ctx),
      kind: 'gcloud',
      gcloud: {
        credentialsFile: `${STORAGE_SECRET_MOUNT}/service-account.json`,
        region: ctx.config.metadata.region,
        projectId: ctx.config.objectStorage.cloudStorage!.project,
      },
      // Go's zero value of the MinIO block, as upstream writes it.
      minio: { endpoint: '', accessKey: '', accessKeyFile: '', secretKey: '', secretKeyFile: '', region: '' },
      blobQuota: blobQuota(ctx),
    };
  }

  public credentials(): StorageCredentials {
    return storageSecretVolume(this.ctx.config.objectStorage.cloudStorage!.serviceAccount.name);
  }
}
