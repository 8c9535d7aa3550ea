import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService, ServicePortSpec } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { InstallationContext } from '../context';
import { publicDnsNames } from '../dependencies/certificates';
import { ProxiedRegistry } from '../dependencies/container-registry';
import { configuredContainerRegistry, configuredObjectStorage } from '../dependencies/defaults';
import { IObjectStorage } from '../dependencies/object-storage';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentNetworkPolicy, fromMonitoring, tcpPorts } from '../common/network-policy';
import { THIRD_PARTY_IMAGES } from '../images';
import { configcatEnv, defaultEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { ComponentProps, ContainerRegistryClientProps, ObjectStorageClientProps } from '../common/props';

/** The NEG annotation GKE needs to route a LoadBalancer to the pods directly (HTTP and HTTPS only). */
export const GCP_NEG_ANNOTATION = {
  /** Exposes ports 80 and 443 through network endpoint groups. */
  'cloud.google.com/neg': '{"exposed_ports": {"80":{},"443": {}}}',
};

export { REGISTRY_AUTH_KEYS } from '../dependencies/registry';

/** Props of `GitpodProxy`. */
export interface GitpodProxyProps extends ComponentProps, ObjectStorageClientProps, ContainerRegistryClientProps {
  /**
   * Type of the `proxy` Service.
   * @default `components.proxy.service.serviceType`, else LoadBalancer
   */
  readonly serviceType?: string;
  /**
   * Annotations of the `proxy` Service, merged over the built-in ones; a `null` value removes that
   * built-in annotation (e.g. `{ 'cloud.google.com/neg': null }` outside GCP).
   * @default `experimental.webapp.proxy.serviceAnnotations`
   */
  readonly serviceAnnotations?: Record<string, string | null>;
  /**
   * The GCP network endpoint group annotation (`cloud.google.com/neg`) on a LoadBalancer Service,
   * as upstream renders it everywhere; it is inert outside GKE.
   * @default true
   */
  readonly negAnnotation?: boolean;
  /**
   * The Secret with the public TLS certificate for `<domain>`, `*.<domain>` and the workspace host.
   * @default `certificate.name`
   */
  readonly certificateSecretName?: string;
  /**
   * Expose port 22 for the SSH gateway (ws-proxy serves it).
   * @default true when `sshGatewayHostKey` is set
   */
  readonly sshGateway?: boolean;
  /**
   * `loadBalancerIP` of a LoadBalancer Service.
   * @default `experimental.webapp.proxy.staticIP`
   */
  readonly staticIP?: string;
  /**
   * ConfigCat settings of the proxy (base URL, poll interval), used with a ConfigCat key.
   * @default `experimental.webapp.proxy.configcat`
   */
  readonly configcat?: {
    /** Base URL of the ConfigCat API the proxy forwards to. */
    readonly baseUrl?: string;
    /** How often the proxy polls ConfigCat. */
    readonly pollInterval?: string;
  };
}

/**
 * The entry point of Gitpod: Caddy terminating TLS for `<domain>`, `*.<domain>` and
 * `*.ws.<domain>`, behind the `proxy` Service (LoadBalancer by default).
 *
 * The main Caddyfile is baked into the image; this construct renders the virtual hosts for the
 * services that live beside it (IDE, Open VSX, MinIO console, the in-cluster registry): the
 * MinIO console (`minio.<domain>`) of its `objectStorage` and its `containerRegistry` at
 * `registry.<domain>` when that one is proxied.
 */
export class GitpodProxy extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'proxy';

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

  constructor(scope: Construct, id: string, props: GitpodProxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = GitpodProxy.COMPONENT;
    const config = ctx.config;
    const serviceType = props.serviceType ?? config.components?.proxy?.service?.serviceType ?? 'LoadBalancer';
    const serviceAnnotations = props.serviceAnnotations ?? config.experimental?.webapp?.proxy?.serviceAnnotations;
    const certificateSecretName = props.certificateSecretName ?? config.certificate.name;
    const sshGateway = props.sshGateway ?? config.sshGatewayHostKey !== undefined;
    const staticIP = props.staticIP ?? config.experimental?.webapp?.proxy?.staticIP;
    const configcat = props.configcat ?? config.experimental?.webapp?.proxy?.configcat;

    const objectStorage = props.objectStorage ?? configuredObjectStorage(ctx);
    const proxied = (props.containerRegistry ?? configuredContainerRegistry(ctx)).proxied;
    const vhosts = proxyVirtualHosts(ctx, objectStorage, proxied);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, 'proxy-config'),
      data: vhosts,
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);

    this.networkPolicy = componentNetworkPolicy(
      this,
      ctx,
      component,
      [{ ports: tcpPorts(80, 443, 22) }, fromMonitoring()],
      'proxy-deny-all-allow-explicit',
    );

    const loadBalancer = serviceType === 'LoadBalancer';
    const ports: ServicePortSpec[] = [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
      { name: 'metrics', port: 9500 },
    ];
    if (sshGateway) ports.push({ name: 'ssh', port: 22 });
    this.service = componentService(this, ctx, component, ports, {
      type: serviceType,
      annotations: withoutNulls({
        ...(loadBalancer
          ? {
              'external-dns.alpha.kubernetes.io/hostname': publicDnsNames(ctx).join(','),
              ...(props.negAnnotation === false ? {} : GCP_NEG_ANNOTATION),
            }
          : {}),
        ...serviceAnnotations,
      }),
      loadBalancerIP: loadBalancer && staticIP ? staticIP : undefined,
    });

    const volumes: k8s.Volume[] = [
      { name: 'vhosts', configMap: { name: this.configMap.name } },
      { name: 'config-certificates', secret: { secretName: certificateSecretName } },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'vhosts', mountPath: '/etc/caddy/vhosts' },
      { name: 'config-certificates', mountPath: '/etc/caddy/certificates' },
    ];
    const registryEnv: k8s.EnvVar[] = [];
    if (proxied) {
      volumes.push(
        { name: proxied.authSecret, secret: { secretName: proxied.authSecret } },
        { name: proxied.tlsSecret, secret: { secretName: proxied.tlsSecret } },
      );
      mounts.push(
        { name: proxied.authSecret, mountPath: '/etc/caddy/registry-auth' },
        { name: proxied.tlsSecret, mountPath: '/etc/caddy/registry-certs' },
      );
      // The registry's basic-auth credentials reach Caddy as env (`{$VAR}` in the vhost), so the
      // ConfigMap holds no secret material.
      registryEnv.push(
        { name: 'REGISTRY_AUTH_USER', valueFrom: { secretKeyRef: { name: proxied.authSecret, key: proxied.userKey } } },
        {
          name: 'REGISTRY_AUTH_PASSWORD_HASH',
          valueFrom: { secretKeyRef: { name: proxied.authSecret, key: proxied.passwordHashKey } },
        },
      );
    }

    // The base URL and poll interval only go with a ConfigCat key.
    const configcatKeyEnv = configcatEnv(ctx);
    const configcatProxyEnv: k8s.EnvVar[] = configcatKeyEnv.length === 0 ? [] : [
      ...configcatKeyEnv,
      ...(configcat?.baseUrl ? [{ name: 'CONFIGCAT_BASE_URL', value: configcat.baseUrl }] : []),
      ...(configcat?.pollInterval ? [{ name: 'CONFIGCAT_POLL_INTERVAL', value: configcat.pollInterval }] : []),
    ];

    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(vhosts) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.metaAffinityWithSpread(component)),
        priorityClassName: 'system-node-critical',
        securityContext: { runAsNonRoot: false },
        initContainers: [
          {
            // Caddy needs a deep accept queue and a wide port range under load. Privileged, as
            // upstream: net.core.somaxconn is not a "safe" sysctl, so pod-level `sysctls` would
            // need kubelet's --allowed-unsafe-sysctls on every node (docs/security.md).
            name: 'sysctl',
            image: ctx.thirdPartyImage(THIRD_PARTY_IMAGES.alpine),
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', "sysctl -w net.core.somaxconn=32768; sysctl -w net.ipv4.ip_local_port_range='1024 65000'"],
            securityContext: { privileged: true },
          },
        ],
        containers: [
          kubeRbacProxyContainer(ctx, {
            upstreamPort: 9545,
            proxyEnv: false,
            terminationMessagePolicy: false,
            resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
          }),
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage('proxy', ctx.versions.components.proxy.version),
            env: [
              ...defaultEnv(ctx),
              ...configcatProxyEnv,
              { name: 'PROXY_DOMAIN', value: ctx.domain },
              ...registryEnv,
            ],
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'https', containerPort: 443 },
              { name: 'ssh', containerPort: 22, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9500 },
            ],
            readinessProbe: {
              httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(8003) },
              initialDelaySeconds: 5,
              periodSeconds: 5,
              timeoutSeconds: 1,
              successThreshold: 1,
              failureThreshold: 3,
            },
            resources: { requests: { cpu: '100m', memory: '200Mi' } },
            // Caddy as root on :80, :443 and :22; it autosaves its config and TLS state under its
            // XDG folders (so the root fs stays writable).
            securityContext: hardened({ privileged: false }, { addCapabilities: ['NET_BIND_SERVICE'] }),
            volumeMounts: mounts,
          }),
        ],
        volumes,
      },
    });
  }
}

