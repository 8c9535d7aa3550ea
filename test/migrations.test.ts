import { container, find, maybe, podSpec, render } from './helpers';

describe('migrations', () => {
  const objects = render();
  const job = find(objects, 'Job', 'migrations');

  test('a Job of the db-migrations image on meta nodes, cleaned up after 60 s', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBe(60);
    const spec = podSpec(job);
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['database-waiter']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['migrations']);
    expect(container(job, 'migrations').image).toMatch(/\/db-migrations:/);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(
      'gitpod.io/workload_meta',
    );
    expect(job.spec.template.metadata.labels).toEqual({ app: 'gitpod', component: 'migrations' });
  });

  test('database credentials come from the database Secret', () => {
    expect(container(job, 'migrations').env).toContainEqual({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'mysql', key: 'password' } },
    });
  });

  test('experimental.webapp.disableMigration drops the Job but keeps the RBAC', () => {
    const objs = render({ experimental: { webapp: { disableMigration: true } } });
    expect(maybe(objs, 'Job', 'migrations')).toBeUndefined();
    expect(find(objs, 'ServiceAccount', 'migrations')).toBeDefined();
  });
});
