import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { configuredDatabase, configuredMessageBus } from '../dependencies/defaults';
import { databaseWaiterContainer, kubeRbacProxyContainer, messageBusWaiterContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding, PodSecurityRole } from '../common/rbac';
import { componentDeployment, configChecksum } from '../common/workload';
import { InstallationContext, WorkloadLabel } from '../context';
import { AdmissionConstraint } from '../config/types';
import { Fleet } from '../fleet/fleet';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { componentNetworkPolicy, fromMonitoring } from '../common/network-policy';
import { analyticsEnv, configcatEnv, defaultEnv, tracingEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { ComponentProps, DatabaseClientProps, MessageBusClientProps } from '../common/props';

/** Where server and ws-manager-bridge mount the ws-manager client certificate. */
export const WS_MANAGER_CLIENT_TLS_MOUNT = '/ws-manager-client-tls-certs';
/** The client certificate Secret that ws-manager's construct issues (upstream `wsmanager.TLSSecretNameClient`). */
export const WS_MANAGER_CLIENT_TLS_SECRET = 'ws-manager-client-tls';

/** One entry of the static workspace-cluster list (upstream `WorkspaceCluster`). */
export interface WorkspaceClusterEntry {
  /** The workspace cluster's name (its shortname). */
  readonly name: string;
  /** ws-manager's gRPC URL (`dns:///host:port`). */
  readonly url: string;
  /** Paths of the client certificate files, as mounted in the reading pod. */
  readonly tls: {
    /** CA certificate. */
    readonly ca: string;
    /** Client certificate. */
    readonly crt: string;
    /** Client key. */
    readonly key: string;
  };
  /** `available` (takes new workspaces), `cordoned` or `draining`. */
  readonly state: string;
  /** Highest score the cluster can have. */
  readonly maxScore: number;
  /** The cluster's score; new workspaces go to the highest scored admissible cluster. */
  readonly score: number;
  /** Whether this application cluster's ws-manager-bridge governs (times out, cleans up) the cluster's workspaces. */
  readonly govern: boolean;
  /** Who may start workspaces there; `null`: everyone. */
  readonly admissionConstraints: readonly AdmissionConstraint[] | null;
  /** The application cluster the entry belongs to (its shortname). */
  readonly applicationCluster: string;
}

/**
 * The static workspace-cluster list of server (`WSMAN_CFG_MANAGERS`) and ws-manager-bridge
 * (`staticBridges`): the local ws-manager, or nothing with `experimental.webapp.wsManagerBridge.skipSelf`;
 * in a fleet, every cluster that runs workspaces.
 */
export function workspaceClusterList(
  ctx: InstallationContext,
  skipSelf: boolean = ctx.config.experimental?.webapp?.wsManagerBridge?.skipSelf ?? false,
): WorkspaceClusterEntry[] {
  if (ctx.fleet) return fleetWorkspaceClusters(ctx, ctx.fleet);
  if (skipSelf) return [];
  return [
    {
      name: ctx.shortname,
      url: 'dns:///ws-manager:8080',
      tls: CLIENT_TLS,
      state: 'available',
      maxScore: 100,
      score: 50,
      govern: true,
      admissionConstraints: null,
      applicationCluster: ctx.shortname,
    },
  ];
}

/** The client key pair and CA every bridge entry dials ws-manager with (mounted from the client certificate's Secret). */
const CLIENT_TLS = {
  ca: `${WS_MANAGER_CLIENT_TLS_MOUNT}/ca.crt`,
  crt: `${WS_MANAGER_CLIENT_TLS_MOUNT}/tls.crt`,
  key: `${WS_MANAGER_CLIENT_TLS_MOUNT}/tls.key`,
};

/**
 * In a fleet (`cdk8s.clusters`): one entry per cluster that runs workspaces, named by its shortname
 * (gitpod matches a workspace instance's `region` field to it), dialled at its exposed
 * `wsManager.address` with the client certificate of the fleet CA; the application cluster
 * itself only when it runs workspaces (so `skipSelf` follows from the kinds).
 */
function fleetWorkspaceClusters(ctx: InstallationContext, fleet: Fleet): WorkspaceClusterEntry[] {
  return fleet.workspaceClusters.map((m) => ({
    name: m.shortname,
    url: `dns:///${fleet.wsManagerAddress(m)}`,
    tls: CLIENT_TLS,
    state: 'available',
    maxScore: 100,
    score: m.spec.score ?? 50,
    govern: m.spec.governed ?? true,
    admissionConstraints: m.spec.admissionConstraints ?? null,
    applicationCluster: ctx.shortname,
  }));
}

/** Props of `WsManagerBridge`. */
export interface WsManagerBridgeProps extends ComponentProps, DatabaseClientProps, MessageBusClientProps {
  /**
   * Leave the local ws-manager out of the static bridges (a single cluster only; a fleet lists its workspace clusters).
   * @default `experimental.webapp.wsManagerBridge.skipSelf`
   */
  readonly skipSelf?: boolean;
}

/**
 * Bridges workspace status from the ws-managers of the registered workspace clusters into the
 * database and the message bus. It has no Service.
 */
export class WsManagerBridge extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ws-manager-bridge';

  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's Deployment; patch it for what the props do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;
  /**
   * Not upstream's (it left the bridge open): it serves its cluster API on localhost only, so
   * nothing but Prometheus (metrics through kube-rbac-proxy on :9500) comes in.
   */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: WsManagerBridgeProps) {
    super(scope, id);
    const ctx = props.context;
    const database = props.database ?? configuredDatabase(ctx);
    const messageBus = props.messageBus ?? configuredMessageBus(ctx);
    // The Secrets it reads: those of the dependency it was given.
    declareSecret(this, ...database.secrets, ...messageBus.secrets);
    const component = WsManagerBridge.COMPONENT;

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromMonitoring()]);

    const bridgeConfig = {
      installation: ctx.shortname,
      staticBridges: workspaceClusterList(ctx, props.skipSelf),
      clusterService: { port: 8080, host: 'localhost' },
      wsClusterDBReconcileIntervalSeconds: 60,
      controllerIntervalSeconds: 60,
      controllerMaxDisconnectSeconds: 150,
      emulatePreparingIntervalSeconds: 10,
      timeouts: {
        preparingPhaseSeconds: 3600,
        buildingPhaseSeconds: 3600,
        unknownPhaseSeconds: 600,
        pendingPhaseSeconds: 3600,
        stoppingPhaseSeconds: 3600,
      },
      clusterSyncIntervalSeconds: 60,
    };
    const configJson = JSON.stringify(bridgeConfig, null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, 'ws-manager-bridge-config'),
      data: { 'ws-manager-bridge.json': configJson },
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component, { role: PodSecurityRole.UNPRIVILEGED });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, `${component}-rb-kube-rbac-proxy`);

    this.deployment = componentDeployment(this, ctx, component, {
      // The message bus password and the database type restart the bridge too.
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson, database.databaseType) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        priorityClassName: 'system-node-critical',
        initContainers: [databaseWaiterContainer(ctx, database), messageBusWaiterContainer(ctx, messageBus)],
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.wsManagerBridge.version),
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
            securityContext: hardened({ privileged: false, runAsUser: 31001 }),
            ports: [{ name: 'metrics', containerPort: 9500 }],
            env: [
              ...defaultEnv(ctx),
              ...tracingEnv(ctx, component, 'workspace'),
              ...analyticsEnv(ctx),
              ...messageBus.clientEnv(),
              ...database.clientEnv(),
              ...configcatEnv(ctx),
              { name: 'WSMAN_BRIDGE_CONFIGPATH', value: '/config/ws-manager-bridge.json' },
            ],
            volumeMounts: [
              { name: 'config', mountPath: '/config', readOnly: true },
              { name: 'ws-manager-client-tls-certs', mountPath: WS_MANAGER_CLIENT_TLS_MOUNT, readOnly: true },
            ],
          }),
          kubeRbacProxyContainer(ctx),
        ],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          { name: 'ws-manager-client-tls-certs', secret: { secretName: WS_MANAGER_CLIENT_TLS_SECRET } },
        ],
      },
    });
  }
}
