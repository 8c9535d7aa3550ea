import { container, find, Manifest, podSpec, render } from './helpers';

const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet', 'Job'];

/** Every label selector in an object: workload selectors, Service selectors, NetworkPolicy pod selectors. */
function selectors(o: Manifest): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  if (o.spec?.selector?.matchLabels) out.push(o.spec.selector.matchLabels);
  if (o.kind === 'Service' && o.spec?.selector) out.push(o.spec.selector);
  if (o.kind === 'NetworkPolicy') out.push(o.spec.podSelector?.matchLabels ?? {});
  return out;
}

describe('customization', () => {
  const everything = render({
    customization: [
      { apiVersion: '*', kind: '*', metadata: { name: '*', labels: { team: 'platform', app: 'hijack' }, annotations: { owner: 'me' } } },
    ],
  });

  test('a wildcard entry labels and annotates every object and pod template', () => {
    for (const o of everything) {
      expect(o.metadata.labels?.team).toBe('platform');
      expect(o.metadata.annotations?.owner).toBe('me');
      if (WORKLOADS.includes(o.kind)) expect(o.spec.template.metadata.labels.team).toBe('platform');
    }
  });

  test('built-in labels win over customization (app stays gitpod)', () => {
    expect(find(everything, 'Deployment', 'proxy').metadata.labels.app).toBe('gitpod');
    expect(find(everything, 'Deployment', 'proxy').spec.template.metadata.labels.app).toBe('gitpod');
  });

  test('a customization label never reaches a selector', () => {
    for (const o of everything) {
      for (const s of selectors(o)) expect(Object.keys(s)).not.toContain('team');
    }
  });

  test('entries match apiVersion, kind and component name; later entries win', () => {
    const objects = render({
      customization: [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'proxy', annotations: { lb: 'first' } } },
        { apiVersion: '*', kind: 'Service', metadata: { name: 'proxy', annotations: { lb: 'second' } } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'server', labels: { x: 'y' } } },
      ],
    });
    expect(find(objects, 'Service', 'proxy').metadata.annotations.lb).toBe('second');
    // Only the GitOps sync wave (config before workloads), none of the Service's customization.
    expect(find(objects, 'ConfigMap', 'proxy-config').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-3' });
    expect(find(objects, 'Deployment', 'proxy').metadata.labels.x).toBeUndefined();
  });

  test('built-in annotations win (the NEG annotation cannot be customized away)', () => {
    const objects = render({
      customization: [{ apiVersion: '*', kind: 'Service', metadata: { name: 'proxy', annotations: { 'cloud.google.com/neg': 'x' } } }],
    });
    expect(find(objects, 'Service', 'proxy').metadata.annotations['cloud.google.com/neg']).toBe('{"exposed_ports": {"80":{},"443": {}}}');
  });

  test('env: own variables win, new ones are appended in order of first appearance, the last value winning', () => {
    const objects = render({
      customization: [
        { apiVersion: '*', kind: '*', metadata: { name: '*' }, spec: { env: [{ name: 'A', value: 'star' }, { name: 'PROXY_DOMAIN', value: 'nope' }, { name: 'B', value: 'star' }] } },
        { apiVersion: '*', kind: '*', metadata: { name: 'proxy' }, spec: { env: [{ name: 'A', value: 'proxy' }] } },
      ],
    });
    const env = container(find(objects, 'Deployment', 'proxy'), 'proxy').env;
    const names = env.map((e: Manifest) => e.name);
    expect(names.slice(-2)).toEqual(['A', 'B']);
    expect(env.find((e: Manifest) => e.name === 'A').value).toBe('proxy');
    expect(env.find((e: Manifest) => e.name === 'PROXY_DOMAIN').value).toBe('gitpod.example.com');
    // sidecars are not customized
    expect(podSpec(find(objects, 'Deployment', 'proxy')).containers[0].env.map((e: Manifest) => e.name)).toEqual(['IP']);
  });
});
