/**
 * The dependencies the config chooses: as their clients see them (`configured*`, no objects; what a
 * component uses when its props name none) and as the installation renders them (`builtIn*`).
 * The one place that maps `database`, `objectStorage`, `containerRegistry` to classes.
 */
import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { CloudSqlDatabase, cloudSqlDatabaseConnection } from './cloud-sql';
import { IContainerRegistry } from './container-registry';
import { IDatabase } from './database';
import { ExternalDatabase, externalDatabaseConnection } from './external-database';
import { IMessageBus } from './message-bus';
import { Minio, MinioConnection } from './minio';
import { InClusterMySQL, inClusterDatabaseConnection } from './mysql';
import { GcsObjectStorage, IObjectStorage, S3ObjectStorage } from './object-storage';
import { rabbitMQConnection } from './rabbitmq';
import { configuredRegistryConnection } from './registry';
import { ComponentProps } from '../common/props';

/** The database `database` names: in-cluster MySQL, an external MySQL, or Cloud SQL. */
export function configuredDatabase(ctx: InstallationContext): IDatabase {
  const db = ctx.config.database;
  if (db.inCluster) return inClusterDatabaseConnection(ctx.config);
  if (db.external) return externalDatabaseConnection(ctx.config);
  if (db.cloudSQL) return cloudSqlDatabaseConnection(ctx.config);
  throw new Error('invalid database configuration');
}

/** Props of the built-in database constructs. */
export interface DatabaseProps extends ComponentProps {}

/** The built-in database construct the config chooses (`InClusterMySQL`, `ExternalDatabase`, `CloudSqlDatabase`). */
export function builtInDatabase(scope: Construct, id: string, props: DatabaseProps): Construct & IDatabase {
  const db = props.context.config.database;
  if (db.inCluster) return new InClusterMySQL(scope, id, props);
  if (db.external) return new ExternalDatabase(scope, id, props);
  if (db.cloudSQL) return new CloudSqlDatabase(scope, id, props);
  throw new Error('invalid database configuration');
}

/** The object storage `objectStorage` names: MinIO (in-cluster or the Azure gateway), S3 or GCS. */
export function configuredObjectStorage(ctx: InstallationContext): IObjectStorage {
  const os = ctx.config.objectStorage;
  if (Minio.rendered(ctx)) return new MinioConnection(ctx);
  if (os.s3) return new S3ObjectStorage(ctx);
  if (os.cloudStorage) return new GcsObjectStorage(ctx);
  throw new Error('no valid storage configuration set');
}

/** The container registry `containerRegistry` names: the in-cluster one (`registry.<domain>`) or an external one. */
export function configuredContainerRegistry(ctx: InstallationContext): IContainerRegistry {
  return configuredRegistryConnection(ctx);
}

/** The message bus: the in-cluster RabbitMQ (upstream has no other). */
export function configuredMessageBus(ctx: InstallationContext): IMessageBus {
  return rabbitMQConnection(ctx);
}
