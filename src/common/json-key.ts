/**
 * An exact key of a JSON value, for memos of pure functions of a rendered object (its checks, its
 * YAML): two values with the same key are the same JSON as far as `Object.keys`, `for...in` and
 * index walks see (what the guard, ajv and js-yaml read): same keys in the same order, same
 * scalars. Undefined when the value holds anything else (undefined, a function, a non-finite
 * number or -0, a class instance such as a Date, an inherited enumerable key, a holey array):
 * such a value is never memoized, because `JSON.stringify` would map it onto another value's text.
 */
export function jsonKey(value: unknown): string | undefined {
  return isPlainJson(value) ? JSON.stringify(value) : undefined;
}

function isPlainJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) return false;
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      // a toJSON method would make JSON.stringify write something else than the keys
      if ('toJSON' in v) return false;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k) || !isPlainJson((v as Record<string, unknown>)[k])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
