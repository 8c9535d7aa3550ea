import { Construct } from 'constructs';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentNetworkPolicy, componentPeers, tcpPorts } from '../common/network-policy';
import { defaultEnv } from '../common/env';
import { componentContainer, httpProbe, podDefaults } from '../common/pod-spec';
import { ComponentProps } from '../common/props';

/** Props of `IdeProxy`. */
export interface IdeProxyProps extends ComponentProps {
  /**
   * Annotations of the `ide-proxy` Service.
   * @default `experimental.ide.ideProxy.serviceAnnotations`
   */
  readonly serviceAnnotations?: Record<string, string>;
}

/**
 * Serves `https://ide.<domain>` (IDE logos, the VS Code marketplace file, blobserve routes) behind
 * the proxy's `ide` virtual host.
 */
export class IdeProxy extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ide-proxy';

  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** Not upstream's (it left ide-proxy open): only the proxy (vhost \`ide.<domain>\`) reaches :80. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: IdeProxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = IdeProxy.COMPONENT;

    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [{ from: componentPeers(ctx, ['proxy']), ports: tcpPorts(80) }]);
    this.service = componentService(this, ctx, component, [{ name: 'http', port: 80 }], {
      annotations: props.serviceAnnotations ?? ctx.config.experimental?.ide?.ideProxy?.serviceAnnotations,
    });
    this.serviceAccount = componentServiceAccount(this, ctx, component);

    this.deployment = componentDeployment(this, ctx, component, {
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage('ide-proxy', ctx.versions.components.ideProxy.version),
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            ports: [{ name: 'http', containerPort: 80 }],
            // Caddy as root on :80; it autosaves its config under /config (so the root fs stays writable).
            securityContext: hardened({ privileged: false }, { addCapabilities: ['NET_BIND_SERVICE'] }),
            env: defaultEnv(ctx),
            readinessProbe: httpProbe('/ready', 8080),
          }),
        ],
      },
    });
  }
}
