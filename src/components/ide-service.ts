import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { unprefixedComponentBinding } from '../common/ide-rbac';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { IDE_CONFIG_MAP } from './ide-config';
import { hardened } from '../common/security';
import { defaultEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, tcpPorts } from '../common/network-policy';
import { ComponentProps } from '../common/props';

const GRPC_PORT = 9001;
/** The readiness endpoint of Gitpod's baseserver. */
const HEALTH_PORT = 9501;

/** Props of `IdeService`. */
export interface IdeServiceProps extends ComponentProps {}

/**
 * The gRPC service that tells the server and the dashboard which IDEs exist and which images
 * they use; it reads the IDE configuration from the `ide-config` ConfigMap (see `IdeConfig`).
 */
export class IdeService extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ide-service';

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
  /** ClusterRole `ide-service`, granting nothing (upstream binds to it without rendering it). */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The component's ClusterRoleBinding; patch it for what the props do not cover. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: IdeServiceProps) {
    super(scope, id);
    const ctx = props.context;
    const component = IdeService.COMPONENT;

    const config = ideServiceConfig();
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': JSON.stringify(config, null, 2) },
    });

    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    const { clusterRole, clusterRoleBinding } = unprefixedComponentBinding(this, ctx, component);
    this.clusterRole = clusterRole;
    this.clusterRoleBinding = clusterRoleBinding;
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.service = componentService(this, ctx, component, [{ name: 'grpc', port: GRPC_PORT }]);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [{ ports: tcpPorts(GRPC_PORT) }]);
    this.serviceAccount = componentServiceAccount(this, ctx, component);

    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(config) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            args: ['run', '--config', '/config/config.json'],
            image: ctx.gitpodImage('ide-service', ctx.versions.components.ideService.version),
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
            ports: [{ name: 'grpc', containerPort: GRPC_PORT }],
            securityContext: hardened({ privileged: false }, { readOnlyRootFilesystem: true }),
            env: defaultEnv(ctx),
            volumeMounts: [
              { name: 'config', mountPath: '/config', readOnly: true },
              { name: 'ide-config', mountPath: '/ide-config', readOnly: true },
            ],
            readinessProbe: {
              httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(HEALTH_PORT) },
              failureThreshold: 3,
              successThreshold: 1,
              timeoutSeconds: 1,
            },
          }),
          kubeRbacProxyContainer(ctx),
        ],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          { name: 'ide-config', configMap: { name: IDE_CONFIG_MAP } },
        ],
      },
    });
  }
}

/** ide-service's own `config.json`: where to serve gRPC and where the IDE configuration is mounted. */
export function ideServiceConfig(): Record<string, unknown> {
  return {
    server: { services: { grpc: { address: `0.0.0.0:${GRPC_PORT}` } } },
    ideConfigPath: '/ide-config/config.json',
  };
}
