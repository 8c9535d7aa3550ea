import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { buildInstallations, clusterProps, DEFAULT_CONFIG } from '../src/app';
import { GitpodConfigError } from '../src/config/errors';
import { resolveConfig } from '../src/config/load';
import { GitpodConfigInput } from '../src/config/types';
import { mergeConfig } from '../src/config/merge';
import { InstallationContext } from '../src/context';
import { finalManifest } from '../src/output/final';
import { assertNoSecretMaterial } from '../src/secrets/guard';
import { assertValid, ruleFindings, schemaFindings } from '../src/validation';
import { PluginContext, PluginViolation } from '../src/validation/plugin';

export type Manifest = Record<string, any>;

// One rendering per config and namespace: most tests read a few objects of the same handful of
// renderings, and a rendering (construct tree, secret guard, validation) is the bulk of a suite's
// time. A rendering is a pure function of the config, the namespace and the compiled library, so
// the suites of one jest worker share them (test/env/shared-lib-environment.js holds the worker's
// memo, next to its one copy of the library; a suite of another environment keeps its own). Each
// call gets its own copy, so a test may change what it gets.
type Rendering = { objects: Manifest[]; files: Map<string, string> };
const renderings: Map<string, Rendering> = (globalThis as { __gitpodCdk8sRenderings?: Map<string, Rendering> }).__gitpodCdk8sRenderings ?? new Map();
const MAX_RENDERINGS = 40;
function rendering(config: GitpodConfigInput, namespace?: string): Rendering {
  const key = JSON.stringify([config, namespace ?? null]);
  let hit = renderings.get(key);
  if (!hit) {
    const { installations, files } = buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { namespace });
    hit = { objects: installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest)), files };
    if (renderings.size >= MAX_RENDERINGS) renderings.delete(renderings.keys().next().value!);
    renderings.set(key, hit);
  }
  return hit;
}

/** Render a config (merged over the default `domain: gitpod.example.com`) and return every object. */
export function render(config: GitpodConfigInput = {}, namespace?: string): Manifest[] {
  return structuredClone(rendering(config, namespace).objects);
}

/** Render and return the output files (path → text). */
export function renderFiles(config: GitpodConfigInput = {}, namespace?: string): Map<string, string> {
  return new Map(rendering(config, namespace).files);
}

/** The objects of a bare chart after `build` adds constructs to it (no installation pipeline). */
export function synthChart(build: (chart: Construct) => void): Manifest[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

/** The problem lines a config yields, as the CLI prints them (none when it is valid); `apiVersion` and `domain` are given. */
export function configProblems(input: Record<string, unknown>): string[] {
  try {
    resolveConfig({ apiVersion: 'v1', domain: 'gitpod.example.com', ...input });
  } catch (e) {
    if (e instanceof GitpodConfigError) return e.message.split('\n');
    throw e;
  }
  return [];
}

/**
 * The `InstallationContext` that `GitpodInstallation` gives its components for a config (merged
 * over the default `domain: gitpod.example.com`; one cluster).
 */
export function contextFor(config: GitpodConfigInput = {}, namespace?: string): InstallationContext {
  const clusters = clusterProps(mergeConfig(DEFAULT_CONFIG, config), { namespace });
  if (clusters.length !== 1) throw new Error(`contextFor: one cluster only (the config has ${clusters.length})`);
  const [{ cluster, props }] = clusters;
  const { config: resolved } = resolveConfig(props.config);
  return new InstallationContext({ ...props, config: resolved, cluster });
}

/**
 * The objects of one component built alone in `Testing.chart()`, as the installation emits them
 * (namespace, customization, GitOps, Reloader): milliseconds instead of a whole rendering.
 * `id` is the construct id the installation gives it (its output file); test/alone.test.ts checks
 * that this equals the component's part of the whole rendering. Like a whole rendering it runs
 * the secret guard and the per-object checks (schemas, rules); references between components are
 * checked on whole renderings (validation-references, validation, secrets-guard-corpus).
 */
export function renderAlone<P extends { context: InstallationContext }>(
  Component: new (scope: Construct, id: string, props: P) => Construct,
  id: string,
  config: GitpodConfigInput = {},
  props: Omit<P, 'context'> = {} as Omit<P, 'context'>,
  namespace?: string,
): Manifest[] {
  const ctx = contextFor(config, namespace);
  const chart = Testing.chart();
  new Component(chart, id, { ...props, context: ctx } as P);
  const objects = chart.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map((o) => finalManifest(ctx, o));
  assertNoSecretMaterial(objects, { config: ctx.config });
  assertValid(objects.flatMap((o) => [...schemaFindings('gitpod', o), ...ruleFindings('gitpod', o)]));
  return objects;
}

/** The one object of that kind and name; fails the test when missing. */
export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const hit = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!hit) throw new Error(`no ${kind}/${name} in the rendering (have: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')})`);
  return hit;
}

export function maybe(objects: Manifest[], kind: string, name: string): Manifest | undefined {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
export function podSpec(o: Manifest): Manifest {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

export function container(o: Manifest, name: string): Manifest {
  const spec = podSpec(o);
  const c = [...(spec.initContainers ?? []), ...spec.containers].find((x: Manifest) => x.name === name);
  if (!c) throw new Error(`${o.kind}/${o.metadata.name} has no container ${name}`);
  return c;
}

/** All the files' text as one multi-document YAML (for snapshots). */
export function snapshotText(files: Map<string, string>): string {
  return [...files.entries()].map(([f, text]) => `### ${f}\n${text}`).join('\n');
}

export function parseAll(text: string): Manifest[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
}

/** A stand-in for cdk8s-cli's validation context over the `.yaml` files of `dir` (as `cdk8s synth` runs a plugin). */
export function fakePluginContext(dir: string): { context: PluginContext; violations: PluginViolation[]; status: () => string | undefined } {
  const violations: PluginViolation[] = [];
  let status: string | undefined;
  const manifests = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)).sort();
  const context: PluginContext = {
    manifests,
    parseManifest: (f) => parseAll(fs.readFileSync(f, 'utf8')),
    report: { addViolation: (v) => violations.push(v), submit: (s) => (status = s) },
    logger: { log: () => undefined },
  };
  return { context, violations, status: () => status };
}

/**
 * A deep copy that is plain data of the library's realm, as the objects it renders are (jsonKey
 * keys only those). Under test/env/shared-lib-environment.js the library lives in the jest
 * worker's realm, so the copy is parsed there; in a suite with its own realm, here.
 */
export function libRealmClone<T>(value: T): T {
  const shared = (globalThis as { __gitpodCdk8sShared?: (file: string) => { parse: (text: string) => T } }).__gitpodCdk8sShared;
  const parse = shared ? shared(require.resolve('./env/worker-json.js')).parse : (text: string) => JSON.parse(text) as T;
  return parse(JSON.stringify(value));
}
