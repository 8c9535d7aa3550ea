/**
 * The typed conversions from the generated table (src/output/k8s-json.ts, scripts/k8s-json-table.js)
 * against cdk8s-plus-27's own `toJson_<Type>` functions: the same JSON, key order and undefined
 * members included, for every type of the table on random data of its shape, and a decline (the
 * caller then runs the library) wherever the data is not of that shape. Every object of every
 * test config goes through the table in test/serialization-configs.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8s } from '../src/k8s';
import { tableConversion } from '../src/output/k8s-json';
import { fields, generated, randomOf, shape } from './k8s-random';
import { seededRandom } from './same-json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tableOf } = require('../scripts/k8s-json-table.js') as { tableOf: (source: string) => Record<string, string> };

const root = path.join(__dirname, '..');
const k8sSource = fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.js', { paths: [root] }), 'utf8');
const library = k8s as unknown as Record<string, (obj: unknown) => unknown>;
const VERSION = (k8s.KubeDeployment as unknown as Record<symbol, { version: string }>)[Symbol.for('jsii.rtti')].version;

/** The library's result, or 'throws'. */
function libraryResult(type: string, obj: unknown): unknown {
  try {
    return shape(library[`toJson_${type}`](obj));
  } catch {
    return 'throws';
  }
}

describe('the generated table', () => {
  test('is the table of the installed cdk8s-plus-27, with a conversion for every exported toJson_ function', () => {
    expect(generated.version).toBe(VERSION);
    expect(generated.types).toEqual(tableOf(k8sSource));
    const exported = Object.keys(library).filter((k) => k.startsWith('toJson_')).map((k) => k.slice('toJson_'.length)).sort();
    expect(Object.keys(generated.types).sort()).toEqual(exported);
  });

  test('the generator refuses a function of another shape, naming it', () => {
    const changed = k8sSource.replace("'image': obj.image,", "'image': obj.image ?? 'latest',");
    expect(changed).not.toBe(k8sSource);
    expect(() => tableOf(changed)).toThrow("unknown form of field image: obj.image ?? 'latest'");
    expect(() => tableOf(k8sSource.replace('// filter undefined values\n    return Object.entries(result)', '// filter\n    return Object.entries(result)'))).toThrow(/toJson_ functions of another shape/);
  });

  test('is used only for the cdk8s-plus-27 it was generated from, and for types it holds', () => {
    expect(tableConversion('KubeDeploymentProps', VERSION)).toBeDefined();
    expect(tableConversion('KubeDeploymentProps', '2.9.4')).toBeUndefined();
    expect(tableConversion('KubeDeploymentProps', undefined)).toBeUndefined();
    expect(tableConversion('NoSuchType', VERSION)).toBeUndefined();
    expect(tableConversion('toString', VERSION)).toBeUndefined();
  });
});

describe('conversions', () => {
  const types = Object.keys(generated.types).sort();

  test('data of the shape: the library result for every type (random, 6 objects each)', () => {
    const rnd = seededRandom(19);
    let compared = 0;
    for (const type of types) {
      const convert = tableConversion(type, VERSION)!;
      for (let i = 0; i < 6; i++) {
        const obj = randomOf(type, rnd, 3, 0);
        const ours = convert(obj);
        if (ours === undefined) throw new Error(`${type}: declined data of its shape: ${JSON.stringify(obj)}`);
        expect([type, shape(ours)]).toEqual([type, libraryResult(type, obj)]);
        compared++;
      }
    }
    expect(compared).toBe(types.length * 6);
  });

  test('data of other shapes: the library result, or a decline where the library throws or reads fields of a non-object', () => {
    const rnd = seededRandom(27);
    let declined = 0;
    let same = 0;
    for (const type of types) {
      const convert = tableConversion(type, VERSION)!;
      for (let i = 0; i < 6; i++) {
        const obj = randomOf(type, rnd, 2, 0.3);
        const ours = convert(obj);
        if (ours === undefined) declined++;
        else {
          expect([type, shape(ours)]).toEqual([type, libraryResult(type, obj)]);
          same++;
        }
      }
    }
    // both happen (the data is not all declined, nor all accepted)
    expect(declined).toBeGreaterThan(50);
    expect(same).toBeGreaterThan(50);
  });

  test('a quantity map of plain strings keeps its keys with undefined values, as the library does', () => {
    const obj = { requests: { cpu: '100m', memory: { value: '32Mi' } }, limits: {} };
    const ours = tableConversion('ResourceRequirements', VERSION)!(obj);
    expect(shape(ours)).toEqual(libraryResult('ResourceRequirements', obj));
    expect(Object.keys(ours!.requests as object)).toEqual(['cpu', 'memory']);
    expect((ours!.requests as Record<string, unknown>).cpu).toBeUndefined();
  });

  test('renamed fields (hostPid → hostPID) and a union read through .value', () => {
    const obj = { hostPid: true, containers: [{ name: 'c', ports: [{ containerPort: 80 }] }], notAField: 1 };
    expect(tableConversion('PodSpec', VERSION)!(obj)).toEqual({ containers: [{ name: 'c', ports: [{ containerPort: 80 }] }], hostPID: true });
    const port = { port: 80, targetPort: { value: 'http' } };
    expect(tableConversion('ServicePort', VERSION)!(port)).toEqual({ port: 80, targetPort: 'http' });
  });

  test('declines a map with an own __proto__ key (the library keeps it as a key; an assignment would set the prototype)', () => {
    const labels = JSON.parse('{"__proto__": "x", "a": "b"}') as Record<string, unknown>;
    expect(tableConversion('ObjectMeta', VERSION)!({ labels })).toBeUndefined();
    expect(tableConversion('ObjectMeta', VERSION)!({ labels: { a: 'b' } })).toEqual({ labels: { a: 'b' } });
  });

  test('declines where the library would throw: .map of a string, .toISOString of anything', () => {
    expect(libraryResult('Container', { args: 'not-a-list' })).toBe('throws');
    expect(tableConversion('Container', VERSION)!({ args: 'not-a-list' })).toBeUndefined();
    const withTime = fields('ObjectMeta').find((f) => f.op === 'd')!;
    expect(tableConversion('ObjectMeta', VERSION)!({ [withTime.prop]: '2024-01-01T00:00:00Z' })).toBeUndefined();
  });
});
