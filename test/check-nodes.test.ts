import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { DEFAULT_CONFIG } from '../src/app';
import { checkNodesOf, kernelVersion, parseNodes } from '../src/nodes';
import { fleetConfig, workspaceCluster } from './fleet-configs';
import { runCli } from './cli-bin';

const ALL = ['meta', 'ide', 'workspace_services', 'workspace_regular', 'workspace_headless'].map((l) => `gitpod.io/workload_${l}`);

interface NodeOpts {
  kernel?: string;
  runtime?: string;
  arch?: string;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
}

function node(name: string, labels: string[], o: NodeOpts = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...Object.fromEntries(labels.map((l) => [l, 'true'])) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      nodeInfo: {
        kernelVersion: o.kernel ?? '5.15.0-1019-gcp',
        containerRuntimeVersion: o.runtime ?? 'containerd://1.6.6',
        osImage: 'Ubuntu 22.04.1 LTS',
        architecture: o.arch ?? 'amd64',
      },
    },
  };
}

/** `kubectl get nodes -o json` output. */
const list = (...items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });

const errors = (r: ReturnType<typeof checkNodesOf>) => r.findings.filter((f) => f.severity === 'error').map((f) => f.message);
const warnings = (r: ReturnType<typeof checkNodesOf>) => r.findings.filter((f) => f.severity === 'warning').map((f) => f.message);

