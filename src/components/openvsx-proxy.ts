import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { configChecksum, q } from '../common/workload';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentNetworkPolicy, fromMonitoring, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { configcatEnv, defaultEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { ComponentProps } from '../common/props';

const PORT = 8080;
const METRICS_PORT = 9500;
/** The Redis image of openvsx-proxy's cache. */
export const OPENVSX_REDIS_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.openvsxRedis;

/** Props of `OpenVsxProxy`. */
export interface OpenVsxProxyProps extends ComponentProps {
  /**
   * Keep the redis cache in an emptyDir instead of the `redis-data` volume claim template.
   * @default `openVSX.proxy.disablePVC`, else false
   */
  readonly disablePVC?: boolean;
  /**
   * Annotations of the `openvsx-proxy` Service.
   * @default `experimental.ide.openvsxProxy.serviceAnnotations`
   */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * The Open VSX registry the proxy caches.
   * @default `openVSX.url`
   */
  readonly upstreamUrl?: string;
}

/**
 * A caching proxy in front of the Open VSX registry (`openVSX.url`), served at
 * `https://open-vsx.<domain>`, with a redis sidecar as its cache (on an 8Gi volume per pod
 * unless `openVSX.proxy.disablePVC`).
 */
export class OpenVsxProxy extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'openvsx-proxy';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's StatefulSet; patch it for what the props do not cover. */
  public readonly statefulSet: k8s.KubeStatefulSet;
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

  constructor(scope: Construct, id: string, props: OpenVsxProxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = OpenVsxProxy.COMPONENT;
    const disablePVC = props.disablePVC ?? ctx.config.openVSX.proxy?.disablePVC ?? false;

    const data = openVsxProxyConfigData(ctx, props.upstreamUrl ?? ctx.config.openVSX.url);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, `${component}-config`),
      data,
    });

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [{ ports: tcpPorts(PORT) }, fromMonitoring(PORT)]);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    this.service = componentService(
      this,
      ctx,
      component,
      [
        { name: 'http', port: PORT },
        { name: 'metrics', port: METRICS_PORT },
      ],
      { annotations: props.serviceAnnotations ?? ctx.config.experimental?.ide?.openvsxProxy?.serviceAnnotations },
    );
    this.serviceAccount = componentServiceAccount(this, ctx, component);

    const volumes: k8s.Volume[] = [{ name: 'config', configMap: { name: this.configMap.name } }];
    if (disablePVC) volumes.push({ name: 'redis-data', emptyDir: {} });
    // Kept exactly as upstream: a StatefulSet's claim templates cannot change after creation, and
    // the claim `redis-data-openvsx-proxy-0` of an existing installation is adopted as is.
    const volumeClaimTemplates: k8s.KubePersistentVolumeClaimProps[] = disablePVC
      ? []
      : [
          {
            metadata: { name: 'redis-data', labels: ctx.labels(component) },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: q('8Gi') } } },
          },
        ];

    this.statefulSet = new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata: ctx.metadata(component, component),
      spec: {
        replicas: ctx.replicas(component),
        selector: { matchLabels: ctx.labels(component) },
        serviceName: component,
        updateStrategy: {},
        template: {
          metadata: {
            name: component,
            namespace: ctx.namespace,
            labels: ctx.labels(component),
            annotations: { 'gitpod.io/checksum_config': configChecksum(data) },
          },
          spec: {
            ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.IDE)),
            volumes,
            containers: [
              componentContainer(ctx, component, {
                name: component,
                image: ctx.gitpodImage('openvsx-proxy', ctx.versions.components.openVSXProxy.version),
                args: ['/config/config.json'],
                readinessProbe: { httpGet: { path: '/openvsx-proxy-status', port: k8s.IntOrString.fromNumber(PORT) } },
                resources: { requests: { cpu: '1m', memory: '150Mi' } },
                ports: [
                  { name: 'http', containerPort: PORT },
                  { name: 'metrics', containerPort: METRICS_PORT },
                ],
                volumeMounts: [{ name: 'config', mountPath: '/config' }],
                env: [...defaultEnv(ctx), ...configcatEnv(ctx)],
                // Caches in redis; the Go binary writes no file.
                securityContext: hardened({}, { readOnlyRootFilesystem: true }),
              }),
              {
                name: 'redis',
                image: ctx.thirdPartyImage(OPENVSX_REDIS_IMAGE),
                command: ['redis-server', '/config/redis.conf'],
                // Root (the command skips the image's gosu entrypoint), writing only /data.
                securityContext: hardened(),
                env: [{ name: 'MASTER', value: 'true' }],
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: 6379 }],
                resources: ctx.resources(component, 'redis', { requests: { cpu: '1m', memory: '150Mi' } }),
                volumeMounts: [
                  { name: 'config', mountPath: '/config' },
                  { name: 'redis-data', mountPath: '/data' },
                ],
              },
              kubeRbacProxyContainer(ctx),
            ],
          },
        },
        ...(volumeClaimTemplates.length > 0 ? { volumeClaimTemplates } : {}),
      },
    });
  }
}

/** The `openvsx-proxy-config` data: the proxy's `config.json` and redis' `redis.conf`. */
export function openVsxProxyConfigData(ctx: InstallationContext, upstream: string = ctx.config.openVSX.url): Record<string, string> {
  const config = {
    log_debug: false,
    cache_duration_regular: '5m0s',
    cache_duration_backup: '72h0m0s',
    url_upstream: upstream,
    url_local: `https://open-vsx.${ctx.domain}`,
    max_idle_conns: 1000,
    max_idle_conns_per_host: 1000,
    redis_addr: 'localhost:6379',
    prometheusAddr: `127.0.0.1:${METRICS_PORT}`,
    allow_cache_domain: [upstreamHost(upstream)],
  };
  return {
    'config.json': JSON.stringify(config, null, 2),
    // Byte for byte as upstream writes it (the checksum and the file are the same then).
    'redis.conf': '\nmaxmemory 100mb\nmaxmemory-policy allkeys-lfu\n\t',
  };
}

/** The host (with a port, if written) of an absolute URL, as Go's `url.URL.Host`. */
export function upstreamHost(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!m) return '';
  const authority = m[1];
  return authority.slice(authority.lastIndexOf('@') + 1);
}
