import { k8s } from '../k8s';
import type { SecretSpec } from '../secrets/spec';

/**
 * The message bus server and ws-manager-bridge publish workspace events on: what a client container
 * needs and the Secrets it reads. The built-in one is `RabbitMQ`; any object of this shape can be
 * passed as `GitpodInstallationProps.messageBus`.
 */
export interface IMessageBus {
  /** The env of a client container: MESSAGEBUS_USERNAME, MESSAGEBUS_PASSWORD, MESSAGEBUS_CA, MESSAGEBUS_CERT, MESSAGEBUS_KEY. */
  clientEnv(): k8s.EnvVar[];
  /** The Secrets the bus and its clients read that the installation does not render (the secret catalog lists them). */
  readonly secrets: readonly SecretSpec[];
}

/** Options of `SecretMessageBus`. */
export interface SecretMessageBusProps {
  /** The Secret with the client's `username` and `password`. */
  readonly credentialsSecret: string;
  /** The TLS Secret (`ca.crt`, `tls.crt`, `tls.key`) the client presents and verifies with. */
  readonly tlsSecret: string;
  /** `IMessageBus.secrets`. @default none */
  readonly secrets?: readonly SecretSpec[];
}

/** A message bus reached with the credentials of one Secret and the certificate of another (the built-in RabbitMQ's shape). */
export class SecretMessageBus implements IMessageBus {
  public readonly secrets: readonly SecretSpec[];
  private readonly credentialsSecret: string;
  private readonly tlsSecret: string;

  constructor(props: SecretMessageBusProps) {
    this.credentialsSecret = props.credentialsSecret;
    this.tlsSecret = props.tlsSecret;
    this.secrets = props.secrets ?? [];
  }

  public clientEnv(): k8s.EnvVar[] {
    const key = (env: string, name: string, k: string): k8s.EnvVar => ({ name: env, valueFrom: { secretKeyRef: { name, key: k } } });
    return [
      key('MESSAGEBUS_USERNAME', this.credentialsSecret, 'username'),
      key('MESSAGEBUS_PASSWORD', this.credentialsSecret, 'password'),
      key('MESSAGEBUS_CA', this.tlsSecret, 'ca.crt'),
      key('MESSAGEBUS_CERT', this.tlsSecret, 'tls.crt'),
      key('MESSAGEBUS_KEY', this.tlsSecret, 'tls.key'),
    ];
  }
}
