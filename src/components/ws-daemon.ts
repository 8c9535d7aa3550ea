import { Construct } from 'constructs';
import { IObjectStorage } from '../dependencies/object-storage';
import { configuredObjectStorage, objectStorageOf } from '../dependencies/defaults';
import { Certificate } from '../../imports/cert-manager';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding } from '../common/rbac';
import { configChecksum } from '../common/workload';
import { nodeLabelerContainer, workspaceNodeAffinity } from '../common/workspace';
import { ExperimentalWorkspace, WorkspaceRuntime } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { internalCertificate } from './cluster';
import { HOST_WORKING_AREA } from './ws-manager';
import { THIRD_PARTY_IMAGES } from '../images';
import { defaultEnv, nodeNameEnv, proxyEnv, tracingEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, tcpPorts } from '../common/network-policy';
import { ComponentProps, ObjectStorageClientProps } from '../common/props';
import { sortKeys } from '../common/objects';

/** ws-daemon's gRPC port, also bound on the node (hostPort). */
export const WS_DAEMON_PORT = 8080;
/** Readiness/liveness port of ws-daemon (also probed by its node-labeler). */
const PROBE_PORT = 9501;

/** Props of `WsDaemon`. */
export interface WsDaemonProps extends ComponentProps, ObjectStorageClientProps {
  /**
   * The node's container runtime: containerd directories and socket, and how user namespaces shift file ownership.
   * @default `workspace.runtime`
   */
  readonly runtime?: WorkspaceRuntime;
  /**
   * CPU, IO, process and network limits and the node-to-container mount mapping (its `config.json`).
   * @default `experimental.workspace`
   */
  readonly settings?: ExperimentalWorkspace;
}

/**
 * ws-daemon: the per-node workspace agent (upstream `components/ws-daemon`). A privileged
 * DaemonSet with hostPID and hostPort 8080 on the workspace nodes; it reaches containerd through
 * the host paths `workspace.runtime.containerdSocket` and `workspace.runtime.containerdRuntimeDir`.
 */
