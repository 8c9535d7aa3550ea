import * as path from 'node:path';
import { App } from 'cdk8s';
import { buildInstallations } from '../src/app';
import { clusterProps } from '../src/config/clusters';
import { GitpodConfigError } from '../src/config/errors';
import { closest } from '../src/config/input-rules';
import { loadConfig, resolveConfig } from '../src/config/load';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { POD_CONFIG_COMPONENTS } from '../src/common/pod-config';
import { IMAGE_NAMES } from '../src/images';
import { fleetConfig, workspaceCluster } from './fleet-configs';
import { GitpodInstallation } from '../src/installation';
import { ruleFindings } from '../src/validation/rules';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';
import { configProblems } from './helpers';
import { runCli } from './cli-bin';

const base = { apiVersion: 'v1', domain: 'gitpod.example.com' };

const problems = configProblems;

/** The config's lines from YAML text (so values reach us exactly as a user writes them). */
function yamlProblems(text: string): string[] {
  try {
    loadConfig(`apiVersion: v1\ndomain: gitpod.example.com\n${text}`);
  } catch (e) {
    if (e instanceof GitpodConfigError) return e.message.split('\n');
    throw e;
  }
  return [];
}

/** Configs that together render every component and image: the project configs and the choices they miss. */
const RENDER_CASES = (): GitpodConfigInput[] => [
  base as GitpodConfigInput,
  ...PROJECT_CONFIGS.map(loadProjectConfig),
  { ...base, database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: { kind: 'secret', name: 'sa' } } } } as GitpodConfigInput,
  { ...base, objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'az' } } } } as GitpodConfigInput,
  { ...base, experimental: { webapp: { slowDatabase: true, usage: { enabled: true } } } } as GitpodConfigInput,
  { ...base, workspace: { runtime: { fsShiftMethod: 'shiftfs' } } } as GitpodConfigInput,
];

const QUANTITY = 'must be a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi';

describe('Kubernetes quantities: the quantity grammar, never negative', () => {
  test.each([
    [{ workspace: { resources: { requests: { cpu: '-1' } } } }, `workspace.resources.requests.cpu: found "-1"; ${QUANTITY}`],
    [{ workspace: { resources: { requests: { cpu: -1 } } } }, `workspace.resources.requests.cpu: found -1; ${QUANTITY}`],
    [{ workspace: { resources: { limits: { memory: '2 Gi' } } } }, `workspace.resources.limits.memory: found "2 Gi"; ${QUANTITY}`],
    [{ workspace: { pvc: { size: '-5Gi' } } }, `workspace.pvc.size: found "-5Gi"; ${QUANTITY}`],
    [{ cdk8s: { storage: { mysql: { size: '-1Gi' } } } }, `cdk8s.storage.mysql.size: found "-1Gi"; ${QUANTITY}`],
    [{ objectStorage: { resources: { requests: { memory: '-2Gi' } } } }, `objectStorage.resources.requests.memory: found "-2Gi"; ${QUANTITY}`],
    [
      { experimental: { common: { podConfig: { server: { resources: { server: { limits: { cpu: '-500m' } } } } } } } },
      `experimental.common.podConfig.server.resources.server.limits.cpu: found "-500m"; ${QUANTITY}`,
    ],
    [
      { experimental: { workspace: { classes: { big: { resources: { limits: { memory: 'lots' } } } } } } },
      `experimental.workspace.classes.big.resources.limits.memory: found "lots"; must be empty or ${QUANTITY.slice('must be '.length)}`,
    ],
  ])('%j', (input, line) => {
    expect(problems(input)).toEqual([line]);
  });

  test('volume sizes must be above zero', () => {
    expect(problems({ workspace: { pvc: { size: '0' } } })).toEqual([
      'workspace.pvc.size: found "0"; must be greater than 0 (a volume size such as 30Gi)',
    ]);
    expect(problems({ cdk8s: { storage: { minio: { size: 0 } } } })).toEqual([
      'cdk8s.storage.minio.size: found 0; must be greater than 0 (a volume size such as 30Gi)',
    ]);
  });

  test('valid quantities pass', () => {
    expect(problems({ workspace: { resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: 4, memory: '1e9' } }, pvc: { size: '+30Gi' } } })).toEqual([]);
  });
});

