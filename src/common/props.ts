/**
 * The props every component shares, and one small mixin per dependency a component may connect to
 * (the way aws-ecs-patterns builds its props by interface inheritance): a component's `XxxProps`
 * extends what it uses, so its declaration says what it depends on, and each prop is documented once.
 */
import type { InstallationContext } from '../context';
import type { IContainerRegistry } from '../dependencies/container-registry';
import type { IDatabase } from '../dependencies/database';
import type { IMessageBus } from '../dependencies/message-bus';
import type { IObjectStorage } from '../dependencies/object-storage';

/** What every component and dependency construct takes. */
export interface ComponentProps {
  /** The installation the component belongs to: its config, names, labels, images and namespace. */
  readonly context: InstallationContext;
}

/** A component that connects to the database. */
export interface DatabaseClientProps {
  /** The database it connects to. @default the installation's (`GitpodInstallationProps.database`), else the one `database` in the config names */
  readonly database?: IDatabase;
}

/** A component that connects to the message bus. */
export interface MessageBusClientProps {
  /** The message bus it connects to. @default the installation's (`GitpodInstallationProps.messageBus`), else the in-cluster RabbitMQ */
  readonly messageBus?: IMessageBus;
}

/** A component that uses the object storage. */
export interface ObjectStorageClientProps {
  /** The object storage it uses. @default the installation's (`GitpodInstallationProps.objectStorage`), else the one `objectStorage` in the config names */
  readonly objectStorage?: IObjectStorage;
}

/** A component that pulls from (or pushes to) the container registry. */
export interface ContainerRegistryClientProps {
  /** The registry it pulls (and pushes) with. @default the installation's (`GitpodInstallationProps.containerRegistry`), else the one `containerRegistry` in the config names */
  readonly containerRegistry?: IContainerRegistry;
}
