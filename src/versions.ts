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

/** The manifest of release 2022.11.3. */
export const RELEASE_VERSIONS: VersionsManifest = uniformVersions(GITPOD_RELEASE);
