import { GitpodConfig } from './types';

/** The registry that hosts Gitpod's own images; third-party images keep their registries while it is used. */
export const GITPOD_REPOSITORY = 'eu.gcr.io/gitpod-core-dev/build';

/** The domain of the built-in default installation (`npm run synth` without a config file). */
export const EXAMPLE_DOMAIN = 'gitpod.example.com';

/**
 * `cdk8s.reloader`: Stakater Reloader annotations are on unless turned off. They are inert in a
 * cluster without Reloader, and without them a rotated credential is used only after a restart.
 */
export const DEFAULT_RELOADER = true;

/**
 * The installer's defaults (`pkg/config/v1` `Defaults()` plus the factory), as a fresh object each call.
 * `domain` is empty: a config must set it.
 */
export function defaultConfig(): GitpodConfig {
  return {
    apiVersion: 'v1',
    kind: 'Full',
    domain: '',
    metadata: { region: 'local', shortname: 'default' },
    repository: GITPOD_REPOSITORY,
    observability: { logLevel: 'info' },
    database: { inCluster: true },
    objectStorage: { inCluster: true, resources: { requests: { memory: '2Gi' } } },
    containerRegistry: { inCluster: true, privateBaseImageAllowList: [] },
    certificate: { kind: 'secret', name: 'https-certificates' },
    workspace: {
      runtime: {
        fsShiftMethod: 'fuse',
        containerdRuntimeDir: '/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io',
        containerdSocket: '/run/containerd/containerd.sock',
      },
      resources: { requests: { cpu: '1', memory: '2Gi' } },
      pvc: { size: '30Gi', storageClass: '', snapshotClass: '' },
      prebuildPVC: { size: '30Gi', storageClass: '', snapshotClass: '' },
      maxLifetime: '36h',
    },
    openVSX: { url: 'https://open-vsx.org' },
    authProviders: [],
    blockNewUsers: { enabled: false, passlist: [] },
    disableDefinitelyGp: true,
  };
}
