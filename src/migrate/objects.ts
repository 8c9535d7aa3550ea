import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsyaml from 'js-yaml';
import { Manifest } from '../secrets/references';
import { byText } from '../common/compare';

/**
 * Objects of a running installation, as the user dumps them: a YAML stream, a `List`
 * (`kubectl get ... -o yaml` or `-o json`), the upstream installer's `render` output, or a folder
 * of such files (read in name order). Nested `*List` objects are flattened; empty documents skipped.
 */
export function readObjects(file: string): Manifest[] {
  if (!fs.existsSync(file)) throw new Error(`no such file or folder: ${file}`);
  if (fs.statSync(file).isDirectory()) {
    return listYamlFiles(file).flatMap((f) => parseObjects(fs.readFileSync(f, 'utf8'), f));
  }
  return parseObjects(fs.readFileSync(file, 'utf8'), file);
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort(byText((e) => e.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(p));
    else if (/\.(ya?ml|json)$/.test(entry.name) && entry.name !== 'kustomization.yaml') out.push(p);
  }
  return out;
}

/** The objects of one YAML or JSON text (JSON is YAML). */
export function parseObjects(text: string, source = 'input'): Manifest[] {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text);
  } catch (e) {
    throw new Error(`${source}: not YAML or JSON: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const out: Manifest[] = [];
  const add = (d: unknown) => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) return;
    const o = d as Manifest;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach(add);
      return;
    }
    if (typeof o.kind === 'string' && o.metadata?.name) out.push(o);
  };
  docs.forEach(add);
  return out;
}

/** Kinds without a namespace (a namespace on them, as upstream writes on some, means nothing). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass',
  'ClusterIssuer', 'PodSecurityPolicy', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'RuntimeClass', 'IngressClass', 'ClusterSecretStore', 'VolumeSnapshotClass', 'CSIDriver',
]);

export function isClusterScoped(o: Manifest): boolean {
  return CLUSTER_SCOPED.has(o.kind);
}

/** `Kind/name`, the way kubectl names an object (the API group is left out: one kind name per object here). */
export function objectName(o: Manifest): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/**
 * The namespaced objects of `objects` that are in `namespace` (or have none), plus every
 * cluster-scoped one. Throws when the file has namespaced objects but none in `namespace`: a
 * forgotten `--namespace` would otherwise make every object look missing.
 */
export function inNamespace(objects: readonly Manifest[], namespace: string, file: string): Manifest[] {
  const namespaced = objects.filter((o) => !isClusterScoped(o));
  const found = new Set(namespaced.map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'));
  if (found.size > 0 && !found.has(namespace)) {
    throw new Error(`${file} has objects in namespace ${[...found].sort().join(', ')}, none in ${namespace}: pass --namespace ${[...found].sort()[0]}`);
  }
  return objects.filter((o) => isClusterScoped(o) || o.metadata?.namespace === undefined || o.metadata.namespace === namespace);
}

/** The decoded values of a Secret (`data` base64, `stringData` as text; `stringData` wins as the API server does). */
export function secretValues(o: Manifest): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(o.data ?? {})) out.set(k, Buffer.from(String(v ?? ''), 'base64'));
  for (const [k, v] of Object.entries(o.stringData ?? {})) out.set(k, Buffer.from(String(v ?? ''), 'utf8'));
  return out;
}
