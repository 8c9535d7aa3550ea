import { IConstruct } from 'constructs';

/**
 * When a GitOps tool applies an object, relative to Gitpod's own workloads:
 * - `dependencies`: what Gitpod's components need running first (database, object storage,
 *   registry, message bus);
 * - `workloads`: Gitpod's own (the default).
 * Config objects, cert-manager objects and hooks (Jobs) get their wave from their kind.
 */
export type RoleWave = 'dependencies' | 'workloads';

/** What a construct is, as later stages (GitOps annotations) need to know it. */
export interface ConstructRole {
  /**
   * Its workloads (StatefulSet, Deployment) hold data: a GitOps tool must never prune or delete
   * them. PVCs are always protected. An object marked itself is protected whatever its kind
   * (e.g. an operator's database custom resource).
   * @default false
   */
  readonly holdsData?: boolean;
  /** The wave its workloads and Services are applied in. @default 'workloads' */
  readonly wave?: RoleWave;
  /** Its objects are hooks (run on each sync, recreated), whatever their kind. Jobs are hooks anyway. @default false */
  readonly hook?: boolean;
}

const ROLE = Symbol.for('gitpod-cdk8s.role');

/**
 * Declares what a construct is: every object under it (including objects a user adds there later)
 * has that role, unless a construct nearer to the object is marked too.
 * `markRole(this, { holdsData: true, wave: 'dependencies' })`.
 */
export function markRole(construct: IConstruct, role: ConstructRole): void {
  Object.defineProperty(construct, ROLE, { value: { ...role }, configurable: true, enumerable: false, writable: true });
}

/** The role marked on this very construct (not inherited). */
export function ownRole(construct: IConstruct): ConstructRole | undefined {
  return (construct as any)[ROLE] as ConstructRole | undefined;
}

/** The role of the nearest marked scope of a construct (itself first), or undefined when none is marked. */
export function roleOf(construct: IConstruct): ConstructRole | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const role = ownRole(scopes[i]);
    if (role) return role;
  }
  return undefined;
}

/** The role of the in-cluster dependencies that hold data (MySQL, MinIO, the registry). */
export const DATA_DEPENDENCY: ConstructRole = { holdsData: true, wave: 'dependencies' };
/** The role of the in-cluster dependencies without data of their own (the Cloud SQL proxy, RabbitMQ). */
export const DEPENDENCY: ConstructRole = { wave: 'dependencies' };
