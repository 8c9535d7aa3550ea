import type { ValueSource } from './generate';

/**
 * Who creates a Secret the installation reads:
 * - `user`: the platform engineer brings it (certificates, outside database, cloud credentials);
 * - `generated`: the installation owns it; `gitpod-cdk8s secrets` generates it once, outside Git;
 * - `cert-manager`: a Certificate in the rendering issues it;
 * - `unknown`: the rendering reads it but nothing declares it (a defect: add it to the catalog).
 */
export type SecretSource = 'user' | 'generated' | 'cert-manager' | 'unknown';

/** One Secret an installation reads: what it is, its keys and where it comes from. */
export interface SecretSpec {
  /** Name of the Secret (in the installation namespace). */
  readonly name: string;
  /** The keys components read (for generated Secrets: the keys written). */
  readonly keys: readonly string[];
  /** Who provides it: the user, a generator, cert-manager, or unknown. */
  readonly source: SecretSource;
  /** What it is for, in a few words. */
  readonly purpose: string;
  /** The config path that names it (user Secrets). */
  readonly configPath?: string;
  /** Secret type. @default Opaque */
  readonly type?: string;
  /** Labels of the generated Secret (upstream's, so existing objects are recognised). */
  readonly labels?: Record<string, string>;
  /** Write the values as `stringData` (as upstream does for this Secret) rather than `data`. */
  readonly stringData?: boolean;
  /**
   * Generated Secrets: the values of every key, drawn from `values`. Values named alike are
   * equal, so Secrets that must agree (the DB password in `mysql` and `db-password`) do.
   */
  readonly generate?: (values: ValueSource) => Record<string, string>;
  /**
   * Generated Secrets whose values are shared with other Secrets, or with the other clusters of a
   * fleet: an External Secrets Password generator cannot keep them in step (each cluster's would
   * draw its own), so with `externalSecrets` they come from the store.
   */
  readonly sharesValues?: boolean;
  /** Provided by the user's platform (declared external): never generated, never an ExternalSecret. */
  readonly platform?: boolean;
}

/** A generated Secret and whether the config calls for it (`when`). */
export interface GeneratedSecretSpec extends SecretSpec {
  readonly when: boolean;
}
