/** Every place a rendering reads a Secret, and every object that provides one. */

import type { Manifest } from '../validation/findings';

export type { Manifest } from '../validation/findings';

export type SecretReferenceKind = 'secretKeyRef' | 'envFrom' | 'volume' | 'projected' | 'imagePullSecret' | 'issuer';

export interface SecretReference {
  /** Name of the Secret (in the object's namespace). */
  readonly secret: string;
  /** The key read; undefined when the whole Secret is read (envFrom, a volume without items, a pull secret). */
  readonly key?: string;
  /** `optional: true`: the workload starts without it. */
  readonly optional: boolean;
  readonly kind: SecretReferenceKind;
  /** `Kind/name` of the object that reads it. */
  readonly object: string;
  readonly namespace?: string;
  /** Path of the reference inside the object, e.g. `spec.template.spec.containers[1].env[3]`. */
  readonly path: string;
}

/**
 * Every Secret reference of the given objects, wherever a pod spec sits (Deployments, CronJobs,
 * custom resources embedding pods): `secretKeyRef`, `envFrom.secretRef`, `secret` volumes (their
 * `items` keys), projected `secret` sources, `imagePullSecrets` (pod specs and ServiceAccounts),
 * and a CA Issuer's `spec.ca.secretName`.
 */
export function secretReferences(objects: readonly Manifest[]): SecretReference[] {
  return collectReferences(objects, true);
}

/** The names of the Secrets {@link secretReferences} finds: the same walk, without building paths (the guard's lookup of object names). */
export function referencedSecretNames(objects: readonly Manifest[]): Set<string> {
  return new Set(collectReferences(objects, false).map((r) => r.secret));
}

/** `withPaths` false: every `path` is '' (no string built per node when only the names are read). */
function collectReferences(objects: readonly Manifest[], withPaths: boolean): SecretReference[] {
  const out: SecretReference[] = [];
  for (const o of objects) {
    const object = `${o.kind}/${o.metadata?.name}`;
    const namespace: string | undefined = o.metadata?.namespace;
    const add = (r: Omit<SecretReference, 'object' | 'namespace'>) => out.push({ ...r, object, namespace });
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (v[i] && typeof v[i] === 'object') walk(v[i], withPaths ? `${path}[${i}]` : '');
        return;
      }
      if (!v || typeof v !== 'object') return;
      const node = v as Record<string, any>;
      const at = (k: string) => (!withPaths ? '' : path ? `${path}.${k}` : k);
      const ref = node.secretKeyRef;
      if (ref && typeof ref.name === 'string') {
        add({ secret: ref.name, key: ref.key, optional: ref.optional === true, kind: 'secretKeyRef', path: at('secretKeyRef') });
      }
      if (Array.isArray(node.envFrom)) {
        node.envFrom.forEach((e: any, i: number) => {
          if (e?.secretRef?.name) {
            add({ secret: e.secretRef.name, optional: e.secretRef.optional === true, kind: 'envFrom', path: at(`envFrom[${i}].secretRef`) });
          }
        });
      }
      if (Array.isArray(node.volumes)) {
        node.volumes.forEach((vol: any, i: number) => {
          const vp = at(`volumes[${i}]`);
          if (vol?.secret?.secretName) {
            itemRefs(vol.secret, vol.secret.secretName, 'volume', `${vp}.secret`).forEach(add);
          }
          (vol?.projected?.sources ?? []).forEach((s: any, j: number) => {
            if (s?.secret?.name) itemRefs(s.secret, s.secret.name, 'projected', `${vp}.projected.sources[${j}].secret`).forEach(add);
          });
        });
      }
      if (Array.isArray(node.imagePullSecrets)) {
        node.imagePullSecrets.forEach((s: any, i: number) => {
          if (s?.name) add({ secret: s.name, optional: false, kind: 'imagePullSecret', path: at(`imagePullSecrets[${i}]`) });
        });
      }
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const x = node[k];
        // only objects and arrays can hold a reference
        if (k === 'envFrom' || k === 'imagePullSecrets' || !x || typeof x !== 'object') continue;
        walk(x, !withPaths ? '' : path ? `${path}.${k}` : k);
      }
    };
    walk(o, '');
    if ((o.kind === 'Issuer' || o.kind === 'ClusterIssuer') && o.spec?.ca?.secretName) {
      add({ secret: o.spec.ca.secretName, key: 'tls.key', optional: false, kind: 'issuer', path: 'spec.ca.secretName' });
    }
  }
  return out;
}

