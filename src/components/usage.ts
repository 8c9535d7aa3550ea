import { Construct } from 'constructs';
import { databaseOf } from '../dependencies/defaults';
import { databaseWaiterContainer, kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { ExperimentalWebApp } from '../config/types';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { configcatEnv, defaultEnv } from '../common/env';
import { componentContainer, httpProbe, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, fromComponents } from '../common/network-policy';
import { ComponentProps, DatabaseClientProps } from '../common/props';

/** Without a configured limit nobody is limited (upstream: spending limits are a SaaS feature). */
const NO_SPENDING_LIMIT = 1_000_000_000;

/** Props of `Usage`. */
export interface UsageProps extends ComponentProps, DatabaseClientProps {
  /**
   * The Secret with the Stripe API keys; none leaves Stripe off.
   * @default `experimental.webapp.server.stripeSecret`
   */
  readonly stripeSecretName?: string;
  /**
   * The usage schedules and spending limits, the workspace classes' credits and the Stripe prices (its `config.json`).
   * @default `experimental.webapp`
   */
  readonly settings?: ExperimentalWebApp;
}

/**
 * The usage (billing) service. Upstream renders it only when `experimental.webapp.usage` is set;
 * `GitpodInstallation` does the same.
 */
export class Usage extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'usage';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;

  /** Whether the config asks for the usage component. */
  public static enabled(ctx: InstallationContext): boolean {
    return ctx.config.experimental?.webapp?.usage !== undefined;
  }

  constructor(scope: Construct, id: string, props: UsageProps) {
    super(scope, id);
    const ctx = props.context;
    const database = databaseOf(this, props);
    const component = Usage.COMPONENT;
    const stripeSecret = props.stripeSecretName ?? ctx.config.experimental?.webapp?.server?.stripeSecret;

    const configJson = JSON.stringify(usageConfig(ctx, stripeSecret, props.settings ?? ctx.config.experimental?.webapp), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, `${component}-rb-kube-rbac-proxy`);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromComponents(['server', 'public-api-server'], 9001)]);
    this.service = componentService(this, ctx, component, [{ name: 'grpc', port: 9001 }]);

    const volumes: k8s.Volume[] = [{ name: 'config', configMap: { name: this.configMap.name } }];
    const mounts: k8s.VolumeMount[] = [{ name: 'config', mountPath: '/config.json', subPath: 'config.json', readOnly: true }];
    if (stripeSecret) {
      volumes.push({ name: 'stripe-secret', secret: { secretName: stripeSecret } });
      // Upstream's mount path is relative (`stripe-secret`); kept, the usage binary reads it from its working directory.
      mounts.push({ name: 'stripe-secret', mountPath: 'stripe-secret', readOnly: true });
    }
    const probe = (path: string) => httpProbe(path, 9501);

    this.deployment = componentDeployment(this, ctx, component, {
      annotations: { 'gitpod.io/checksum_config': configChecksum(configJson) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        initContainers: [databaseWaiterContainer(ctx, database)],
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.usage.version),
            args: ['run', '--config=/config.json'],
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
            securityContext: hardened({ privileged: false }),
            env: [...defaultEnv(ctx), ...database.clientEnv(), ...configcatEnv(ctx)],
            volumeMounts: mounts,
            livenessProbe: probe('/live'),
            readinessProbe: probe('/ready'),
          }),
          kubeRbacProxyContainer(ctx),
        ],
        volumes,
      },
    });
  }
}

/** The usage service's `config.json` (upstream `usage/pkg/server.Config`; empty fields omitted as in Go), reading Stripe keys from `stripeSecret` when given. */
export function usageConfig(
  ctx: InstallationContext,
  stripeSecret: string | undefined = ctx.config.experimental?.webapp?.server?.stripeSecret,
  webapp: ExperimentalWebApp | undefined = ctx.config.experimental?.webapp,
): Record<string, unknown> {
  const usage = webapp?.usage;
  const credits: Record<string, number> = {};
  for (const c of webapp?.workspaceClasses ?? []) {
    if (c.credits) credits[c.id] = c.credits.perMinute ?? 0;
  }
  const limit = usage?.defaultSpendingLimit;
  const stripe = webapp?.stripe;
  const resetUsageSchedule = usage ? usage.resetUsageSchedule : '15m0s';
  return {
    ...(usage?.schedule ? { controllerSchedule: usage.schedule } : {}),
    ...(resetUsageSchedule ? { resetUsageSchedule } : {}),
    ...(Object.keys(credits).length > 0 ? { creditsPerMinuteByWorkspaceClass: credits } : {}),
    ...(stripeSecret ? { stripeCredentialsFile: 'stripe-secret/apikeys' } : {}),
    server: { services: { grpc: { address: '0.0.0.0:9001' } } },
    defaultSpendingLimit: limit
      ? { forTeams: limit.forTeams ?? 0, forUsers: limit.forUsers ?? 0, minForUsersOnStripe: limit.minForUsersOnStripe ?? 0 }
      : { forTeams: NO_SPENDING_LIMIT, forUsers: NO_SPENDING_LIMIT, minForUsersOnStripe: 0 },
    stripePrices: {
      individualUsagePriceIds: { eur: stripe?.individualUsagePriceIds?.eur ?? '', usd: stripe?.individualUsagePriceIds?.usd ?? '' },
      teamUsagePriceIds: { eur: stripe?.teamUsagePriceIds?.eur ?? '', usd: stripe?.teamUsagePriceIds?.usd ?? '' },
    },
  };
}
