/**
 * docs/config.md: every field of the config from the one JSON Schema, with its type, default
 * (`defaultConfig()`), allowed values, meaning (doc comments of `types.ts`) and the components
 * whose output it changes. The last column is measured, not written by hand: the default config
 * is rendered, the field is given another valid value, and the components whose objects differ
 * are the ones that read it.
 */
import { App } from 'cdk8s';
import { EXAMPLE_DOMAIN, defaultConfig } from '../config/defaults';
import { CONFIG_SCHEMA } from '../config/schema';
import { GitpodInstallation } from '../installation';
import { FieldComment } from './type-comments';

type Schema = Record<string, any>;

export interface ConfigField {
  /** Dotted path; `[]` an array item, `<name>` a map key. */
  readonly path: string;
  readonly schema: Schema;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly allowed?: string;
}

const definitions: Record<string, Schema> = (CONFIG_SCHEMA.definitions ?? {}) as Record<string, Schema>;

function deref(s: Schema): Schema {
  const ref = s?.$ref as string | undefined;
  return ref ? deref(definitions[ref.replace('#/definitions/', '')]) : s;
}

function typeOf(s: Schema): string {
  const d = deref(s);
  if (d.anyOf) return d.anyOf.map((x: Schema) => typeOf(x)).join(' or ');
  if (d.type === 'array') return `list of ${typeOf(d.items ?? {})}`;
  if (d.type === 'object' && !d.properties && d.additionalProperties) return `map of ${typeOf(d.additionalProperties)}`;
  return String(d.type ?? 'any');
}

function allowedOf(s: Schema): string | undefined {
  const d = deref(s);
  if (d.enum) return d.enum.map((v: unknown) => `\`${v}\``).join(', ');
  if (d.anyOf) return d.anyOf.map((x: Schema) => allowedOf(x)).filter(Boolean).join('; ') || undefined;
  const parts = [
    d.allowed as string | undefined,
    d.minimum !== undefined ? `≥ ${d.minimum}` : undefined,
    d.minLength ? 'not empty' : undefined,
    d.propertyNames?.enum ? `keys: ${d.propertyNames.enum.map((v: string) => `\`${v}\``).join(', ')}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function get(obj: unknown, path: string[]): unknown {
  let at: any = obj;
  for (const p of path) at = at?.[p];
  return at;
}

/** Every field of the schema, depth first in declaration order. */
export function configFields(): ConfigField[] {
  const out: ConfigField[] = [];
  const defaults = defaultConfig();
  const visit = (s: Schema, path: string[], required: boolean) => {
    const d = deref(s);
    if (path.length > 0) {
      const def = path.some((p) => p === '[]' || p.startsWith('<')) ? undefined : get(defaults, path);
      out.push({
        path: path.join('.'),
        schema: d,
        type: typeOf(s),
        required,
        ...(def !== undefined && (typeof def !== 'object' || Array.isArray(def)) ? { default: def } : {}),
        ...(allowedOf(s) ? { allowed: allowedOf(s) } : {}),
      });
    }
    if (d.type === 'object' && d.properties) {
      const req: string[] = d.required ?? [];
      for (const [k, v] of Object.entries(d.properties as Record<string, Schema>)) visit(v, [...path, k], req.includes(k));
    } else if (d.type === 'object' && d.additionalProperties && deref(d.additionalProperties).properties) {
      visit(d.additionalProperties, [...path, '<name>'], false);
    } else if (d.type === 'array' && d.items && deref(d.items).properties) {
      visit(d.items, [...path, '[]'], false);
    }
  };
  visit(CONFIG_SCHEMA, [], true);
  return out;
}

// ---- which components read a field -----------------------------------------------------------

/**
 * Alternatives that exclude the in-cluster default (rules.ts): setting one turns `inCluster` off,
 * as a user must.
 */
const EXCLUSIVE_ALTERNATIVES = ['database.external', 'database.cloudSQL', 'objectStorage.s3', 'objectStorage.cloudStorage', 'objectStorage.azure', 'containerRegistry.external'];

/** Candidates for a string that must match a pattern, tried in order. */
const PATTERN_SAMPLES = ['mutated', 'mutated.example.org', '/mutated', 'https://mutated.example.org', '7h7m', '7Gi', 'MUTATED_NAME'];

