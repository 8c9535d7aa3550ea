import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';

/**
 * The ServiceAccount of a component (upstream `DefaultServiceAccount`): token mounted, and every
 * `imagePullSecrets` entry of the config attached.
 */
export function componentServiceAccount(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  name: string = component,
): k8s.KubeServiceAccount {
  const pullSecrets = (ctx.config.imagePullSecrets ?? []).map((s) => ({ name: s.name }));
  return new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: ctx.metadata(component, name),
    automountServiceAccountToken: true,
    ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets } : {}),
  });
}

/** The ClusterRoles that stand where PodSecurityPolicies used to be granted (see `cluster.ts`). */
export enum PodSecurityRole {
  PRIVILEGED = 'ns-psp:privileged',
  RESTRICTED_ROOT_USER = 'ns-psp:restricted-root-user',
  UNPRIVILEGED = 'ns-psp:unprivileged',
}

/** The rule that grants `use` of one PodSecurityPolicy (`<ns>-<policy>`), the only rule of upstream's PSP roles. */
export function podSecurityPolicyUse(ctx: InstallationContext, policy: string): k8s.PolicyRule {
  return { apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: [ctx.clusterName(policy)] };
}

/** The RoleBinding `<component>` of the component's ServiceAccount to a Role or ClusterRole of the given name. */
export function componentRoleBinding(scope: Construct, ctx: InstallationContext, component: string, kind: 'Role' | 'ClusterRole', name: string): k8s.KubeRoleBinding {
  return new k8s.KubeRoleBinding(scope, 'role-binding', {
    metadata: ctx.metadata(component, component),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name },
    subjects: [{ kind: 'ServiceAccount', name: component }],
  });
}

/** A RoleBinding of the component's ServiceAccount to one of the `<ns>-ns-psp:*` ClusterRoles. */
export function podSecurityRoleBinding(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  opts: { name?: string; serviceAccount?: string; role?: PodSecurityRole; id?: string } = {},
): k8s.KubeRoleBinding {
  return new k8s.KubeRoleBinding(scope, opts.id ?? 'psp-role-binding', {
    metadata: ctx.metadata(component, opts.name ?? component),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: ctx.clusterName(opts.role ?? PodSecurityRole.RESTRICTED_ROOT_USER),
    },
    subjects: [{ kind: 'ServiceAccount', name: opts.serviceAccount ?? component }],
  });
}

/**
 * The ClusterRoleBinding that lets a component's kube-rbac-proxy sidecar review tokens:
 * `<ns>-<name>` → ClusterRole `<ns>-kube-rbac-proxy`. Upstream names vary per component
 * (`-kube-rbac-proxy` or `-rb-kube-rbac-proxy`), so the suffix is given.
 */
export function kubeRbacProxyBinding(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  name: string = `${component}-kube-rbac-proxy`,
  serviceAccount: string = component,
): k8s.KubeClusterRoleBinding {
  return new k8s.KubeClusterRoleBinding(scope, 'kube-rbac-proxy-binding', {
    metadata: ctx.clusterMetadata(component, ctx.clusterName(name)),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ctx.clusterName('kube-rbac-proxy') },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: ctx.namespace }],
  });
}
