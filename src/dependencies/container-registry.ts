import type { SecretSpec } from '../secrets/spec';

/** A registry behind the proxy at `registry.<domain>`: what the proxy mounts to guard and reach it. */
export interface ProxiedRegistry {
  /** The Service the proxy forwards to (HTTPS). */
  readonly service: string;
  /** The Secret with the basic-auth user and bcrypt hash the proxy checks. */
  readonly authSecret: string;
  /** Key of the user in `authSecret`. */
  readonly userKey: string;
  /** Key of the bcrypt hash of the password in `authSecret`. */
  readonly passwordHashKey: string;
  /** The registry's TLS Secret, whose `ca.crt` the proxy trusts. */
  readonly tlsSecret: string;
}

/**
 * The registry workspace images are pushed to and pulled from: its host, the pull Secret of
 * image-builder, blobserve and registry-facade, and the Secrets it reads. The built-in ones are
 * `DockerRegistry` (in-cluster) and `ExternalRegistry`, chosen by `containerRegistry` in the
 * config; any object of this shape can be passed as `GitpodInstallationProps.containerRegistry`.
 */
export interface IContainerRegistry {
  /** The host (and path) images are pushed to: `registry.<domain>` or the external URL. */
  readonly host: string;
  /** The Secret (`.dockerconfigjson`) the clients pull and push with. */
  readonly pullSecret: string;
  /** Set when the proxy serves the registry at `registry.<domain>`. @default not proxied */
  readonly proxied?: ProxiedRegistry;
  /** The Secrets it and its clients read that the installation does not render (the secret catalog lists them). */
  readonly secrets: readonly SecretSpec[];
}

/** Options of `ExternalRegistry`. */
export interface ExternalRegistryProps {
  /** `IContainerRegistry.host`. */
  readonly url: string;
  /** `IContainerRegistry.pullSecret`. */
  readonly pullSecret: string;
  /** `IContainerRegistry.secrets`. @default the pull Secret, user-provided */
  readonly secrets?: readonly SecretSpec[];
}

/** A registry outside the installation (`containerRegistry.external`): nothing rendered. */
export class ExternalRegistry implements IContainerRegistry {
  public readonly host: string;
  public readonly pullSecret: string;
  public readonly secrets: readonly SecretSpec[];

  constructor(props: ExternalRegistryProps) {
    this.host = props.url;
    this.pullSecret = props.pullSecret;
    this.secrets = props.secrets ?? [
      {
        name: props.pullSecret,
        keys: ['.dockerconfigjson'],
        source: 'user',
        purpose: 'external registry pull/push credentials',
        configPath: 'containerRegistry.external.certificate.name',
        type: 'kubernetes.io/dockerconfigjson',
      },
    ];
  }
}
