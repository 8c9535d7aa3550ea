import { Construct } from 'constructs';
import { databaseOf } from '../dependencies/defaults';
import { databaseWaiterContainer, kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { configcatEnv, defaultEnv } from '../common/env';
import { componentContainer, httpProbe, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, fromProxy } from '../common/network-policy';
import { ComponentProps, DatabaseClientProps } from '../common/props';

/** Where the Stripe webhook signing secret is mounted when `experimental.webapp.publicApi.stripeSecretName` is set. */
export const STRIPE_WEBHOOK_SECRET_PATH = '/secrets/stripe-webhook-secret';

/** Props of `PublicApiServer`. */
export interface PublicApiServerProps extends ComponentProps, DatabaseClientProps {
  /**
   * The Secret with the Stripe webhook signing secret; none leaves Stripe webhooks off.
   * @default `experimental.webapp.publicApi.stripeSecretName`
   */
  readonly stripeSecretName?: string;
}

/** The public API (gRPC on :9001, HTTP on :9002 for the Stripe webhook). */
export class PublicApiServer extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'public-api-server';

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

  constructor(scope: Construct, id: string, props: PublicApiServerProps) {
    super(scope, id);
    const ctx = props.context;
    const database = databaseOf(this, props);
    const component = PublicApiServer.COMPONENT;
    const stripeSecretName = props.stripeSecretName ?? ctx.config.experimental?.webapp?.publicApi?.stripeSecretName;

    const configJson = JSON.stringify(
      {
        gitpodServiceUrl: `wss://${ctx.domain}`,
        billingServiceAddress: `${ctx.serviceHost('usage')}:9001`,
        stripeWebhookSigningSecretPath: stripeSecretName ? STRIPE_WEBHOOK_SECRET_PATH : '',
        server: { services: { grpc: { address: '0.0.0.0:9001' }, http: { address: '0.0.0.0:9002' } } },
      },
      null,
      2,
    );
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, `${component}-rb-kube-rbac-proxy`);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromProxy(9001, 9002)]);
    this.service = componentService(this, ctx, component, [
      { name: 'grpc', port: 9001 },
      { name: 'http', port: 9002 },
    ]);

    const volumes: k8s.Volume[] = [{ name: 'config', configMap: { name: this.configMap.name } }];
    const mounts: k8s.VolumeMount[] = [{ name: 'config', mountPath: '/config.json', subPath: 'config.json', readOnly: true }];
    if (stripeSecretName) {
      volumes.push({ name: 'stripe-secret', secret: { secretName: stripeSecretName } });
      mounts.push({ name: 'stripe-secret', mountPath: STRIPE_WEBHOOK_SECRET_PATH, subPath: 'stripe-webhook-secret', readOnly: true });
    }
    const probe = (path: string) => httpProbe(path, 9501);

    this.deployment = componentDeployment(this, ctx, component, {
      // Upstream puts the checksum on the Deployment, not on the pod template.
      annotations: { 'gitpod.io/checksum_config': configChecksum(configJson) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        initContainers: [databaseWaiterContainer(ctx, database)],
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components['public-api-server'].version),
            args: ['run', '--config=/config.json', '--json-log=true'],
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            ports: [{ name: 'grpc', containerPort: 9001 }],
            securityContext: hardened({ privileged: false }, { readOnlyRootFilesystem: true }),
            env: [...defaultEnv(ctx), ...configcatEnv(ctx), ...database.clientEnv()],
            livenessProbe: probe('/live'),
            readinessProbe: probe('/ready'),
            volumeMounts: mounts,
          }),
          kubeRbacProxyContainer(ctx),
        ],
        volumes,
      },
    });
  }
}
