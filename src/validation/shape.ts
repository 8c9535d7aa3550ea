/**
 * Keys of what a check reads of an object, for memos across a fleet's clusters (whose objects
 * differ mostly in a few strings: a checksum annotation, a cluster's name in env values and config
 * files). A shape key is the object's JSON text with the strings at some places mapped (emptied,
 * say): two objects with one shape key are the same to a check that reads nothing else of those
 * strings. The check says which places and how, and tests it (schema.ts, test/schema-shape.test.ts).
 * (The rules were tried too, with annotation lengths and ConfigMap sizes kept: building their
 * shapes cost what it saved.)
 */
import { Manifest } from './findings';
import { podTemplateOf } from './objects';

/** How a check sees the strings at each place (unset: as they are). */
export interface ShapeOf {
  /** Label values (the object's metadata and its pod template's). */
  readonly labels?: (value: string) => string;
  /** Annotation values (the object's metadata and its pod template's). */
  readonly annotations?: (value: string) => string;
  /** A ConfigMap's `data` values. */
  readonly configMapData?: (value: string) => string;
  /** Container `env[].value` (init, regular and ephemeral containers of the pod template). */
  readonly envValue?: (value: string) => string;
  /** A cert-manager Certificate's `spec.dnsNames` items. */
  readonly dnsNames?: (value: string) => string;
}

/** The shape key of a plain-JSON object (the caller knows it is: a `jsonKey` exists). */
export function shapeKey(obj: Manifest, of: ShapeOf): string {
  const meta = (m: unknown) => mapped(mapped(m, 'labels', of.labels), 'annotations', of.annotations);
  let shape: Record<string, unknown> = withMember(obj, 'metadata', meta(obj.metadata));
  if (of.configMapData && obj.kind === 'ConfigMap') shape = withMember(shape, 'data', mappedValues(obj.data, of.configMapData));
  if (of.dnsNames && obj.kind === 'Certificate' && isRecord(obj.spec) && Array.isArray(obj.spec.dnsNames)) {
    const f = of.dnsNames;
    shape = withMember(shape, 'spec', withMember(obj.spec, 'dnsNames', obj.spec.dnsNames.map((n: unknown) => (typeof n === 'string' ? f(n) : n))));
  }
  const pod = podTemplateOf(obj);
  if (pod) shape = replacedAt(shape, pod.at, 0, (t) => withMember(withMember(t, 'metadata', meta(t.metadata)), 'spec', podSpecShape(t.spec, of.envValue)));
  // the copies of a plain-JSON object are plain JSON: its text is its key
  return JSON.stringify(shape);
}

/** `o` with the string values of its map member `name` mapped by `f`. */
function mapped(o: unknown, name: string, f: ((v: string) => string) | undefined): unknown {
  if (!f || !isRecord(o) || !Object.prototype.hasOwnProperty.call(o, name)) return o;
  return withMember(o, name, mappedValues(o[name], f));
}

/** A map with every string value mapped by `f` (other values kept: the checks report them). */
function mappedValues(m: unknown, f: (v: string) => string): unknown {
  if (!isRecord(m)) return m;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m)) setMember(out, k, typeof m[k] === 'string' ? f(m[k]) : m[k]);
  return out;
}

/** A pod spec with every container's `env[].value` string mapped by `f`. */
function podSpecShape(spec: unknown, f: ((v: string) => string) | undefined): unknown {
  if (!f || !isRecord(spec)) return spec;
  let out: Record<string, unknown> = spec;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    out = withMember(out, list, cs.map((c) => (isRecord(c) && Array.isArray(c.env) ? withMember(c, 'env', c.env.map((e) => (isRecord(e) && typeof e.value === 'string' ? withMember(e, 'value', f(e.value)) : e))) : c)));
  }
  return out;
}

/** `o` with the member at `path[i..]` replaced by `f` of it (copies along the path); `o` itself when the path is not there. */
function replacedAt(o: Record<string, unknown>, path: readonly (string | number)[], i: number, f: (v: Record<string, unknown>) => unknown): Record<string, unknown> {
  if (i === path.length) return f(o) as Record<string, unknown>;
  const next = o[path[i] as string];
  return isRecord(next) ? withMember(o, path[i] as string, replacedAt(next, path, i + 1, f)) : o;
}

/** A copy of `o` with member `k` set to `v` (in its place; `o` itself when `k` is not a member). */
function withMember(o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(o, k) || o[k] === v) return o;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) setMember(out, key, key === k ? v : o[key]);
  return out;
}

/** `out[k] = v`, a `__proto__` key included (as the own member JSON.parse makes of it, not the prototype). */
function setMember(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
