import { Migrations } from '../src/components/migrations';
import { container, find, maybe, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Migrations, 'migrations', config, {}, namespace);

describe('migrations', () => {
  const objects = alone();
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
    const objs = alone({ experimental: { webapp: { disableMigration: true } } });
    expect(maybe(objs, 'Job', 'migrations')).toBeUndefined();
    expect(find(objs, 'ServiceAccount', 'migrations')).toBeDefined();
  });
});
