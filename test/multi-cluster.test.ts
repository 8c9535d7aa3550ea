import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInstallations } from '../src/app';
import { GitpodConfigError } from '../src/config/errors';
import { parseConfigYaml } from '../src/config/load';
import { GitpodConfigInput } from '../src/config/types';
import { fleetConfig, workspaceCluster } from './fleet-configs';
import { addressFindings, inClusterAddresses } from '../src/validation/addresses';
import { declaredExternals, formatFinding, referenceFindings } from '../src/validation';
import { container, find, Manifest, maybe, podSpec } from './helpers';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'multi-cluster', 'gitpod.config.yaml');
const exampleConfig = () => parseConfigYaml(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE) as GitpodConfigInput;

function objectsByCluster(config: GitpodConfigInput): Record<string, Manifest[]> {
  const { installations } = buildInstallations(config);
  return Object.fromEntries(installations.map((i) => [i.node.id, i.renderedObjects().map((o) => o.manifest)]));
}

const env = (o: Manifest, c: string, name: string) => container(o, c).env.find((e: Manifest) => e.name === name)?.value;
const configJson = (o: Manifest, key: string) => JSON.parse(o.data[key]);

describe('several clusters from one config (cdk8s.clusters)', () => {
  const config = fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws-eu', 'eu', { namespace: 'gitpod-ws' })]);
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

describe('the example fleet (examples/multi-cluster): meta + ws-eu + ws-us, wired', () => {
  const objects = objectsByCluster(exampleConfig());
  const { meta } = objects;
  const workspaceClusters = [
    { name: 'ws-eu', shortname: 'eu', region: 'eu-west-1', address: 'ws-manager.ws-eu.gitpod.acme.dev:8080' },
    { name: 'ws-us', shortname: 'us', region: 'us-east-1', address: 'ws-manager.ws-us.gitpod.acme.dev:8080' },
  ];

  test('renders one folder per cluster', () => {
    expect(Object.keys(objects)).toEqual(['meta', 'ws-eu', 'ws-us']);
  });

  test('the bridge lists every workspace cluster by shortname, at its exposed address; skipSelf follows from Meta', () => {
    const bridges = configJson(find(meta, 'ConfigMap', 'ws-manager-bridge-config'), 'ws-manager-bridge.json').staticBridges;
    expect(bridges.map((b: Manifest) => [b.name, b.url, b.score, b.applicationCluster])).toEqual([
      ['eu', 'dns:///ws-manager.ws-eu.gitpod.acme.dev:8080', 60, 'default'],
      ['us', 'dns:///ws-manager.ws-us.gitpod.acme.dev:8080', 50, 'default'],
    ]);
    expect(bridges[0].tls).toEqual({ ca: '/ws-manager-client-tls-certs/ca.crt', crt: '/ws-manager-client-tls-certs/tls.crt', key: '/ws-manager-client-tls-certs/tls.key' });
  });

  test("the server's WSMAN_CFG_MANAGERS holds the same list (it reads env and database, not the bridge's config)", () => {
    const managers = JSON.parse(Buffer.from(env(find(meta, 'Deployment', 'server'), 'server', 'WSMAN_CFG_MANAGERS'), 'base64').toString());
    const bridges = configJson(find(meta, 'ConfigMap', 'ws-manager-bridge-config'), 'ws-manager-bridge.json').staticBridges;
    expect(managers).toEqual(bridges);
  });

  test('the application cluster gets its ws-manager client certificate from the fleet CA', () => {
    const cert = find(meta, 'Certificate', 'ws-manager');
    expect(cert.spec.secretName).toBe('ws-manager-client-tls');
    expect(cert.spec.issuerRef).toEqual({ name: 'gitpod-fleet-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test.each(workspaceClusters)('$name exposes ws-manager restricted by source ranges, with a server certificate of the fleet CA for its address', (w) => {
    const svc = find(objects[w.name], 'Service', 'ws-manager-external');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
    expect(svc.spec.ports).toEqual([{ name: 'rpc', port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    expect(svc.spec.selector).toEqual({ app: 'gitpod', component: 'ws-manager' });
    const tls = find(objects[w.name], 'Certificate', 'ws-manager-tls');
    expect(tls.spec.dnsNames).toContain(w.address.split(':')[0]);
    expect(tls.spec.issuerRef.name).toBe('gitpod-fleet-ca');
    expect(find(objects[w.name], 'Certificate', 'ws-manager').spec.issuerRef.name).toBe('gitpod-fleet-ca');
  });

  test.each(workspaceClusters)('$name: ws-proxy answers 443 and 80 itself and announces only *.ws-<shortname>', (w) => {
    const svc = find(objects[w.name], 'Service', 'ws-proxy');
    expect(svc.spec.type).toBe('LoadBalancer');
    const ports = Object.fromEntries(svc.spec.ports.map((p: Manifest) => [p.port, p.targetPort]));
    expect(ports).toMatchObject({ 443: 9090, 80: 8080, 22: 2200 });
    expect(svc.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe(`*.ws-${w.shortname}.gitpod.acme.dev,*.ssh.ws-${w.shortname}.gitpod.acme.dev`);
  });

  test.each(workspaceClusters)('$name: GITPOD_REGION is its region; no registry of its own; no MinIO', (w) => {
    expect(env(find(objects[w.name], 'Deployment', 'ws-manager'), 'ws-manager', 'GITPOD_REGION')).toBe(w.region);
    expect(maybe(objects[w.name], 'Deployment', 'registry')).toBeUndefined();
    expect(objects[w.name].some((o) => o.metadata.name === 'minio')).toBe(false);
  });

  test('the application cluster announces no workspace host', () => {
    const proxy = find(meta, 'Service', 'proxy');
    expect(proxy.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('gitpod.acme.dev,*.gitpod.acme.dev');
  });

  test("image builds: the application cluster's image-builder-mk3 drives the first workspace cluster's exposed ws-manager", () => {
    const ib = configJson(find(meta, 'ConfigMap', 'image-builder-mk3-config'), 'image-builder.json');
    expect(ib.orchestrator.wsman.address).toBe('ws-manager.ws-eu.gitpod.acme.dev:8080');
    expect(podSpec(find(meta, 'Deployment', 'image-builder-mk3')).volumes).toContainEqual({ name: 'wsman-tls-certs', secret: { secretName: 'ws-manager-client-tls' } });
    const server = configJson(find(meta, 'ConfigMap', 'server-config'), 'config.json');
    expect(server.imageBuilderAddr).toBe('image-builder-mk3.default.svc.cluster.local:8080');
    expect(find(meta, 'Service', 'image-builder-mk3')).toBeDefined();
  });
});

describe('a Full cluster with a remote Workspace cluster (test/configs/fleet-full-workspace.yaml)', () => {
  const file = path.join(__dirname, 'configs', 'fleet-full-workspace.yaml');
  const objects = objectsByCluster(parseConfigYaml(fs.readFileSync(file, 'utf8'), file) as GitpodConfigInput);

  test('the Full cluster bridges itself in-cluster and the other at its address, with score, govern and admission constraints', () => {
    const bridges = configJson(find(objects.main, 'ConfigMap', 'ws-manager-bridge-config'), 'ws-manager-bridge.json').staticBridges;
    expect(bridges.map((b: Manifest) => [b.name, b.url, b.govern, b.admissionConstraints])).toEqual([
      ['eu', 'dns:///ws-manager:8080', true, null],
      ['asia', 'dns:///ws-manager.asia.gitpod.fleet.example.com:8080', false, [{ type: 'has-permission', permission: 'admin-workspaces' }]],
    ]);
  });

  test("cdk8s.fleet.imageBuilds points the application cluster's image builder at the named cluster", () => {
    const ib = configJson(find(objects.main, 'ConfigMap', 'image-builder-mk3-config'), 'image-builder.json');
    expect(ib.orchestrator.wsman.address).toBe('ws-manager.asia.gitpod.fleet.example.com:8080');
  });

  test("the Full cluster's ws-manager certificates come from the fleet CA too", () => {
    expect(find(objects.main, 'Certificate', 'ws-manager-tls').spec.issuerRef.name).toBe('fleet-ca');
    expect(find(objects.main, 'Certificate', 'ws-manager').spec.issuerRef.name).toBe('fleet-ca');
  });
});

describe('per-cluster workspace classes', () => {
  test("a cluster's workspaceClasses replace experimental.workspace.classes there only", () => {
    const cls = (cpu: string) => ({ name: cpu, resources: { requests: { cpu, memory: '2Gi' } } });
    const objects = objectsByCluster(
      fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws-eu', 'eu'), workspaceCluster('ws-us', 'us', { workspaceClasses: { big: cls('8') } })], {
        experimental: { workspace: { classes: { small: cls('1') } } },
      }),
    );
    const classes = (c: string) => Object.keys(configJson(find(objects[c], 'ConfigMap', 'ws-manager'), 'config.json').manager.workspaceClass);
    expect(classes('ws-eu')).toEqual(['default', 'small']);
    expect(classes('ws-us')).toEqual(['big', 'default']);
  });
});

describe('fleets where no workspace would start are refused, one line per problem', () => {
  const lines = (config: GitpodConfigInput): string[] => {
    try {
      buildInstallations(config);
    } catch (e) {
      if (e instanceof GitpodConfigError) return e.message.split('\n');
      throw e;
    }
    return [];
  };
  const meta = { name: 'meta', kind: 'Meta' as const };

  test('duplicate shortnames', () => {
    expect(lines(fleetConfig([meta, workspaceCluster('a', 'eu'), workspaceCluster('b', 'eu')]))).toEqual([
      'cdk8s.clusters[2].shortname: found "eu", already the shortname of cluster a; each workspace cluster needs its own (ws-<shortname>.gitpod.example.com)',
    ]);
  });

  test('missing shortnames', () => {
    expect(lines(fleetConfig([meta, workspaceCluster('a'), workspaceCluster('b', 'us')]))).toEqual([
      'cdk8s.clusters[1].shortname: found nothing; required when several clusters run workspaces (a, b): each needs its own shortname, or they share ws.gitpod.example.com',
    ]);
  });

  test('a shortname that is not a DNS label', () => {
    expect(lines(fleetConfig([meta, workspaceCluster('a', 'EU.west', { wsManager: { address: 'ws.example.com:8080', sourceRanges: ['192.0.2.0/24'] } })]))).toEqual([
      `cdk8s.clusters[1].shortname: found "EU.west"; must be a DNS label: lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 60 characters (ws-<shortname> is a DNS label)`,
    ]);
  });

  test('a fleet without an application cluster', () => {
    expect(lines(fleetConfig([workspaceCluster('a', 'eu'), workspaceCluster('b', 'us')]))).toEqual([
      'cdk8s.clusters: found no application cluster; exactly one cluster must be of kind Meta or Full (it runs the server and ws-manager-bridge)',
    ]);
  });

  test('two application clusters', () => {
    expect(lines(fleetConfig([meta, { name: 'meta2', kind: 'Meta' }, workspaceCluster('a', 'eu')]))).toEqual([
      'cdk8s.clusters[1].kind: found "Meta", a second application cluster beside meta; exactly one cluster runs the server (the others are Workspace)',
    ]);
  });

  test('an IDE/WebApp split', () => {
    expect(lines(fleetConfig([{ name: 'webapp', kind: 'WebApp' }, { name: 'ide', kind: 'IDE' }, workspaceCluster('a', 'eu')]))).toEqual([
      'cdk8s.clusters[0].kind: found "WebApp"; a fleet does not split IDE and WebApp (the server reaches ide-service in its own cluster): use Meta, or Full',
      'cdk8s.clusters[1].kind: found "IDE"; a fleet does not split IDE and WebApp (the server reaches ide-service in its own cluster): use Meta, or Full',
    ]);
  });

  test('a workspace cluster the application cluster cannot reach', () => {
    const { wsManager: _w, ...unreachable } = workspaceCluster('a', 'eu');
    expect(lines(fleetConfig([meta, unreachable]))).toEqual([
      'cdk8s.clusters[1].wsManager: found nothing; required for a Workspace cluster: {address: <host:port the application cluster meta dials>, sourceRanges: [<CIDRs allowed to reach it>]} (ws-manager does not require client certificates at 2022.11.3)',
    ]);
  });

  test('an exposed ws-manager without source ranges', () => {
    const open = workspaceCluster('a', 'eu', { wsManager: { address: 'ws.example.com:8080', sourceRanges: [] } });
    expect(lines(fleetConfig([meta, open]))).toEqual(['cdk8s.clusters[1].wsManager.sourceRanges: must NOT have fewer than 1 items, found []']);
  });

  test('in-cluster MinIO in a split fleet, and no fleet CA', () => {
    expect(lines({ domain: 'gitpod.example.com', cdk8s: { clusters: [meta, workspaceCluster('a', 'eu')] } })).toEqual([
      'objectStorage.inCluster: found true in a fleet with workspace clusters apart from the application cluster (a): in-cluster MinIO is reachable in one cluster only; configure objectStorage.s3, objectStorage.cloudStorage or objectStorage.azure',
      'cdk8s.fleet.ca: found nothing; required when ws-manager is reached across clusters (a): {issuer: {kind: ClusterIssuer, name: <an issuer of one CA, present in every cluster>}}',
    ]);
  });

  test('a hand-set skipSelf', () => {
    expect(lines(fleetConfig([meta, workspaceCluster('a', 'eu')], { experimental: { webapp: { wsManagerBridge: { skipSelf: true } } } }))).toEqual([
      'experimental.webapp.wsManagerBridge.skipSelf: found true; with cdk8s.clusters it is derived from the cluster kinds (the application cluster bridges itself when it runs workspaces): remove it',
    ]);
  });

  test('an IP address for ws-manager (its certificate names a DNS name)', () => {
    const byIp = workspaceCluster('a', 'eu', { wsManager: { address: '203.0.113.7:8080', sourceRanges: ['192.0.2.0/24'] } });
    expect(lines(fleetConfig([meta, byIp]))).toEqual([
      `cdk8s.clusters[1].wsManager.address: found "203.0.113.7:8080"; must be a DNS name and port: ws-manager's certificate is issued for the name the application cluster dials`,
    ]);
  });

  test('cdk8s.fleet.imageBuilds must name a cluster running workspaces; fleet settings need clusters', () => {
    const fleet = fleetConfig([meta, workspaceCluster('a', 'eu')]);
    expect(lines({ ...fleet, cdk8s: { ...fleet.cdk8s, fleet: { ...fleet.cdk8s.fleet, imageBuilds: 'meta' } } })).toEqual([
      'cdk8s.fleet.imageBuilds: found "meta"; allowed: the name of a cluster running workspaces (a)',
    ]);
    expect(lines({ domain: 'gitpod.example.com', cdk8s: { fleet: { ca: { issuer: { kind: 'ClusterIssuer', name: 'ca' } } } } })).toEqual([
      'cdk8s.fleet: found fleet settings without cdk8s.clusters; they apply only to several clusters',
    ]);
  });

  test('regions can be expressed per cluster', () => {
    expect(lines(fleetConfig([meta, workspaceCluster('a', 'eu', { region: 'europe-west1' })]))).toEqual([]);
  });
});

describe('no address in a config or env value points at a Service its cluster does not have', () => {
  const { installations } = buildInstallations(exampleConfig());

  test('the addresses are read from text: Service and namespace, pod names and cluster.local included', () => {
    expect(inClusterAddresses('{"a": "http://server.gitpod.svc.cluster.local:3000", "b": "mysql-0.mysql-headless.gitpod.svc:3306", "c": "$(X).gitpod.svc"}')).toEqual([
      { service: 'server', namespace: 'gitpod', address: 'server.gitpod.svc' },
      { service: 'mysql-headless', namespace: 'gitpod', address: 'mysql-0.mysql-headless.gitpod.svc' },
    ]);
  });

  test.each(['meta', 'ws-eu', 'ws-us'])('%s: every in-cluster address names a Service of its own rendering', (name) => {
    const inst = installations.find((i) => i.node.id === name)!;
    const objects = inst.renderedObjects().map((o) => o.manifest);
    const addresses = objects
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((o) => Object.values(o.data ?? {}).flatMap((v) => inClusterAddresses(String(v))));
    if (name === 'meta') expect(addresses.map((a) => a.service)).toEqual(expect.arrayContaining(['image-builder-mk3', 'content-service', 'ide-service']));
    expect(referenceFindings(name, objects, declaredExternals(inst.context)).map(formatFinding)).toEqual([]);
  });

  test('a Service missing from the cluster is reported at the config and the env value naming it', () => {
    const meta = installations[0];
    const objects = meta.renderedObjects().map((o) => o.manifest).filter((o) => !(o.kind === 'Service' && o.metadata.name === 'image-builder-mk3'));
    expect(referenceFindings('meta', objects, declaredExternals(meta.context)).map(formatFinding)).toEqual([
      'meta/ConfigMap/server-config: data["config.json"]: address "image-builder-mk3.default.svc" names Service "image-builder-mk3", which is not in the rendering of cluster meta',
    ]);
    const env = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'debug', namespace: 'default' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'c', env: [{ name: 'WSMAN', value: 'ws-manager.default.svc.cluster.local:8080' }] }] } } } };
    expect(addressFindings('meta', [...meta.renderedObjects().map((o) => o.manifest), env], declaredExternals(meta.context).services).map(formatFinding)).toEqual([
      'meta/Deployment/debug: spec.template.spec.containers[0].env[0].value: address "ws-manager.default.svc" names Service "ws-manager", which is not in the rendering of cluster meta',
    ]);
  });
});
