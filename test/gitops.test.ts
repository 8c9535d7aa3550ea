import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { InstallationContext } from '../src/context';
import { resolveConfig } from '../src/config/load';
import { GitpodConfigInput } from '../src/config/types';
import {
  ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, FLUX_FORCE, FLUX_PRUNE,
  gitopsAnnotations, isStatefulData, syncWave, SyncWave,
} from '../src/output/gitops';
import { isCustomResource } from '../src/validation/objects';
import { ConstructRole, DATA_DEPENDENCY, DEPENDENCY, markRole, roleOf } from '../src/common/roles';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { GitpodInstallation } from '../src/installation';
import { k8s } from '../src/k8s';
import { find, Manifest, render } from './helpers';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

const ctx = (config: GitpodConfigInput = {}) =>
  new InstallationContext({ config: resolveConfig({ apiVersion: 'v1', domain: 'gitpod.example.com', ...config }).config });
const obj = (apiVersion: string, kind: string, name: string, component = name): Manifest => ({
  apiVersion, kind, metadata: { name, namespace: 'default', labels: { app: 'gitpod', component } },
});
const annotations = (o: Manifest) => o.metadata.annotations ?? {};
// The roles the library's constructs declare (src/common/roles.ts); Gitpod's own components declare none.
const ROLES: Record<string, ConstructRole | undefined> = {
  mysql: DATA_DEPENDENCY, minio: DATA_DEPENDENCY, registry: DATA_DEPENDENCY, rabbitmq: DEPENDENCY, database: DEPENDENCY,
};
const roleOfName = (component: string) => ROLES[component];

