import { GitpodConfigInput } from '../src/config/types';
import { IN_CLUSTER_DATABASE, MYSQL_SECRET } from '../src/dependencies/mysql';
import { Manifest, podSpec, render } from './helpers';

/**
 * Every Service's clients are still let in by the NetworkPolicies: client → server pairs are
 * derived from the rendering's own addresses (env values, args, commands and mounted ConfigMaps
 * that name `<service>[.<ns>[.svc[.cluster.local]]]:<port>`, or the database host of the `mysql`
 * Secret), and each is checked against the policies that select the server's pods.
 */

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

interface Pod {
  readonly workload: string;
  readonly labels: Record<string, string>;
  readonly spec: Manifest;
}

interface Pair {
  readonly client: Pod;
  readonly service: string;
  readonly port: number;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

function pods(objects: Manifest[]): Pod[] {
  return objects
    .filter((o) => WORKLOADS.includes(o.kind))
    .map((o) => ({
      workload: `${o.kind}/${o.metadata.name}`,
      labels: (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template).metadata?.labels ?? {},
      spec: podSpec(o),
    }));
}

/** What a pod reads its addresses from: its containers' env/args/command and its ConfigMaps. */
function addressText(pod: Pod, configMaps: Map<string, string>): string {
  const texts: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const e of c.env ?? []) if (typeof e.value === 'string') texts.push(e.value);
    texts.push(...(c.args ?? []), ...(c.command ?? []));
  }
  for (const v of pod.spec.volumes ?? []) {
    const names = [v.configMap?.name, ...(v.projected?.sources ?? []).map((s: Manifest) => s.configMap?.name)];
    for (const n of names) if (n && configMaps.has(n)) texts.push(configMaps.get(n)!);
  }
  return texts.join('\n');
}

function clientPairs(objects: Manifest[]): Pair[] {
  const ns = objects.find((o) => o.metadata?.namespace)!.metadata.namespace;
  const services = new Map<string, Manifest>(objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata.name, o]));
  const configMaps = new Map<string, string>(
    objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, Object.values(o.data ?? {}).join('\n')]),
  );
  const pairs: Pair[] = [];
  for (const pod of pods(objects)) {
    const text = addressText(pod, configMaps);
    for (const [name, svc] of services) {
      const host = `${name.replace(/[.-]/g, (c) => `\\${c}`)}(?:\\.${ns}(?:\\.svc(?:\\.cluster\\.local)?)?)?`;
      // `<scheme>://<host>[:<port>]` or `<host>:<port>`; a bare word such as "server" is no address.
      const re = new RegExp(`(?:([a-z0-9+]+)://${host}(?::(\\d+))?|(?<![\\w./-])${host}:(\\d+))(?![\\w.-])`, 'g');
      for (const m of text.matchAll(re)) {
        const port = Number(m[2] ?? m[3] ?? (m[1] === 'https' ? 443 : m[1] === 'http' || m[1] === 'h2c' ? 80 : NaN));
        if (svc.spec.ports.some((p: Manifest) => p.port === port)) pairs.push({ client: pod, service: name, port });
      }
    }
    // The database host comes from the `mysql` Secret (in-cluster: `db:3306`) or is written out (Cloud SQL).
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const env = new Map<string, Manifest>((c.env ?? []).map((e: Manifest) => [e.name, e]));
      const dbHost = env.get('DB_HOST');
      if (!dbHost) continue;
      const ref = dbHost.valueFrom?.secretKeyRef;
      if (ref?.name === MYSQL_SECRET.name && ref.key === 'host' && services.has(IN_CLUSTER_DATABASE.host)) {
        pairs.push({ client: pod, service: IN_CLUSTER_DATABASE.host, port: IN_CLUSTER_DATABASE.port });
      } else if (dbHost.value && services.has(dbHost.value)) {
        pairs.push({ client: pod, service: dbHost.value, port: Number(env.get('DB_PORT')?.value) });
      }
    }
  }
  return pairs;
}

