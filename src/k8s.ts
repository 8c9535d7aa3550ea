/**
 * The typed Kubernetes 1.27 classes (`KubeDeployment`, ...), loaded from cdk8s-plus-27 without the
 * rest of that library: its L2 constructs cost ~100 ms of start-up and change what we emit.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
