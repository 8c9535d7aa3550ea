import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { writeOutputDir } from '../src/output/write';
import { Manifest, parseAll } from './helpers';
import { loadProjectConfig } from './project-configs';

// `kubectl kustomize dist/<cluster>` must build every folder and return exactly the rendered
// objects (kustomize refuses duplicates and missing files). kubectl is on the CI machines; where
// it is missing the test is skipped with a message instead of failing.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
if (!hasKubectl) {
  // eslint-disable-next-line no-console
  console.warn('kustomize tests SKIPPED: kubectl (with kustomize) is not on PATH');
}
// Skipped tests are listed as skipped (never passed empty), with the reason in their name.
const maybe = hasKubectl ? test : test.skip;
const unless = hasKubectl ? '' : ' (skipped: kubectl not found)';

const key = (m: Manifest) => `${m.apiVersion}/${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
const byKey = (ms: Manifest[]) => Object.fromEntries(ms.map((m) => [key(m), m]));

describe('kubectl kustomize builds every output folder into the rendered objects', () => {
  maybe.each([
    ['the default installation', DEFAULT_CONFIG],
    ['several clusters (test/configs/multi-cluster.yaml)', loadProjectConfig('multi-cluster.yaml')],
  ])(`%s${unless}`, (_name, config) => {
    const { installations, files } = buildInstallations(config, { namespace: 'gitpod' });
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-kustomize-')), 'dist');
    writeOutputDir(dist, files);
    expect(fs.readdirSync(dist).sort()).toEqual(['.gitpod-cdk8s', ...installations.map((i) => i.node.id).sort()]);
    for (const inst of installations) {
      const r = spawnSync('kubectl', ['kustomize', path.join(dist, inst.node.id)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const built = parseAll(r.stdout);
      const rendered = inst.renderedObjects().map((o) => o.manifest);
      expect(built).toHaveLength(rendered.length);
      expect(byKey(built)).toEqual(byKey(rendered));
    }
  });

  maybe(`a folder whose kustomization lists a missing file does not build (the check has teeth)${unless}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-kustomize-'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- missing.yaml\n');
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
  });
});
