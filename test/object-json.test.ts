/**
 * @jest-environment node
 */
// Own realm (not test/env/shared-lib-environment.js): the values here are written in the test and
// must be plain data of the library's realm, as they are when the library builds them.
/**
 * plainObjectJson (src/output/object-json.ts) against cdk8s's own `toJson()`: the same JSON, key
 * order included, on tricky values and on random data; and cdk8s's path wherever a resolver could
 * fire. Every object of every test config: test/serialization-configs.test.ts.
 */
import { ApiObject, App, Chart, Duration, IResolver, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { k8s } from '../src/k8s';
import { plainObjectJson } from '../src/output/object-json';
import { objectManifest } from '../src/output/synthesis';
import { jsonDifference, seededRandom } from './same-json';

/** cdk8s's JSON of the object without its patches (what plainObjectJson stands for). */
function libraryJson(obj: ApiObject): Record<string, any> {
  const patches = (obj as unknown as { patches: unknown[] }).patches;
  const saved = patches.splice(0);
  try {
    return Object.getPrototypeOf(obj).toJson.call(obj);
  } finally {
    patches.push(...saved);
  }
}

function fastJson(obj: ApiObject): Record<string, any> | undefined {
  const patches = (obj as unknown as { patches: unknown[] }).patches;
  const saved = patches.splice(0);
  try {
    return plainObjectJson(obj);
  } finally {
    patches.push(...saved);
  }
}

/** A chart in a fresh App (its own resolvers when given). */
function chart(app = Testing.app()): Chart {
  return new Chart(app, 'test', { namespace: 'ns', labels: { team: 'a' } });
}

/** Asserts the fast JSON equals cdk8s's, or that the fast path declined (undefined). */
function expectSame(obj: ApiObject, handled: boolean): void {
  const fast = fastJson(obj);
  if (!handled) {
    expect(fast).toBeUndefined();
  } else {
    expect(fast).toBeDefined();
    expect(jsonDifference(fast, libraryJson(obj))).toBeUndefined();
  }
  // whoever computes it, objectManifest gives cdk8s's JSON
  expect(jsonDifference(objectManifest(obj), libraryJson(obj))).toBeUndefined();
}

describe('tricky values', () => {
  test('null and undefined members, empty objects and arrays, key order, integer-like keys, numbers', () => {
    const obj = new ApiObject(chart(), 'o', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'thing', annotations: { z: 'last', a: 'first', '10': 'ten', '9': 'nine' }, finalizers: [] },
      zeta: 1,
      spec: {
        b: null, a: undefined, empty: {}, list: [], nested: { e: {}, f: [] }, nums: [0, -1, 1.5, 1e21, NaN, Infinity],
        '2': 'two', '10': 'ten', 'Z': 'upper', 'ä': 'umlaut', deep: [[{ x: [] }], { y: { z: {} } }],
        strings: ['', ' ', 'on', 'null', '0x1F'], bools: [true, false],
      },
      alpha: 'a',
    });
    expectSame(obj, true);
  });

  test('metadata: emptied members are filtered as cdk8s filters them', () => {
    const obj = new ApiObject(chart(), 'o', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', labels: {}, annotations: { a: 'b' }, ownerReferences: [], finalizers: ['x'], extra: { deeper: { empty: {} } } } as never,
      data: { k: 'v' },
    });
    expectSame(obj, true);
  });

  test('the typed classes: Quantity and IntOrString unions become values', () => {
    const c = chart();
    const d = new k8s.KubeDeployment(c, 'd', {
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: {
            containers: [{
              name: 'c',
              image: 'i',
              resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromNumber(128) } },
              ports: [{ containerPort: 80 }],
              env: [{ name: 'A', value: 'on' }, { name: 'B' }],
            }],
          },
        },
      },
    });
    expectSame(d, true);
    const svc = new k8s.KubeService(c, 's', { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }] } });
    expectSame(svc, true);
  });

  test('tokens, Lazy values, Durations, Dates, null elements and functions take cdk8s\'s path', () => {
    const c = chart();
    const cases: Record<string, unknown>[] = [
      { value: Lazy.any({ produce: () => 'lazy' }) },
      { value: { resolve: () => 'token' } },
      { value: [Lazy.any({ produce: () => ['a'] })] },
      { value: [1, null, 2] },
      { value: [1, undefined] },
      { value: new Date(0) },
      { value: Duration.seconds(5) },
      { value: Object.create(null) },
      { value: Object.assign([1], { value: 'x' }) },
      { value: JSON.parse('{"__proto__": {"a": 1}}') },
    ];
    cases.forEach((spec, i) => {
      const obj = new ApiObject(c, `o${i}`, { apiVersion: 'v1', kind: 'Thing', metadata: { name: `o${i}` }, spec });
      expect(fastJson(obj)).toBeUndefined();
      let lib: unknown;
      let libError: unknown;
      try {
        lib = libraryJson(obj);
      } catch (e) {
        libError = e;
      }
      // objectManifest is cdk8s's own result (or its error)
      if (libError) expect(() => objectManifest(obj)).toThrow();
      else expect(jsonDifference(objectManifest(obj), lib)).toBeUndefined();
    });
  });

  test('an App with resolvers of its own keeps cdk8s\'s path', () => {
    const upper: IResolver = {
      resolve(ctx: ResolutionContext) {
        if (typeof ctx.value === 'string' && ctx.value !== ctx.value.toUpperCase()) ctx.replaceValue(ctx.value.toUpperCase());
      },
    };
    const obj = new ApiObject(chart(new App({ resolvers: [upper] })), 'o', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'o' }, spec: { a: 'b' } });
    expectSame(obj, false);
    expect(objectManifest(obj).spec.a).toBe('B');
  });

  test('a subclass of a generated class, and JSON patches, keep what cdk8s does', () => {
    class Custom extends k8s.KubeConfigMap {
      public toJson(): any {
        return { ...super.toJson(), extra: true };
      }
    }
    const c = chart();
    const custom = new Custom(c, 'custom', { metadata: { name: 'custom' }, data: { a: 'b' } });
    expect(fastJson(custom)).toBeUndefined();
    expect(objectManifest(custom).extra).toBe(true);
    const patched = new k8s.KubeConfigMap(c, 'patched', { metadata: { name: 'patched' }, data: { a: 'b' } });
    patched.addJsonPatch({ _toJson: () => ({ op: 'add', path: '/data/c', value: 'd' }) } as never);
    expect(objectManifest(patched).data).toEqual({ a: 'b', c: 'd' });
  });

  test('CDK8S_DISABLE_SORT keeps the props order, as cdk8s does', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const obj = new ApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'Thing', zeta: { b: 1, a: 2 }, metadata: { name: 'o', labels: { b: '1', a: '2' } }, alpha: [{ d: 1, c: 2 }] });
      expectSame(obj, true);
      expect(Object.keys(fastJson(obj)!)).toEqual(['apiVersion', 'kind', 'metadata', 'zeta', 'alpha']);
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
  });
});

