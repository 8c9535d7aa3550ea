/**
 * Shape keys, for the schema memo across a fleet's clusters (whose objects differ mostly in a few
 * strings: a checksum annotation, a cluster's name in env values and config files). A shape key is
 * the object's JSON text with the strings emptied at the places where the schemas take any string:
 * two objects with one shape key get the same schema findings (schema.ts `schemaShapeKey`, checked
 * by test/schema-shape.test.ts). (The rules were tried too, with annotation lengths and ConfigMap
 * sizes kept: building their shapes cost what it saved.)
 */
import { isPlainObject } from '../config/merge';
import { Manifest } from './findings';
import { podTemplateOf } from './objects';

/** Which places beyond the common ones (label and annotation values, ConfigMap `data`, container `env[].value`) are emptied. */
export interface ShapePlaces {
  /** A cert-manager Certificate's `spec.dnsNames` items. @default false */
  readonly dnsNames?: boolean;
}

/** The shape key of a plain-JSON object (the caller knows it is: a `jsonKey` exists). */
export function shapeKey(obj: Manifest, places: ShapePlaces = {}): string {
  const meta = (m: unknown) => emptiedIn(emptiedIn(m, 'labels'), 'annotations');
  let shape: Record<string, unknown> = withMember(obj, 'metadata', meta(obj.metadata));
  if (obj.kind === 'ConfigMap') shape = withMember(shape, 'data', emptiedValues(obj.data));
  if (places.dnsNames && obj.kind === 'Certificate' && isPlainObject(obj.spec) && Array.isArray(obj.spec.dnsNames)) {
    shape = withMember(shape, 'spec', withMember(obj.spec, 'dnsNames', obj.spec.dnsNames.map((n: unknown) => (typeof n === 'string' ? '' : n))));
  }
  const pod = podTemplateOf(obj);
  if (pod) shape = replacedAt(shape, pod.at, 0, (t) => withMember(withMember(t, 'metadata', meta(t.metadata)), 'spec', podSpecShape(t.spec)));
  // the copies of a plain-JSON object are plain JSON: its text is its key
  return JSON.stringify(shape);
}

/** `o` with the string values of its map member `name` emptied. */
function emptiedIn(o: unknown, name: string): unknown {
  if (!isPlainObject(o) || !Object.prototype.hasOwnProperty.call(o, name)) return o;
  return withMember(o, name, emptiedValues(o[name]));
}

/** A map with every string value emptied (other values kept: the checks report them). */
function emptiedValues(m: unknown): unknown {
  if (!isPlainObject(m)) return m;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m)) setMember(out, k, typeof m[k] === 'string' ? '' : m[k]);
  return out;
}

/** A pod spec with every container's `env[].value` string emptied. */
function podSpecShape(spec: unknown): unknown {
  if (!isPlainObject(spec)) return spec;
  let out: Record<string, unknown> = spec;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    out = withMember(out, list, cs.map((c) => (isPlainObject(c) && Array.isArray(c.env) ? withMember(c, 'env', c.env.map((e) => (isPlainObject(e) && typeof e.value === 'string' ? withMember(e, 'value', '') : e))) : c)));
  }
  return out;
}

/** `o` with the member at `path[i..]` replaced by `f` of it (copies along the path); `o` itself when the path is not there. */
function replacedAt(o: Record<string, unknown>, path: readonly (string | number)[], i: number, f: (v: Record<string, unknown>) => unknown): Record<string, unknown> {
  if (i === path.length) return f(o) as Record<string, unknown>;
  const next = o[path[i] as string];
  return isPlainObject(next) ? withMember(o, path[i] as string, replacedAt(next, path, i + 1, f)) : o;
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
