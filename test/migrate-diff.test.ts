import { diffObjects } from '../src/migrate/diff';

const ns = 'gitpod';
const dep = (spec: Record<string, any> = {}, meta: Record<string, any> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'server', namespace: ns, ...meta },
  spec: {
    selector: { matchLabels: { app: 'gitpod', component: 'server' } },
    template: { metadata: { labels: { app: 'gitpod', component: 'server' } }, spec: { containers: [{ name: 'server', image: 'server:1' }] } },
    ...spec,
  },
});
const one = (rendered: any, live: any) => diffObjects([rendered], [live], { namespace: ns }).objects[0];

describe('diffObjects', () => {
  test('a field only live with its default value is no change; with another value it is', () => {
    const live = dep({ progressDeadlineSeconds: 600, revisionHistoryLimit: 10 });
    live.spec.template.spec.containers[0] = { ...live.spec.template.spec.containers[0], terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' } as any;
    expect(one(dep(), live).status).toBe('identical');
    expect(one(dep(), dep({ progressDeadlineSeconds: 300 }))).toMatchObject({ status: 'changed', paths: ['spec.progressDeadlineSeconds'] });
  });

  test('a container present on one side is one path, not one per field', () => {
    const live = dep();
    live.spec.template.spec.containers.push({ name: 'sidecar', image: 'x:1' });
    expect(one(dep(), live).paths).toEqual(['spec.template.spec.containers[sidecar]']);
  });

  test('a headless Service cannot get an address, an allocated address is noise', () => {
    const svc = (spec: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: ns }, spec: { ports: [{ name: 'mysql', port: 3306 }], ...spec } });
    expect(one(svc({}), svc({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], sessionAffinity: 'None', type: 'ClusterIP' })).status).toBe('identical');
    const r = one(svc({}), svc({ clusterIP: 'None' }));
    expect(r.refused).toEqual([expect.objectContaining({ path: 'spec.clusterIP', live: '"None"', rendered: '(none)' })]);
  });

  test('a claim may grow but not shrink or change class', () => {
    const pvc = (spec: any) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'minio', namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } }, ...spec } });
    const bigger = pvc({ resources: { requests: { storage: '16Gi' } } });
    expect(one(bigger, pvc({ volumeName: 'pv-1', storageClassName: 'standard' })).refused).toBeUndefined();
    expect(one(pvc({}), pvc({ resources: { requests: { storage: '16Gi' } } })).refused).toHaveLength(1);
    expect(one(pvc({ storageClassName: 'fast' }), pvc({ storageClassName: 'standard' })).refused?.[0].path).toBe('spec.storageClassName');
  });

  test('a changed Job template is refused unless Argo CD and Flux recreate the Job', () => {
    const job = (image: string, annotations?: Record<string, string>) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrations', namespace: ns, ...(annotations ? { annotations } : {}) },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrations', image }] } } },
    });
    expect(one(job('m:2'), job('m:1')).refused?.[0].path).toBe('spec.template.spec.containers[migrations].image');
    const hooked = job('m:2', { 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation', 'kustomize.toolkit.fluxcd.io/force': 'Enabled' });
    const r = one(hooked, job('m:1'));
    expect(r.refused).toBeUndefined();
    expect(r.note).toContain('recreate it on sync');
  });

  test('Secrets: key sets and "data changed", never a value', () => {
    const secret = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: ns }, data });
    const r = one(secret({ a: Buffer.from('one').toString('base64'), b: 'eA==' }), secret({ a: Buffer.from('two').toString('base64'), c: 'eA==' }));
    expect(r.paths).toEqual(['keys only rendered: b', 'keys only live: c', 'data changed: a']);
    expect(JSON.stringify(r)).not.toMatch(/one|two|b25l|dHdv/);
  });

  test('live objects made by controllers are ignored; the rest is only live', () => {
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'server-1', namespace: ns, ownerReferences: [{ kind: 'Deployment', name: 'server' }] } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitpod-app', namespace: ns } };
    const r = diffObjects([], [rs, cm], { namespace: ns });
    expect(r.ignored).toBe(1);
    expect(r.objects).toEqual([{ object: 'ConfigMap/gitpod-app', status: 'only-live' }]);
  });
});
