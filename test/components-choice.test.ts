// Components can be left out or replaced; the public fields point at what is rendered.
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_CONFIG } from '../src/app';
import { GCP_NEG_ANNOTATION } from '../src/components/proxy';
import { Dashboard, DashboardProps } from '../src/components/dashboard';
import { GitpodProxy } from '../src/components/proxy';
import { GitpodInstallation } from '../src/installation';

const names = (inst: GitpodInstallation) => inst.renderedObjects().map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`);

test('a component left out is not rendered and its field is undefined', () => {
  const inst = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG, components: { dashboard: false } });
  expect(inst.dashboard).toBeUndefined();
  expect(names(inst)).not.toContain('Deployment/dashboard');
  expect(names(inst)).toContain('Deployment/server');
  // proxy's Caddy routes to the dashboard Service: leaving it out is a dangling reference only where something names it.
  expect(() => inst.toJson()).not.toThrow();
});

test('a replacement is rendered and is what the field points at', () => {
  class TeamDashboard extends Dashboard {
    constructor(scope: Construct, id: string, props: DashboardProps) {
      super(scope, id, props);
      this.deployment.metadata.addLabel('team', 'platform');
    }
  }
  const inst = new GitpodInstallation(new App(), 'gitpod', {
    config: DEFAULT_CONFIG,
    components: { dashboard: (scope, id, props) => new TeamDashboard(scope, id, props) },
  });
  expect(inst.dashboard).toBeInstanceOf(TeamDashboard);
  const dashboard = inst.toJson().find((o) => o.kind === 'Deployment' && o.metadata.name === 'dashboard');
  expect(dashboard.metadata.labels.team).toBe('platform');
});

test('a factory that builds elsewhere is refused, naming the component', () => {
  expect(
    () => new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG, components: { dashboard: (scope, _id, props) => new Dashboard(scope, 'other', props) } }),
  ).toThrow('components.dashboard: the factory must create its construct with the given scope and id "dashboard"');
});

test('after node.tryRemoveChild the field is undefined, as the rendering', () => {
  const inst = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
  expect(inst.dashboard).toBeDefined();
  inst.node.tryRemoveChild('dashboard');
  expect(inst.dashboard).toBeUndefined();
  expect(names(inst)).not.toContain('Deployment/dashboard');
});

describe('proxy Service annotations', () => {
  const annotations = (factory?: (s: Construct, id: string, p: any) => GitpodProxy) =>
    new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG, components: factory ? { proxy: factory } : {} })
      .toJson()
      .find((o) => o.kind === 'Service' && o.metadata.name === 'proxy').metadata.annotations ?? {};

  test('carry the GCP NEG annotation by default', () => {
    expect(annotations()).toMatchObject(GCP_NEG_ANNOTATION);
  });
  test('null removes a built-in annotation and adds the others', () => {
    const a = annotations((s, id, p) => new GitpodProxy(s, id, { ...p, serviceAnnotations: { 'cloud.google.com/neg': null, 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } }));
    expect(a['cloud.google.com/neg']).toBeUndefined();
    expect(a['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('nlb');
    expect(a['external-dns.alpha.kubernetes.io/hostname']).toBeDefined();
  });
  test('negAnnotation: false leaves it out', () => {
    expect(annotations((s, id, p) => new GitpodProxy(s, id, { ...p, negAnnotation: false }))['cloud.google.com/neg']).toBeUndefined();
  });
});
