/**
 * Our serialization against the libraries' on every object of every test config (the project's
 * configs, the built-in default and the `init` template; every cluster), one rendering each:
 * - plainObjectJson (src/output/object-json.ts) is cdk8s's `toJson()`, key order included, and
 *   handles every object (a fallback to cdk8s's path would be a performance regression);
 * - emitYaml (src/common/yaml-emitter.ts) writes js-yaml's `dump` bytes, declining nothing;
 * - kustomization() (src/output/render.ts) writes what `yaml`'s stringify wrote.
 * Tricky and random values: test/object-json.test.ts, test/yaml-emitter.test.ts.
 */
import { ApiObject } from 'cdk8s';
import * as YAML from 'yaml';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { emitYaml } from '../src/common/yaml-emitter';
import { jsYamlDump } from '../src/common/yaml';
import { parseConfigYaml } from '../src/config/load';
import { CONFIG_TEMPLATE } from '../src/config/template';
import { plainObjectJson } from '../src/output/object-json';
import { kustomization } from '../src/output/render';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';
import { jsonDifference } from './same-json';

/** Runs `f` with the object's JSON patches taken out (plainObjectJson stands for toJson without them). */
function withoutPatches<T>(obj: ApiObject, f: () => T): T {
  const patches = (obj as unknown as { patches: unknown[] }).patches;
  const saved = patches.splice(0);
  try {
    return f();
  } finally {
    patches.push(...saved);
  }
}

const CONFIGS: [string, unknown][] = [
  ['default', DEFAULT_CONFIG],
  ['init template', parseConfigYaml(CONFIG_TEMPLATE, 'init')],
  ...PROJECT_CONFIGS.map((f) => [f, loadProjectConfig(f)] as [string, unknown]),
];

test.each(CONFIGS)('%s', (_name, config) => {
  const { installations, files } = buildInstallations(config as never, { validate: false });
  let objects = 0;
  for (const inst of installations) {
    for (const obj of inst.node.findAll()) {
      if (!(obj instanceof ApiObject)) continue;
      objects++;
      const fast = withoutPatches(obj, () => plainObjectJson(obj));
      if (fast === undefined) throw new Error(`${obj.node.path}: plainObjectJson declined (cdk8s's path: slower)`);
      const diff = jsonDifference(fast, withoutPatches(obj, () => Object.getPrototypeOf(obj).toJson.call(obj)));
      if (diff) throw new Error(`${obj.node.path}: ${diff}`);
    }
    for (const { manifest: m } of inst.renderedObjects()) {
      for (const sortKeys of [false, true]) {
        const ours = emitYaml(m, sortKeys);
        if (ours !== jsYamlDump(m, sortKeys)) throw new Error(`${m.kind} ${m.metadata?.name}: emitYaml ${ours === undefined ? 'declined' : 'differs'}`);
      }
    }
  }
  expect(objects).toBeGreaterThan(10);

  const folders = new Map<string, string[]>();
  for (const path of files.keys()) {
    const slash = path.lastIndexOf('/');
    const [folder, name] = [path.slice(0, slash), path.slice(slash + 1)];
    if (name !== 'kustomization.yaml') folders.set(folder, [...(folders.get(folder) ?? []), name]);
  }
  expect(folders.size).toBe(installations.length);
  for (const [folder, names] of folders) {
    expect(files.get(`${folder}/kustomization.yaml`)).toBe(stringified(names));
  }
});

function stringified(resources: string[]): string {
  return YAML.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() });
}

test('kustomization: file names that look like other YAML types, or need quotes, and an empty folder', () => {
  for (const names of [
    [], ['on.yaml', 'yes.yaml', 'null.yaml', 'true.yaml', '1.yaml', '0x1F.yaml', '1e3.yaml', '2001-12-14.yaml'],
    ['a b.yaml', '#x.yaml', '-x.yaml', 'x: y.yaml', "it's.yaml", 'ä.yaml', 'on', 'yes', '1', `${'long-'.repeat(30)}.yaml`],
    ['sub/dir.yaml', 'a_b.c-d.yaml', 'Z.yaml'],
  ]) {
    expect(kustomization(names)).toBe(stringified(names));
  }
});
