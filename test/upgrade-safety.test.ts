import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { Manifest } from './helpers';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/*
 * Kubernetes rejects an update that changes a workload's `spec.selector`, or a StatefulSet's
 * `serviceName`, `podManagementPolicy` or `volumeClaimTemplates`: an upgrade would then need a
 * delete and re-create (downtime; for a StatefulSet, care with its volumes). The values below
 * are frozen as released; a change to them must fail CI.
 *
 * A workload that is not listed fails this test until its values are added here: copy them from
 * the failure message after checking them (a workload upstream also has must keep upstream's
 * values, which existing installations carry).
 */

/**
 * `spec.selector` of every Deployment, StatefulSet and DaemonSet, by `<Kind>/<name>`: the upstream
 * installer's (2022.11.3), which existing installations carry. Listed ahead of the components
 * that render them, so that a component lands with the right selector or fails here.
 */
const gitpod = (component: string) => ({ matchLabels: { app: 'gitpod', component } });
const FROZEN_SELECTORS: Record<string, Manifest> = {
  'DaemonSet/agent-smith': gitpod('agent-smith'),
  'DaemonSet/registry-facade': gitpod('registry-facade'),
  'DaemonSet/ws-daemon': gitpod('ws-daemon'),
  'Deployment/blobserve': gitpod('blobserve'),
  'Deployment/cloudsqlproxy-cloud-sql-proxy': gitpod('cloudsqlproxy'),
  'Deployment/content-service': gitpod('content-service'),
  'Deployment/dashboard': gitpod('dashboard'),
  'Deployment/ide-metrics': gitpod('ide-metrics'),
  'Deployment/ide-proxy': gitpod('ide-proxy'),
  'Deployment/ide-service': gitpod('ide-service'),
  'Deployment/image-builder-mk3': gitpod('image-builder-mk3'),
  'Deployment/minio': { matchLabels: { 'app.kubernetes.io/instance': 'minio', 'app.kubernetes.io/name': 'minio' } },
  'Deployment/proxy': gitpod('proxy'),
  'Deployment/public-api-server': gitpod('public-api-server'),
  'Deployment/registry': { matchLabels: { app: 'docker-registry', release: 'docker-registry' } },
  'Deployment/server': gitpod('server'),
  // Not in the reference renderings (experimental.webapp.slowDatabase / usage): upstream's common labels.
  'Deployment/slow-server': gitpod('slow-server'),
  'Deployment/toxiproxy': gitpod('toxiproxy'),
  'Deployment/usage': gitpod('usage'),
  'Deployment/ws-manager': gitpod('ws-manager'),
  'Deployment/ws-manager-bridge': gitpod('ws-manager-bridge'),
  'Deployment/ws-proxy': gitpod('ws-proxy'),
  'StatefulSet/messagebus': { matchLabels: { 'app.kubernetes.io/instance': 'rabbitmq', 'app.kubernetes.io/name': 'rabbitmq' } },
  'StatefulSet/mysql': {
    matchLabels: { 'app.kubernetes.io/component': 'primary', 'app.kubernetes.io/instance': 'mysql', 'app.kubernetes.io/name': 'mysql' },
  },
  'StatefulSet/openvsx-proxy': gitpod('openvsx-proxy'),
};

interface FrozenStatefulSet {
  readonly serviceName: string;
  readonly podManagementPolicy?: string;
  /** As the default installation renders them (sizes and classes may follow `cdk8s.storage`). */
  readonly volumeClaimTemplates?: Manifest[];
}

