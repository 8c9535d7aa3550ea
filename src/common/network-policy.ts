import { Construct } from 'constructs';
import { InstallationContext, Labels } from '../context';
import { k8s } from '../k8s';

/** TCP ports of a NetworkPolicy rule. */
export function tcpPorts(...ports: number[]): k8s.NetworkPolicyPort[] {
  return ports.map((port) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }));
}

/**
 * Upstream's Prometheus peer: pods labelled `podLabels` in namespaces labelled `chart: monitoring`
 * (Gitpod's monitoring-satellite). Upstream's components disagree on the pod labels (most say
 * `component: server`, the server's own policy `component: proxy`); each keeps its own.
 */
export function monitoringPeer(podLabels: Labels = { component: 'server' }): k8s.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { chart: 'monitoring' } }, podSelector: { matchLabels: podLabels } };
}

/** Peers for the pods of Gitpod components (labels `app: gitpod`, `component: <name>`) in the same namespace. */
export function componentPeers(ctx: InstallationContext, components: readonly string[]): k8s.NetworkPolicyPeer[] {
  return components.map((c) => ({ podSelector: { matchLabels: ctx.labels(c) } }));
}

/**
 * An ingress-only NetworkPolicy for a component that upstream left open: only the listed rules
 * are allowed in (the kubelet's probes come from the node, which NetworkPolicies do not filter).
 */
export function ingressPolicy(
  scope: Construct,
  metadata: k8s.ObjectMeta,
  podLabels: Labels,
  ingress: k8s.NetworkPolicyIngressRule[],
): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata,
    spec: { podSelector: { matchLabels: podLabels }, policyTypes: ['Ingress'], ingress },
  });
}
