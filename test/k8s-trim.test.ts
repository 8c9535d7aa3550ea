/**
 * The bundles' trimmed k8s module (scripts/k8s-trim.js, used by scripts/bundle.js): every name the
 * library uses is there and behaves as in the whole module; what is dropped is unused. The bundled
 * bin's renderings equal the library's in test/bundle.test.ts.
 */
import * as fs from 'node:fs';
import Module = require('node:module');
import * as path from 'node:path';
import { generated, randomOf, shape } from './k8s-random';
import { seededRandom } from './same-json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { trimK8s, usedK8sNames } = require('../scripts/k8s-trim.js') as {
  trimK8s: (source: string, roots: Iterable<string>) => { source: string; kept: string[]; total: number };
  usedK8sNames: (libSrc: string) => Set<string>;
};

const root = path.join(__dirname, '..');
const k8sFile = require.resolve('cdk8s-plus-27/lib/imports/k8s.js', { paths: [root] });
const k8sSource = fs.readFileSync(k8sFile, 'utf8');

/** A module from `source` as if it were k8s.js (its `require('cdk8s')` resolves from there), outside jest's registry. */
function load(source: string): Record<string, any> {
  const m = new Module(k8sFile) as Module & { _compile(code: string, file: string): void };
  m.filename = k8sFile;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(k8sFile));
  m._compile(source, k8sFile);
  return m.exports;
}

const roots = usedK8sNames(path.join(root, 'lib', 'src'));
const trimmed = trimK8s(k8sSource, roots);
const whole = load(k8sSource);
const small = load(trimmed.source);

test('the library uses classes, their number/string unions and a few conversions, by name', () => {
  expect([...roots]).toEqual(expect.arrayContaining(['KubeDeployment', 'KubeService', 'KubeConfigMap', 'Quantity', 'IntOrString', 'toJson_Container']));
  expect([...roots].every((r) => typeof whole[r] === 'function')).toBe(true);
});

test('every name the library uses is exported; most of the module is not kept', () => {
  for (const r of roots) expect([r, typeof small[r]]).toEqual([r, 'function']);
  expect(trimmed.kept.length).toBeLessThan(trimmed.total / 2);
  expect(small.KubePod).toBeUndefined();
  expect(whole.KubePod).toBeDefined();
});

test('each kept class: the same kind, identity and JSON as the whole module', () => {
  const { Testing, Chart } = Module.createRequire(k8sFile)('cdk8s');
  const chart = new Chart(Testing.app(), 'c');
  const classes = trimmed.kept.filter((k) => /^Kube/.test(k) && typeof small[k] === 'function');
  expect(classes.length).toBeGreaterThan(10);
  for (const k of classes) {
    expect([k, small[k].GVK, small[k][Symbol.for('jsii.rtti')]]).toEqual([k, whole[k].GVK, whole[k][Symbol.for('jsii.rtti')]]);
    const props = { metadata: { name: `x-${k.toLowerCase()}`, labels: { a: 'b' } } };
    expect([k, new small[k](chart, `s${k}`, props).toJson()]).toEqual([k, new whole[k](chart, `w${k}`, props).toJson()]);
  }
  expect(small.Quantity.fromString('1Gi').value).toBe('1Gi');
  expect(small.IntOrString.fromNumber(8080).value).toBe(8080);
});

test('each kept conversion: the whole module result on random data of its type (nothing it calls was dropped)', () => {
  const rnd = seededRandom(5);
  const conversions = trimmed.kept.filter((k) => k.startsWith('toJson_') && generated.types[k.slice('toJson_'.length)] !== undefined);
  expect(conversions.length).toBeGreaterThan(50);
  for (const f of conversions) {
    for (let i = 0; i < 4; i++) {
      const obj = randomOf(f.slice('toJson_'.length), rnd, 3, 0);
      expect([f, shape(small[f](obj))]).toEqual([f, shape(whole[f](obj))]);
    }
  }
});

test('a name the module does not declare is an error at build time', () => {
  expect(() => trimK8s(k8sSource, ['KubeDeployment', 'KubeNoSuchThing'])).toThrow('k8s.js declares no KubeNoSuchThing');
});