describe('Go durations: the grammar of time.ParseDuration and its range', () => {
  test('beyond int64 nanoseconds (2562047h) is refused', () => {
    expect(yamlProblems('workspace:\n  maxLifetime: 99999999999999999999h\n')).toEqual([
      'workspace.maxLifetime: found "99999999999999999999h"; must be a Go duration of at most 2562047h47m16.854775807s (Go\'s time.Duration range)',
    ]);
    expect(problems({ workspace: { timeoutDefault: '2562048h' } })).toEqual([
      'workspace.timeoutDefault: found "2562048h"; must be a Go duration of at most 2562047h47m16.854775807s (Go\'s time.Duration range)',
    ]);
    expect(problems({ workspace: { timeoutDefault: '2562047h' } })).toEqual([]);
  });

  test('every duration field is checked, with what Go accepts (".5h", "1.h", "0")', () => {
    expect(problems({ experimental: { webapp: { usage: { schedule: '1 day' } } } })).toEqual([
      'experimental.webapp.usage.schedule: found "1 day"; must be empty or a Go duration such as 36h, 90m or 2m30s',
    ]);
    expect(problems({ experimental: { webapp: { proxy: { configcat: { pollInterval: '10' } } } } })).toEqual([
      'experimental.webapp.proxy.configcat.pollInterval: found "10"; must be empty or a Go duration such as 36h, 90m or 2m30s',
    ]);
    expect(
      problems({ cdk8s: { secrets: { externalSecrets: { storeRef: { kind: 'SecretStore', name: 's' }, refreshInterval: '9999999999h' } } } }),
    ).toEqual(['cdk8s.secrets.externalSecrets.refreshInterval: found "9999999999h"; must be a Go duration of at most 2562047h47m16.854775807s (Go\'s time.Duration range)']);
    expect(problems({ workspace: { timeoutDefault: '.5h', timeoutAfterClose: '1.h', timeoutExtended: '0' } })).toEqual([]);
  });
});

