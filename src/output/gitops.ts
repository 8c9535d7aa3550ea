/**
 * GitOps annotations (config `cdk8s.gitops`, both on by default):
 *
 * Argo CD
 * - `argocd.argoproj.io/sync-wave`, so that cert-manager objects, then config and RBAC, then the
 *   in-cluster dependencies (constructs marked `wave: 'dependencies'`), then the hooks (Jobs),
 *   then Gitpod's workloads (default wave 0, no annotation) are applied, each wave healthy before
 *   the next.
 * - Jobs (the migrations) are `Sync` hooks in their wave, recreated on each sync
 *   (`BeforeHookCreation`): a Job's pod template is immutable, and a `PreSync` hook would run
 *   before the in-cluster database exists on a first install.
 * - `SkipDryRunOnMissingResource=true` on custom resources (cert-manager, External Secrets),
 *   whose CRDs another application installs.
 * - `Prune=false,Delete=false` on stateful data: PVCs and the workloads of constructs marked
 *   `holdsData` (src/common/roles.ts; the built-in data dependencies, or a user's own).
 *
 * Flux
 * - `kustomize.toolkit.fluxcd.io/prune: disabled` on the same stateful objects.
 * - `kustomize.toolkit.fluxcd.io/force: Enabled` on Jobs, so a changed Job is recreated.
 *   Ordering across CRDs is Flux `dependsOn` (see examples/gitops/flux-kustomization.yaml).
 *
 * Waves and data protection come from the role each construct declares (`markRole`), never from
 * component names. A key that the object already carries (from `customization`) is left as it is:
 * the user wins.
 */
import { InstallationContext } from '../context';
import { isCustomResource } from '../validation/objects';
import { withAddedAnnotations } from '../common/objects';
import { ConstructRole, ownRole, roleOf } from '../common/roles';
import { IConstruct } from 'constructs';

/** Argo CD annotation: the sync wave an object is applied in. */
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Argo CD annotation: per-object sync options (e.g. `Prune=false`). */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** Argo CD annotation: runs the object as a sync hook. */
export const ARGOCD_HOOK = 'argocd.argoproj.io/hook';
/** Argo CD annotation: when a hook object is deleted. */
export const ARGOCD_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
/** Flux annotation: `disabled` keeps the object when it leaves the source. */
export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
/** Flux annotation: `enabled` recreates the object when an immutable field changes. */
export const FLUX_FORCE = 'kustomize.toolkit.fluxcd.io/force';

/**
 * Argo CD sync waves, lowest first. Gitpod's own workloads are in Argo CD's default wave 0 and
 * carry no annotation; everything they need comes in a lower wave. Inside a wave Argo CD applies
 * ServiceAccounts, ConfigMaps, RBAC and Services before workloads, and custom resources last.
 */
export const SyncWave = {
  /** Issuers, Certificates (cert-manager issues them in order), ExternalSecrets and SecretStores. */
  CERT_MANAGER: -4,
  /** ServiceAccounts, RBAC, ConfigMaps, Secrets, PVCs, NetworkPolicies, quotas, PodDisruptionBudgets. */
  CONFIG: -3,
  /** The workloads and Services of constructs marked `wave: 'dependencies'` (the in-cluster database, storage, registry, bus). */
  DEPENDENCIES: -2,
  /** Jobs: the database migrations, once the database is healthy, before the servers that use it. */
  MIGRATIONS: -1,
  /** Gitpod's own workloads and their Services (Argo CD's default: no annotation). */
  WORKLOADS: 0,
} as const;

const CERT_MANAGER_KINDS = new Set(['Issuer', 'ClusterIssuer', 'Certificate', 'ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'Bundle']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob', 'Pod']);
/** Kinds that run later than config: what the workloads wave holds (with the dependencies' own). */
const LATE_KINDS = new Set([...WORKLOADS, 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'Job']);
/** The kinds whose data a `holdsData` role protects (an object marked itself is protected whatever its kind). */
const DATA_WORKLOADS = new Set(['StatefulSet', 'Deployment']);

/**
 * What the output stage knows of an object's construct: its role (`roleOf`, src/common/roles.ts) and
 * whether the object itself was marked (then `holdsData` protects it whatever its kind).
 */
export interface ObjectRole extends ConstructRole {
  /** The role was marked on the object itself, not inherited from a scope. @default false */
  readonly own?: boolean;
}

/** The role of an ApiObject as the output stage reads it: the nearest marked scope's. */
export function objectRole(obj: IConstruct): ObjectRole | undefined {
  const own = ownRole(obj);
  if (own) return { ...own, own: true };
  return roleOf(obj);
}

/** Whether a GitOps tool must never prune or delete the object: PVCs and the workloads of a role that holds data. */
export function isStatefulData(role: ObjectRole | undefined, manifest: Record<string, any>): boolean {
  if (manifest.kind === 'PersistentVolumeClaim') return true;
  if (!role?.holdsData) return false;
  return role.own === true || DATA_WORKLOADS.has(manifest.kind);
}

/** Whether the object is a sync hook: a Job, or an object of a role marked `hook`. */
export function isHook(role: ObjectRole | undefined, manifest: Record<string, any>): boolean {
  return manifest.kind === 'Job' || role?.hook === true;
}

/** The Argo CD sync wave of an object. */
export function syncWave(role: ObjectRole | undefined, manifest: Record<string, any>): number {
  if (CERT_MANAGER_KINDS.has(manifest.kind)) return SyncWave.CERT_MANAGER;
  if (isHook(role, manifest)) return SyncWave.MIGRATIONS;
  if (!LATE_KINDS.has(manifest.kind)) return SyncWave.CONFIG;
  if (role?.wave === 'dependencies') return SyncWave.DEPENDENCIES;
  return SyncWave.WORKLOADS;
}

/** The GitOps annotations of one object (empty when both tools are off). */
export function gitopsAnnotations(ctx: InstallationContext, role: ObjectRole | undefined, manifest: Record<string, any>): Record<string, string> {
  const gitops = ctx.config.cdk8s?.gitops;
  const argocd = gitops?.argocd ?? true;
  const flux = gitops?.flux ?? true;
  const out: Record<string, string> = {};
  const stateful = isStatefulData(role, manifest);
  if (argocd) {
    const wave = syncWave(role, manifest);
    if (wave !== SyncWave.WORKLOADS) out[ARGOCD_SYNC_WAVE] = String(wave);
    const options: string[] = [];
    if (isCustomResource(manifest)) options.push('SkipDryRunOnMissingResource=true');
    if (stateful) options.push('Prune=false', 'Delete=false');
    if (options.length > 0) out[ARGOCD_SYNC_OPTIONS] = options.join(',');
    if (isHook(role, manifest)) {
      out[ARGOCD_HOOK] = 'Sync';
      out[ARGOCD_HOOK_DELETE_POLICY] = 'BeforeHookCreation';
    }
  }
  if (flux) {
    if (stateful) out[FLUX_PRUNE] = 'disabled';
    if (isHook(role, manifest)) out[FLUX_FORCE] = 'Enabled';
  }
  return out;
}

/** The manifest with its GitOps annotations added (annotations it already has win). */
export function applyGitOps(ctx: InstallationContext, role: ObjectRole | undefined, manifest: Record<string, any>): Record<string, any> {
  return withAddedAnnotations(manifest, gitopsAnnotations(ctx, role, manifest));
}

