import { Testing } from 'cdk8s';
import { AgentSmith } from '../src/components/agent-smith';
import { Dashboard } from '../src/components/dashboard';
import { Gitpod } from '../src/components/gitpod';
import { IdeConfig } from '../src/components/ide-config';
import { Migrations } from '../src/components/migrations';
import { OpenVsxProxy } from '../src/components/openvsx-proxy';
import { GitpodProxy } from '../src/components/proxy';
import { PublicApiServer } from '../src/components/public-api-server';
import { RegistryFacade } from '../src/components/registry-facade';
import { Server } from '../src/components/server';
import { WsManager } from '../src/components/ws-manager';
import { WsManagerBridge } from '../src/components/ws-manager-bridge';
import { WsProxy } from '../src/components/ws-proxy';
import { container, contextFor, find, Manifest, maybe, podSpec, synthChart } from './helpers';

// Each component alone in a bare chart: an explicit prop wins over the config key it defaults to.

const context = contextFor;
const synth = synthChart;

const configJson = (objects: Manifest[], name: string, key = 'config.json') => JSON.parse(find(objects, 'ConfigMap', name).data[key]);
const volumeSecrets = (o: Manifest) => podSpec(o).volumes.filter((v: Manifest) => v.secret).map((v: Manifest) => v.secret.secretName);

describe('a component built alone', () => {
  test('Dashboard renders its Deployment, Service and NetworkPolicy from the context only', () => {
    const objects = synth((chart) => new Dashboard(chart, Dashboard.COMPONENT, { context: context() }));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/dashboard',
      'NetworkPolicy/dashboard-deny-all-allow-explicit',
      'RoleBinding/dashboard',
      'Service/dashboard',
      'ServiceAccount/dashboard',
    ]);
  });

  test('the component names are the construct ids the installation uses (one name per component)', () => {
    expect([GitpodProxy.COMPONENT, IdeConfig.COMPONENT, Server.COMPONENT, WsProxy.COMPONENT]).toEqual(['proxy', 'ide-config', 'server', 'ws-proxy']);
  });
});

