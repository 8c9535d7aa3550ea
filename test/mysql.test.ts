import { Construct } from 'constructs';
import { builtInDatabase, DatabaseProps } from '../src/dependencies/defaults';
import { container, find, maybe, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
/** The database the config names (in-cluster MySQL, Cloud SQL proxy or external), built as the installation builds it. */
class ConfiguredDatabase extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    builtInDatabase(this, 'database', props);
  }
}

const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(ConfiguredDatabase, 'database', config, {}, namespace);

const META_AFFINITY = [{ matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] }];

describe('database: in-cluster MySQL (default)', () => {
  const objects = alone();
  const sts = find(objects, 'StatefulSet', 'mysql');
  const chartSelector = {
    'app.kubernetes.io/name': 'mysql',
    'app.kubernetes.io/instance': 'mysql',
    'app.kubernetes.io/component': 'primary',
  };

  test('StatefulSet mysql keeps the chart selector and the claim template `data` (PVC data-mysql-0)', () => {
    expect(sts.spec.selector.matchLabels).toEqual(chartSelector);
    expect(sts.spec.serviceName).toBe('mysql');
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    expect(sts.spec.volumeClaimTemplates[0].metadata).toEqual({ name: 'data', labels: chartSelector });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } });
  });

  test('every object carries app: gitpod + component: db, never in a selector', () => {
    for (const o of objects.filter((x) => ['mysql', 'mysql-headless', 'db', 'db-init-scripts'].includes(x.metadata.name))) {
      expect(o.metadata.labels).toMatchObject({ app: 'gitpod', component: 'db' });
    }
    expect(sts.spec.template.metadata.labels).toMatchObject({ ...chartSelector, app: 'gitpod', component: 'db' });
    expect(find(objects, 'Service', 'mysql').spec.selector).toEqual(chartSelector);
    expect(find(objects, 'Service', 'mysql-headless').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: chartSelector });
  });

  test('Service db is the alias components connect to', () => {
    const db = find(objects, 'Service', 'db');
    expect(db.spec.selector).toEqual({ 'app.kubernetes.io/name': 'mysql' });
    expect(db.spec.ports).toEqual([{ port: 3306, protocol: 'TCP', targetPort: 3306 }]);
  });

  test('MySQL reads its passwords from Secret mysql; no Secret is rendered', () => {
    const env = container(sts, 'mysql').env;
    expect(env.find((e: any) => e.name === 'MYSQL_ROOT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'mysql', key: 'mysql-root-password' });
    expect(env.find((e: any) => e.name === 'MYSQL_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'mysql', key: 'password' });
    expect(env.find((e: any) => e.name === 'MYSQL_USER').value).toBe('gitpod');
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('runs on meta nodes as 1001, with the root-run volume-permissions init container and the init scripts', () => {
    const spec = podSpec(sts);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual(META_AFFINITY);
    expect(spec.serviceAccountName).toBe('db');
    // Root chown keeps the default capabilities; no escalation, default seccomp.
    expect(container(sts, 'volume-permissions').securityContext).toEqual({ runAsUser: 0, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(sts, 'mysql').image).toBe('docker.io/bitnamilegacy/mysql:5.7.34-debian-10-r55');
    expect(spec.volumes).toContainEqual({ name: 'custom-init-scripts', configMap: { name: 'db-init-scripts' } });
    expect(Object.keys(find(objects, 'ConfigMap', 'db-init-scripts').data)).toEqual(['init.sql', 'tuneMysql.sql']);
    expect(find(objects, 'RoleBinding', 'db').subjects).toEqual([{ kind: 'ServiceAccount', name: 'db' }]);
  });

  test('volume size and storage class come from cdk8s.storage.mysql', () => {
    const s = find(alone({ cdk8s: { storage: { mysql: { size: '50Gi', storageClass: 'ssd' } } } }), 'StatefulSet', 'mysql');
    expect(s.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'ssd', resources: { requests: { storage: '50Gi' } } });
  });

  test('disableMigration drops the init scripts', () => {
    const o = alone({ experimental: { webapp: { disableMigration: true } } });
    expect(maybe(o, 'ConfigMap', 'db-init-scripts')).toBeUndefined();
    expect(podSpec(find(o, 'StatefulSet', 'mysql')).volumes.map((v: any) => v.name)).toEqual(['config']);
  });
});

describe('database: Cloud SQL', () => {
  const objects = alone({
    database: { inCluster: false, cloudSQL: { instance: 'proj:eu:db', serviceAccount: { kind: 'secret', name: 'gcp-db' } } },
  });

  test('no MySQL; the cloudsql-proxy Deployment and Service `cloudsqlproxy`', () => {
    expect(maybe(objects, 'StatefulSet', 'mysql')).toBeUndefined();
    expect(maybe(objects, 'Service', 'db')).toBeUndefined();
    const d = find(objects, 'Deployment', 'cloudsqlproxy-cloud-sql-proxy');
    expect(d.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'cloudsqlproxy' });
    expect(container(d, 'cloud-sql-proxy').command).toContain('-instances=proj:eu:db=tcp:0.0.0.0:3306');
    expect(container(d, 'cloud-sql-proxy').image).toBe('b.gcr.io/cloudsql-docker/gce-proxy:1.11');
    expect(podSpec(d).volumes).toContainEqual({ name: 'gcloud-sql-token', secret: { secretName: 'gcp-db' } });
    expect(find(objects, 'Service', 'cloudsqlproxy').spec.ports[0]).toMatchObject({ name: 'cloudsqlproxy', port: 3306 });
  });

  test('dbinit reaches the proxy and reads the credentials from the service-account Secret', () => {
    const job = find(objects, 'Job', 'dbinit-session');
    const env = container(job, 'dbinit-session').env;
    expect(env.find((e: any) => e.name === 'DB_HOST')).toEqual({ name: 'DB_HOST', value: 'cloudsqlproxy' });
    expect(env.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'gcp-db', key: 'password' });
  });
});

describe('database: external', () => {
  const base = { database: { inCluster: false, external: { certificate: { kind: 'secret' as const, name: 'ext-db' } } } };
  const objects = alone(base);

  test('only dbinit: its ConfigMap, Job, ServiceAccount and RoleBinding', () => {
    expect(maybe(objects, 'StatefulSet', 'mysql')).toBeUndefined();
    expect(maybe(objects, 'Deployment', 'cloudsqlproxy-cloud-sql-proxy')).toBeUndefined();
    const cm = find(objects, 'ConfigMap', 'db-init-scripts');
    expect(cm.metadata.labels.component).toBe('dbinit');
    expect(cm.data['init.sql']).toContain('CREATE DATABASE IF NOT EXISTS `gitpod-sessions`');
    expect(cm.data['init.sql']).not.toContain('DROP DATABASE');
    find(objects, 'ServiceAccount', 'dbinit');
    find(objects, 'RoleBinding', 'dbinit');
    const job = find(objects, 'Job', 'dbinit-session');
    expect(container(job, 'dbinit-session').env.find((e: any) => e.name === 'DB_HOST').valueFrom.secretKeyRef).toEqual({ name: 'ext-db', key: 'host' });
    expect(container(job, 'database-waiter').args).toEqual(['-v', 'database']);
    expect(container(job, 'dbinit-session').command[2]).not.toContain('--ssl');
  });

  test('database.ssl.caCert: TLS verified against the mounted CA', () => {
    const job = find(alone({ ...base, database: { ...base.database, ssl: { caCert: { kind: 'secret', name: 'db-ca' } } } }), 'Job', 'dbinit-session');
    expect(container(job, 'dbinit-session').command[2]).toContain('--ssl-mode=VERIFY_IDENTITY --ssl-ca=/db-ssl/ca.crt');
    expect(podSpec(job).volumes).toContainEqual({ name: 'db-ssl', secret: { secretName: 'db-ca' } });
    expect(container(job, 'dbinit-session').env.find((e: any) => e.name === 'DB_CA_CERT').valueFrom.secretKeyRef).toEqual({ name: 'db-ca', key: 'ca.crt' });
  });
});
