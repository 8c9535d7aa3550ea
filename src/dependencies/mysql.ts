import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { DATA_DEPENDENCY, markRole } from '../common/roles';
import { DATABASE_CA_KEY, databaseCaSecrets, DatabaseEndpoint, IDatabase, SecretDatabase } from './database';
import type { SecretSpec } from '../secrets/spec';
import type { ValueSource } from '../secrets/generate';
import { GitpodConfig } from '../config/types';
import { databaseJob } from '../common/workload';
import { chartLabels, chartMetadata, dataClaimTemplate, imagePullSecrets, volumeSize } from '../common/dependency';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentPeers, ingressPolicy, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { ComponentProps } from '../common/props';

/**
 * The Secret every component reads the database from (`DB_*` env, see `IDatabase.clientEnv()`), and
 * the in-cluster MySQL reads its passwords from. For an external database or Cloud SQL the user's
 * Secret (`database.external.certificate` / `database.cloudSQL.serviceAccount`) has the same keys.
 */
export const MYSQL_SECRET = {
  /** Name of the in-cluster database's Secret. */
  name: 'mysql',
  /** Its keys. */
  keys: {
    /** Database host. */
    host: 'host',
    /** Database port. */
    port: 'port',
    /** Database user. */
    username: 'username',
    /** That user's password. */
    password: 'password',
    /** Database name. */
    database: 'database',
    /** JSON list of `{name, version, primary, material}`: the keys that encrypt data at rest. */
    encryptionKeys: 'encryptionKeys',
    /** In-cluster only: the MySQL root password (upstream: Secret `db-password`, same key). */
    rootPassword: 'mysql-root-password',
    /** Cloud SQL only: the service account key the cloudsql-proxy uses. */
    credentials: 'credentials.json',
  },
} as const;

/**
 * The components that connect to the database (each renders \`IDatabase.clientEnv()\`): the only
 * pods the NetworkPolicies of the in-cluster MySQL and of the Cloud SQL proxy let in.
 */
export const DATABASE_CLIENTS = ['server', 'slow-server', 'ws-manager-bridge', 'public-api-server', 'usage', 'migrations', 'gitpod', 'dbinit'] as const;

/** Values of the in-cluster database that are not secret: the `mysql` Secret's host, port, user and database. */
export const IN_CLUSTER_DATABASE = {
  /** The Service of the in-cluster MySQL. */
  host: 'db',
  /** MySQL's port. */
  port: 3306,
  /** The user Gitpod connects as. */
  username: 'gitpod',
  /** The database Gitpod uses. */
  database: 'gitpod',
} as const;

export { DATABASE_CA_KEY } from './database';

/** The DB encryption keys JSON Gitpod expects (`DB_ENCRYPTION_KEYS`): one primary key, 32 bytes. */
export function encryptionKeys(material: string): string {
  return JSON.stringify([{ name: 'general', version: 1, primary: true, material }], null, 2);
}

/**
 * The Secrets the in-cluster MySQL owns (generated once by `gitpod-cdk8s secrets`): `mysql`, which
 * MySQL and its clients read, and `db-password`, upstream's copy of the passwords.
 */
export function inClusterDatabaseSecrets(): SecretSpec[] {
  const labels = { app: 'gitpod', component: InClusterMySQL.COMPONENT };
  const dbPassword = (v: ValueSource) => v.password('mysql-password');
  return [
    {
      source: 'generated',
      type: 'Opaque',
      name: MYSQL_SECRET.name,
      keys: ['database', 'encryptionKeys', 'host', 'mysql-root-password', 'password', 'port', 'username'],
      purpose: 'in-cluster MySQL: what Gitpod components connect with, the root password MySQL starts with, the DB encryption key',
      labels,
      sharesValues: true,
      generate: (v) => ({
        database: IN_CLUSTER_DATABASE.database,
        encryptionKeys: encryptionKeys(v.base64('db-encryption-key', 32)),
        host: IN_CLUSTER_DATABASE.host,
        'mysql-root-password': v.password('mysql-root-password'),
        password: dbPassword(v),
        port: String(IN_CLUSTER_DATABASE.port),
        username: IN_CLUSTER_DATABASE.username,
      }),
    },
    {
      source: 'generated',
      type: 'Opaque',
      name: 'db-password',
      keys: ['mysql-password', 'mysql-root-password'],
      purpose: 'upstream\'s copy of the MySQL passwords (same values as `mysql`); kept so a moved installation finds it, read by nothing here',
      labels,
      sharesValues: true,
      generate: (v) => ({ 'mysql-password': dbPassword(v), 'mysql-root-password': v.password('mysql-root-password') }),
    },
  ];
}

