/**
 * The pod spec and container lines that upstream's components share, in one place, so a
 * component's file shows only what is its own.
 */
import { ResourceRequirements } from '../config/types';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { withCustomEnv } from './env';

/** The six pod spec lines shared by Gitpod's long-running pods. */
export interface PodDefaults {
  readonly affinity: k8s.Affinity;
  readonly serviceAccountName: string;
  readonly enableServiceLinks: boolean;
  readonly dnsPolicy: string;
  readonly restartPolicy: string;
  readonly terminationGracePeriodSeconds: number;
}

/**
 * The pod spec lines of upstream's long-running component pods: the component's ServiceAccount and
 * node affinity, no Service env links (Gitpod finds Services by DNS), cluster DNS, restart always,
 * 30 s to stop. Spread it into a pod spec: `{ ...podDefaults(sa, affinity), containers: [...] }`.
 */
export function podDefaults(serviceAccountName: string, affinity: k8s.Affinity): PodDefaults {
  return {
    affinity,
    serviceAccountName,
    enableServiceLinks: false,
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
  };
}

/** A container as `componentContainer` takes it: built-in resources in config form, env before customization. */
export interface ComponentContainerSpec extends Omit<k8s.Container, 'resources' | 'env'> {
  /** Built-in resources; `experimental.common.podConfig.<component>.resources.<name>` replaces them. */
  readonly resources?: ResourceRequirements;
  /** The container's env; the component's `customization` env is appended. */
  readonly env?: k8s.EnvVar[];
}

/**
 * A container of a Gitpod component: pulled `IfNotPresent`, resources overridable per component and
 * container through `podConfig`, env extended by `customization` (the component's own names win).
 */
export function componentContainer(ctx: InstallationContext, component: string, spec: ComponentContainerSpec): k8s.Container {
  const { resources, env, ...rest } = spec;
  return {
    imagePullPolicy: 'IfNotPresent',
    ...rest,
    ...(resources ? { resources: ctx.resources(component, spec.name, resources) } : {}),
    ...(env ? { env: withCustomEnv(ctx, component, env) } : {}),
  };
}

/** Upstream's HTTP probe of the Go and Caddy components: GET `path` on `port`, 3 failures, 1 s timeout. */
export function httpProbe(path: string, port: number): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromNumber(port), scheme: 'HTTP' },
    failureThreshold: 3,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
}

/** The liveness probe of upstream's registry-serving Go components (blobserve, registry-facade): GET `/live`, 5 s delay, 2 s timeout. */
export function liveProbe(port: number): k8s.Probe {
  return {
    httpGet: { path: '/live', port: k8s.IntOrString.fromNumber(port) },
    initialDelaySeconds: 5,
    periodSeconds: 10,
    timeoutSeconds: 2,
    successThreshold: 1,
    failureThreshold: 3,
  };
}
