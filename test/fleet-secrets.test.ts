import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInstallations } from '../src/app';
import { fixedValues, randomValues } from '../src/secrets/generate';
import { generatedSecretManifests } from '../src/secrets/plan';
import { runCli } from './cli-bin';
import { fleetConfig, workspaceCluster } from './fleet-configs';
import { Manifest, parseAll } from './helpers';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'multi-cluster', 'gitpod.config.yaml');
const cli = (args: string[]) => runCli(args);

const meta = { name: 'meta', kind: 'Meta' as const };
/** The in-cluster registry's credentials: its proxy checks them in the application cluster, every workspace cluster pulls with them. */
const FLEET = fleetConfig([meta, workspaceCluster('ws-eu', 'eu'), workspaceCluster('ws-us', 'us')], { containerRegistry: { inCluster: true } });
const ESO = { externalSecrets: { storeRef: { kind: 'ClusterSecretStore' as const, name: 'vault' } } };

/** The generated Secrets of every cluster, values decoded: cluster → name → key → value. */
function generatedByCluster(config: any, values = randomValues()): Record<string, Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const inst of buildInstallations(config).installations) {
    out[inst.node.id] = {};
    for (const m of generatedSecretManifests(inst.secretPlan(), values, inst.context.namespace)) {
      out[inst.node.id][m.metadata.name] = m.stringData ?? Object.fromEntries(Object.entries(m.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    }
  }
  return out;
}

describe('credentials the clusters of a fleet share are the same in every cluster', () => {
  test('plain `secrets`: one run gives every cluster the same values', () => {
    const byCluster = generatedByCluster(FLEET);
    const holders = Object.keys(byCluster).filter((c) => byCluster[c]['builtin-registry-auth']);
    expect(holders).toEqual(['meta', 'ws-eu', 'ws-us']);
    for (const key of ['.dockerconfigjson', 'user', 'password']) {
      expect(new Set(holders.map((c) => byCluster[c]['builtin-registry-auth'][key])).size).toBe(1);
    }
  });

  test('the CLI prints the same shared values under each cluster heading', () => {
    const r = cli(['secrets', '--config', EXAMPLE]);
    expect(r.code).toBe(0);
    const auth = parseAll(r.stdout).filter((s) => s.metadata.name === 'builtin-registry-auth');
    expect(auth).toHaveLength(3);
    expect(new Set(auth.map((s) => s.data['.dockerconfigjson'])).size).toBe(1);
  });

  test('a cluster added later keeps the running values with `secrets --cluster <new> --existing`', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-fleet-'));
    const running = path.join(dir, 'meta-secrets.yaml');
    const metaRun = cli(['secrets', '--config', EXAMPLE, '--cluster', 'meta']);
    fs.writeFileSync(running, metaRun.stdout);
    const added = cli(['secrets', '--config', EXAMPLE, '--cluster', 'ws-us', '--existing', running]);
    expect(added.code).toBe(0);
    const value = (text: string) => parseAll(text).find((s) => s.metadata.name === 'builtin-registry-auth')!.data['.dockerconfigjson'];
    expect(value(added.stdout)).toBe(value(metaRun.stdout));
    expect(added.stderr).toContain('builtin-registry-auth..dockerconfigjson: kept');
  });

  test('External Secrets: a Secret in several clusters is read from the store in each, never made by a per-cluster Password generator', () => {
    const config = { ...FLEET, cdk8s: { ...FLEET.cdk8s, secrets: ESO } };
    const { installations } = buildInstallations(config);
    const externalSecrets = new Map<string, Manifest[]>();
    for (const inst of installations) {
      for (const o of inst.renderedObjects().map((x) => x.manifest).filter((x) => x.kind === 'ExternalSecret')) {
        externalSecrets.set(o.metadata.name, [...(externalSecrets.get(o.metadata.name) ?? []), o]);
      }
    }
    const shared = [...externalSecrets.entries()].filter(([, list]) => list.length > 1);
    expect(shared.map(([name]) => name).sort()).toEqual(['builtin-registry-auth', 'https-certificates', 'object-storage']);
    for (const [, list] of shared) {
      for (const es of list) {
        expect(es.spec.dataFrom ?? []).toEqual([]);
        expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
        expect(es.spec.data.length).toBeGreaterThan(0);
      }
    }
  });

  test('Azure storage in a split fleet is refused (its MinIO gateway runs in the application cluster only)', () => {
    expect(() => buildInstallations({ ...FLEET, objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'azure-storage' } } } })).toThrow(
      /^objectStorage\.azure: found a setting in a fleet with workspace clusters apart from the application cluster \(ws-eu, ws-us\): Azure storage goes through a MinIO gateway/,
    );
  });

  test('a lone cluster keeps its Password generator for MinIO (nothing to share)', () => {
    const { installations } = buildInstallations({ domain: 'gitpod.example.com', cdk8s: { secrets: ESO } });
    const minio = installations[0].renderedObjects().map((x) => x.manifest).find((x) => x.kind === 'ExternalSecret' && x.metadata.name === 'minio');
    expect(minio!.spec.dataFrom[0].sourceRef.generatorRef.kind).toBe('Password');
  });

  test('fixed values are what they say (the comparison above can fail)', () => {
    const a = generatedByCluster(FLEET, fixedValues());
    const b = generatedByCluster(FLEET, randomValues());
    expect(a['ws-eu']['builtin-registry-auth'].password).not.toBe(b['ws-eu']['builtin-registry-auth'].password);
  });
});
