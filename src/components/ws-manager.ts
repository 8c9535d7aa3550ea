import { Construct } from 'constructs';
import { IObjectStorage } from '../dependencies/object-storage';
import { configuredObjectStorage, objectStorageOf } from '../dependencies/defaults';
import { Certificate } from '../../imports/cert-manager';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { goDuration } from '../common/duration';
import { componentServiceAccount, kubeRbacProxyBinding, PodSecurityRole, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { REGISTRY_FACADE_PORT } from '../common/workspace';
import { ExperimentalWorkspace, ResourceList, Workspace } from '../config/types';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { exposedWsManager, exposedWsManagerService } from '../fleet/exposure';
import { internalCertificate } from './cluster';
import { WORKSPACE_TEMPLATE_PATH, WORKSPACE_TEMPLATES_CONFIGMAP, workspaceTemplateFiles } from './workspace';
import { hardened } from '../common/security';
import { defaultEnv, tracingEnv } from '../common/env';
import { allowAllIngress, componentNetworkPolicy } from '../common/network-policy';
import { componentContainer } from '../common/pod-spec';
import { ComponentProps, ObjectStorageClientProps } from '../common/props';
import { sortKeys } from '../common/objects';

/** ws-manager's gRPC port. */
export const WS_MANAGER_RPC_PORT = 8080;
/** Where ws-daemon keeps workspace content on the node. */
export const HOST_WORKING_AREA = '/var/gitpod/workspaces';

/** Props of `WsManager`. */
export interface WsManagerProps extends ComponentProps, ObjectStorageClientProps {
  /**
   * Resources, volume claims and lifetimes of the default workspace class. Its pod templates are
   * not among them: they come from `workspace.templates`, which WorkspacePods renders.
   * @default `workspace`
   */
  readonly workspace?: Omit<Workspace, 'templates'>;
  /**
   * Workspace classes, URL templates, host URL, scheduler and rate limits of its `config.json`.
   * @default `experimental.workspace`
   */
  readonly settings?: ExperimentalWorkspace;
}

/**
 * ws-manager: starts and stops workspace pods (upstream `components/ws-manager`). Its config holds
 * the workspace classes, timeouts, URL templates and PVC settings from `workspace.*`; it serves
 * gRPC with `ws-manager-tls`, and issues `ws-manager-client-tls` to its clients.
 */
export class WsManager extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ws-manager';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's ClusterRole; patch it for what the props do not cover. */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The component's Role; patch it for what the props do not cover. */
  public readonly role: k8s.KubeRole;
  /** The component's ClusterRoleBinding; patch it for what the props do not cover. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The RoleBinding (unprivileged role binding); patch it for what the props do not cover. */
  public readonly unprivilegedRoleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** Server certificate `ws-manager-tls`. */
  public readonly tlsCertificate: Certificate;
  /** Client certificate `ws-manager` (Secret `ws-manager-client-tls`) for server, ws-proxy, registry-facade, ... */
  public readonly clientCertificate: Certificate;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** `ws-manager-external`: the LoadBalancer the application cluster dials (a Workspace cluster of a split fleet only). */
  public readonly externalService?: k8s.KubeService;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: WsManagerProps) {
    super(scope, id);
    const ctx = props.context;
    const objectStorage = objectStorageOf(this, props);
    const component = WsManager.COMPONENT;
    const ns = ctx.namespace;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    const allVerbs = ['get', 'list', 'create', 'update', 'patch', 'watch', 'delete', 'deletecollection'];
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      // Upstream gives this cluster-scoped role a namespace; the API server ignores it.
      metadata: ctx.clusterMetadata(component, component),
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents', 'volumesnapshotclasses'], verbs: allVerbs },
      ],
    });
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: ctx.metadata(component, component),
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'pods/log', 'events', 'services', 'endpoints', 'configmaps', 'persistentvolumeclaims'],
          verbs: allVerbs,
        },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'delete', 'watch', 'list'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: allVerbs },
      ],
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: ctx.clusterMetadata(component, component),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: component },
      subjects: [{ kind: 'ServiceAccount', name: component, namespace: ns }],
    });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: ctx.metadata(component, component),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: component },
      subjects: [{ kind: 'ServiceAccount', name: component }],
    });
    // (sic) upstream's spelling of the name.
    this.unprivilegedRoleBinding = podSecurityRoleBinding(this, ctx, component, {
      name: 'ws-manager-unpriviledged',
      role: PodSecurityRole.UNPRIVILEGED,
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, allowAllIngress());

    // In a split fleet both come from the fleet CA: the application cluster's clients trust it and
    // present a certificate of it, and renewals keep the CA (src/fleet/exposure.ts).
    const issuer = ctx.fleetIssuer;
    const exposed = exposedWsManager(ctx);
    this.tlsCertificate = internalCertificate(this, 'tls-certificate', ctx, component, {
      name: 'ws-manager-tls',
      dnsNames: [`gitpod.${ns}`, `${component}.${ns}.svc`, component, 'ws-manager-dev', ...(exposed ? [exposed.host] : [])],
      issuer,
    });
    this.clientCertificate = internalCertificate(this, 'client-certificate', ctx, component, {
      name: component,
      secretName: 'ws-manager-client-tls',
      dnsNames: ['registry-facade', 'server', 'ws-manager-bridge', 'ws-proxy', component],
      issuer,
    });

    const config = wsManagerConfig(ctx, objectStorage, props.workspace ?? ctx.config.workspace, props.settings ?? ctx.config.experimental?.workspace);
    const configJson = JSON.stringify(config, null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.service = componentService(this, ctx, component, [{ name: 'rpc', port: WS_MANAGER_RPC_PORT }]);
    if (exposed) this.externalService = exposedWsManagerService(this, ctx, exposed);

    const storage = objectStorage.credentials();
    const ca = customCACert(ctx);
    const templates = workspaceTemplateFiles(ctx).files;
    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson, templates) },
      podSpec: {
        affinity: ctx.nodeAffinity(WorkloadLabel.WORKSPACE_SERVICES),
        priorityClassName: 'system-node-critical',
        serviceAccountName: component,
        enableServiceLinks: false,
        securityContext: { runAsUser: 31002 },
        ...(ca.initContainers.length > 0 ? { initContainers: ca.initContainers } : {}),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.wsManager.version),
            args: ['run', '--config', '/config/config.json'],
            env: [
              ...defaultEnv(ctx),
              ...tracingEnv(ctx, component, 'workspace'),
              { name: 'GRPC_GO_RETRY', value: 'on' },
              ...ca.env,
            ],
            ports: [{ name: 'rpc', containerPort: WS_MANAGER_RPC_PORT }],
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            // Runs as the pod's user 31002; writes no file (its optional event trace log is unset).
            securityContext: hardened({ privileged: false, runAsNonRoot: true }, { readOnlyRootFilesystem: true }),
            volumeMounts: [
              { name: 'config', mountPath: '/config', readOnly: true },
              { name: 'workspace-template', mountPath: WORKSPACE_TEMPLATE_PATH, readOnly: true },
              { name: 'ws-daemon-tls-certs', mountPath: '/ws-daemon-tls-certs', readOnly: true },
              { name: 'tls-certs', mountPath: '/certs', readOnly: true },
              storage.mount,
              ...ca.mounts,
            ],
          }),
          kubeRbacProxyContainer(ctx, {
            resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
          }),
        ],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          { name: 'workspace-template', configMap: { name: WORKSPACE_TEMPLATES_CONFIGMAP } },
          { name: 'ws-daemon-tls-certs', secret: { secretName: 'ws-daemon-tls' } },
          { name: 'tls-certs', secret: { secretName: 'ws-manager-tls' } },
          storage.volume,
          ...ca.volumes,
        ],
      },
    });
  }
}

