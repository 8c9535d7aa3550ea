import { App } from 'cdk8s';
import { jsonKey } from './common/json-key';
import { clusterProps } from './config/clusters';
import { GitpodConfigInput } from './config/types';
import { GitpodInstallation } from './installation';
import { compareManifests, kustomization, renderFiles, toYamlDocuments } from './output/render';
import { randomValues, ValueSource } from './secrets/generate';
import { SecretMaterialError, SecretScan } from './secrets/guard';
import { generatedSecretManifests } from './secrets/plan';
import { assertValid, checkObjects } from './validation';
import { VersionsManifest } from './versions';

export { clusterProps, DEFAULT_CLUSTER, DEFAULT_CONFIG } from './config/clusters';

/** Options of `buildInstallations()`. */
export interface RenderOptions {
  /** Namespace of every namespaced object. @default default */
  readonly namespace?: string;
  /** Image tags. @default the 2022.11.3 release */
  readonly versions?: VersionsManifest;
  /** The cdk8s App to add the charts to. @default a new App */
  readonly app?: App;
  /**
   * Validate every object (schemas, rules, references) and throw a `ManifestValidationError`
   * listing every finding. @default true
   */
  readonly validate?: boolean;
  /**
   * Throwaway clusters only: also write the generated Secrets (fresh random values) into
   * `<cluster>/secrets.yaml`. The output then holds secret material and differs on every run.
   * @default false
   */
  readonly inlineSecrets?: boolean;
  /** Where inline Secret values come from. @default fresh random values (node:crypto) */
  readonly secretValues?: ValueSource;
  /**
   * Called with each installation once its components exist and before anything is rendered:
   * the place to add objects, patch components or declare externals; the result is validated.
   * @default none
   */
  readonly customize?: (installation: GitpodInstallation) => void;
  /** Called with one line per cluster built, then once validated (progress on a terminal). */
  readonly progress?: (line: string) => void;
  /** Filled with the milliseconds each phase took (construct tree, validation, YAML), for `npm run bench`. */
  readonly timings?: Record<string, number>;
}

/** What `buildInstallations()` built. */
export interface Rendering {
  /** The App that holds the installations' charts. */
  readonly app: App;
  /** One installation per cluster, in the config's order. */
  readonly installations: GitpodInstallation[];
  /** Output files: `<cluster>/<component>.yaml` and `<cluster>/kustomization.yaml`. */
  readonly files: Map<string, string>;
}

/**
 * Build every cluster of a config: one `GitpodInstallation` chart per entry of `cdk8s.clusters`,
 * or a single chart named `gitpod`. Throws `GitpodConfigError` on an invalid config,
 * `SecretMaterialError` when any object would carry secret material, and
 * `ManifestValidationError` when an object fails validation (this is the one place rendering
 * happens: the CLI and `cdk8s synth` both come through here).
 */
export function buildInstallations(config: GitpodConfigInput, opts: RenderOptions = {}): Rendering {
  const phase = stopwatch(opts.timings);
  const app = opts.app ?? new App();
  const clusters = clusterProps(config, opts);
  const installations = clusters.map(({ cluster, props }) => new GitpodInstallation(app, cluster, props));
  if (opts.customize) installations.forEach(opts.customize);
  const rendered = new Map(
    installations.map((i, n) => {
      const objects = i.renderedObjects();
      opts.progress?.(`cluster ${i.node.id} (${n + 1}/${installations.length}): ${objects.length} objects`);
      return [i, objects] as const;
    }),
  );
  phase('construct tree');
  // One walk per cluster (validation/checks.ts); the guard's scan spans the fleet, and secret
  // material is refused before any validation finding is reported.
  const all = installations.flatMap((i) => rendered.get(i)!.map((o) => o.manifest));
  // a lone cluster checks no object twice: no memo keys (a JSON text of every object)
  const memo = installations.length > 1;
  const keys = memo ? all.map((o) => jsonKey(o) ?? null) : undefined;
  const scan = new SecretScan(all, { config: clusters[0].props.config }, keys);
  let at = 0;
  const findings = installations.flatMap((i) => {
    const objects = rendered.get(i)!.map((o) => o.manifest);
    const own = keys?.slice(at, (at += objects.length));
    return checkObjects(i.node.id, objects, { externals: i.externals(), scan, validate: opts.validate !== false, memo, keys: own }).findings;
  });
  const secrets = scan.findings();
  if (secrets.length > 0) throw new SecretMaterialError(secrets);
  assertValid(findings);
  if (opts.validate !== false) opts.progress?.('validated');
  phase('validation');
  const files = renderFiles(installations, rendered);
  phase('yaml');
  if (opts.inlineSecrets) {
    if (clusters[0].props.config.cdk8s?.secrets?.externalSecrets) {
      throw new Error('inline Secrets and cdk8s.secrets.externalSecrets exclude each other: the ExternalSecrets own those Secrets');
    }
    addInlineSecrets(files, installations, opts.secretValues ?? randomValues());
  }
  return { app, installations, files };
}

/** Records the time since the previous call under each phase name (a no-op without `into`). */
export function stopwatch(into?: Record<string, number>): (name: string) => void {
  if (!into) return () => {};
  // the global, read only when timing: loading Node's perf_hooks costs ~1.5 ms (ten internal modules)
  const { performance } = globalThis;
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    into[name] = (into[name] ?? 0) + (now - last);
    last = now;
  };
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

/** The installations of `--cluster NAME`, or all; throws naming the clusters there are. */
export function selectClusters(all: GitpodInstallation[], cluster?: string): GitpodInstallation[] {
  if (!cluster) return all;
  const found = all.filter((i) => i.node.id === cluster);
  if (found.length === 0) throw new Error(`no cluster ${cluster}; the config has: ${all.map((i) => i.node.id).join(', ')}`);
  return found;
}
