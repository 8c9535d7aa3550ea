import { InstallationContext } from '../context';
import { generatedSecrets, secretCatalog, SecretSpec } from './catalog';
import { ValueSource } from './generate';
import { CERTIFICATE_KEYS, Manifest, secretProviders, secretReferences } from './references';
import { byText } from '../common/compare';

/** One Secret of an installation: its declaration, checked against the rendering. */
export interface PlannedSecret extends SecretSpec {
  /** `Kind/name` of every object that reads it, sorted. */
  readonly readers: readonly string[];
  /**
   * Keys the rendering reads from a generated Secret that its generator does not write: they
   * get a random value (and the `secrets` command says so on stderr).
   */
  readonly fallbackKeys: readonly string[];
  /** Every reference to it is `optional: true`. */
  readonly optional: boolean;
}

/**
 * The Secrets an installation needs: the catalog (user Secrets from the config, generated ones the
 * config calls for) cross-checked with the rendering. A Secret a Certificate issues is cert-manager's;
 * a generated Secret the rendering reads is included even when the config alone would not call for
 * it; a Secret nothing declares is `unknown`.
 */
export function resolveSecrets(ctx: InstallationContext, objects: readonly Manifest[], catalog: readonly SecretSpec[] = secretCatalog(ctx)): PlannedSecret[] {
  const issuedSecrets = catalog.filter((s) => s.source === 'cert-manager');
  const refs = secretReferences(objects);
  const readKeys = new Map<string, Set<string>>();
  const readers = new Map<string, Set<string>>();
  const required = new Set<string>();
  for (const r of refs) {
    if (!readKeys.has(r.secret)) readKeys.set(r.secret, new Set());
    if (!readers.has(r.secret)) readers.set(r.secret, new Set());
    if (r.key !== undefined) readKeys.get(r.secret)!.add(r.key);
    readers.get(r.secret)!.add(r.object);
    if (!r.optional) required.add(r.secret);
  }
  const issued = new Map(
    secretProviders(objects)
      .filter((p) => p.by === 'Certificate')
      .map((p) => [p.secret, p.object]),
  );

  const out = new Map<string, PlannedSecret>();
  const put = (spec: SecretSpec, fallback: string[] = []) => {
    const keys = [...spec.keys];
    for (const k of readKeys.get(spec.name) ?? []) if (!keys.includes(k)) keys.push(k);
    out.set(spec.name, {
      ...spec,
      keys,
      readers: [...(readers.get(spec.name) ?? [])].sort(),
      fallbackKeys: fallback,
      // A Secret the config names is wanted even where every reference is optional (httpProxy).
      optional: readers.has(spec.name) && !required.has(spec.name) && spec.configPath === undefined,
    });
  };
  for (const [name, object] of issued) {
    const declared = issuedSecrets.find((s) => s.name === name);
    put({ ...declared, name, keys: CERTIFICATE_KEYS, source: 'cert-manager', purpose: `${declared ? `${declared.purpose}; ` : ''}issued by ${object}` });
  }
  for (const spec of issuedSecrets) {
    if (!out.has(spec.name)) put({ ...spec, purpose: `${spec.purpose} (its Certificate is not in this rendering)` });
  }
  for (const spec of catalog) if (spec.source === 'user' && !spec.platform && !out.has(spec.name)) put(spec);
  for (const spec of catalog) if (spec.source === 'user' && spec.platform && !out.has(spec.name)) put(spec);
  for (const spec of catalog) if (spec.source === 'generated' && !out.has(spec.name)) put(spec, [...(readKeys.get(spec.name) ?? [])].filter((k) => !spec.keys.includes(k)).sort());
  // An owned Secret the config alone would not call for, read by the rendering: generated all the same.
  for (const { when: _when, ...spec } of generatedSecrets(ctx)) {
    if (out.has(spec.name) || !readers.has(spec.name)) continue;
    put(spec, [...(readKeys.get(spec.name) ?? [])].filter((k) => !spec.keys.includes(k)).sort());
  }
  for (const name of readers.keys()) {
    if (out.has(name)) continue;
    put({ name, keys: [], source: required.has(name) ? 'unknown' : 'user', purpose: required.has(name) ? 'not declared in the secret catalog' : 'optional' });
  }
  return [...out.values()].sort(byText((s) => s.name));
}

/**
 * The Secret manifests of the generated entries of a plan, with values drawn from `values`
 * (the same source for every installation of one run, so shared values agree).
 */
export function generatedSecretManifests(plan: readonly PlannedSecret[], values: ValueSource, namespace: string): Manifest[] {
  return plan
    .filter((s) => s.source === 'generated' && s.generate)
    .map((s) => {
      const generated = s.generate!(values);
      const all: Record<string, string> = { ...generated };
      for (const k of s.fallbackKeys) all[k] = values.password(`${s.name}/${k}`);
      const entries = Object.entries(all);
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: s.name, namespace, ...(s.labels ? { labels: s.labels } : {}) },
        type: s.type ?? 'Opaque',
        ...(s.stringData
          ? { stringData: Object.fromEntries(entries) }
          : { data: Object.fromEntries(entries.map(([k, v]) => [k, Buffer.from(v).toString('base64')])) }),
      };
    });
}
