import { Construct } from 'constructs';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService, ServicePortSpec } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { InstallationContext } from '../context';
import { publicDnsNames } from '../dependencies/certificates';
import { REGISTRY_AUTH_SECRET, REGISTRY_CERTS_SECRET } from '../dependencies/registry';
import { REGISTRY_AUTH_KEYS } from '../dependencies/registry-auth';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { monitoringPeer } from '../common/network-policy';
import { THIRD_PARTY_IMAGES } from '../images';

/** The NEG annotation GKE needs to route a LoadBalancer to the pods directly (HTTP and HTTPS only). */
export const GCP_NEG_ANNOTATION = {
  /** Exposes ports 80 and 443 through network endpoint groups. */
  'cloud.google.com/neg': '{"exposed_ports": {"80":{},"443": {}}}',
};

export { REGISTRY_AUTH_KEYS } from '../dependencies/registry-auth';

/** Props of `Proxy`. */
export interface ProxyProps {
  /** The installation the component belongs to: its config, names, labels, images and namespace. */
  readonly context: InstallationContext;
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
}

/**
 * The entry point of Gitpod: Caddy terminating TLS for `<domain>`, `*.<domain>` and
 * `*.ws.<domain>`, behind the `proxy` Service (LoadBalancer by default).
 *
 * The main Caddyfile is baked into the image; this construct renders the virtual hosts for the
 * services that live beside it (IDE, Open VSX, MinIO console, the in-cluster registry).
 */
export class Proxy extends Construct {
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

  constructor(scope: Construct, id: string, props: ProxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = Proxy.COMPONENT;
    const config = ctx.config;

    const vhosts = proxyVirtualHosts(ctx);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, 'proxy-config'),
      data: vhosts,
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: ctx.metadata(component, 'proxy-deny-all-allow-explicit'),
      spec: {
        podSelector: { matchLabels: ctx.labels(component) },
        policyTypes: ['Ingress'],
        ingress: [
          { ports: [80, 443, 22].map((port) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' })) },
          {
            // Prometheus (the monitoring chart) scrapes the metrics port.
            from: [monitoringPeer()],
            ports: [{ port: k8s.IntOrString.fromNumber(9500), protocol: 'TCP' }],
          },
        ],
      },
    });

    const serviceType = props.serviceType ?? config.components?.proxy?.service?.serviceType ?? 'LoadBalancer';
    const loadBalancer = serviceType === 'LoadBalancer';
    const ports: ServicePortSpec[] = [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
      { name: 'metrics', port: 9500 },
    ];
    if (config.sshGatewayHostKey) ports.push({ name: 'ssh', port: 22 });
    const staticIP = config.experimental?.webapp?.proxy?.staticIP;
    this.service = componentService(this, ctx, component, ports, {
      type: serviceType,
      annotations: withoutNulls({
        ...(loadBalancer
          ? {
              'external-dns.alpha.kubernetes.io/hostname': publicDnsNames(ctx).join(','),
              ...(props.negAnnotation === false ? {} : GCP_NEG_ANNOTATION),
            }
          : {}),
        ...(props.serviceAnnotations ?? config.experimental?.webapp?.proxy?.serviceAnnotations),
      }),
      loadBalancerIP: loadBalancer && staticIP ? staticIP : undefined,
    });

    const volumes: k8s.Volume[] = [
      { name: 'vhosts', configMap: { name: this.configMap.name } },
      { name: 'config-certificates', secret: { secretName: config.certificate.name } },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'vhosts', mountPath: '/etc/caddy/vhosts' },
      { name: 'config-certificates', mountPath: '/etc/caddy/certificates' },
    ];
    const registryEnv: k8s.EnvVar[] = [];
    if (ctx.inClusterRegistry) {
      volumes.push(
        { name: REGISTRY_AUTH_SECRET.name, secret: { secretName: REGISTRY_AUTH_SECRET.name } },
        { name: REGISTRY_CERTS_SECRET, secret: { secretName: REGISTRY_CERTS_SECRET } },
      );
      mounts.push(
        { name: REGISTRY_AUTH_SECRET.name, mountPath: '/etc/caddy/registry-auth' },
        { name: REGISTRY_CERTS_SECRET, mountPath: '/etc/caddy/registry-certs' },
      );
      // The registry's basic-auth credentials reach Caddy as env (`{$VAR}` in the vhost), so the
      // ConfigMap holds no secret material.
      registryEnv.push(
        { name: 'REGISTRY_AUTH_USER', valueFrom: { secretKeyRef: { name: REGISTRY_AUTH_SECRET.name, key: REGISTRY_AUTH_KEYS.user } } },
        {
          name: 'REGISTRY_AUTH_PASSWORD_HASH',
          valueFrom: { secretKeyRef: { name: REGISTRY_AUTH_SECRET.name, key: REGISTRY_AUTH_KEYS.passwordHash } },
        },
      );
    }

    const configcat = config.experimental?.webapp?.proxy?.configcat;
    const configcatEnv: k8s.EnvVar[] = config.experimental?.webapp?.configcatKey
      ? [
          ...ctx.configcatEnv(),
          ...(configcat?.baseUrl ? [{ name: 'CONFIGCAT_BASE_URL', value: configcat.baseUrl }] : []),
          ...(configcat?.pollInterval ? [{ name: 'CONFIGCAT_POLL_INTERVAL', value: configcat.pollInterval }] : []),
        ]
      : [];

    const affinity = ctx.metaAffinityWithSpread(component);

    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(vhosts) },
      podSpec: {
        affinity,
        priorityClassName: 'system-node-critical',
        serviceAccountName: this.serviceAccount.name,
        enableServiceLinks: false,
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
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
          {
            name: component,
            image: ctx.gitpodImage('proxy', ctx.versions.components.proxy.version),
            imagePullPolicy: 'IfNotPresent',
            env: ctx.withCustomEnv(component, [
              ...ctx.defaultEnv(),
              ...configcatEnv,
              { name: 'PROXY_DOMAIN', value: ctx.domain },
              ...registryEnv,
            ]),
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
            resources: ctx.resources(component, component, { requests: { cpu: '100m', memory: '200Mi' } }),
            // Caddy as root on :80, :443 and :22; it autosaves its config and TLS state under its
            // XDG folders (so the root fs stays writable).
            securityContext: hardened({ privileged: false }, { addCapabilities: ['NET_BIND_SERVICE'] }),
            volumeMounts: mounts,
          },
        ],
        volumes,
      },
    });
  }
}

/** The Caddy virtual hosts of the `proxy-config` ConfigMap, keyed `vhost.<name>`. */
export function proxyVirtualHosts(ctx: InstallationContext): Record<string, string> {
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
  // Upstream routes minio.<domain> unless GCS is used, MinIO or not; a fleet's application cluster
  // routes it only to a MinIO it runs (src/validation/addresses.ts).
  if (!ctx.config.objectStorage.cloudStorage && !(ctx.fleet && !ctx.minioRendered)) {
    vhosts['vhost.minio'] = caddyBlock(`https://minio.${d}`, 'enable_log', [
      `reverse_proxy ${ctx.serviceHost('minio')}:9001 {`,
      '    flush_interval -1',
      '}',
    ]);
  }
  if (ctx.inClusterRegistry) {
    vhosts['vhost.docker-registry'] = caddyBlock(`https://registry.${d}`, 'enable_log', [
      'basicauth bcrypt "Docker Registry" {',
      '    {$REGISTRY_AUTH_USER} {$REGISTRY_AUTH_PASSWORD_HASH}',
      '}',
      '',
      `reverse_proxy https://${ctx.serviceHost('registry')} {`,
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
