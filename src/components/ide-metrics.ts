import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { unprefixedComponentBinding } from '../common/ide-rbac';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { defaultEnv, withCustomEnv } from '../common/env';
import { podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, fromComponents } from '../common/network-policy';
import { ComponentProps } from '../common/props';

const PORT = 3000;

/** Props of `IdeMetrics`. */
export interface IdeMetricsProps extends ComponentProps {
  /**
   * Accept error reports from IDEs (`GITPOD_ENABLED_ERROR_REPORTING`).
   * @default `experimental.ide.ideMetrics.enabledErrorReporting`, else false
   */
  readonly enabledErrorReporting?: boolean;
}

/**
 * Receives metrics (and optionally error reports) from IDEs in the browser and in workspaces, and
 * exposes the allow-listed ones to Prometheus. Reached through the proxy and ide-proxy only.
 */
export class IdeMetrics extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ide-metrics';

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
  /** ClusterRole `ide-metrics`, granting nothing (upstream binds to it without rendering it). */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The component's ClusterRoleBinding; patch it for what the props do not cover. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: IdeMetricsProps) {
    super(scope, id);
    const ctx = props.context;
    const component = IdeMetrics.COMPONENT;
    const errorReporting = props.enabledErrorReporting ?? ctx.config.experimental?.ide?.ideMetrics?.enabledErrorReporting ?? false;

    const config = ideMetricsConfig();
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': JSON.stringify(config, null, 2) },
    });

    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    const { clusterRole, clusterRoleBinding } = unprefixedComponentBinding(this, ctx, component);
    this.clusterRole = clusterRole;
    this.clusterRoleBinding = clusterRoleBinding;
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.service = componentService(this, ctx, component, [{ name: 'http', port: PORT }]);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromComponents(['proxy', 'ide-proxy'], PORT)]);
    this.serviceAccount = componentServiceAccount(this, ctx, component);

    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(config) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        containers: [
          {
            name: component,
            args: ['run', '--config', '/config/config.json'],
            image: ctx.gitpodImage('ide-metrics', ctx.versions.components.ideMetrics.version),
            imagePullPolicy: 'IfNotPresent',
            resources: ctx.resources(component, component, { requests: { cpu: '100m', memory: '128Mi' } }),
            ports: [{ name: 'http', containerPort: PORT }],
            securityContext: hardened({ privileged: false }, { readOnlyRootFilesystem: true }),
            // As upstream, the flag comes after the customization env.
            env: [
              ...withCustomEnv(ctx, component, defaultEnv(ctx)),
              ...(errorReporting ? [{ name: 'GITPOD_ENABLED_ERROR_REPORTING', value: 'true' }] : []),
            ],
            volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
            readinessProbe: {
              tcpSocket: { port: k8s.IntOrString.fromNumber(PORT) },
              failureThreshold: 3,
              successThreshold: 1,
              timeoutSeconds: 1,
            },
          },
          kubeRbacProxyContainer(ctx),
        ],
        volumes: [{ name: 'config', configMap: { name: this.configMap.name } }],
      },
    });
  }
}

interface LabelAllowList {
  readonly name: string;
  readonly allowValues: readonly string[];
  readonly defaultValue: string;
}

/** A label that accepts any value. */
const anyValue = (name: string): LabelAllowList => ({ name, allowValues: ['*'], defaultValue: '' });
/** A label restricted to `values`, falling back to `fallback`. */
const oneOf = (name: string, values: readonly string[], fallback = ''): LabelAllowList => ({ name, allowValues: values, defaultValue: fallback });

const GRPC_LABELS = [anyValue('grpc_method'), anyValue('grpc_service'), anyValue('grpc_type')];
const OPERATIONS = ['install', 'update', 'uninstall', 'unknown'];
const OUTCOMES = ['success', 'failure', 'unknown'];
const GALLERY_BUCKETS = [0.1, 0.5, 1, 5, 10, 15, 30];

/**
 * ide-metrics' `config.json` (`ide-metrics-api` `ServiceConfiguration`): the metrics IDEs may
 * report, each label with its allowed values, and which components may report errors.
 */
export function ideMetricsConfig(): Record<string, unknown> {
  const statusCodes = [...Array.from({ length: 500 }, (_, i) => String(100 + i)), 'unknown'];
  const counter = (name: string, help: string, labels: LabelAllowList[] | null) => ({ name, help, labels });
  const histogram = (name: string, help: string, labels: LabelAllowList[], buckets: number[]) => ({ name, help, labels, buckets });
  return {
    server: {
      port: PORT,
      ratelimits: null,
      counterMetrics: [
        counter('grpc_server_handled_total', 'Total number of RPCs completed on the server, regardless of success or failure.', [
          ...GRPC_LABELS,
          anyValue('grpc_code'),
        ]),
        counter('grpc_server_msg_received_total', 'Total number of RPC stream messages received on the server.', GRPC_LABELS),
        counter('grpc_server_msg_sent_total', 'Total number of gRPC stream messages sent by the server.', GRPC_LABELS),
        counter('grpc_server_started_total', 'Total number of RPCs started on the server', GRPC_LABELS),
        counter('gitpod_supervisor_frontend_error_total', 'Total count of supervisor frontend client errors', [
          oneOf('resource', ['vscode-web-workbench', 'unknown'], 'unknown'),
          oneOf('error', ['LoadError', 'Unknown'], 'Unknown'),
        ]),
        counter('gitpod_vscode_web_load_total', 'Total count of attempts to load VS Code Web workbench', [oneOf('status', ['loading', 'failed'])]),
        counter('gitpod_supervisor_frontend_client_total', 'Total count of supervisor frontend client', null),
        counter('gitpod_vscode_extension_gallery_operation_total', 'Total count of extension operations', [
          oneOf('operation', OPERATIONS, 'unknown'),
          oneOf('status', OUTCOMES, 'unknown'),
          anyValue('galleryHost'),
        ]),
        counter('gitpod_vscode_extension_gallery_query_total', 'Total count of extension gallery queries', [
          oneOf('status', OUTCOMES, 'unknown'),
          oneOf('statusCode', statusCodes, 'unknown'),
          oneOf('errorCode', ['canceled', 'timeout', 'failed', 'unknown'], 'unknown'),
          anyValue('galleryHost'),
        ]),
      ],
      histogramMetrics: [
        histogram(
          'gitpod_vscode_extension_gallery_operation_duration_seconds',
          'Duration of extension operations in seconds',
          [oneOf('operation', OPERATIONS, 'unknown'), anyValue('galleryHost')],
          GALLERY_BUCKETS,
        ),
        histogram(
          'gitpod_vscode_extension_gallery_query_duration_seconds',
          'Duration of extension gallery query in seconds',
          [anyValue('galleryHost')],
          GALLERY_BUCKETS,
        ),
      ],
      aggregatedHistogramMetrics: [
        histogram(
          'grpc_server_handling_seconds',
          'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
          GRPC_LABELS,
          [0.005, 0.025, 0.05, 0.1, 0.5, 1, 2.5, 5, 30, 60, 120, 240, 600],
        ),
      ],
      errorReporting: {
        allowComponents: ['supervisor-frontend', 'vscode-workbench', 'vscode-server', 'vscode-web', 'gitpod-cli'],
      },
    },
    debug: false,
    pprof: { addr: '' },
    prometheus: { addr: '127.0.0.1:9500' },
  };
}
