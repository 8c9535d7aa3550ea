/**
 * `ApiObject.toJson()` without cdk8s's per-leaf resolution, for objects whose props are plain data.
 *
 * cdk8s 2.70 serializes an object as `sanitizeValue(resolve([], {...props, metadata}), {sortKeys})`
 * (cdk8s lib/api-object.js, resolve.js, _util.js): for every node of the tree it looks the App up
 * by walking the construct tree, allocates a resolution context and a key path, and asks three
 * resolvers (`Lazy`, an object with `resolve()`, a number/string union class) before copying; then
 * it copies the tree again, sorting keys and dropping null/undefined members. The metadata goes
 * through the same twice, with empty objects and arrays filtered out. The generated class
 * (`k8s.KubeDeployment`, cdk8s-plus-27 lib/imports/k8s.js) then runs its typed
 * `toJson_<Kind>Props` on the result.
 *
 * For plain data (strings, numbers, booleans, null/undefined members, plain objects and packed
 * arrays) no resolver ever fires, and a number/string union (`Quantity`, `IntOrString`) becomes
 * `{ value }`, so one walk that sorts and drops the same members gives the same JSON; the typed
 * conversion then runs from a table of the generated functions (k8s-json.ts) when the table is
 * that cdk8s-plus-27's, else as the library's function. The walk
 * gives up (returns undefined, and the caller runs cdk8s itself) the moment it meets anything
 * else: another class instance (a `Lazy`, a `Duration`, a Date),
 * an object or array with a `resolve` or `value` member, a null or undefined array element, a
 * `__proto__` key, a function; also when the App has resolvers of its own, when the object's class
 * is not one whose `toJson` we know, or when cdk8s is not the 2.70 line this was checked against.
 * test/object-json.test.ts compares the two on every object of every test config.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { k8s } from '../k8s';
import { tableConversion } from './k8s-json';

/** The typed conversion of a generated class: `{...GVK, ...toJson_<Kind>Props(resolved)}`. */
interface TypedClass {
  /** the class (its `GVK` is read when converting, as the generated `toJson` does) */
  readonly cls: { GVK: Record<string, unknown> };
  /** the typed conversion; undefined when it declines (cdk8s's path then) */
  readonly convert: (resolved: Record<string, unknown>) => Record<string, unknown> | undefined;
}

/** Per constructor: its typed conversion, or null when it is not a generated class we know. */
const typedClasses = new Map<unknown, TypedClass | null>();

/** `toJson() { const resolved = super.toJson(); return { ...Kind.GVK, ...toJson_KindProps(resolved) }; }` */
const GENERATED_TO_JSON =
  /^toJson\(\)\s*\{\s*(?:const|let|var)\s+([\w$]+)\s*=\s*super\.toJson\(\);?\s*return\s*\{\s*\.\.\.[\w$.]+\.GVK\s*,\s*\.\.\.[\w$]+\(\s*\1\s*\)\s*,?\s*\};?\s*\}$/;

/** Each class exported by cdk8s-plus-27's k8s module, by its export name (not `Function.name`: a minified bundle renames classes). */
let exportNames: Map<unknown, string> | undefined;
function exportNameOf(ctor: unknown): string | undefined {
  if (!exportNames) {
    exportNames = new Map();
    for (const [name, value] of Object.entries(k8s as unknown as Record<string, unknown>)) {
      if (typeof value === 'function' && !exportNames.has(value)) exportNames.set(value, name);
    }
  }
  return exportNames.get(ctor);
}

/**
 * The typed conversion of a generated class of cdk8s-plus-27's k8s module whose `toJson` is the
 * generated one: the class is found among the module's exports (its export name gives its
 * `toJson_<Kind>Props`), and only when that export is this very class.
 */
