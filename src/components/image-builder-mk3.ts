import { Construct } from 'constructs';
import { IContainerRegistry } from '../dependencies/container-registry';
import { configuredContainerRegistry, containerRegistryOf } from '../dependencies/defaults';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { componentRoleBinding, componentServiceAccount, kubeRbacProxyBinding, podSecurityPolicyUse } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { caUpdater } from '../common/workspace';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { WS_MANAGER_RPC_PORT } from './ws-manager';
import { hardened } from '../common/security';
import { THIRD_PARTY_IMAGES } from '../images';
import { defaultEnv, tracingEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { componentNetworkPolicy, fromComponents } from '../common/network-policy';
import { ComponentProps, ContainerRegistryClientProps } from '../common/props';

/** Port of image-builder-mk3's gRPC API (container and Service). */
export const IMAGE_BUILDER_RPC_PORT = 8080;
/** Where the registry pull secret is mounted (as a file) in image-builder-mk3. */
const PULL_SECRET_FILE = '/config/pull-secret.json';

/** Props of `ImageBuilderMk3`. */
export interface ImageBuilderMk3Props extends ComponentProps, ContainerRegistryClientProps {
  /**
   * The default workspace image, kept warm in the reference cache.
   * @default `workspace.workspaceImage`, else Gitpod's workspace-full
   */
  readonly workspaceImage?: string;
}

/**
 * image-builder-mk3: builds workspace images through ws-manager (upstream
 * `components/image-builder-mk3`). Part of the Workspace set, yet scheduled on `workload_meta`
 * nodes, as upstream. It pushes to `<registry>/{base,workspace}-images` with the registry pull
 * secret, mounted as a file.
 */
export class ImageBuilderMk3 extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'image-builder-mk3';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Stands where upstream's PSP-only ClusterRole `<ns>-ns-image-builder-mk3` would be, so the RoleBinding resolves. */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
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

  constructor(scope: Construct, id: string, props: ImageBuilderMk3Props) {
    super(scope, id);
    const ctx = props.context;
    const containerRegistry = containerRegistryOf(this, props);
    const component = ImageBuilderMk3.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    const roleName = ctx.clusterName('ns-image-builder-mk3');
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: ctx.clusterMetadata(component, roleName),
      rules: [podSecurityPolicyUse(ctx, 'ns-privileged-unconfined')],
    });
    this.roleBinding = componentRoleBinding(this, ctx, component, 'ClusterRole', roleName);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, 'image-builder-mk3-proxy-kube-rbac-proxy');
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, [fromComponents(['server', 'ws-manager'])]);

    const configJson = JSON.stringify(imageBuilderConfig(ctx, containerRegistry, props.workspaceImage), null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: ctx.metadata(component, 'image-builder-mk3-config'),
      data: { 'image-builder.json': configJson },
    });

    this.service = componentService(this, ctx, component, [{ name: 'service', port: IMAGE_BUILDER_RPC_PORT }]);

    const pullSecret = containerRegistry.pullSecret;
    const ca = caUpdater(ctx);
    const custom = customCACert(ctx);
    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson, pullSecret) },
      podSpec: {
        ...podDefaults(component, ctx.nodeAffinity(WorkloadLabel.META)),
        initContainers: [ca.container, ...custom.initContainers],
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.imageBuilderMk3.version),
            args: ['run', '--config', '/config/image-builder.json'],
            env: [...defaultEnv(ctx), ...tracingEnv(ctx, component, 'workspace'), ...custom.env],
            ports: [{ name: 'service', containerPort: IMAGE_BUILDER_RPC_PORT }],
            resources: { requests: { cpu: '100m', memory: '200Mi' } },
            securityContext: hardened({ privileged: false, runAsUser: 33333 }, { readOnlyRootFilesystem: true }),
            volumeMounts: [
              { name: 'configuration', mountPath: '/config/image-builder.json', subPath: 'image-builder.json' },
              { name: 'wsman-tls-certs', mountPath: '/wsman-certs', readOnly: true },
              { name: 'pull-secret', mountPath: PULL_SECRET_FILE, subPath: '.dockerconfigjson' },
              ...custom.mounts,
            ],
          }),
          kubeRbacProxyContainer(ctx, {
            resources: ctx.resources(component, 'kube-rbac-proxy', { requests: { cpu: '1m', memory: '30Mi' } }),
          }),
        ],
        volumes: [
          { name: 'configuration', configMap: { name: this.configMap.name } },
          { name: 'wsman-tls-certs', secret: { secretName: 'ws-manager-client-tls' } },
          { name: 'pull-secret', secret: { secretName: pullSecret } },
          ...ca.volumes,
          ...custom.volumes,
        ],
      },
    });
  }
}

/**
 * The ws-manager image builds run through. In a fleet's application cluster: the one of
 * `cdk8s.fleet.imageBuilds` (default: itself when it runs workspaces, else the first Workspace
 * cluster, dialled at its exposed address). The server always calls its own cluster's image-builder
 * (`imageBuilderAddr`; gitpod-io/gitpod components/server/src/container-module.ts at 2022.11.3,
 * the ws-manager route needs the ConfigCat flag `movedImageBuilder`).
 */
function imageBuildWsManager(ctx: InstallationContext): string {
  const fleet = ctx.fleet;
  const target = fleet?.imageBuildCluster;
  if (!fleet || !target || !ctx.fleetMember?.application) return `ws-manager:${WS_MANAGER_RPC_PORT}`;
  return fleet.wsManagerAddress(target);
}

/** image-builder-mk3's `image-builder.json` (upstream `config.ServiceConfig`), key for key. */
export function imageBuilderConfig(
  ctx: InstallationContext,
  containerRegistry: IContainerRegistry = configuredContainerRegistry(ctx),
  workspaceImage?: string,
): Record<string, unknown> {
  const registry = containerRegistry.host.replace(/\/$/, '');
  const refImage = workspaceImage || ctx.config.workspace.workspaceImage || ctx.thirdPartyImage(THIRD_PARTY_IMAGES.workspaceFull);
  return {
    orchestrator: {
      wsman: {
        address: imageBuildWsManager(ctx),
        tls: { ca: '/wsman-certs/ca.crt', crt: '/wsman-certs/tls.crt', key: '/wsman-certs/tls.key' },
      },
      pullSecret: containerRegistry.pullSecret,
      pullSecretFile: PULL_SECRET_FILE,
      baseImageRepository: `${registry}/base-images`,
      workspaceImageRepository: `${registry}/workspace-images`,
      builderImage: ctx.gitpodImage('image-builder-mk3/bob', ctx.versions.components.imageBuilderMk3.builderImage.version),
    },
    refCache: { interval: '6h0m0s', refs: [refImage] },
    server: { services: { grpc: { address: `0.0.0.0:${IMAGE_BUILDER_RPC_PORT}` } } },
  };
}
