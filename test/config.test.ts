import { defaultConfig } from '../src/config/defaults';
import { GitpodConfigError } from '../src/config/errors';
import { loadConfig, parseConfigYaml, resolveConfig } from '../src/config/load';
import { mergeConfig } from '../src/config/merge';
import { CONFIG_TEMPLATE } from '../src/config/template';

const base = { apiVersion: 'v1', domain: 'gitpod.example.com' };

/** The problems a config yields, as the CLI prints them. */
function problems(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (e) {
    if (e instanceof GitpodConfigError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('merging onto the installer defaults', () => {
  test('objects merge key by key', () => {
    const { config } = resolveConfig({ ...base, workspace: { resources: { requests: { cpu: '2' } } } });
    expect(config.workspace.resources.requests).toEqual({ cpu: '2', memory: '2Gi' });
    expect(config.workspace.maxLifetime).toBe('36h');
  });

  test('arrays replace', () => {
    const merged = mergeConfig({ list: ['a', 'b'], keep: 1 }, { list: ['c'] });
    expect(merged).toEqual({ list: ['c'], keep: 1 });
  });

  test('an explicit null clears a default', () => {
    const { config } = resolveConfig({ ...base, database: { inCluster: null, external: { certificate: { kind: 'secret', name: 'db' } } } });
    expect(config.database).toEqual({ external: { certificate: { kind: 'secret', name: 'db' } } });
  });

  test('the defaults are the installer defaults', () => {
    const { config } = resolveConfig(base);
    expect(config).toEqual({ ...defaultConfig(), domain: 'gitpod.example.com' });
  });

  test('typed props work without a file', () => {
    const { config } = resolveConfig({ domain: 'gitpod.acme.dev', kind: 'Meta' });
    expect(config.kind).toBe('Meta');
    expect(config.apiVersion).toBe('v1');
  });

  test('the init template parses to the defaults', () => {
    const { config } = loadConfig(CONFIG_TEMPLATE);
    expect(config).toEqual({ ...defaultConfig(), domain: 'gitpod.example.com' });
  });
});

describe('schema errors name the YAML path, the value found and what is allowed', () => {
  test.each([
    [{ ...base, domain: 'localhost' }, 'domain: found "localhost"; must be a fully qualified domain name in lower case such as gitpod.example.com'],
    [{ apiVersion: 'v1' }, 'domain: required: must be a fully qualified domain name in lower case such as gitpod.example.com'],
    [{ ...base, apiVersion: 'v2' }, 'apiVersion: found "v2"; allowed: v1'],
    [{ ...base, kind: 'Everything' }, 'kind: found "Everything"; allowed: Full, Meta, Workspace, IDE, WebApp'],
    [{ ...base, colour: 'blue' }, 'colour: unknown key; allowed here: apiVersion, kind, domain, metadata, repository, observability, analytics, database, objectStorage, containerRegistry, certificate, httpProxy, imagePullSecrets, workspace, openVSX, authProviders, blockNewUsers, license, sshGatewayHostKey, disableDefinitelyGp, customCACert, dropImageRepo, customization, components, experimental, cdk8s'],
    [{ ...base, workspace: { maxLifetime: 36 } }, 'workspace.maxLifetime: must be a string, found 36'],
    [{ ...base, workspace: { maxLifetime: 'forever' } }, 'workspace.maxLifetime: found "forever"; must be a Go duration such as 36h, 90m or 2m30s'],
    [{ ...base, workspace: { runtime: { containerdSocket: 'run/containerd.sock' } } }, 'workspace.runtime.containerdSocket: found "run/containerd.sock"; must be an absolute host path (starting with /)'],
    [{ ...base, workspace: { pvc: { size: 'big' } } }, 'workspace.pvc.size: found "big"; must be a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi'],
    [{ ...base, certificate: { kind: 'secret', name: '' } }, 'certificate.name: required: must be a Secret name (lower-case RFC 1123: a-z, 0-9, "-" and ".")'],
    [{ ...base, certificate: { kind: 'configmap', name: 'x' } }, 'certificate.kind: found "configmap"; allowed: secret'],
    [{ ...base, license: { kind: 'secret' } }, 'license.name: required when license is set'],
    [{ ...base, authProviders: [{ kind: 'secret', name: 'Bad_Name' }] }, 'authProviders[0].name: found "Bad_Name"; must be a Secret name (lower-case RFC 1123: a-z, 0-9, "-" and ".")'],
    [{ ...base, database: { inCluster: false, cloudSQL: { serviceAccount: { kind: 'secret', name: 'sa' } } } }, 'database.cloudSQL.instance: required when database.cloudSQL is set'],
    [{ ...base, components: { proxy: { service: { serviceType: 'Ingress' } } } }, 'components.proxy.service.serviceType: found "Ingress"; allowed: LoadBalancer, ClusterIP, NodePort, ExternalName'],
    [{ ...base, observability: { logLevel: 'loud' } }, 'observability.logLevel: found "loud"; allowed: trace, debug, info, warning, error, fatal, panic'],
    [{ ...base, openVSX: { url: 'open-vsx.org' } }, 'openVSX.url: found "open-vsx.org"; must be an absolute URL such as https://open-vsx.org'],
    [{ ...base, experimental: { common: { podConfig: { server: { replicas: 'two' } } } } }, 'experimental.common.podConfig.server.replicas: must be a whole number, found "two"'],
  ])('%j', (input, expected) => {
    expect(problems(input)).toContain(expected);
  });

  test('every problem is reported, not only the first', () => {
    expect(problems({ ...base, domain: 'x', kind: 'Nope', colour: 1 })).toHaveLength(3);
  });

  test('the whole document must be a mapping', () => {
    expect(problems(['a'])).toEqual(['the config must be a YAML mapping, found a list']);
  });
});

describe('cross-field rules', () => {
  const secret = (name: string) => ({ kind: 'secret', name });

  test.each([
    [
      'two database kinds',
      { database: { external: { certificate: secret('db') } } },
      'database: choose exactly one of database.inCluster, database.external, database.cloudSQL; found database.inCluster and database.external (set database.inCluster: false to use an outside database)',
    ],
    ['no database', { database: { inCluster: false } }, 'database: choose exactly one of database.inCluster, database.external, database.cloudSQL; found none'],
    [
      'two storage kinds',
      { objectStorage: { inCluster: false, s3: { endpoint: 's3.amazonaws.com', credentials: secret('s3') }, azure: { credentials: secret('az') } } },
      'objectStorage: choose exactly one of objectStorage.inCluster, objectStorage.s3, objectStorage.cloudStorage, objectStorage.azure; found objectStorage.s3 and objectStorage.azure',
    ],
    [
      'registry in-cluster and external',
      { containerRegistry: { external: { url: 'r.example.com', certificate: secret('r') } } },
      'containerRegistry: choose exactly one of containerRegistry.inCluster: true and containerRegistry.external; found both (set containerRegistry.inCluster: false to use the external registry)',
    ],
    ['registry neither', { containerRegistry: { inCluster: false } }, 'containerRegistry.external: required when containerRegistry.inCluster is false'],
    [
      's3storage without the in-cluster registry',
      { containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: secret('r') }, s3storage: { bucket: 'b', region: 'r', endpoint: 'e', certificate: secret('s') } } },
      'containerRegistry.s3storage: only used by the in-cluster registry: set containerRegistry.inCluster: true or remove s3storage',
    ],
    ['block new users without a passlist', { blockNewUsers: { enabled: true } }, 'blockNewUsers.passlist: required when blockNewUsers.enabled is true: at least one domain such as example.com'],
    [
      'proxy service type set twice',
      { components: { proxy: { service: { serviceType: 'ClusterIP' } } }, experimental: { webapp: { proxy: { serviceType: 'NodePort' } } } },
      'experimental.webapp.proxy.serviceType: cannot be set together with components.proxy.service.serviceType (it is deprecated: keep only the latter)',
    ],
    [
      'sampler type without param',
      { experimental: { workspace: { tracing: { samplerType: 'const' } } } },
      'experimental.workspace.tracing.samplerParam: required when experimental.workspace.tracing.samplerType is set',
    ],
  ])('%s', (_name, input, expected) => {
    expect(problems({ ...base, ...input })).toEqual([expected]);
  });

  test.each([
    ['in-cluster everything', {}],
    ['external database', { database: { inCluster: false, external: { certificate: secret('db') } } }],
    ['cloud SQL', { database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: secret('sa') } } }],
    ['S3', { objectStorage: { inCluster: false, s3: { endpoint: 's3.amazonaws.com', credentials: secret('s3'), bucket: 'b' } } }],
    ['GCS', { objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: secret('gcs') } } }],
    ['Azure', { objectStorage: { inCluster: false, azure: { credentials: secret('az') } } }],
    ['external registry', { containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: secret('r') } } }],
    ['S3-backed registry', { containerRegistry: { s3storage: { bucket: 'b', region: 'r', endpoint: 'e', certificate: secret('s') } } }],
  ])('%s is valid', (_name, input) => {
    expect(problems({ ...base, ...input })).toEqual([]);
  });

  test('a deprecated experimental setting moves to its new place with a warning', () => {
    const { config, warnings } = resolveConfig({ ...base, experimental: { webapp: { proxy: { serviceType: 'ClusterIP' } } } });
    expect(config.components?.proxy?.service?.serviceType).toBe('ClusterIP');
    expect(warnings.map((w) => w.path)).toEqual(['experimental.webapp.proxy.serviceType']);
  });
});

describe('YAML parsing', () => {
  test('syntax errors give line and column', () => {
    expect(() => parseConfigYaml('domain: [a', 'my.yaml')).toThrow(/^my\.yaml:1:\d+: invalid YAML/);
  });

  test('duplicate keys are an error', () => {
    expect(() => parseConfigYaml('domain: a.example.com\ndomain: b.example.com\n', 'dup.yaml')).toThrow(/dup\.yaml:2:1: invalid YAML/);
  });
});

describe('the exported JSON Schema for editors', () => {
  test('schema/gitpod-config.schema.json is the schema the loader uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const file = require('../schema/gitpod-config.schema.json');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CONFIG_SCHEMA } = require('../src/config/schema');
    expect(file).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });
});
