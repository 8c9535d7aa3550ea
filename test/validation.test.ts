import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { App, JsonPatch } from 'cdk8s';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { GITPOD_REPOSITORY } from '../src/config/defaults';
import { resolveConfig } from '../src/config/load';
import { GitpodConfig, GitpodConfigInput } from '../src/config/types';
import { GitpodInstallation } from '../src/installation';
import { declaredExternals, Finding, formatFinding, ManifestValidationError, schemaFindings, validateObjects } from '../src/validation';
import { find, render } from './helpers';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/** Every finding of the installations, each cluster checked against its own declarations. */
function validateInstallations(installations: readonly GitpodInstallation[]): Finding[] {
  return installations.flatMap((inst) =>
    validateObjects(inst.node.id, inst.renderedObjects().map((o) => o.manifest), declaredExternals(inst.context)),
  );
}

describe('the project configs render with 0 schema errors and 0 broken references', () => {
  test.each(PROJECT_CONFIGS)('%s', (file) => {
    const { installations } = buildInstallations(loadProjectConfig(file), { namespace: 'gitpod', validate: false });
    const objects = installations.flatMap((i) => i.renderedObjects());
    expect(objects.length).toBeGreaterThan(10);
    expect(validateInstallations(installations).map(formatFinding)).toEqual([]);
  });

  test('the default installation too, in any namespace', () => {
    for (const namespace of [undefined, 'gitpod', 'team-a']) {
      const { installations } = buildInstallations(DEFAULT_CONFIG, { namespace, validate: false });
      expect(validateInstallations(installations).map(formatFinding)).toEqual([]);
    }
  });
});

