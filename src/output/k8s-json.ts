/**
 * cdk8s-plus-27's typed conversions (`toJson_<Type>`, lib/imports/k8s.js) run from a table
 * (scripts/k8s-json-table.js writes it from that file at build time) on plain data.
 *
 * Each generated function builds a `result` literal of its fields (a field's value as it is, a
 * nested conversion, an array or map of them, a union's `.value`), then drops the undefined ones
 * with `Object.entries(result).reduce((r, i) => ({ ...r, [i[0]]: i[1] }), {})`, a copy of the
 * object per field: the conversions were ~11 ms of a default render (issue #19). Here each field
 * is read once and set once, in the function's order, with the same result.
 *
 * Only for what src/output/object-json.ts hands over: plain data (strings, numbers, booleans,
 * plain objects, arrays, `{ value }` of a union) with no null or undefined members. Wherever the
 * generated function would read a field of a string or an array, call `.map` on a non-array or
 * `.toISOString()` on anything, this declines (returns undefined) and the caller lets cdk8s do it.
 * The table is used only for the cdk8s-plus-27 version it was generated from; test/k8s-json.test.ts
 * and test/serialization-configs.test.ts compare it with the library.
 */

/** The generated table (lib/src/output/k8s-json-table.gen.js). */
interface Table {
  readonly version: string;
  readonly types: Readonly<Record<string, string>>;
}

/** How a field's value is converted (scripts/k8s-json-table.js, FORMS). */
const enum Op {
  /** `obj.p` */
  Value,
  /** `toJson_T(obj.p)` */
  Typed,
  /** `obj.p?.map(y => toJson_T(y))` */
  TypedArray,
  /** `obj.p?.map(y => y)` */
  Array,
  /** `obj.p?.value` */
  Union,
  /** `obj.p?.toISOString()` */
  Date,
  /** a map of `i[1]` */
  Map,
  /** a map of `i[1]?.value` */
  UnionMap,
  /** a map of `toJson_T(i[1])` */
  TypedMap,
  /** a map of `i[1]?.map(y => y)` */
  ArrayMap,
}

const OPS: Record<string, Op> = {
  '': Op.Value,
  T: Op.Typed,
  aT: Op.TypedArray,
  a: Op.Array,
  u: Op.Union,
  d: Op.Date,
  m: Op.Map,
  mu: Op.UnionMap,
  mT: Op.TypedMap,
  ma: Op.ArrayMap,
};

/** One field: JSON key, property read, how, and the nested type. */
interface Field {
  readonly json: string;
  readonly prop: string;
  readonly op: Op;
  readonly type: string;
}

/** Signals "cdk8s must do it". */
const DECLINE = Symbol('decline');

let table: Table | null | undefined;

function loadTable(): Table | null {
  if (table === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      table = require('./k8s-json-table.gen.js') as Table;
    } catch {
      // not built (ts-node on the sources): the library's functions
      table = null;
    }
  }
  return table;
}

/** Parsed fields per type (a rendering uses a few dozen of the 422 types). */
const fieldsByType = new Map<string, readonly Field[]>();

function fieldsOf(types: Table['types'], type: string): readonly Field[] {
  let fields = fieldsByType.get(type);
  if (fields === undefined) {
    fields = types[type].split(',').map((f) => {
      const [keys, op = '', sub = ''] = f.split(':');
      const eq = keys.indexOf('=');
      return { json: eq < 0 ? keys : keys.slice(0, eq), prop: eq < 0 ? keys : keys.slice(eq + 1), op: OPS[op], type: sub };
    });
    fieldsByType.set(type, fields);
  }
  return fields;
}

/** A plain object (what the conversions read fields of): not an array, not a primitive. */
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `toJson_<type>` of the cdk8s-plus-27 `version` (the classes' jsii version), when the table is
 * that version's and holds the type; else undefined. The function returns undefined to decline.
 */
export function tableConversion(type: string, version: string | undefined): ((obj: Record<string, unknown>) => Record<string, unknown> | undefined) | undefined {
  const t = loadTable();
  if (!t || t.version !== version || !Object.prototype.hasOwnProperty.call(t.types, type)) return undefined;
  const types = t.types;
  return (obj) => {
    const r = convert(types, type, obj);
    return r === DECLINE ? undefined : r;
  };
}

// (indexed loops, no destructuring: this runs once per node of every object, mostly not yet optimized by V8)
function convert(types: Table['types'], type: string, obj: Record<string, unknown>): Record<string, unknown> | typeof DECLINE {
  const fields = fieldsOf(types, type);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const x = obj[f.prop];
    if (x === undefined) continue;
    const op = f.op;
    const sub = f.type;
    let v: unknown;
    switch (op) {
      case Op.Value:
        v = x;
        break;
      case Op.Typed:
        if (!isObject(x)) return DECLINE;
        v = convert(types, sub, x);
        break;
      case Op.TypedArray: {
        if (!Array.isArray(x)) return DECLINE;
        const a: unknown[] = [];
        for (let j = 0; j < x.length; j++) {
          const y: unknown = x[j];
          if (!isObject(y)) return DECLINE;
          const c = convert(types, sub, y);
          if (c === DECLINE) return DECLINE;
          a.push(c);
        }
        v = a;
        break;
      }
      case Op.Array:
        if (!Array.isArray(x)) return DECLINE;
        v = x.slice();
        break;
      case Op.Union:
        // `x?.value`: a primitive has none (object-json.ts checks the prototypes carry no `value`)
        v = typeof x === 'object' && x !== null ? (x as { value?: unknown }).value : undefined;
        break;
      case Op.Date:
        return DECLINE;
      default: {
        if (!isObject(x)) return DECLINE;
        // a map: every entry kept, even one whose converted value is undefined (as the reduce does)
        const m: Record<string, unknown> = {};
        const keys = Object.keys(x);
        for (let j = 0; j < keys.length; j++) {
          const k = keys[j];
          // (the library's `{ ...r, [k]: v }` makes an own `__proto__` key; an assignment would not)
          if (k === '__proto__') return DECLINE;
          const e = x[k];
          if (e === undefined) continue;
          if (op === Op.Map) m[k] = e;
          else if (op === Op.UnionMap) m[k] = typeof e === 'object' && e !== null ? (e as { value?: unknown }).value : undefined;
          else if (op === Op.TypedMap) {
            if (!isObject(e)) return DECLINE;
            const c = convert(types, sub, e);
            if (c === DECLINE) return DECLINE;
            m[k] = c;
          } else {
            if (!Array.isArray(e)) return DECLINE;
            m[k] = e.slice();
          }
        }
        v = m;
      }
    }
    if (v === DECLINE) return DECLINE;
    if (v !== undefined) out[f.json] = v;
  }
  return out;
}
