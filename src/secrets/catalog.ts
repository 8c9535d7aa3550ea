import { InstallationContext } from '../context';

/**
 * Who creates a Secret the installation reads:
 * - `user`: the platform engineer brings it (certificates, outside database, cloud credentials);
 * - `generated`: the installation owns it; `gitpod-cdk8s secrets` generates it once, outside Git;
 * - `cert-manager`: a Certificate in the rendering issues it.
 */
export type SecretSource = 'user' | 'generated' | 'cert-manager';

export interface SecretSpec {
  readonly name: string;
  /** The keys components read. */
  readonly keys: readonly string[];
  readonly source: SecretSource;
  /** What it is for, in a few words. */
  readonly purpose: string;
  /** The config path that names it (user Secrets). */
  readonly configPath?: string;
}

/**
 * The Secrets an installation reads but never renders (no secret material in Git). This is the
 * declaration the reference checks and the `secrets` command rely on.
 */
export function secretCatalog(ctx: InstallationContext): SecretSpec[] {
  const c = ctx.config;
  const out: SecretSpec[] = [];
  const user = (name: string, keys: string[], purpose: string, configPath: string) =>
    out.push({ name, keys, source: 'user', purpose, configPath });

  if (ctx.includes('webapp') && !c.cdk8s?.tls?.issuer) {
    user(c.certificate.name, ['tls.crt', 'tls.key'], 'public TLS certificate for <domain>, *.<domain>, *.ws.<domain>', 'certificate.name');
  }
  if (c.database.external) {
    user(c.database.external.certificate.name, ['host', 'port', 'username', 'password', 'encryptionKeys'], 'external MySQL', 'database.external.certificate.name');
  }
  if (c.database.cloudSQL) {
    user(c.database.cloudSQL.serviceAccount.name, ['credentials.json', 'encryptionKeys', 'username', 'password'], 'Cloud SQL proxy service account and DB user', 'database.cloudSQL.serviceAccount.name');
  }
  if (c.database.ssl?.caCert) user(c.database.ssl.caCert.name, ['ca.crt'], 'database TLS CA', 'database.ssl.caCert.name');
  const os = c.objectStorage;
  if (os.s3) user(os.s3.credentials.name, ['accessKeyId', 'secretAccessKey'], 'S3 credentials', 'objectStorage.s3.credentials.name');
  if (os.cloudStorage) {
    user(os.cloudStorage.serviceAccount.name, ['service-account.json'], 'GCS service account', 'objectStorage.cloudStorage.serviceAccount.name');
  }
  if (os.azure) user(os.azure.credentials.name, ['accountName', 'accountKey'], 'Azure storage account', 'objectStorage.azure.credentials.name');
  const reg = c.containerRegistry;
  if (!reg.inCluster && reg.external) {
    user(reg.external.certificate.name, ['.dockerconfigjson'], 'external registry pull/push credentials', 'containerRegistry.external.certificate.name');
  }
  if (reg.inCluster && reg.s3storage) {
    user(reg.s3storage.certificate.name, ['s3AccessKey', 's3SecretKey'], 'S3 credentials of the in-cluster registry', 'containerRegistry.s3storage.certificate.name');
  }
  if (c.license) user(c.license.name, ['license', 'type'], 'Gitpod license', 'license.name');
  c.authProviders.forEach((p, i) => user(p.name, ['provider'], 'OAuth provider config', `authProviders[${i}].name`));
  if (c.sshGatewayHostKey) user(c.sshGatewayHostKey.name, [], 'SSH gateway host key(s)', 'sshGatewayHostKey.name');
  if (c.customCACert) user(c.customCACert.name, ['ca.crt'], 'custom CA certificate', 'customCACert.name');
  if (c.httpProxy) user(c.httpProxy.name, ['httpProxy', 'httpsProxy', 'noProxy'], 'corporate HTTP proxy settings', 'httpProxy.name');
  if (c.observability.tracing?.secretName) {
    user(c.observability.tracing.secretName, ['JAEGER_USER', 'JAEGER_PASSWORD'], 'tracing credentials', 'observability.tracing.secretName');
  }
  (c.imagePullSecrets ?? []).forEach((s, i) => user(s.name, ['.dockerconfigjson'], 'image pull secret', `imagePullSecrets[${i}].name`));
  return out;
}
