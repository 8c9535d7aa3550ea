/**
 * `gitpod-cdk8s check-nodes`: a cluster's nodes (`kubectl get nodes -o json`) against the node
 * pools its rendering needs and Gitpod's kernel / runtime requirements.
 */
import * as yaml from 'js-yaml';
import { ClusterArchitecture, WORKLOAD_LABEL_PREFIX } from '../graph/model';
import { NodePool, requiredPools } from './contract';
import { byText } from '../common/compare';

/** Gitpod 2022.11.3 install/installer/docs/overview.md ("Kernel and Runtime"); kots-preflight.yaml checks >=5.4.0. */
export const MIN_KERNEL: readonly [number, number, number] = [5, 4, 0];

export interface NodeFacts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly unschedulable: boolean;
  readonly taints: readonly { key: string; value?: string; effect: string }[];
  readonly kernelVersion?: string;
  readonly containerRuntimeVersion?: string;
  readonly osImage?: string;
  readonly architecture?: string;
}

export type Severity = 'error' | 'warning' | 'note';

export interface NodeFinding {
  readonly severity: Severity;
  readonly message: string;
}

/** Nodes from `kubectl get nodes -o json|yaml` output: a `List` / `NodeList`, one Node, or an array. */
export function parseNodes(text: string, source = 'nodes'): NodeFacts[] {
  let doc: any;
  try {
    doc = yaml.load(text); // YAML 1.2 is a superset of JSON
  } catch (e) {
    throw new Error(`${source}: neither JSON nor YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const items: any[] = Array.isArray(doc) ? doc : Array.isArray(doc?.items) ? doc.items : doc?.kind === 'Node' ? [doc] : [];
  const nodes = items.filter((n) => n?.kind === undefined || n.kind === 'Node');
  if (nodes.length === 0) throw new Error(`${source}: no Node objects (expected the output of \`kubectl get nodes -o json\`)`);
  return nodes
    .map((n) => ({
      name: String(n.metadata?.name ?? '?'),
      labels: n.metadata?.labels ?? {},
      unschedulable: n.spec?.unschedulable === true,
      taints: n.spec?.taints ?? [],
      kernelVersion: n.status?.nodeInfo?.kernelVersion,
      containerRuntimeVersion: n.status?.nodeInfo?.containerRuntimeVersion,
      osImage: n.status?.nodeInfo?.osImage,
      architecture: n.status?.nodeInfo?.architecture,
    }))
    .sort(byText((p) => p.name));
}

/** `5.15.0-1019-gcp` → [5, 15, 0]; undefined when it does not start with a version. */
export function kernelVersion(v: string | undefined): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** Whether a toleration list lets a pod onto a node with this taint (Kubernetes' matching rules). */
function tolerates(tolerations: readonly Record<string, any>[], t: { key: string; value?: string; effect: string }): boolean {
  return tolerations.some(
    (x) =>
      (x.effect === undefined || x.effect === '' || x.effect === t.effect) &&
      (x.operator === 'Exists' ? x.key === undefined || x.key === '' || x.key === t.key : x.key === t.key && (x.value ?? '') === (t.value ?? '')),
  );
}

const blocking = (n: NodeFacts) => n.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');

/** Whether every pod of the pool can be scheduled on the node (label, cordon, taints). */
function serves(n: NodeFacts, p: NodePool): boolean {
  if (n.unschedulable || !p.labels.some((l) => l in n.labels)) return false;
  return blocking(n).every((t) => p.tolerations.every((ts) => tolerates(ts, t)));
}

/** The result of checking a cluster's nodes against its node pools. */
export interface NodeCheck {
  /** The cluster checked. */
  readonly cluster: string;
  /** One finding per node and pool problem. */
  readonly findings: readonly NodeFinding[];
  /** True when a required pool has no node, or a node that runs Gitpod fails a requirement. */
  readonly failed: boolean;
}

/** Checks one cluster's nodes against its rendering. */
export function checkNodes(c: ClusterArchitecture, nodes: readonly NodeFacts[]): NodeCheck {
  const findings: NodeFinding[] = [];
  const pools = requiredPools(c);
  for (const p of pools) {
    const labels = p.labels.join(' or ');
    const serving = nodes.filter((n) => serves(n, p));
    if (serving.length > 0) {
      findings.push({ severity: 'note', message: `${labels}: ${serving.map((n) => n.name).join(', ')} (for ${p.workloads.join(', ')})` });
      continue;
    }
    const labelled = nodes.filter((n) => p.labels.some((l) => l in n.labels));
    const why = labelled.length === 0
      ? 'no node has the label'
      : `the labelled nodes cannot take the pods: ${labelled.map((n) => `${n.name} (${n.unschedulable ? 'cordoned' : `taint ${blocking(n).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')}`})`).join(', ')}`;
    findings.push({ severity: 'error', message: `missing pool ${labels}: ${why}; needed by ${p.workloads.join(', ')} (kubectl label node <node> ${p.labels[0]}=true)` });
  }
  const used = nodes.filter((n) => pools.some((p) => serves(n, p)));
  const unpinned = c.workloads.filter((w) => w.pool.length === 0).map((w) => w.name);
  for (const n of nodes.filter((x) => !used.includes(x))) {
    const stray = Object.keys(n.labels).filter((l) => l.startsWith(WORKLOAD_LABEL_PREFIX) && !pools.some((p) => p.labels.includes(l))).sort();
    findings.push({
      severity: 'warning',
      message:
        `node ${n.name} runs no Gitpod workload of cluster ${c.name}` +
        (unpinned.length > 0 ? ` (at most the unpinned ${unpinned.join(', ')})` : '') +
        (stray.length > 0 ? `; a ${c.kind} cluster uses none of its labels ${stray.join(', ')}` : ''),
    });
  }
  for (const n of used) {
    const k = kernelVersion(n.kernelVersion);
    if (!k) findings.push({ severity: 'warning', message: `node ${n.name}: kernel version unknown (${n.kernelVersion ?? 'no status.nodeInfo'})` });
    else if (!atLeast(k, MIN_KERNEL)) {
      findings.push({ severity: 'error', message: `node ${n.name}: kernel ${n.kernelVersion} is older than ${MIN_KERNEL.join('.')}, which Gitpod requires (${n.osImage ?? 'unknown OS'})` });
    }
    const runtime = n.containerRuntimeVersion;
    if (runtime === undefined) findings.push({ severity: 'warning', message: `node ${n.name}: container runtime unknown` });
    else if (!runtime.startsWith('containerd://')) {
      findings.push({ severity: 'error', message: `node ${n.name}: container runtime ${runtime}; Gitpod requires containerd` });
    }
    if (n.architecture !== undefined && n.architecture !== 'amd64') {
      findings.push({ severity: 'warning', message: `node ${n.name}: architecture ${n.architecture}; Gitpod 2022.11 is built and tested for amd64 only` });
    }
  }
  return { cluster: c.name, findings, failed: findings.some((f) => f.severity === 'error') };
}
