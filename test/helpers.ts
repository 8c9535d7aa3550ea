import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { GitpodConfigInput } from '../src/config/types';
import { mergeConfig } from '../src/config/merge';
import { PluginContext, PluginViolation } from '../src/validation/plugin';

export type Manifest = Record<string, any>;

/** Render a config (merged over the default `domain: gitpod.example.com`) and return every object. */
export function render(config: GitpodConfigInput = {}, namespace?: string): Manifest[] {
  const { installations } = buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { namespace });
  return installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest));
}

/** Render and return the output files (path → text). */
export function renderFiles(config: GitpodConfigInput = {}, namespace?: string): Map<string, string> {
  return buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { namespace }).files;
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
