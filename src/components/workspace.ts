import { toYaml } from '../common/yaml';
import { Construct } from 'constructs';
import { componentRoleBinding, componentServiceAccount, podSecurityPolicyUse } from '../common/rbac';
import { PodTemplate, WorkspaceTemplates } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { monitoringPeer } from '../common/network-policy';
import { sortKeys } from '../common/objects';
import { ComponentProps } from '../common/props';

/** Where ws-manager finds the pod templates (the `workspace-templates` ConfigMap is mounted there). */
export const WORKSPACE_TEMPLATE_PATH = '/workspace-templates';
/** The ConfigMap with the workspace pod templates (upstream renders it with ws-manager's labels). */
export const WORKSPACE_TEMPLATES_CONFIGMAP = 'workspace-templates';

/** The pod template kinds, in upstream's order, and the `*Path` key ws-manager reads each from. */
const TEMPLATE_KINDS: readonly { key: keyof WorkspaceTemplates; pathKey: string }[] = [
  { key: 'default', pathKey: 'defaultPath' },
  { key: 'imagebuild', pathKey: 'imagebuildPath' },
  { key: 'prebuild', pathKey: 'prebuildPath' },
  { key: 'regular', pathKey: 'regularPath' },
];

/** The pod templates of the default class and of every experimental class: file contents and ws-manager's paths. */
export interface WorkspaceTemplateFiles {
  /** File name (`default.yaml`, `<class>-regular.yaml`) → YAML of the Pod template. */
  readonly files: Record<string, string>;
  /** Class id (`default`, ...) → `{ defaultPath: '/workspace-templates/default.yaml', ... }`. */
  readonly paths: Record<string, Record<string, string>>;
}

/**
 * The files of `workspace-templates`: `workspace.templates.<kind>` as `<kind>.yaml`, and
 * `experimental.workspace.classes.<id>.templates.<kind>` as `<id>-<kind>.yaml`.
 */
export function workspaceTemplateFiles(ctx: InstallationContext): WorkspaceTemplateFiles {
  const files: Record<string, string> = {};
  const paths: Record<string, Record<string, string>> = {};
  const add = (classId: string, prefix: string, templates: WorkspaceTemplates | undefined) => {
    const classPaths: Record<string, string> = {};
    for (const { key, pathKey } of TEMPLATE_KINDS) {
      const tpl: PodTemplate | undefined = templates?.[key];
      if (!tpl) continue;
      const file = `${prefix}${key}.yaml`;
      if (files[file] !== undefined) {
        throw new Error(`duplicate workspace template "${file}" in workspace class "${classId}"`);
      }
      files[file] = toYaml(tpl, { sortKeys: true });
      classPaths[pathKey] = `${WORKSPACE_TEMPLATE_PATH}/${file}`;
    }
    paths[classId] = classPaths;
  };
  add('default', '', ctx.config.workspace.templates);
  for (const [id, cls] of Object.entries(ctx.config.experimental?.workspace?.classes ?? {})) {
    add(id, `${id}-`, cls.templates);
  }
  return { files: sortKeys(files), paths };
}


/** Props of `WorkspacePods`. */
export interface WorkspacePodsProps extends ComponentProps {}

/**
 * The objects that govern the workspace pods which ws-manager creates (upstream `components/workspace`,
 * plus the `workspace-templates` ConfigMap that upstream renders with ws-manager): their
 * ServiceAccount, RBAC, the default NetworkPolicy, and the pod templates.
 */
export class WorkspacePods extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'workspace';

  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Stands where upstream's PSP-only Role `workspace` would be, so the RoleBinding resolves. */
  public readonly role: k8s.KubeRole;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** `workspace-templates`: labelled `component: ws-manager`, as upstream. */
  public readonly templatesConfigMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: WorkspacePodsProps) {
    super(scope, id);
    const ctx = props.context;
    const component = WorkspacePods.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: ctx.metadata(component, component),
      rules: [podSecurityPolicyUse(ctx, 'ns-workspace')],
    });
    this.roleBinding = componentRoleBinding(this, ctx, component, 'Role', component);

    const from = (c: string): k8s.NetworkPolicyIngressRule => ({
      from: [{ podSelector: { matchLabels: { app: 'gitpod', component: c } } }],
    });
    const tcp = (port: number, protocol = 'TCP'): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromNumber(port), protocol });
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: ctx.metadata(component, 'workspace-default'),
      spec: {
        podSelector: { matchLabels: { ...ctx.labels(component), 'gitpod.io/networkpolicy': 'default' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          from('proxy'),
          from('ws-proxy'),
          from('agent-smith'),
          from('ws-daemon'),
          {
            // Prometheus (the monitoring chart) scrapes the supervisor.
            from: [monitoringPeer({ app: 'gitpod', component: 'server' })],
            ports: [tcp(23000)],
          },
        ],
        egress: [
          // Anywhere but the cloud metadata service.
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] },
          { to: [{ podSelector: { matchLabels: { app: 'gitpod', component: 'proxy' } } }] },
          {
            to: [
              { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
              { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'coredns' } } },
            ],
            ports: [tcp(53), tcp(53, 'UDP')],
          },
        ],
      },
    });

    const { files } = workspaceTemplateFiles(ctx);
    this.templatesConfigMap = new k8s.KubeConfigMap(this, 'templates', {
      metadata: ctx.metadata('ws-manager', WORKSPACE_TEMPLATES_CONFIGMAP),
      ...(Object.keys(files).length > 0 ? { data: files } : {}),
    });
  }
}
