/**
 * What the validation plugin needs from an app whose config lives in code: each installation's
 * declarations (namespace, declared and catalog Secrets, ConfigMaps, issuers, stores) and the
 * objects it rendered. `app.synth()` writes it as `<outdir>/.gitpod-cdk8s-validation.json` (a
 * hidden JSON file: cdk8s-cli hands the plugin only `.yaml` files, kustomize and `kubectl apply -k`
 * ignore it); the plugin then checks each installation's objects, wherever the `YamlOutputType`
 * put them, against its own declarations, and leaves the objects of other charts alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Manifest } from './findings';
import { ExternalDeclarations } from './references';
import { recordValidated } from './digests';

/** File name of the validation context in an app's output folder. */
export const VALIDATION_CONTEXT_FILE = '.gitpod-cdk8s-validation.json';

type DeclaredMap = [string, { source: string; keys?: readonly string[] }][];

/** One installation in the validation context file. */
export interface ValidationContextCluster {
  /** The installation's id (the cluster named in findings). */
  readonly name: string;
  /** `Kind/namespace/name` of every object it rendered. */
  readonly objects: readonly string[];
  /** Its declared externals, with the maps and sets as JSON objects and lists. */
  readonly externals: Omit<ExternalDeclarations, 'secrets' | 'configMaps' | 'services'> & {
    /** Declared Secrets by name. */
    readonly secrets: DeclaredMap;
    /** Declared ConfigMaps by name. */
    readonly configMaps: DeclaredMap;
    /** Services addresses may name without the rendering having them. */
    readonly services?: readonly string[];
  };
}

/** The content of `.gitpod-cdk8s-validation.json`. */
export interface ValidationContext {
  /** Format version of the file. */
  readonly version: 1;
  /** One entry per rendered cluster. */
  readonly clusters: readonly ValidationContextCluster[];
}

/** The identity the context file records for an object. */
export function objectIdentity(o: Manifest): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/**
 * What the context file needs of an installation (a `GitpodInstallation`); written out so that
 * validation/ does not import installation.ts, which imports it.
 */
export interface ValidatedInstallation {
  /** Its construct node: the id names the cluster. */
  readonly node: { readonly id: string };
  /** What the rendering may reference without containing it. */
  externals(): ExternalDeclarations;
  /** The objects as synthesis emits them. */
  renderedObjects(): readonly { readonly manifest: Manifest }[];
}

/** The validation context of the given installations. */
export function validationContext(installations: readonly ValidatedInstallation[]): ValidationContext {
  return {
    version: 1,
    clusters: installations.map((inst) => {
      const e = inst.externals();
      return {
        name: inst.node.id,
        objects: inst.renderedObjects().map((o) => objectIdentity(o.manifest)),
        // Maps and Sets as arrays: JSON would write them as `{}`.
        externals: { ...e, secrets: [...e.secrets.entries()], configMaps: [...e.configMaps.entries()], services: [...(e.services ?? [])].sort() },
      };
    }),
  };
}

/** The declarations of one cluster of a context file. */
export function externalsOf(cluster: ValidationContextCluster): ExternalDeclarations {
  const e = cluster.externals;
  return { ...e, secrets: new Map(e.secrets), configMaps: new Map(e.configMaps), services: new Set(e.services ?? []) };
}

const HOOKED = new WeakSet<App>();

/**
 * Makes `app.synth()` also write the validation context of its installations into its output
 * folder (only there: `synthYaml`, `Testing.synth` and the CLI write no file).
 */
export function writeContextOnSynth(app: App, installations: () => ValidatedInstallation[]): void {
  if (HOOKED.has(app)) return;
  HOOKED.add(app);
  const synth = app.synth.bind(app);
  Object.defineProperty(app, 'synth', {
    configurable: true,
    writable: true,
    value: () => {
      synth();
      const found = installations();
      if (found.length > 0) {
        fs.writeFileSync(path.join(app.outdir, VALIDATION_CONTEXT_FILE), `${JSON.stringify(validationContext(found), null, 1)}\n`);
        // synth() validated every installation before writing: the plugin trusts these files as they are now
        recordValidated(app.outdir);
      }
    },
  });
}

/** The context file that applies to a manifest: the nearest one in its folder or above; cached per folder. */
export function contextFileFor(manifest: string, cache: Map<string, string | undefined> = new Map()): string | undefined {
  const seen: string[] = [];
  let dir = path.dirname(path.resolve(manifest));
  let found: string | undefined;
  for (;;) {
    if (cache.has(dir)) {
      found = cache.get(dir);
      break;
    }
    seen.push(dir);
    const candidate = path.join(dir, VALIDATION_CONTEXT_FILE);
    if (fs.existsSync(candidate)) {
      found = candidate;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}
