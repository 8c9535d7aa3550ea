import { GitpodConfigInput } from '../src/config/types';
import { fleetConfig, workspaceCluster } from './fleet-configs';

const ref = (name: string) => ({ kind: 'secret' as const, name });

/** The project's own configs: every installation kind and every database, storage and registry choice. */
export const PROJECT_CONFIGS: [string, GitpodConfigInput][] = [
  ['Full (default)', {}],
  ['Meta', { kind: 'Meta' }],
  ['WebApp', { kind: 'WebApp' }],
  ['IDE', { kind: 'IDE' }],
  ['Workspace', { kind: 'Workspace' }],
  [
    'external DB, S3, external registry, proxy, CA, license, auth providers, tracing',
    {
      database: { inCluster: false, external: { certificate: ref('aws-database') }, ssl: { caCert: ref('db-ca') } },
      objectStorage: { inCluster: false, s3: { endpoint: 's3.amazonaws.com', bucket: 'b', credentials: ref('aws-storage') } },
      containerRegistry: { inCluster: false, external: { url: 'registry.example.com', certificate: ref('registry-creds') } },
      httpProxy: ref('http-proxy-settings'),
      customCACert: ref('custom-ca'),
      license: ref('gitpod-license'),
      authProviders: [ref('github-oauth')],
      imagePullSecrets: [ref('pull-secret')],
      observability: { logLevel: 'info', tracing: { endpoint: 'http://jaeger:14268', secretName: 'tracing-creds' } },
      sshGatewayHostKey: ref('ssh-host-key'),
    },
  ],
  [
    'Cloud SQL and GCS',
    {
      database: { inCluster: false, cloudSQL: { instance: 'p:r:i', serviceAccount: ref('gcp-db') } },
      objectStorage: { inCluster: false, cloudStorage: { project: 'p', serviceAccount: ref('gcp-storage') } },
    },
  ],
  ['Azure storage, registry on S3', {
    objectStorage: { inCluster: false, azure: { credentials: ref('azure-storage') } },
    containerRegistry: { inCluster: true, s3storage: { bucket: 'b', region: 'r', endpoint: 's3.example.com', certificate: ref('registry-s3') } },
  }],
  ['cert-manager TLS issuer', { cdk8s: { tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt' } } } }],
  ['two clusters', fleetConfig([{ name: 'meta', kind: 'Meta', namespace: 'gitpod' }, workspaceCluster('ws', 'eu', { namespace: 'gitpod' })])],
];
