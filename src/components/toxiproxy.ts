import { Construct } from 'constructs';
import { configuredDatabase } from '../dependencies/defaults';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { defaultEnv } from '../common/env';
import { componentContainer } from '../common/pod-spec';
import { ComponentProps, DatabaseClientProps } from '../common/props';

/** The toxiproxy image (`experimental.webapp.slowDatabase`). */
export const TOXIPROXY_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.toxiproxy;

/** Props of `Toxiproxy`. */
export interface ToxiproxyProps extends ComponentProps, DatabaseClientProps {}

/**
 * toxiproxy: a TCP proxy in front of the `database` (MySQL) that adds latency (1 s ± 250 ms, set by the
 * `toxic-config` sidecar), used by `slow-server`. Rendered only with `experimental.webapp.slowDatabase`.
 */
export class Toxiproxy extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'toxiproxy';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: ToxiproxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = Toxiproxy.COMPONENT;

    // Upstream proxies the in-cluster database (`db`) or else the Cloud SQL proxy; a database whose
    // host only its Secret knows (external) gets upstream's `cloudsqlproxy` too.
    const upstream = (props.database ?? configuredDatabase(ctx)).endpoint ?? { host: 'cloudsqlproxy', port: 3306 };
    const configJson = JSON.stringify([{ name: 'mysql', listen: '[::]:3306', upstream: `${upstream.host}:${upstream.port}`, enabled: true }], null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'toxiproxy.json': configJson },
    });
    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.service = componentService(this, ctx, component, [
      { name: 'http', port: 8474 },
      { name: 'mysql', port: 3306 },
    ]);

    this.deployment = componentDeployment(this, ctx, component, {
      annotations: { 'gitpod.io/checksum_config': configChecksum(configJson) },
      podSpec: {
        affinity: ctx.nodeAffinity(WorkloadLabel.META),
        serviceAccountName: this.serviceAccount.name,
        containers: [
          componentContainer(ctx, component, {
            name: component,
            // Upstream keeps ghcr.io even with a mirror `repository` (only `dropImageRepo` moves it).
            image: ctx.fixedImage(TOXIPROXY_IMAGE.registry, TOXIPROXY_IMAGE.path, TOXIPROXY_IMAGE.tag),
            args: ['-config', '/config/toxiproxy.json'],
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
            ports: [{ name: 'http', containerPort: 8474 }],
            securityContext: hardened({ privileged: false }),
            env: defaultEnv(ctx),
            volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
          }),
          {
            name: 'toxic-config',
            image: ctx.gitpodImage('toxic-config', ctx.versions.components['toxic-config'].version),
            args: ['--proxy=mysql', '--latency=1000', '--jitter=250', '--wait=true'],
          },
          kubeRbacProxyContainer(ctx),
        ],
        volumes: [{ name: 'config', configMap: { name: this.configMap.name } }],
      },
    });
  }
}
