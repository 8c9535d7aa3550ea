import { PlannedSecret } from '../secrets/plan';
import { Manifest } from '../secrets/references';
import { isClusterScoped, objectName, secretValues } from './objects';
import { byText } from '../common/compare';

/**
 * `diff --against`: the rendering compared with the live objects of an installation, object by
 * object, with the noise of a live object (server-set metadata, status, fields the API server
 * defaults) left out. Changes the API server refuses are found per kind. Values are never part
 * of the result: only field paths, so Secret and ConfigMap contents (upstream kept credentials in
 * ConfigMaps) cannot leak into a terminal or a CI log.
 */
export interface ObjectDiff {
  /** `Kind/name`. */
  readonly object: string;
  readonly status: 'identical' | 'changed' | 'only-rendered' | 'only-live' | 'secret';
  /** Changed field paths (`changed`), e.g. `spec.template.spec.containers[server].image`. */
  readonly paths?: readonly string[];
  /** Changes the API server refuses, with what to do. */
  readonly refused?: readonly RefusedChange[];
  /** A short explanation (Secrets: which keys are missing; Jobs: recreated by the GitOps tool). */
  readonly note?: string;
}

export interface RefusedChange {
  readonly path: string;
  /** Live and rendered values of immutable identity fields (selectors, names; never secret). */
  readonly live?: string;
  readonly rendered?: string;
  readonly action: string;
}

export interface DiffResult {
  readonly objects: readonly ObjectDiff[];
  /** Live objects left out as noise: controller-owned (Pods, ReplicaSets, ...) or always present. */
  readonly ignored: number;
}

/** Exit code of `diff` when a change would be refused: 1 is taken by errors. */
export const REFUSED_EXIT_CODE = 2;

export interface DiffOptions {
  readonly namespace: string;
  /** The Secrets the rendering reads without rendering them: live ones are expected, not orphans. */
  readonly plan?: readonly PlannedSecret[];
}

/** Compare rendered manifests with live objects. Pure: no file or cluster access. */
export function diffObjects(rendered: readonly Manifest[], live: readonly Manifest[], opts: DiffOptions): DiffResult {
  const key = (o: Manifest) => `${o.kind}/${isClusterScoped(o) ? '' : o.metadata?.namespace ?? opts.namespace}/${o.metadata?.name}`;
  const liveByKey = new Map(live.map((o) => [key(o), o]));
  const renderedKeys = new Set(rendered.map(key));
  const out: ObjectDiff[] = [];
  let ignored = 0;
  for (const r of rendered) {
    const l = liveByKey.get(key(r));
    if (!l) {
      out.push({ object: objectName(r), status: 'only-rendered' });
      continue;
    }
    if (r.kind === 'Secret') {
      out.push(diffSecret(r, l));
      continue;
    }
    const a = normalize(r, opts.namespace);
    const b = normalize(l, opts.namespace);
    const paths = leafDiff(a, b, r.kind);
    const refused = refusedChanges(r, a, b, paths, opts.namespace);
    const recreated = recreatedByGitOps(r, paths);
    out.push({
      object: objectName(r),
      status: paths.length === 0 ? 'identical' : 'changed',
      ...(paths.length > 0 ? { paths } : {}),
      ...(refused.length > 0 && !recreated ? { refused } : {}),
      ...(recreated ? { note: recreated } : {}),
    });
  }
  const plan = new Map((opts.plan ?? []).map((p) => [p.name, p]));
  for (const l of live) {
    if (renderedKeys.has(key(l))) continue;
    if (isNoise(l)) {
      ignored++;
      continue;
    }
    const planned = l.kind === 'Secret' ? plan.get(l.metadata.name) : undefined;
    if (planned) {
      const have = new Set(secretValues(l).keys());
      const missing = planned.source === 'cert-manager' ? [] : planned.keys.filter((k) => !have.has(k));
      out.push({
        object: objectName(l),
        status: 'secret',
        note:
          planned.source === 'cert-manager'
            ? 'issued by cert-manager from the rendering (re-issued if another issuer signed it)'
            : missing.length > 0
              ? `read by the rendering, kept outside Git; lacks key(s) ${missing.join(', ')}: apply \`gitpod-cdk8s secrets --existing\``
              : `read by the rendering, kept outside Git (${planned.source === 'user' ? 'yours' : 'owned: `secrets --existing` keeps it'})`,
      });
      continue;
    }
    out.push({ object: objectName(l), status: 'only-live' });
  }
  out.sort(byText((x) => x.object));
  return { objects: out, ignored };
}