function itemRefs(
  src: { items?: { key: string }[]; optional?: boolean },
  secret: string,
  kind: SecretReferenceKind,
  path: string,
): Omit<SecretReference, 'object' | 'namespace'>[] {
  const optional = src.optional === true;
  if (!src.items || src.items.length === 0) return [{ secret, optional, kind, path }];
  return src.items.map((item, i) => ({ secret, key: item.key, optional, kind, path: `${path}.items[${i}]` }));
}

/** Where a Secret comes from inside a rendering: a Secret object, or an object that makes one. */
export interface SecretProvider {
  readonly secret: string;
  readonly namespace?: string;
  /** The keys provided; undefined when not known up front (cert-manager, ExternalSecret `dataFrom`). */
  readonly keys?: readonly string[];
  readonly by: 'Secret' | 'Certificate' | 'ExternalSecret';
  /** `Kind/name` of the object. */
  readonly object: string;
}

/** Keys a cert-manager Certificate writes into its Secret. */
export const CERTIFICATE_KEYS = ['ca.crt', 'tls.crt', 'tls.key'];

/** The Secrets the objects provide: Secret objects, cert-manager Certificates, ExternalSecrets. */
export function secretProviders(objects: readonly Manifest[]): SecretProvider[] {
  const out: SecretProvider[] = [];
  for (const o of objects) {
    const object = `${o.kind}/${o.metadata?.name}`;
    const namespace: string | undefined = o.metadata?.namespace;
    if (o.kind === 'Secret' && o.apiVersion === 'v1') {
      const keys = [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})];
      out.push({ secret: o.metadata.name, namespace, keys, by: 'Secret', object });
    } else if (o.kind === 'Certificate' && String(o.apiVersion).startsWith('cert-manager.io/') && o.spec?.secretName) {
      out.push({ secret: o.spec.secretName, namespace, keys: CERTIFICATE_KEYS, by: 'Certificate', object });
    } else if (o.kind === 'ExternalSecret' && String(o.apiVersion).startsWith('external-secrets.io/')) {
      const spec = o.spec ?? {};
      const templated = Object.keys(spec.target?.template?.data ?? {});
      const direct = (spec.data ?? []).map((d: any) => d.secretKey);
      const keys = spec.dataFrom?.length && !spec.target?.template?.data ? undefined : [...new Set([...direct, ...templated])];
      out.push({ secret: spec.target?.name ?? o.metadata.name, namespace, keys, by: 'ExternalSecret', object });
    }
  }
  return out;
}

/** A reference nothing provides: the Secret is missing, or it lacks the key. */
export interface DanglingReference extends SecretReference {
  readonly problem: 'no such Secret' | 'no such key';
}

/**
 * The non-optional references that the given providers do not satisfy. Namespaces are compared
 * when both sides have one.
 */
export function danglingReferences(references: readonly SecretReference[], providers: readonly SecretProvider[]): DanglingReference[] {
  const out: DanglingReference[] = [];
  for (const r of references) {
    if (r.optional) continue;
    const candidates = providers.filter((p) => p.secret === r.secret && (!p.namespace || !r.namespace || p.namespace === r.namespace));
    if (candidates.length === 0) out.push({ ...r, problem: 'no such Secret' });
    else if (r.key !== undefined && !candidates.some((p) => p.keys === undefined || p.keys.includes(r.key!))) {
      out.push({ ...r, problem: 'no such key' });
    }
  }
  return out;
}
