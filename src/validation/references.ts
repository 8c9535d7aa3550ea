/**
 * Reference integrity of one cluster's rendering: every Secret, ConfigMap, ServiceAccount, PVC,
 * (Cluster)Role, Service and (Cluster)Issuer that an object names exists in that rendering or is
 * declared as provided from outside it; every Service, NetworkPolicy and PodDisruptionBudget
 * selects pods that the rendering runs; no object is rendered twice. A finding names both ends:
 * the referring object and path, and the missing target.
 */
import { InstallationContext } from '../context';
import { generatedSecrets, secretCatalog } from '../secrets/catalog';
import { Finding, finding, jsonPath, Manifest } from './findings';
import { containersOf, describeObject, groupOf, isClusterScoped, mapSelectorMatches, podTemplateOf, selectorMatches } from './objects';

/**
 * Secrets that the installation owns but that `secretCatalog` does not declare. Empty: the
 * catalog declares every generated Secret for the configs that need it (an unconditional list
 * here would hide a component reading `mysql` with an outside database). Kept as the place for
 * a stop-gap entry while a catalog change is pending; the catalog wins over it.
 */
export const INSTALLATION_OWNED_SECRETS: readonly string[] = [];

/**
 * User-provided Secrets that `secretCatalog` does not declare yet:
 * - the Redis password of registry-facade's cache (`experimental.workspace.registryFacade.redisCache.passwordSecret`);
 * - in a Workspace cluster without MinIO (it runs with the WebApp set), the `minio` credentials
 *   that ws-manager and ws-daemon mount: a copy of the application cluster's Secret.
 * TEMPORARY: they only fill gaps of the catalog; remove them once the catalog declares them.
 */
export function pendingCatalogEntries(ctx: InstallationContext): { name: string; keys: string[]; purpose: string }[] {
  const out: { name: string; keys: string[]; purpose: string }[] = [];
  if (!ctx.includes('workspace')) return out;
  const redis = ctx.config.experimental?.workspace?.registryFacade?.redisCache;
  if (redis?.passwordSecret) {
    out.push({ name: redis.passwordSecret, keys: ['password'], purpose: 'experimental.workspace.registryFacade.redisCache.passwordSecret' });
  }
  if (ctx.minioRendered && !ctx.includes('webapp')) {
    out.push({ name: 'minio', keys: ['root-user', 'root-password'], purpose: "copy of the application cluster's MinIO credentials" });
  }
  return out;
}

/** A Secret that a component not yet in this code base will issue. */
export interface AwaitedSecret {
  readonly secret: string;
  /** Names (construct id or `component` label) the issuing component may have. */
  readonly components: readonly string[];
  readonly why: string;
}

/**
 * Secrets issued by a component that has not landed in this code base yet. Each entry counts as
 * declared only while NONE of its components is in the rendering: as soon as the component lands,
 * it must really issue the Secret (a Certificate or Secret in the rendering) or the check fails.
 * TEMPORARY, like INSTALLATION_OWNED_SECRETS: entries go as their components land.
 */
export function awaitedSecrets(_ctx: InstallationContext): AwaitedSecret[] {
  // None at present: the registry, message bus, ws-manager and public certificate have landed
  // and issue their Secrets. Add an entry here while a component that issues a Secret is pending.
  return [];
}

/**
 * Pods that Gitpod starts at run time and that therefore never appear in a rendering: ws-manager's
 * workspace pods (regular, prebuild, image build). A selector may target them; keys not listed
 * here may carry any value on those pods.
 */
export const RUNTIME_POD_LABELS: readonly Record<string, string>[] = [{ app: 'gitpod', component: 'workspace' }];

/** ClusterRoles every cluster has (bootstrap roles), which a binding may name without rendering them. */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** What a rendering may reference without containing it. */
export interface ExternalDeclarations {
  /** The installation namespace, where declared Secrets live. */
  readonly namespace: string;
  /** Declared Secrets by name: where they come from, and their keys when the declaration lists them. */
  readonly secrets: ReadonlyMap<string, { readonly source: string; readonly keys?: readonly string[] }>;
  /** Secrets the declaration says a Certificate in the rendering issues. */
  readonly certManagerSecrets: readonly string[];
  /** (Cluster)Issuers managed outside the rendering (`cdk8s.tls.issuer`). */
  readonly issuers: readonly { readonly kind: string; readonly name: string }[];
  /** (Cluster)SecretStores managed outside the rendering (`cdk8s.secrets.externalSecrets.storeRef`). */
  readonly secretStores: readonly { readonly kind: string; readonly name: string }[];
  /** Secrets of components that have not landed yet (see `awaitedSecrets`). */
  readonly awaited: readonly AwaitedSecret[];
}

