import * as YAML from 'yaml';
import { renderFiles } from './helpers';
import { compareManifests, kustomization } from '../src/output/render';
import { toYaml } from '../src/common/yaml';

describe('output files', () => {
  const files = renderFiles();

  test('one file per component plus a sorted kustomization listing exactly those files', () => {
    const names = [...files.keys()].filter((f) => f.startsWith('gitpod/')).map((f) => f.slice('gitpod/'.length));
    const resources = names.filter((n) => n !== 'kustomization.yaml');
    expect(files.get('gitpod/kustomization.yaml')).toBe(kustomization(resources));
    expect(resources).toEqual(expect.arrayContaining(['proxy.yaml', 'server.yaml', 'ws-daemon.yaml', 'database.yaml']));
  });

  test('no noise: no creationTimestamp, no status', () => {
    for (const text of files.values()) {
      expect(text).not.toMatch(/creationTimestamp/);
      expect(text).not.toMatch(/^status:/m);
    }
  });

  test('strings that YAML 1.1 parsers read as booleans are quoted', () => {
    expect(toYaml({ v: 'on', w: 'yes', x: 'off', z: 'y', n: 'no' })).toBe("v: 'on'\nw: 'yes'\nx: 'off'\nz: 'y'\n'n': 'no'\n");
    expect(files.get('gitpod/ws-manager.yaml')).toContain("value: 'on'");
    // What a YAML 1.1 parser reads back is the string (sigs.k8s.io/yaml rejects a boolean env value).
    expect(YAML.parse(toYaml({ v: 'on', n: 'no' }), { version: '1.1' })).toEqual({ v: 'on', n: 'no' });
  });

  test('objects sort by kind rank, then name', () => {
    const objs = [
      { kind: 'Deployment', metadata: { name: 'a' } },
      { kind: 'Service', metadata: { name: 'b' } },
      { kind: 'Service', metadata: { name: 'a' } },
      { kind: 'ConfigMap', metadata: { name: 'z' } },
    ];
    expect(objs.sort(compareManifests).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/z',
      'Service/a',
      'Service/b',
      'Deployment/a',
    ]);
  });
});
