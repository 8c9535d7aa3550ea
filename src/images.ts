/**
 * The one declaration of the images a rendering can use, by the name that `cdk8s.images` keys
 * them with. It is static on purpose: a key for an image that only another config renders (the
 * Cloud SQL proxy, the MinIO gateway, toxiproxy) is still valid, and a misspelt key is refused
 * instead of silently ignored (in an air-gap it would pull from the internet).
 * test/images.test.ts keeps it equal to what the renderings use.
 */

/** A third-party image: its own registry, the path (its `cdk8s.images` key) and the tag. */
export interface ThirdPartyImage {
  /** Registry host (e.g. `docker.io`); `repository` does not replace it unless the image is mirrored. */
  readonly registry: string;
  /** Path in the registry; also the image's key in `cdk8s.images`. */
  readonly path: string;
  /** Image tag. */
  readonly tag: string;
  /** Paths the image had before it moved; `cdk8s.images` overrides under them still apply. */
  readonly formerPaths?: readonly string[];
}

/**
 * Third-party images; they keep their registries while `repository` is Gitpod's.
 * Bitnami moved every versioned tag to docker.io/bitnamilegacy (bitnami/containers#83267, 28 Aug
 * 2025): same tags, same images; overrides under the former `bitnami/...` key still apply.
 */
export const THIRD_PARTY_IMAGES = {
  kubeRbacProxy: { registry: 'quay.io', path: 'brancz/kube-rbac-proxy', tag: 'v0.12.0' },
  // Upstream's `3.16`, pinned to its last patch release (3.16 is end of life, the tag frozen).
  alpine: { registry: 'docker.io', path: 'library/alpine', tag: '3.16.9' },
  ubuntu: { registry: 'docker.io', path: 'library/ubuntu', tag: '20.04' },
  workspaceFull: { registry: 'docker.io', path: 'gitpod/workspace-full', tag: 'latest' },
  // Upstream's floating `6.2`, pinned to a 6.2 patch release.
  openvsxRedis: { registry: 'docker.io', path: 'library/redis', tag: '6.2.14' },
  toxiproxy: { registry: 'ghcr.io', path: 'shopify/toxiproxy', tag: '2.5.0' },
  mysql: { registry: 'docker.io', path: 'bitnamilegacy/mysql', tag: '5.7.34-debian-10-r55', formerPaths: ['bitnami/mysql'] },
  bitnamiShell: { registry: 'docker.io', path: 'bitnamilegacy/bitnami-shell', tag: '11-debian-11-r60', formerPaths: ['bitnami/bitnami-shell'] },
  cloudSqlProxy: { registry: 'b.gcr.io', path: 'cloudsql-docker/gce-proxy', tag: '1.11' },
  mysqlClient: { registry: 'docker.io', path: 'library/mysql', tag: '5.7.34' },
  rabbitmq: { registry: 'docker.io', path: 'bitnamilegacy/rabbitmq', tag: '3.11.5-debian-11-r2', formerPaths: ['bitnami/rabbitmq'] },
  registry: { registry: 'docker.io', path: 'library/registry', tag: '2.8.1' },
  minio: { registry: 'docker.io', path: 'bitnamilegacy/minio', tag: '2022.12.12-debian-11-r0', formerPaths: ['bitnami/minio'] },
  /** The last bitnami MinIO with gateway mode, which the Azure gateway needs. */
  minioGateway: { registry: 'docker.io', path: 'bitnamilegacy/minio', tag: '2022.4.29-debian-10-r0', formerPaths: ['bitnami/minio'] },
} as const satisfies Record<string, ThirdPartyImage>;

/** The JetBrains IDEs of the IDE config; each has the image `ide/<key>`. */
export const JETBRAINS_IDE_KEYS = ['intellij', 'goland', 'pycharm', 'phpstorm', 'rubymine', 'webstorm', 'rider', 'clion'] as const;

/** Gitpod's own images, `<repository>/<name>:<tag>` (tags from the versions manifest). */
export const GITPOD_IMAGE_NAMES: readonly string[] = [
  'agent-smith',
  'blobserve',
  'ca-updater',
  'content-service',
  'dashboard',
  'db-migrations',
  'docker-up',
  'ide-metrics',
  'ide-proxy',
  'ide-service',
  'ide/code',
  'ide/code-desktop',
  'ide/code-desktop-insiders',
  'ide/jb-backend-plugin',
  ...JETBRAINS_IDE_KEYS.map((k) => `ide/${k}`),
  'image-builder-mk3',
  'image-builder-mk3/bob',
  'installation-telemetry',
  'openvsx-proxy',
  'proxy',
  'public-api-server',
  'registry-facade',
  'seccomp-profile-installer',
  'server',
  'service-waiter',
  'shiftfs-module-loader',
  'supervisor',
  'toxic-config',
  'usage',
  'workspacekit',
  'ws-daemon',
  'ws-manager',
  'ws-manager-bridge',
  'ws-proxy',
];

/** The name of every image a rendering can use, sorted. */
export const IMAGE_NAMES: readonly string[] = [
  ...new Set([...GITPOD_IMAGE_NAMES, ...Object.values(THIRD_PARTY_IMAGES).map((i: ThirdPartyImage) => i.path)]),
].sort();

/** Every valid `cdk8s.images` key, sorted: the image names and the names images had before they moved. */
export const IMAGE_KEYS: readonly string[] = [
  ...new Set([...IMAGE_NAMES, ...Object.values(THIRD_PARTY_IMAGES).flatMap((i: ThirdPartyImage) => i.formerPaths ?? [])]),
].sort();