describe('shortnames: DNS labels, unique across workspace clusters', () => {
  const DNS = "must be a DNS label: lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 60 characters (ws-<shortname> is a DNS label)";
  test.each([
    ['eu_west', `metadata.shortname: found "eu_west"; ${DNS}`],
    ['eu\nwest', `metadata.shortname: found "eu\\nwest"; ${DNS}`],
    ['EU', `metadata.shortname: found "EU"; ${DNS}`],
    ['a'.repeat(61), `metadata.shortname: found "${'a'.repeat(56)}... (61 characters); ${DNS}`],
  ])('metadata.shortname %j', (shortname, line) => {
    expect(problems({ metadata: { region: 'local', shortname } })).toEqual([line]);
  });

  test('cdk8s.clusters[].shortname follows the same grammar', () => {
    expect(problems({ cdk8s: { clusters: [{ name: 'ws', kind: 'Workspace', shortname: 'ws_1' }] } })).toEqual([
      `cdk8s.clusters[0].shortname: found "ws_1"; ${DNS}`,
    ]);
  });

  test('ws-<shortname>.<domain> must stay within 253 characters', () => {
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(46)}.example.com`; // 241 characters
    expect(problems({ domain, metadata: { region: 'local', shortname: 'europe-west-1' } })).toEqual([
      'metadata.shortname: found "europe-west-1"; the workspace host ws-<shortname>.<domain> would be 258 characters, at most 253 allowed',
    ]);
    expect(problems({ domain, metadata: { region: 'local', shortname: 'eu' } })).toEqual([]);
  });

  test('several workspace clusters: a missing shortname and a duplicate are refused, one line each', () => {
    expect(
      problems(
        fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws-eu', 'eu'), workspaceCluster('ws-us'), workspaceCluster('ws-eu2', 'eu')]),
      ),
    ).toEqual([
      'cdk8s.clusters[2].shortname: found nothing; required when several clusters run workspaces (ws-us, ws-eu, ws-eu2): each needs its own shortname, or they share ws.gitpod.example.com',
      'cdk8s.clusters[3].shortname: found "eu", already the shortname of cluster ws-eu; each workspace cluster needs its own (ws-<shortname>.gitpod.example.com)',
    ]);
  });

  test('one workspace cluster may go without a shortname (it serves ws.<domain>)', () => {
    expect(problems(fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws')]))).toEqual([]);
  });
});

describe('image references: the distribution reference grammar', () => {
  const REF = 'must be an image reference such as registry.example.com/gitpod/proxy:tag or name@sha256:<64 hex digits>';
  test.each([
    [{ cdk8s: { images: { proxy: 'registry.corp/proxy:v1 2' } } }, `cdk8s.images.proxy: found "registry.corp/proxy:v1 2"; ${REF}`],
    [{ cdk8s: { images: { proxy: 'registry.corp/Proxy:v1' } } }, `cdk8s.images.proxy: found "registry.corp/Proxy:v1"; ${REF}`],
    [{ cdk8s: { images: { proxy: 'registry.corp/proxy@sha256:abc' } } }, `cdk8s.images.proxy: found "registry.corp/proxy@sha256:abc"; ${REF}`],
    [{ workspace: { workspaceImage: 'gitpod/workspace full' } }, `workspace.workspaceImage: found "gitpod/workspace full"; must be empty or an image reference such as registry.example.com/gitpod/proxy:tag or name@sha256:<64 hex digits>`],
    [{ repository: 'eu.gcr.io/x y' }, 'repository: found "eu.gcr.io/x y"; must be an image registry prefix such as registry.example.com/gitpod (host[:port][/lower-case path], no tag)'],
    [{ repository: 'registry.corp/gitpod:v1' }, 'repository: found "registry.corp/gitpod:v1"; must be an image registry prefix such as registry.example.com/gitpod (host[:port][/lower-case path], no tag)'],
  ])('%j', (input, line) => {
    expect(problems(input)).toEqual([line]);
  });

  test('tags, digests, ports and name@digest are accepted', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    expect(
      problems({
        repository: 'registry.corp:5000/gitpod/',
        workspace: { workspaceImage: 'gitpod/workspace-full:2022-11-09' },
        cdk8s: {
          images: {
            proxy: `registry.corp/proxy@${digest}`,
            'ws-manager': `registry.corp:5000/gitpod/ws-manager:v1@${digest}`,
            'library/alpine': 'alpine',
          },
        },
      }),
    ).toEqual([]);
  });
});

describe('cdk8s.images keys: only image names the rendering can use', () => {
  test('a typo is refused with the closest valid key', () => {
    const lines = problems({ cdk8s: { images: { prxy: 'registry.corp/proxy:v1' } } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cdk8s\.images\.prxy: found unknown image name "prxy"; did you mean "proxy"\? allowed: agent-smith, /);
    expect(problems({ cdk8s: { images: { 'library/alpin': 'alpine:3' } } })[0]).toMatch(
      /^cdk8s\.images\["library\/alpin"\]: found unknown image name "library\/alpin"; did you mean "library\/alpine"\?/,
    );
  });

  test('a key for an image of another config is accepted (the set is static)', () => {
    // The Cloud SQL proxy and toxiproxy are not in a default rendering.
    expect(problems({ cdk8s: { images: { 'cloudsql-docker/gce-proxy': 'mirror/gce-proxy:1', 'shopify/toxiproxy': 'mirror/toxiproxy:2' } } })).toEqual([]);
  });

  test('closest() suggests only near names', () => {
    expect(closest('ws-manger', IMAGE_NAMES)).toBe('ws-manager');
    expect(closest('completely-different', IMAGE_NAMES)).toBeUndefined();
  });

  test('the declared names are exactly the names the renderings use (src/images.ts stays true)', () => {
    const used = new Set<string>();
    for (const config of RENDER_CASES()) {
      const app = new App();
      for (const { cluster, props } of clusterProps(config)) {
        new GitpodInstallation(app, cluster, props).context.imageNames().forEach((n) => used.add(n));
      }
    }
    expect([...used].sort()).toEqual([...IMAGE_NAMES]);
  });
});

describe('podConfig keys name components (a warning: upstream ignores unknown ones too)', () => {
  test('a typo is one warning with the closest component', () => {
    const { warnings } = resolveConfig({ ...base, experimental: { common: { podConfig: { 'ws-manger': { replicas: 1 }, server: { replicas: 2 } } } } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe('experimental.common.podConfig.ws-manger');
    expect(warnings[0].message).toMatch(/^found unknown component "ws-manger", ignored; did you mean "ws-manager"\? known: agent-smith, /);
  });

  test('the declared components are exactly those the renderings look up', () => {
    const used = new Set<string>();
    for (const config of RENDER_CASES()) {
      const app = new App();
      for (const { cluster, props } of clusterProps(config)) {
        new GitpodInstallation(app, cluster, props).context.podConfigComponents().forEach((n) => used.add(n));
      }
    }
    expect([...used].sort()).toEqual([...POD_CONFIG_COMPONENTS].sort());
  });
});

describe('ws-manager and ws-manager-bridge run one replica', () => {
  test.each(['ws-manager', 'ws-manager-bridge'])('%s', (component) => {
    const lines = problems({ experimental: { common: { podConfig: { [component]: { replicas: 3 } } } } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^experimental\\.common\\.podConfig\\.${component}\\.replicas: found 3; allowed: 0 or 1 \\(${component} `));
    expect(problems({ experimental: { common: { podConfig: { [component]: { replicas: 1 }, server: { replicas: 3 } } } } })).toEqual([]);
  });
});

