import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { parseConfigYaml } from '../src/config/load';
import { architectureOf, callsIn, graphOf, ServiceNode, toDot, toMermaid } from '../src/graph';
import { runCli } from './cli-bin';

const defaultRendering = buildInstallations(DEFAULT_CONFIG);
const defaultObjects = defaultRendering.installations[0].renderedObjects().map((o) => o.manifest);
const defaultArch = architectureOf(defaultRendering.installations);
const multi = parseConfigYaml(fs.readFileSync(path.join(__dirname, '..', 'examples', 'multi-cluster', 'gitpod.config.yaml'), 'utf8'));
const multiArch = architectureOf(buildInstallations(multi as never).installations);

const ID = /^[A-Za-z0-9_]+$/;

/** Structural checks of a Mermaid flowchart: balanced subgraphs, valid ids, edges between declared nodes. */
function checkMermaid(text: string): string[] {
  const problems: string[] = [];
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`header: ${lines[0]}`);
  const declared = new Set<string>();
  let depth = 0;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if ((line.match(/"/g) ?? []).length % 2 !== 0) problems.push(`unbalanced quotes: ${line}`);
    const sub = /^subgraph (\S+?)\[".*"\]$/.exec(line);
    const node = /^([^\s([{]+)(\(\(|\{\{|\[\(|\(\[|\[)".*"(\)\)|\}\}|\)\]|\]\)|\])$/.exec(line);
    const edge = /^(\S+) (-->|-\.->)(\|".*"\|)? (\S+)$/.exec(line);
    if (sub) {
      depth++;
      if (!ID.test(sub[1])) problems.push(`subgraph id: ${sub[1]}`);
    } else if (line === 'end') {
      depth--;
      if (depth < 0) problems.push('end without subgraph');
    } else if (node) {
      if (!ID.test(node[1])) problems.push(`node id: ${node[1]}`);
      if (declared.has(node[1])) problems.push(`declared twice: ${node[1]}`);
      declared.add(node[1]);
    } else if (!edge) {
      problems.push(`unparsed: ${line}`);
    }
  }
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const line of lines) {
    const edge = /^\s*(\S+) (?:-->|-\.->)(?:\|".*"\|)? (\S+)$/.exec(line);
    if (edge) for (const end of [edge[1], edge[2]]) if (!declared.has(end)) problems.push(`edge to undeclared ${end}`);
  }
  return problems;
}

/** Structural checks of a DOT digraph: balanced braces outside strings, edges between declared nodes. */
function checkDot(text: string): string[] {
  const problems: string[] = [];
  if (!text.startsWith('digraph gitpod {')) problems.push('header');
  const unquoted = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  let depth = 0;
  for (const ch of unquoted) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth < 0) problems.push('} before {');
  }
  if (depth !== 0) problems.push('unbalanced braces');
  const declared = new Set([...unquoted.matchAll(/^\s*([A-Za-z0-9_]+) \[label=/gm)].map((m) => m[1]));
  for (const m of unquoted.matchAll(/^\s*(\S+) -> (\S+?)(?: \[.*\])?;$/gm)) {
    for (const end of [m[1], m[2]]) if (!declared.has(end)) problems.push(`edge to undeclared ${end}`);
  }
  for (const m of unquoted.matchAll(/subgraph (\S+) \{/g)) if (!ID.test(m[1]) || !m[1].startsWith('cluster')) problems.push(`subgraph ${m[1]}`);
  return problems;
}

describe('graph: the architecture read from the rendering', () => {
  const mermaid = toMermaid(defaultArch);

  test('names every Service of the default installation with its ports', () => {
    const services = defaultObjects.filter((o) => o.kind === 'Service');
    expect(services.length).toBeGreaterThan(10);
    for (const s of services) {
      const ports = (s.spec.ports ?? []).map((p: { port: number }) => `:${p.port}`).join(' ');
      expect(mermaid).toContain(`svc ${s.metadata.name} ${ports}`.trim());
    }
  });

  test('shows each entry point with its type, ports and host names', () => {
    const entries = defaultObjects.filter((o) => o.kind === 'Service' && ['LoadBalancer', 'NodePort'].includes(o.spec.type));
    expect(entries.length).toBeGreaterThan(0);
    for (const s of entries) {
      const line = mermaid.split('\n').find((l) => l.includes(`{{"${s.spec.type} ${s.metadata.name}<br/>`));
      expect(line).toBeDefined();
      for (const p of s.spec.ports) expect(line).toContain(`:${p.port}`);
      for (const h of ['gitpod.example.com', '*.gitpod.example.com', '*.ws.gitpod.example.com']) expect(line).toContain(`<br/>${h}<br/>`);
      expect(mermaid).toContain(`users --> entry__gitpod__${s.metadata.name}`);
    }
  });

  test('every workload is in the pool of its required node affinity', () => {
    for (const o of defaultObjects.filter((x) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(x.kind))) {
      const terms = o.spec.template.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
      const keys = terms.flatMap((t: any) => t.matchExpressions.map((e: any) => e.key)).sort();
      expect(defaultArch.clusters[0].workloads.find((w) => w.name === o.metadata.name)?.pool).toEqual(keys);
    }
    const meta = mermaid.slice(mermaid.indexOf('nodes with gitpod.io/workload_meta"]'));
    expect(meta.slice(0, meta.indexOf('end')).includes('w__gitpod__server[')).toBe(true);
  });

  test('draws the calls its config names, and mounts', () => {
    const proxy = defaultArch.clusters[0].workloads.find((w) => w.name === 'proxy')!;
    expect(proxy.calls.map((c) => c.service)).toContain('server');
    expect(proxy.secrets).toContain('https-certificates');
    expect(mermaid).toMatch(/w__gitpod__proxy -->\|":3000"\| w__gitpod__server/);
    expect(mermaid).toContain('w__gitpod__minio -.-> pvc__gitpod__minio');
  });

  test('Mermaid and DOT output are structurally sound and identical on every run', () => {
    for (const arch of [defaultArch, multiArch]) {
      expect(checkMermaid(toMermaid(arch))).toEqual([]);
      expect(checkDot(toDot(arch))).toEqual([]);
    }
    expect(toMermaid(architectureOf(buildInstallations(DEFAULT_CONFIG).installations))).toBe(mermaid);
  });

  test('a fleet: one subgraph per cluster, workspace entry points, calls to the application cluster', () => {
    expect(multiArch.clusters.map((c) => c.name)).toEqual(['meta', 'ws-eu', 'ws-us']);
    const text = toMermaid(multiArch);
    for (const c of ['meta', 'ws_eu', 'ws_us']) expect(text).toContain(`subgraph cluster__${c}[`);
    const wsProxy = multiArch.clusters[1].services.find((s) => s.name === 'ws-proxy')!;
    expect(wsProxy.type).toBe('LoadBalancer');
    expect(wsProxy.hostnames).toEqual(['*.ws-eu.gitpod.acme.dev', '*.ssh.ws-eu.gitpod.acme.dev']);
    expect(multiArch.clusters[1].crossCluster).toContainEqual({ from: 'ws-manager', cluster: 'meta', service: 'proxy', host: 'gitpod.acme.dev' });
    expect(text).toContain('w__ws_eu__ws_manager -.->|"gitpod.acme.dev"| entry__meta__proxy');
    expect(graphOf(multi as never, { cluster: 'ws-us' })).not.toContain('cluster__meta');
  });

  test('a NodePort entry without external-dns annotation serves the names of the certificate its pods mount', () => {
    const input = { apiVersion: 'v1', domain: 'gitpod.example.com', components: { proxy: { service: { serviceType: 'NodePort' } } } };
    const proxy = architectureOf(buildInstallations(input as never).installations).clusters[0].services.find((s) => s.name === 'proxy')!;
    expect(proxy.type).toBe('NodePort');
    expect(proxy.hostnames).toEqual(['gitpod.example.com', '*.gitpod.example.com', '*.ws.gitpod.example.com']);
    // An internal Service has no public names.
    expect(defaultArch.clusters[0].services.find((s) => s.name === 'server')!.hostnames).toEqual([]);
  });

  test('an address counts when qualified or with a port of the Service; a bare word does not', () => {
    const svc = (name: string, port: number): ServiceNode => ({ name, type: 'ClusterIP', ports: [{ port }], selects: [], hostnames: [] });
    const services = [svc('server', 3000), svc('db', 3306), svc('minio', 9000)];
    expect(callsIn(['http://server.gitpod.svc.cluster.local:3000/api'], services, 'gitpod')).toEqual([{ service: 'server', port: 3000 }]);
    expect(callsIn(['minio:9000'], services, 'gitpod')).toEqual([{ service: 'minio', port: 9000 }]);
    expect(callsIn(['the server is up', 'minio:1234', 'server.other:3000'], services, 'gitpod')).toEqual([]);
    expect(callsIn([], services, 'gitpod', ['db'])).toEqual([{ service: 'db' }]);
  });

  test('markdown: the picture plus a row per workload with its Secrets, ConfigMaps and volumes', () => {
    const page = graphOf(DEFAULT_CONFIG, { format: 'markdown', source: 'c.yaml' });
    expect(page).toContain('<!-- Generated by `gitpod-cdk8s graph --format markdown` from c.yaml. -->');
    expect(page).toContain('```mermaid\n' + mermaid);
    for (const w of defaultArch.clusters[0].workloads) expect(page).toContain(`| \`${w.name}\` (${w.kind}) |`);
    expect(page).toMatch(/\| `minio` \(Deployment\) \| meta \| `minio :9000 :9001` \|[^\n]*\| `minio` \|  \| `minio` \|\n/);
  });

  test('graph rejects an unknown format and an unknown cluster', () => {
    expect(() => graphOf(DEFAULT_CONFIG, { format: 'png' })).toThrow('--format png: allowed are mermaid, dot, markdown');
    expect(() => graphOf(DEFAULT_CONFIG, { cluster: 'nope' })).toThrow('no cluster nope; the config has: gitpod');
  });

  test('the CLI prints the picture (the shipped bin)', () => {
    const r = runCli(['graph', '--config', '-', '--format', 'dot'], { input: 'apiVersion: v1\ndomain: gitpod.example.com\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(toDot(defaultArch));
  });
});
