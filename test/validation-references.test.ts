import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { declaredExternals, ExternalDeclarations, formatFinding, referenceFindings } from '../src/validation';
import { find, Manifest } from './helpers';
import { fleetConfig, workspaceCluster } from './fleet-configs';

/** The objects and declarations of the single cluster of a config. */
function cluster(config: GitpodConfigInput = {}) {
  const { installations } = buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { validate: false });
  const inst = installations[0];
  return { objects: inst.renderedObjects().map((o) => o.manifest), externals: declaredExternals(inst.context) };
}

/** Reference findings after `mutate` changed a copy of the rendering. */
function broken(mutate: (objects: Manifest[]) => void, config: GitpodConfigInput = {}, externals?: Partial<ExternalDeclarations>): string[] {
  const c = cluster(config);
  const objects = structuredClone(c.objects);
  mutate(objects);
  return referenceFindings('gitpod', objects, { ...c.externals, ...externals }).map(formatFinding);
}

const proxy = (objects: Manifest[]) => find(objects, 'Deployment', 'proxy');
const proxyPod = (objects: Manifest[]) => proxy(objects).spec.template.spec;
const proxyContainer = (objects: Manifest[]) => proxyPod(objects).containers.find((c: Manifest) => c.name === 'proxy');

describe('reference integrity', () => {
  test('the default rendering has no broken reference', () => {
    expect(broken(() => undefined)).toEqual([]);
  });

  describe('Secrets', () => {
    test('a Secret that is neither rendered nor declared: both ends are named', () => {
      expect(broken((o) => (proxyPod(o).volumes[1].secret.secretName = 'no-such-secret'))).toEqual([
        'gitpod/Deployment/proxy: spec.template.spec.volumes[1].secret.secretName: Secret "no-such-secret" is neither in the rendering of cluster gitpod (Secret, Certificate.spec.secretName, ExternalSecret) nor a declared user-provided or generated Secret; if your platform provides it, declare it: `installation.declareExternalSecret(name, keys)` or `cdk8s.externals.secrets` in the config',
      ]);
    });

    test('an optional Secret may be absent', () => {
      expect(broken((o) => (proxyPod(o).volumes[1].secret = { secretName: 'no-such-secret', optional: true }))).toEqual([]);
    });

    test('user-provided Secrets of the config are declared (secretCatalog), with their keys', () => {
      const config: GitpodConfigInput = { httpProxy: { kind: 'secret', name: 'corp-proxy' } };
      expect(broken(() => undefined, config)).toEqual([]);
      const env = (o: Manifest[]) => proxyContainer(o).env.find((e: Manifest) => e.name === 'HTTP_PROXY');
      expect(broken((o) => (env(o).valueFrom.secretKeyRef = { name: 'corp-proxy', key: 'proxyUrl' }), config)).toEqual([
        expect.stringMatching(/: Secret "corp-proxy", declared user-provided \(httpProxy\.name\) with keys httpProxy, httpsProxy, noProxy, has no key "proxyUrl"$/),
      ]);
    });

    test('generated Secrets are declared, with their keys where the config calls for them', () => {
      const mysql = (key: string) => (o: Manifest[]) =>
        proxyContainer(o).env.push({ name: 'DB_X', valueFrom: { secretKeyRef: { name: 'mysql', key } } });
      expect(broken(mysql('password'))).toEqual([]);
      expect(broken(mysql('pasword'))).toEqual([expect.stringMatching(/: Secret "mysql", declared generated .* has no key "pasword"/)]);
    });

    test("a Workspace cluster declares MinIO's credentials (generated with the application cluster's, in one run)", () => {
      const { installations } = buildInstallations(mergeConfig(DEFAULT_CONFIG, { kind: 'Workspace' }), { validate: false });
      expect(declaredExternals(installations[0].context).secrets.get('minio')).toMatchObject({
        keys: ['root-user', 'root-password', 'key.json'],
      });
    });

    // the catalog decides which Secrets are declared: test/validation-references-catalog.test.ts

    test('a Secret issued by a Certificate exists, with tls.crt, tls.key and ca.crt', () => {
      const vol = { name: 'ca', secret: { secretName: 'ca-issuer-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } };
      expect(broken((o) => proxyPod(o).volumes.push(vol))).toEqual([]);
      vol.secret.items[0].key = 'password';
      expect(broken((o) => proxyPod(o).volumes.push(vol))).toEqual([
        expect.stringMatching(
          /^gitpod\/Deployment\/proxy: spec\.template\.spec\.volumes\[\d+\]\.secret\.secretName: Secret "ca-issuer-ca" \(from Certificate\/ca-issuer-ca\) has no key "password"; it has tls\.crt, tls\.key, ca\.crt$/,
        ),
      ]);
    });

    test('a Secret declared as issued by cert-manager needs its Certificate', () => {
      expect(
        broken((o) => (proxyPod(o).volumes[1].secret.secretName = 'not-issued-tls'), {}, { certManagerSecrets: ['not-issued-tls'] }),
      ).toEqual([expect.stringMatching(/Secret "not-issued-tls" is declared as issued by cert-manager, but no Certificate in the rendering of cluster gitpod has secretName "not-issued-tls"$/)]);
    });

  });

  test("ws-manager's client Secret: issued where ws-manager runs, user-provided elsewhere, with its keys", () => {
    const mount = (o: Manifest[]) => (proxyPod(o).volumes[1].secret = { secretName: 'ws-manager-client-tls', items: [{ key: 'tls.key', path: 'k' }] });
    expect(broken(mount, { kind: 'Full' })).toEqual([]);
    expect(broken(mount, { kind: 'Meta' })).toEqual([]);
    const wrongKey = (o: Manifest[]) => (proxyPod(o).volumes[1].secret = { secretName: 'ws-manager-client-tls', items: [{ key: 'client.key', path: 'k' }] });
    expect(broken(wrongKey, { kind: 'Meta' })).toEqual([expect.stringMatching(/Secret "ws-manager-client-tls", declared user-provided .* has no key "client.key"/)]);
  });

  test('ConfigMaps and their keys', () => {
    expect(broken((o) => (proxyPod(o).volumes[0].configMap.name = 'proxy-conf'))).toEqual([
      'gitpod/Deployment/proxy: spec.template.spec.volumes[0].configMap.name: ConfigMap "proxy-conf" is not in the rendering of cluster gitpod; if your platform provides it, declare it: `installation.declareExternalConfigMap(name, keys)` or `cdk8s.externals.configMaps` in the config',
    ]);
    expect(broken((o) => proxyContainer(o).env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: 'proxy-config', key: 'vhost.nothing' } } }))).toEqual([
      expect.stringMatching(/env\[\d+\]\.valueFrom\.configMapKeyRef\.name: ConfigMap "proxy-config" has no key "vhost.nothing"; it has vhost\./),
    ]);
  });

  test('ServiceAccounts and PVCs', () => {
    expect(broken((o) => (proxyPod(o).serviceAccountName = 'proxy-sa'))).toEqual([
      'gitpod/Deployment/proxy: spec.template.spec.serviceAccountName: ServiceAccount "proxy-sa" is not in the rendering of cluster gitpod',
    ]);
    expect(broken((o) => proxyPod(o).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'proxy-data' } }))).toEqual([
      expect.stringMatching(
        /^gitpod\/Deployment\/proxy: spec\.template\.spec\.volumes\[\d+\]\.persistentVolumeClaim\.claimName: PersistentVolumeClaim "proxy-data" is not in the rendering of cluster gitpod$/,
      ),
    ]);
  });

  test('RBAC: roleRef and ServiceAccount subjects', () => {
    expect(broken((o) => (find(o, 'RoleBinding', 'proxy').roleRef.name = 'default-ns-psp:root'))).toEqual([
      'gitpod/RoleBinding/proxy: roleRef.name: ClusterRole "default-ns-psp:root" is not in the rendering of cluster gitpod',
    ]);
    expect(broken((o) => (find(o, 'RoleBinding', 'proxy').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'proxy' }))).toEqual([
      'gitpod/RoleBinding/proxy: roleRef.name: Role "proxy" is not in the rendering of cluster gitpod',
    ]);
    expect(broken((o) => (find(o, 'ClusterRoleBinding', 'default-proxy-kube-rbac-proxy').subjects[0].name = 'proxyy'))).toEqual([
      'gitpod/ClusterRoleBinding/default-proxy-kube-rbac-proxy: subjects[0].name: ServiceAccount "proxyy" (namespace default) is not in the rendering of cluster gitpod',
    ]);
    // Bootstrap roles of every cluster need not be rendered.
    expect(broken((o) => (find(o, 'RoleBinding', 'proxy').roleRef.name = 'view'))).toEqual([]);
  });

  test('cert-manager: Issuers of Certificates, the CA Secret of an Issuer', () => {
    expect(broken((o) => (find(o, 'Certificate', 'ca-issuer-ca').spec.issuerRef.name = 'selfsigned'))).toEqual([
      'gitpod/Certificate/ca-issuer-ca: spec.issuerRef.name: Issuer "selfsigned" is not in the rendering of cluster gitpod',
    ]);
    expect(broken((o) => (find(o, 'Issuer', 'ca-issuer').spec.ca.secretName = 'ca-key-pair'))).toEqual([
      expect.stringMatching(/^gitpod\/Issuer\/ca-issuer: spec\.ca\.secretName: Secret "ca-key-pair" is neither/),
    ]);
  });

  test('a user-named ClusterIssuer (cdk8s.tls.issuer) is declared; another name is not', () => {
    const config: GitpodConfigInput = { cdk8s: { tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt' } } } };
    const cert = (o: Manifest[]) => find(o, 'Certificate', 'https-certificates');
    expect(broken((o) => expect(cert(o).spec.issuerRef).toMatchObject({ kind: 'ClusterIssuer', name: 'letsencrypt' }), config)).toEqual([]);
    expect(broken((o) => (cert(o).spec.issuerRef.name = 'zerossl'), config)).toEqual([
      'gitpod/Certificate/https-certificates: spec.issuerRef.name: ClusterIssuer "zerossl" is not in the rendering of cluster gitpod',
    ]);
  });

  test('ExternalSecrets: the configured store is declared, and the Secret they make exists', () => {
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'proxy-extra', namespace: 'default' },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'proxy-extra' }, data: [{ secretKey: 'token', remoteRef: { key: 'proxy/token' } }] } };
    const config: GitpodConfigInput = { cdk8s: { secrets: { externalSecrets: { storeRef: { kind: 'ClusterSecretStore', name: 'vault' } } } } };
    const mount = (o: Manifest[]) => proxyContainer(o).env.push({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'proxy-extra', key: 'token' } } });
    expect(broken((o) => { o.push(es); mount(o); }, config)).toEqual([]);
    expect(broken((o) => { o.push(es); mount(o); })).toEqual([
      'gitpod/ExternalSecret/proxy-extra: spec.secretStoreRef.name: ClusterSecretStore "vault" is not in the rendering of cluster gitpod',
    ]);
  });

  test('a Service must select a pod template, and its named target ports must exist', () => {
    expect(broken((o) => (find(o, 'Service', 'proxy').spec.selector.component = 'proxi'))).toEqual([
      'gitpod/Service/proxy: spec.selector: selects no pod of the rendering of cluster gitpod ({"app":"gitpod","component":"proxi"}); no workload\'s pod template carries these labels',
    ]);
    expect(broken((o) => (find(o, 'Service', 'proxy').spec.ports[0].targetPort = 'web'))).toEqual([
      'gitpod/Service/proxy: spec.ports[0].targetPort: names port "web", which no selected pod (Deployment/proxy) declares',
    ]);
  });

  test('a NetworkPolicy must select pods that exist (workspace pods, started at run time, count)', () => {
    const np = (o: Manifest[]) => find(o, 'NetworkPolicy', 'proxy-deny-all-allow-explicit');
    expect(broken((o) => (np(o).spec.podSelector.matchLabels.component = 'proxy-v2'))).toEqual([
      expect.stringMatching(/^gitpod\/NetworkPolicy\/proxy-deny-all-allow-explicit: spec\.podSelector: selects no pod of the rendering of cluster gitpod/),
    ]);
    expect(broken((o) => (np(o).spec.podSelector.matchLabels = { app: 'gitpod', component: 'workspace', 'gitpod.io/networkpolicy': 'default' }))).toEqual([]);
  });

  test('a StatefulSet names a Service of the rendering', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache', namespace: 'default' },
      spec: { serviceName: 'cache', selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'c', image: 'c' }] } } } };
    expect(broken((o) => o.push(sts))).toEqual(['gitpod/StatefulSet/cache: spec.serviceName: Service "cache" is not in the rendering of cluster gitpod']);
  });

  test('an object rendered twice', () => {
    expect(broken((o) => o.push(structuredClone(find(o, 'ConfigMap', 'proxy-config'))))).toEqual([
      'gitpod/ConfigMap/proxy-config: metadata.name: rendered twice: another ConfigMap of that name and namespace is in the rendering of cluster gitpod',
    ]);
  });

  test("one cluster's objects do not satisfy another cluster's references", () => {
    const { installations } = buildInstallations(
      mergeConfig(DEFAULT_CONFIG, fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws')])),
      { validate: false },
    );
    const [meta, ws] = installations.map((i) => ({ objects: i.renderedObjects().map((o) => o.manifest), externals: declaredExternals(i.context) }));
    const user = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'c', envFrom: [{ configMapRef: { name: 'proxy-config' } }] }] } };
    expect(referenceFindings('meta', [...meta.objects, user], meta.externals)).toEqual([]);
    expect(referenceFindings('ws', [...ws.objects, user], ws.externals).map(formatFinding)).toEqual([
      'ws/Pod/debug: spec.containers[0].envFrom[0].configMapRef.name: ConfigMap "proxy-config" is not in the rendering of cluster ws; if your platform provides it, declare it: `installation.declareExternalConfigMap(name, keys)` or `cdk8s.externals.configMaps` in the config',
    ]);
  });
});