describe('check-nodes', () => {
  test('two pools with every label pass', () => {
    const r = checkNodesOf(DEFAULT_CONFIG, list(node('meta-1', ALL.slice(0, 2)), node('ws-1', ALL.slice(2))));
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([]);
    expect(r.failed).toBe(false);
    expect(r.findings.map((f) => f.message)).toContain('gitpod.io/workload_meta: meta-1 (for content-service, dashboard, ide-metrics, ide-proxy, ide-service, image-builder-mk3, messagebus, migrations, minio, mysql, proxy, public-api-server, server, ws-manager-bridge)');
  });

  test('nodes without the labels: every pool is missing, and the nodes run nothing', () => {
    const r = checkNodesOf(DEFAULT_CONFIG, list(node('a', []), node('b', [])));
    expect(r.failed).toBe(true);
    const missing = errors(r);
    for (const l of ALL) expect(missing.some((m) => m.startsWith(`missing pool ${l}`) || m.includes(` or ${l}:`))).toBe(true);
    expect(missing).toContain(
      'missing pool gitpod.io/workload_workspace_regular: no node has the label; needed by workspaces (created by ws-manager) (kubectl label node <node> gitpod.io/workload_workspace_regular=true)',
    );
    expect(warnings(r)).toEqual([
      'node a runs no Gitpod workload of cluster gitpod (at most the unpinned gitpod-telemetry, registry)',
      'node b runs no Gitpod workload of cluster gitpod (at most the unpinned gitpod-telemetry, registry)',
    ]);
  });

  test('one missing label fails naming the pool and who needs it', () => {
    const r = checkNodesOf(DEFAULT_CONFIG, list(node('meta-1', ['gitpod.io/workload_meta']), node('ws-1', ALL.slice(2))));
    expect(errors(r)).toEqual([
      'missing pool gitpod.io/workload_ide: no node has the label; needed by blobserve, openvsx-proxy (kubectl label node <node> gitpod.io/workload_ide=true)',
    ]);
  });

  test('an old kernel or another runtime fails; another architecture warns', () => {
    const r = checkNodesOf(
      DEFAULT_CONFIG,
      list(node('meta-1', ALL.slice(0, 2), { kernel: '4.19.0-21-amd64' }), node('ws-1', ALL.slice(2), { runtime: 'docker://20.10.17', arch: 'arm64' })),
    );
    expect(r.failed).toBe(true);
    expect(errors(r)).toEqual([
      'node meta-1: kernel 4.19.0-21-amd64 is older than 5.4.0, which Gitpod requires (Ubuntu 22.04.1 LTS)',
      'node ws-1: container runtime docker://20.10.17; Gitpod requires containerd',
    ]);
    expect(warnings(r)).toEqual(['node ws-1: architecture arm64; Gitpod 2022.11 is built and tested for amd64 only']);
    expect(kernelVersion('5.4.0-1089-azure')).toEqual([5, 4, 0]);
    expect(errors(checkNodesOf(DEFAULT_CONFIG, list(node('all', ALL, { kernel: '5.4.0-1089-azure' }))))).toEqual([]);
  });

  test('a cordoned node or an untolerated taint does not count', () => {
    const r = checkNodesOf(
      DEFAULT_CONFIG,
      list(node('meta-1', ALL.slice(0, 2), { unschedulable: true }), node('ws-1', ALL.slice(2), { taints: [{ key: 'dedicated', value: 'ws', effect: 'NoSchedule' }] })),
    );
    expect(errors(r)).toContain(
      'missing pool gitpod.io/workload_meta: the labelled nodes cannot take the pods: meta-1 (cordoned); needed by content-service, dashboard, ide-metrics, ide-proxy, ide-service, image-builder-mk3, messagebus, migrations, minio, mysql, proxy, public-api-server, server, ws-manager-bridge (kubectl label node <node> gitpod.io/workload_meta=true)',
    );
    expect(errors(r).some((m) => m.includes('ws-1 (taint dedicated=ws:NoSchedule)'))).toBe(true);
    // A PreferNoSchedule taint does not keep pods away.
    expect(checkNodesOf(DEFAULT_CONFIG, list(node('all', ALL, { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }))).failed).toBe(false);
  });

  test('a workspace cluster of a fleet needs the workspace pools, not the IDE; a fleet needs --cluster', () => {
    const fleet = { apiVersion: 'v1', ...fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws', 'eu')]) };
    const nodes = list(node('svc-1', ['gitpod.io/workload_workspace_services', 'gitpod.io/workload_meta']), node('ws-1', ALL.slice(3)));
    const r = checkNodesOf(fleet as never, nodes, { cluster: 'ws' });
    expect(r.failed).toBe(false);
    expect(r.findings.some((f) => f.message.includes('workload_ide'))).toBe(false);
    const meta = checkNodesOf(fleet as never, nodes, { cluster: 'meta' });
    expect(errors(meta)[0]).toMatch(/^missing pool gitpod.io\/workload_ide/);
    expect(warnings(meta)).toContain('node ws-1 runs no Gitpod workload of cluster meta (at most the unpinned gitpod-telemetry, registry); a Meta cluster uses none of its labels gitpod.io/workload_workspace_headless, gitpod.io/workload_workspace_regular');
    expect(() => checkNodesOf(fleet as never, nodes)).toThrow('the config has 2 clusters (meta, ws): name the one these nodes belong to with --cluster');
  });

  test('reads YAML, a single Node and rejects what is not a node list', () => {
    const n = node('all', ALL);
    expect(parseNodes(yaml.dump({ kind: 'List', items: [n] }))[0].name).toBe('all');
    expect(parseNodes(JSON.stringify(n))[0].labels['gitpod.io/workload_meta']).toBe('true');
    expect(() => parseNodes('{"kind": "ConfigMap"}', 'x.json')).toThrow('x.json: no Node objects');
    expect(() => parseNodes(list({ kind: 'ConfigMap', metadata: { name: 'c' } }), 'y.json')).toThrow('y.json: no Node objects');
  });

  test('the CLI exits 1 when a pool is missing and 0 when the nodes fit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-nodes-'));
    const cfg = path.join(dir, 'c.yaml');
    fs.writeFileSync(cfg, 'apiVersion: v1\ndomain: gitpod.example.com\n');
    const run = (nodes: string) => {
      fs.writeFileSync(path.join(dir, 'nodes.json'), nodes);
      return runCli(['check-nodes', '-c', cfg, '--nodes', path.join(dir, 'nodes.json')]);
    };
    const bad = run(list(node('a', ['gitpod.io/workload_meta'])));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error: missing pool gitpod.io/workload_ide');
    expect(bad.stdout).toContain('cluster gitpod: nodes do NOT meet');
    const good = run(list(node('all', ALL)));
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
  });
});
