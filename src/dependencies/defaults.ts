/**
 * The dependencies the config chooses: as their clients see them (`configured*`, no objects; what a
 * component uses when its props name none) and as the installation renders them (`builtIn*`).
 * The one place that maps `database`, `objectStorage`, `containerRegistry` to classes.
 */
import { Construct, IConstruct } from 'constructs';
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
import type { SecretSpec } from '../secrets/spec';
import { ComponentProps, ContainerRegistryClientProps, DatabaseClientProps, ObjectStorageClientProps } from '../common/props';
import { declareSecret } from '../secrets/declare';

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

// A component's dependency: its prop, else the configured one, with the Secrets it brings
// declared as read by the component (the secret catalog is built from these declarations).

/** The database `component` connects to (`props.database`, else `configuredDatabase`), its Secrets declared on `component`. */
export function databaseOf(component: IConstruct, props: ComponentProps & DatabaseClientProps): IDatabase {
  return declared(component, props.database ?? configuredDatabase(props.context));
}

/** The object storage `component` uses (`props.objectStorage`, else `configuredObjectStorage`), its Secrets declared on `component`. */
export function objectStorageOf(component: IConstruct, props: ComponentProps & ObjectStorageClientProps): IObjectStorage {
  return declared(component, props.objectStorage ?? configuredObjectStorage(props.context));
}

/** The registry `component` pulls with (`props.containerRegistry`, else `configuredContainerRegistry`), its Secrets declared on `component`. */
export function containerRegistryOf(component: IConstruct, props: ComponentProps & ContainerRegistryClientProps): IContainerRegistry {
  return declared(component, props.containerRegistry ?? configuredContainerRegistry(props.context));
}

function declared<T extends { readonly secrets: readonly SecretSpec[] }>(component: IConstruct, dependency: T): T {
  declareSecret(component, ...dependency.secrets);
  return dependency;
}