/** The declarations of an installation: its Secret catalog, installation-owned Secrets, user-named issuer and store. */
export function declaredExternals(ctx: InstallationContext): ExternalDeclarations {
  const secrets = new Map<string, { source: string; keys?: readonly string[] }>();
  const certManagerSecrets: string[] = [];
  for (const s of secretCatalog(ctx)) {
    // `unknown`: read by the rendering but declared by nobody, which is what this check reports.
    if ((s.source as string) === 'unknown') continue;
    if (s.source === 'cert-manager') {
      certManagerSecrets.push(s.name);
      continue;
    }
    const prior = secrets.get(s.name);
    const keys = s.keys.length > 0 ? [...new Set([...(prior?.keys ?? []), ...s.keys])] : undefined;
    const source = `${s.source === 'user' ? 'user-provided' : 'generated'} (${s.configPath ?? s.purpose})`;
    // A Secret declared twice with and without keys: no key check (the keys are not exhaustive).
    const unbounded = prior !== undefined && (prior.keys === undefined || keys === undefined);
    secrets.set(s.name, { source, keys: unbounded ? undefined : keys });
  }
  // The catalog is authoritative (with its keys); the temporary lists only fill its gaps.
  for (const p of pendingCatalogEntries(ctx)) {
    if (!secrets.has(p.name) && !certManagerSecrets.includes(p.name)) {
      secrets.set(p.name, { source: `user-provided (${p.purpose})`, keys: p.keys.length > 0 ? p.keys : undefined });
    }
  }
  // As the secrets model does (resolveSecrets): any Secret the installation owns is generated by
  // `gitpod-cdk8s secrets` where the rendering reads it, even outside the config's usual case.
  // Its keys then follow the readers, so no key check.
  for (const g of generatedSecrets(ctx)) {
    if (!secrets.has(g.name)) secrets.set(g.name, { source: `generated (${g.purpose}; read outside its usual configuration)` });
  }
  for (const name of INSTALLATION_OWNED_SECRETS) {
    if (!secrets.has(name)) secrets.set(name, { source: 'installation-owned (INSTALLATION_OWNED_SECRETS)' });
  }
  const issuer = ctx.config.cdk8s?.tls?.issuer;
  const store = ctx.config.cdk8s?.secrets?.externalSecrets?.storeRef;
  return {
    namespace: ctx.namespace,
    secrets,
    certManagerSecrets,
    issuers: issuer ? [{ kind: issuer.kind, name: issuer.name }] : [],
    secretStores: store ? [{ kind: store.kind, name: store.name }] : [],
    awaited: awaitedSecrets(ctx),
  };
}

/** Keys of a Secret as known from the object producing it; undefined when they cannot be known. */
interface Producer {
  readonly by: string;
  readonly keys?: readonly string[];
}

/** Index of one rendering. */
class RenderingIndex {
  private readonly objects = new Map<string, Manifest>();
  public readonly secrets = new Map<string, Producer>();
  public readonly pods: { obj: Manifest; namespace: string; labels: Record<string, string>; portNames: Set<string> }[] = [];
  public readonly components = new Set<string>();

  constructor(objects: readonly Manifest[]) {
    for (const o of objects) {
      this.objects.set(RenderingIndex.key(o.kind, namespaceOf(o), o.metadata?.name), o);
      const labels = o.metadata?.labels ?? {};
      for (const c of [labels.component, labels['app.kubernetes.io/name'], labels['app.kubernetes.io/component']]) {
        if (typeof c === 'string') this.components.add(c);
      }
      const ns = namespaceOf(o);
      const produce = (name: unknown, producer: Producer) => {
        if (typeof name === 'string') this.secrets.set(RenderingIndex.key('Secret', ns, name), producer);
      };
      switch (o.kind) {
        case 'Secret':
          produce(o.metadata?.name, { by: describeObject(o), keys: [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})] });
          break;
        case 'Certificate':
          produce(o.spec?.secretName, { by: describeObject(o), keys: ['tls.crt', 'tls.key', 'ca.crt'] });
          break;
        case 'ExternalSecret': {
          const keys = o.spec?.dataFrom ? undefined : (o.spec?.data ?? []).map((d: Manifest) => d?.secretKey);
          produce(o.spec?.target?.name ?? o.metadata?.name, { by: describeObject(o), keys });
          break;
        }
        case 'SealedSecret':
          produce(o.spec?.template?.metadata?.name ?? o.metadata?.name, { by: describeObject(o), keys: Object.keys(o.spec?.encryptedData ?? {}) });
          break;
      }
      const pod = podTemplateOf(o);
      if (pod && o.kind !== 'Pod') {
        const portNames = new Set<string>();
        for (const { container } of containersOf(pod.template.spec)) {
          for (const p of container?.ports ?? []) if (typeof p?.name === 'string') portNames.add(p.name);
        }
        this.pods.push({ obj: o, namespace: ns, labels: pod.template.metadata?.labels ?? {}, portNames });
      }
    }
  }

  static key(kind: string, namespace: string, name: string): string {
    return `${kind}\u0000${namespace}\u0000${name}`;
  }

  get(kind: string, namespace: string, name: string): Manifest | undefined {
    return this.objects.get(RenderingIndex.key(kind, namespace, name));
  }
}

