import { IConstruct } from 'constructs';
import { serverSecrets } from '../components/server';
import { InstallationContext } from '../context';
import { publicDnsNames } from '../dependencies/certificates';
import { IContainerRegistry } from '../dependencies/container-registry';
import { IDatabase } from '../dependencies/database';
import { configuredContainerRegistry, configuredDatabase, configuredObjectStorage } from '../dependencies/defaults';
import { IMessageBus } from '../dependencies/message-bus';
import { Minio, MinioConnection } from '../dependencies/minio';
import { inClusterDatabaseSecrets } from '../dependencies/mysql';
import { IObjectStorage } from '../dependencies/object-storage';
import { rabbitMQSecrets } from '../dependencies/rabbitmq';
import { dockerRegistrySecrets, InClusterRegistryConnection } from '../dependencies/registry';
import { collectDeclaredSecrets } from './declare';

export type { SecretSource, SecretSpec, GeneratedSecretSpec } from './spec';
import type { GeneratedSecretSpec, SecretSpec } from './spec';
export { encryptionKeys } from '../dependencies/mysql';
export { dockerConfigJson } from '../dependencies/registry';

/** What the catalog reads of an installation (a `GitpodInstallation`): its context and tree. */
interface InstallationLike extends IConstruct {
  readonly context: InstallationContext;
}

/**
 * The Secrets an installation reads but never renders (no secret material in Git): what the user
 * brings, what cert-manager issues, and what the installation owns (generated once by
 * `gitpod-cdk8s secrets`). `resolveSecrets` cross-checks this with a rendering.
 *
 * Given the installation, the catalog is what its constructs declare (`declareSecret`, where each
 * reads them: a dependency declares its own, a client the ones of the dependency it was given)
 * plus the platform's. Given only a context (the `cdk8s synth` plugin), it is what the config's
 * built-in dependencies and components would declare.
 */
export function secretCatalog(source: InstallationContext | InstallationLike): SecretSpec[] {
  if (source instanceof InstallationContext) {
    const ctx = source;
    const generated = generatedSecrets(ctx)
      .filter((g) => g.when)
      .map(({ when: _when, ...spec }) => spec);
    return dedupe([...userSecrets(ctx), ...issuedSecrets(ctx), ...generated, ...platformSecrets(ctx)]);
  }
  return dedupe([...collectDeclaredSecrets(source), ...platformSecrets(source.context)]);
}