/** Live objects that are not the installation's own: made by controllers, or present in every namespace. */
function isNoise(o: Manifest): boolean {
  if ((o.metadata?.ownerReferences ?? []).length > 0) return true;
  if (['Pod', 'ReplicaSet', 'ControllerRevision', 'Endpoints', 'EndpointSlice', 'Event', 'Lease', 'CertificateRequest', 'Order', 'Challenge'].includes(o.kind)) return true;
  if (o.kind === 'ConfigMap' && o.metadata?.name === 'kube-root-ca.crt') return true;
  if (o.kind === 'ServiceAccount' && o.metadata?.name === 'default') return true;
  if (o.kind === 'Secret' && (o.type === 'kubernetes.io/service-account-token' || o.type === 'helm.sh/release.v1')) return true;
  return false;
}

function diffSecret(r: Manifest, l: Manifest): ObjectDiff {
  const a = [...secretValues(r).keys()].sort();
  const b = [...secretValues(l).keys()].sort();
  const only = (x: string[], y: string[]) => x.filter((k) => !y.includes(k));
  const changed = a.filter((k) => b.includes(k) && !secretValues(r).get(k)!.equals(secretValues(l).get(k)!));
  const parts = [
    only(a, b).length ? `keys only rendered: ${only(a, b).join(', ')}` : '',
    only(b, a).length ? `keys only live: ${only(b, a).join(', ')}` : '',
    changed.length ? `data changed: ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return { object: objectName(r), status: parts.length ? 'changed' : 'identical', ...(parts.length ? { paths: parts } : {}) };
}

/** Labels the GitOps tools put on what they manage (their inventory), not part of the rendering. */
const NOISE_LABELS = /^(kustomize\.toolkit\.fluxcd\.io\/(name|namespace))$/;
const NOISE_ANNOTATIONS = /^(argocd\.argoproj\.io\/tracking-id|kubectl\.kubernetes\.io\/last-applied-configuration|deployment\.kubernetes\.io\/revision|pv\.kubernetes\.io\/.*|volume\.beta\.kubernetes\.io\/.*|volume\.kubernetes\.io\/.*|meta\.helm\.sh\/.*|cert-manager\.io\/.*)$/;

/** The object without server-set metadata, status, nulls and empty maps or lists. */
function normalize(o: Manifest, namespace: string): Manifest {
  const c = prune(JSON.parse(JSON.stringify(o)));
  delete c.status;
  const m = c.metadata ?? {};
  for (const f of ['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink', 'finalizers', 'ownerReferences', 'generateName']) delete m[f];
  if (isClusterScoped(o)) delete m.namespace;
  else m.namespace = m.namespace ?? namespace;
  // Claim templates come back from the API server with a status and defaulted fields of their own.
  for (const t of c.spec?.volumeClaimTemplates ?? []) {
    delete t.status;
    delete t.metadata?.creationTimestamp;
  }
  if (m.labels) {
    for (const k of Object.keys(m.labels)) if (NOISE_LABELS.test(k)) delete m.labels[k];
    if (Object.keys(m.labels).length === 0) delete m.labels;
  }
  if (m.annotations) {
    for (const k of Object.keys(m.annotations)) if (NOISE_ANNOTATIONS.test(k)) delete m.annotations[k];
    if (Object.keys(m.annotations).length === 0) delete m.annotations;
  }
  return c;
}

function prune(v: any): any {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === 'object') {
    const out: Record<string, any> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p === null || p === undefined) continue;
      if (typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      if (Array.isArray(p) && p.length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

/** Leaves of an object: path → value. Lists of named items are keyed by name (`containers[server]`). */
function leaves(v: any, path: string, out: Map<string, any>, parentKey = ''): void {
  if (Array.isArray(v)) {
    const keyOf = listKey(v, parentKey);
    v.forEach((e, i) => leaves(e, `${path}[${keyOf ? keyOf(e) : i}]`, out, parentKey));
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? (/^[A-Za-z0-9_$-]+$/.test(k) && path !== 'data' ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`) : k;
      if (path === 'data' && typeof x === 'string') {
        const json = parseJsonObject(x);
        if (json) {
          leaves(json, p, out, k);
          continue;
        }
      }
      leaves(x, p, out, k);
    }
    return;
  }
  out.set(path, v);
}