test('the comparison sees what a diverging fast path would change: key order, types, null vs absent, holes, -0', () => {
  expect(jsonDifference({ a: 1, b: 2 }, { a: 1, b: 2 })).toBeUndefined();
  expect(jsonDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).toMatch(/keys/);
  expect(jsonDifference({ a: '1' }, { a: 1 })).toMatch(/string vs number/);
  expect(jsonDifference({ a: null }, {})).toMatch(/keys/);
  expect(jsonDifference({ a: { value: 1 } }, { a: 1 })).toMatch(/object vs number/);
  expect(jsonDifference([1, , 3], [1, undefined, 3])).toMatch(/hole/);
  expect(jsonDifference({ n: -0 }, { n: 0 })).toBeDefined();
  expect(jsonDifference(Object.create(null), {})).toMatch(/prototypes/);
});

describe('random plain data (seeded: a failure names its seed)', () => {
  const KEYS = ['a', 'b', 'Z', '_', '0', '1', '10', '2', 'ä', 'key with space', '-x', 'value', 'metadata', 'name', ''];
  function randomValue(rnd: () => number, depth: number): unknown {
    const r = rnd();
    if (depth > 3 || r < 0.35) {
      const scalars = [null, undefined, '', 'on', 'x', 0, -1, 2.5, true, false, 'null'];
      return scalars[Math.floor(rnd() * scalars.length)];
    }
    if (r < 0.6) {
      const n = Math.floor(rnd() * 4);
      // arrays: elements that are never null/undefined (cdk8s keeps undefined elements; the fast path declines those)
      return Array.from({ length: n }, () => randomValue(rnd, depth + 1) ?? 'x');
    }
    const o: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) o[KEYS[Math.floor(rnd() * KEYS.length)]] = randomValue(rnd, depth + 1);
    return o;
  }

  test('500 objects with random props and metadata', () => {
    const c = chart();
    let compared = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const rnd = seededRandom(seed);
      const extra = randomValue(rnd, 1);
      const obj = new ApiObject(c, `o${seed}`, {
        apiVersion: 'v1',
        kind: 'Thing',
        metadata: { name: `o${seed}`, annotations: { [KEYS[seed % KEYS.length]]: 'v' }, extra } as never,
        spec: randomValue(rnd, 0),
        other: randomValue(rnd, 0),
      });
      const fast = fastJson(obj);
      if (fast === undefined) continue; // declined (an emptied array element in metadata): cdk8s's path, tested above
      const diff = jsonDifference(fast, libraryJson(obj));
      if (diff) throw new Error(`seed ${seed}: ${diff}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(400);
  });
});
