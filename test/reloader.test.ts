import { RELOADER_CONFIGMAPS, RELOADER_SECRETS } from '../src/output/reloader';
import { secretReferences } from '../src/secrets/references';
import { find, podSpec, render } from './helpers';

const ROLLED = ['Deployment', 'StatefulSet', 'DaemonSet'];
const names = (v: string | undefined) => (v ? v.split(',') : []);

describe('Reloader annotations (rotation rolls the readers)', () => {
  const objects = render();

  test('every Deployment, StatefulSet and DaemonSet names exactly the Secrets its pods read (no pull secrets)', () => {
    const workloads = objects.filter((o) => ROLLED.includes(o.kind));
    expect(workloads.length).toBeGreaterThan(20);
    for (const w of workloads) {
      const read = [...new Set(secretReferences([w]).filter((r) => r.kind !== 'imagePullSecret').map((r) => r.secret))].sort();
      expect({ object: `${w.kind}/${w.metadata.name}`, secrets: names(w.metadata.annotations?.[RELOADER_SECRETS]) }).toEqual({
        object: `${w.kind}/${w.metadata.name}`,
        secrets: read,
      });
    }
  });

  test('the proxy rolls with its certificate and the registry credentials; MySQL with its Secret and init scripts', () => {
    const proxy = find(objects, 'Deployment', 'proxy').metadata.annotations;
    expect(proxy[RELOADER_SECRETS]).toBe('builtin-registry-auth,builtin-registry-certs,https-certificates');
    expect(proxy[RELOADER_CONFIGMAPS]).toBe('proxy-config');
    const mysql = find(objects, 'StatefulSet', 'mysql').metadata.annotations;
    expect(mysql[RELOADER_SECRETS]).toBe('mysql');
    expect(names(mysql[RELOADER_CONFIGMAPS])).toEqual(['db-init-scripts', 'mysql']);
  });

  test('ConfigMaps named are exactly those mounted or referenced by the pod spec', () => {
    const server = find(objects, 'Deployment', 'server');
    const spec = podSpec(server);
    const mounted = (spec.volumes ?? []).filter((v: any) => v.configMap).map((v: any) => v.configMap.name);
    expect(names(server.metadata.annotations[RELOADER_CONFIGMAPS])).toEqual(expect.arrayContaining(mounted));
  });

  test('Jobs, CronJobs and the pod template carry none', () => {
    for (const o of objects.filter((x) => ['Job', 'CronJob'].includes(x.kind) || ROLLED.includes(x.kind))) {
      expect(o.spec?.template?.metadata?.annotations?.[RELOADER_SECRETS]).toBeUndefined();
      if (!ROLLED.includes(o.kind)) expect(o.metadata.annotations?.[RELOADER_SECRETS]).toBeUndefined();
    }
  });

  test('cdk8s.reloader: false leaves them out; a customization annotation wins', () => {
    const off = render({ cdk8s: { reloader: false } });
    expect(off.some((o) => o.metadata.annotations?.[RELOADER_SECRETS] || o.metadata.annotations?.[RELOADER_CONFIGMAPS])).toBe(false);
    const custom = render({
      customization: [{ apiVersion: '*', kind: 'Deployment', metadata: { name: 'proxy', annotations: { [RELOADER_SECRETS]: 'https-certificates' } } }],
    });
    expect(find(custom, 'Deployment', 'proxy').metadata.annotations[RELOADER_SECRETS]).toBe('https-certificates');
  });
});
