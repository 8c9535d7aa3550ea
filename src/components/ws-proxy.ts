import { Construct } from 'constructs';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, PodSecurityRole, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { ExperimentalWorkspace } from '../config/types';
import { InstallationContext, WorkloadLabel } from '../context';
import { workspaceClusterHostNames, wsProxyEntryPorts } from '../fleet/exposure';
import { k8s } from '../k8s';
import { GCP_NEG_ANNOTATION } from './proxy';
import { WS_MANAGER_RPC_PORT } from './ws-manager';
import { hardened } from '../common/security';
import { analyticsEnv, defaultEnv, tracingEnv } from '../common/env';
import { componentNetworkPolicy, tcpPorts } from '../common/network-policy';
import { componentContainer } from '../common/pod-spec';
import { ComponentProps } from '../common/props';

const HTTP_PORT = 8080;
const HTTPS_PORT = 9090;
const SSH_TARGET_PORT = 2200;
const READINESS_PORT = 8086;

/** Props of `WsProxy`. */
export interface WsProxyProps extends ComponentProps {
  /**
   * The Secret with the TLS certificate ws-proxy serves for the workspace hosts; none mounts no certificate.
   * @default `certificate.name`
   */
  readonly certificateSecretName?: string;
  /**
   * The Secret with the SSH gateway's host key; none turns the SSH gateway off.
   * @default `sshGatewayHostKey.name`
   */
  readonly sshGatewayHostKeySecretName?: string;
  /**
   * Host names and headers that replace the built-in ones in `config.json`.
   * @default `experimental.workspace.wsProxy`
   */
  readonly settings?: ExperimentalWorkspace['wsProxy'];
}

/**
 * ws-proxy: routes workspace and port URLs to the workspace pods, and SSH on port 22
 * (upstream `components/ws-proxy`). In a Workspace-only cluster it is the entry point, so its
 * Service is a LoadBalancer (with upstream's GCP NEG annotation).
 */
export class WsProxy extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ws-proxy';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's Role; patch it for what the props do not cover. */
  public readonly role: k8s.KubeRole;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The RoleBinding (api role binding); patch it for what the props do not cover. */
  public readonly apiRoleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: WsProxyProps) {
    super(scope, id);
    const ctx = props.context;
    const component = WsProxy.COMPONENT;
    const config = ctx.config;
    const certificateSecretName = props.certificateSecretName ?? config.certificate.name;
    const hostKeySecretName = props.sshGatewayHostKeySecretName ?? config.sshGatewayHostKey?.name;
    const settings = props.settings ?? config.experimental?.workspace?.wsProxy;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: ctx.metadata(component, component),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    });
    this.roleBinding = podSecurityRoleBinding(this, ctx, component, { role: PodSecurityRole.UNPRIVILEGED });
    this.apiRoleBinding = new k8s.KubeRoleBinding(this, 'api-role-binding', {
      metadata: ctx.metadata(component, 'ws-proxy-api'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: component },
      subjects: [{ kind: 'ServiceAccount', name: component }],
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [{ ports: tcpPorts(HTTP_PORT, HTTPS_PORT, SSH_TARGET_PORT) }]);

    const configJson = JSON.stringify(wsProxyConfig(ctx, settings), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    const entryPoint = ctx.kind === 'Workspace';
    this.service = componentService(
      this,
      ctx,
      component,
      [
        { name: 'http-proxy', port: HTTP_PORT },
        { name: 'https-proxy', port: HTTPS_PORT },
        { name: 'metrics', port: 9500 },
        { name: 'ssh', port: 22, targetPort: SSH_TARGET_PORT },
        // A Workspace cluster of a split fleet has no proxy in front: ws-proxy answers 443/80 itself.
        ...wsProxyEntryPorts(ctx, HTTP_PORT, HTTPS_PORT),
      ],
      entryPoint
        ? {
            type: 'LoadBalancer',
            annotations: {
              ...(ctx.remoteWorkspaceCluster ? { 'external-dns.alpha.kubernetes.io/hostname': workspaceClusterHostNames(ctx).join(',') } : {}),
              ...GCP_NEG_ANNOTATION,
            },
          }
        : {},
    );

    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: this.configMap.name } },
      { name: 'ws-manager-client-tls-certs', secret: { secretName: 'ws-manager-client-tls' } },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'ws-manager-client-tls-certs', mountPath: '/ws-manager-client-tls-certs', readOnly: true },
    ];
    if (certificateSecretName) {
      volumes.push({ name: 'config-certificates', secret: { secretName: certificateSecretName } });
      mounts.push({ name: 'config-certificates', mountPath: '/mnt/certificates' });
    }
    if (hostKeySecretName) {
      volumes.push({ name: 'host-key', secret: { secretName: hostKeySecretName } });
      mounts.push({ name: 'host-key', mountPath: '/mnt/host-key' });
    }
    const ca = customCACert(ctx);

    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson) },
      podSpec: {
        affinity: ctx.nodeAffinity(WorkloadLabel.WORKSPACE_SERVICES),
        priorityClassName: 'system-node-critical',
        topologySpreadConstraints: [
          {
            labelSelector: { matchLabels: ctx.labels(component) },
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ],
        serviceAccountName: component,
        enableServiceLinks: false,
        securityContext: { runAsUser: 31002 },
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.wsProxy.version),
            args: ['run', '/config/config.json'],
            // Upstream does not declare the SSH port 2200 on the container.
            ports: [
              { name: 'http-proxy', containerPort: HTTP_PORT },
              { name: 'https-proxy', containerPort: HTTPS_PORT },
              { name: 'metrics', containerPort: 9500 },
            ],
            env: [
              ...defaultEnv(ctx),
              ...tracingEnv(ctx, component, 'workspace'),
              ...analyticsEnv(ctx),
              ...ca.env,
            ],
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            // Runs as the pod's user 31002; writes no file.
            securityContext: hardened({ privileged: false, runAsNonRoot: true }, { readOnlyRootFilesystem: true }),
            readinessProbe: {
              httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(READINESS_PORT) },
              initialDelaySeconds: 2,
              periodSeconds: 5,
              failureThreshold: 10,
            },
            livenessProbe: {
              httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(READINESS_PORT) },
              initialDelaySeconds: 2,
              periodSeconds: 5,
              timeoutSeconds: 2,
              successThreshold: 1,
              failureThreshold: 10,
            },
            volumeMounts: [...mounts, ...ca.mounts],
          }),
          kubeRbacProxyContainer(ctx, {
            resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
          }),
        ],
        volumes: [...volumes, ...ca.volumes],
        ...(ca.initContainers.length > 0 ? { initContainers: ca.initContainers } : {}),
      },
    });
  }
}