/** One entry per name and source, the first declaration winning (a Secret several clients read is declared by each). */
function dedupe(specs: readonly SecretSpec[]): SecretSpec[] {
  const seen = new Set<string>();
  return specs.filter((s) => {
    const key = `${s.source}\0${s.platform ? 'p' : ''}\0${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The Secrets the user's platform provides: `cdk8s.externals.secrets` of the config and
 * `GitpodInstallation.declareExternalSecret()`. Without keys, any key may be read.
 */
export function platformSecrets(ctx: InstallationContext): SecretSpec[] {
  return ctx.externals('Secret').map((s) => ({
    name: s.name,
    keys: [...(s.keys ?? [])],
    source: 'user' as const,
    platform: true,
    purpose: 'provided by the platform (declared external)',
  }));
}

/**
 * The user-provided Secrets named by the config: those of the installation itself
 * (`installationSecrets`), then those of the dependencies it names.
 */
export function userSecrets(ctx: InstallationContext): SecretSpec[] {
  return [...installationUserSecrets(ctx), ...dependencySecrets(ctx).filter((s) => s.source === 'user')];
}

/**
 * The Secrets of the dependencies the config names, as their owners declare them, whatever the
 * installation kind (the config names them for every cluster of a fleet).
 * @param given the dependencies the installation was given objects for (their config is not used)
 */
function dependencySecrets(ctx: InstallationContext, given: GivenDependencies = {}): SecretSpec[] {
  return [
    ...(given.database ? [] : configuredDatabase(ctx).secrets),
    ...(given.objectStorage ? [] : configuredObjectStorage(ctx).secrets),
    ...(given.containerRegistry ? [] : configuredContainerRegistry(ctx).secrets),
  ];
}

/** Which dependencies an installation was given as objects (`GitpodInstallationProps`). */
export interface GivenDependencies {
  /** `GitpodInstallationProps.database` is set. */
  readonly database?: boolean;
  /** `GitpodInstallationProps.objectStorage` is set. */
  readonly objectStorage?: boolean;
  /** `GitpodInstallationProps.containerRegistry` is set. */
  readonly containerRegistry?: boolean;
}

/**
 * What the installation itself declares (`GitpodInstallation` declares them on itself): the
 * Secrets the config names that no dependency owns, the internal TLS Secrets, and the user Secrets
 * of the dependencies the config names (the user brings them for every cluster, even one where no
 * client reads them).
 */
export function installationSecrets(ctx: InstallationContext, given: GivenDependencies = {}): SecretSpec[] {
  return [
    ...installationUserSecrets(ctx),
    ...dependencySecrets(ctx, given).filter((s) => s.source === 'user'),
    ...issuedSecrets(ctx).filter((s) => s.name !== 'builtin-registry-certs'),
  ];
}

/** The user-provided Secrets the config names that no dependency owns (certificates, license, OAuth providers, ...). */
function installationUserSecrets(ctx: InstallationContext): SecretSpec[] {
  const c = ctx.config;
  const out: SecretSpec[] = [];
  const user = (name: string, keys: string[], purpose: string, configPath: string, type?: string) =>
    out.push({ name, keys, source: 'user', purpose, configPath, ...(type ? { type } : {}) });

  // The public certificate: the proxy (WebApp) and ws-proxy / registry-facade (Workspace) serve it.
  if ((ctx.includes('webapp') || ctx.includes('workspace')) && !c.cdk8s?.tls?.issuer) {
    // In a fleet each cluster's certificate names what that cluster serves.
    const names = ctx.fleet ? publicDnsNames(ctx).join(', ') : '<domain>, *.<domain>, *.ws.<domain>';
    user(c.certificate.name, ['tls.crt', 'tls.key'], `public TLS certificate for ${names}`, 'certificate.name', 'kubernetes.io/tls');
  }
  // Without the Workspace set, server and ws-manager-bridge talk to a remote ws-manager with the
  // client certificate that the workspace cluster's cert-manager issued: copy it over. (A split
  // fleet issues it from the fleet CA instead, src/fleet/exposure.ts.)
  if (ctx.includes('webapp') && !ctx.includes('workspace') && !ctx.fleet?.split) {
    user('ws-manager-client-tls', ['ca.crt', 'tls.crt', 'tls.key'], "ws-manager client certificate: copy the workspace cluster's Secret ws-manager-client-tls", 'kind', 'kubernetes.io/tls');
  }
  if (c.license) user(c.license.name, ['license', 'type'], 'Gitpod license', 'license.name');
  c.authProviders.forEach((p, i) => user(p.name, ['provider'], 'OAuth provider config', `authProviders[${i}].name`));
  if (c.sshGatewayHostKey) user(c.sshGatewayHostKey.name, [], 'SSH gateway host key(s)', 'sshGatewayHostKey.name');
  if (c.customCACert) user(c.customCACert.name, ['ca.crt'], 'custom CA certificate', 'customCACert.name');
  if (c.httpProxy) user(c.httpProxy.name, ['httpProxy', 'httpsProxy', 'noProxy'], 'corporate HTTP proxy settings', 'httpProxy.name');
  if (c.observability.tracing?.secretName) {
    user(c.observability.tracing.secretName, ['JAEGER_USER', 'JAEGER_PASSWORD'], 'tracing credentials', 'observability.tracing.secretName');
  }
  const redis = c.experimental?.workspace?.registryFacade?.redisCache;
  if (ctx.includes('workspace') && redis?.passwordSecret) {
    user(redis.passwordSecret, ['password'], "registry-facade's Redis cache password", 'experimental.workspace.registryFacade.redisCache.passwordSecret');
  }
  (c.imagePullSecrets ?? []).forEach((s, i) =>
    user(s.name, ['.dockerconfigjson'], 'image pull secret', `imagePullSecrets[${i}].name`, 'kubernetes.io/dockerconfigjson'),
  );
  const web = c.experimental?.webapp;
  if (web?.publicApi?.stripeSecretName) user(web.publicApi.stripeSecretName, [], 'Stripe webhook secret (public-api)', 'experimental.webapp.publicApi.stripeSecretName');
  if (web?.server?.stripeSecret) user(web.server.stripeSecret, [], 'Stripe API keys (server)', 'experimental.webapp.server.stripeSecret');
  if (web?.server?.chargebeeSecret) user(web.server.chargebeeSecret, [], 'Chargebee API keys (server)', 'experimental.webapp.server.chargebeeSecret');
  if (web?.server?.githubApp?.certSecretName) {
    user(web.server.githubApp.certSecretName, [], 'GitHub App private key', 'experimental.webapp.server.githubApp.certSecretName');
  }
  return out;
}

/**
 * The internal TLS Secrets that cert-manager Certificates of the installation issue (signed by
 * `ca-issuer`). Declared here so a reader of the catalog sees them; `resolveSecrets` names the
 * Certificate that issues each, and any Certificate of the rendering counts even when not listed.
 */
export function issuedSecrets(ctx: InstallationContext): SecretSpec[] {
  const keys = ['ca.crt', 'tls.crt', 'tls.key'];
  const issued = (name: string, purpose: string): SecretSpec => ({ name, keys, source: 'cert-manager', purpose, type: 'kubernetes.io/tls' });
  const out = [issued('ca-issuer-ca', 'internal CA of ca-issuer')];
  const tls = ctx.config.cdk8s?.tls?.issuer;
  if ((ctx.includes('webapp') || ctx.includes('workspace')) && tls) {
    out.push(issued(ctx.config.certificate.name, `public TLS certificate, from ${tls.kind}/${tls.name}`));
  }
  if (rendersRegistry(ctx)) out.push(...dockerRegistrySecrets(ctx).filter((s) => s.source === 'cert-manager'));
  if (ctx.fleet?.split && ctx.includes('webapp') && !ctx.includes('workspace')) {
    out.push(issued('ws-manager-client-tls', 'client TLS towards the fleet\'s ws-managers, from the fleet CA'));
  }
  if (ctx.includes('workspace')) {
    out.push(
      issued('ws-manager-tls', 'ws-manager server TLS'),
      issued('ws-manager-client-tls', 'client TLS towards ws-manager'),
      issued('ws-daemon-tls', 'ws-daemon server TLS'),
      issued('builtin-registry-facade-cert', 'registry-facade TLS'),
    );
  }
  return out;
}


/** The in-cluster registry is rendered: not in a Workspace cluster of a split fleet, which pulls from the application cluster's. */
function rendersRegistry(ctx: InstallationContext): boolean {
  return ctx.config.containerRegistry.inCluster === true && !ctx.remoteWorkspaceCluster;
}

/**
 * Every Secret the installation may own, as its owners declare them (the in-cluster MySQL, MinIO,
 * the registry, RabbitMQ, the server). `when` says whether this config needs it; `resolveSecrets`
 * also takes any of them that a rendering reads.
 */
export function generatedSecrets(ctx: InstallationContext): GeneratedSecretSpec[] {
  const webapp = ctx.includes('webapp');
  const workspace = ctx.includes('workspace');
  const inClusterRegistry = ctx.config.containerRegistry.inCluster === true;
  const when = (specs: readonly SecretSpec[], w: boolean): GeneratedSecretSpec[] =>
    specs.filter((s) => s.source === 'generated').map((s) => ({ ...s, when: w }));
  return [
    ...when(inClusterDatabaseSecrets(), webapp && ctx.config.database.inCluster === true),
    // Workspace clusters mount MinIO's keys too (ws-manager, ws-daemon): one `secrets` run gives every cluster the same values.
    ...when(new MinioConnection(ctx).secrets, (webapp || workspace) && Minio.rendered(ctx)),
    // The in-cluster registry is rendered in every kind, as upstream does.
    ...when(new InClusterRegistryConnection(ctx).secrets, inClusterRegistry),
    ...when(dockerRegistrySecrets(ctx), rendersRegistry(ctx)),
    ...when(rabbitMQSecrets(ctx), webapp),
    ...when(serverSecrets(ctx), webapp),
  ];
}

/** The Secrets the dependency objects an installation uses declare (none rendered). */
export function secretsOf(...dependencies: (IDatabase | IObjectStorage | IContainerRegistry | IMessageBus | undefined)[]): SecretSpec[] {
  return dependencies.flatMap((d) => [...(d?.secrets ?? [])]);
}
