import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { configuredContainerRegistry } from '../dependencies/defaults';
import { customCACert, kubeRbacProxyContainer } from '../common/containers';
import { imageRepository } from '../common/image-repository';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { IDE_IMAGES } from './ide-config';
import { hardened } from '../common/security';
import { defaultEnv, tracingEnv } from '../common/env';
import { allowAllIngress, componentNetworkPolicy } from '../common/network-policy';
import { componentContainer, liveProbe } from '../common/pod-spec';
import { ComponentProps, ContainerRegistryClientProps } from '../common/props';

const CONTAINER_PORT = 32224;
const SERVICE_PORT = 4000;
const READINESS_PORT = 8086;

/** Props of `Blobserve`. */
export interface BlobserveProps extends ComponentProps, ContainerRegistryClientProps {
  /**
   * The image-pull Secret (type `kubernetes.io/dockerconfigjson`) blobserve reads the IDE images with.
   * @default `builtin-registry-auth` for the in-cluster registry, else `containerRegistry.external.certificate.name`
   */
  readonly pullSecretName?: string;
}

/**
 * Serves the static front-end files of the IDE images (VS Code in the browser, the supervisor
 * front end) straight from their image layers, rewriting hosts to this installation's.
 */
export class Blobserve extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'blobserve';

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

  constructor(scope: Construct, id: string, props: BlobserveProps) {
    super(scope, id);
    const ctx = props.context;
    const component = Blobserve.COMPONENT;
    const custom = customCACert(ctx);
    const containerRegistry = props.containerRegistry ?? configuredContainerRegistry(ctx);
    const pullSecret = props.pullSecretName ?? containerRegistry.pullSecret;
    // The Secrets it reads: those of the dependency it was given.
    if (!props.pullSecretName) declareSecret(this, ...containerRegistry.secrets);

    const config = blobserveConfig(ctx);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': JSON.stringify(config, null, 2) },
    });

    this.networkPolicy = componentNetworkPolicy(this, ctx, component, allowAllIngress());
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component);
    this.service = componentService(this, ctx, component, [{ name: 'service', port: SERVICE_PORT, targetPort: CONTAINER_PORT }]);
    this.serviceAccount = componentServiceAccount(this, ctx, component);

    this.deployment = componentDeployment(this, ctx, component, {
      // The pull Secret's name stands in for upstream's hash of the registry credentials.
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(config, pullSecret) },
      podSpec: {
        affinity: ctx.nodeAffinity(WorkloadLabel.IDE),
        serviceAccountName: this.serviceAccount.name,
        enableServiceLinks: false,
        volumes: [
          { name: 'cache', emptyDir: {} },
          { name: 'config', configMap: { name: this.configMap.name } },
          { name: 'pull-secret', secret: { secretName: pullSecret } },
          ...custom.volumes,
        ],
        ...(custom.initContainers.length > 0 ? { initContainers: custom.initContainers } : {}),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            args: ['run', '/mnt/config/config.json'],
            image: ctx.gitpodImage('blobserve', ctx.versions.components.blobserve.version),
            ports: [{ name: 'service', containerPort: CONTAINER_PORT }],
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            // Writes only its blob cache (the `cache` emptyDir; components/blobserve/pkg/blobserve/blobspace.go).
            securityContext: hardened({ privileged: false, runAsUser: 1000 }, { readOnlyRootFilesystem: true }),
            env: [...defaultEnv(ctx), ...tracingEnv(ctx, component, 'workspace'), ...custom.env],
            volumeMounts: [
              { name: 'config', mountPath: '/mnt/config', readOnly: true },
              { name: 'cache', mountPath: '/mnt/cache' },
              { name: 'pull-secret', mountPath: '/mnt/pull-secret.json', subPath: '.dockerconfigjson' },
              ...custom.mounts,
            ],
            readinessProbe: {
              httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(READINESS_PORT) },
              initialDelaySeconds: 5,
              periodSeconds: 5,
              timeoutSeconds: 2,
              successThreshold: 1,
              failureThreshold: 3,
            },
            livenessProbe: liveProbe(READINESS_PORT),
          }),
          kubeRbacProxyContainer(ctx),
        ],
      },
    });
  }
}


/**
 * blobserve's `config.json`: which image repositories it serves (VS Code and the supervisor front
 * end) and the string replacements that point VS Code at this installation and its Open VSX proxy.
 */
export function blobserveConfig(ctx: InstallationContext): Record<string, unknown> {
  const d = ctx.domain;
  const workbench = '/ide/out/vs/workbench/workbench.web.main.js';
  const api = '/ide/out/vs/workbench/workbench.web.api.js';
  // The extension gallery links stay on open-vsx.org (see components/ide/code/startup.sh upstream).
  const galleryItemUrl = 'https://open-vsx.org/vscode/item';
  const trustedDomain = 'https://open-vsx.org';
  const codeRepo = imageRepository(ctx.gitpodImage(IDE_IMAGES.code, IDE_IMAGES.codeStableVersion));
  const supervisorRepo = imageRepository(ctx.gitpodImage(IDE_IMAGES.supervisor, ctx.versions.components.workspace.supervisor.version));
  return {
    blobserve: {
      port: CONTAINER_PORT,
      timeout: '5s',
      repos: {
        [codeRepo]: {
          workdir: '/ide',
          replacements: [
            { path: workbench, search: 'vscode-cdn.net', replacement: d },
            { path: workbench, search: 'open-vsx.org', replacement: `open-vsx.${d}` },
            { path: api, search: '{{extensionsGalleryItemUrl}}', replacement: galleryItemUrl },
            { path: workbench, search: '{{extensionsGalleryItemUrl}}', replacement: galleryItemUrl },
            { path: api, search: '{{trustedDomain}}', replacement: trustedDomain },
            { path: workbench, search: '{{trustedDomain}}', replacement: trustedDomain },
            { path: workbench, search: 'ide.gitpod.io/code/markeplace.json', replacement: `ide.${d}/code/marketplace.json` },
          ],
          inlineStatic: [
            { search: '${window.location.origin}', replacement: '.' },
            {
              search: 'value.startsWith(window.location.origin)',
              replacement: "value.startsWith(window.location.origin) || value.startsWith('${ide}')",
            },
            { search: './out', replacement: '${ide}/out' },
            { search: './node_modules', replacement: '${ide}/node_modules' },
            { search: '/_supervisor/frontend', replacement: '${supervisor}' },
          ],
        },
        [supervisorRepo]: { workdir: '/.supervisor/frontend' },
      },
      allowAnyRepo: false,
      blobSpace: { location: '/mnt/cache/blobserve', maxSizeBytes: 1024 * 1024 * 1024 },
    },
    dockerAuth: '/mnt/pull-secret.json',
    pprofAddr: '127.0.0.1:6060',
    prometheusAddr: '127.0.0.1:9500',
    readinessProbeAddr: `:${READINESS_PORT}`,
  };
}
