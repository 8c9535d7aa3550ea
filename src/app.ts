import { App } from 'cdk8s';
import { clusterProps } from './config/clusters';
import { GitpodConfigInput } from './config/types';
import { GitpodInstallation } from './installation';
import { renderFiles } from './output/render';
import { assertValid, declaredExternals, validateObjects } from './validation';
import { VersionsManifest } from './versions';

export { clusterProps, DEFAULT_CLUSTER, DEFAULT_CONFIG } from './config/clusters';

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
  const installations = clusterProps(config, opts).map(({ cluster, props }) => new GitpodInstallation(app, cluster, props));
  const rendered = new Map(installations.map((i) => [i, i.renderedObjects()] as const));
  if (opts.validate !== false) {
    assertValid(installations.flatMap((i) => validateObjects(i.node.id, rendered.get(i)!.map((o) => o.manifest), declaredExternals(i.context))));
  }
  return { app, installations, files: renderFiles(installations, rendered) };
}
