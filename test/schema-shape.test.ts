/**
 * The schema memo by shape (src/validation/schema.ts `schemaShapeKey`): objects that differ only in
 * strings where the schemas take any string (label and annotation values, ConfigMap data, env
 * values, a Certificate's dnsNames) get the same schema findings as validating each of them.
 */
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { jsonKey } from '../src/common/json-key';
import { schemaFindings, schemaShapeKey } from '../src/validation/schema';
import { find, libRealmClone, Manifest } from './helpers';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/** Strings that break any enum, format (date-time, quantity, int-or-string, byte, double), pattern or length. */
const ODD_STRINGS = ['', 'Always', 'not a quantity!', '2023-13-45T99:99:99Z', '\u0000\n: - {' + 'x'.repeat(300)];

/** A deep copy: plain data of the library's realm, as rendered objects are (jsonKey keys only those). */
const clone = libRealmClone;

/** Every place of `o` where the shape key empties a string, as [holder, key] pairs. */
function freeStrings(o: Manifest): [Record<string, any>, string | number][] {
  const out: [Record<string, any>, string | number][] = [];
  const values = (m: unknown) => {
    if (m && typeof m === 'object' && !Array.isArray(m)) for (const k of Object.keys(m)) if (typeof (m as any)[k] === 'string') out.push([m as any, k]);
  };
  const meta = (m: any) => {
    values(m?.labels);
    values(m?.annotations);
  };
  meta(o.metadata);
  if (o.kind === 'ConfigMap') values(o.data);
  if (o.kind === 'Certificate') (o.spec?.dnsNames ?? []).forEach((n: unknown, i: number) => typeof n === 'string' && out.push([o.spec.dnsNames, i]));
  const template = o.kind === 'Pod' ? o : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
  if (template && ['Pod', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'].includes(o.kind)) {
    if (template !== o) meta(template.metadata);
    for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const c of template.spec?.[list] ?? []) for (const e of c?.env ?? []) if (typeof e?.value === 'string') out.push([e, 'value']);
    }
  }
  return out;
}

/** `o` with every free string replaced by `s`. */
function withFreeStrings(o: Manifest, s: string): Manifest {
  const copy = clone(o);
  for (const [holder, key] of freeStrings(copy)) holder[key] = s;
  return copy;
}

function renderings(): [string, Manifest[]][] {
  const out: [string, Manifest[]][] = [['default', buildInstallations(DEFAULT_CONFIG, { validate: false }).installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest))]];
  for (const file of PROJECT_CONFIGS) {
    const { installations } = buildInstallations(loadProjectConfig(file), { namespace: 'gitpod', validate: false });
    out.push([file, installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest))]);
  }
  return out;
}

/** The default rendering broken where the schemas look: wrong types, a bad enum, a bad quantity, and wrong types at free places. */
function brokenObjects(): Manifest[] {
  const objects = clone(buildInstallations(DEFAULT_CONFIG, { validate: false }).installations[0].renderedObjects().map((o) => o.manifest));
  const proxy = find(objects, 'Deployment', 'proxy');
  const c = proxy.spec.template.spec.containers[0];
  c.ports[0].containerPort = 'eighty';
  c.imagePullPolicy = 'Sometimes';
  c.resources = { requests: { cpu: 'lots' } };
  c.env.push({ name: 'NUMBER', value: 5 });
  proxy.metadata.annotations = { ...proxy.metadata.annotations, 'example.com/count': 3 };
  const cm = objects.find((o) => o.kind === 'ConfigMap' && Object.keys(o.data ?? {}).length > 0)!;
  cm.data.flag = true;
  const cert = objects.find((o) => o.kind === 'Certificate');
  if (cert) cert.spec.dnsNames = [...(cert.spec.dnsNames ?? []), 7];
  return objects;
}

describe('schema findings by shape', () => {
  const all: [string, Manifest[]][] = [...renderings(), ['broken', brokenObjects()]];
  // each distinct object once (the configs share most objects)
  const seen = new Set<string>();

  test.each(all.map(([name]) => name))('%s: any string at a free place gives the same findings and the same shape', (name) => {
    const objects = all.find(([n]) => n === name)![1].filter((o) => !seen.has(jsonKey(o)!) && seen.add(jsonKey(o)!));
    let places = 0;
    for (const o of objects) {
      const expected = schemaFindings('c', o);
      const shape = schemaShapeKey(o);
      places += freeStrings(o).length;
      for (const s of ODD_STRINGS) {
        const odd = withFreeStrings(o, s);
        expect(jsonKey(odd)).toBeDefined();
        // the plain path (no key: validated as it is) finds what validating the original found
        expect(schemaFindings('c', odd)).toEqual(expected);
        if (shape !== undefined) expect(schemaShapeKey(odd)).toBe(shape);
        // the memo path (a key never seen: looked up by shape) finds the same
        expect(schemaFindings('c', odd, `${jsonKey(odd)}\u0000${name}\u0000${s}`)).toEqual(expected);
      }
    }
    expect(places).toBeGreaterThan(0);
  });

  test('the broken rendering has findings at free places and elsewhere, and the memo reports them', () => {
    const objects = brokenObjects();
    const found = objects.flatMap((o) => schemaFindings('c', o, jsonKey(o)));
    const paths = found.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/containerPort$/), expect.stringMatching(/imagePullPolicy$/), expect.stringMatching(/env\[\d+\]\.value$/), expect.stringMatching(/annotations/)]));
    expect(found).toEqual(objects.flatMap((o) => schemaFindings('c', o)));
  });

  test('a string elsewhere, a non-string at a free place, or an own __proto__ key changes the shape', () => {
    const objects = clone(buildInstallations(DEFAULT_CONFIG, { validate: false }).installations[0].renderedObjects().map((o) => o.manifest));
    const proxy = find(objects, 'Deployment', 'proxy');
    const shape = schemaShapeKey(proxy);
    const policy = clone(proxy);
    policy.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    expect(schemaShapeKey(policy)).not.toBe(shape);
    // a valid object first, then one of the same shape but for an enum value: validated, not replayed
    schemaFindings('c', proxy, jsonKey(proxy));
    expect(schemaFindings('c', policy, jsonKey(policy))).toEqual(schemaFindings('c', policy));
    expect(schemaFindings('c', policy)).not.toEqual([]);
    const typed = clone(proxy);
    typed.spec.template.spec.containers[0].env[0].value = 1;
    expect(schemaShapeKey(typed)).not.toBe(shape);
    const base = clone({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n', annotations: {} }, data: {} });
    const proto = clone({ ...base, metadata: { ...base.metadata, annotations: JSON.parse('{"__proto__": 5}') } });
    expect(Object.prototype.hasOwnProperty.call(proto.metadata.annotations, '__proto__')).toBe(true);
    expect(schemaShapeKey(base)).toBeDefined();
    expect(schemaShapeKey(proto)).not.toBe(schemaShapeKey(base));
    schemaFindings('c', base, jsonKey(base));
    expect(schemaFindings('c', proto, jsonKey(proto))).toEqual(schemaFindings('c', proto));
    // CRDs other than cert-manager's Certificate: no shape
    expect(schemaShapeKey(clone({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x' } }))).toBeUndefined();
    const undefinedValue = clone({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} as Record<string, unknown> });
    expect(schemaShapeKey(undefinedValue)).toBeDefined();
    undefinedValue.data.a = undefined;
    expect(schemaShapeKey(undefinedValue)).toBeUndefined();
  });
});