/** ws-proxy's `config.json` (upstream `config.Config`), key for key; `o` (default `experimental.workspace.wsProxy`) overrides hosts and headers. */
export function wsProxyConfig(ctx: InstallationContext, o: ExperimentalWorkspace['wsProxy'] = ctx.config.experimental?.workspace?.wsProxy): Record<string, unknown> {
  const d = ctx.domain;
  const sfx = ctx.workspaceSubdomain.slice('ws'.length);
  return {
    ingress: {
      httpAddress: `0.0.0.0:${HTTP_PORT}`,
      httpsAddress: `0.0.0.0:${HTTPS_PORT}`,
      header: o?.ingressHeader || 'x-wsproxy-host',
    },
    proxy: {
      https: { key: '/mnt/certificates/tls.key', crt: '/mnt/certificates/tls.crt' },
      transportConfig: { connectTimeout: '10s', idleConnTimeout: '1m0s', maxIdleConns: 0, maxIdleConnsPerHost: 100 },
      blobServer: { scheme: 'https', host: o?.blobServeHost || `ide.${d}`, pathPrefix: '/blobserve' },
      gitpodInstallation: {
        scheme: 'https',
        hostName: o?.gitpodInstallationHostName || d,
        workspaceHostSuffix: o?.gitpodInstallationWorkspaceHostSuffix || `.ws${sfx}.${d}`,
        workspaceHostSuffixRegex: o?.gitpodInstallationWorkspaceHostSuffixRegex || `\\.ws[^\\.]*\\.${d}`,
      },
      workspacePodConfig: {
        theiaPort: 23000,
        supervisorPort: 22999,
        supervisorImage: ctx.gitpodImage('supervisor', ctx.versions.components.workspace.supervisor.version),
      },
      builtinPages: { location: '/app/public' },
    },
    pprofAddr: '127.0.0.1:6060',
    prometheusAddr: '127.0.0.1:9500',
    readinessProbeAddr: `:${READINESS_PORT}`,
    namespace: ctx.namespace,
    wsManager: {
      addr: `ws-manager:${WS_MANAGER_RPC_PORT}`,
      tls: {
        ca: '/ws-manager-client-tls-certs/ca.crt',
        crt: '/ws-manager-client-tls-certs/tls.crt',
        key: '/ws-manager-client-tls-certs/tls.key',
      },
    },
  };
}
