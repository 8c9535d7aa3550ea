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

/** Peers for the pods labelled `component: <name>` (any app), as upstream's policies select them. */
export function podPeers(...components: string[]): k8s.NetworkPolicyPeer[] {
  return components.map((component) => ({ podSelector: { matchLabels: { component } } }));
}

/** Ingress from the pods of the named components (by `component` label) to the given TCP ports (all ports when none). */
export function fromComponents(components: readonly string[], ...ports: number[]): k8s.NetworkPolicyIngressRule {
  return { from: podPeers(...components), ...(ports.length > 0 ? { ports: tcpPorts(...ports) } : {}) };
}

/** Ingress from the proxy only (`component: proxy`) to the given TCP ports. */
export function fromProxy(...ports: number[]): k8s.NetworkPolicyIngressRule {
  return fromComponents(['proxy'], ...ports);
}

/** Prometheus (the monitoring chart, see `monitoringPeer`) scrapes the metrics port. */
export function fromMonitoring(port = 9500, podLabels?: Labels): k8s.NetworkPolicyIngressRule {
  return { from: [monitoringPeer(podLabels)], ports: tcpPorts(port) };
}

/** One empty rule: any source may reach any port (components reached from other clusters and from workspaces). */
export function allowAllIngress(): k8s.NetworkPolicyIngressRule[] {
  return [{}];
}

/**
 * The NetworkPolicy of a component's pods, ingress only: the given rules, or no ingress at all
 * when `ingress` is undefined. Named after the component unless `name` says otherwise.
 */
export function componentNetworkPolicy(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  ingress: k8s.NetworkPolicyIngressRule[] | undefined,
  name = component,
): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: ctx.metadata(component, name),
    spec: { podSelector: { matchLabels: ctx.labels(component) }, policyTypes: ['Ingress'], ...(ingress ? { ingress } : {}) },
  });
}
