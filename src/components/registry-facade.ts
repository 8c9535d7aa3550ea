import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { configuredContainerRegistry } from '../dependencies/defaults';
import { Certificate } from '../../imports/cert-manager';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { configChecksum } from '../common/workload';
import { caUpdater, nodeLabelerContainer, REGISTRY_FACADE_PORT, workspaceNodeAffinity } from '../common/workspace';
import { ExperimentalWorkspace } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { internalCertificate } from './cluster';
import { WS_MANAGER_RPC_PORT } from './ws-manager';
import { hardened } from '../common/security';
import { defaultEnv, nodeNameEnv, tracingEnv } from '../common/env';
import { componentContainer, liveProbe, podDefaults } from '../common/pod-spec';
import { allowAllIngress, componentNetworkPolicy } from '../common/network-policy';
import { ComponentProps, ContainerRegistryClientProps } from '../common/props';

/** The port registry-facade listens on inside its pod (the node's hostPort 20000 maps to it). */
export const REGISTRY_FACADE_CONTAINER_PORT = 32223;
const READINESS_PORT = 8086;

/** Props of `RegistryFacade`. */
export interface RegistryFacadeProps extends ComponentProps, ContainerRegistryClientProps {
  /**
   * The Secret with the TLS certificate registry-facade serves; none serves plain HTTP.
   * @default `certificate.name`
   */
  readonly certificateSecretName?: string;
  /**
   * The IPFS and Redis layer caches.
   * @default `experimental.workspace.registryFacade`
   */
  readonly cache?: ExperimentalWorkspace['registryFacade'];
}

/**
 * registry-facade: the per-node image registry that assembles workspace images (upstream
 * `components/registry-facade`). Kubelet pulls from `reg.<domain>:20000` on the node itself (hostPort).
 * It authenticates upstream with the registry pull secret (`builtin-registry-auth` or the external
 * registry's Secret), mounted as a file.
 */
export class RegistryFacade extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'registry-facade';

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
  /** `builtin-registry-facade-cert` for `reg.<domain>` (upstream renders it; nothing mounts it at this release). */
  public readonly certificate: Certificate;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The component's DaemonSet; patch it for what the props do not cover. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: RegistryFacadeProps) {
    super(scope, id);
    const ctx = props.context;
    const component = RegistryFacade.COMPONENT;
    const config = ctx.config;
    const certificateSecretName = props.certificateSecretName ?? config.certificate.name;
    const cache = props.cache ?? config.experimental?.workspace?.registryFacade;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: ctx.clusterMetadata(component, ctx.clusterName('ns-registry-facade')),
      // The node-labeler sidecar labels the node.
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'update', 'patch'] }],
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: ctx.clusterMetadata(component, ctx.clusterName('registry-facade-rb')),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ctx.clusterName('ns-registry-facade') },
      subjects: [{ kind: 'ServiceAccount', name: component, namespace: ctx.namespace }],
    });
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, allowAllIngress());
    this.certificate = internalCertificate(this, 'certificate', ctx, component, {
      name: 'builtin-registry-facade-cert',
      dnsNames: [`reg.${ctx.domain}`],
    });

    const configJson = JSON.stringify(registryFacadeConfig(ctx, cache, Boolean(certificateSecretName)), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.service = componentService(this, ctx, component, [
      { name: 'registry', port: REGISTRY_FACADE_PORT, targetPort: REGISTRY_FACADE_CONTAINER_PORT },
    ]);

    const image = ctx.gitpodImage(component, ctx.versions.components.registryFacade.version);
    const containerRegistry = props.containerRegistry ?? configuredContainerRegistry(ctx);
    const pullSecret = containerRegistry.pullSecret;
    // The Secrets it reads: those of the dependency it was given.
    declareSecret(this, ...containerRegistry.secrets);
    const ca = caUpdater(ctx);
    const initContainers: k8s.Container[] = [ca.container];
    const extraVolumes: k8s.Volume[] = [];
    const extraMounts: k8s.VolumeMount[] = [];
    if (certificateSecretName) {
      extraVolumes.push({ name: 'config-certificates', secret: { secretName: certificateSecretName } });
      extraMounts.push({ name: 'config-certificates', mountPath: '/mnt/certificates' });
    }
    const customCA = config.customCACert?.name;
    const custom = customCACert(ctx);
    initContainers.push(...custom.initContainers);
    extraVolumes.push(...custom.volumes);
    extraMounts.push(...custom.mounts);
    if (customCA) {
      extraMounts.push({ name: 'custom-ca-cert', mountPath: '/etc/ssl/certs/proxy-ca.crt', subPath: 'ca.crt', readOnly: true });
      // Teach the node's containerd (and docker) to trust the custom CA for reg.<domain>:20000.
      const dir = `/mnt/dst/etc/$TARGET/certs.d/reg.${ctx.domain}:${REGISTRY_FACADE_PORT}`;
      initContainers.push({
        ...ca.container,
        name: 'update-containerd-certificates',
        command: ['sh', '-c', '$(SETUP_SCRIPT)'],
        env: [
          ...(ca.container.env ?? []),
          { name: 'GITPOD_CA_CERT', valueFrom: { secretKeyRef: { name: customCA, key: 'ca.crt' } } },
          {
            name: 'SETUP_SCRIPT',
            value: `TARGETS="docker containerd";for TARGET in $TARGETS;do mkdir -p ${dir} && echo "$GITPOD_CA_CERT" > ${dir}/ca.crt && echo "OK";done`,
          },
        ],
        volumeMounts: [...(ca.container.volumeMounts ?? []), { name: 'hostfs', mountPath: '/mnt/dst' }],
      });
    }

    const cacheEnv: k8s.EnvVar[] = [];
    if (cache?.ipfsCache?.enabled) {
      cacheEnv.push({ name: 'IPFS_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
      if (cache.redisCache?.passwordSecret) {
        cacheEnv.push({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: cache.redisCache.passwordSecret, key: 'password' } } });
      }
    }

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata: ctx.metadata(component, component),
      spec: {
        selector: { matchLabels: ctx.labels(component) },
        // Upstream writes an empty strategy (the API server's default, RollingUpdate).
        updateStrategy: {},
        template: {
          metadata: {
            name: component,
            labels: ctx.labels(component),
            // Upstream also hashes the registry credentials; we hash only what we render (their Secret's name).
            annotations: { 'gitpod.io/checksum_config': configChecksum(configJson, pullSecret) },
          },
          spec: {
            ...podDefaults(component, workspaceNodeAffinity(ctx)),
            priorityClassName: 'system-node-critical',
            initContainers,
            containers: [
              componentContainer(ctx, component, {
                name: component,
                image,
                args: ['run', '/mnt/config/config.json'],
                resources: { requests: { cpu: '100m', memory: '32Mi' } },
                ports: [{ name: 'registry', containerPort: REGISTRY_FACADE_CONTAINER_PORT, hostPort: REGISTRY_FACADE_PORT }],
                // Writes only its layer cache (the `cache` emptyDir).
                securityContext: hardened({ privileged: false, runAsUser: 1000 }, { readOnlyRootFilesystem: true }),
                env: [
                  ...defaultEnv(ctx),
                  ...tracingEnv(ctx, component, 'workspace'),
                  { name: 'GRPC_GO_RETRY', value: 'on' },
                  ...nodeNameEnv(),
                  ...cacheEnv,
                  ...custom.env,
                ],
                volumeMounts: [
                  { name: 'cache', mountPath: '/mnt/cache' },
                  { name: 'config', mountPath: '/mnt/config', readOnly: true },
                  { name: 'ws-manager-client-tls-certs', mountPath: '/ws-manager-client-tls-certs', readOnly: true },
                  { name: 'pull-secret', mountPath: '/mnt/pull-secret.json', subPath: '.dockerconfigjson' },
                  ...extraMounts,
                ],
                readinessProbe: {
                  httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(READINESS_PORT) },
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                  timeoutSeconds: 2,
                  successThreshold: 2,
                  failureThreshold: 5,
                },
                livenessProbe: liveProbe(READINESS_PORT),
              }),
              kubeRbacProxyContainer(ctx, {
                resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
              }),
              nodeLabelerContainer(ctx, component, image, READINESS_PORT),
            ],
            volumes: [
              { name: 'cache', emptyDir: {} },
              { name: 'config', configMap: { name: this.configMap.name } },
              { name: 'ws-manager-client-tls-certs', secret: { secretName: 'ws-manager-client-tls' } },
              { name: 'pull-secret', secret: { secretName: pullSecret } },
              // Only the custom-CA init container writes through it (containerd's certs.d).
              { name: 'hostfs', hostPath: { path: '/' } },
              ...ca.volumes,
              ...extraVolumes,
            ],
          },
        },
      },
    });
  }
}