describe('size: ConfigMaps hold at most 1 MiB, and a huge input is a clean error', () => {
  test('an 8 MB value is one line naming its path (no crash, no "Invalid string length")', () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const config = { customization: [{ apiVersion: '*', kind: '*', metadata: { name: '*', annotations: { note: big } } }] };
    expect(problems(config)).toEqual([
      'customization[0].metadata.annotations.note: found a value of 8388608 bytes; at most 1048576 allowed (no Kubernetes object holds more)',
    ]);
    expect(() => buildInstallations(mergeConfig(base, config) as GitpodConfigInput)).toThrow(GitpodConfigError);
  });

  test('workspace templates that together overflow the ConfigMap workspace-templates name the largest one', () => {
    const pod = (n: number) => ({ metadata: { annotations: { note: 'x'.repeat(n) } } });
    expect(problems({ workspace: { templates: { default: pod(700_000), prebuild: pod(600_000) } } })).toEqual([
      'workspace.templates.default: found a pod template of 700036 bytes, 1300072 with the other templates; the ConfigMap workspace-templates holds them all in at most 1048576 bytes',
    ]);
  });

  test('the config stored in the ConfigMap gitpod: the part that makes it big is named', () => {
    const providers = Array.from({ length: 6 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `c${i}`, annotations: { note: 'x'.repeat(200_000) } } }));
    expect(problems({ customization: providers })).toEqual([
      expect.stringMatching(/^customization: found about 12\d{5} bytes of config mostly here; the ConfigMap gitpod stores the config \(all but experimental and cdk8s\) in at most 1048576 bytes$/),
    ]);
  });

  test('workspace class ids name ConfigMap keys: letters, digits, "-", "_" and "."', () => {
    expect(problems({ experimental: { workspace: { classes: { 'my class': { name: 'x' } } } } })).toEqual([
      `experimental.workspace.classes: found "my class"; must be a workspace class id of letters, digits, '-', '_' and '.' (it names ConfigMap keys)`,
    ]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { 'a b.yaml': 'x' } };
    expect(ruleFindings('gitpod', cm).map((f) => `${f.path}: ${f.message}`)).toEqual([
      `data["a b.yaml"]: key "a b.yaml" must be at most 253 letters, digits, '-', '_' or '.'`,
    ]);
  });

  test('a rendered ConfigMap over 1 MiB is a finding naming the object and its largest entry', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'default' }, data: { 'a.yaml': 'x'.repeat(1_000_000), 'b.yaml': 'y'.repeat(100_000) } };
    expect(ruleFindings('gitpod', cm).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'data: data and binaryData hold 1100000 bytes; a ConfigMap holds at most 1048576 (largest entry "a.yaml": 1000000 bytes)',
    ]);
    expect(ruleFindings('gitpod', { ...cm, data: { 'a.yaml': 'x'.repeat(1_048_576) } })).toEqual([]);
  });
});

