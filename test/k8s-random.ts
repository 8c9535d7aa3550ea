/**
 * Random data shaped like cdk8s-plus-27's k8s types, from the generated table of their conversions
 * (lib/src/output/k8s-json-table.gen.js): for comparing conversions with the library's
 * (test/k8s-json.test.ts, test/k8s-trim.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const generated = require('../lib/src/output/k8s-json-table.gen.js') as { version: string; types: Record<string, string> };

/** JSON as read by key order, undefined members kept (`{a: undefined}` is not `{}` here). */
export function shape(v: unknown): unknown {
  if (Array.isArray(v)) return ['array', v.map(shape)];
  if (v && typeof v === 'object') return ['object', Object.keys(v).map((k) => [k, shape((v as Record<string, unknown>)[k])])];
  return [typeof v, v];
}

export type Field = { json: string; prop: string; op: string; sub: string };
export function fields(type: string): Field[] {
  return generated.types[type].split(',').map((f) => {
    const [keys, op = '', sub = ''] = f.split(':');
    const [json, prop = json] = keys.split('=');
    return { json, prop, op, sub };
  });
}

/** Random data of a type's shape (`wrong`: the chance of a value of another shape at each field). */
export function randomOf(type: string, rnd: () => number, depth: number, wrong: number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const scalar = () => pick(['a', 'B c', '', 0, 7, -1.5, true, false]);
  const union = () => (rnd() < 0.7 ? { value: pick(['100m', 8080, '50%']) } : pick(['128Mi', 3]));
  const n = () => Math.floor(rnd() * 3);
  const map = (f: () => unknown) => Object.fromEntries(Array.from({ length: n() + 1 }, (_, i) => [pick(['x', 'cpu', 'b/c', '2', `k${i}`]), f()]));
  const out: Record<string, unknown> = {};
  for (const { prop, op, sub } of fields(type)) {
    if (rnd() < 0.5) continue;
    if (rnd() < wrong) {
      out[prop] = pick(['text', 3, [], ['a'], {}, { value: 1 }, [{}]]);
      continue;
    }
    const nested = () => (depth > 0 ? randomOf(sub, rnd, depth - 1, wrong) : {});
    switch (op) {
      case '':
        out[prop] = rnd() < 0.8 ? scalar() : pick([{ any: 'thing', n: 1 }, ['a', 1]]);
        break;
      case 'T':
        out[prop] = nested();
        break;
      case 'aT':
        out[prop] = Array.from({ length: n() }, nested);
        break;
      case 'a':
        out[prop] = Array.from({ length: n() }, scalar);
        break;
      case 'u':
        out[prop] = union();
        break;
      case 'd':
        break;
      case 'm':
        out[prop] = map(scalar);
        break;
      case 'mu':
        out[prop] = map(union);
        break;
      case 'mT':
        out[prop] = map(nested);
        break;
      case 'ma':
        out[prop] = map(() => Array.from({ length: n() }, scalar));
        break;
      default:
        throw new Error(`unknown op ${op}`);
    }
  }
  // fields the type does not have: dropped
  if (rnd() < 0.3) out.notAField = 'dropped';
  return out;
}