/** The immutable fields of every StatefulSet, by name (upstream's; an absent podManagementPolicy is OrderedReady). */
const FROZEN_STATEFULSETS: Record<string, FrozenStatefulSet> = {
  messagebus: { serviceName: 'messagebus-headless', podManagementPolicy: 'OrderedReady' },
  mysql: {
    serviceName: 'mysql',
    podManagementPolicy: 'OrderedReady',
    volumeClaimTemplates: [
      {
        metadata: {
          name: 'data',
          labels: { 'app.kubernetes.io/component': 'primary', 'app.kubernetes.io/instance': 'mysql', 'app.kubernetes.io/name': 'mysql' },
        },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
      },
    ],
  },
  'openvsx-proxy': {
    serviceName: 'openvsx-proxy',
    podManagementPolicy: 'OrderedReady',
    volumeClaimTemplates: [
      {
        metadata: { name: 'redis-data', labels: { app: 'gitpod', component: 'openvsx-proxy' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
      },
    ],
  },
};

/** JSON with sorted keys: key order is not a difference. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

const DEFAULT_SOURCE = 'the default installation';

interface Workload {
  readonly source: string;
  readonly key: string;
  readonly o: Manifest;
}

/** Workloads nobody has frozen yet, as lines to paste into FROZEN_SELECTORS / FROZEN_STATEFULSETS. */
function unfrozen(ws: Workload[], selectors: Record<string, Manifest>, statefulSets: Record<string, FrozenStatefulSet>): string[] {
  const lines = new Set<string>();
  for (const w of ws) {
    if (!(w.key in selectors)) lines.add(`FROZEN_SELECTORS: '${w.key}': ${JSON.stringify(w.o.spec.selector)},`);
    if (w.o.kind === 'StatefulSet' && !(w.o.metadata.name in statefulSets)) {
      const { serviceName, podManagementPolicy, volumeClaimTemplates } = w.o.spec;
      lines.add(`FROZEN_STATEFULSETS: '${w.o.metadata.name}': ${JSON.stringify({ serviceName, podManagementPolicy, volumeClaimTemplates })},`);
    }
  }
  return [...lines];
}

/** Differences between the rendering and the frozen values, one line each. */
function changes(ws: Workload[], selectors: Record<string, Manifest>, statefulSets: Record<string, FrozenStatefulSet>): string[] {
  const out: string[] = [];
  const differ = (a: unknown, b: unknown) => canonical(a) !== canonical(b);
  const policy = (p: string | undefined) => (p ? p : 'OrderedReady'); // the API server's default
  for (const w of ws) {
    const sel = selectors[w.key];
    if (sel && differ(w.o.spec.selector, sel)) out.push(`${w.key} in ${w.source}: selector ${JSON.stringify(w.o.spec.selector)}, frozen ${JSON.stringify(sel)}`);
    const sts = w.o.kind === 'StatefulSet' ? statefulSets[w.o.metadata.name] : undefined;
    if (!sts) continue;
    if (w.o.spec.serviceName !== sts.serviceName) out.push(`${w.key} in ${w.source}: serviceName ${w.o.spec.serviceName}, frozen ${sts.serviceName}`);
    if (policy(w.o.spec.podManagementPolicy) !== policy(sts.podManagementPolicy)) {
      out.push(`${w.key} in ${w.source}: podManagementPolicy ${w.o.spec.podManagementPolicy}, frozen ${sts.podManagementPolicy}`);
    }
    if (w.source === DEFAULT_SOURCE && differ(w.o.spec.volumeClaimTemplates, sts.volumeClaimTemplates)) {
      out.push(`${w.key}: volumeClaimTemplates ${JSON.stringify(w.o.spec.volumeClaimTemplates)}, frozen ${JSON.stringify(sts.volumeClaimTemplates)}`);
    }
  }
  return out;
}

const renderings = [
  [DEFAULT_SOURCE, DEFAULT_CONFIG] as const,
  ...PROJECT_CONFIGS.map((f) => [`test/configs/${f}`, loadProjectConfig(f)] as const),
].map(([source, config]) => ({
  source,
  objects: buildInstallations(config, { validate: false, namespace: 'gitpod' }).installations.flatMap((i) => i.renderedObjects().map((r) => r.manifest)),
}));
const all: Workload[] = renderings.flatMap((r) =>
  r.objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)).map((o) => ({ source: r.source, key: `${o.kind}/${o.metadata.name}`, o })),
);

describe('upgrade safety: fields Kubernetes will not change in place', () => {
  test('every workload of every rendering is frozen (add new ones to FROZEN_SELECTORS / FROZEN_STATEFULSETS)', () => {
    expect(unfrozen(all, FROZEN_SELECTORS, FROZEN_STATEFULSETS)).toEqual([]);
  });

  test('selectors and StatefulSet identity are exactly the frozen ones, in every config', () => {
    expect(changes(all, FROZEN_SELECTORS, FROZEN_STATEFULSETS)).toEqual([]);
  });

  test('the checks catch a changed selector, serviceName, claim template and a new workload', () => {
    const proxy = all.find((w) => w.key === 'Deployment/proxy' && w.source === DEFAULT_SOURCE)!;
    const changedProxy = structuredClone(proxy.o);
    changedProxy.spec.selector.matchLabels.release = 'v2';
    const mysql: Manifest = {
      kind: 'StatefulSet',
      metadata: { name: 'mysql' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'mysql' } },
        serviceName: 'mysql',
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } } }],
      },
    };
    const frozenMysql: FrozenStatefulSet = { serviceName: 'mysql-headless', volumeClaimTemplates: structuredClone(mysql.spec.volumeClaimTemplates) };
    frozenMysql.volumeClaimTemplates![0].spec.resources.requests.storage = '10Gi';
    const ws: Workload[] = [
      { source: DEFAULT_SOURCE, key: 'Deployment/proxy', o: changedProxy },
      { source: DEFAULT_SOURCE, key: 'StatefulSet/mysql', o: mysql },
      { source: DEFAULT_SOURCE, key: 'Deployment/notebook', o: { kind: 'Deployment', metadata: { name: 'notebook' }, spec: { selector: { matchLabels: { component: 'notebook' } } } } },
    ];
    const selectors = { 'Deployment/proxy': FROZEN_SELECTORS['Deployment/proxy'], 'StatefulSet/mysql': mysql.spec.selector };
    expect(changes(ws, selectors, { mysql: frozenMysql })).toEqual([
      `Deployment/proxy in ${DEFAULT_SOURCE}: selector {"matchLabels":{"app":"gitpod","component":"proxy","release":"v2"}}, frozen {"matchLabels":{"app":"gitpod","component":"proxy"}}`,
      `StatefulSet/mysql in ${DEFAULT_SOURCE}: serviceName mysql, frozen mysql-headless`,
      expect.stringMatching(/^StatefulSet\/mysql: volumeClaimTemplates .*"8Gi".*, frozen .*"10Gi"/),
    ]);
    expect(unfrozen(ws, { 'Deployment/proxy': FROZEN_SELECTORS['Deployment/proxy'] }, {})).toEqual([
      `FROZEN_SELECTORS: 'StatefulSet/mysql': {"matchLabels":{"app.kubernetes.io/name":"mysql"}},`,
      expect.stringMatching(/^FROZEN_STATEFULSETS: 'mysql': \{"serviceName":"mysql","volumeClaimTemplates":/),
      `FROZEN_SELECTORS: 'Deployment/notebook': {"matchLabels":{"component":"notebook"}},`,
    ]);
  });
});