describe('the project configs cover every choice', () => {
  const resolved: { file: string; config: GitpodConfig }[] = PROJECT_CONFIGS.map((file) => ({
    file,
    config: resolveConfig(loadProjectConfig(file)).config,
  }));
  const covered = (choice: (c: GitpodConfig) => boolean) => resolved.filter((r) => choice(r.config)).map((r) => r.file);

  test.each<[string, (c: GitpodConfig) => boolean]>([
    ['kind Full', (c) => (c.cdk8s?.clusters ?? [{ kind: c.kind }]).some((k) => k.kind === 'Full')],
    ['kind Meta', (c) => (c.cdk8s?.clusters ?? [{ kind: c.kind }]).some((k) => k.kind === 'Meta')],
    ['kind Workspace', (c) => (c.cdk8s?.clusters ?? [{ kind: c.kind }]).some((k) => k.kind === 'Workspace')],
    ['kind IDE', (c) => (c.cdk8s?.clusters ?? [{ kind: c.kind }]).some((k) => k.kind === 'IDE')],
    ['kind WebApp', (c) => (c.cdk8s?.clusters ?? [{ kind: c.kind }]).some((k) => k.kind === 'WebApp')],
    ['several clusters', (c) => (c.cdk8s?.clusters?.length ?? 0) > 1],
    ['database in-cluster', (c) => c.database.inCluster === true],
    ['database external', (c) => c.database.external !== undefined],
    ['database Cloud SQL', (c) => c.database.cloudSQL !== undefined],
    ['database TLS CA', (c) => c.database.ssl?.caCert !== undefined],
    ['storage MinIO in-cluster', (c) => c.objectStorage.inCluster === true],
    ['storage S3', (c) => c.objectStorage.s3 !== undefined && !c.objectStorage.s3.allowInsecureConnection],
    ['storage S3 without TLS', (c) => c.objectStorage.s3?.allowInsecureConnection === true],
    ['storage GCS', (c) => c.objectStorage.cloudStorage !== undefined],
    ['storage Azure', (c) => c.objectStorage.azure !== undefined],
    ['registry in-cluster', (c) => c.containerRegistry.inCluster === true && !c.containerRegistry.s3storage],
    ['registry in-cluster on S3', (c) => c.containerRegistry.s3storage !== undefined],
    ['registry external', (c) => c.containerRegistry.external !== undefined && !c.containerRegistry.inCluster],
    ['customization', (c) => (c.customization?.length ?? 0) > 0],
    ['customization env', (c) => (c.customization ?? []).some((x) => (x.spec?.env?.length ?? 0) > 0)],
    ['podConfig replicas and resources', (c) => Object.values(c.experimental?.common?.podConfig ?? {}).some((p) => p.replicas && p.resources)],
    ['httpProxy', (c) => c.httpProxy !== undefined],
    ['customCACert', (c) => c.customCACert !== undefined],
    ['imagePullSecrets', (c) => (c.imagePullSecrets?.length ?? 0) > 0],
    ['license and auth providers', (c) => c.license !== undefined && c.authProviders.length > 0],
    ['sshGatewayHostKey', (c) => c.sshGatewayHostKey !== undefined],
    ['tracing with credentials', (c) => c.observability.tracing?.secretName !== undefined],
    ['TLS from a cert-manager issuer', (c) => c.cdk8s?.tls?.issuer !== undefined],
    ['External Secrets', (c) => c.cdk8s?.secrets?.externalSecrets !== undefined],
    ['GitOps annotations off', (c) => c.cdk8s?.gitops?.argocd === false && c.cdk8s?.gitops?.flux === false],
    ['proxy ClusterIP', (c) => c.components?.proxy?.service?.serviceType === 'ClusterIP'],
    ['proxy service annotations', (c) => Object.keys(c.experimental?.webapp?.proxy?.serviceAnnotations ?? {}).length > 0],
    ['image mirror', (c) => c.repository !== GITPOD_REPOSITORY],
    ['Open VSX without PVC', (c) => c.openVSX.proxy?.disablePVC === true],
    ['usage and Stripe', (c) => c.experimental?.webapp?.usage?.enabled === true && c.experimental.webapp.publicApi?.stripeSecretName !== undefined],
    ['slow database (slow-server, toxiproxy)', (c) => c.experimental?.webapp?.slowDatabase === true],
    ['registry-facade Redis cache', (c) => c.experimental?.workspace?.registryFacade?.redisCache?.enabled === true],
    ['non-default shortname', (c) => c.metadata.shortname !== 'default' || (c.cdk8s?.clusters ?? []).some((k) => k.shortname)],
  ])('%s', (_choice, choice) => {
    expect(covered(choice)).not.toEqual([]);
  });
});