/** A quantity from a resource list, or `''` (upstream's `quantityString`). */
function quantity(list: ResourceList | undefined, key: string): string {
  const v = list?.[key];
  return v === undefined ? '' : String(v);
}

function pvc(p: { size?: string | number; storageClass?: string; snapshotClass?: string } | undefined) {
  return { size: String(p?.size ?? '0'), storageClass: p?.storageClass ?? '', snapshotClass: p?.snapshotClass ?? '' };
}

/** ws-manager's `config.json` (upstream `config.ServiceConfiguration`), key for key. */
export function wsManagerConfig(
  ctx: InstallationContext,
  objectStorage: IObjectStorage = configuredObjectStorage(ctx),
  ws: Omit<Workspace, 'templates'> = ctx.config.workspace,
  exp: ExperimentalWorkspace | undefined = ctx.config.experimental?.workspace,
): Record<string, unknown> {
  const sfx = ctx.workspaceSubdomain.slice('ws'.length);
  const d = ctx.domain;
  const { paths } = workspaceTemplateFiles(ctx);

  const classes: Record<string, unknown> = {
    default: {
      name: 'default',
      container: {
        requests: {
          cpu: quantity(ws.resources.requests, 'cpu'),
          memory: quantity(ws.resources.requests, 'memory'),
          'ephemeral-storage': quantity(ws.resources.requests, 'ephemeral-storage'),
        },
        limits: {
          cpu: { min: quantity(ws.resources.limits, 'cpu'), burst: quantity(ws.resources.limits, 'cpu') },
          memory: quantity(ws.resources.limits, 'memory'),
          'ephemeral-storage': quantity(ws.resources.limits, 'ephemeral-storage'),
          ...(quantity(ws.resources.limits, 'storage') ? { storage: quantity(ws.resources.limits, 'storage') } : {}),
        },
      },
      templates: paths.default ?? {},
      prebuildPVC: pvc(ws.prebuildPVC),
      pvc: pvc(ws.pvc),
    },
  };
  for (const [id, c] of Object.entries(exp?.classes ?? {})) {
    const limits = c.resources?.limits;
    classes[id] = {
      name: c.name ?? '',
      container: {
        requests: {
          cpu: quantity(c.resources?.requests, 'cpu'),
          memory: quantity(c.resources?.requests, 'memory'),
          'ephemeral-storage': quantity(c.resources?.requests, 'ephemeral-storage'),
        },
        limits: {
          cpu: { min: limits?.cpu?.min ?? '', burst: limits?.cpu?.burst ?? '' },
          memory: limits?.memory ?? '',
          'ephemeral-storage': limits?.['ephemeral-storage'] ?? '',
          ...(limits?.storage ? { storage: limits.storage } : {}),
        },
      },
      templates: paths[id] ?? {},
      prebuildPVC: pvc(c.prebuildPVC),
      pvc: pvc(c.pvc),
    };
  }
  // Go marshals maps with sorted keys.
  const sortedClasses = sortKeys(classes);

  return {
    manager: {
      namespace: ctx.namespace,
      schedulerName: exp?.schedulerName ?? '',
      seccompProfile: `workspace_default_${ctx.versions.version}.json`,
      timeouts: {
        startup: '1h0m0s',
        initialization: '30m0s',
        regularWorkspace: '30m0s',
        maxLifetime: goDuration(ws.maxLifetime),
        headlessWorkspace: '1h0m0s',
        afterClose: goDuration(ws.timeoutAfterClose ?? '2m'),
        contentFinalization: '1h0m0s',
        stopping: '1h0m0s',
        interrupted: '5m0s',
      },
      initProbe: { timeout: '1s' },
      urlTemplate: exp?.workspaceURLTemplate || `https://{{ .Prefix }}.ws${sfx}.${d}`,
      portUrlTemplate: exp?.workspacePortURLTemplate || `https://{{ .WorkspacePort }}-{{ .Prefix }}.ws${sfx}.${d}`,
      workspaceHostPath: HOST_WORKING_AREA,
      heartbeatInterval: '30s',
      hostURL: exp?.hostURL || `https://${d}`,
      reconnectionInterval: '30s',
      wsdaemon: {
        port: 8080,
        tls: { ca: '/ws-daemon-tls-certs/ca.crt', crt: '/ws-daemon-tls-certs/tls.crt', key: '/ws-daemon-tls-certs/tls.key' },
      },
      registryFacadeHost: `reg.${d}:${REGISTRY_FACADE_PORT}`,
      workspaceClusterHost: exp?.workspaceClusterHost || `ws${sfx}.${d}`,
      ...(ctx.config.customCACert ? { workspaceCACertSecret: ctx.config.customCACert.name } : {}),
      workspaceClass: sortedClasses,
    },
    content: { storage: objectStorage.storageConfig() },
    rpcServer: {
      addr: `:${WS_MANAGER_RPC_PORT}`,
      tls: { ca: '/certs/ca.crt', crt: '/certs/tls.crt', key: '/certs/tls.key' },
      ratelimits: exp?.wsManagerRateLimits ?? {},
    },
    imageBuilderProxy: { targetAddr: `image-builder-mk3.${ctx.namespace}.svc.cluster.local:8080` },
    pprof: { addr: '127.0.0.1:6060' },
    prometheus: { addr: '127.0.0.1:9500' },
  };
}
