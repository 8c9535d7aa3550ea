// Escape hatches keep every value: JSON patches on any object, and the typed PodTemplate helpers.
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { DEFAULT_CONFIG } from '../src/app';
import { PodTemplate } from '../src/common/pod-template';
import { mergeConfig } from '../src/config/merge';
import { GitpodInstallation } from '../src/installation';
import { k8s } from '../src/k8s';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/** A value no typed conversion may touch: quantities, int-or-string, nested objects and lists. */
const ESCAPE = { cpu: '10m', memory: '1.5Gi', port: 2020, portName: 'http', nested: { list: [1, 'two', { three: null }], empty: {} } };

/** One installation per project config (together they emit every kind and class the library uses). */
function installations(): GitpodInstallation[] {
  return PROJECT_CONFIGS.map((file) => {
    const config = loadProjectConfig(file);
    const clusters = (config as any).cdk8s?.clusters;
    // One cluster of a multi-cluster config is enough: the classes are the same.
    const single = clusters ? { ...config, cdk8s: { ...(config as any).cdk8s, clusters: undefined, fleet: undefined } } : config;
    return new GitpodInstallation(new App(), 'gitpod', { config: mergeConfig(DEFAULT_CONFIG, single) });
  });
}

test('a JSON patch comes out exactly as given on every generated class the rendering uses', () => {
  const classes = new Map<string, ApiObject>();
  for (const inst of installations()) {
    for (const o of inst.node.findAll()) {
      if (o instanceof ApiObject && !classes.has(o.constructor.name)) classes.set(o.constructor.name, o);
    }
  }
  expect(classes.size).toBeGreaterThan(15);
  for (const [cls, obj] of classes) {
    obj.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/escape': 'kept' }), JsonPatch.add('/x-escape', ESCAPE));
    const inst = obj.node.scopes.find(GitpodInstallation.isGitpodInstallation) as GitpodInstallation;
    const manifest = inst.renderedObjects().find((r) => r.manifest.kind === obj.kind && r.manifest.metadata?.name === obj.name)!.manifest;
    expect({ cls, escape: manifest['x-escape'] }).toEqual({ cls, escape: ESCAPE });
    expect({ cls, annotation: manifest.metadata.annotations['example.com/escape'] }).toEqual({ cls, annotation: 'kept' });
  }
});

test('typed fields patched with plain values keep them (quantities, int-or-string)', () => {
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
  gitpod.server!.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources/requests/cpu', '10m'));
  gitpod.server!.deployment.addJsonPatch(JsonPatch.replace('/spec/strategy/rollingUpdate/maxSurge', '50%'));
  gitpod.server!.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 2020));
  const objects = gitpod.toJson();
  const server = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'server');
  expect(server.spec.template.spec.containers[0].resources.requests.cpu).toBe('10m');
  expect(server.spec.strategy.rollingUpdate.maxSurge).toBe('50%');
  expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'server').spec.ports[0].targetPort).toBe(2020);
});

describe('PodTemplate', () => {
  test('adds a sidecar, a volume with its mount, env and pod annotations, validated with the rest', () => {
    const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
    PodTemplate.of(gitpod.server!.deployment)
      .addContainer({
        name: 'log-shipper',
        image: 'busybox:1.36',
        resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') } },
      })
      .addVolume({ name: 'scratch', emptyDir: {} }, [{ container: 'log-shipper', mount: { name: 'scratch', mountPath: '/scratch' } }])
      .addEnv('server', { name: 'DD_AGENT_HOST', value: 'datadog' })
      .addAnnotations({ 'example.com/team': 'platform' });
    const server = gitpod.toJson().find((o) => o.kind === 'Deployment' && o.metadata.name === 'server');
    const spec = server.spec.template.spec;
    const sidecar = spec.containers.find((c: any) => c.name === 'log-shipper');
    expect(sidecar.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' } });
    expect(sidecar.volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch' }]);
    expect(spec.volumes).toContainEqual({ name: 'scratch', emptyDir: {} });
    expect(spec.containers.find((c: any) => c.name === 'server').env).toContainEqual({ name: 'DD_AGENT_HOST', value: 'datadog' });
    expect(server.spec.template.metadata.annotations['example.com/team']).toBe('platform');
  });

  test('a reference the helper adds is checked like any other', () => {
    const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
    PodTemplate.of(gitpod.server!.deployment).addEnv('server', { name: 'KEY', valueFrom: { secretKeyRef: { name: 'datadog', key: 'api-key' } } });
    expect(() => gitpod.toJson()).toThrow(/gitpod\/Deployment\/server: .*Secret "datadog"/);
  });

  test('names the workload when the container is missing or the object has no pods', () => {
    const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: DEFAULT_CONFIG });
    PodTemplate.of(gitpod.server!.deployment).addEnv('no-such', { name: 'A', value: 'b' });
    expect(() => gitpod.toJson()).toThrow('Deployment server has no container "no-such"');
    expect(() => PodTemplate.of(gitpod.server!.service)).toThrow('Service server has no pod template');
  });
});