function typedClassOf(ctor: unknown): TypedClass | undefined {
  let typed = typedClasses.get(ctor);
  if (typed === undefined) {
    typed = null;
    const mod = k8s as unknown as Record<string, any>;
    const name = exportNameOf(ctor);
    const cls = name ? mod[name] : undefined;
    const convert = name ? mod[`toJson_${name}Props`] : undefined;
    if (
      cls === ctor && typeof convert === 'function' && cls.GVK
      // (not `instanceof`: ApiObject overrides it with a check of instances)
      && Object.prototype.isPrototypeOf.call(ApiObject.prototype, cls.prototype)
      && Object.prototype.hasOwnProperty.call(cls.prototype, 'toJson')
      // the generated body (minified or not): anything else (a changed generator) keeps cdk8s's path
      && GENERATED_TO_JSON.test(String(cls.prototype.toJson))
    ) {
      // the same conversion from a table (k8s-json.ts), for the cdk8s-plus-27 it was generated from
      const version = (cls as Record<symbol, { version?: string } | undefined>)[Symbol.for('jsii.rtti')]?.version;
      typed = { cls, convert: tableConversion(`${name}Props`, version) ?? convert };
    }
    typedClasses.set(ctor, typed);
  }
  return typed ?? undefined;
}

/** cdk8s releases whose resolve/sanitize this walk reproduces (checked by test/object-json.test.ts). */
const CHECKED_CDK8S = /^2\.70\./;

function cdk8sChecked(): boolean {
  const rtti = (ApiObject as unknown as Record<symbol, { version?: string } | undefined>)[Symbol.for('jsii.rtti')];
  return CHECKED_CDK8S.test(rtti?.version ?? '');
}
const CDK8S_CHECKED = cdk8sChecked();

/** Whether a built-in prototype carries `resolve` or `value` (a polyfill would make the resolvers fire on plain values). */
function prototypesClean(): boolean {
  for (const p of [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype]) {
    if ('resolve' in p || 'value' in p) return false;
  }
  return true;
}

/** Whether the App resolves with exactly cdk8s's three built-in resolvers (no `new App({ resolvers })`). */
const defaultResolvers = new WeakMap<object, boolean>();
function onlyDefaultResolvers(app: App): boolean {
  let known = defaultResolvers.get(app);
  if (known === undefined) {
    const r = (app as unknown as { resolvers?: unknown[] }).resolvers;
    known = Array.isArray(r) && r.length === 3
      && Object.getPrototypeOf(r[0]) === LazyResolver.prototype
      && Object.getPrototypeOf(r[1]) === ImplicitTokenResolver.prototype
      && Object.getPrototypeOf(r[2]) === NumberStringUnionResolver.prototype;
    defaultResolvers.set(app, known);
  }
  return known;
}

/** Signals "not plain data: let cdk8s do it". */
const NOT_PLAIN = Symbol('not plain');

/**
 * `sanitizeValue(resolve(value), {sortKeys, filterEmptyArrays: filter, filterEmptyObjects: filter})`
 * for a non-null value of plain data; undefined where sanitize drops the value (an emptied
 * object or array under `filter`); NOT_PLAIN where a resolver could fire or sanitize would throw.
 */
function plain(v: unknown, sortKeys: boolean, filter: boolean): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  const o = v as Record<string, unknown>;
  if (Array.isArray(o)) {
    if (Object.getPrototypeOf(o) !== Array.prototype || o.resolve !== undefined || o.value !== undefined) return NOT_PLAIN;
    const n = o.length;
    if (n === 0) return filter ? undefined : [];
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const e = o[i];
      // cdk8s keeps an `undefined` element there: rare, left to cdk8s
      if (e === undefined || e === null) return NOT_PLAIN;
      const r = plain(e, sortKeys, filter);
      if (r === NOT_PLAIN || r === undefined) return NOT_PLAIN;
      out.push(r);
    }
    return out;
  }
  if (Object.getPrototypeOf(o) !== Object.prototype) return unionValue(o);
  if (o.constructor !== Object || o.resolve !== undefined) return NOT_PLAIN;
  const keys = Object.keys(o);
  if (sortKeys && !inOrder(keys)) sortInPlace(keys);
  const out: Record<string, unknown> = {};
  let kept = 0;
  // (an indexed loop: this runs for every node of every object, mostly before V8 optimizes it)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === '__proto__') return NOT_PLAIN;
    const e = o[k];
    if (e === undefined || e === null) continue;
    const r = plain(e, sortKeys, filter);
    if (r === NOT_PLAIN) return NOT_PLAIN;
    if (r === undefined) continue;
    out[k] = r;
    kept++;
  }
  return filter && kept === 0 ? undefined : out;
}