/** A valid value for `s` that differs from `current`. */
function otherValue(s: Schema, current: unknown): unknown {
  const d = deref(s);
  if (d.anyOf) return otherValue(d.anyOf[0], current);
  if (d.enum) return d.enum.find((v: unknown) => v !== current) ?? d.enum[0];
  switch (d.type) {
    case 'boolean':
      return current !== true;
    case 'integer':
    case 'number':
      return Math.max(Number(current ?? 0) + 7, d.minimum ?? 0);
    case 'string': {
      if (d.pattern) {
        const re = new RegExp(d.pattern);
        return PATTERN_SAMPLES.find((v) => re.test(v) && v !== current) ?? current;
      }
      return current ? `${current}-mutated` : 'mutated';
    }
    case 'array':
      return [sample(d.items ?? {})];
    case 'object':
      if (d.properties) return sample(d);
      if (d.additionalProperties) return { mutated: sample(d.additionalProperties) };
      return { mutated: 'mutated' };
    default:
      return 'mutated';
  }
}

/** A minimal valid value: objects with their required fields only. */
function sample(s: Schema): unknown {
  const d = deref(s);
  if (d.type === 'object' && d.properties) {
    const out: Record<string, unknown> = {};
    for (const k of (d.required ?? []) as string[]) out[k] = k === 'kind' && deref(d.properties[k]).enum?.includes('secret') ? 'secret' : sample(d.properties[k]);
    return out;
  }
  if (d.type === 'string' && !d.enum && !d.pattern) return 'sample';
  return otherValue(d, undefined);
}

/** A value with every field set (to tell whether any of them is read). */
function fullSample(s: Schema): unknown {
  const d = deref(s);
  if (d.type === 'object' && d.properties) {
    return Object.fromEntries(Object.entries(d.properties as Record<string, Schema>).map(([k, v]) => [k, fullSample(v)]));
  }
  return otherValue(d, undefined);
}

function set(obj: Record<string, any>, path: string[], value: unknown): void {
  let at = obj;
  for (const p of path.slice(0, -1)) at = at[p] ??= {};
  at[path[path.length - 1]] = value;
}

/** The input that holds field `f` with its ancestors present (required fields sampled). */
function baseFor(fields: readonly ConfigField[], f: ConfigField): Record<string, any> {
  const input: Record<string, any> = { apiVersion: 'v1', domain: EXAMPLE_DOMAIN };
  const parts = f.path.split('.');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i);
    const parent = fields.find((x) => x.path === prefix.join('.'));
    if (parent && get(defaultConfig(), prefix) === undefined && get(input, prefix) === undefined) set(input, prefix, sample(parent.schema));
    if (EXCLUSIVE_ALTERNATIVES.includes(prefix.join('.'))) set(input, [prefix[0], 'inCluster'], false);
  }
  return input;
}

type Rendering = Map<string, string>;

function render(input: unknown): Rendering {
  const inst = new GitpodInstallation(new App(), 'gitpod', { config: input as never });
  const out = new Map<string, string[]>();
  for (const o of inst.renderedObjects()) out.set(o.component, [...(out.get(o.component) ?? []), JSON.stringify(o.manifest)]);
  return new Map([...out].map(([c, ms]) => [c, ms.sort().join('\n')]));
}

function changed(a: Rendering, b: Rendering): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((c) => a.get(c) !== b.get(c)).sort();
}

/** Stands for the whole list when a field changes every component. */
export const EVERY_COMPONENT = '(every component)';

/** What the readers column says for a field whose effect could not be measured. */
export const NOT_MEASURED = 'n/m';

/**
 * For each field without sub-fields: the components (output files) whose objects change when
 * the field changes in a Full installation, or `NOT_MEASURED` when no valid change was found.
 */
export function fieldReaders(fields: readonly ConfigField[]): Map<string, string[] | typeof NOT_MEASURED> {
  const cache = new Map<string, Rendering>();
  const renderCached = (input: unknown) => {
    const key = JSON.stringify(input);
    if (!cache.has(key)) cache.set(key, render(input));
    return cache.get(key)!;
  };
  const out = new Map<string, string[] | typeof NOT_MEASURED>();
  for (const f of fields) {
    if (f.path.includes('[]') || f.path.includes('<name>') || f.path === 'apiVersion' || f.path.startsWith('cdk8s.clusters')) continue;
    const parts = f.path.split('.');
    const d = f.schema;
    const isMap = d.type === 'object' && !d.properties && d.additionalProperties;
    // An object is measured by its presence, where the defaults leave it out.
    if (d.properties && get(defaultConfig(), parts) !== undefined) continue;
    try {
      const base = baseFor(fields, f);
      const before = renderCached(base);
      const current = get(base, parts) ?? get(defaultConfig(), parts);
      const values = d.properties
        ? [sample(d)]
        : d.type === 'boolean'
          ? [true, false] // an absent boolean may default either way
          : d.enum
            ? d.enum.filter((v: unknown) => v !== current) // an absent one may default to any value
          : isMap
            ? ((d.propertyNames?.enum ?? ['mutated']) as string[]).map((k) => ({ [k]: fullSample(d.additionalProperties) }))
            : [otherValue(d, current)];
      const found = new Set<string>();
      for (const value of values) for (const c of changed(before, renderVariant(fields, base, parts, value))) found.add(c);
      // A map whose keys name things (images, components) changes nothing under a made-up key.
      if (isMap && found.size === 0 && !d.propertyNames?.enum) out.set(f.path, NOT_MEASURED);
      else out.set(f.path, [...before.keys()].every((c) => found.has(c)) ? [EVERY_COMPONENT] : [...found].sort());
    } catch {
      out.set(f.path, NOT_MEASURED);
    }
  }
  return out;
}

