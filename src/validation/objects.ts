/** Small facts about Kubernetes objects that the checks share. */
import { Manifest } from './findings';

/** Kinds without a namespace (the ones a Gitpod rendering can contain, and their relatives). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'VolumeSnapshotClass', 'PriorityClass', 'RuntimeClass',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService', 'PodSecurityPolicy',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'IngressClass', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterExternalSecret', 'Bundle',
]);

export function isClusterScoped(obj: Manifest): boolean {
  return CLUSTER_SCOPED_KINDS.has(obj.kind);
}

/** The API group of an object (`''` for the core group). */
export function groupOf(obj: Manifest): string {
  const v = String(obj.apiVersion ?? '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** API groups served by Kubernetes itself; any other group is backed by a CRD. */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'extensions', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'node.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'apiextensions.k8s.io',
  'apiregistration.k8s.io', 'admissionregistration.k8s.io', 'certificates.k8s.io', 'authentication.k8s.io',
  'authorization.k8s.io', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'resource.k8s.io',
]);

/** Whether the object's kind is a custom resource (its CRD must be installed first: cert-manager, ...). */
export function isCustomResource(obj: Manifest): boolean {
  return !BUILT_IN_GROUPS.has(groupOf(obj));
}

/** Kinds that run pods from a template. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** A pod template of a workload and its JSON path segments. */
export interface PodTemplateAt {
  readonly at: (string | number)[];
  /** `{ metadata, spec }` (for a bare Pod: the Pod itself). */
  readonly template: Manifest;
}

/** The pod template of a workload (or the Pod itself); undefined for other kinds. */
export function podTemplateOf(obj: Manifest): PodTemplateAt | undefined {
  if (obj.kind === 'Pod') return { at: [], template: obj };
  if (obj.kind === 'CronJob') {
    const t = obj.spec?.jobTemplate?.spec?.template;
    return t ? { at: ['spec', 'jobTemplate', 'spec', 'template'], template: t } : undefined;
  }
  if (WORKLOAD_KINDS.has(obj.kind) && obj.spec?.template) return { at: ['spec', 'template'], template: obj.spec.template };
  return undefined;
}

/** Every container of a pod spec, with its list name and index. */
export function containersOf(spec: Manifest | undefined): { list: string; index: number; container: Manifest }[] {
  const out: { list: string; index: number; container: Manifest }[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const cs = spec?.[list];
    if (Array.isArray(cs)) cs.forEach((container, index) => out.push({ list, index, container }));
  }
  return out;
}

/** A label selector (`matchLabels` + `matchExpressions`) matched against labels, as Kubernetes does. */
export function selectorMatches(selector: Manifest | undefined, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A plain `key: value` selector (Service `spec.selector`) matched against labels. */
export function mapSelectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** `Kind/name` or `Kind/namespace/name`, for messages. */
export function describeObject(obj: Manifest): string {
  return `${obj.kind}/${obj.metadata?.name}`;
}