/** The Caddy virtual hosts of the `proxy-config` ConfigMap, keyed `vhost.<name>`. */
export function proxyVirtualHosts(
  ctx: InstallationContext,
  objectStorage: IObjectStorage = configuredObjectStorage(ctx),
  proxied: ProxiedRegistry | undefined = configuredContainerRegistry(ctx).proxied,
): Record<string, string> {
  const d = ctx.domain;
  const vhosts: Record<string, string> = {
    'vhost.empty': '# Placeholder to avoid errors loading files using a glob pattern',
    'vhost.open-vsx': caddyBlock(`https://open-vsx.${d}`, 'enable_log_debug', [
      'reverse_proxy  {',
      `    to ${ctx.serviceHost('openvsx-proxy')}:8080`,
      '}',
    ]),
    'vhost.ide-proxy':
      caddyBlock(`https://ide.${d}`, 'enable_log_debug', ['reverse_proxy  {', `    to h2c://${ctx.serviceHost('ide-proxy')}:80`, '}']) + '\n',
    'vhost.payment-endpoint':
      caddyBlock(
        `https://payment.${d}`,
        'enable_log',
        [
          `reverse_proxy ${ctx.serviceHost('payment-endpoint')}:3002 {`,
          '    import upstream_headers',
          '    import upstream_connection',
          '}',
          '',
          '@backend path /stripe/invoices/webhook',
          'handle @backend {',
          '    reverse_proxy public-api-server.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:9002 {',
          '        import upstream_headers',
          '        import upstream_connection',
          '    }',
          '}',
          '',
          'handle_errors {',
          '    respond "Internal Server Error" 500',
          '}',
        ],
        ['import debug_headers'],
      ) + '\n',
  };
  // Upstream routes minio.<domain> unless GCS is used, MinIO or not (see `routesMinioConsole`).
  if (objectStorage.routesMinioConsole) {
    vhosts['vhost.minio'] = caddyBlock(`https://minio.${d}`, 'enable_log', [
      `reverse_proxy ${ctx.serviceHost('minio')}:9001 {`,
      '    flush_interval -1',
      '}',
    ]);
  }
  if (proxied) {
    vhosts['vhost.docker-registry'] = caddyBlock(`https://registry.${d}`, 'enable_log', [
      'basicauth bcrypt "Docker Registry" {',
      '    {$REGISTRY_AUTH_USER} {$REGISTRY_AUTH_PASSWORD_HASH}',
      '}',
      '',
      `reverse_proxy https://${ctx.serviceHost(proxied.service)} {`,
      '    flush_interval -1',
      '    transport http {',
      '        tls_trusted_ca_certs /etc/caddy/registry-certs/ca.crt',
      '    }',
      '}',
    ]);
  }
  return vhosts;
}

function caddyBlock(site: string, log: string, body: string[], extraImports: string[] = []): string {
  const head = [`import ${log}`, 'import remove_server_header', 'import ssl_configuration', ...extraImports];
  const lines = [`${site} {`, ...head.map((l) => `    ${l}`), '', ...body.map((l) => (l ? `    ${l}` : '')), '}'];
  return lines.join('\n');
}

/** The annotations without the keys set to `null` (removed). */
function withoutNulls(annotations: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).filter((e): e is [string, string] => e[1] !== null));
}
