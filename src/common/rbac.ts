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
