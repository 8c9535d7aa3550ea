/**
 * Env blocks shared by the components (upstream `common.DefaultEnv`, `ProxyEnv`, `TracingEnv`,
 * `AnalyticsEnv`, `ConfigcatEnv`, `NodeNameEnv`): plain functions of the installation context,
 * so the context keeps identity and naming only. The database and message-bus env belong to
 * their dependency objects.
 */
import { Customization } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';

/** The env every Gitpod container gets (upstream `DefaultEnv`), the proxy env included. */
export function defaultEnv(ctx: InstallationContext): k8s.EnvVar[] {
  return [
    { name: 'GITPOD_DOMAIN', value: ctx.domain },
    { name: 'GITPOD_INSTALLATION_SHORTNAME', value: ctx.shortname },
    { name: 'GITPOD_REGION', value: ctx.region },
    { name: 'HOST_URL', value: `https://${ctx.domain}` },
    { name: 'KUBE_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'KUBE_DOMAIN', value: 'svc.cluster.local' },
    { name: 'LOG_LEVEL', value: ctx.config.observability.logLevel.toLowerCase() },
    ...proxyEnv(ctx),
  ];
}

/** HTTP(S)_PROXY and NO_PROXY from the `httpProxy` Secret (all keys optional), when it is set. */
export function proxyEnv(ctx: InstallationContext): k8s.EnvVar[] {
  const ref = ctx.config.httpProxy;
  if (!ref) return [];
  const fromSecret = (name: string, key: string): k8s.EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: ref.name, key, optional: true } },
  });
  return [
    fromSecret('HTTP_PROXY', 'httpProxy'),
    fromSecret('http_proxy', 'httpProxy'),
    fromSecret('HTTPS_PROXY', 'httpsProxy'),
    fromSecret('https_proxy', 'httpsProxy'),
    fromSecret('CUSTOM_NO_PROXY', 'noProxy'),
    fromSecret('custom_no_proxy', 'noProxy'),
    { name: 'NO_PROXY', value: 'ws-manager,wsdaemon,$(CUSTOM_NO_PROXY)' },
    { name: 'no_proxy', value: 'ws-manager,wsdaemon,$(CUSTOM_NO_PROXY)' },
  ];
}

/** Tracing env for a component of the `webapp` or `workspace` area. */
export function tracingEnv(ctx: InstallationContext, component: string, area: 'webapp' | 'workspace'): k8s.EnvVar[] {
  const tracing = ctx.config.observability.tracing;
  if (!tracing) return [{ name: 'JAEGER_DISABLED', value: 'true' }];
  const env: k8s.EnvVar[] = [];
  if (tracing.endpoint) env.push({ name: 'JAEGER_ENDPOINT', value: tracing.endpoint });
  else if (tracing.agentHost) env.push({ name: 'JAEGER_AGENT_HOST', value: tracing.agentHost });
  if (tracing.secretName) {
    for (const key of ['JAEGER_USER', 'JAEGER_PASSWORD']) {
      env.push({ name: key, valueFrom: { secretKeyRef: { name: tracing.secretName, key } } });
    }
  }
  const sampler = ctx.config.experimental?.[area]?.tracing;
  env.push(
    { name: 'JAEGER_SERVICE_NAME', value: component },
    { name: 'JAEGER_TAGS', value: `cluster=${ctx.shortname},region=${ctx.region}` },
    { name: 'JAEGER_SAMPLER_TYPE', value: sampler?.samplerType ?? 'const' },
    { name: 'JAEGER_SAMPLER_PARAM', value: String(sampler?.samplerParam ?? 1) },
  );
  return env;
}

/** GITPOD_ANALYTICS_* when `analytics` is set. */
export function analyticsEnv(ctx: InstallationContext): k8s.EnvVar[] {
  const a = ctx.config.analytics;
  if (!a) return [];
  return [
    { name: 'GITPOD_ANALYTICS_WRITER', value: a.writer ?? '' },
    { name: 'GITPOD_ANALYTICS_SEGMENT_KEY', value: a.segmentKey ?? '' },
  ];
}

/** CONFIGCAT_SDK_KEY when `experimental.webapp.configcatKey` is set. */
export function configcatEnv(ctx: InstallationContext): k8s.EnvVar[] {
  const key = ctx.config.experimental?.webapp?.configcatKey;
  return key ? [{ name: 'CONFIGCAT_SDK_KEY', value: key }] : [];
}

/** NODENAME from the pod's node. */
export function nodeNameEnv(): k8s.EnvVar[] {
  return [{ name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }];
}

/**
 * The `customization` entries whose `metadata.name` matches the component (or `*`), and whose
 * apiVersion and kind match when given. In config order: a later entry wins on the same key.
 */
export function customizationsFor(
  ctx: InstallationContext,
  component: string,
  match?: { apiVersion: string; kind: string },
): Customization[] {
  return (ctx.config.customization ?? []).filter(
    (c) =>
      (c.metadata.name === '*' || c.metadata.name === component) &&
      (!match || ((c.apiVersion === '*' || c.apiVersion === match.apiVersion) && (c.kind === '*' || c.kind === match.kind))),
  );
}

/**
 * A container's env with the customization env of the component appended: the component's own
 * variables come first and win; new names follow in order of first appearance, the last value winning.
 */
export function withCustomEnv(ctx: InstallationContext, component: string, env: k8s.EnvVar[]): k8s.EnvVar[] {
  const own = new Set(env.map((e) => e.name));
  const added = new Map<string, k8s.EnvVar>();
  for (const c of customizationsFor(ctx, component)) {
    for (const e of c.spec?.env ?? []) {
      if (own.has(e.name)) continue;
      added.set(e.name, e as k8s.EnvVar);
    }
  }
  return [...env, ...added.values()];
}
