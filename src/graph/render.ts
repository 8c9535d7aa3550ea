/**
 * Drawings of an `Architecture`: Mermaid (renders on GitHub and most Git web UIs), Graphviz DOT,
 * and a Markdown page (the Mermaid picture plus tables of what the picture leaves out).
 * Everything is sorted in the model, so the same rendering always gives the same text.
 */
import { Architecture, ClusterArchitecture, isEntryPoint, ServiceNode, WorkloadNode } from './model';
import { byText, compareText } from '../common/compare';

export type GraphFormat = 'mermaid' | 'dot' | 'markdown';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'markdown'];

/** A node or subgraph id: letters, digits and `_` only (valid in Mermaid and DOT alike). */
export function graphId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '_')).join('__');
}

type Shape = 'workload' | 'entry' | 'claim' | 'users' | 'service';

interface Drawing {
  /** Nested groups: cluster → pool. */
  readonly groups: { id: string; label: string; children: { id: string; label: string; nodes: DrawnNode[] }[]; nodes: DrawnNode[] }[];
  readonly nodes: DrawnNode[];
  readonly edges: { from: string; to: string; label?: string; dashed?: boolean }[];
}

interface DrawnNode {
  readonly id: string;
  readonly lines: string[];
  readonly shape: Shape;
}

const ports = (s: ServiceNode) => s.ports.map((p) => `:${p.port}${p.nodePort ? `→${p.nodePort}` : ''}`).join(' ');

function poolLabel(pool: readonly string[]): string {
  return pool.length === 0 ? 'any node (no gitpod.io/workload_* affinity)' : `nodes with ${pool.join(' or ')}`;
}

/** The shapes and lines both formats draw. */
function layout(arch: Architecture): Drawing {
  const users: DrawnNode = { id: 'users', lines: ['users'], shape: 'users' };
  const groups: Drawing['groups'] = [];
  const edges: Drawing['edges'] = [];
  for (const c of arch.clusters) {
    const wid = (w: string) => graphId('w', c.name, w);
    const sid = (s: string) => graphId('svc', c.name, s);
    const pools = new Map<string, WorkloadNode[]>();
    for (const w of c.workloads) pools.set(w.pool.join(' '), [...(pools.get(w.pool.join(' ')) ?? []), w]);
    const poolKeys = [...pools.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compareText(a, b)));
    const children = poolKeys.map((key) => ({
      id: graphId('pool', c.name, key || 'any'),
      label: poolLabel(pools.get(key)![0].pool),
      nodes: pools.get(key)!.map((w) => workloadNode(c, w, wid(w.name))),
    }));
    const own: DrawnNode[] = [];
    // A Service that selects no workload of the rendering is drawn on its own.
    for (const s of c.services.filter((x) => x.selects.length === 0)) own.push({ id: sid(s.name), lines: [`Service ${s.name}`, ports(s)], shape: 'service' });
    for (const s of c.services.filter(isEntryPoint)) {
      const id = graphId('entry', c.name, s.name);
      own.push({ id, lines: [`${s.type} ${s.name}`, ...s.hostnames, ports(s)], shape: 'entry' });
      edges.push({ from: users.id, to: id });
      for (const w of s.selects) edges.push({ from: id, to: wid(w) });
    }
    for (const claim of c.claims) own.push({ id: graphId('pvc', c.name, claim.name), lines: [`PVC ${claim.name}`, ...(claim.size ? [claim.size] : [])], shape: 'claim' });
    groups.push({ id: graphId('cluster', c.name), label: `cluster ${c.name}: ${c.kind}, namespace ${c.namespace}`, children, nodes: own });
    for (const w of c.workloads) {
      const targets = new Map<string, string[]>();
      for (const call of w.calls) {
        const s = c.services.find((x) => x.name === call.service)!;
        for (const to of s.selects.length > 0 ? s.selects.map(wid) : [sid(s.name)]) {
          if (to === wid(w.name)) continue;
          targets.set(to, [...(targets.get(to) ?? []), call.port !== undefined ? `:${call.port}` : s.name]);
        }
      }
      for (const [to, labels] of [...targets].sort(byText(([to]) => to))) edges.push({ from: wid(w.name), to, label: [...new Set(labels)].join(' ') });
      for (const p of w.pvcs) edges.push({ from: wid(w.name), to: graphId('pvc', c.name, p), dashed: true });
    }
    for (const x of c.crossCluster) {
      const entry = graphId('entry', x.cluster, x.service);
      edges.push({ from: wid(x.from), to: entry, label: x.host, dashed: true });
    }
  }
  return { groups, nodes: [users], edges };
}

function workloadNode(c: ClusterArchitecture, w: WorkloadNode, id: string): DrawnNode {
  const services = c.services.filter((s) => s.selects.includes(w.name)).map((s) => `svc ${s.name} ${ports(s)}`.trim());
  return { id, lines: [`${w.name} (${w.kind})`, ...services], shape: 'workload' };
}