describe('Argo CD', () => {
  const objects = render();

  test('cert-manager objects come first, and skip the dry run while their CRDs are missing', () => {
    for (const [kind, name] of [['Issuer', 'gitpod-selfsigned-issuer'], ['Issuer', 'ca-issuer'], ['Certificate', 'ca-issuer-ca']]) {
      expect(annotations(find(objects, kind, name))).toMatchObject({
        [ARGOCD_SYNC_WAVE]: '-4',
        [ARGOCD_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true',
      });
    }
  });

  test('config and RBAC before workloads; workloads in the default wave (no annotation)', () => {
    for (const [kind, name] of [['ConfigMap', 'proxy-config'], ['ServiceAccount', 'proxy'], ['RoleBinding', 'proxy'], ['ClusterRole', 'default-kube-rbac-proxy'], ['NetworkPolicy', 'proxy-deny-all-allow-explicit'], ['ResourceQuota', 'gitpod-resource-quota']]) {
      expect(annotations(find(objects, kind, name))[ARGOCD_SYNC_WAVE]).toBe('-3');
    }
    expect(annotations(find(objects, 'Deployment', 'proxy'))[ARGOCD_SYNC_WAVE]).toBeUndefined();
    expect(annotations(find(objects, 'Service', 'proxy'))[ARGOCD_SYNC_WAVE]).toBeUndefined();
  });

  test('waves: cert-manager < config < dependencies < migrations < workloads', () => {
    expect([SyncWave.CERT_MANAGER, SyncWave.CONFIG, SyncWave.DEPENDENCIES, SyncWave.MIGRATIONS, SyncWave.WORKLOADS]).toEqual([-4, -3, -2, -1, 0]);
    expect(syncWave(roleOfName('mysql'), obj('apps/v1', 'StatefulSet', 'mysql'))).toBe(SyncWave.DEPENDENCIES);
    expect(syncWave(roleOfName('mysql'), obj('v1', 'Service', 'mysql'))).toBe(SyncWave.DEPENDENCIES);
    expect(syncWave(roleOfName('minio'), obj('apps/v1', 'Deployment', 'minio'))).toBe(SyncWave.DEPENDENCIES);
    expect(syncWave(roleOfName('rabbitmq'), obj('apps/v1', 'StatefulSet', 'messagebus', 'rabbitmq'))).toBe(SyncWave.DEPENDENCIES);
    expect(syncWave(roleOfName('database'), obj('apps/v1', 'Deployment', 'cloudsqlproxy-cloud-sql-proxy', 'cloudsqlproxy'))).toBe(SyncWave.DEPENDENCIES);
    expect(syncWave(roleOfName('migrations'), obj('batch/v1', 'Job', 'migrations'))).toBe(SyncWave.MIGRATIONS);
    expect(syncWave(roleOfName('server'), obj('apps/v1', 'Deployment', 'server'))).toBe(SyncWave.WORKLOADS);
    expect(syncWave(roleOfName('server'), obj('v1', 'ConfigMap', 'server-config', 'server'))).toBe(SyncWave.CONFIG);
  });

  test('the migrations Job is a Sync hook after MySQL (not PreSync), recreated on each sync', () => {
    const a = gitopsAnnotations(ctx(), roleOfName('migrations'), obj('batch/v1', 'Job', 'migrations'));
    expect(a).toEqual({
      [ARGOCD_SYNC_WAVE]: '-1',
      [ARGOCD_HOOK]: 'Sync',
      [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation',
      [FLUX_FORCE]: 'Enabled',
    });
    expect(Number(a[ARGOCD_SYNC_WAVE])).toBeGreaterThan(syncWave(roleOfName('mysql'), obj('apps/v1', 'StatefulSet', 'mysql')));
  });

  test('user annotations (customization) win over the GitOps ones', () => {
    const objs = render({
      customization: [{ apiVersion: '*', kind: 'ConfigMap', metadata: { name: 'proxy', annotations: { [ARGOCD_SYNC_WAVE]: '7' } } }],
    });
    expect(annotations(find(objs, 'ConfigMap', 'proxy-config'))[ARGOCD_SYNC_WAVE]).toBe('7');
  });
});

describe('stateful data is never pruned or deleted', () => {
  test.each([
    ['mysql', obj('apps/v1', 'StatefulSet', 'mysql')],
    ['minio', obj('apps/v1', 'Deployment', 'minio')],
    ['registry', { ...obj('apps/v1', 'Deployment', 'registry'), metadata: { name: 'registry', namespace: 'default', labels: { app: 'docker-registry' } } }],
    ['minio', obj('v1', 'PersistentVolumeClaim', 'minio')],
    ['openvsx-proxy', obj('v1', 'PersistentVolumeClaim', 'openvsx-proxy')],
  ])('%s %#', (component, o) => {
    expect(isStatefulData(roleOfName(component), o)).toBe(true);
    expect(gitopsAnnotations(ctx(), roleOfName(component), o)).toMatchObject({
      [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
      [FLUX_PRUNE]: 'disabled',
    });
  });

  test('stateless workloads and the data Services are not protected', () => {
    for (const [component, o] of [['server', obj('apps/v1', 'Deployment', 'server')], ['mysql', obj('v1', 'Service', 'mysql')], ['proxy', obj('apps/v1', 'Deployment', 'proxy')]] as const) {
      expect(isStatefulData(roleOfName(component), o)).toBe(false);
      const a = gitopsAnnotations(ctx(), roleOfName(component), o);
      expect(a[ARGOCD_SYNC_OPTIONS]).toBeUndefined();
      expect(a[FLUX_PRUNE]).toBeUndefined();
    }
  });
});

describe('config cdk8s.gitops', () => {
  const mysql = obj('apps/v1', 'StatefulSet', 'mysql');
  test('argocd: false leaves only the Flux annotations', () => {
    expect(gitopsAnnotations(ctx({ cdk8s: { gitops: { argocd: false } } }), roleOfName('mysql'), mysql)).toEqual({ [FLUX_PRUNE]: 'disabled' });
  });
  test('flux: false leaves only the Argo CD annotations', () => {
    expect(gitopsAnnotations(ctx({ cdk8s: { gitops: { flux: false } } }), roleOfName('mysql'), mysql)).toEqual({
      [ARGOCD_SYNC_WAVE]: '-2',
      [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
    });
  });
  test('both off: no GitOps annotation in the whole rendering', () => {
    const objs = render({ cdk8s: { gitops: { argocd: false, flux: false } } });
    const keys = objs.flatMap((o) => Object.keys(annotations(o)));
    expect(keys.filter((k) => k.startsWith('argocd.argoproj.io/') || k.startsWith('kustomize.toolkit.fluxcd.io/'))).toEqual([]);
  });
});

// Generic over every rendering: covers each component as it lands.
describe.each(PROJECT_CONFIGS)('invariants of %s', (file) => {
  const config = loadProjectConfig(file);
  const off = config.cdk8s?.gitops?.argocd === false;
  const objects = buildInstallations(config, { validate: false }).installations.flatMap((i) => i.renderedObjects());
  const wave = (m: Manifest) => Number(m.metadata.annotations?.[ARGOCD_SYNC_WAVE] ?? 0);

  (off ? test.skip : test)('every custom resource skips the dry run; every PVC and data workload is protected', () => {
    for (const { role, manifest } of objects) {
      if (isCustomResource(manifest)) expect(annotations(manifest)[ARGOCD_SYNC_OPTIONS]).toContain('SkipDryRunOnMissingResource=true');
      if (isStatefulData(role, manifest)) {
        expect(annotations(manifest)[ARGOCD_SYNC_OPTIONS]).toContain('Prune=false,Delete=false');
        expect(annotations(manifest)[FLUX_PRUNE]).toBe('disabled');
      }
    }
  });

  test('every kind rendered has its validator in the bundle\'s static map (no fallback to node_modules)', () => {
    // lib/bundle/model-ids.json: written by scripts/bundle.js (`npm test` builds first).
    const ids: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'lib', 'bundle', 'model-ids.json'), 'utf8'));
    const kinds = new Set(objects.map(({ manifest: m }) => `${m.apiVersion}/${m.kind}`));
    expect(kinds.size).toBeGreaterThan(5);
    expect([...kinds].filter((k) => !ids.some((id) => id.endsWith(`/${k}`)))).toEqual([]);
  });

  (off ? test.skip : test)('cert-manager objects and config come before every workload; Jobs after dependencies, before Gitpod', () => {
    const kinds = (ks: string[]) => objects.map((o) => o.manifest).filter((m) => ks.includes(m.kind));
    const certManager = kinds(['Issuer', 'ClusterIssuer', 'Certificate']);
    const config = kinds(['ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim']);
    const workloads = kinds(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);
    const jobs = kinds(['Job']);
    const max = (ms: Manifest[]) => Math.max(-Infinity, ...ms.map(wave));
    const min = (ms: Manifest[]) => Math.min(Infinity, ...ms.map(wave));
    expect(max(certManager)).toBeLessThan(min(config));
    expect(max(config)).toBeLessThan(min(workloads));
    const deps = workloads.filter((w) => wave(w) === SyncWave.DEPENDENCIES);
    expect(max(deps)).toBeLessThan(min(jobs));
    expect(max(jobs)).toBeLessThan(min(workloads.filter((w) => !deps.includes(w))));
  });
});

describe('roles come from the constructs, not from names', () => {
  const withUserDatabase = () => {
    const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
    // A user's own construct: an operator-managed database, with no library edit.
    const db = new Construct(gitpod, 'my-postgres');
    markRole(db, { holdsData: true, wave: 'dependencies' });
    new k8s.KubeStatefulSet(db, 'sts', {
      metadata: { name: 'my-postgres', labels: { app: 'whatever' } },
      spec: { serviceName: 'my-postgres', selector: { matchLabels: { x: 'y' } }, template: { metadata: { labels: { x: 'y' } }, spec: { containers: [{ name: 'pg', image: 'postgres:16' }] } } },
    });
    const cr = new ApiObject(db, 'cluster', { apiVersion: 'example.com/v1', kind: 'PostgresCluster', metadata: { name: 'my-postgres' } });
    markRole(cr, { holdsData: true });
    new k8s.KubeService(db, 'svc', { metadata: { name: 'my-postgres' }, spec: { ports: [{ port: 5432 }], selector: { x: 'y' } } });
    return gitpod.renderedObjects().map((o) => o.manifest);
  };

  test("a user's construct marked holdsData is protected and applied with the dependencies", () => {
    const objects = withUserDatabase();
    expect(annotations(find(objects, 'StatefulSet', 'my-postgres'))).toEqual({
      [ARGOCD_SYNC_WAVE]: '-2',
      [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
      [FLUX_PRUNE]: 'disabled',
    });
    // Marked itself: protected whatever its kind.
    expect(annotations(find(objects, 'PostgresCluster', 'my-postgres'))).toMatchObject({
      [ARGOCD_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true,Prune=false,Delete=false',
      [FLUX_PRUNE]: 'disabled',
    });
    // Inherited: its Service comes with the dependencies and is not protected.
    expect(annotations(find(objects, 'Service', 'my-postgres'))).toEqual({ [ARGOCD_SYNC_WAVE]: '-2' });
  });

  test('an object a user adds under a library dependency inherits its role', () => {
    const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
    new k8s.KubeDeployment(gitpod.database!, 'backup', {
      metadata: { name: 'mysql-backup' },
      spec: { selector: { matchLabels: { x: 'b' } }, template: { metadata: { labels: { x: 'b' } }, spec: { containers: [{ name: 'b', image: 'backup:1' }] } } },
    });
    const objects = gitpod.renderedObjects().map((o) => o.manifest);
    expect(annotations(find(objects, 'Deployment', 'mysql-backup'))).toMatchObject({ [ARGOCD_SYNC_WAVE]: '-2', [FLUX_PRUNE]: 'disabled' });
    // Gitpod's own server declares no role: default wave, not protected.
    const server = annotations(find(objects, 'Deployment', 'server'));
    expect([server[ARGOCD_SYNC_WAVE], server[ARGOCD_SYNC_OPTIONS], server[FLUX_PRUNE]]).toEqual([undefined, undefined, undefined]);
    expect(roleOf(gitpod.server!)).toBeUndefined();
  });
});