/** The connection to the in-cluster MySQL (Service `db`, Secret `mysql`), with the Secrets it owns. */
export function inClusterDatabaseConnection(config: GitpodConfig): SecretDatabase {
  return new SecretDatabase({
    databaseType: 'in-cluster',
    secretName: MYSQL_SECRET.name,
    endpoint: { host: IN_CLUSTER_DATABASE.host, port: IN_CLUSTER_DATABASE.port },
    caCertSecret: config.database.ssl?.caCert?.name,
    secrets: [...inClusterDatabaseSecrets(), ...databaseCaSecrets(config)],
  });
}

/** The in-cluster MySQL 5.7 image. */
export const MYSQL_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.mysql;
/** The shell image of the in-cluster MySQL's volume-permissions init container. */
export const BITNAMI_SHELL_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.bitnamiShell;
/** The Cloud SQL proxy image (`database.cloudSQL`). */
export const CLOUD_SQL_PROXY_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.cloudSqlProxy;
/** The MySQL client image of the database init Job. */
export const MYSQL_CLIENT_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.mysqlClient;

/** The selector labels of the bitnami mysql chart (release `mysql`, primary). */
const SELECTOR = {
  'app.kubernetes.io/name': 'mysql',
  'app.kubernetes.io/instance': 'mysql',
  'app.kubernetes.io/component': 'primary',
};

/** Props of `InClusterMySQL`. */
export interface InClusterMySQLProps extends ComponentProps {}

/**
 * The in-cluster MySQL 5.7 (`database.inCluster`, the default), rendered as component `database`.
 *
 * The objects keep the names and selectors of upstream's bitnami chart (StatefulSet `mysql` with
 * volume claim `data`, so the data stays in PVC `data-mysql-0`). No password is rendered: MySQL
 * reads its root and user passwords from the `mysql` Secret (`MYSQL_SECRET`), which its clients
 * read too (`clientEnv()`).
 */
export class InClusterMySQL extends Construct implements IDatabase {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'db';

  /** `in-cluster`. */
  public readonly databaseType: string;
  /** `mysql`. */
  public readonly secretName: string;
  /** Service `db`, port 3306. */
  public readonly endpoint?: DatabaseEndpoint;
  /** The `mysql` Secret (generated) and `db-password` (upstream's copy), plus the CA Secret when set. */
  public readonly secrets: readonly SecretSpec[];