describe('explicit props override the config defaults', () => {
  test('GitpodProxy: certificate Secret, SSH port, static IP', () => {
    const ctx = context({ certificate: { kind: 'secret', name: 'from-config' } });
    const byConfig = synth((chart) => new GitpodProxy(chart, 'proxy', { context: ctx }));
    expect(volumeSecrets(find(byConfig, 'Deployment', 'proxy'))).toContain('from-config');
    expect(find(byConfig, 'Service', 'proxy').spec.ports.map((p: Manifest) => p.name)).not.toContain('ssh');

    const byProps = synth((chart) => new GitpodProxy(chart, 'proxy', { context: ctx, certificateSecretName: 'from-props', sshGateway: true, staticIP: '10.0.0.7' }));
    const deployment = find(byProps, 'Deployment', 'proxy');
    expect(volumeSecrets(deployment)).toContain('from-props');
    expect(volumeSecrets(deployment)).not.toContain('from-config');
    const service = find(byProps, 'Service', 'proxy');
    expect(service.spec.ports.map((p: Manifest) => p.name)).toContain('ssh');
    expect(service.spec.loadBalancerIP).toBe('10.0.0.7');
  });

  test('WsProxy: host settings and the SSH host key Secret', () => {
    const ctx = context({ experimental: { workspace: { wsProxy: { ingressHeader: 'x-from-config' } } } });
    expect(configJson(synth((chart) => new WsProxy(chart, 'ws-proxy', { context: ctx })), 'ws-proxy').ingress.header).toBe('x-from-config');
    const objects = synth((chart) => new WsProxy(chart, 'ws-proxy', { context: ctx, settings: { ingressHeader: 'x-from-props' }, sshGatewayHostKeySecretName: 'host-key-props' }));
    expect(configJson(objects, 'ws-proxy').ingress.header).toBe('x-from-props');
    expect(volumeSecrets(find(objects, 'Deployment', 'ws-proxy'))).toContain('host-key-props');
  });

  test('Migrations: enabled: false leaves the Job out, whatever the config says', () => {
    const ctx = context();
    expect(maybe(synth((chart) => new Migrations(chart, 'migrations', { context: ctx })), 'Job', 'migrations')).toBeDefined();
    expect(maybe(synth((chart) => new Migrations(chart, 'migrations', { context: ctx, enabled: false })), 'Job', 'migrations')).toBeUndefined();
  });

  test('PublicApiServer: the Stripe webhook Secret', () => {
    const ctx = context();
    expect(configJson(synth((chart) => new PublicApiServer(chart, 'public-api-server', { context: ctx })), 'public-api-server').stripeWebhookSigningSecretPath).toBe('');
    const objects = synth((chart) => new PublicApiServer(chart, 'public-api-server', { context: ctx, stripeSecretName: 'stripe-props' }));
    expect(configJson(objects, 'public-api-server').stripeWebhookSigningSecretPath).not.toBe('');
    expect(volumeSecrets(find(objects, 'Deployment', 'public-api-server'))).toContain('stripe-props');
  });

  test('Gitpod: the telemetry platform', () => {
    const objects = synth((chart) => new Gitpod(chart, 'gitpod', { context: context({ experimental: { telemetry: { data: { platform: 'gke' } } } }), platform: 'k3s' }));
    const cronJob = find(objects, 'CronJob', 'gitpod-telemetry');
    expect(container(cronJob, podSpec(cronJob).containers[0].name).env).toContainEqual({ name: 'GITPOD_INSTALLATION_PLATFORM', value: 'k3s' });
  });

  test('OpenVsxProxy: the upstream registry URL', () => {
    const objects = synth((chart) => new OpenVsxProxy(chart, 'openvsx-proxy', { context: context(), upstreamUrl: 'https://vsx.corp.example.com' }));
    expect(configJson(objects, 'openvsx-proxy-config', 'config.json').url_upstream).toBe('https://vsx.corp.example.com');
  });

  test('IdeConfig: resolveLatest: false pins the "latest" images to the bundled versions', () => {
    const ctx = context();
    const floating = new IdeConfig(Testing.chart(), 'ide-config', { context: ctx }).json;
    const pinned = new IdeConfig(Testing.chart(), 'ide-config', { context: ctx, resolveLatest: false }).json;
    expect(floating).toContain(':nightly');
    expect(pinned).not.toContain(':nightly');
  });

  test('RegistryFacade: the TLS certificate Secret', () => {
    const objects = synth((chart) => new RegistryFacade(chart, 'registry-facade', { context: context(), certificateSecretName: 'facade-tls' }));
    expect(volumeSecrets(find(objects, 'DaemonSet', 'registry-facade'))).toContain('facade-tls');
    expect(configJson(objects, 'registry-facade').registry.tls.crt).toBe('/mnt/certificates/tls.crt');
  });

  test('WsManagerBridge: skipSelf drops the local ws-manager from the static bridges', () => {
    const ctx = context();
    expect(configJson(synth((chart) => new WsManagerBridge(chart, 'ws-manager-bridge', { context: ctx })), 'ws-manager-bridge-config', 'ws-manager-bridge.json').staticBridges).toHaveLength(1);
    expect(configJson(synth((chart) => new WsManagerBridge(chart, 'ws-manager-bridge', { context: ctx, skipSelf: true })), 'ws-manager-bridge-config', 'ws-manager-bridge.json').staticBridges).toEqual([]);
  });

  test('WsManager: the workspace lifetime', () => {
    const ctx = context();
    const objects = synth((chart) => new WsManager(chart, 'ws-manager', { context: ctx, workspace: { ...ctx.config.workspace, maxLifetime: '12h' } }));
    expect(configJson(objects, 'ws-manager').manager.timeouts.maxLifetime).toBe('12h0m0s');
  });

  test('Server: the license Secret and the OAuth providers', () => {
    const objects = synth((chart) => new Server(chart, 'server', { context: context(), licenseSecretName: 'lic', authProviderSecretNames: ['github-oauth'] }));
    const cfg = configJson(objects, 'server-config');
    expect(cfg.licenseFile).toBe('/gitpod/license');
    expect(cfg.authProviderConfigFiles).toEqual(['/gitpod/auth-providers/github-oauth/provider']);
    expect(volumeSecrets(find(objects, 'Deployment', 'server'))).toEqual(expect.arrayContaining(['lic', 'github-oauth']));
  });

  test('Server: its settings replace experimental.webapp.server', () => {
    const ctx = context({ experimental: { webapp: { server: { runDbDeleter: true, stripeSecret: 'stripe-config' } } } });
    const objects = synth((chart) => new Server(chart, 'server', { context: ctx, settings: { runDbDeleter: false } }));
    expect(configJson(objects, 'server-config').runDbDeleter).toBe(false);
    expect(volumeSecrets(find(objects, 'Deployment', 'server'))).not.toContain('stripe-config');
  });

  test('AgentSmith: its config replaces the built-in one, the namespace forced', () => {
    const objects = synth((chart) => new AgentSmith(chart, 'agent-smith', { context: context(), config: { enforcement: { default: 'kill' }, namespace: 'elsewhere' } }));
    const cfg = configJson(objects, 'agent-smith');
    expect(cfg.enforcement).toEqual({ default: 'kill' });
    expect(cfg.namespace).toBe('default');
  });
});