function namespaceOf(o: Manifest): string {
  return isClusterScoped(o) ? '' : String(o.metadata?.namespace ?? '');
}

type Path = (string | number)[];

/** Every reference finding of one cluster's rendering. */
export function referenceFindings(cluster: string, objects: readonly Manifest[], externals: ExternalDeclarations): Finding[] {
  const out: Finding[] = [];
  const index = new RenderingIndex(objects);
  const clusterLabel = `the rendering of cluster ${cluster}`;

  // Duplicates: kustomize and the API server keep only one of them.
  const seen = new Map<string, Manifest>();
  for (const o of objects) {
    const key = `${groupOf(o)}\u0000${RenderingIndex.key(o.kind, namespaceOf(o), o.metadata?.name)}`;
    if (seen.has(key)) out.push(finding(cluster, o, 'references', 'metadata.name', `rendered twice: another ${o.kind} of that name and namespace is in ${clusterLabel}`));
    seen.set(key, o);
  }

  for (const obj of objects) {
    const ns = namespaceOf(obj);
    const report = (path: Path, message: string) => out.push(finding(cluster, obj, 'references', jsonPath(path), message));

    const secret = (path: Path, name: unknown, opts: { key?: string; keys?: string[]; optional?: boolean } = {}) => {
      if (typeof name !== 'string' || opts.optional === true) return;
      const wanted = opts.key !== undefined ? [opts.key] : (opts.keys ?? []);
      const produced = index.secrets.get(RenderingIndex.key('Secret', ns, name));
      if (produced) {
        const missing = produced.keys ? wanted.filter((k) => !produced.keys!.includes(k)) : [];
        if (missing.length > 0) report(path, `Secret "${name}" (from ${produced.by}) has no key ${missing.map((k) => `"${k}"`).join(', ')}; it has ${produced.keys!.join(', ') || 'no keys'}`);
        return;
      }
      const declared = ns === externals.namespace ? externals.secrets.get(name) : undefined;
      if (declared) {
        const missing = declared.keys ? wanted.filter((k) => !declared.keys!.includes(k)) : [];
        if (missing.length > 0) {
          report(path, `Secret "${name}", declared ${declared.source} with keys ${declared.keys!.join(', ')}, has no key ${missing.map((k) => `"${k}"`).join(', ')} (declare it in secretCatalog)`);
        }
        return;
      }
      const awaited = externals.awaited.find((a) => a.secret === name);
      if (awaited && !awaited.components.some((c) => index.components.has(c))) return;
      if (externals.certManagerSecrets.includes(name)) {
        report(path, `Secret "${name}" is declared as issued by cert-manager, but no Certificate in ${clusterLabel} has secretName "${name}"`);
        return;
      }
      report(path, `Secret "${name}" is neither in ${clusterLabel} (Secret, Certificate.spec.secretName, ExternalSecret) nor a declared user-provided or generated Secret`);
    };
    const configMap = (path: Path, name: unknown, opts: { key?: string; keys?: string[]; optional?: boolean } = {}) => {
      if (typeof name !== 'string' || opts.optional === true) return;
      const cm = index.get('ConfigMap', ns, name);
      if (!cm) {
        report(path, `ConfigMap "${name}" is not in ${clusterLabel}`);
        return;
      }
      const keys = [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})];
      const missing = (opts.key !== undefined ? [opts.key] : (opts.keys ?? [])).filter((k) => !keys.includes(k));
      if (missing.length > 0) report(path, `ConfigMap "${name}" has no key ${missing.map((k) => `"${k}"`).join(', ')}; it has ${keys.join(', ') || 'no keys'}`);
    };
    const named = (path: Path, kind: string, name: unknown, namespace: string = ns) => {
      if (typeof name !== 'string') return;
      if (!index.get(kind, namespace, name)) report(path, `${kind} "${name}"${namespace && namespace !== ns ? ` (namespace ${namespace})` : ''} is not in ${clusterLabel}`);
    };

    // ---- pods: service account, volumes, env, pull secrets ----
    const pod = podTemplateOf(obj);
    if (pod) {
      const spec = pod.template.spec ?? {};
      const at: Path = [...pod.at, 'spec'];
      const sa = spec.serviceAccountName ?? spec.serviceAccount;
      if (typeof sa === 'string' && sa !== 'default') named([...at, spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount'], 'ServiceAccount', sa);
      (spec.imagePullSecrets ?? []).forEach((s: Manifest, i: number) => secret([...at, 'imagePullSecrets', i, 'name'], s?.name));
      (spec.volumes ?? []).forEach((v: Manifest, i: number) => {
        const vat: Path = [...at, 'volumes', i];
        const itemKeys = (items: Manifest[] | undefined) => (items ?? []).map((it) => it?.key).filter((k): k is string => typeof k === 'string');
        if (v?.secret) secret([...vat, 'secret', 'secretName'], v.secret.secretName, { keys: itemKeys(v.secret.items), optional: v.secret.optional });
        if (v?.configMap) configMap([...vat, 'configMap', 'name'], v.configMap.name, { keys: itemKeys(v.configMap.items), optional: v.configMap.optional });
        if (v?.persistentVolumeClaim) named([...vat, 'persistentVolumeClaim', 'claimName'], 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName);
        (v?.projected?.sources ?? []).forEach((src: Manifest, j: number) => {
          const sat: Path = [...vat, 'projected', 'sources', j];
          if (src?.secret) secret([...sat, 'secret', 'name'], src.secret.name, { keys: itemKeys(src.secret.items), optional: src.secret.optional });
          if (src?.configMap) configMap([...sat, 'configMap', 'name'], src.configMap.name, { keys: itemKeys(src.configMap.items), optional: src.configMap.optional });
        });
      });
      for (const { list, index: ci, container } of containersOf(spec)) {
        const cat: Path = [...at, list, ci];
        (container?.env ?? []).forEach((e: Manifest, i: number) => {
          const sk = e?.valueFrom?.secretKeyRef;
          const ck = e?.valueFrom?.configMapKeyRef;
          if (sk) secret([...cat, 'env', i, 'valueFrom', 'secretKeyRef', 'name'], sk.name, { key: sk.key, optional: sk.optional });
          if (ck) configMap([...cat, 'env', i, 'valueFrom', 'configMapKeyRef', 'name'], ck.name, { key: ck.key, optional: ck.optional });
        });
        (container?.envFrom ?? []).forEach((e: Manifest, i: number) => {
          if (e?.secretRef) secret([...cat, 'envFrom', i, 'secretRef', 'name'], e.secretRef.name, { optional: e.secretRef.optional });
          if (e?.configMapRef) configMap([...cat, 'envFrom', i, 'configMapRef', 'name'], e.configMapRef.name, { optional: e.configMapRef.optional });
        });
      }
    }

    switch (obj.kind) {
      case 'ServiceAccount':
        (obj.imagePullSecrets ?? []).forEach((s: Manifest, i: number) => secret(['imagePullSecrets', i, 'name'], s?.name));
        (obj.secrets ?? []).forEach((s: Manifest, i: number) => secret(['secrets', i, 'name'], s?.name));
        break;
      case 'StatefulSet':
        named(['spec', 'serviceName'], 'Service', obj.spec?.serviceName);
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const ref = obj.roleRef ?? {};
        if (ref.kind === 'ClusterRole') {
          if (!BUILT_IN_CLUSTER_ROLES.has(ref.name) && !String(ref.name).startsWith('system:')) named(['roleRef', 'name'], 'ClusterRole', ref.name, '');
        } else if (ref.kind === 'Role') {
          named(['roleRef', 'name'], 'Role', ref.name);
        }
        (obj.subjects ?? []).forEach((s: Manifest, i: number) => {
          if (s?.kind !== 'ServiceAccount' || s.name === 'default') return;
          // Accounts of other namespaces belong to other installations: not ours to check.
          const sns = s.namespace ?? ns;
          if (sns === externals.namespace) named(['subjects', i, 'name'], 'ServiceAccount', s.name, sns);
        });
        break;
      }
      case 'Certificate': {
        const ref = obj.spec?.issuerRef ?? {};
        if (ref.group === undefined || ref.group === 'cert-manager.io') {
          const kind = ref.kind ?? 'Issuer';
          const external = externals.issuers.some((i) => i.kind === kind && i.name === ref.name);
          if (!external) named(['spec', 'issuerRef', 'name'], kind, ref.name, kind === 'ClusterIssuer' ? '' : ns);
        }
        break;
      }
      case 'Issuer':
      case 'ClusterIssuer':
        if (obj.spec?.ca) secret(['spec', 'ca', 'secretName'], obj.spec.ca.secretName, { keys: ['tls.crt', 'tls.key'] });
        break;
      case 'ExternalSecret': {
        const ref = obj.spec?.secretStoreRef ?? {};
        const kind = ref.kind ?? 'SecretStore';
        if (!externals.secretStores.some((s) => s.kind === kind && s.name === ref.name)) {
          named(['spec', 'secretStoreRef', 'name'], kind, ref.name, kind === 'ClusterSecretStore' ? '' : ns);
        }
        break;
      }
      case 'Service':
        checkServiceSelects(obj, ns, index, report, clusterLabel);
        break;
      case 'NetworkPolicy': {
        const sel = obj.spec?.podSelector;
        const emptySel = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
        if (!emptySel && !selectsAnyPod(sel, ns, index)) report(['spec', 'podSelector'], `selects no pod of ${clusterLabel} (${JSON.stringify(sel)}); no workload's pod template carries these labels`);
        break;
      }
      case 'PodDisruptionBudget':
        if (obj.spec?.selector && !selectsAnyPod(obj.spec.selector, ns, index)) {
          report(['spec', 'selector'], `selects no pod of ${clusterLabel} (${JSON.stringify(obj.spec.selector)})`);
        }
        break;
      case 'Ingress':
        walkIngressBackends(obj, (path, service) => named(path, 'Service', service));
        break;
    }
  }
  return out;
}