  /** The in-cluster MySQL's ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The ConfigMap (init scripts) (undefined when migrations are disabled); patch it for what the props do not cover. */
  public readonly initScripts?: k8s.KubeConfigMap;
  /** The component's Service `db`; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The ConfigMap (mysql config); patch it for what the props do not cover. */
  public readonly mysqlConfig: k8s.KubeConfigMap;
  /** The Service (mysql service); patch it for what the props do not cover. */
  public readonly mysqlService: k8s.KubeService;
  /** The Service (mysql headless service); patch it for what the props do not cover. */
  public readonly mysqlHeadlessService: k8s.KubeService;
  /** The component's StatefulSet; patch it for what the props do not cover. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** Not upstream's (it left MySQL open): only \`DATABASE_CLIENTS\` reach port 3306. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  private readonly connection: SecretDatabase;

  constructor(scope: Construct, id: string, props: InClusterMySQLProps) {
    super(scope, id);
    markRole(this, DATA_DEPENDENCY);
    const ctx = props.context;
    const component = InClusterMySQL.COMPONENT;
    const migrate = !ctx.config.experimental?.webapp?.disableMigration;
    this.connection = inClusterDatabaseConnection(ctx.config);
    this.databaseType = this.connection.databaseType;
    this.secretName = this.connection.secretName;
    this.endpoint = this.connection.endpoint;
    this.secrets = this.connection.secrets;
    declareSecret(this, ...this.secrets);

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    if (migrate) {
      this.initScripts = new k8s.KubeConfigMap(this, 'init-scripts', {
        metadata: ctx.metadata(component, 'db-init-scripts'),
        data: { 'init.sql': SESSIONS_DB_SQL('01') + SESSIONS_GRANT_SQL + RECREATE_GITPOD_DB_SQL, 'tuneMysql.sql': TUNE_MYSQL_SQL },
      });
    }

    // `db` is Gitpod's name for the database; it selects the chart's pod.
    this.service = new k8s.KubeService(this, 'service', {
      metadata: ctx.metadata(component, 'db'),
      spec: {
        type: 'ClusterIP',
        ports: [{ port: 3306, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(3306) }],
        selector: { 'app.kubernetes.io/name': 'mysql' },
      },
    });

    this.networkPolicy = ingressPolicy(this, chartMetadata(ctx, component, 'mysql', SELECTOR), SELECTOR, [
      { from: componentPeers(ctx, DATABASE_CLIENTS), ports: tcpPorts(3306) },
    ]);

    this.mysqlConfig = new k8s.KubeConfigMap(this, 'mysql-config', {
      metadata: chartMetadata(ctx, component, 'mysql', SELECTOR),
      data: { 'my.cnf': MY_CNF },
    });
    this.mysqlService = new k8s.KubeService(this, 'mysql-service', {
      metadata: chartMetadata(ctx, component, 'mysql', SELECTOR),
      spec: {
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ports: [{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('mysql') }],
        selector: SELECTOR,
      },
    });
    this.mysqlHeadlessService = new k8s.KubeService(this, 'mysql-headless-service', {
      metadata: chartMetadata(ctx, component, 'mysql-headless', SELECTOR),
      spec: {
        type: 'ClusterIP',
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        ports: [{ name: 'mysql', port: 3306, targetPort: k8s.IntOrString.fromString('mysql') }],
        selector: SELECTOR,
      },
    });

    const volume = volumeSize(ctx, 'mysql', '8Gi');
    const passwordProbe: k8s.Probe = {
      exec: {
        command: [
          '/bin/bash',
          '-ec',
          [
            'password_aux="${MYSQL_ROOT_PASSWORD:-}"',
            'if [[ -f "${MYSQL_ROOT_PASSWORD_FILE:-}" ]]; then',
            '    password_aux=$(cat "$MYSQL_ROOT_PASSWORD_FILE")',
            'fi',
            'mysqladmin status -uroot -p"${password_aux}"',
            '',
          ].join('\n'),
        ],
      },
      failureThreshold: 3,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    };
    const secretKey = (name: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: MYSQL_SECRET.name, key } },
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: chartMetadata(ctx, component, 'mysql', SELECTOR),
      spec: {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        selector: { matchLabels: SELECTOR },
        serviceName: 'mysql',
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: chartLabels(ctx, component, SELECTOR) },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            imagePullSecrets: imagePullSecrets(ctx),
            affinity: ctx.nodeAffinity(WorkloadLabel.META),
            securityContext: { fsGroup: 1001 },
            initContainers: [
              {
                name: 'volume-permissions',
                image: ctx.thirdPartyImage(BITNAMI_SHELL_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                command: [
                  '/bin/bash',
                  '-ec',
                  [
                    'mkdir -p "/bitnami/mysql"',
                    'chown "1001:1001" "/bitnami/mysql"',
                    'find "/bitnami/mysql" -mindepth 1 -maxdepth 1 -not -name ".snapshot" -not -name "lost+found" | xargs -r chown -R "1001:1001"',
                    '',
                  ].join('\n'),
                ],
                // Root chown of the data volume: keeps the default capabilities (CHOWN, DAC_*, FOWNER).
                securityContext: hardened({ runAsUser: 0 }, { keepCapabilities: true }),
                volumeMounts: [{ name: 'data', mountPath: '/bitnami/mysql' }],
              },
            ],
            containers: [
              {
                name: 'mysql',
                image: ctx.thirdPartyImage(MYSQL_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                // As later bitnami charts (see minio.ts).
                securityContext: hardened({ runAsNonRoot: true, runAsUser: 1001 }),
                env: [
                  { name: 'BITNAMI_DEBUG', value: 'false' },
                  secretKey('MYSQL_ROOT_PASSWORD', MYSQL_SECRET.keys.rootPassword),
                  { name: 'MYSQL_USER', value: IN_CLUSTER_DATABASE.username },
                  secretKey('MYSQL_PASSWORD', MYSQL_SECRET.keys.password),
                  { name: 'MYSQL_DATABASE', value: IN_CLUSTER_DATABASE.database },
                  { name: 'MYSQL_EXTRA_FLAGS', value: '--explicit-defaults-for-timestamp=OFF' },
                ],
                ports: [{ name: 'mysql', containerPort: 3306 }],
                livenessProbe: { ...passwordProbe, initialDelaySeconds: 30 },
                readinessProbe: { ...passwordProbe, initialDelaySeconds: 5 },
                resources: ctx.resources(component, 'mysql', { requests: { memory: '128Mi' } }),
                volumeMounts: [
                  { name: 'data', mountPath: '/bitnami/mysql' },
                  ...(this.initScripts ? [{ name: 'custom-init-scripts', mountPath: '/docker-entrypoint-initdb.d' }] : []),
                  { name: 'config', mountPath: '/opt/bitnami/mysql/conf/my.cnf', subPath: 'my.cnf' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: this.mysqlConfig.name } },
              ...(this.initScripts ? [{ name: 'custom-init-scripts', configMap: { name: this.initScripts.name } }] : []),
            ],
          },
        },
        // A StatefulSet's claim templates cannot change after creation: they stay exactly the
        // chart's (no Gitpod labels), so the claim is `data-mysql-0` as before.
        volumeClaimTemplates: [dataClaimTemplate(SELECTOR, volume)],
      },
    });
  }

  public clientEnv(): k8s.EnvVar[] {
    return this.connection.clientEnv();
  }
}

/** Props of `DatabaseInit`. */
export interface DatabaseInitProps extends ComponentProps {
  /** The database to initialise. */
  readonly database: IDatabase;
}

/**
 * `dbinit`: a Job that creates the sessions database on a database we do not run (Cloud SQL,
 * external), with TLS verified against `database.ssl.caCert` when it is set.
 */
export class DatabaseInit extends Construct {
  /** The component name: its `component` label, the prefix of its object names. */
  public static readonly COMPONENT = 'dbinit';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The ConfigMap (init scripts); patch it for what the props do not cover. */
  public readonly initScripts: k8s.KubeConfigMap;
  /** The component's Job; patch it for what the props do not cover. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: DatabaseInitProps) {
    super(scope, id);
    const ctx = props.context;
    const component = DatabaseInit.COMPONENT;
    const ca = ctx.config.database.ssl?.caCert;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.initScripts = new k8s.KubeConfigMap(this, 'init-scripts', {
      metadata: ctx.metadata(component, 'db-init-scripts'),
      data: { 'init.sql': SESSIONS_DB_SQL('00') },
    });

    const ssl = ca ? ` --ssl-mode=VERIFY_IDENTITY --ssl-ca=/db-ssl/${DATABASE_CA_KEY}` : '';
    const name = 'dbinit-session';
    this.job = databaseJob(this, ctx, {
      component,
      name,
      serviceAccountName: this.serviceAccount.name,
      database: props.database,
      containers: [
        {
          name,
          image: ctx.thirdPartyImage(MYSQL_CLIENT_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          env: props.database.clientEnv(),
          command: ['sh', '-c', `mysql -h $DB_HOST --port $DB_PORT -u $DB_USERNAME -p$DB_PASSWORD${ssl} < /db-init-scripts/init.sql`],
          securityContext: hardened(),
          volumeMounts: [
            { name: 'db-init-scripts', mountPath: '/db-init-scripts', readOnly: true },
            ...(ca ? [{ name: 'db-ssl', mountPath: '/db-ssl', readOnly: true }] : []),
          ],
        },
      ],
      volumes: [
        { name: 'db-init-scripts', configMap: { name: this.initScripts.name } },
        ...(ca ? [{ name: 'db-ssl', secret: { secretName: ca.name } }] : []),
      ],
    });
  }
}

// ---- upstream's SQL and my.cnf (install/installer/pkg/components/database, chart mysql 9.4.5) ----

const SQL_HEADER = [
  '',
  '-- Copyright (c) 2020 Gitpod GmbH. All rights reserved.',
  '-- Licensed under the MIT License. See License-MIT.txt in the project root for license information.',
  '',
  '-- must be idempotent',
  '',
].join('\n');

/** Creates the `gitpod-sessions` database and its `sessions` table (idempotent). */
const SESSIONS_DB_SQL = (prefix: string): string =>
  [
    `-- ${prefix}-create-and-init-sessions-db.sql`,
    SQL_HEADER,
    'CREATE DATABASE IF NOT EXISTS `gitpod-sessions` CHARSET utf8mb4;',
    '',
    'USE `gitpod-sessions`;',
    '',
    'CREATE TABLE IF NOT EXISTS sessions (',
    '   `session_id` varchar(128) COLLATE utf8mb4_bin NOT NULL,',
    '   `expires` int(11) unsigned NOT NULL,',
    '   `data` text COLLATE utf8mb4_bin,',
    '   `_lastModified` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),',
    '   PRIMARY KEY (`session_id`)',
    ');',
    '',
  ].join('\n');

const SESSIONS_GRANT_SQL = ['', '-- Grant privileges', 'GRANT ALL ON `gitpod-sessions`.* TO "gitpod"@"%";', ''].join('\n');

/** Run by MySQL only when its data directory is first initialised (never on existing data). */
const RECREATE_GITPOD_DB_SQL = [
  '-- 02-recreate-gitpod-db.sql',
  SQL_HEADER,
  '-- @gitpodDB contains name of the DB the script manipulates, and is replaced by the file reader',
  'SET',
  "@gitpodDB = IFNULL(@gitpodDB, '`gitpod`');",
  '',
  'SET',
  "@statementStr = CONCAT('DROP DATABASE IF EXISTS ', @gitpodDB);",
  'PREPARE statement FROM @statementStr;',
  'EXECUTE statement;',
  '',
  'SET',
  "@statementStr = CONCAT('CREATE DATABASE ', @gitpodDB, ' CHARSET utf8mb4');",
  'PREPARE statement FROM @statementStr;',
  'EXECUTE statement;',
  '',
].join('\n');

const TUNE_MYSQL_SQL = 'SET GLOBAL innodb_lru_scan_depth=256;';

const MY_CNF = [
  '[mysqld]',
  'default_authentication_plugin=mysql_native_password',
  'skip-name-resolve',
  'explicit_defaults_for_timestamp',
  'basedir=/opt/bitnami/mysql',
  'plugin_dir=/opt/bitnami/mysql/lib/plugin',
  'port=3306',
  'socket=/opt/bitnami/mysql/tmp/mysql.sock',
  'datadir=/bitnami/mysql/data',
  'tmpdir=/opt/bitnami/mysql/tmp',
  'max_allowed_packet=16M',
  'bind-address=*',
  'pid-file=/opt/bitnami/mysql/tmp/mysqld.pid',
  'log-error=/opt/bitnami/mysql/logs/mysqld.log',
  'character-set-server=UTF8',
  'collation-server=utf8_general_ci',
  'slow_query_log=0',
  'slow_query_log_file=/opt/bitnami/mysql/logs/mysqld.log',
  'long_query_time=10.0',
  '',
  '[client]',
  'port=3306',
  'socket=/opt/bitnami/mysql/tmp/mysql.sock',
  'default-character-set=UTF8',
  'plugin_dir=/opt/bitnami/mysql/lib/plugin',
  '',
  '[manager]',
  'port=3306',
  'socket=/opt/bitnami/mysql/tmp/mysql.sock',
  'pid-file=/opt/bitnami/mysql/tmp/mysqld.pid',
].join('\n');
