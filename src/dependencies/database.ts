import { GitpodConfig } from '../config/types';
import { k8s } from '../k8s';
import type { SecretSpec } from '../secrets/spec';

/** Where a database listens, when it is known at render time (the service-waiter and toxiproxy dial it). */
export interface DatabaseEndpoint {
  /** Host name (a Service of the installation, or a DNS name). */
  readonly host: string;
  /** Port. */
  readonly port: number;
}

/**
 * A MySQL database Gitpod's components connect to: what a client container needs, and the Secrets
 * it reads. The built-in ones are `InClusterMySQL`, `CloudSqlDatabase` and `ExternalDatabase`
 * (chosen by `database` in the config); any object of this shape can be passed as
 * `GitpodInstallationProps.database` (e.g. an operator-managed database) without a library edit.
 */
export interface IDatabase {
  /** Upstream's `DATABASE_TYPE` (`in-cluster`, `cloudsql`, `external`): part of the config checksum of server and ws-manager-bridge. */
  readonly databaseType: string;
  /** The Secret the client env reads (`DB_*` from it). */
  readonly secretName: string;
  /** Where the database listens, when known at render time (toxiproxy forwards there). @default known only from its Secret */
  readonly endpoint?: DatabaseEndpoint;
  /** The env of a client container: DB_HOST, DB_PORT, DB_PASSWORD, DB_USERNAME, DB_ENCRYPTION_KEYS (+ DB_CA_CERT). */
  clientEnv(): k8s.EnvVar[];
  /** The Secrets this database and its clients read that the installation does not render (the secret catalog lists them). */
  readonly secrets: readonly SecretSpec[];
}

/** Options of `SecretDatabase`. */
export interface SecretDatabaseProps {
  /** `IDatabase.databaseType`. */
  readonly databaseType: string;
  /** The Secret with the keys `host`, `port`, `username`, `password`, `encryptionKeys`. */
  readonly secretName: string;
  /** Host and port as plain values instead of the Secret's `host`/`port` keys (a proxy in the cluster). @default from the Secret */
  readonly fixedEndpoint?: DatabaseEndpoint;
  /** `IDatabase.endpoint`. @default `fixedEndpoint` */
  readonly endpoint?: DatabaseEndpoint;
  /** A Secret whose `ca.crt` the clients verify the server with (`DB_CA_CERT`). @default none */
  readonly caCertSecret?: string;
  /** `IDatabase.secrets`. @default none */
  readonly secrets?: readonly SecretSpec[];
}

/**
 * A database whose credentials sit in one Secret with Gitpod's keys (`host`, `port`, `username`,
 * `password`, `encryptionKeys`): what all three built-in kinds are, and a convenient base for a
 * user's own (`new SecretDatabase({ databaseType: 'external', secretName: 'my-db' })`).
 */
export class SecretDatabase implements IDatabase {
  public readonly databaseType: string;
  public readonly secretName: string;
  public readonly endpoint?: DatabaseEndpoint;
  public readonly secrets: readonly SecretSpec[];
  private readonly fixedEndpoint?: DatabaseEndpoint;
  private readonly caCertSecret?: string;

  constructor(props: SecretDatabaseProps) {
    this.databaseType = props.databaseType;
    this.secretName = props.secretName;
    this.fixedEndpoint = props.fixedEndpoint;
    this.endpoint = props.endpoint ?? props.fixedEndpoint;
    this.caCertSecret = props.caCertSecret;
    this.secrets = props.secrets ?? [];
  }

  public clientEnv(): k8s.EnvVar[] {
    const name = this.secretName;
    const key = (env: string, k: string): k8s.EnvVar => ({ name: env, valueFrom: { secretKeyRef: { name, key: k } } });
    const fixed = this.fixedEndpoint;
    const env: k8s.EnvVar[] = fixed
      ? [
          { name: 'DB_HOST', value: fixed.host },
          { name: 'DB_PORT', value: String(fixed.port) },
        ]
      : [key('DB_HOST', 'host'), key('DB_PORT', 'port')];
    env.push(key('DB_PASSWORD', 'password'), key('DB_USERNAME', 'username'), key('DB_ENCRYPTION_KEYS', 'encryptionKeys'));
    if (this.caCertSecret) env.push({ name: 'DB_CA_CERT', valueFrom: { secretKeyRef: { name: this.caCertSecret, key: DATABASE_CA_KEY } } });
    return env;
  }
}

/** Key of the database CA certificate in the `database.ssl.caCert` Secret. */
export const DATABASE_CA_KEY = 'ca.crt';

/** `database.ssl.caCert`: the Secret every kind's clients verify the server with (none when unset). */
export function databaseCaSecrets(config: GitpodConfig): SecretSpec[] {
  const ca = config.database.ssl?.caCert;
  return ca ? [{ name: ca.name, keys: [DATABASE_CA_KEY], source: 'user', purpose: 'database TLS CA', configPath: 'database.ssl.caCert.name' }] : [];
}
