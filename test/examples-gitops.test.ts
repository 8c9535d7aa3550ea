import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { Manifest, parseAll } from './helpers';
import { parseConfigYaml } from '../src/config/load';

const DIR = path.join(__dirname, '..', 'examples', 'gitops');
const read = (f: string): Manifest[] => parseAll(fs.readFileSync(path.join(DIR, f), 'utf8'));
const folders = (config: Parameters<typeof buildInstallations>[0]) =>
  buildInstallations(config, { validate: false }).installations.map((i) => `dist/${i.node.id}`);

describe('examples/gitops', () => {
  test('the Argo CD Application deploys the default output folder with pruning and self-heal', () => {
    const [app] = read('argocd-application.yaml');
    expect(app).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' });
    expect(folders(DEFAULT_CONFIG)).toContain(app.spec.source.path);
    expect(app.spec.source.directory).toBeUndefined(); // the folder's kustomization.yaml decides
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the app of apps has one child per cluster folder of examples/multi-cluster, after cert-manager', () => {
    const [root] = read('argocd-app-of-apps.yaml');
    expect(root.spec.source.path).toBe('examples/gitops/argocd-apps');
    const children = fs.readdirSync(path.join(DIR, 'argocd-apps')).flatMap((f) => read(path.join('argocd-apps', f)));
    const gitpod = children.filter((c) => c.spec.source.path?.startsWith('dist/'));
    expect(gitpod.map((c) => c.spec.source.path).sort()).toEqual(folders(parseConfigYaml(fs.readFileSync(path.join(DIR, '..', 'multi-cluster', 'gitpod.config.yaml'), 'utf8'), 'multi-cluster') as never).sort());
    const certManager = children.find((c) => c.spec.source.chart === 'cert-manager')!;
    const wave = (m: Manifest) => Number(m.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    for (const c of gitpod) expect(wave(certManager)).toBeLessThan(wave(c));
  });

  test('Flux: the gitpod Kustomization depends on cert-manager and prunes', () => {
    const docs = read('flux-kustomization.yaml');
    const ks = docs.filter((d) => d.kind === 'Kustomization');
    const gitpod = ks.find((k) => k.metadata.name === 'gitpod')!;
    expect(gitpod.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(gitpod.spec.dependsOn).toEqual([{ name: 'cert-manager' }]);
    expect(ks.map((k) => k.metadata.name)).toContain('cert-manager');
    expect(gitpod.spec.prune).toBe(true);
    expect(folders(DEFAULT_CONFIG).map((f) => `./${f}`)).toContain(gitpod.spec.path);
    const repo = docs.find((d) => d.kind === 'GitRepository')!;
    expect(gitpod.spec.sourceRef).toEqual({ kind: 'GitRepository', name: repo.metadata.name });
  });
});
