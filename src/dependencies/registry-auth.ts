/**
 * Secret keys shared by the in-cluster registry (which writes them) and the proxy (which reads
 * them): a leaf module, so neither of the two has to import the other.
 */

/** Secret keys of `builtin-registry-auth` that the proxy reads to protect the in-cluster registry. */
export const REGISTRY_AUTH_KEYS = {
  /** The user name of the registry's basic auth. */
  user: 'user',
  /** bcrypt hash of the password. */
  passwordHash: 'passwordHash',
};