describe('schema validation (Kubernetes 1.27 and CRD schemas)', () => {
  const objects = render();
  const copy = (kind: string, name: string) => structuredClone(find(objects, kind, name));

  test('every object of the default rendering has a schema and passes it', () => {
    for (const o of objects) expect(schemaFindings('gitpod', o)).toEqual([]);
  });

  test('a wrong type: the object, the JSON path and the message', () => {
    const d = copy('Deployment', 'proxy');
    d.spec.replicas = 'three';
    expect(schemaFindings('gitpod', d).map(formatFinding)).toEqual(['gitpod/Deployment/proxy: spec.replicas: must be integer']);
  });

  test('a missing required field', () => {
    const d = copy('Deployment', 'proxy');
    delete d.spec.selector;
    delete d.spec.template.spec.containers[1].name;
    expect(schemaFindings('gitpod', d).map(formatFinding)).toEqual([
      "gitpod/Deployment/proxy: spec: must have required property 'selector'",
      "gitpod/Deployment/proxy: spec.template.spec.containers[1]: must have required property 'name'",
    ]);
  });

  test('an enum lists the allowed values', () => {
    const s = copy('Service', 'proxy');
    s.spec.type = 'LoadBalancerX';
    expect(schemaFindings('gitpod', s).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.type: must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  test('a bad quantity is one line, not one per oneOf branch', () => {
    const d = copy('Deployment', 'proxy');
    d.spec.template.spec.containers[1].resources.requests.cpu = 'lots';
    expect(schemaFindings('gitpod', d).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.template.spec.containers[1].resources.requests.cpu: must be number, or must match format "quantity"',
    ]);
  });

  test('annotation keys with dots and slashes are quoted in the path', () => {
    const s = copy('Service', 'proxy');
    s.metadata.annotations['cloud.google.com/neg'] = { ingress: true };
    expect(schemaFindings('gitpod', s).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'metadata.annotations["cloud.google.com/neg"]: must be string',
    ]);
  });

  test('cert-manager objects are validated against the cert-manager schemas', () => {
    const c = copy('Certificate', 'ca-issuer-ca');
    delete c.spec.issuerRef;
    c.spec.privateKey.algorithm = 'DSA';
    expect(schemaFindings('gitpod', c).map((f) => `${f.path}: ${f.message}`)).toEqual([
      "spec: must have required property 'issuerRef'",
      'spec.privateKey.algorithm: must be one of "RSA", "ECDSA", "Ed25519"',
    ]);
  });

  test('an object no schema knows is a finding, not silently passed', () => {
    const o = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } };
    expect(schemaFindings('gitpod', o).map((f) => f.message)).toEqual([
      'no schema for example.com/v1 Widget: not a Kubernetes 1.27 kind nor a known CRD (cert-manager, External Secrets)',
    ]);
    const removed = { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' }, spec: {} };
    expect(schemaFindings('gitpod', removed).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'apiVersion: policy/v1beta1 PodSecurityPolicy is not served by Kubernetes 1.27: removed in 1.25 (use policy/v1; PodSecurityPolicy has no successor)',
    ]);
  });

  test('validators are loaded lazily: a ConfigMap alone does not load the Deployment schema', () => {
    const lib = path.join(__dirname, '..', 'lib', 'src', 'validation', 'schema.js');
    const script = `
      const { schemaFindings } = require(${JSON.stringify(lib)});
      schemaFindings('c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'd' }, data: {} });
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ configMap: loaded.some((f) => f.includes('IoK8sApiCoreV1ConfigMap')), deployment: loaded.some((f) => f.includes('IoK8sApiAppsV1Deployment')) }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ configMap: true, deployment: false });
  });
});

describe('synthesis fails on an invalid object', () => {
  const note = 'x'.repeat(140 * 1024);
  const TOO_MANY_ANNOTATIONS: GitpodConfigInput['customization'] = [
    { apiVersion: '*', kind: '*', metadata: { name: 'proxy', annotations: { 'example.com/first': note } } },
    { apiVersion: '*', kind: '*', metadata: { name: 'proxy', annotations: { 'example.com/second': note } } },
  ];

  test('buildInstallations throws one error listing every finding as <cluster>/<Kind>/<name>: <path>: <message>', () => {
    const config: GitpodConfigInput = {
      ...DEFAULT_CONFIG,
      // Each entry is valid alone (the config checks pass); together they overflow the objects' annotations.
      customization: TOO_MANY_ANNOTATIONS,
    };
    let error: unknown;
    try {
      buildInstallations(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestValidationError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^gitpod\/Deployment\/proxy: metadata\.annotations: annotations total 2\d{5} bytes; at most 262144 allowed$/),
    );
    expect(lines.every((l) => /^gitpod\/[A-Za-z]+\/[^:]+: [^:]+: .+/.test(l))).toBe(true);
  });

  test('app.synth() of a patched installation fails too (escape hatches are validated)', () => {
    const app = new App();
    const gitpod = new GitpodInstallation(app, 'gitpod', { config: DEFAULT_CONFIG });
    gitpod.proxy!.deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 'two'));
    expect(() => app.synthYaml()).toThrow('gitpod/Deployment/proxy: spec.replicas: must be integer');
  });

  test('validate: false renders without checking (for debugging a rendering)', () => {
    const config: GitpodConfigInput = {
      ...DEFAULT_CONFIG,
      // Each entry is valid alone (the config checks pass); together they overflow the objects' annotations.
      customization: TOO_MANY_ANNOTATIONS,
    };
    expect(() => buildInstallations(config, { validate: false })).not.toThrow();
  });
});
