import { ExternalSecret as ExternalSecretModel } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret';
import { Password as PasswordModel } from '@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1/Password';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { findSecretMaterial } from '../src/secrets/guard';
import { danglingReferences, secretProviders, secretReferences } from '../src/secrets/references';
import { find, render, renderFiles } from './helpers';
import { PROJECT_CONFIGS } from './secrets-configs';

const ESO = { externalSecrets: { storeRef: { kind: 'ClusterSecretStore' as const, name: 'vault' }, refreshInterval: '15m' } };
const withEso = (config: GitpodConfigInput = {}): GitpodConfigInput => ({ ...config, cdk8s: { ...config.cdk8s, secrets: ESO } });

describe('External Secrets (cdk8s.secrets.externalSecrets)', () => {
  test('off by default: no ExternalSecret, no external-secrets.yaml', () => {
    expect(render().filter((o) => o.apiVersion?.includes('external-secrets.io'))).toEqual([]);
    expect([...renderFiles().keys()]).not.toContain('gitpod/external-secrets.yaml');
  });

  test('a user Secret is read from the store: remote key = Secret name, property = key', () => {
    const es = find(render(withEso()), 'ExternalSecret', 'https-certificates');
    expect(es.apiVersion).toBe('external-secrets.io/v1beta1');
    expect(es.spec).toEqual({
      refreshInterval: '15m',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'https-certificates', creationPolicy: 'Owner', template: { engineVersion: 'v2', type: 'kubernetes.io/tls' } },
      data: [
        { secretKey: 'tls.crt', remoteRef: { key: 'https-certificates', property: 'tls.crt' } },
        { secretKey: 'tls.key', remoteRef: { key: 'https-certificates', property: 'tls.key' } },
      ],
    });
  });

  test('an owned Secret comes from Password generators, once (never rotated), and outlives its ExternalSecret', () => {
    const objects = render(withEso());
    const es = find(objects, 'ExternalSecret', 'minio');
    expect(es.spec.refreshInterval).toBe('0s');
    expect(es.spec.secretStoreRef).toBeUndefined();
    expect(es.spec.target).toMatchObject({ name: 'minio', deletionPolicy: 'Retain' });
    expect(es.spec.target.template.data).toEqual({ 'root-user': '{{ .minio_user }}', 'root-password': '{{ .minio_password }}', 'key.json': '' });
    const refs = es.spec.dataFrom.map((d: any) => [d.sourceRef.generatorRef.kind, d.sourceRef.generatorRef.name, d.rewrite[0].regexp.target]);
    expect(refs).toEqual([
      ['Password', 'minio-minio-user', 'minio_user'],
      ['Password', 'minio-minio-password', 'minio_password'],
    ]);
    expect(find(objects, 'Password', 'minio-minio-password').spec).toEqual({ length: 32, digits: 8, symbols: 0, noUpper: false, allowRepeat: true });
  });

  test('Secrets that share a value (DB and message bus passwords) or need hashing come from the store', () => {
    const objects = render(withEso());
    for (const name of ['mysql', 'db-password', 'rabbitmq', 'messagebus', 'load-definition', 'builtin-registry-auth']) {
      expect([name, find(objects, 'ExternalSecret', name).spec.secretStoreRef]).toEqual([name, { kind: 'ClusterSecretStore', name: 'vault' }]);
    }
  });

  test('every ExternalSecret and Password validates against the external-secrets schemas', () => {
    const objects = render(withEso()).filter((o) => o.apiVersion?.includes('external-secrets.io'));
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      const model = o.kind === 'Password' ? new PasswordModel(o as never) : new ExternalSecretModel(o as never);
      expect(() => model.validate()).not.toThrow();
    }
  });

  test('--inline-secrets and externalSecrets exclude each other', () => {
    expect(() => buildInstallations(mergeConfig(DEFAULT_CONFIG, withEso()), { inlineSecrets: true })).toThrow(
      'inline Secrets and cdk8s.secrets.externalSecrets exclude each other',
    );
  });

  test.each(PROJECT_CONFIGS)('%s: every Secret reference is served by an ExternalSecret or a Certificate; no secret material', (_n, config) => {
    const objects = render(withEso(config));
    expect(findSecretMaterial(objects)).toEqual([]);
    const pending = ['builtin-registry-certs', 'https-certificates']; // Certificates not in this branch yet (see secrets.test.ts)
    const dangling = danglingReferences(secretReferences(objects), secretProviders(objects)).filter(
      (d) => !(pending.includes(d.secret) && !objects.some((o) => o.kind === 'ExternalSecret' && o.metadata.name === d.secret)),
    );
    expect(dangling).toEqual([]);
  });
});