/**
 * Whether `keys` are in the order `keys.sort()` gives (UTF-16 code units; object keys are distinct):
 * many objects already are, and the built-in sort allocates a work copy each time (~1.7 MB per
 * default render before this check and {@link sortInPlace}).
 */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/**
 * `keys.sort()`: an insertion sort for the few keys of most objects (the same order: by UTF-16
 * code units, keys being distinct), without the work copy the built-in sort allocates.
 */
function sortInPlace(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
}

/**
 * A number/string union instance (`k8s.Quantity`, `k8s.IntOrString`): cdk8s's
 * NumberStringUnionResolver makes it `{ value }`, which the typed conversion unwraps. Any other
 * class instance (a `Lazy`, a token, a Date, ...) is NOT_PLAIN.
 */
function unionValue(o: Record<string, unknown>): unknown {
  if (o === null || o instanceof Lazy || o.constructor === Object || o.resolve !== undefined) return NOT_PLAIN;
  const value = o.value;
  return typeof value === 'number' || typeof value === 'string' ? { value } : NOT_PLAIN;
}

/** What `ApiObjectMetadataDefinition.toJson()` returns, or NOT_PLAIN. */
function metadataJson(md: ApiObjectMetadataDefinition): unknown {
  if (Object.getPrototypeOf(md) !== ApiObjectMetadataDefinition.prototype) return NOT_PLAIN;
  const m = md as unknown as Record<string, unknown>;
  const extra = m._additionalAttributes;
  if (typeof extra !== 'object' || extra === null) return NOT_PLAIN;
  return plain({
    ...extra,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, true, true);
}

/**
 * What the object's class `toJson()` returns when the object has no JSON patches (callers take
 * the patches out first), computed in one walk; undefined when cdk8s must do it (see above).
 */
export function plainObjectJson(obj: ApiObject): Record<string, any> | undefined {
  const json = fastJson(obj);
  if (json) toJsonCounts.fast++;
  else toJsonCounts.cdk8s++;
  return json;
}

/** How many objects this process serialized in one walk and how many through cdk8s (GITPOD_CDK8S_TIMINGS prints them). */
export const toJsonCounts = { fast: 0, cdk8s: 0 };

function fastJson(obj: ApiObject): Record<string, any> | undefined {
  if (!CDK8S_CHECKED) return undefined;
  const proto = Object.getPrototypeOf(obj);
  let typed: TypedClass | undefined;
  if (proto.toJson !== ApiObject.prototype.toJson) {
    typed = typedClassOf(proto.constructor);
    if (!typed || proto !== (proto.constructor as { prototype: unknown }).prototype) return undefined;
  }
  if (!onlyDefaultResolvers(App.of(obj) as App) || !prototypesClean()) return undefined;
  const patches = (obj as unknown as { patches?: unknown[] }).patches;
  if (!Array.isArray(patches) || patches.length !== 0) return undefined;

  const metadata = metadataJson(obj.metadata);
  if (metadata === NOT_PLAIN) return undefined;
  const props = (obj as unknown as { props?: unknown }).props;
  if (typeof props !== 'object' || props === null) return undefined;
  const sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true;
  // metadata is already sorted plain data: the second pass cdk8s gives it changes nothing
  const data: Record<string, unknown> = { ...props, metadata: undefined };
  const json = plain(data, sortKeys, false);
  if (json === NOT_PLAIN || json === undefined) return undefined;
  const j = json as Record<string, unknown>;
  if (metadata !== undefined) {
    // put metadata where the spread put it (its place only matters without sorting)
    const withMeta: Record<string, unknown> = {};
    const order = sortKeys ? [...Object.keys(j), 'metadata'].sort() : Object.keys(data);
    for (const k of order) {
      if (k === 'metadata') withMeta.metadata = metadata;
      else if (k in j) withMeta[k] = j[k];
    }
    return finish(withMeta, typed);
  }
  return finish(j, typed);
}

/** apiVersion, kind and metadata first (ApiObject.toJson), then the generated class's typed conversion. */
function finish(json: Record<string, unknown>, typed: TypedClass | undefined): Record<string, any> | undefined {
  const result: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (k in json) result[k] = json[k];
  if (!typed) return result;
  const converted = typed.convert(result);
  return converted && { ...typed.cls.GVK, ...converted };
}
