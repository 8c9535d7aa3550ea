import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';

/**
 * Upstream binds the ide-metrics and ide-service accounts (ClusterRoleBinding `<component>`,
 * without the namespace prefix) to a ClusterRole `<component>` that it never renders. Neither
 * binary calls the Kubernetes API at this release, so we render that ClusterRole granting
 * nothing: the binding resolves, carries over unchanged, and grants no access.
 */
export function unprefixedComponentBinding(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
): { clusterRole: k8s.KubeClusterRole; clusterRoleBinding: k8s.KubeClusterRoleBinding } {
  const clusterRole = new k8s.KubeClusterRole(scope, 'cluster-role', {
    metadata: ctx.clusterMetadata(component, component),
    rules: [],
  });
  const clusterRoleBinding = new k8s.KubeClusterRoleBinding(scope, 'cluster-role-binding', {
    metadata: ctx.clusterMetadata(component, component),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: component },
    subjects: [{ kind: 'ServiceAccount', name: component, namespace: ctx.namespace }],
  });
  return { clusterRole, clusterRoleBinding };
}
