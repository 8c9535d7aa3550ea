import { ConfigProblem } from './errors';
import { fleetProblems } from '../fleet/rules';
import { inputProblems, inputWarnings } from './input-rules';
import { mergeConfig } from './merge';
import { GitpodConfig } from './types';

/** The outcome of the cross-field rules: problems that stop a render, warnings that do not. */
export interface RuleResult {
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigProblem[];
  /** The config with deprecated experimental settings promoted to their new places. */
  readonly config: GitpodConfig;
}

function exactlyOne(path: string, options: Array<[string, boolean]>, hint: string): ConfigProblem | undefined {
  const chosen = options.filter(([, on]) => on).map(([name]) => name);
  if (chosen.length === 1) return undefined;
  const names = options.map(([name]) => `${path}.${name}`).join(', ');
  if (chosen.length === 0) {
    return { path, message: `choose exactly one of ${names}; found none` };
  }
  return {
    path,
    message: `choose exactly one of ${names}; found ${chosen.map((c) => `${path}.${c}`).join(' and ')}${hint}`,
  };
}

/**
 * Rules the upstream installer forgot or checked only at render time (where it panicked), plus its
 * deprecation pass (`CheckDeprecated`), which moves deprecated experimental settings.
 */
export function applyRules(input: GitpodConfig): RuleResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  let config = input;

  const db = config.database ?? {};
  const dbProblem = exactlyOne(
    'database',
    [
      ['inCluster', db.inCluster === true],
      ['external', db.external !== undefined],
      ['cloudSQL', db.cloudSQL !== undefined],
    ],
    db.inCluster === true ? ' (set database.inCluster: false to use an outside database)' : '',
  );
  if (dbProblem) problems.push(dbProblem);

  const os = config.objectStorage ?? {};
  const osProblem = exactlyOne(
    'objectStorage',
    [
      ['inCluster', os.inCluster === true],
      ['s3', os.s3 !== undefined],
      ['cloudStorage', os.cloudStorage !== undefined],
      ['azure', os.azure !== undefined],
    ],
    os.inCluster === true ? ' (set objectStorage.inCluster: false to use an outside store)' : '',
  );
  if (osProblem) problems.push(osProblem);

  const reg = config.containerRegistry ?? {};
  if (reg.inCluster === undefined) {
    problems.push({ path: 'containerRegistry.inCluster', message: 'required: true or false' });
  } else if (reg.inCluster && reg.external) {
    problems.push({
      path: 'containerRegistry',
      message:
        'choose exactly one of containerRegistry.inCluster: true and containerRegistry.external; found both (set containerRegistry.inCluster: false to use the external registry)',
    });
  } else if (!reg.inCluster && !reg.external) {
    problems.push({
      path: 'containerRegistry.external',
      message: 'required when containerRegistry.inCluster is false',
    });
  }
  if (reg.s3storage && !reg.inCluster) {
    problems.push({
      path: 'containerRegistry.s3storage',
      message: 'only used by the in-cluster registry: set containerRegistry.inCluster: true or remove s3storage',
    });
  }

  if (config.blockNewUsers?.enabled && (config.blockNewUsers.passlist ?? []).length === 0) {
    problems.push({
      path: 'blockNewUsers.passlist',
      message: 'required when blockNewUsers.enabled is true: at least one domain such as example.com',
    });
  }

  for (const area of ['workspace', 'webapp'] as const) {
    const t = config.experimental?.[area]?.tracing;
    if (t?.samplerType !== undefined && t.samplerParam === undefined) {
      problems.push({
        path: `experimental.${area}.tracing.samplerParam`,
        message: `required when experimental.${area}.tracing.samplerType is set`,
      });
    }
  }

  const exp = config.experimental;
  const deprecatedServiceType = exp?.webapp?.proxy?.serviceType;
  if (deprecatedServiceType !== undefined) {
    if (config.components?.proxy?.service?.serviceType !== undefined) {
      problems.push({
        path: 'experimental.webapp.proxy.serviceType',
        message: 'cannot be set together with components.proxy.service.serviceType (it is deprecated: keep only the latter)',
      });
    } else {
      warnings.push({
        path: 'experimental.webapp.proxy.serviceType',
        message: 'deprecated: use components.proxy.service.serviceType (taken over for this render)',
      });
      config = mergeConfig(config, { components: { proxy: { service: { serviceType: deprecatedServiceType } } } });
    }
  }

  const deprecatedImage = exp?.webapp?.server?.workspaceDefaults?.workspaceImage;
  if (deprecatedImage) {
    if (config.workspace.workspaceImage) {
      problems.push({
        path: 'experimental.webapp.server.workspaceDefaults.workspaceImage',
        message: 'cannot be set together with workspace.workspaceImage (it is deprecated: keep only the latter)',
      });
    } else {
      warnings.push({
        path: 'experimental.webapp.server.workspaceDefaults.workspaceImage',
        message: 'deprecated: use workspace.workspaceImage (taken over for this render)',
      });
      config = mergeConfig(config, { workspace: { workspaceImage: deprecatedImage } });
    }
  }

  const deprecatedAllowList = exp?.webapp?.server?.defaultBaseImageRegistryWhitelist;
  if (deprecatedAllowList !== undefined) {
    if ((config.containerRegistry.privateBaseImageAllowList ?? []).length > 0) {
      problems.push({
        path: 'experimental.webapp.server.defaultBaseImageRegistryWhitelist',
        message:
          'cannot be set together with containerRegistry.privateBaseImageAllowList (it is deprecated: keep only the latter)',
      });
    } else {
      warnings.push({
        path: 'experimental.webapp.server.defaultBaseImageRegistryWhitelist',
        message: 'deprecated: use containerRegistry.privateBaseImageAllowList (taken over for this render)',
      });
      config = mergeConfig(config, { containerRegistry: { privateBaseImageAllowList: deprecatedAllowList } });
    }
  }

  if (config.objectStorage.maximumBackupCount !== undefined) {
    warnings.push({ path: 'objectStorage.maximumBackupCount', message: 'deprecated and ignored' });
  }
  if (exp?.common?.usePodSecurityPolicies) {
    warnings.push({
      path: 'experimental.common.usePodSecurityPolicies',
      message: 'deprecated: PodSecurityPolicies were removed in Kubernetes 1.25 and are not rendered',
    });
  }

  // Credentials never enter a ConfigMap: the server reads these from its Secret (see components/server.ts).
  const srv = exp?.webapp?.server;
  const serverSecrets: Array<[string, unknown, string]> = [
    ['session.secret', srv?.session?.secret, 'session-secret'],
    ['oauthServer.jwtSecret', srv?.oauthServer?.jwtSecret, 'oauth-server-jwt-secret'],
    ['githubApp.webhookSecret', srv?.githubApp?.webhookSecret, 'github-app-webhook-secret'],
  ];
  for (const [field, value, key] of serverSecrets) {
    if (value === undefined || value === '') continue;
    warnings.push({
      path: `experimental.webapp.server.${field}`,
      message: `ignored: credentials are not written into ConfigMaps; put the value into the Secret server-secrets, key ${key}`,
    });
  }

  const clusters = config.cdk8s?.clusters ?? [];
  const seen = new Set<string>();
  clusters.forEach((c, i) => {
    if (seen.has(c.name)) {
      problems.push({ path: `cdk8s.clusters[${i}].name`, message: `found ${JSON.stringify(c.name)} twice; cluster names must be unique` });
    }
    seen.add(c.name);
  });

  problems.push(...inputProblems(config));
  problems.push(...fleetProblems(config));
  warnings.push(...inputWarnings(config));
  return { problems, warnings, config };
}
