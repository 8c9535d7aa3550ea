/**
 * The architecture of a rendering, read from its objects alone (no list of components by hand):
 * which workloads run where (node pools from their required node affinity), which Services select
 * them, which Services each one calls (addresses in env, args and mounted ConfigMaps), what they
 * mount, and how traffic enters (LoadBalancer / NodePort Services). `gitpod-cdk8s graph` draws it.
 */
import type { GitpodInstallation } from '../installation';
import { Manifest } from '../validation/findings';
import { containersOf, mapSelectorMatches, podTemplateOf } from '../validation/objects';
import { IMAGE_BUILT_IN_ADDRESSES, imageName } from './image-config';
import type { ValueSource } from '../secrets/generate';
import { byText, compareText } from '../common/compare';

/** The prefix of the node labels Gitpod schedules on. */
export const WORKLOAD_LABEL_PREFIX = 'gitpod.io/workload_';

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly nodePort?: number;
}

export interface ServiceNode {
  readonly name: string;
  readonly type: string;
  readonly ports: readonly ServicePort[];
  /** Names of the workloads whose pods it selects (sorted). */
  readonly selects: readonly string[];
  /** Public host names (LoadBalancer / NodePort only; empty when none is known). */
  readonly hostnames: readonly string[];
}

/** A call from a workload to a Service of the same cluster, found in its config. */
export interface ServiceCall {
  readonly service: string;
  /** The port named in the address; undefined when the address had none. */
  readonly port?: number;
}

export interface WorkloadNode {
  readonly name: string;
  readonly kind: string;
  /** The output file (component) it belongs to. */
  readonly component: string;
  /**
   * The `gitpod.io/workload_*` labels of its required node affinity: a node needs any one of
   * them (ORed terms). Empty: it may run on any node.
   */
  readonly pool: readonly string[];
  readonly secrets: readonly string[];
  readonly configMaps: readonly string[];
  readonly pvcs: readonly string[];
  readonly calls: readonly ServiceCall[];
  /** Its pods' tolerations, as written (for the node check). */
  readonly tolerations: readonly Manifest[];
}

export interface VolumeClaim {
  readonly name: string;
  readonly size?: string;
  /** The workload whose volumeClaimTemplates make it (StatefulSets). */
  readonly template?: boolean;
}

/** A call to another cluster's public entry point (a host name it serves, found in the config). */
export interface CrossClusterCall {
  readonly from: string;
  readonly cluster: string;
  readonly service: string;
  readonly host: string;
}

export interface ClusterArchitecture {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly workloads: readonly WorkloadNode[];
  readonly services: readonly ServiceNode[];
  readonly claims: readonly VolumeClaim[];
  readonly crossCluster: readonly CrossClusterCall[];
}

export interface Architecture {
  readonly clusters: readonly ClusterArchitecture[];
}

/** Entry points: the Services reachable from outside the cluster. */
export function isEntryPoint(s: ServiceNode): boolean {
  return s.type === 'LoadBalancer' || s.type === 'NodePort';
}

const byName = byText<{ name: string }>((x) => x.name);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The architecture of every cluster of a rendering (clusters in rendering order). */
export function architectureOf(installations: readonly GitpodInstallation[]): Architecture {
  const partial = installations.map((inst) => clusterOf(inst));
  // Second pass: calls across clusters need every cluster's entry points.
  const clusters = partial.map((c, i) => ({ ...c.arch, crossCluster: crossClusterCalls(c, partial.filter((_, j) => j !== i)) }));
  return { clusters };
}

interface PartialCluster {
  readonly arch: Omit<ClusterArchitecture, 'crossCluster'>;
  /** Text each workload is configured with (env values, args, mounted ConfigMap data). */
  readonly texts: ReadonlyMap<string, string[]>;
}

