import { Construct } from 'constructs';
import { objectStorageOf } from '../dependencies/defaults';
import { kubeRbacProxyContainer } from '../common/containers';
import { componentServiceAccount, kubeRbacProxyBinding, podSecurityRoleBinding } from '../common/rbac';
import { componentService } from '../common/service';
import { componentDeployment, configChecksum } from '../common/workload';
import { WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened, TMP_MOUNT, TMP_VOLUME } from '../common/security';
import { defaultEnv, tracingEnv } from '../common/env';
import { componentContainer, podDefaults } from '../common/pod-spec';
import { allowAllIngress, componentNetworkPolicy } from '../common/network-policy';
import { ComponentProps, ObjectStorageClientProps } from '../common/props';

/** Props of `ContentService`. */
export interface ContentServiceProps extends ComponentProps, ObjectStorageClientProps {}

/**
 * content-service: the gRPC API over object storage (workspace content, blobs, logs). It reads the
 * storage credentials from files (the storage Secret mounted at `/mnt/secrets/storage`).
 */
export class ContentService extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'content-service';

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

  constructor(scope: Construct, id: string, props: ContentServiceProps) {
    super(scope, id);
    const ctx = props.context;
    const objectStorage = objectStorageOf(this, props);
    const component = ContentService.COMPONENT;

    const configJson = JSON.stringify({ service: { address: '0.0.0.0:8080' }, storage: objectStorage.storageConfig() }, null, 2);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: ctx.metadata(component, component),
      data: { 'config.json': configJson },
    });

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    this.kubeRbacProxyBinding = kubeRbacProxyBinding(this, ctx, component, `${component}-rb-kube-rbac-proxy`);
    // Workspaces, server and ws-manager in other clusters reach it: all ingress is allowed.
    this.networkPolicy = componentNetworkPolicy(this, ctx, component, allowAllIngress());
    this.service = componentService(this, ctx, component, [
      { name: 'rpc', port: 8080 },
      { name: 'metrics', port: 9500 },
    ]);

    const storage = objectStorage.credentials();
    this.deployment = componentDeployment(this, ctx, component, {
      podAnnotations: { 'gitpod.io/checksum_config': configChecksum(configJson) },
      podSpec: {
        ...podDefaults(this.serviceAccount.name, ctx.nodeAffinity(WorkloadLabel.META)),
        containers: [
          componentContainer(ctx, component, {
            name: component,
            image: ctx.gitpodImage(component, ctx.versions.components.contentService.version),
            args: ['run', '--config', '/config/config.json'],
            resources: { requests: { cpu: '100m', memory: '32Mi' } },
            ports: [
              { name: 'rpc', containerPort: 8080 },
              { name: 'metrics', containerPort: 9500 },
            ],
            // Read-only root: its one scratch directory (GCS backups, os.MkdirTemp in
            // components/content-service/pkg/storage/gcloud.go) is the `tmp` emptyDir.
            securityContext: hardened({ privileged: false, runAsUser: 1000 }, { readOnlyRootFilesystem: true }),
            env: [
              ...defaultEnv(ctx),
              ...tracingEnv(ctx, component, 'workspace'),
              { name: 'GRPC_GO_RETRY', value: 'on' },
            ],
            volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }, storage.mount, TMP_MOUNT],
          }),
          kubeRbacProxyContainer(ctx),
        ],
        volumes: [{ name: 'config', configMap: { name: this.configMap.name } }, storage.volume, TMP_VOLUME],
      },
    });
  }
}
