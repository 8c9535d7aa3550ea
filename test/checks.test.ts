/**
 * One walk of checks (src/validation/checks.ts) finds exactly what the checks find run one after
 * the other (guard, then per object schema and rules, then references), in the same order.
 */
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { findSecretMaterial, SecretMaterialError } from '../src/secrets/guard';
import {
  assertChecked,
  checkObjects,
  declaredExternals,
  ExternalDeclarations,
  Finding,
  ManifestValidationError,
  referenceFindings,
  ruleFindings,
  schemaFindings,
} from '../src/validation';
import { find, Manifest } from './helpers';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/** The checks one after the other, each walking every object (as the render path did before the one walk). */
function separately(cluster: string, objects: Manifest[], externals: ExternalDeclarations, config: unknown) {
  const secrets = findSecretMaterial(objects, { config });
  const perObject: Finding[] = objects.flatMap((o) => [...schemaFindings(cluster, o), ...ruleFindings(cluster, o)]);
  return { secrets, findings: [...perObject, ...referenceFindings(cluster, objects, externals)] };
}

describe('one walk of checks', () => {
  test.each(PROJECT_CONFIGS)('%s: the same findings as the checks run separately', (file) => {
    const { installations } = buildInstallations(loadProjectConfig(file), { namespace: 'gitpod', validate: false });
    for (const inst of installations) {
      const objects = inst.renderedObjects().map((o) => o.manifest);
      const externals = declaredExternals(inst.context);
      const opts = { externals, guard: { config: inst.context.config } };
      const apart = separately(inst.node.id, objects, externals, inst.context.config);
      expect(checkObjects(inst.node.id, objects, opts)).toEqual(apart);
      // without the memo keys (a lone cluster): the same
      expect(checkObjects(inst.node.id, objects, { ...opts, memo: false })).toEqual(apart);
    }
  });

  /** A rendering broken in every way the checks know: secret material, schema, rules, references, duplicates, addresses. */
  function brokenRendering() {
    const inst = buildInstallations(DEFAULT_CONFIG, { validate: false }).installations[0];
    const objects = structuredClone(inst.renderedObjects().map((o) => o.manifest));
    const proxy = find(objects, 'Deployment', 'proxy');
    const pod = proxy.spec.template.spec;
    pod.containers[0].env.push({ name: 'API_TOKEN', value: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' });
    pod.containers[0].ports[0].containerPort = 'eighty'; // schema
    pod.containers[0].name = 'Proxy_Main'; // rules
    pod.volumes[1].secret.secretName = 'no-such-secret'; // references
    objects.push(structuredClone(find(objects, 'Service', 'proxy'))); // duplicate
    const cm = objects.find((o) => o.kind === 'ConfigMap' && Object.keys(o.data ?? {}).length > 0)!;
    cm.data[Object.keys(cm.data)[0]] += '\nurl: http://nowhere.default.svc.cluster.local\n'; // address
    cm.data['extra.json'] = JSON.stringify({ db: { password: 'Zq8r3LmP0vXy7TbN2kWs' } }); // secret material inside embedded JSON
    return { inst, objects, externals: declaredExternals(inst.context) };
  }

  test('a broken rendering: the same findings, in the same order, from every check', () => {
    const { inst, objects, externals } = brokenRendering();
    const one = checkObjects('gitpod', objects, { externals, guard: { config: inst.context.config } });
    const apart = separately('gitpod', objects, externals, inst.context.config);
    expect(one).toEqual(apart);
    expect(checkObjects('gitpod', objects, { externals, guard: { config: inst.context.config }, memo: false })).toEqual(apart);
    expect(one.secrets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(one.findings.map((f) => f.check))).toEqual(new Set(['schema', 'rules', 'references']));
    expect(one.findings.some((f) => f.message.includes('rendered twice'))).toBe(true);
    expect(one.findings.some((f) => f.message.includes('nowhere.default.svc'))).toBe(true);
  });

  test('secret material is refused first, with the message of the guard; then the validation errors', () => {
    const { inst, objects, externals } = brokenRendering();
    const config = inst.context.config;
    let secretsError: unknown;
    try {
      assertChecked('gitpod', objects, { externals, config });
    } catch (e) {
      secretsError = e;
    }
    expect(secretsError).toBeInstanceOf(SecretMaterialError);
    expect((secretsError as Error).message).toBe(new SecretMaterialError(findSecretMaterial(objects, { config })).message);

    const clean = structuredClone(objects);
    for (const o of clean) if (o.data?.['extra.json']) delete o.data['extra.json'];
    for (const o of clean) for (const c of o.spec?.template?.spec?.containers ?? []) c.env = (c.env ?? []).filter((e: Manifest) => e.name !== 'API_TOKEN');
    expect(findSecretMaterial(clean, { config })).toEqual([]);
    expect(() => assertChecked('gitpod', clean, { externals, config })).toThrow(ManifestValidationError);
    expect(() => assertChecked('gitpod', clean, { externals, config })).toThrow(
      new ManifestValidationError(separately('gitpod', clean, externals, config).findings).message,
    );
  });

  test('without the guard, secret material is not looked for', () => {
    const { objects, externals } = brokenRendering();
    expect(checkObjects('gitpod', objects, { externals }).secrets).toEqual([]);
  });

  test("the guard's memory of texts across renderings: a value that names an object of one rendering is still refused in another", () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'db.yaml': 'user: app\npassword: my-db-credentials\n' } };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-db-credentials' } };
    const reasons = (objects: Manifest[]) => findSecretMaterial(objects).map((f) => f.reason);
    for (let i = 0; i < 2; i++) {
      expect(reasons([configMap, service])).toEqual([]);
      expect(reasons([configMap])).toEqual(['credential under "password"']);
    }
  });
});
