/**
 * kustomization() writes what `yaml`'s stringify wrote before (it takes our emitter only for
 * file names both writers leave unquoted).
 */
import * as YAML from 'yaml';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { kustomization } from '../src/output/render';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

function stringified(resources: string[]): string {
  return YAML.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources].sort() });
}

test.each([['default', DEFAULT_CONFIG], ...PROJECT_CONFIGS.map((f) => [f, loadProjectConfig(f)])])('every folder of %s', (_name, config) => {
  const { files } = buildInstallations(config as never, { validate: false });
  const folders = new Map<string, string[]>();
  for (const path of files.keys()) {
    const slash = path.lastIndexOf('/');
    const [folder, name] = [path.slice(0, slash), path.slice(slash + 1)];
    if (name !== 'kustomization.yaml') folders.set(folder, [...(folders.get(folder) ?? []), name]);
  }
  expect(folders.size).toBeGreaterThan(0);
  for (const [folder, names] of folders) {
    expect(files.get(`${folder}/kustomization.yaml`)).toBe(stringified(names));
    expect(kustomization(names)).toBe(stringified(names));
  }
});

test('file names that look like other YAML types, or need quotes, and an empty folder', () => {
  for (const names of [
    [], ['on.yaml', 'yes.yaml', 'null.yaml', 'true.yaml', '1.yaml', '0x1F.yaml', '1e3.yaml', '2001-12-14.yaml'],
    ['a b.yaml', '#x.yaml', '-x.yaml', 'x: y.yaml', "it's.yaml", 'ä.yaml', 'on', 'yes', '1', `${'long-'.repeat(30)}.yaml`],
    ['sub/dir.yaml', 'a_b.c-d.yaml', 'Z.yaml'],
  ]) {
    expect(kustomization(names)).toBe(stringified(names));
  }
});
