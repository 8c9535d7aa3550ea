import { toYaml } from '../common/yaml';
import { declareSecret } from '../secrets/declare';
import { configuredDatabase } from '../dependencies/defaults';
import { goDuration } from '../common/duration';
import { Construct } from 'constructs';
import { databaseWaiterContainer } from '../common/containers';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { ComponentProps, DatabaseClientProps } from '../common/props';

/** Props of `Gitpod`. */
export interface GitpodProps extends ComponentProps, DatabaseClientProps {
  /**
   * The platform the telemetry CronJob reports (`GITPOD_INSTALLATION_PLATFORM`).
   * @default `experimental.telemetry.data.platform`, else unknown
   */
  readonly platform?: string;
}

/**
 * The `gitpod` component of every installation kind: the `gitpod` ConfigMap (the effective
 * config and the versions manifest) and, in clusters with the WebApp, the daily
 * `gitpod-telemetry` CronJob that reports the installation to Gitpod through the server.
 */
export class Gitpod extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'gitpod';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** Undefined in a cluster without the WebApp (Workspace, IDE). */
  public readonly telemetryCronJob?: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: GitpodProps) {
    super(scope, id);
    const ctx = props.context;
    const database = props.database ?? configuredDatabase(ctx);
    const component = Gitpod.COMPONENT;
    const platform = props.platform || ctx.config.experimental?.telemetry?.data?.platform || 'unknown';

    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: {
        'config.yaml': effectiveConfigYaml(ctx),
        'versions.json': JSON.stringify({ versions: ctx.versions }, null, 2),
      },
    });
    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);

    // The CronJob waits for the database and calls the server: only where the WebApp runs
    // (upstream also renders it in IDE-only clusters, where it waits forever).
    if (!ctx.includes('webapp')) return;
    // The Secrets it reads: those of the dependency it was given.
    declareSecret(this, ...database.secrets);
    const name = 'gitpod-telemetry';
    const meta = { name, namespace: ctx.namespace, labels: ctx.labels(component) };
    this.telemetryCronJob = new k8s.KubeCronJob(this, 'telemetry', {
      metadata: ctx.metadata(component, name),
      spec: {
        schedule: '@daily',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        concurrencyPolicy: 'Replace',
        jobTemplate: {
          metadata: meta,
          spec: {
            template: {
              metadata: meta,
              spec: {
                restartPolicy: 'OnFailure',
                serviceAccountName: this.serviceAccount.name,
                enableServiceLinks: false,
                initContainers: [databaseWaiterContainer(ctx, database)],
                containers: [
                  {
                    name,
                    image: ctx.gitpodImage('installation-telemetry', ctx.versions.components.installationTelemetry.version),
                    imagePullPolicy: 'IfNotPresent',
                    args: ['send'],
                    resources: {},
                    // Reads the database, posts to the telemetry endpoint: no file written.
                    securityContext: hardened({}, { readOnlyRootFilesystem: true }),
                    env: [
                      { name: 'GITPOD_INSTALLATION_VERSION', value: ctx.versions.version },
                      { name: 'GITPOD_INSTALLATION_PLATFORM', value: platform },
                      { name: 'SERVER_URL', value: `http://${ctx.serviceHost('server')}:9000` },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    });
  }
}

const DURATION_FIELDS = ['maxLifetime', 'timeoutDefault', 'timeoutExtended', 'timeoutAfterClose'];

/**
 * The effective config as the installer writes it: keys sorted, `experimental` (and this
 * project's `cdk8s` block) left out, durations in Go's canonical form (`36h0m0s`), and the
 * installation kind and shortname of this cluster.
 */
export function effectiveConfigYaml(ctx: InstallationContext): string {
  const { experimental: _e, cdk8s: _c, ...rest } = ctx.config;
  const cfg: Record<string, any> = { ...rest, kind: ctx.kind, metadata: { ...rest.metadata, shortname: ctx.shortname } };
  const workspace: Record<string, unknown> = { ...cfg.workspace };
  for (const f of DURATION_FIELDS) {
    if (typeof workspace[f] === 'string' && workspace[f] !== '') workspace[f] = goDuration(workspace[f] as string);
  }
  cfg.workspace = workspace;
  return toYaml(cfg, { sortKeys: true });
}
