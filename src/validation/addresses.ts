/**
 * In-cluster addresses written as text: `<service>.<namespace>.svc[.cluster.local]` inside
 * ConfigMap data (JSON configs, the Caddyfile) and container env values. Each must name a Service
 * of the same rendering when it is in the object's own namespace; an address into another
 * namespace belongs to something we do not render (a tracing collector) and is not ours to check.
 * This is what catches a cluster of a fleet dialling a component only another cluster runs.
 */
import { BoundedMemo } from '../common/memo';
import { Finding, finding, jsonPath, Manifest } from './findings';
import { containersOf, isClusterScoped, podTemplateOf } from './objects';

// A DNS label, not preceded by another label (so `pod.svc.ns.svc` is read from its start).
const ADDRESS = /(?<![-a-z0-9.$])(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(?![-a-z0-9])/g;

/** An in-cluster address found in a text. */
export interface InClusterAddress {
  readonly service: string;
  readonly namespace: string;
  readonly address: string;
}

/**
 * The addresses of texts seen before (a pure function of the text): a rendering repeats env
 * values, and a fleet's clusters whole config files.
 */
const addressesByText = new BoundedMemo<string, readonly InClusterAddress[]>(10_000);

/** The `(service, namespace)` pairs of the in-cluster addresses in `text`. */
export function inClusterAddresses(text: string): readonly InClusterAddress[] {
  return addressesByText.get(text, addressesIn);
}

function addressesIn(text: string): readonly InClusterAddress[] {
  return [...text.matchAll(ADDRESS)].map((m) => ({ service: m[2], namespace: m[4], address: m[0] }));
}

/** Findings for in-cluster addresses in ConfigMap data and env values that name no Service of the rendering. */
export function addressFindings(cluster: string, objects: readonly Manifest[], allowed: ReadonlySet<string> = new Set()): Finding[] {
  const check = new AddressCheck(cluster, objects, allowed);
  for (const obj of objects) check.add(obj);
  return check.findings();
}

/** The address check one object at a time (see checks.ts): `add` every object, then `findings`. */
export class AddressCheck {
  private readonly services: ReadonlySet<string>;
  private readonly out: Finding[] = [];

  constructor(private readonly cluster: string, objects: readonly Manifest[], private readonly allowed: ReadonlySet<string> = new Set()) {
    this.services = new Set(objects.filter((o) => o.kind === 'Service').map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`));
  }

  /** Every finding so far, in object order. */
  public findings(): Finding[] {
    return this.out;
  }

  /** Checks one object. */
  public add(obj: Manifest): void {
    const { cluster, services, allowed, out } = this;
    if (isClusterScoped(obj)) return;
    const ns = String(obj.metadata?.namespace ?? '');
    const check = (path: (string | number)[], text: unknown) => {
      if (typeof text !== 'string') return;
      const reported = new Set<string>();
      for (const a of inClusterAddresses(text)) {
        if (a.namespace !== ns || allowed.has(a.service) || services.has(`${ns}/${a.service}`) || reported.has(a.service)) continue;
        reported.add(a.service);
        out.push(finding(cluster, obj, 'references', jsonPath(path), `address "${a.address}" names Service "${a.service}", which is not in the rendering of cluster ${cluster}`));
      }
    };
    if (obj.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(obj.data ?? {})) check(['data', k], v);
    }
    const pod = podTemplateOf(obj);
    if (pod) {
      for (const { list, index, container } of containersOf(pod.template.spec ?? {})) {
        (container?.env ?? []).forEach((e: Manifest, i: number) => check([...pod.at, 'spec', list, index, 'env', i, 'value'], e?.value));
      }
    }
  }
}