/** Is `pair` let in by every pod its Service selects? Returns the reasons it is not. */
function denied(objects: Manifest[], pair: Pair): string[] {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === pair.service)!;
  const svcPort = svc.spec.ports.find((p: Manifest) => p.port === pair.port);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  const out: string[] = [];
  for (const server of pods(objects).filter((p) => matches(svc.spec.selector, p.labels))) {
    const containerPorts: Manifest[] = server.spec.containers.flatMap((c: Manifest) => c.ports ?? []);
    const target = svcPort.targetPort ?? svcPort.port;
    const port = typeof target === 'number' ? target : containerPorts.find((p) => p.name === target)?.containerPort;
    const selecting = policies.filter((np) => matches(np.spec.podSelector.matchLabels, server.labels));
    if (selecting.length === 0) continue; // no policy: open
    const allowed = selecting.some((np) =>
      (np.spec.ingress ?? []).some((rule: Manifest) => {
        const portOk = !rule.ports || rule.ports.some((p: Manifest) => p.port === port || p.port === target);
        const peerOk = !rule.from || rule.from.some((peer: Manifest) => !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector?.matchLabels, pair.client.labels));
        return portOk && peerOk;
      }),
    );
    if (!allowed) out.push(`${pair.client.workload} → ${pair.service}:${pair.port} (${server.workload} port ${port})`);
  }
  return out;
}

const CASES: Array<[string, GitpodConfigInput]> = [
  ['default (everything in-cluster)', {}],
  ['Cloud SQL, Azure MinIO gateway, usage', {
    database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: { kind: 'secret', name: 'sa' } } },
    objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'az' } } },
    experimental: { webapp: { usage: { enabled: true } } },
  }],
];

describe('NetworkPolicies let in every client the rendering configures', () => {
  test.each(CASES)('%s', (_name, config) => {
    const objects = render(config);
    const pairs = clientPairs(objects);
    expect(pairs.flatMap((p) => denied(objects, p))).toEqual([]);
  });

  test('the derivation finds the clients of the components upstream left open', () => {
    const names = (objects: Manifest[]) =>
      new Set(clientPairs(objects).map((p) => `${p.client.workload} → ${p.service}:${p.port}`));
    const full = names(render());
    for (const pair of [
      'Deployment/server → db:3306',
      'Deployment/ws-manager-bridge → db:3306',
      'Deployment/public-api-server → db:3306',
      'Job/migrations → db:3306',
      'CronJob/gitpod-telemetry → db:3306',
      'Deployment/content-service → minio:9000',
      'Deployment/ws-manager → minio:9000',
      'DaemonSet/ws-daemon → minio:9000',
      'Deployment/proxy → minio:9001',
      'Deployment/proxy → registry:443',
      'Deployment/proxy → ide-proxy:80',
    ]) expect([pair, full.has(pair)]).toEqual([pair, true]);
    expect(names(render(CASES[1][1]))).toContain('Deployment/server → cloudsqlproxy:3306');
  });

  test('a policy that forgets a client fails the check', () => {
    const objects = render();
    const minio = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'minio')!;
    for (const rule of minio.spec.ingress) {
      rule.from = (rule.from ?? []).filter((peer: Manifest) => peer.podSelector?.matchLabels?.component !== 'ws-daemon');
    }
    expect(clientPairs(objects).flatMap((p) => denied(objects, p))).toEqual([
      'DaemonSet/ws-daemon → minio:9000 (Deployment/minio port 9000)',
    ]);
  });

  test('mysql, minio, docker-registry, ide-proxy and ws-manager-bridge are no longer open', () => {
    const objects = render();
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const workload of ['StatefulSet/mysql', 'Deployment/minio', 'Deployment/registry', 'Deployment/ide-proxy', 'Deployment/ws-manager-bridge']) {
      const pod = pods(objects).find((p) => p.workload === workload)!;
      const selecting = policies.filter((np) => matches(np.spec.podSelector.matchLabels, pod.labels));
      expect([workload, selecting.length]).toEqual([workload, 1]);
      // No rule lets everybody in.
      for (const rule of selecting[0].spec.ingress) expect([workload, rule.from?.length ?? 0]).not.toEqual([workload, 0]);
    }
  });
});
