/**
 * The versions manifest of the Gitpod release this library renders: one image tag per component.
 *
 * The shape is the installer's `versions.Manifest` (it is also written, as JSON, into the `gitpod`
 * ConfigMap). Tags can be overridden per installation (`versions` prop) or per image
 * (`cdk8s.images` in the config).
 */
/** The image tag of one component. */
export interface Versioned {
  /** Image tag (the release's build version, e.g. `commit-<sha>`). */
  readonly version: string;
}

/** The installer's `versions.Manifest`: the release name and one image tag per component. */
export interface VersionsManifest {
  /** The release name (e.g. `2022.11.3`). */
  readonly version: string;
  /** Image tags by component, under the installer's manifest keys. */
  readonly components: {
    /** agent-smith (workspace abuse detection). */
    readonly agentSmith: Versioned;
    /** blobserve (serves IDE and supervisor static files from images). */
    readonly blobserve: Versioned;
    /** ca-updater (the init container that adds the custom CA to the trust store of image-builder-mk3 and registry-facade). */
    readonly caUpdater: Versioned;
    /** content-service (workspace content and backups). */
    readonly contentService: Versioned;
    /** dashboard (the web UI). */
    readonly dashboard: Versioned;
    /** db-migrations (the database schema migrations Job). */
    readonly dbMigrations: Versioned;
    /** db-sync (accepted for the manifest's shape; not rendered in 2022.11.3). */
    readonly dbSync: Versioned;
    /** ide-metrics (IDE telemetry and error reports). */
    readonly ideMetrics: Versioned;
    /** ide-service (resolves IDE images and settings). */
    readonly ideService: Versioned;
    /** ide-proxy (serves IDE binaries and the CLI). */
    readonly ideProxy: Versioned;
    /** image-builder-mk3 and the image of its build workspaces. */
    readonly imageBuilderMk3: Versioned & {
      /** The builder image image-builder-mk3 runs builds in. */
      readonly builderImage: Versioned;
    };
    /** installation-telemetry (the telemetry CronJob). */
    readonly installationTelemetry: Versioned;
    /** openvsx-proxy (the Open VSX cache). */
    readonly openVSXProxy: Versioned;
    /** payment-endpoint (accepted for the manifest's shape; gitpod.io only). */
    readonly paymentEndpoint: Versioned;
    /** proxy (the Caddy entry point). */
    readonly proxy: Versioned;
    /** public-api-server (the public gRPC API). */
    readonly 'public-api-server': Versioned;
    /** registry-facade (serves workspace images). */
    readonly registryFacade: Versioned;
    /** server (the application server). */
    readonly server: Versioned;
    /** service-waiter (init containers that wait for the database and the message bus). */
    readonly serviceWaiter: Versioned;
    /** toxic-config (configures toxiproxy for `slowDatabase`). */
    readonly 'toxic-config': Versioned;
    /** usage (usage-based billing). */
    readonly usage: Versioned;
    /** Images that run inside workspaces. */
    readonly workspace: {
      /** VS Code in the browser. */
      readonly codeImage: Versioned;
      /** docker-up (Docker inside workspaces). */
      readonly dockerUp: Versioned;
      /** supervisor (the workspace's process 1 and terminal server). */
      readonly supervisor: Versioned;
      /** workspacekit (sets up the workspace's namespaces). */
      readonly workspacekit: Versioned;
      /** Desktop IDE images (VS Code Desktop, JetBrains backends), by IDE. */
      readonly desktopIdeImages: Record<DesktopIdeImage, Versioned>;
    };
    /** ws-daemon and its init containers. */
    readonly wsDaemon: Versioned & {
      /** Images of the user-namespace init containers. */
      readonly userNamespaces: {
        /** Installs the workspace seccomp profile on the node. */
        readonly seccompProfileInstaller: Versioned;
        /** Loads the shiftfs kernel module on the node (`fsShiftMethod: shiftfs`). */
        readonly shiftfsModuleLoader: Versioned;
      };
    };
    /** ws-manager (workspace pods). */
    readonly wsManager: Versioned;
    /** ws-manager-bridge (workspace status into the database). */
    readonly wsManagerBridge: Versioned;
    /** ws-proxy (routes workspace traffic). */
    readonly wsProxy: Versioned;
  };
}

/** Keys of the desktop IDE images in the versions manifest (`components.workspace.desktopIdeImages`). */
export type DesktopIdeImage =
  | 'codeDesktop'
  | 'codeDesktopInsiders'
  | 'intellij'
  | 'intellijLatest'
  | 'goland'
  | 'golandLatest'
  | 'pycharm'
  | 'pycharmLatest'
  | 'phpstorm'
  | 'phpstormLatest'
  | 'rubymine'
  | 'rubymineLatest'
  | 'webstorm'
  | 'webstormLatest'
  | 'rider'
  | 'riderLatest'
  | 'clion'
  | 'clionLatest'
  | 'jbBackendPlugin'
  | 'jbBackendPluginLatest';