function clusterOf(inst: GitpodInstallation): PartialCluster {
  const objects = inst.renderedObjects();
  const manifests = objects.map((o) => o.manifest);
  const namespace = inst.context.namespace;
  const configMaps = new Map(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name as string, m]));
  const pods = objects
    .map((o) => ({ o, at: podTemplateOf(o.manifest) }))
    .filter((x) => x.at !== undefined)
    .map(({ o, at }) => ({ manifest: o.manifest, component: o.component, template: at!.template }));

  const rawServices: (ServiceNode & { manifest: Manifest })[] = manifests
    .filter((m) => m.kind === 'Service')
    .map((m) => ({
      name: m.metadata.name,
      type: m.spec?.type ?? 'ClusterIP',
      ports: (m.spec?.ports ?? []).map((p: Manifest) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      })),
      selects: m.spec?.selector
        ? sorted(pods.filter((p) => mapSelectorMatches(m.spec.selector, p.template.metadata?.labels)).map((p) => p.manifest.metadata.name))
        : [],
      hostnames: [] as string[],
      manifest: m,
    }))
    .sort(byName);
  const services: ServiceNode[] = rawServices.map(({ manifest: _, ...s }) => s);

  const secretValues = plainSecretValues(inst);
  const texts = new Map<string, string[]>();
  const workloads: WorkloadNode[] = pods
    .map(({ manifest, component, template }) => {
      const spec = template.spec ?? {};
      const volumes: Manifest[] = spec.volumes ?? [];
      const projected = volumes.flatMap((v) => v.projected?.sources ?? []);
      const containers = containersOf(spec).map((c) => c.container);
      const envFromCm = containers.flatMap((c) => (c.envFrom ?? []).map((e: Manifest) => e.configMapRef?.name)).filter(Boolean);
      const envFromSecret = containers.flatMap((c) => (c.envFrom ?? []).map((e: Manifest) => e.secretRef?.name)).filter(Boolean);
      const envSecrets = containers.flatMap((c) => (c.env ?? []).map((e: Manifest) => e.valueFrom?.secretKeyRef?.name)).filter(Boolean);
      const envConfigMaps = containers.flatMap((c) => (c.env ?? []).map((e: Manifest) => e.valueFrom?.configMapKeyRef?.name)).filter(Boolean);
      const cms = sorted([
        ...volumes.map((v) => v.configMap?.name),
        ...projected.map((s: Manifest) => s.configMap?.name),
        ...envFromCm,
        ...envConfigMaps,
      ].filter(Boolean));
      const secrets = sorted([
        ...volumes.map((v) => v.secret?.secretName),
        ...projected.map((s: Manifest) => s.secret?.name),
        ...envFromSecret,
        ...envSecrets,
        ...(spec.imagePullSecrets ?? []).map((s: Manifest) => s.name),
      ].filter(Boolean));
      const templates: Manifest[] = manifest.spec?.volumeClaimTemplates ?? [];
      const pvcs = sorted([
        ...volumes.map((v) => v.persistentVolumeClaim?.claimName).filter(Boolean),
        ...templates.map((t) => `${t.metadata?.name}-${manifest.metadata.name}-*`),
      ]);
      const env = envOf(containers, namespace, secretValues);
      const text = [
        ...containers.flatMap((c) => [
          ...(c.env ?? []).map((e: Manifest) => env.get(e.name) ?? ''),
          ...(c.args ?? []),
          ...(c.command ?? []),
          ...(IMAGE_BUILT_IN_ADDRESSES[imageName(String(c.image ?? ''))] ?? []),
        ]),
        ...cms.flatMap((n) => Object.values(configMaps.get(n)?.data ?? {}) as string[]),
      ]
        .filter((t) => typeof t === 'string' && t !== '')
        .map((t) => expand(t, env));
      texts.set(manifest.metadata.name, text);
      const name: string = manifest.metadata.name;
      return {
        name,
        kind: manifest.kind,
        component,
        pool: poolOf(spec),
        secrets,
        configMaps: cms,
        pvcs,
        tolerations: spec.tolerations ?? [],
        calls: callsIn(text, services, namespace, [...env.values()]).filter((c) => !services.find((s) => s.name === c.service)?.selects.includes(name)),
      };
    })
    .sort(byName);

  const claims: VolumeClaim[] = [
    ...manifests
      .filter((m) => m.kind === 'PersistentVolumeClaim')
      .map((m) => ({ name: m.metadata.name as string, size: m.spec?.resources?.requests?.storage as string | undefined })),
    ...pods.flatMap(({ manifest }) =>
      ((manifest.spec?.volumeClaimTemplates ?? []) as Manifest[]).map((t) => ({
        name: `${t.metadata?.name}-${manifest.metadata.name}-*`,
        size: t.spec?.resources?.requests?.storage as string | undefined,
        template: true,
      })),
    ),
  ].sort(byName);

  return {
    arch: {
      name: inst.node.id,
      kind: inst.context.kind,
      namespace,
      workloads,
      // Host names need the workloads: whoever serves the public certificate serves its names.
      services: rawServices.map(({ manifest, ...s }) => ({ ...s, hostnames: entryHostnames(manifest, inst, workloads.filter((w) => s.selects.includes(w.name))) })),
      claims,
    },
    texts,
  };
}

/**
 * The workload's env as the processes see it: literal values, the pod's namespace from the
 * downward API, and the fixed (non-random) keys of the Secrets the installation owns (`mysql`
 * `host: db`).
 */
function envOf(containers: readonly Manifest[], namespace: string, secretValues: ReadonlyMap<string, string>): Map<string, string> {
  const env = new Map<string, string>();
  for (const c of containers) {
    for (const e of (c.env ?? []) as Manifest[]) {
      const ref = e.valueFrom?.secretKeyRef;
      if (typeof e.value === 'string') env.set(e.name, e.value);
      else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env.set(e.name, namespace);
      else if (ref && secretValues.has(`${ref.name}/${ref.key}`)) env.set(e.name, secretValues.get(`${ref.name}/${ref.key}`)!);
    }
  }
  return env;
}

