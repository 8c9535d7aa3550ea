import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { DEPENDENCY, markRole } from '../common/roles';
import { GitpodConfig } from '../config/types';
import { k8s } from '../k8s';
import type { SecretSpec } from '../secrets/spec';
import { databaseCaSecrets, DatabaseEndpoint, IDatabase, SecretDatabase } from './database';
import { DatabaseInit } from './mysql';
import { ComponentProps } from '../common/props';

/** The connection to an external MySQL: everything from `database.external.certificate`. */
export function externalDatabaseConnection(config: GitpodConfig): SecretDatabase {
  const external = config.database.external;
  if (!external) throw new Error('ExternalDatabase needs database.external');
  return new SecretDatabase({
    databaseType: 'external',
    secretName: external.certificate.name,
    caCertSecret: config.database.ssl?.caCert?.name,
    secrets: [
      {
        name: external.certificate.name,
        keys: ['host', 'port', 'username', 'password', 'encryptionKeys'],
        source: 'user',
        purpose: 'external MySQL',
        configPath: 'database.external.certificate.name',
      },
      ...databaseCaSecrets(config),
    ],
  });
}

/** Props of `ExternalDatabase`. */
export interface ExternalDatabaseProps extends ComponentProps {}

/**
 * An external MySQL (`database.external`), rendered as component `database`: only the `dbinit`
 * Job that creates the sessions database; the clients read host and credentials from the Secret.
 */
export class ExternalDatabase extends Construct implements IDatabase {
  /** `external`. */
  public readonly databaseType: string;
  /** `database.external.certificate.name`. */
  public readonly secretName: string;
  /** Unknown at render time (the Secret's `host` and `port`). */
  public readonly endpoint?: DatabaseEndpoint;
  /** The database Secret, plus the CA Secret when set. */
  public readonly secrets: readonly SecretSpec[];
  /** The `dbinit` Job that creates the sessions database (undefined with migrations disabled). */
  public readonly dbInit?: DatabaseInit;
  private readonly connection: SecretDatabase;

  constructor(scope: Construct, id: string, props: ExternalDatabaseProps) {
    super(scope, id);
    markRole(this, DEPENDENCY);
    const ctx = props.context;
    this.connection = externalDatabaseConnection(ctx.config);
    this.databaseType = this.connection.databaseType;
    this.secretName = this.connection.secretName;
    this.endpoint = this.connection.endpoint;
    this.secrets = this.connection.secrets;
    declareSecret(this, ...this.secrets);
    if (!ctx.config.experimental?.webapp?.disableMigration) this.dbInit = new DatabaseInit(this, 'dbinit', { context: ctx, database: this });
  }

  public clientEnv(): k8s.EnvVar[] {
    return this.connection.clientEnv();
  }
}