describe('customization: labels, annotations and env checked once, in the config', () => {
  test('a bad label value is one line for the config entry, not one per object it reaches', () => {
    expect(problems({ customization: [{ apiVersion: '*', kind: '*', metadata: { name: '*', labels: { team: 'Platform Team' } } }] })).toEqual([
      `customization[0].metadata.labels.team: label value "Platform Team" must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
    ]);
  });

  test('annotation keys, annotation size and env names', () => {
    expect(
      problems({
        customization: [
          {
            apiVersion: '*',
            kind: '*',
            metadata: { name: 'proxy', annotations: { 'bad key': 'v', big: 'x'.repeat(300_000) } },
            spec: { env: [{ name: '1BAD', value: 'x' }] },
          },
        ],
      }),
    ).toEqual([
      `customization[0].metadata.annotations["bad key"]: annotation key "bad key": name part must consist of alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
      'customization[0].metadata.annotations: found 300011 bytes of annotations; at most 262144 allowed per object',
      `customization[0].spec.env[0].name: found "1BAD"; allowed: letters, digits, '_', '-' and '.', not starting with a digit`,
    ]);
  });
});

describe('namespaces', () => {
  test('cdk8s.clusters[].namespace is a DNS-1123 label', () => {
    expect(problems({ cdk8s: { clusters: [{ name: 'a', kind: 'Full', namespace: 'Gitpod_NS' }] } })).toEqual([
      `cdk8s.clusters[0].namespace: found "Gitpod_NS"; must be a DNS-1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 63 characters)`,
    ]);
    expect(problems({ cdk8s: { clusters: [{ name: 'a', kind: 'Full', namespace: 'n'.repeat(64) }] } })[0]).toMatch(/^cdk8s\.clusters\[0\]\.namespace: found "n+\.\.\. \(64 characters\); must be a DNS-1123 label/);
  });

  test('the namespace option of the library is checked once', () => {
    expect(() => buildInstallations(base as GitpodConfigInput, { namespace: 'Bad_NS' })).toThrow(
      new GitpodConfigError([{ path: 'namespace', message: `found "Bad_NS"; allowed a DNS-1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 63 characters)` }]),
    );
  });

  // The CLI as users run it (the compiled entry point; `npm test` builds first).
  test('CLI: an invalid --namespace is exactly one line and exit 1, for every command that takes it', () => {
    const line = `--namespace: found "Bad_NS"; allowed a DNS-1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric, at most 63 characters)`;
    for (const args of [['validate'], ['images'], ['secrets'], ['render', '--output', path.join(__dirname, 'never-written')]]) {
      const r = runCli([...args, '--config', '-', '--namespace', 'Bad_NS'], { input: 'apiVersion: v1\ndomain: gitpod.example.com\n' });
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code: 1, stderr: `${line}\n`, stdout: '' });
    }
  });
});

describe('domain: a lower-case DNS name (it becomes Certificate DNS names)', () => {
  test.each(['Gitpod.Example.com', 'gitpod.example.com.'])('%s is one line', (domain) => {
    expect(problems({ domain })).toEqual([`domain: found ${JSON.stringify(domain)}; must be a fully qualified domain name in lower case such as gitpod.example.com`]);
  });
});

describe('counts and limits are never negative', () => {
  test.each([
    [{ experimental: { workspace: { ioLimits: { writeIOPS: -5 } } } }, 'experimental.workspace.ioLimits.writeIOPS: found -5; must be 0 or more'],
    [{ experimental: { workspace: { procLimit: -1 } } }, 'experimental.workspace.procLimit: found -1; must be 0 or more'],
    [{ experimental: { common: { podConfig: { server: { replicas: -1 } } } } }, 'experimental.common.podConfig.server.replicas: found -1; must be 0 or more'],
  ])('%j', (input, line) => {
    expect(problems(input)).toEqual([line]);
  });
});