/** registry-facade's `config.json` (upstream `regfac.ServiceConfig`), key for key, with the given caches and TLS. */
export function registryFacadeConfig(
  ctx: InstallationContext,
  cache: ExperimentalWorkspace['registryFacade'] = ctx.config.experimental?.workspace?.registryFacade,
  tls: boolean = Boolean(ctx.config.certificate.name),
): Record<string, unknown> {
  const v = ctx.versions.components.workspace;
  const staticImage = (name: string, tag: string) => ({ ref: ctx.gitpodImage(name, tag), type: 'image' });
  const redis = cache?.redisCache;
  return {
    registry: {
      port: REGISTRY_FACADE_CONTAINER_PORT,
      prefix: '',
      staticLayer: [
        staticImage('supervisor', v.supervisor.version),
        staticImage('workspacekit', v.workspacekit.version),
        staticImage('docker-up', v.dockerUp.version),
      ],
      remoteSpecProvider: {
        addr: `dns:///ws-manager:${WS_MANAGER_RPC_PORT}`,
        tls: {
          ca: '/ws-manager-client-tls-certs/ca.crt',
          crt: '/ws-manager-client-tls-certs/tls.crt',
          key: '/ws-manager-client-tls-certs/tls.key',
        },
      },
      store: '/mnt/cache/registry',
      requireAuth: false,
      tls: tls
        ? { ca: '', crt: '/mnt/certificates/tls.crt', key: '/mnt/certificates/tls.key' }
        : { ca: '', crt: '', key: '' },
      ...(cache?.ipfsCache?.enabled ? { ipfs: { enabled: true, ipfsAddr: cache.ipfsCache.ipfsAddr ?? '' } } : {}),
      ...(redis?.enabled
        ? {
            redis: {
              enabled: true,
              ...(redis.singleHostAddr ? { singleHostAddr: redis.singleHostAddr } : {}),
              ...(redis.username ? { username: redis.username } : {}),
              ...(redis.useTLS ? { useTLS: true } : {}),
              ...(redis.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
            },
          }
        : {}),
    },
    dockerAuth: '/mnt/pull-secret.json',
    pprofAddr: '127.0.0.1:6060',
    prometheusAddr: '127.0.0.1:9500',
    readinessProbeAddr: `:${READINESS_PORT}`,
  };
}
