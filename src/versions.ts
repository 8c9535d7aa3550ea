/**
 * The versions manifest of the Gitpod release this library renders: one image tag per component.
 *
 * The shape is the installer's `versions.Manifest` (it is also written, as JSON, into the `gitpod`
 * ConfigMap). Tags can be overridden per installation (`versions` prop) or per image
 * (`cdk8s.images` in the config).
 */
export interface Versioned {
  readonly version: string;
}

export interface VersionsManifest {
  readonly version: string;
  readonly components: {
    readonly agentSmith: Versioned;
    readonly blobserve: Versioned;
    readonly caUpdater: Versioned;
    readonly contentService: Versioned;
    readonly dashboard: Versioned;
    readonly dbMigrations: Versioned;
    readonly dbSync: Versioned;
    readonly ideMetrics: Versioned;
    readonly ideService: Versioned;
    readonly ideProxy: Versioned;
    readonly imageBuilderMk3: Versioned & { readonly builderImage: Versioned };
    readonly installationTelemetry: Versioned;
    readonly openVSXProxy: Versioned;
    readonly paymentEndpoint: Versioned;
    readonly proxy: Versioned;
    readonly 'public-api-server': Versioned;
    readonly registryFacade: Versioned;
    readonly server: Versioned;
    readonly serviceWaiter: Versioned;
    readonly 'toxic-config': Versioned;
    readonly usage: Versioned;
    readonly workspace: {
      readonly codeImage: Versioned;
      readonly dockerUp: Versioned;
      readonly supervisor: Versioned;
      readonly workspacekit: Versioned;
      readonly desktopIdeImages: Record<DesktopIdeImage, Versioned>;
    };
    readonly wsDaemon: Versioned & {
      readonly userNamespaces: { readonly seccompProfileInstaller: Versioned; readonly shiftfsModuleLoader: Versioned };
    };
    readonly wsManager: Versioned;
    readonly wsManagerBridge: Versioned;
    readonly wsProxy: Versioned;
  };
}

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
