import { App } from 'cdk8s';
import { EXAMPLE_DOMAIN } from './config/defaults';
import { resolveConfig } from './config/load';
import { GitpodConfigInput } from './config/types';
import { GitpodInstallation } from './installation';
import { compareManifests, kustomization, renderFiles, toYamlDocuments } from './output/render';
import { randomValues, ValueSource } from './secrets/generate';
import { assertNoSecretMaterial } from './secrets/guard';
import { generatedSecretManifests } from './secrets/plan';
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
   * Throwaway clusters only: also write the generated Secrets (fresh random values) into
   * `<cluster>/secrets.yaml`. The output then holds secret material and differs on every run.
   * @default false
   */
  readonly inlineSecrets?: boolean;
  /** Where inline Secret values come from. @default fresh random values (node:crypto) */
  readonly secretValues?: ValueSource;
}

export interface Rendering {
  readonly app: App;
  readonly installations: GitpodInstallation[];
  /** Output files: `<cluster>/<component>.yaml` and `<cluster>/kustomization.yaml`. */
  readonly files: Map<string, string>;
}

/**
 * Build every cluster of a config: one `GitpodInstallation` chart per entry of `cdk8s.clusters`,
 * or a single chart named `gitpod`. Throws `GitpodConfigError` on an invalid config, and
 * `SecretMaterialError` when any object would carry secret material (this is the one place
 * rendering happens: the CLI and `cdk8s synth` both come through here).
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
  assertNoSecretMaterial(installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest)));
  const files = renderFiles(installations);
  if (opts.inlineSecrets) {
    if (resolved.cdk8s?.secrets?.externalSecrets) {
      throw new Error('inline Secrets and cdk8s.secrets.externalSecrets exclude each other: the ExternalSecrets own those Secrets');
    }
    addInlineSecrets(files, installations, opts.secretValues ?? randomValues());
  }
  return { app, installations, files };
}

/** `<cluster>/secrets.yaml` with the generated Secrets, listed in the folder's kustomization. */
function addInlineSecrets(files: Map<string, string>, installations: readonly GitpodInstallation[], values: ValueSource): void {
  for (const inst of installations) {
    const manifests = generatedSecretManifests(inst.secretPlan(), values, inst.context.namespace).sort(compareManifests);
    if (manifests.length === 0) continue;
    const folder = inst.node.id;
    files.set(`${folder}/secrets.yaml`, toYamlDocuments(manifests));
    const resources = [...files.keys()]
      .filter((f) => f.startsWith(`${folder}/`) && f !== `${folder}/kustomization.yaml`)
      .map((f) => f.slice(folder.length + 1));
    files.set(`${folder}/kustomization.yaml`, kustomization(resources));
  }
}
