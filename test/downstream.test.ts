// A downstream app, as a platform team writes it: a cdk8s App, the installation, its own objects.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, JsonPatch, Testing, YamlOutputType } from 'cdk8s';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { GitpodInstallation } from '../src/installation';
import { k8s } from '../src/k8s';
import { ManifestValidationError } from '../src/validation';
import { GitpodValidation, PluginViolation } from '../src/validation/plugin';
import { PodTemplate } from '../src/common/pod-template';
import { fakePluginContext, parseAll } from './helpers';

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
] as const;

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-downstream-'));
}

/** Every object written under `dir` (any layout cdk8s chose). */
function written(dir: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.yaml')) out.push(...parseAll(fs.readFileSync(p, 'utf8')));
    }
  };
  walk(dir);
  return out;
}

function find(objects: Record<string, any>[], kind: string, name: string): Record<string, any> {
  const hit = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!hit) throw new Error(`no ${kind}/${name} written`);
  return hit;
}

/** A valid extension: a sidecar and a Service port patched in, an added NetworkPolicy without namespace. */
function extendedApp(outdir: string, yamlOutputType: YamlOutputType): App {
  const app = new App({ outdir, yamlOutputType });
  const gitpod = new GitpodInstallation(app, 'gitpod', { config: DEFAULT_CONFIG, namespace: 'gitpod' });
  gitpod.server!.deployment.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/-', {
      name: 'log-shipper',
      image: 'busybox:1.36',
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    }),
  );
  gitpod.server!.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 2020));
  new k8s.KubeNetworkPolicy(gitpod, 'allow-log-shipper', {
    metadata: { name: 'allow-log-shipper' },
    spec: { podSelector: { matchLabels: { app: 'gitpod', component: 'server' } }, policyTypes: ['Egress'], egress: [{}] },
  });
  return app;
}

/** cdk8s-cli's plugin run over the `.yaml` files of `dir`, as `cdk8s synth` does it. */
async function runPlugin(dir: string): Promise<{ violations: PluginViolation[]; status?: string }> {
  const { context, violations, status } = fakePluginContext(dir);
  await new GitpodValidation().validate(context);
  return { violations, status: status() };
}

describe.each(OUTPUT_TYPES.map((t) => [YamlOutputType[t], t] as const))('a downstream app synthesizing %s', (_name, type) => {
  test('writes the GitOps annotations, every escape-hatch value, and the installation namespace on added objects', () => {
    const dir = tmp();
    extendedApp(dir, type).synth();
    const objects = written(dir);
    const server = find(objects, 'Deployment', 'server');
    const sidecar = server.spec.template.spec.containers.find((c: any) => c.name === 'log-shipper');
    expect(sidecar.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } });
    expect(find(objects, 'Service', 'server').spec.ports[0].targetPort).toBe(2020);
    expect(find(objects, 'ConfigMap', 'server-config').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-3');
    const policy = find(objects, 'NetworkPolicy', 'allow-log-shipper');
    expect(policy.metadata.namespace).toBe('gitpod');
    expect(policy.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-3');
  });

  test('the validation plugin passes a config written in code, and catches a file edited afterwards', async () => {
    const dir = tmp();
    const app = extendedApp(dir, type);
    const gitpod = app.node.findChild('gitpod') as GitpodInstallation;
    // Only declared in code: the plugin cannot know it from any config file.
    gitpod.declareExternalSecret('datadog', ['api-key']);
    PodTemplate.of(gitpod.server!.deployment).addEnv('log-shipper', { name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog', key: 'api-key' } } });
    // A second chart that is not ours: the plugin leaves it alone.
    const other = new (require('cdk8s').Chart)(app, 'other');
    new k8s.KubeConfigMap(other, 'cm', { metadata: { name: 'unrelated' }, data: { a: 'b' } });
    app.synth();
    expect(await runPlugin(dir)).toEqual({ violations: [], status: 'success' });

    const file = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).find((f) => f.endsWith('.yaml') && fs.readFileSync(f, 'utf8').includes('name: DD_API_KEY'))!;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('key: api-key', 'key: app-key'));
    const { violations, status } = await runPlugin(dir);
    expect(status).toBe('failure');
    expect(violations.map((v) => [v.ruleName, v.violatingResources[0].resourceName])).toEqual([['gitpod/references', 'Deployment/server']]);
  });
});

// The checks run in each chart's toJson, before cdk8s writes anything in whichever layout: once is enough.
test('a downstream app fails on a dangling reference, naming the object', () => {
  const app = extendedApp(tmp(), YamlOutputType.FILE_PER_CHART);
  const gitpod = app.node.findChild('gitpod') as GitpodInstallation;
  gitpod.server!.deployment.addJsonPatch(
    JsonPatch.add('/spec/template/spec/volumes/-', { name: 'missing', configMap: { name: 'no-such-config' } }),
  );
  const error = (() => {
    try {
      app.synth();
    } catch (e) {
      return e;
    }
    throw new Error('app.synth() did not fail');
  })();
  expect(error).toBeInstanceOf(ManifestValidationError);
  expect((error as Error).message).toMatch(/gitpod\/Deployment\/server: .*ConfigMap "no-such-config" is not in the rendering/);
});

test('Testing.synth and synthYaml run the same passes', () => {
  const app = extendedApp(tmp(), YamlOutputType.FILE_PER_CHART);
  const gitpod = app.node.findChild('gitpod') as GitpodInstallation;
  const objects = Testing.synth(gitpod);
  expect(find(objects, 'Service', 'server').spec.ports[0].targetPort).toBe(2020);
  expect(find(objects, 'NetworkPolicy', 'allow-log-shipper').metadata.namespace).toBe('gitpod');
  expect(parseAll(app.synthYaml()).find((o) => o.metadata?.name === 'allow-log-shipper')?.metadata.namespace).toBe('gitpod');
  new ApiObject(gitpod, 'broken', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' }, spec: { containers: [{ name: 'x', image: 'x', envFrom: [{ secretRef: { name: 'nope' } }] }] } });
  expect(() => Testing.synth(gitpod)).toThrow(/gitpod\/Pod\/broken: .*Secret "nope"/);
});

test('buildInstallations: objects added in `customize` are rendered into the files and validated', () => {
  const add = (configMap: string) => (inst: GitpodInstallation) => {
    new k8s.KubeDeployment(inst, 'sidecar-app', {
      metadata: { name: 'sidecar-app', labels: { app: 'acme' } },
      spec: {
        selector: { matchLabels: { app: 'acme' } },
        template: {
          metadata: { labels: { app: 'acme' } },
          spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], volumes: [{ name: 'c', configMap: { name: configMap } }] },
        },
      },
    });
  };
  const { files } = buildInstallations(DEFAULT_CONFIG, { customize: add('server-config') });
  const written = parseAll(files.get('gitpod/sidecar-app.yaml')!);
  expect(written[0].metadata.namespace).toBe('default');
  expect(() => buildInstallations(DEFAULT_CONFIG, { customize: add('nope') })).toThrow(/gitpod\/Deployment\/sidecar-app: .*ConfigMap "nope"/);
});
