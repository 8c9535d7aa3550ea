import { Gitpod } from '../src/components/gitpod';
import * as YAML from 'yaml';
import { goDuration } from '../src/common/duration';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Gitpod, 'gitpod', config, {}, namespace);

describe('gitpod (config, versions, telemetry)', () => {
  const objects = alone({ experimental: { telemetry: { data: { platform: 'k3s' } } } });

  test('config.yaml is the effective config without experimental, with Go durations', () => {
    const cm = find(objects, 'ConfigMap', 'gitpod');
    const cfg = YAML.parse(cm.data['config.yaml']);
    expect(cfg.domain).toBe('gitpod.example.com');
    expect(cfg.experimental).toBeUndefined();
    expect(cfg.cdk8s).toBeUndefined();
    expect(cfg.workspace.maxLifetime).toBe('36h0m0s');
    expect(Object.keys(cfg)).toEqual([...Object.keys(cfg)].sort());
    expect(JSON.parse(cm.data['versions.json']).versions.components.server.version).toEqual(expect.any(String));
  });

  test('the telemetry CronJob reports daily through the server, with no node affinity', () => {
    const cj = find(objects, 'CronJob', 'gitpod-telemetry');
    expect(cj.spec.schedule).toBe('@daily');
    expect(cj.spec.concurrencyPolicy).toBe('Replace');
    const spec = podSpec(cj);
    expect(spec.affinity).toBeUndefined();
    expect(spec.serviceAccountName).toBe('gitpod');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['database-waiter']);
    expect(container(cj, 'gitpod-telemetry').env).toEqual(
      expect.arrayContaining([
        { name: 'GITPOD_INSTALLATION_PLATFORM', value: 'k3s' },
        { name: 'SERVER_URL', value: 'http://server.default.svc.cluster.local:9000' },
      ]),
    );
  });

  test('every kind has the ConfigMap; only clusters with the WebApp run the telemetry CronJob', () => {
    const ws = render({ kind: 'Workspace' });
    expect(find(ws, 'ConfigMap', 'gitpod')).toBeDefined();
    expect(YAML.parse(find(ws, 'ConfigMap', 'gitpod').data['config.yaml']).kind).toBe('Workspace');
    expect(maybe(ws, 'CronJob', 'gitpod-telemetry')).toBeUndefined();
    expect(maybe(render({ kind: 'IDE' }), 'CronJob', 'gitpod-telemetry')).toBeUndefined();
    expect(find(render({ kind: 'WebApp' }), 'CronJob', 'gitpod-telemetry')).toBeDefined();
  });

  test('Go duration formatting', () => {
    expect(goDuration('36h')).toBe('36h0m0s');
    expect(goDuration('90m')).toBe('1h30m0s');
    expect(goDuration('2m30s')).toBe('2m30s');
    expect(goDuration('45s')).toBe('45s');
  });
});
