import { App } from 'cdk8s';
import { GitpodConfigInput } from '../src/config/types';
import { configuredContainerRegistry } from '../src/dependencies/defaults';
import { DockerRegistry } from '../src/dependencies/registry';
import { GitpodInstallation } from '../src/installation';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The registry alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: GitpodConfigInput = {}) => renderAlone(DockerRegistry, 'docker-registry', config);

const SELECTOR = { app: 'docker-registry', release: 'docker-registry' };
const env = (d: any, name: string) => container(d, 'docker-registry').env.find((e: any) => e.name === name);

describe('container registry: in-cluster (default)', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'registry');

  test('Deployment and Service registry keep the chart selector; pods also carry component: docker-registry', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(SELECTOR);
    expect(deployment.spec.template.metadata.labels).toEqual({ ...SELECTOR, component: 'docker-registry' });
    const service = find(objects, 'Service', 'registry');
    expect(service.spec.selector).toEqual(SELECTOR);
    expect(service.spec.ports).toEqual([{ port: 443, protocol: 'TCP', name: 'https-443', targetPort: 5000 }]);
  });

  test('TLS from Certificate builtin-registry-certs, issued by the internal CA for the Service name', () => {
    const cert = find(objects, 'Certificate', 'builtin-registry-certs');
    expect(cert.spec.dnsNames).toEqual(['registry.default.svc.cluster.local']);
    expect(cert.spec.issuerRef).toEqual({ name: 'ca-issuer', kind: 'Issuer', group: 'cert-manager.io' });
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'tls-cert', secret: { secretName: 'builtin-registry-certs' } });
    expect(env(deployment, 'REGISTRY_HTTP_TLS_CERTIFICATE').value).toBe('/etc/ssl/docker/tls.crt');
  });

  test('stores on PVC registry (10Gi by default), sizable through cdk8s.storage.registry', () => {
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'registry' } });
    expect(env(deployment, 'REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY').value).toBe('/var/lib/registry');
    expect(find(objects, 'PersistentVolumeClaim', 'registry').spec.resources.requests.storage).toBe('10Gi');
    const pvc = find(alone({ cdk8s: { storage: { registry: { size: '200Gi', storageClass: 'fast' } } } }), 'PersistentVolumeClaim', 'registry');
    expect(pvc.spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '200Gi' } } });
  });

  test('the HTTP secret comes from Secret registry-secret; no Secret is rendered', () => {
    expect(env(deployment, 'REGISTRY_HTTP_SECRET').valueFrom.secretKeyRef).toEqual({ name: 'registry-secret', key: 'haSharedSecret' });
    expect(render().filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('ServiceAccount, RoleBinding and ConfigMap as upstream', () => {
    expect(podSpec(deployment).serviceAccountName).toBe('docker-registry');
    expect(find(objects, 'RoleBinding', 'docker-registry').subjects).toEqual([{ kind: 'ServiceAccount', name: 'docker-registry' }]);
    expect(find(objects, 'ConfigMap', 'registry-config').data['config.yml']).toContain('addr: :5000');
  });

  test.each(['IDE', 'Workspace', 'WebApp'] as const)('is rendered for kind %s too', (kind) => {
    find(render({ kind }), 'Deployment', 'registry');
  });
});

describe('container registry: in-cluster, backed by S3 (containerRegistry.s3storage)', () => {
  const objects = alone({
    containerRegistry: {
      inCluster: true,
      s3storage: { bucket: 'gitpod-registry', region: 'eu-west-1', endpoint: 's3.eu-west-1.amazonaws.com', certificate: { kind: 'secret', name: 's3-registry' } },
    },
  });
  const deployment = find(objects, 'Deployment', 'registry');

  test('no PVC; the S3 driver is configured by env, its keys from the s3storage Secret', () => {
    expect(maybe(objects, 'PersistentVolumeClaim', 'registry')).toBeUndefined();
    expect(podSpec(deployment).volumes.map((v: any) => v.name)).toEqual(['registry-config', 'tls-cert']);
    expect(env(deployment, 'REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY')).toBeUndefined();
    expect(env(deployment, 'REGISTRY_STORAGE_S3_BUCKET').value).toBe('gitpod-registry');
    expect(env(deployment, 'REGISTRY_STORAGE_S3_REGION').value).toBe('eu-west-1');
    expect(env(deployment, 'REGISTRY_STORAGE_S3_REGIONENDPOINT').value).toBe('s3.eu-west-1.amazonaws.com');
    expect(env(deployment, 'REGISTRY_STORAGE_S3_ACCESSKEY').valueFrom.secretKeyRef).toEqual({ name: 's3-registry', key: 's3AccessKey' });
    expect(env(deployment, 'REGISTRY_STORAGE_S3_SECRETKEY').valueFrom.secretKeyRef).toEqual({ name: 's3-registry', key: 's3SecretKey' });
  });
});

describe('container registry: external', () => {
  const objects = render({
    containerRegistry: { inCluster: false, external: { url: 'eu.gcr.io/acme', certificate: { kind: 'secret', name: 'gcr-pull' } } },
  });

  test('no registry objects at all', () => {
    expect(objects.filter((o) => o.metadata.labels?.component === 'docker-registry')).toEqual([]);
    expect(maybe(objects, 'Certificate', 'builtin-registry-certs')).toBeUndefined();
  });
});

describe('registry helpers for the components', () => {
  const ctxOf = (config: GitpodConfigInput) => new GitpodInstallation(new App(), 'x', { config: { domain: 'gitpod.example.com', ...config } }).context;

  test('in-cluster: registry.<domain> with builtin-registry-auth; external: its URL and pull Secret', () => {
    const inCluster = ctxOf({});
    expect(configuredContainerRegistry(inCluster)).toMatchObject({ host: 'registry.gitpod.example.com', pullSecret: 'builtin-registry-auth' });
    const ext = ctxOf({ containerRegistry: { inCluster: false, external: { url: 'eu.gcr.io/acme', certificate: { kind: 'secret', name: 'gcr-pull' } } } });
    expect(configuredContainerRegistry(ext)).toMatchObject({ host: 'eu.gcr.io/acme', pullSecret: 'gcr-pull' });
    expect(configuredContainerRegistry(ext).proxied).toBeUndefined();
  });
});