/** The rendering with `path` set to `value`; when that alone is invalid, with its siblings filled in too. */
function renderVariant(fields: readonly ConfigField[], base: Record<string, any>, path: string[], value: unknown): Rendering {
  const variant = JSON.parse(JSON.stringify(base));
  set(variant, path, value);
  const parent = path.slice(0, -1).join('.');
  if (EXCLUSIVE_ALTERNATIVES.includes(path.join('.'))) set(variant, [path[0], 'inCluster'], false);
  if (path[path.length - 1] === 'inCluster' && value === false) {
    // Off needs one of the alternatives (rules.ts: exactly one).
    const alt = EXCLUSIVE_ALTERNATIVES.find((a) => a.startsWith(`${parent}.`))!;
    set(variant, alt.split('.'), sample(fields.find((x) => x.path === alt)!.schema));
  }
  try {
    return render(variant);
  } catch (e) {
    const siblings = fields.filter((x) => x.path.startsWith(`${parent}.`) && x.path.split('.').length === path.length && x.path !== path.join('.'));
    for (const s of siblings) {
      const p = s.path.split('.');
      const now = get(variant, p) ?? get(defaultConfig(), p);
      if (now === undefined || (Array.isArray(now) && now.length === 0)) set(variant, p, s.schema.type === 'array' ? [sample(s.schema.items)] : sample(s.schema));
    }
    return render(variant);
  }
}

// ---- the page ---------------------------------------------------------------------------------

const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/config.md. `comments` from `typeComments()`; `readers` from `fieldReaders()`. */
export function configReferenceMarkdown(
  fields: readonly ConfigField[],
  comments: ReadonlyMap<string, FieldComment>,
  readers: ReadonlyMap<string, string[] | typeof NOT_MEASURED>,
): string {
  const commentFor = (path: string) => comments.get(path.replace(/<name>/g, '*').replace(/\.\[\]/g, '[]'));
  const section = (top: string) =>
    top === 'cdk8s'
      ? '## `cdk8s` (this project\'s own settings, not in the upstream installer)'
      : `## \`${top}\``;
  const out = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs:generate` from the types and doc comments of src/config/types.ts (through the generated schema) and defaults.ts; do not edit (a test fails when it is stale). -->',
    '',
    'The config is the upstream installer\'s `gitpod.config.yaml` (apiVersion v1, release 2022.11.3),',
    'checked against `schema/gitpod-config.schema.json`. Everything except the `cdk8s` section is',
    'upstream\'s; `cdk8s` holds this project\'s own settings. A field you leave out takes the default',
    'shown (objects merge key by key, lists replace). `[]` is an item of a list, `<name>` a key you choose.',
    '',
    '"Changes" lists the components (output files under `dist/<cluster>/`) whose objects change when the',
    'field changes, measured on a Full installation of the default config by rendering it with another',
    'valid value; empty: no rendered object changes (the field is accepted and ignored, or only',
    'matters together with other settings); `n/m`: not measured (no valid value could be made up alone,',
    'or a map whose keys name things). `cdk8s.clusters` is not measured: it decides which clusters exist.',
    '',
  ];
  let top = '';
  for (const f of fields) {
    const head = f.path.split('.')[0];
    if (head !== top) {
      top = head;
      out.push(section(top), '', '| field | type | default | allowed | meaning | changes |', '| --- | --- | --- | --- | --- | --- |');
    }
    const c = commentFor(f.path);
    const def = f.default !== undefined ? code(f.default) : c?.default !== undefined ? `${c.default} (built in)` : f.required ? 'required' : '';
    const r = readers.get(f.path);
    const who = r === undefined ? '' : r === NOT_MEASURED ? NOT_MEASURED : r.map((x) => (x === EVERY_COMPONENT ? 'every component' : `\`${x}\``)).join(', ');
    const meaning = c?.text ?? '';
    out.push(`| \`${f.path}\` | ${esc(f.type)} | ${esc(def)} | ${esc(f.allowed ?? '')} | ${esc(meaning)} | ${who} |`);
    const next = fields[fields.indexOf(f) + 1];
    if (!next || next.path.split('.')[0] !== top) out.push('');
  }
  return out.join('\n');
}