/** How items of a list are identified: by `name` (or `mountPath`, `containerPort`) when unique. */
function listKey(list: any[], parentKey: string): ((e: any) => string) | undefined {
  const byField = (f: string) => {
    if (!list.every((e) => e && typeof e === 'object' && e[f] !== undefined)) return undefined;
    const values = list.map((e) => String(e[f]));
    return new Set(values).size === values.length ? (e: any) => String(e[f]) : undefined;
  };
  if (parentKey === 'volumeMounts') return byField('mountPath');
  if (parentKey === 'volumeClaimTemplates') {
    const names = list.map((e) => e?.metadata?.name);
    return names.every((n) => typeof n === 'string') && new Set(names).size === names.length ? (e: any) => e.metadata.name : undefined;
  }
  return byField('name') ?? (parentKey === 'ports' ? byField('containerPort') ?? byField('port') : undefined);
}

function parseJsonObject(text: string): Record<string, any> | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

const POD = '(?:spec\\.template\\.spec|spec\\.jobTemplate\\.spec\\.template\\.spec)';
const CONTAINER = `${POD}\\.(?:initContainers|containers|ephemeralContainers)\\[[^\\]]+\\]`;
const PROBE = `${CONTAINER}\\.(?:livenessProbe|readinessProbe|startupProbe)`;

/**
 * Fields the API server fills in when they are not given: present only live with this value, they
 * are no change. `ANY` for values the cluster assigns (IPs, node ports, the bound volume).
 */
const ANY = Symbol('any');
const DEFAULTS: readonly [kinds: string[] | '*', path: RegExp, value: unknown][] = [
  [['Deployment'], /^spec\.progressDeadlineSeconds$/, 600],
  [['Deployment', 'StatefulSet', 'DaemonSet'], /^spec\.revisionHistoryLimit$/, 10],
  [['Deployment', 'StatefulSet'], /^spec\.replicas$/, 1],
  [['Deployment'], /^spec\.strategy\.type$/, 'RollingUpdate'],
  [['Deployment'], /^spec\.strategy\.rollingUpdate\.(maxSurge|maxUnavailable)$/, '25%'],
  [['StatefulSet'], /^spec\.podManagementPolicy$/, 'OrderedReady'],
  [['StatefulSet', 'DaemonSet'], /^spec\.updateStrategy\.type$/, 'RollingUpdate'],
  [['StatefulSet'], /^spec\.updateStrategy\.rollingUpdate\.partition$/, 0],
  [['StatefulSet'], /^spec\.persistentVolumeClaimRetentionPolicy\.(whenDeleted|whenScaled)$/, 'Retain'],
  [['StatefulSet'], /^spec\.volumeClaimTemplates\[[^\]]+\]\.(apiVersion|kind|spec\.volumeMode)$/, ANY],
  [['DaemonSet'], /^spec\.updateStrategy\.rollingUpdate\.maxSurge$/, 0],
  [['DaemonSet'], /^spec\.updateStrategy\.rollingUpdate\.maxUnavailable$/, 1],
  ['*', new RegExp(`^${POD}\\.restartPolicy$`), ANY],
  ['*', new RegExp(`^${POD}\\.terminationGracePeriodSeconds$`), 30],
  ['*', new RegExp(`^${POD}\\.dnsPolicy$`), 'ClusterFirst'],
  ['*', new RegExp(`^${POD}\\.schedulerName$`), 'default-scheduler'],
  ['*', new RegExp(`^${POD}\\.serviceAccount$`), ANY], // the deprecated mirror of serviceAccountName
  ['*', new RegExp(`^${POD}\\.enableServiceLinks$`), true],
  ['*', new RegExp(`^${POD}\\.priority$`), 0],
  ['*', new RegExp(`^${CONTAINER}\\.terminationMessagePath$`), '/dev/termination-log'],
  ['*', new RegExp(`^${CONTAINER}\\.terminationMessagePolicy$`), 'File'],
  ['*', new RegExp(`^${CONTAINER}\\.imagePullPolicy$`), ANY], // IfNotPresent, or Always for :latest
  ['*', new RegExp(`^${CONTAINER}\\.ports\\[[^\\]]+\\]\\.protocol$`), 'TCP'],
  ['*', new RegExp(`^${CONTAINER}\\.env\\[[^\\]]+\\]\\.valueFrom\\.fieldRef\\.apiVersion$`), 'v1'],
  ['*', new RegExp(`^${PROBE}\\.timeoutSeconds$`), 1],
  ['*', new RegExp(`^${PROBE}\\.periodSeconds$`), 10],
  ['*', new RegExp(`^${PROBE}\\.successThreshold$`), 1],
  ['*', new RegExp(`^${PROBE}\\.failureThreshold$`), 3],
  ['*', new RegExp(`^${PROBE}\\.httpGet\\.scheme$`), 'HTTP'],
  ['*', new RegExp(`^${POD}\\.volumes\\[[^\\]]+\\]\\.(secret|configMap|projected|downwardAPI)\\.defaultMode$`), 420],
  ['*', new RegExp(`^${POD}\\.volumes\\[[^\\]]+\\]\\.hostPath\\.type$`), ''],
  ['*', new RegExp(`^${POD}\\.volumes\\[[^\\]]+\\]\\.downwardAPI\\.items\\[[^\\]]+\\]\\.fieldRef\\.apiVersion$`), 'v1'],
  [['Service'], /^spec\.(clusterIP|clusterIPs\[\d+\]|ipFamilies\[\d+\]|ipFamilyPolicy|ports\[[^\]]+\]\.nodePort|healthCheckNodePort)$/, ANY],
  [['Service'], /^spec\.sessionAffinity$/, 'None'],
  [['Service'], /^spec\.type$/, 'ClusterIP'],
  [['Service'], /^spec\.(internalTrafficPolicy|externalTrafficPolicy)$/, ANY],
  [['Service'], /^spec\.allocateLoadBalancerNodePorts$/, true],
  [['Service'], /^spec\.ports\[[^\]]+\]\.protocol$/, 'TCP'],
  [['Service'], /^spec\.ports\[[^\]]+\]\.targetPort$/, ANY], // defaults to port; a real difference shows on the rendered side
  [['Job'], /^spec\.(backoffLimit)$/, 6],
  [['Job'], /^spec\.(completions|parallelism)$/, 1],
  [['Job'], /^spec\.completionMode$/, 'NonIndexed'],
  [['Job', 'CronJob'], /^spec\.suspend$/, false],
  [['Job'], /^spec\.(selector\..*|template\.metadata\.labels\[?"?(controller-uid|job-name|batch\.kubernetes\.io\/.*)"?\]?.*)$/, ANY],
  [['Job'], /^spec\.template\.metadata\.labels\.(controller-uid|job-name)$/, ANY],
  [['CronJob'], /^spec\.concurrencyPolicy$/, 'Allow'],
  [['CronJob'], /^spec\.successfulJobsHistoryLimit$/, 3],
  [['CronJob'], /^spec\.failedJobsHistoryLimit$/, 1],
  [['PersistentVolumeClaim'], /^spec\.(volumeName|storageClassName|volumeMode)$/, ANY],
  [['ServiceAccount'], /^secrets\[[^\]]+\]\.name$/, ANY],
  [['ServiceAccount'], /^secrets\[\d+\]\.name$/, ANY],
];

