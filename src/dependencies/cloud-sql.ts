import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { componentPeers, ingressPolicy, tcpPorts } from '../common/network-policy';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { DEPENDENCY, markRole } from '../common/roles';
import { hardened } from '../common/security';
import { componentService } from '../common/service';
import { componentDeployment } from '../common/workload';
import { GitpodConfig } from '../config/types';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import type { SecretSpec } from '../secrets/spec';
import { databaseCaSecrets, DatabaseEndpoint, IDatabase, SecretDatabase } from './database';
import { CLOUD_SQL_PROXY_IMAGE, DATABASE_CLIENTS, DatabaseInit, MYSQL_SECRET } from './mysql';
import { ComponentProps } from '../common/props';

/** The Cloud SQL proxy's Service: what the clients connect to. */
export const CLOUD_SQL_PROXY_ENDPOINT: DatabaseEndpoint = { host: 'cloudsqlproxy', port: 3306 };

/** The connection to Cloud SQL through the proxy: host `cloudsqlproxy`, credentials from `database.cloudSQL.serviceAccount`. */
export function cloudSqlDatabaseConnection(config: GitpodConfig): SecretDatabase {
  const cloudSQL = config.database.cloudSQL;
  if (!cloudSQL) throw new Error('CloudSqlDatabase needs database.cloudSQL');
  return new SecretDatabase({
    databaseType: 'cloudsql',
    secretName: cloudSQL.serviceAccount.name,
    fixedEndpoint: CLOUD_SQL_PROXY_ENDPOINT,
    caCertSecret: config.database.ssl?.caCert?.name,
    secrets: [
      {
        name: cloudSQL.serviceAccount.name,
        keys: [MYSQL_SECRET.keys.credentials, 'encryptionKeys', 'username', 'password'],
        source: 'user',
        purpose: 'Cloud SQL proxy service account and DB user',
        configPath: 'database.cloudSQL.serviceAccount.name',
      },
      ...databaseCaSecrets(config),
    ],
  });
}

/** Props of `CloudSqlDatabase`. */
export interface CloudSqlDatabaseProps extends ComponentProps {}

/**
 * Google Cloud SQL (`database.cloudSQL`), rendered as component `database`: the cloudsql-proxy
 * (Service `cloudsqlproxy`) the clients connect to, and the `dbinit` Job that creates the
 * sessions database.
 */
export class CloudSqlDatabase extends Construct implements IDatabase {
  /** `cloudsql`. */
  public readonly databaseType: string;
  /** `database.cloudSQL.serviceAccount.name`. */
  public readonly secretName: string;
  /** Service `cloudsqlproxy`, port 3306. */
  public readonly endpoint?: DatabaseEndpoint;
  /** The service account Secret, plus the CA Secret when set. */
  public readonly secrets: readonly SecretSpec[];
  /** The Cloud SQL proxy. */
  public readonly cloudSqlProxy: CloudSqlProxy;
  /** The `dbinit` Job that creates the sessions database (undefined with migrations disabled). */
  public readonly dbInit?: DatabaseInit;
  private readonly connection: SecretDatabase;

  constructor(scope: Construct, id: string, props: CloudSqlDatabaseProps) {
    super(scope, id);
    markRole(this, DEPENDENCY);
    const ctx = props.context;
    this.connection = cloudSqlDatabaseConnection(ctx.config);
    this.databaseType = this.connection.databaseType;
    this.secretName = this.connection.secretName;
    this.endpoint = this.connection.endpoint;
    this.secrets = this.connection.secrets;
    declareSecret(this, ...this.secrets);
    this.cloudSqlProxy = new CloudSqlProxy(this, 'cloudsqlproxy', { context: ctx });
    if (!ctx.config.experimental?.webapp?.disableMigration) this.dbInit = new DatabaseInit(this, 'dbinit', { context: ctx, database: this });
  }

  public clientEnv(): k8s.EnvVar[] {
    return this.connection.clientEnv();
  }
}

/** Props of `CloudSqlProxy`. */
export interface CloudSqlProxyProps extends ComponentProps {}

/** The cloudsql-proxy in front of a Google Cloud SQL instance (`database.cloudSQL`), Service `cloudsqlproxy`. */
export class CloudSqlProxy extends Construct {
  /** The component name of the proxy's objects. */
  public static readonly COMPONENT = 'cloudsqlproxy';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** Not upstream's (it left the proxy open): only \`DATABASE_CLIENTS\` reach port 3306. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: CloudSqlProxyProps) {
    super(scope, id);
    // Holds no data of its own: its Deployment may be pruned like any other.
    markRole(this, DEPENDENCY);
    const ctx = props.context;
    const cloudSQL = ctx.config.database.cloudSQL;
    if (!cloudSQL) throw new Error('CloudSqlProxy needs database.cloudSQL');
    const component = CloudSqlProxy.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.service = componentService(this, ctx, component, [{ name: 'cloudsqlproxy', port: 3306 }]);
    this.networkPolicy = ingressPolicy(this, ctx.metadata(component, component), ctx.labels(component), [
      { from: componentPeers(ctx, DATABASE_CLIENTS), ports: tcpPorts(3306) },
    ]);
    this.deployment = componentDeployment(this, ctx, component, {
      name: 'cloudsqlproxy-cloud-sql-proxy',
      podSpec: {
        affinity: ctx.nodeAffinity(WorkloadLabel.META),
        serviceAccountName: this.serviceAccount.name,
        enableServiceLinks: false,
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        containers: [
          {
            name: 'cloud-sql-proxy',
            image: ctx.fixedImage(CLOUD_SQL_PROXY_IMAGE.registry, CLOUD_SQL_PROXY_IMAGE.path, CLOUD_SQL_PROXY_IMAGE.tag),
            command: [
              '/cloud_sql_proxy',
              '-dir=/cloudsql',
              `-instances=${cloudSQL.instance}=tcp:0.0.0.0:3306`,
              `-credential_file=/credentials/${MYSQL_SECRET.keys.credentials}`,
            ],
            ports: [{ containerPort: 3306 }],
            securityContext: hardened({ privileged: false, runAsNonRoot: false }),
            volumeMounts: [
              { name: 'cloudsql', mountPath: '/cloudsql' },
              { name: 'gcloud-sql-token', mountPath: '/credentials' },
            ],
          },
        ],
        volumes: [
          { name: 'cloudsql', emptyDir: {} },
          { name: 'gcloud-sql-token', secret: { secretName: cloudSQL.serviceAccount.name } },
        ],
      },
    });
  }
}
