import { App } from 'cdk8s';
import { EXAMPLE_DOMAIN } from './config/defaults';
import { resolveConfig } from './config/load';
import { GitpodConfigInput } from './config/types';
import { GitpodInstallation } from './installation';
import { renderFiles } from './output/render';
import { assertValid, declaredExternals, validateObjects } from './validation';
import { VersionsManifest } from './versions';

/** Folder name of the single cluster of a config without `cdk8s.clusters`. */
export const DEFAULT_CLUSTER = 'gitpod';

/** The built-in default installation: everything in-cluster, domain gitpod.example.com. */
export const DEFAULT_CONFIG: GitpodConfigInput = { apiVersion: 'v1', domain: EXAMPLE_DOMAIN };

export interface RenderOptions {
  /** @default default */
  readonly namespace?: string;
  readonly versions?: VersionsManifest;
  /** The cdk8s App to add the charts to. @default a new App */
  readonly app?: App;
  /**
   * Validate every object (schemas, rules, references) and throw a `ManifestValidationError`
   * listing every finding. @default true
   */
  readonly validate?: boolean;
}

export interface Rendering {
  readonly app: App;
  readonly installations: GitpodInstallation[];
  /** Output files: `<cluster>/<component>.yaml` and `<cluster>/kustomization.yaml`. */
  readonly files: Map<string, string>;
}

/**
 * Build every cluster of a config: one `GitpodInstallation` chart per entry of `cdk8s.clusters`,
 * or a single chart named `gitpod`. Throws `GitpodConfigError` on an invalid config and
 * `ManifestValidationError` when a rendered object fails validation.
 */
export function buildInstallations(config: GitpodConfigInput, opts: RenderOptions = {}): Rendering {
  const app = opts.app ?? new App();
  const resolved = resolveConfig(config).config;
  const clusters = resolved.cdk8s?.clusters;
  const installations = clusters
    ? clusters.map(
        (c) =>
          new GitpodInstallation(app, c.name, {
            config: resolved,
            namespace: c.namespace ?? opts.namespace,
            versions: opts.versions,
            kind: c.kind,
            shortname: c.shortname,
          }),
      )
    : [new GitpodInstallation(app, DEFAULT_CLUSTER, { config: resolved, namespace: opts.namespace, versions: opts.versions })];
  const rendered = new Map(installations.map((i) => [i, i.renderedObjects()] as const));
  if (opts.validate !== false) {
    assertValid(installations.flatMap((i) => validateObjects(i.node.id, rendered.get(i)!.map((o) => o.manifest), declaredExternals(i.context))));
  }
  return { app, installations, files: renderFiles(installations, rendered) };
}