function isDefault(kind: string, path: string, value: unknown): boolean {
  // A headless Service (clusterIP None) is not an assigned address: turning it into one is refused.
  if (kind === 'Service' && /^spec\.clusterIPs?(\[\d+\])?$/.test(path) && value === 'None') return false;
  return DEFAULTS.some(([kinds, re, v]) => (kinds === '*' || kinds.includes(kind)) && re.test(path) && (v === ANY || v === value || value === ''));
}

/**
 * The changed paths, sorted; fields only live with their default value are no change. A list
 * item or map entry present on one side only is one path (`env[FOO]`), not one per leaf.
 */
function leafDiff(rendered: Manifest, live: Manifest, kind: string): string[] {
  const a = new Map<string, any>();
  const b = new Map<string, any>();
  leaves(rendered, '', a);
  leaves(live, '', b);
  const changed = new Set<string>();
  for (const [p, v] of a) {
    if (!b.has(p)) {
      if (!isDefault(kind, p, v) || v !== defaultValueOf(kind, p)) changed.add(p);
    } else if (!sameValue(p, v, b.get(p)) && !(b.get(p) === '' && v === defaultValueOf(kind, p))) changed.add(p);
  }
  for (const [p, v] of b) if (!a.has(p) && !isDefault(kind, p, v)) changed.add(p);
  // Collapse to the shortest prefix that exists on one side only.
  const prefixes = (p: string) => {
    const out: string[] = [];
    const re = /(\.[A-Za-z0-9_$-]+|\[[^\]]*\])/g;
    const first = /^[^.[]+/.exec(p)?.[0] ?? p;
    let acc = first;
    out.push(acc);
    for (const m of p.slice(first.length).matchAll(re)) out.push((acc += m[0]));
    return out;
  };
  const hasPrefix = (m: Map<string, any>, pre: string) => [...m.keys()].some((k) => k === pre || k.startsWith(`${pre}.`) || k.startsWith(`${pre}[`));
  const out = new Set<string>();
  for (const p of changed) {
    // Labels and annotations are named one by one: each is a decision of its own.
    const onlyOneSide = !(a.has(p) && b.has(p))
      ? prefixes(p).find((pre) => !/\.(labels|annotations)$/.test(pre) && hasPrefix(a, pre) !== hasPrefix(b, pre))
      : undefined;
    out.add(onlyOneSide ?? p);
  }
  return [...out].sort();
}

