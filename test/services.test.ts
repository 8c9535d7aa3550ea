import { Manifest, podSpec, render } from './helpers';
import { GitpodConfigInput } from '../src/config/types';

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

function podLabels(w: Manifest): Record<string, string> {
  return w.spec.template.metadata.labels ?? {};
}

/** The workloads whose pods a selector matches. */
function selected(objects: Manifest[], selector: Record<string, string>): string[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .filter((w) => Object.entries(selector).every(([k, v]) => podLabels(w)[k] === v))
    .map((w) => `${w.kind}/${w.metadata.name}`);
}

const CASES: Array<[string, GitpodConfigInput]> = [
  ['Full', {}],
  ['Meta', { kind: 'Meta' }],
  ['WebApp', { kind: 'WebApp' }],
  ['IDE', { kind: 'IDE' }],
  ['Workspace', { kind: 'Workspace' }],
  ['Cloud SQL + GCS + external registry', {
    database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: { kind: 'secret', name: 'sa' } } },
    objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: { kind: 'secret', name: 'gcs' } } },
    containerRegistry: { inCluster: false, external: { url: 'r.example.com', certificate: { kind: 'secret', name: 'r' } } },
  }],
  ['Azure storage, S3-backed registry', {
    objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'az' } } },
    containerRegistry: { s3storage: { bucket: 'b', region: 'r', endpoint: 'e', certificate: { kind: 'secret', name: 's' } } },
  }],
];

describe('every Service selects the pods of exactly one workload', () => {
  test.each(CASES)('%s', (_name, config) => {
    const objects = render(config);
    const services = objects.filter((o) => o.kind === 'Service');
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      expect([`Service/${s.metadata.name}`, selected(objects, s.spec.selector ?? {}).length]).toEqual([`Service/${s.metadata.name}`, 1]);
    }
  });

  test('a named targetPort is a port the pods declare (a number needs no declaration)', () => {
    let named = 0;
    for (const [, config] of CASES) {
      const objects = render(config);
      for (const s of objects.filter((o) => o.kind === 'Service')) {
        const [workload] = selected(objects, s.spec.selector);
        const w = objects.find((o) => `${o.kind}/${o.metadata.name}` === workload)!;
        const names = podSpec(w).containers.flatMap((c: Manifest) => (c.ports ?? []).map((cp: Manifest) => cp.name));
        for (const p of s.spec.ports ?? []) {
          if (typeof p.targetPort !== 'string') continue;
          named++;
          expect([s.metadata.name, p.targetPort, names.includes(p.targetPort)]).toEqual([s.metadata.name, p.targetPort, true]);
        }
      }
    }
    expect(named).toBeGreaterThan(0);
  });
});
