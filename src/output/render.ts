import { toYaml } from '../common/yaml';
import { emitYaml } from '../common/yaml-emitter';
import * as YAML from 'yaml';
import { GitpodInstallation, RenderedObject } from '../installation';
import { compareText } from '../common/compare';

/** Kind order of the upstream installer (Helm's install order): dependencies before their users. */
export const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'Issuer', 'ClusterIssuer', 'Certificate', 'LimitRange',
  'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'ExternalSecret', 'Password', 'SecretList',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList',
  'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet',
  'StatefulSet', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'CronJob', 'Ingress', 'APIService',
];
const RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

/** Stable order: kind rank, then name, then namespace. */
export function compareManifests(a: Record<string, any>, b: Record<string, any>): number {
  const ra = RANK.get(a.kind) ?? KIND_ORDER.length;
  const rb = RANK.get(b.kind) ?? KIND_ORDER.length;
  if (ra !== rb) return ra - rb;
  if (a.kind !== b.kind) return compareText(a.kind, b.kind);
  const na = `${a.metadata?.name}\u0000${a.metadata?.namespace ?? ''}`;
  const nb = `${b.metadata?.name}\u0000${b.metadata?.namespace ?? ''}`;
  return compareText(na, nb);
}

/**
 * One multi-document YAML text; each document headed by `# <apiVersion>/<Kind> <name>`. No memo by
 * `jsonKey`: with our emitter (common/yaml-emitter.ts) writing an object costs about what its key did.
 */
export function toYamlDocuments(manifests: readonly Record<string, any>[]): string {
  return manifests
    .map((m) => `# ${m.apiVersion}/${m.kind} ${m.metadata?.name}\n${toYaml(m)}`)
    .join('---\n');
}

/** The files of one output folder: `<component>.yaml` each, plus `kustomization.yaml`. */
export function folderFiles(objects: readonly RenderedObject[]): Map<string, string> {
  const byComponent = new Map<string, Record<string, any>[]>();
  for (const o of objects) {
    const list = byComponent.get(o.component) ?? [];
    list.push(o.manifest);
    byComponent.set(o.component, list);
  }
  const files = new Map<string, string>();
  for (const component of [...byComponent.keys()].sort()) {
    const manifests = byComponent.get(component)!.sort(compareManifests);
    files.set(`${component}.yaml`, toYamlDocuments(manifests));
  }
  files.set('kustomization.yaml', kustomization([...files.keys()]));
  return files;
}

/** A plain `kustomization.yaml` listing the folder's files, sorted: no transformers, no generators. */
export function kustomization(resources: string[]): string {
  const doc = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources].sort(),
  };
  // `yaml` and js-yaml write the same text for file names that need no quotes (test/render-kustomization.test.ts);
  // our emitter skips `yaml`'s document model, which costs ~0.5 ms a folder
  if (doc.resources.every((r) => PLAIN_FILE_NAME.test(r))) return emitYaml(doc, false) ?? YAML.stringify(doc);
  return YAML.stringify(doc);
}

/** A file name plain in both YAML writers: a letter or digit first, then letters, digits, `.`, `_`, `/`, `-`, ending in `.yaml`. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]*\.yaml$/;

/**
 * Every output file of the given installations: `<cluster>/<component>.yaml` and one kustomization per folder.
 * Each installation's objects are checked first (`GitpodInstallation.checkRendering`: secret guard,
 * schemas, rules, references), unless `rendered` is given: those objects count as already checked
 * (as `buildInstallations` does).
 */
export function renderFiles(
  installations: readonly GitpodInstallation[],
  /** Objects already rendered and checked (to render each installation once). @default each installation's renderedObjects(), checked */
  rendered?: ReadonlyMap<GitpodInstallation, readonly RenderedObject[]>,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const inst of installations) {
    let objects = rendered?.get(inst);
    if (!objects) {
      objects = inst.renderedObjects();
      inst.checkRendering(objects);
    }
    for (const [name, content] of folderFiles(objects)) {
      files.set(`${inst.node.id}/${name}`, content);
    }
  }
  return files;
}
