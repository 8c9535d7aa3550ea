import { container, find, Manifest, podSpec, render } from './helpers';

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'];
const workloads = (objects: Manifest[]) => objects.filter((o) => WORKLOAD_KINDS.includes(o.kind));
const envOf = (c: Manifest) => Object.fromEntries((c.env ?? []).map((e: Manifest) => [e.name, e]));

describe('customCACert: trusted in addition to the public roots (gitpod#10173)', () => {
  const objects = render({ customCACert: { kind: 'secret', name: 'corp-ca' } });
  const consumers: Array<[string, string, string]> = [
    ['Deployment', 'server', 'server'],
    ['Deployment', 'image-builder-mk3', 'image-builder-mk3'],
    ['DaemonSet', 'ws-daemon', 'ws-daemon'],
    ['DaemonSet', 'registry-facade', 'registry-facade'],
    ['Deployment', 'blobserve', 'blobserve'],
    ['Deployment', 'ws-manager', 'ws-manager'],
    ['Deployment', 'ws-proxy', 'ws-proxy'],
  ];

  test.each(consumers)('%s/%s reads a bundle of public roots + the custom CA', (kind, name, main) => {
    const w = find(objects, kind, name);
    const env = envOf(container(w, main));
    expect(env.GIT_SSL_CAINFO.value).toBe('/etc/ssl/gitpod/ca-certificates.crt');
    expect(env.SSL_CERT_FILE.value).toBe('/etc/ssl/gitpod/ca-certificates.crt');
    expect(env.NODE_EXTRA_CA_CERTS.value).toBe('/etc/ssl/certs/custom-ca.crt');
    const init = container(w, 'ca-bundle');
    // The bundle starts from the system roots and appends the CA: never the CA alone.
    expect(init.command.join(' ')).toContain('cat /etc/ssl/certs/ca-certificates.crt /custom-ca/ca.crt >');
    expect(podSpec(w).volumes).toContainEqual({ name: 'custom-ca-cert', secret: { secretName: 'corp-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('workspaces get the CA through ws-manager', () => {
    const cm = find(objects, 'ConfigMap', 'ws-manager');
    expect(JSON.parse(cm.data['config.json']).manager.workspaceCACertSecret).toBe('corp-ca');
  });

  test('without customCACert nothing of it is rendered', () => {
    for (const w of workloads(render())) {
      for (const c of [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers]) {
        expect(c.name).not.toBe('ca-bundle');
        expect(Object.keys(envOf(c))).not.toContain('SSL_CERT_FILE');
      }
    }
  });
});

describe('httpProxy reaches every Gitpod container that calls out', () => {
  const objects = render({ httpProxy: { kind: 'secret', name: 'corp-proxy' } });

  test('every container with the default env also has the proxy env, from the Secret, optional', () => {
    let checked = 0;
    for (const w of workloads(objects)) {
      for (const c of [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers]) {
        const env = envOf(c);
        if (!env.GITPOD_DOMAIN) continue;
        checked++;
        expect(env.HTTPS_PROXY?.valueFrom).toEqual({ secretKeyRef: { name: 'corp-proxy', key: 'httpsProxy', optional: true } });
        expect(env.HTTP_PROXY?.valueFrom).toEqual({ secretKeyRef: { name: 'corp-proxy', key: 'httpProxy', optional: true } });
        expect(env.NO_PROXY?.value).toBe('ws-manager,wsdaemon,$(CUSTOM_NO_PROXY)');
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  test('waiters and kube-rbac-proxy sidecars get it too', () => {
    const server = find(objects, 'Deployment', 'server');
    expect(envOf(container(server, 'database-waiter')).HTTPS_PROXY).toBeDefined();
    expect(envOf(container(server, 'kube-rbac-proxy')).HTTPS_PROXY).toBeDefined();
  });
});

describe('imagePullSecrets', () => {
  const objects = render({ imagePullSecrets: [{ kind: 'secret', name: 'mirror-auth' }] });

  test('every Gitpod ServiceAccount carries them', () => {
    const accounts = objects.filter((o) => o.kind === 'ServiceAccount');
    expect(accounts.length).toBeGreaterThan(15);
    for (const sa of accounts) expect(sa.imagePullSecrets).toContainEqual({ name: 'mirror-auth' });
  });

  test('every pod runs under a ServiceAccount that carries them', () => {
    const names = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name));
    for (const w of workloads(objects)) {
      const spec = podSpec(w);
      const hasPull = (spec.imagePullSecrets ?? []).some((s: Manifest) => s.name === 'mirror-auth');
      expect(hasPull || names.has(spec.serviceAccountName)).toBe(true);
    }
  });
});

describe('metadata and workspace resources', () => {
  test('shortname and region reach the env of every Gitpod container', () => {
    const objects = render({ metadata: { shortname: 'eu1', region: 'europe-west1' } });
    for (const w of workloads(objects)) {
      for (const c of podSpec(w).containers) {
        const env = envOf(c);
        if (!env.GITPOD_DOMAIN) continue;
        expect(env.GITPOD_INSTALLATION_SHORTNAME.value).toBe('eu1');
        expect(env.GITPOD_REGION.value).toBe('europe-west1');
      }
    }
  });
});
