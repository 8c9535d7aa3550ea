import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding } from '../common/rbac';
import { configChecksum } from '../common/workload';
import { workspaceNodeAffinity } from '../common/workspace';
import { GitpodConfigError } from '../config/errors';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { defaultEnv, nodeNameEnv, tracingEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy } from '../common/network-policy';
import { ComponentProps } from '../common/props';

/** Props of `AgentSmith`. */
export interface AgentSmithProps extends ComponentProps {
  /**
   * agent-smith's config (enforcement rules, blocklists), replacing the built-in one; the namespace is forced.
   * @default `experimental.agentSmith`
   */
  readonly config?: Record<string, unknown>;
}

/**
 * agent-smith: watches workspace processes for abuse (upstream `components/agent-smith`). A
 * privileged DaemonSet with hostPID on the workspace nodes: it must see every process of the node.
 */
export class AgentSmith extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'agent-smith';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's Role; patch it for what the props do not cover. */
  public readonly role: k8s.KubeRole;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;
  /** Ingress with no rule: nothing may connect. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's DaemonSet; patch it for what the props do not cover. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: AgentSmithProps) {
    super(scope, id);
    const ctx = props.context;
    const component = AgentSmith.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: ctx.metadata(component, component),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'update'] }],
    });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: ctx.metadata(component, component),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: component },
      subjects: [{ kind: 'ServiceAccount', name: component }],
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, 'agent-smith-rb-kube-rbac-proxy');
    // No ingress rule: nothing connects to agent-smith.
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, undefined);

    const configJson = JSON.stringify(agentSmithConfig(ctx, props.config ?? ctx.config.experimental?.agentSmith), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemon-set', {
      // Upstream puts the checksum on the DaemonSet, not the pod: a config change does not roll the pods.
      metadata: ctx.metadata(component, component, { annotations: { 'gitpod.io/checksum_config': configChecksum(configJson) } }),
      spec: {
        selector: { matchLabels: ctx.labels(component) },
        // Upstream writes an empty strategy (the API server's default, RollingUpdate).
        updateStrategy: {},
        template: {
          metadata: { name: component, labels: ctx.labels(component) },
          spec: {
            ...podDefaults(component, workspaceNodeAffinity(ctx)),
            hostPid: true,
            containers: [
              componentContainer(ctx, component, {
                name: component,
                image: ctx.gitpodImage(component, ctx.versions.components.agentSmith.version),
                args: ['run', '--config', '/config/config.json'],
                env: [...defaultEnv(ctx), ...tracingEnv(ctx, component, 'workspace'), ...nodeNameEnv()],
                resources: { requests: { cpu: '100m', memory: '32Mi' } },
                securityContext: { privileged: true, procMount: 'Default' },
                volumeMounts: [{ name: 'config', mountPath: '/config' }],
              }),
              kubeRbacProxyContainer(ctx, {
                resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
              }),
            ],
            volumes: [{ name: 'config', configMap: { name: this.configMap.name } }],
          },
        },
      },
    });
  }
}

/**
 * agent-smith's `config.json`. `experimental.agentSmith` replaces the built-in config (the
 * namespace is forced), as upstream; an API token is refused because it would land in a ConfigMap.
 */
export function agentSmithConfig(
  ctx: InstallationContext,
  config: Record<string, unknown> | undefined = ctx.config.experimental?.agentSmith,
): Record<string, unknown> {
  const custom = config as Record<string, any> | undefined;
  if (custom?.gitpodAPI?.apiToken) {
    throw GitpodConfigError.at(
      'experimental.agentSmith.gitpodAPI.apiToken',
      'not supported: it would be written into the agent-smith ConfigMap (no secret material in the output)',
    );
  }
  const base = custom
    ? { ...custom, gitpodAPI: { hostURL: custom.gitpodAPI?.hostURL ?? '', apiToken: '' }, namespace: ctx.namespace }
    : {
        gitpodAPI: { hostURL: `https://${ctx.domain}`, apiToken: '' },
        enforcement: {},
        kubernetes: { enabled: true },
        namespace: ctx.namespace,
      };
  return { ...base, pprofAddr: '127.0.0.1:6060', prometheusAddr: '127.0.0.1:9500' };
}
