// Dependencies are objects: a user's own database, storage, registry or bus class is passed in
// and the components read it, with no library file changed.
import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_CONFIG } from '../src/app';
import { markRole } from '../src/common/roles';
import { IDatabase } from '../src/dependencies/database';
import { configuredDatabase } from '../src/dependencies/defaults';
import { IMessageBus } from '../src/dependencies/message-bus';
import { GitpodInstallation } from '../src/installation';
import { k8s } from '../src/k8s';
import { ARGOCD_SYNC_OPTIONS } from '../src/output/gitops';
import { declareSecret } from '../src/secrets/declare';
import { SecretSpec } from '../src/secrets/spec';
import { container, find, maybe, Manifest, podSpec } from './helpers';

/** An operator-managed MySQL: the operator writes Secret `pxc-app` with its own key names. */
class OperatorDatabase implements IDatabase {
  public readonly databaseType = 'external';
  public readonly secretName = 'pxc-app';
  public readonly endpoint = { host: 'pxc-haproxy', port: 3306 };
  public readonly secrets: readonly SecretSpec[] = [
    { name: 'pxc-app', keys: ['user', 'pass', 'gitpod-keys'], source: 'user', purpose: 'written by the MySQL operator' },
  ];
  public clientEnv(): k8s.EnvVar[] {
    const key = (name: string, k: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: this.secretName, key: k } } });
    return [
      { name: 'DB_HOST', value: this.endpoint.host },
      { name: 'DB_PORT', value: String(this.endpoint.port) },
      key('DB_PASSWORD', 'pass'),
      key('DB_USERNAME', 'user'),
      key('DB_ENCRYPTION_KEYS', 'gitpod-keys'),
    ];
  }
}

const env = (m: Manifest, c: string) => Object.fromEntries((container(m, c).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom?.secretKeyRef]));

describe("a user's own database class", () => {
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG, database: new OperatorDatabase() });
  // Validated: every reference to `pxc-app` is to a declared Secret.
  const objects = gitpod.toJson();

  test('server, migrations, ws-manager-bridge and public-api-server read its Secret and env', () => {
    for (const [kind, name, c] of [['Deployment', 'server', 'server'], ['Job', 'migrations', 'migrations'], ['Deployment', 'ws-manager-bridge', 'ws-manager-bridge'], ['Deployment', 'public-api-server', 'public-api-server']]) {
      expect({ name, env: env(find(objects, kind, name), c) }).toMatchObject({
        name,
        env: { DB_HOST: 'pxc-haproxy', DB_PORT: '3306', DB_PASSWORD: { name: 'pxc-app', key: 'pass' }, DB_USERNAME: { name: 'pxc-app', key: 'user' } },
      });
      const waiter = podSpec(find(objects, kind, name)).initContainers.find((i: any) => i.name === 'database-waiter');
      expect(waiter.env.find((e: any) => e.name === 'DB_HOST').value).toBe('pxc-haproxy');
    }
  });

  test('no built-in database is rendered; its Secret is in the catalog and the plan', () => {
    expect(maybe(objects, 'StatefulSet', 'mysql')).toBeUndefined();
    expect(maybe(objects, 'Service', 'db')).toBeUndefined();
    expect(gitpod.database).toBeUndefined();
    expect(gitpod.dependencies.database).toBeInstanceOf(OperatorDatabase);
    const plan = gitpod.secretPlan();
    expect(plan.find((s) => s.name === 'pxc-app')).toMatchObject({ source: 'user', keys: ['user', 'pass', 'gitpod-keys'] });
    expect(plan.find((s) => s.name === 'pxc-app')!.readers).toEqual(expect.arrayContaining(['Deployment/server', 'Job/migrations']));
    // The in-cluster MySQL's Secrets are gone with it.
    expect(plan.map((s) => s.name)).not.toContain('mysql');
    expect(plan.map((s) => s.name)).not.toContain('db-password');
  });

  test('the config checksum of server and ws-manager-bridge follows its databaseType', () => {
    const builtIn = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG }).toJson();
    const sum = (objs: Manifest[]) => find(objs, 'Deployment', 'server').spec.template.metadata.annotations['gitpod.io/checksum_config'];
    expect(sum(objects)).not.toEqual(sum(builtIn));
  });

  test("its own objects: the operator's custom resource is protected as data", () => {
    // (The schema check knows no Percona CRD: its own chart would render it; here only the marks are read.)
    const cluster = new ApiObject(gitpod, 'pxc', { apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster', metadata: { name: 'pxc' } });
    markRole(cluster, { holdsData: true, wave: 'dependencies' });
    const cr = find(gitpod.renderedObjects().map((o) => o.manifest), 'PerconaXtraDBCluster', 'pxc');
    expect(cr.metadata.annotations[ARGOCD_SYNC_OPTIONS]).toContain('Prune=false,Delete=false');
  });
});

test('the built-in database is the one the config names, and its clients see the same connection', () => {
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
  const db = gitpod.dependencies.database!;
  expect(db).toBe(gitpod.database);
  expect([db.databaseType, db.secretName, db.endpoint]).toEqual(['in-cluster', 'mysql', { host: 'db', port: 3306 }]);
  expect(db.clientEnv()).toEqual(configuredDatabase(gitpod.context).clientEnv());
});

test('a message bus of the user: server and ws-manager-bridge read it, no RabbitMQ is rendered', () => {
  const bus: IMessageBus = {
    secrets: [{ name: 'amqp', keys: ['u', 'p'], source: 'user', purpose: 'managed AMQP' }],
    clientEnv: () => [
      { name: 'MESSAGEBUS_USERNAME', valueFrom: { secretKeyRef: { name: 'amqp', key: 'u' } } },
      { name: 'MESSAGEBUS_PASSWORD', valueFrom: { secretKeyRef: { name: 'amqp', key: 'p' } } },
    ],
  };
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG, messageBus: bus });
  const objects = gitpod.toJson();
  expect(maybe(objects, 'StatefulSet', 'messagebus')).toBeUndefined();
  expect(env(find(objects, 'Deployment', 'server'), 'server').MESSAGEBUS_PASSWORD).toEqual({ name: 'amqp', key: 'p' });
  expect(gitpod.secretPlan().map((s) => s.name)).not.toContain('rabbitmq');
});

test("a user's construct declares the Secrets it reads: they join the catalog, no list is edited", () => {
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
  const sidecar = new Construct(gitpod, 'datadog');
  declareSecret(sidecar, { name: 'datadog', keys: ['api-key'], source: 'user', purpose: 'Datadog agent' });
  new k8s.KubeConfigMap(sidecar, 'cm', { metadata: { name: 'datadog' }, data: { x: 'y' } });
  expect(gitpod.secretCatalog().find((s) => s.name === 'datadog')).toMatchObject({ keys: ['api-key'], source: 'user' });
  expect(gitpod.externals().secrets.get('datadog')).toMatchObject({ keys: ['api-key'] });
});