function selectsAnyPod(sel: Manifest, ns: string, index: RenderingIndex): boolean {
  if (index.pods.some((p) => p.namespace === ns && selectorMatches(sel, p.labels))) return true;
  // Run-time pods: the selector may use labels we do not know of, but not contradict those we do.
  return RUNTIME_POD_LABELS.some((known) => {
    const ml: Record<string, string> = sel.matchLabels ?? {};
    return Object.entries(known).every(([k, v]) => ml[k] === undefined || ml[k] === v) && Object.keys(known).some((k) => ml[k] !== undefined);
  });
}

function checkServiceSelects(obj: Manifest, ns: string, index: RenderingIndex, report: (path: Path, m: string) => void, clusterLabel: string): void {
  const selector: Record<string, string> | undefined = obj.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || obj.spec?.type === 'ExternalName') return;
  const pods = index.pods.filter((p) => p.namespace === ns && mapSelectorMatches(selector, p.labels));
  if (pods.length === 0) {
    if (selectsAnyPod({ matchLabels: selector }, ns, index)) return;
    report(['spec', 'selector'], `selects no pod of ${clusterLabel} (${JSON.stringify(selector)}); no workload's pod template carries these labels`);
    return;
  }
  (obj.spec?.ports ?? []).forEach((p: Manifest, i: number) => {
    const t = p?.targetPort;
    if (typeof t === 'string' && !pods.some((pod) => pod.portNames.has(t))) {
      report(['spec', 'ports', i, 'targetPort'], `names port "${t}", which no selected pod (${pods.map((x) => describeObject(x.obj)).join(', ')}) declares`);
    }
  });
}

function walkIngressBackends(obj: Manifest, visit: (path: Path, service: unknown) => void): void {
  const spec = obj.spec ?? {};
  if (spec.defaultBackend?.service) visit(['spec', 'defaultBackend', 'service', 'name'], spec.defaultBackend.service.name);
  (spec.rules ?? []).forEach((r: Manifest, i: number) =>
    (r?.http?.paths ?? []).forEach((p: Manifest, j: number) => {
      if (p?.backend?.service) visit(['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service', 'name'], p.backend.service.name);
    }),
  );
}
