import { buildInstallations } from '../src/app';

describe('several clusters from one config (cdk8s.clusters)', () => {
  const config = {
    domain: 'gitpod.example.com',
    cdk8s: {
      clusters: [
        { name: 'meta', kind: 'Meta' as const },
        { name: 'ws-eu', kind: 'Workspace' as const, shortname: 'eu', namespace: 'gitpod-ws' },
      ],
    },
  };
  const { installations, files } = buildInstallations(config);

  test('one chart and one output folder per cluster', () => {
    expect(installations.map((i) => i.node.id)).toEqual(['meta', 'ws-eu']);
    const folders = new Set([...files.keys()].map((f) => f.split('/')[0]));
    expect([...folders]).toEqual(['meta', 'ws-eu']);
    expect(files.has('meta/kustomization.yaml')).toBe(true);
    expect(files.has('ws-eu/kustomization.yaml')).toBe(true);
  });

  test('each cluster has its own kind, shortname and namespace', () => {
    const [meta, ws] = installations;
    expect(meta.context.kind).toBe('Meta');
    expect(meta.context.namespace).toBe('default');
    expect(ws.context.kind).toBe('Workspace');
    expect(ws.context.shortname).toBe('eu');
    expect(ws.context.workspaceHost).toBe('ws-eu.gitpod.example.com');
    expect(ws.renderedObjects().every((o) => o.manifest.metadata.namespace === undefined || o.manifest.metadata.namespace === 'gitpod-ws')).toBe(true);
  });

  test('the proxy is only in the application cluster', () => {
    expect(files.has('meta/proxy.yaml')).toBe(true);
    expect(files.has('ws-eu/proxy.yaml')).toBe(false);
  });
});
