import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';

export interface ServicePortSpec {
  readonly name: string;
  readonly port: number;
  /** @default port */
  readonly targetPort?: number;
  /** @default TCP */
  readonly protocol?: string;
}

export interface ComponentServiceOptions {
  /** @default the component name */
  readonly name?: string;
  /** @default ClusterIP */
  readonly type?: string;
  readonly annotations?: Record<string, string>;
  readonly loadBalancerIP?: string;
  /** Selector labels. @default app + component */
  readonly selector?: Record<string, string>;
  readonly id?: string;
}

/**
 * A Service for a component (upstream `GenerateService`): labels app/component/kind=service,
 * selector app + component.
 */
export function componentService(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  ports: readonly ServicePortSpec[],
  opts: ComponentServiceOptions = {},
): k8s.KubeService {
  return new k8s.KubeService(scope, opts.id ?? 'service', {
    metadata: {
      ...ctx.metadata(component, opts.name ?? component, { labels: { kind: 'service' }, annotations: opts.annotations }),
    },
    spec: {
      type: opts.type ?? 'ClusterIP',
      selector: opts.selector ?? ctx.labels(component),
      ports: ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
      })),
      ...(opts.loadBalancerIP !== undefined ? { loadBalancerIp: opts.loadBalancerIP } : {}),
    },
  });
}