export class WsDaemon extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'ws-daemon';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's ClusterRole; patch it for what the props do not cover. */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The component's ClusterRoleBinding; patch it for what the props do not cover. */
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** The ClusterRoleBinding (kube rbac proxy binding); patch it for what the props do not cover. */
  public readonly kubeRbacProxyBinding: k8s.KubeClusterRoleBinding;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** `ws-daemon-tls`, the server certificate ws-manager talks to. */
  public readonly tlsCertificate: Certificate;
  /** Headless, without ports: only for DNS. */
  public readonly service: k8s.KubeService;
  /** The component's DaemonSet; patch it for what the props do not cover. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: WsDaemonProps) {
    super(scope, id);
    const ctx = props.context;
    const objectStorage = objectStorageOf(this, props);
    const component = WsDaemon.COMPONENT;
    const ns = ctx.namespace;
    const runtime = props.runtime ?? ctx.config.workspace.runtime;
    const shiftfs = runtime.fsShiftMethod === 'shiftfs';

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: ctx.clusterMetadata(component, ctx.clusterName('ns-ws-daemon')),
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['delete', 'update', 'patch'] },
      ],
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: ctx.clusterMetadata(component, ctx.clusterName('ws-daemon-rb')),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ctx.clusterName('ns-ws-daemon') },
      subjects: [{ kind: 'ServiceAccount', name: component, namespace: ns }],
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, 'ws-daemon-rb-kube-rbac-proxy');

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [
      { from: [{ podSelector: { matchLabels: ctx.labels('ws-manager') } }], ports: tcpPorts(WS_DAEMON_PORT) },
      // Upstream's Prometheus peer here is a pod `app: prometheus` in this namespace, unlike the other components'.
      { from: [{ podSelector: { matchLabels: { app: 'prometheus', component: 'server' } } }], ports: tcpPorts(9500) },
    ]);

    this.tlsCertificate = internalCertificate(this, 'tls-certificate', ctx, component, {
      name: 'ws-daemon-tls',
      dnsNames: [`gitpod.${ns}`, `${component}.${ns}.svc`, component, 'wsdaemon'],
    });

    const configJson = JSON.stringify(wsDaemonConfig(ctx, objectStorage, runtime, props.settings ?? ctx.config.experimental?.workspace), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: ctx.metadata(component, component, { labels: { kind: 'service' } }),
      spec: { type: 'ClusterIP', clusterIp: 'None', selector: ctx.labels(component) },
    });

    const image = ctx.gitpodImage(component, ctx.versions.components.wsDaemon.version);
    const storage = objectStorage.credentials();
    const ca = customCACert(ctx);
    const hostPath = (name: string, path: string, type?: string): k8s.Volume => ({ name, hostPath: type ? { path, type } : { path } });

    const initContainers: k8s.Container[] = [
      {
        // Stops GKE's runtime monitor, which would restart containerd under running workspaces.
        name: 'disable-kube-health-monitor',
        image: ctx.thirdPartyImage(THIRD_PARTY_IMAGES.ubuntu),
        command: ['/usr/bin/nsenter', '-t', '1', '-a', '/bin/bash', '-c'],
        args: [DISABLE_HEALTH_MONITOR_SCRIPT],
        securityContext: { privileged: true, procMount: 'Default' },
        env: proxyEnv(ctx),
        resources: {},
      },
      {
        name: 'seccomp-profile-installer',
        image: ctx.gitpodImage('seccomp-profile-installer', ctx.versions.components.wsDaemon.userNamespaces.seccompProfileInstaller.version),
        command: ['/bin/sh', '-c', `cp -f /installer/workspace_default.json /mnt/dst/workspace_default_${ctx.versions.version}.json`],
        volumeMounts: [{ name: 'hostseccomp', mountPath: '/mnt/dst' }],
        securityContext: { privileged: true },
        resources: {},
      },
      {
        name: 'sysctl',
        image,
        command: ['sh', '-c', SYSCTL_SCRIPT],
        securityContext: { privileged: true },
        resources: {},
      },
    ];
    initContainers.push(...ca.initContainers);
    if (shiftfs) {
      initContainers.push({
        name: 'shiftfs-module-loader',
        image: ctx.gitpodImage('shiftfs-module-loader', ctx.versions.components.wsDaemon.userNamespaces.shiftfsModuleLoader.version),
        securityContext: { privileged: true },
        volumeMounts: [{ name: 'node-linux-src', readOnly: true, mountPath: '/usr/src_node' }],
      });
    }

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata: ctx.metadata(component, component),
      spec: {
        selector: { matchLabels: ctx.labels(component) },
        // Upstream writes an empty strategy (the API server's default, RollingUpdate).
        updateStrategy: {},
        template: {
          metadata: {
            labels: ctx.labels(component),
            annotations: {
              'gitpod.io/checksum_config': configChecksum(configJson),
              'seccomp.security.alpha.kubernetes.io/shiftfs-module-loader': 'unconfined',
            },
          },
          spec: {
            ...podDefaults(component, workspaceNodeAffinity(ctx)),
            hostPid: true,
            priorityClassName: 'system-node-critical',
            tolerations: ['disk-pressure', 'memory-pressure', 'out-of-disk'].map((t) => ({
              key: `node.kubernetes.io/${t}`,
              operator: 'Exists',
              effect: 'NoExecute',
            })),
            initContainers,
            containers: [
              componentContainer(ctx, component, {
                name: component,
                image,
                args: ['run', '--config', '/config/config.json'],
                ports: [{ name: 'rpc', containerPort: WS_DAEMON_PORT, hostPort: WS_DAEMON_PORT }],
                env: [
                  ...defaultEnv(ctx),
                  ...tracingEnv(ctx, component, 'workspace'),
                  ...nodeNameEnv(),
                  ...ca.env,
                ],
                resources: { requests: { cpu: '500m', memory: '4Gi' } },
                securityContext: { privileged: true },
                readinessProbe: {
                  httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(PROBE_PORT) },
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                  timeoutSeconds: 1,
                  successThreshold: 2,
                  failureThreshold: 5,
                },
                livenessProbe: {
                  httpGet: { path: '/live', port: k8s.IntOrString.fromNumber(PROBE_PORT) },
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                  timeoutSeconds: 1,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                volumeMounts: [
                  { name: 'working-area', mountPath: '/mnt/workingarea', mountPropagation: 'Bidirectional' },
                  { name: 'config', mountPath: '/config' },
                  { name: 'containerd-socket', mountPath: '/mnt/containerd.sock' },
                  { name: 'node-fs0', mountPath: '/mnt/node0' },
                  { name: 'node-mounts', mountPath: '/mnt/mounts', readOnly: true, mountPropagation: 'HostToContainer' },
                  { name: 'node-cgroups', mountPath: '/mnt/node-cgroups', mountPropagation: 'HostToContainer' },
                  { name: 'node-hosts', mountPath: '/mnt/hosts' },
                  { name: 'tls-certs', mountPath: '/certs' },
                  { name: 'gcloud-tmp', mountPath: '/mnt/sync-tmp' },
                  storage.mount,
                  ...ca.mounts,
                ],
              }),
              kubeRbacProxyContainer(ctx, {
                resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
              }),
              nodeLabelerContainer(ctx, component, image, PROBE_PORT),
            ],
            volumes: [
              hostPath('hostfs', '/'),
              hostPath('working-area', HOST_WORKING_AREA, 'DirectoryOrCreate'),
              { name: 'tls-certs', secret: { secretName: 'ws-daemon-tls' } },
              { name: 'config', configMap: { name: this.configMap.name } },
              hostPath('containerd-socket', runtime.containerdSocket, 'Socket'),
              hostPath('node-fs0', runtime.containerdRuntimeDir, 'Directory'),
              hostPath('node-mounts', '/proc/mounts', 'File'),
              hostPath('node-cgroups', '/sys/fs/cgroup', 'Directory'),
              hostPath('node-hosts', '/etc/hosts', 'File'),
              hostPath('node-linux-src', '/usr/src', 'Directory'),
              hostPath('hostseccomp', '/var/lib/kubelet/seccomp'),
              hostPath('gcloud-tmp', '/var/gitpod/tmp/backup', 'DirectoryOrCreate'),
              storage.volume,
              ...ca.volumes,
            ],
          },
        },
      },
    });
  }
}

/** ws-daemon's `config.json` (upstream `wsdconfig.Config`), key for key. */
export function wsDaemonConfig(
  ctx: InstallationContext,
  objectStorage: IObjectStorage = configuredObjectStorage(ctx),
  runtime: WorkspaceRuntime = ctx.config.workspace.runtime,
  exp: ExperimentalWorkspace | undefined = ctx.config.experimental?.workspace,
): Record<string, unknown> {
  // Upstream copies every experimental field when `experimental.workspace` exists (zero values included).
  const q = (v: string | number | undefined) => String(v ?? 0);
  const mapping = exp?.wsDaemon?.runtime?.nodeToContainerMapping;
  const nodeToContainerMapping: Record<string, string> =
    mapping && mapping.length > 0
      ? sortKeys(Object.fromEntries(mapping.map((m) => [m.path, m.value])))
      : { [runtime.containerdRuntimeDir]: '/mnt/node0' };
  return {
    daemon: {
      runtime: {
        containerRuntime: {
          mounts: { proc: '/mnt/mounts' },
          nodeToContainerMapping,
          runtime: 'containerd',
          containerd: { socket: '/mnt/containerd.sock' },
        },
        kubeconfig: '',
        namespace: ctx.namespace,
      },
      content: {
        workingArea: '/mnt/workingarea',
        workingAreaNode: HOST_WORKING_AREA,
        tempDir: '/tmp',
        storage: objectStorage.storageConfig(),
        backup: { timeout: '5m0s', attempts: 3, period: '0s' },
        userNamespaces: { fsShift: runtime.fsShiftMethod === 'shiftfs' ? 'SHIFTFS' : 'FUSE' },
        initializer: { command: '/app/content-initializer', args: null },
      },
      uidmapper: {
        procLocation: '/proc',
        rootUIDRange: { start: 33333, size: 1 },
        userUIDRange: [{ start: 100000, size: 70000 }],
      },
      cpulimit: {
        enabled: exp?.CPULimits?.enabled ?? false,
        totalBandwidth: q(exp?.CPULimits?.nodeBandwidth),
        limit: q(exp?.CPULimits?.limit),
        burstLimit: q(exp?.CPULimits?.burstLimit),
        controlPeriod: '15s',
        cgroupBasePath: '/mnt/node-cgroups',
      },
      ioLimit: {
        writeBandwidthPerSecond: q(exp?.ioLimits?.writeBandwidthPerSecond),
        readBandwidthPerSecond: q(exp?.ioLimits?.readBandwidthPerSecond),
        writeIOPS: exp?.ioLimits?.writeIOPS ?? 0,
        readIOPS: exp?.ioLimits?.readIOPS ?? 0,
      },
      procLimit: exp?.procLimit ?? 0,
      netlimit: exp
        ? {
            enabled: exp.networkLimits?.enabled ?? false,
            enforce: exp.networkLimits?.enforce ?? false,
            connectionsPerMinute: exp.networkLimits?.connectionsPerMinute ?? 0,
            bucketSize: exp.networkLimits?.bucketSize ?? 0,
          }
        : { enabled: false, enforce: false, connectionsPerMinute: 3000, bucketSize: 1000 },
      // Upstream computes experimental OOM scores but never passes them on at this release.
      oomScores: { enabled: false, tier1: 0, tier2: 0 },
      hosts: {
        enabled: true,
        nodeHostsFile: '/mnt/hosts',
        fixedHosts: { registryFacade: [{ addr: '127.0.0.1', name: `reg.${ctx.domain}` }] },
      },
      disk: {
        enabled: true,
        interval: '5m0s',
        locations: [{ path: '/mnt/workingarea', minBytesAvail: 21474836480 }],
      },
    },
    service: {
      address: `0.0.0.0:${WS_DAEMON_PORT}`,
      tls: { caPath: '/certs/ca.crt', certPath: '/certs/tls.crt', keyPath: '/certs/tls.key' },
    },
  };
}

const DISABLE_HEALTH_MONITOR_SCRIPT = `exec {BASH_XTRACEFD}>&1 # this causes 'set -x' to write to stdout insted of stderr
set -euExo pipefail
systemctl status kube-container-runtime-monitor.service || true
if [ "$(systemctl is-active kube-container-runtime-monitor.service)" == "active" ]
then
\techo "kube-container-runtime-monitor.service is active"
\tsystemctl stop kube-container-runtime-monitor.service
\tsystemctl disable kube-container-runtime-monitor.service
\tsystemctl status kube-container-runtime-monitor.service || true
else
\techo "kube-container-runtime-monitor.service is not active, not doing anything"
fi
`;

const SYSCTL_SCRIPT = `(
\techo "running sysctls" &&
\tsysctl -w net.core.somaxconn=4096 &&
\tsysctl -w "net.ipv4.ip_local_port_range=5000 65000" &&
\tsysctl -w "net.ipv4.tcp_tw_reuse=1" &&
\tsysctl -w fs.inotify.max_user_watches=1000000 &&
\tsysctl -w "kernel.dmesg_restrict=1" &&
\tsysctl -w vm.unprivileged_userfaultfd=0
) && echo "done!" || echo "failed!"
`;