/** `secret/key` → value for the keys of owned Secrets that are fixed, drawn with a source that yields no material. */
function plainSecretValues(inst: GitpodInstallation): Map<string, string> {
  const none: ValueSource = {
    password: () => '',
    base64: () => '',
    bcrypt: () => '',
    certificate: () => ({ cert: '', key: '' }) as never,
  };
  const out = new Map<string, string>();
  for (const s of inst.secretPlan().filter((p) => p.source === 'generated' && p.generate)) {
    try {
      for (const [k, v] of Object.entries(s.generate!(none))) if (typeof v === 'string' && v !== '') out.set(`${s.name}/${k}`, v);
    } catch {
      // a generator that needs real material tells nothing about addresses
    }
  }
  return out;
}

/** Expands `{$VAR}` (Caddy), `$(VAR)` (Kubernetes) and `${VAR}` placeholders that the env defines. */
function expand(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\{\$([A-Za-z_][A-Za-z0-9_]*)\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, a, b, c) => env.get(a ?? b ?? c) ?? m);
}

/** The `gitpod.io/workload_*` keys of a pod spec's required node affinity (sorted). */
export function poolOf(spec: Manifest): string[] {
  const terms: Manifest[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const keys = terms.flatMap((t) => (t.matchExpressions ?? []).map((e: Manifest) => String(e.key)));
  return sorted([...keys, ...Object.keys(spec.nodeSelector ?? {})].filter((k) => k.startsWith(WORKLOAD_LABEL_PREFIX)));
}

/**
 * Public host names of an entry point: the external-dns annotation where the rendering sets one;
 * else, when its pods mount the public certificate (`certificate.name`), the names that
 * certificate covers for this cluster: `<domain>`, `*.<domain>` and the workspace host with a
 * WebApp, only the workspace host in a cluster that serves workspaces alone.
 */
function entryHostnames(m: Manifest, inst: GitpodInstallation, selected: readonly WorkloadNode[]): string[] {
  const type = m.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
  const annotated = m.metadata?.annotations?.['external-dns.alpha.kubernetes.io/hostname'];
  if (typeof annotated === 'string') return annotated.split(',').map((h) => h.trim()).filter(Boolean);
  const ctx = inst.context;
  if (!selected.some((w) => w.secrets.includes(ctx.config.certificate.name))) return [];
  const workspaces = ctx.includes('workspace') ? [`*.${ctx.workspaceHost}`] : [];
  return ctx.includes('webapp') ? [ctx.domain, `*.${ctx.domain}`, ...workspaces] : workspaces;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The Services a workload's config names: `<svc>.<ns>.svc.cluster.local[:port]`, `<svc>.<ns>.svc[:port]`,
 * `<svc>.<ns>[:port]` or the short `<svc>:<port>` with one of the Service's ports (a bare word is
 * not taken for an address, except as the whole value of an env var such as `DB_HOST=db`).
 */
export function callsIn(texts: readonly string[], services: readonly ServiceNode[], namespace: string, envValues: readonly string[] = []): ServiceCall[] {
  const found = new Map<string, ServiceCall>();
  for (const v of envValues) if (services.some((s) => s.name === v)) found.set(`${v}:`, { service: v });
  const all = texts.join('\n');
  for (const s of services) {
    const re = new RegExp(`(?<![\\w.-])${escapeRe(s.name)}(\\.${escapeRe(namespace)}(?:\\.svc(?:\\.cluster\\.local)?)?)?(?::(\\d+))?(?![\\w-])`, 'g');
    for (const m of all.matchAll(re)) {
      const qualified = m[1] !== undefined;
      const port = m[2] !== undefined ? Number(m[2]) : undefined;
      const known = port !== undefined && s.ports.some((p) => p.port === port);
      if (!qualified && !known) continue;
      if (qualified && port !== undefined && !known) continue;
      found.set(`${s.name}:${port ?? ''}`, { service: s.name, ...(port !== undefined ? { port } : {}) });
    }
  }
  // One call per Service, with its ports: an address without a port adds nothing when a port is named.
  const out: ServiceCall[] = [];
  for (const c of found.values()) {
    if (c.port === undefined && [...found.values()].some((o) => o.service === c.service && o.port !== undefined)) continue;
    out.push(c);
  }
  return out.sort((a, b) => compareText(a.service, b.service) || (a.port ?? 0) - (b.port ?? 0));
}

/**
 * Calls to a host name another cluster's entry point serves. Exact names only: a wildcard
 * (`*.<domain>`) would also take sub-domains a cluster serves itself (`reg.<domain>`) for calls.
 */
function crossClusterCalls(c: PartialCluster, others: readonly PartialCluster[]): CrossClusterCall[] {
  const out: CrossClusterCall[] = [];
  for (const [from, texts] of c.texts) {
    const hosts = new Set(texts.flatMap((t) => t.match(/(?<![\w.-])[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(?![\w-])/gi) ?? []).map((h) => h.toLowerCase()));
    for (const other of others) {
      for (const s of other.arch.services.filter(isEntryPoint)) {
        const host = [...hosts].sort().find((h) => s.hostnames.includes(h));
        if (host) out.push({ from, cluster: other.arch.name, service: s.name, host });
      }
    }
  }
  const key = (x: CrossClusterCall) => `${x.from} ${x.cluster} ${x.service}`;
  return out.sort(byText(key));
}