/** The Gitpod release rendered by default. */
export const GITPOD_RELEASE = '2022.11.3';

/**
 * Build a manifest in which every component has the same tag. Useful for tests and for mirrors
 * that retag a release under one name.
 */
export function uniformVersions(tag: string, version = tag): VersionsManifest {
  const v = { version: tag };
  const desktop = Object.fromEntries(
    (
      [
        'codeDesktop', 'codeDesktopInsiders', 'intellij', 'intellijLatest', 'goland', 'golandLatest', 'pycharm',
        'pycharmLatest', 'phpstorm', 'phpstormLatest', 'rubymine', 'rubymineLatest', 'webstorm', 'webstormLatest',
        'rider', 'riderLatest', 'clion', 'clionLatest', 'jbBackendPlugin', 'jbBackendPluginLatest',
      ] as DesktopIdeImage[]
    ).map((k) => [k, v]),
  ) as Record<DesktopIdeImage, Versioned>;
  return {
    version,
    components: {
      agentSmith: v,
      blobserve: v,
      caUpdater: v,
      contentService: v,
      dashboard: v,
      dbMigrations: v,
      dbSync: v,
      ideMetrics: v,
      ideService: v,
      ideProxy: v,
      imageBuilderMk3: { version: tag, builderImage: v },
      installationTelemetry: v,
      openVSXProxy: v,
      paymentEndpoint: v,
      proxy: v,
      'public-api-server': v,
      registryFacade: v,
      server: v,
      serviceWaiter: v,
      'toxic-config': v,
      usage: v,
      workspace: { codeImage: v, dockerUp: v, supervisor: v, workspacekit: v, desktopIdeImages: desktop },
      wsDaemon: { version: tag, userNamespaces: { seccompProfileInstaller: v, shiftfsModuleLoader: v } },
      wsManager: v,
      wsManagerBridge: v,
      wsProxy: v,
    },
  };
}

const A = 'commit-adff3328ae5722956535c4164c2f5d0946a9664e';
const B = 'commit-6c883c70ab109a6d259e331e0d72a411b10cfa01';
const C = 'commit-6771283c3406586e352337675b79ff2ca50f191b';
/**
 * Tag for manifest keys whose 2022.11.3 value was never published in the release's image list
 * (images the installer does not deploy by default: usage and toxic-config are experimental,
 * the `*Latest` IDE images use the floating `latest` tag upstream). Override per image if used.
 */
const UNPUBLISHED = 'latest';

/**
 * The manifest of release 2022.11.3, from the image list of the release's KOTS app
 * (gitpod-io/gitpod `install/kots/manifests/kots-app.yaml` at tag 2022.11.3, which the installer
 * fills from its own versions manifest).
 */
export const RELEASE_VERSIONS: VersionsManifest = (() => {
  const base = uniformVersions(UNPUBLISHED, `release-${GITPOD_RELEASE}`);
  const v = (version: string): Versioned => ({ version });
  const desktop = { ...base.components.workspace.desktopIdeImages };
  for (const k of ['codeDesktop', 'codeDesktopInsiders', 'intellij', 'goland', 'pycharm', 'phpstorm', 'rubymine', 'webstorm', 'rider', 'clion', 'jbBackendPlugin'] as DesktopIdeImage[]) {
    desktop[k] = v(A);
  }
  return {
    version: `release-${GITPOD_RELEASE}`,
    components: {
      ...base.components,
      agentSmith: v(A),
      blobserve: v(B),
      caUpdater: v('commit-313e75e99d5db6f5ac4eb71ecc25b8807fdd8366'),
      contentService: v(B),
      dashboard: v(C),
      dbMigrations: v(A),
      ideMetrics: v(B),
      ideProxy: v(A),
      ideService: v(B),
      imageBuilderMk3: { version: A, builderImage: v('6c883c70ab109a6d259e331e0d72a411b10cfa01') },
      installationTelemetry: v(B),
      openVSXProxy: v('commit-8aeb5e189120bd0c8a9dce3159f3f960f875b646'),
      proxy: v(A),
      'public-api-server': v(A),
      registryFacade: v(B),
      server: v(C),
      serviceWaiter: v('commit-3c79f0c68c9e480f0e8daf65c44a484296161786'),
      workspace: {
        // Browser VS Code: the installer pins its own stable image (ide/code), not this key.
        codeImage: v('commit-a65f065d070fcf91a9491e806d9fff26d962e873'),
        dockerUp: v(B),
        supervisor: v(A),
        workspacekit: v(B),
        desktopIdeImages: desktop,
      },
      wsDaemon: {
        version: B,
        userNamespaces: {
          seccompProfileInstaller: v('commit-5d7b9b6cd6b0dd95445ef5f3eef1bc7e8d27845a'),
          shiftfsModuleLoader: v('commit-313e75e99d5db6f5ac4eb71ecc25b8807fdd8366'),
        },
      },
      wsManager: v(B),
      wsManagerBridge: v(C),
      wsProxy: v(A),
    },
  };
})();
