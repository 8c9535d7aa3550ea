import type { GitpodInstallationProps } from '../installation';
import type { VersionsManifest } from '../versions';
import { EXAMPLE_DOMAIN } from './defaults';
import { GitpodConfigError } from './errors';
import { namespaceProblem } from './input-rules';
import { resolveConfig } from './load';
import { ClusterSpec, GitpodConfig, GitpodConfigInput } from './types';

/** Folder name of the single cluster of a config without `cdk8s.clusters`. */
export const DEFAULT_CLUSTER = 'gitpod';

/** The built-in default installation: everything in-cluster, domain gitpod.example.com. */
export const DEFAULT_CONFIG: GitpodConfigInput = { apiVersion: 'v1', domain: EXAMPLE_DOMAIN };

/** One cluster of a config: its name and the props of its `GitpodInstallation`. */
export interface ConfigCluster {
  /** The cluster's name (its output folder). */
  cluster: string;
  /** Props of its installation, with the config resolved (defaults applied). */
  props: GitpodInstallationProps & {
    /** The resolved config of the cluster. */
    config: GitpodConfig;
  };
}

/**
 * The clusters of a config and the props of each one's `GitpodInstallation`: one per entry of
 * `cdk8s.clusters`, or a single cluster named `gitpod`. Throws `GitpodConfigError` on an invalid config.
 */
export function clusterProps(
  config: GitpodConfigInput,
  opts: { readonly namespace?: string; readonly versions?: VersionsManifest } = {},
): ConfigCluster[] {
  const nsProblem = opts.namespace === undefined ? undefined : namespaceProblem(opts.namespace, 'namespace');
  if (nsProblem) throw new GitpodConfigError([nsProblem]);
  const resolved = resolveConfig(config).config;
  const clusters = resolved.cdk8s?.clusters;
  if (!clusters) return [{ cluster: DEFAULT_CLUSTER, props: { config: resolved, namespace: opts.namespace, versions: opts.versions } }];
  return clusters.map((c) => ({
    cluster: c.name,
    props: { config: withClusterOverrides(resolved, c), namespace: c.namespace ?? opts.namespace, versions: opts.versions, kind: c.kind, shortname: c.shortname },
  }));
}

/** The config one cluster renders: its `workspaceClasses` replace `experimental.workspace.classes`. */
function withClusterOverrides(config: GitpodConfig, c: ClusterSpec): GitpodConfig {
  if (!c.workspaceClasses) return config;
  const experimental = config.experimental ?? {};
  return { ...config, experimental: { ...experimental, workspace: { ...experimental.workspace, classes: c.workspaceClasses } } };
}

