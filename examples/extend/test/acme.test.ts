// Acme's Gitpod, checked the way Acme's CI would: synthesize, read the files back, run the plugin.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, JsonPatch, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { AcmeDashboard, AcmeGitpod, ENVIRONMENTS, synthAll } from '../src/main';

type Manifest = Record<string, any>;

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f))
    .sort();
}

function objects(dir: string): Manifest[] {
  return yamlFiles(dir).flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()).filter(Boolean));
}

function find(all: Manifest[], kind: string, name: string): Manifest {
  const hit = all.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!hit) throw new Error(`no ${kind}/${name}`);
  return hit;
}

/** The library's cdk8s validation plugin, loaded from the installed package as cdk8s-cli loads it. */
async function runPlugin(dir: string): Promise<{ problems: string[]; status?: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GitpodValidation } = require(require.resolve('gitpod-cdk8s/plugins/k8s-validation'));
  const problems: string[] = [];
  let status: string | undefined;
  await new GitpodValidation({}).validate({
    manifests: yamlFiles(dir),
    parseManifest: (f: string) => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()),
    report: { addViolation: (v: any) => problems.push(`${v.violatingResources[0].resourceName}: ${v.recommendation}`), submit: (s: string) => (status = s) },
    logger: { log: () => undefined },
  });
  return { problems, status };
}

describe.each(OUTPUT_TYPES.map((t) => [YamlOutputType[t], t] as const))('%s', (_name, type) => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-gitpod-'));
  synthAll(dist, type);

  test.each(ENVIRONMENTS)('%s: its own folder, its namespace, the sidecar as written, GitOps annotations', (env) => {
    const all = objects(path.join(dist, env));
    const server = find(all, 'Deployment', 'server');
    expect(server.metadata.namespace).toBe(`gitpod-${env}`);
    const agent = server.spec.template.spec.containers.find((c: Manifest) => c.name === 'datadog-agent');
    expect(agent.resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(agent.env).toEqual([{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog', key: 'api-key' } } }]);

    const policy = find(all, 'NetworkPolicy', 'server-datadog-egress');
    expect(policy.metadata.namespace).toBe(`gitpod-${env}`);
    expect(policy.spec.podSelector.matchLabels).toEqual(server.spec.selector.matchLabels);
    expect(policy.spec.egress[0].ports[0].port).toBe(443);
    expect(policy.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-3');

    expect(find(all, 'Deployment', 'dashboard').metadata.labels['acme.dev/team']).toBe('web');
    const proxy = find(all, 'Service', 'proxy').metadata.annotations;
    expect(proxy['cloud.google.com/neg']).toBeUndefined();
    expect(proxy['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('nlb');
    expect(all.some((o) => o.kind === 'Secret' && o.metadata.name === 'datadog')).toBe(false);
  });

  test('the shipped validation plugin passes the output, with the declarations only in code', async () => {
    expect(await runPlugin(dist)).toEqual({ problems: [], status: 'success' });
  });

  test('a dangling reference fails the synthesis, naming the object', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'acme-broken-')), yamlOutputType: type });
    const gitpod = new AcmeGitpod(app, 'gitpod', { environment: 'broken' });
    gitpod.server!.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'x', configMap: { name: 'acme-missing' } }));
    expect(() => app.synth()).toThrow(/gitpod\/Deployment\/server: .*ConfigMap "acme-missing" is not in the rendering/);
  });
});

test('the replaced component is what the public field points at', () => {
  const gitpod = new AcmeGitpod(new App(), 'gitpod', { environment: 'staging' });
  expect(gitpod.dashboard).toBeInstanceOf(AcmeDashboard);
  expect(gitpod.secretPlan().find((s) => s.name === 'datadog')).toMatchObject({ platform: true, readers: ['Deployment/server'] });
});