const mermaidText = (lines: string[]) => lines.map((l) => l.replace(/"/g, '#quot;')).join('<br/>');

function mermaidNode(n: DrawnNode): string {
  const t = `"${mermaidText(n.lines)}"`;
  switch (n.shape) {
    case 'users':
      return `${n.id}((${t}))`;
    case 'entry':
      return `${n.id}{{${t}}}`;
    case 'claim':
      return `${n.id}[(${t})]`;
    case 'service':
      return `${n.id}([${t}])`;
    default:
      return `${n.id}[${t}]`;
  }
}

/** A Mermaid flowchart (without the ```mermaid fence). */
export function toMermaid(arch: Architecture): string {
  const d = layout(arch);
  const out = ['flowchart LR'];
  for (const n of d.nodes) out.push(`  ${mermaidNode(n)}`);
  for (const g of d.groups) {
    out.push(`  subgraph ${g.id}["${mermaidText([g.label])}"]`);
    for (const p of g.children) {
      out.push(`    subgraph ${p.id}["${mermaidText([p.label])}"]`);
      for (const n of p.nodes) out.push(`      ${mermaidNode(n)}`);
      out.push('    end');
    }
    for (const n of g.nodes) out.push(`    ${mermaidNode(n)}`);
    out.push('  end');
  }
  for (const e of d.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}${e.label ? `|"${mermaidText([e.label])}"|` : ''} ${e.to}`);
  }
  return out.join('\n') + '\n';
}

const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const DOT_SHAPES: Record<Shape, string> = { workload: 'box', entry: 'hexagon', claim: 'cylinder', users: 'ellipse', service: 'oval' };

function dotNode(n: DrawnNode): string {
  const label = n.lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n');
  return `${n.id} [label="${label}", shape=${DOT_SHAPES[n.shape]}];`;
}

/** A Graphviz digraph (`dot -Tsvg`). */
export function toDot(arch: Architecture): string {
  const d = layout(arch);
  const out = ['digraph gitpod {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of d.nodes) out.push(`  ${dotNode(n)}`);
  for (const g of d.groups) {
    out.push(`  subgraph ${graphId('cluster', g.id)} {`, `    label=${dotString(g.label)};`);
    for (const p of g.children) {
      // Graphviz draws a subgraph as a box only when its name starts with "cluster".
      out.push(`    subgraph ${graphId('cluster', p.id)} {`, `      label=${dotString(p.label)};`, '      style=dashed;');
      for (const n of p.nodes) out.push(`      ${dotNode(n)}`);
      out.push('    }');
    }
    for (const n of g.nodes) out.push(`    ${dotNode(n)}`);
    out.push('  }');
  }
  for (const e of d.edges) {
    const attrs = [...(e.label ? [`label=${dotString(e.label)}`] : []), ...(e.dashed ? ['style=dashed'] : [])];
    out.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** `markdown`: the Mermaid picture with tables of entry points, workloads, calls and mounts (`source` names the config). */
export function renderGraph(arch: Architecture, format: GraphFormat, source = 'the config'): string {
  if (format === 'markdown') return architectureMarkdown(arch, 'Architecture', `Generated by \`gitpod-cdk8s graph --format markdown\` from ${source}.`);
  return format === 'dot' ? toDot(arch) : toMermaid(arch);
}

const cell = (xs: readonly string[]) => (xs.length === 0 ? '' : xs.map((x) => `\`${x}\``).join(', '));

/**
 * A Markdown page (`note` goes into a comment at the top): the Mermaid picture, then per cluster the entry points and a table of every
 * workload with its nodes, Services, calls and mounts (too many for a readable picture).
 */
export function architectureMarkdown(arch: Architecture, title: string, note: string): string {
  const out = [
    `# ${title}`,
    '',
    `<!-- ${note} -->`,
    '',
    'Solid arrows: traffic (entry points to the workloads their Service selects; a workload to a Service',
    'whose address its env, args or mounted ConfigMaps name, labelled with the port). Dashed: volumes',
    'and calls to another cluster through its public host name. Boxes group workloads by the node',
    'labels their required node affinity asks for.',
    '',
    '```mermaid',
    toMermaid(arch).trimEnd(),
    '```',
  ];
  if (arch.clusters.length > 1) {
    out.push(
      '',
      'Not in the picture: the application cluster\'s ws-manager-bridge reaches each workspace cluster\'s',
      'ws-manager at the address registered at run time (gitpod 2022.11.3 `dev/gpctl/cmd/clusters-register.go`),',
      'which no rendered object names.',
    );
  }
  for (const c of arch.clusters) {
    out.push('', `## cluster \`${c.name}\` (${c.kind}, namespace \`${c.namespace}\`)`, '');
    const entries = c.services.filter(isEntryPoint);
    if (entries.length > 0) {
      out.push('| entry point | type | ports | host names |', '| --- | --- | --- | --- |');
      for (const s of entries) out.push(`| \`${s.name}\` | ${s.type} | ${ports(s)} | ${cell(s.hostnames)} |`);
      out.push('');
    }
    out.push('| workload | nodes | Services | calls | Secrets | ConfigMaps | volumes |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const w of c.workloads) {
      const svcs = c.services.filter((s) => s.selects.includes(w.name)).map((s) => `${s.name} ${ports(s)}`.trim());
      const calls = [
        ...w.calls.map((x) => `${x.service}${x.port !== undefined ? `:${x.port}` : ''}`),
        ...c.crossCluster.filter((x) => x.from === w.name).map((x) => `${x.host} (cluster ${x.cluster})`),
      ];
      const pool = w.pool.length === 0 ? 'any' : w.pool.map((p) => p.replace('gitpod.io/workload_', '')).join(' or ');
      out.push(`| \`${w.name}\` (${w.kind}) | ${pool} | ${cell(svcs)} | ${cell(calls)} | ${cell(w.secrets)} | ${cell(w.configMaps)} | ${cell(w.pvcs)} |`);
    }
  }
  return out.join('\n') + '\n';
}