/** The default of a path when it is a fixed value (a rendered field stating the default is no change). */
function defaultValueOf(kind: string, path: string): unknown {
  const rule = DEFAULTS.find(([kinds, re]) => (kinds === '*' || kinds.includes(kind)) && re.test(path));
  return rule && rule[2] !== ANY ? rule[2] : Symbol('none');
}

function sameValue(path: string, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (/(resources|storage)/.test(path)) {
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa !== undefined && qa === qb) return true;
  }
  // YAML 1.1 dumps and JSON dumps differ in scalars' types ("8080" vs 8080) only where the API server would convert.
  return typeof a !== typeof b && String(a) === String(b) && /(port|Port|replicas|value)$/.test(path);
}

const SUFFIX: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

function quantity(v: unknown): number | undefined {
  const m = /^([0-9.]+)(e[0-9]+)?([a-zA-Z]*)$/.exec(String(v));
  if (!m || !(m[3] in SUFFIX)) return undefined;
  return Number(m[1] + (m[2] ?? '')) * SUFFIX[m[3]];
}

/** StatefulSet spec fields Kubernetes lets change (apps/validation: ValidateStatefulSetUpdate). */
const STATEFULSET_MUTABLE = /^spec\.(replicas|ordinals|template|updateStrategy|persistentVolumeClaimRetentionPolicy|minReadySeconds)(\.|\[|$)/;

function refusedChanges(r: Manifest, rendered: Manifest, live: Manifest, paths: readonly string[], namespace: string): RefusedChange[] {
  const kind = r.kind;
  const name = r.metadata?.name;
  const ns = r.metadata?.namespace ?? namespace;
  const out: RefusedChange[] = [];
  const values = (o: Manifest, p: string) => {
    const m = new Map<string, any>();
    leaves(o, '', m);
    return m.get(p);
  };
  const add = (path: string, action: string, show = false) =>
    out.push({ path, action, ...(show ? { live: fmt(values(live, path)), rendered: fmt(values(rendered, path)) } : {}) });
  const orphan = `kubectl -n ${ns} delete ${kind.toLowerCase()} ${name} --cascade=orphan (the pods keep running), then sync`;
  for (const p of paths) {
    if (['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'].includes(kind) && /^spec\.selector(\.|\[|$)/.test(p)) {
      add(p, `${orphan}; delete the old pods once the new ones are ready (they no longer match the selector)`, true);
    } else if (kind === 'StatefulSet' && /^spec\./.test(p) && !STATEFULSET_MUTABLE.test(p)) {
      add(p, `${orphan}; the pods and their volume claims are adopted by the new StatefulSet`, /^spec\.(serviceName|podManagementPolicy)$/.test(p));
    } else if (kind === 'Service' && p === 'spec.clusterIP') {
      add(p, `kubectl -n ${ns} delete service ${name}, then sync (a short interruption of that Service)`, true);
    } else if (kind === 'Job' && /^spec\.(template|selector|completions|completionMode)(\.|\[|$)/.test(p)) {
      add(p, `kubectl -n ${ns} delete job ${name}, then sync (a Job re-runs from scratch)`);
    } else if (kind === 'PersistentVolumeClaim' && /^spec\./.test(p) && p !== 'spec.resources.requests.storage') {
      add(p, 'keep the live claim: set the config (storage class, size, access mode) to match it, or move the data to a new claim');
    } else if (kind === 'PersistentVolumeClaim' && p === 'spec.resources.requests.storage') {
      const a = quantity(values(rendered, p));
      const b = quantity(values(live, p));
      if (a !== undefined && b !== undefined && a < b) add(p, 'a claim never shrinks: set the size in the config to the live size', true);
    }
  }
  return out;
}

/**
 * Jobs that the GitOps tools delete and recreate on every sync (Argo CD hook with
 * `BeforeHookCreation`, Flux `force`): a changed template is no refused update for them.
 */
function recreatedByGitOps(r: Manifest, paths: readonly string[]): string | undefined {
  if (r.kind !== 'Job' || paths.length === 0) return undefined;
  const a = r.metadata?.annotations ?? {};
  const argo = a['argocd.argoproj.io/hook-delete-policy'] === 'BeforeHookCreation';
  const flux = a['kustomize.toolkit.fluxcd.io/force'] === 'Enabled';
  if (!argo || !flux) return undefined;
  return 'Argo CD (hook, BeforeHookCreation) and Flux (force) delete and recreate it on sync; with plain kubectl, delete it first';
}

function fmt(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}
