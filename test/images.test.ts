import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { Manifest } from './helpers';

/** Every `image:` of every container (init containers and CronJob pods included). */
function containerImages(objects: Manifest[]): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Manifest;
      if (typeof o.image === 'string' && typeof o.name === 'string') out.add(o.image);
      Object.values(o).forEach(visit);
    }
  };
  objects.filter((o) => o.kind !== 'ConfigMap').forEach(visit);
  return out;
}

const CASES: Array<[string, GitpodConfigInput]> = [
  ['default', {}],
  ['mirror', { repository: 'registry.corp.example/gitpod' }],
  ['mirror, flattened', { repository: 'registry.corp.example/gitpod', dropImageRepo: true }],
  ['outside services', {
    database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: { kind: 'secret', name: 'sa' } } },
    objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'az' } } },
    containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: { kind: 'secret', name: 'r' } } },
  }],
  ['workspace cluster', { kind: 'Workspace', workspace: { runtime: { fsShiftMethod: 'shiftfs' } } }],
];

describe('`images` lists exactly the images of the rendering', () => {
  test.each(CASES)('%s', (_name, config) => {
    const { installations, files } = buildInstallations(mergeConfig(DEFAULT_CONFIG, config));
    const listed = new Set(installations.flatMap((i) => i.context.images()));
    const objects = installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest));
    const text = [...files.values()].join('\n');
    // Every container image is listed...
    for (const image of containerImages(objects)) expect([image, listed.has(image)]).toEqual([image, true]);
    // ...and every listed image is in the output (containers, or configs such as the IDE images).
    for (const image of listed) expect([image, text.includes(image)]).toEqual([image, true]);
  });

  test('with a mirror, no image is left on a public registry', () => {
    const { installations } = buildInstallations(mergeConfig(DEFAULT_CONFIG, { repository: 'registry.corp.example/gitpod' }));
    for (const image of installations[0].context.images()) expect(image).toMatch(/^registry\.corp\.example\/gitpod\//);
  });
});
