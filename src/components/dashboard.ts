import { Construct } from 'constructs';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { defaultEnv } from '../common/env';
import { componentContainer, httpProbe, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, fromProxy } from '../common/network-policy';
import { ComponentProps } from '../common/props';

/** Props of `Dashboard`. */
export interface DashboardProps extends ComponentProps {}

/** The dashboard: the static web UI (nginx on :80), served to the proxy as `dashboard:3001`. */
export class Dashboard extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'dashboard';

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

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const ctx = props.context;
    const component = Dashboard.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromProxy(80)], 'dashboard-deny-all-allow-explicit');
    this.service = componentService(this, ctx, component, [{ name: 'http', port: 3001, targetPort: 80 }]);

    this.deployment = componentDeployment(this, ctx, component, {
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.dashboard.version),
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
