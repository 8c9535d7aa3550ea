import { k8s } from '../k8s';

/** How far a container can be locked down without breaking its binary (checked against upstream's source). */
export interface HardeningOptions {
  /**
   * Mount the root filesystem read-only: only for binaries that write nowhere but their volumes
   * (give them an emptyDir where they need scratch space, e.g. `/tmp`).
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** Capabilities added back after dropping all, e.g. `NET_BIND_SERVICE` for a root Caddy on :80/:443. @default none */
  readonly addCapabilities?: readonly string[];
  /**
   * Keep the runtime's default capability set: for root scripts that chown or read files of other
   * users (bitnami's volume-permissions init container).
   * @default false
   */
  readonly keepCapabilities?: boolean;
}

/** The seccomp profile of every hardened container: the container runtime's default filter. */
export const RUNTIME_DEFAULT_SECCOMP: k8s.SeccompProfile = { type: 'RuntimeDefault' };

/**
 * A container's securityContext with the least privilege its binary allows: no privilege
 * escalation (no setuid binaries, `no_new_privs`), every capability dropped unless named, the
 * runtime's default seccomp filter and, when asked, a read-only root filesystem. A numeric
 * non-zero `runAsUser` of `base` is also declared `runAsNonRoot` (what Pod Security `restricted`
 * asks). `base` is upstream's context (user, `privileged: false`), kept as it was.
 */
export function hardened(base: k8s.SecurityContext = {}, opts: HardeningOptions = {}): k8s.SecurityContext {
  if (base.privileged) throw new Error('hardened(): a privileged container cannot be hardened');
  const nonRoot = base.runAsUser !== undefined && base.runAsUser > 0;
  return {
    ...base,
    allowPrivilegeEscalation: false,
    ...(opts.keepCapabilities ? {} : {
      capabilities: { drop: ['ALL'], ...(opts.addCapabilities?.length ? { add: [...opts.addCapabilities] } : {}) },
    }),
    ...(opts.readOnlyRootFilesystem ? { readOnlyRootFilesystem: true } : {}),
    ...(nonRoot && base.runAsNonRoot === undefined ? { runAsNonRoot: true } : {}),
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
  };
}

/** An emptyDir for `/tmp` of a container whose root filesystem is read-only. */
export const TMP_VOLUME: k8s.Volume = { name: 'tmp', emptyDir: {} };
export const TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };
