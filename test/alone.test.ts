import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_CONFIG } from '../src/app';
import { GitpodConfigInput } from '../src/config/types';
import { mergeConfig } from '../src/config/merge';
import { GitpodInstallation } from '../src/installation';
import { contextFor, renderAlone } from './helpers';
import { loadProjectConfig } from './project-configs';

// Component suites build their component alone (helpers.renderAlone). That is only as good as
// its likeness to the whole rendering: every component of these renderings, built alone from the
// same config, gives exactly its part of the whole.
// in-cluster and small-k3s set customization and GitOps; azure external services; experimental most else.
const cases: [string, GitpodConfigInput][] = [
  ['default', {}],
  ['Workspace', { kind: 'Workspace' }],
  ...['in-cluster.yaml', 'small-k3s.yaml', 'azure.yaml', 'experimental.yaml'].map((f): [string, GitpodConfigInput] => [f, loadProjectConfig(f)]),
];
// Built from more than the context (the secret plan of the tree): checked by secrets-external.test.ts.
const NOT_ALONE = ['external-secrets'];

describe.each(cases)('%s: each component alone gives its part of the whole rendering', (_name, config) => {
  const whole = new GitpodInstallation(new App(), 'gitpod', { config: mergeConfig(DEFAULT_CONFIG, config) });
  const objects = whole.renderedObjects();
  const components = whole.node.children.map((c) => c.node.id).filter((id) => !NOT_ALONE.includes(id));

  test('the rendering has components', () => {
    expect(components.length).toBeGreaterThan(5);
  });

  test.each(components)('%s', (id) => {
    const built = whole.node.findChild(id);
    // The installation's own extra props (ide-config learns whether ide-service runs beside it).
    const extra = id === 'ide-config' ? { ideService: contextFor(config).includes('ide') } : {};
    const Component = built.constructor as new (scope: Construct, id: string, props: any) => Construct;
    expect(renderAlone(Component, id, config, extra)).toEqual(objects.filter((o) => o.component === id).map((o) => o.manifest));
  });

  test('a component alone is not the whole: another config gives other objects (the comparison can fail)', () => {
    const id = 'gitpod';
    const Component = whole.node.findChild(id).constructor as new (scope: Construct, id: string, props: any) => Construct;
    expect(renderAlone(Component, id, { ...config, domain: 'other.example.com' })).not.toEqual(objects.filter((o) => o.component === id).map((o) => o.manifest));
  });
});

test('Testing.chart() is what renderAlone builds in (no app-level hooks)', () => {
  expect(Testing.chart().node.id).toBe('test');
});
