import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { InstallationContext, WorkloadLabel } from '../context';
import type { IDatabase } from '../dependencies/database';
import { k8s } from '../k8s';
import { byText } from './compare';
import { databaseWaiterContainer } from './containers';

/** Upstream's rollout: one extra pod at a time, never fewer than desired. */
export function rollingUpdate(): k8s.DeploymentStrategy {
  return {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) },
  };
}

/**
 * `gitpod.io/checksum_config`: a sha256 over the given config content, so that pods restart when
 * their config changes. Deterministic: the input is serialised with sorted keys.
 */
export function configChecksum(...parts: unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : stableStringify(p));
  return h.digest('hex');
}

export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(byText(([k]) => k));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A named TCP port of a container. */
export function containerPort(name: string, containerPort: number, protocol?: string): k8s.ContainerPort {
  return protocol ? { name, containerPort, protocol } : { name, containerPort };
}

export const q = (s: string): k8s.Quantity => k8s.Quantity.fromString(s);

export interface ComponentDeploymentOptions {
  /** Name of the Deployment. @default the component name */
  readonly name?: string;
  /** Replicas. @default `experimental.common.podConfig.<component>.replicas`, else 1 */
  readonly replicas?: number;
  /** Annotations of the Deployment itself. */
  readonly annotations?: Record<string, string>;
  /** Annotations of the pod template (typically `gitpod.io/checksum_config`). */
  readonly podAnnotations?: Record<string, string>;
  /** The pod spec, as the component needs it. */
  readonly podSpec: k8s.PodSpec;
}

/**
 * A Gitpod component's Deployment: labels and selector app + component, upstream's rolling
 * update, pods named after the component. Only the pod spec varies between components.
 */
export function componentDeployment(
  scope: Construct,
  ctx: InstallationContext,
  component: string,
  opts: ComponentDeploymentOptions,
): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, 'deployment', {
    metadata: ctx.metadata(component, opts.name ?? component, { annotations: opts.annotations }),
    spec: {
      replicas: opts.replicas ?? ctx.replicas(component),
      selector: { matchLabels: ctx.labels(component) },
      strategy: rollingUpdate(),
      template: {
        metadata: {
          name: component,
          namespace: ctx.namespace,
          labels: ctx.labels(component),
          ...(opts.podAnnotations ? { annotations: opts.podAnnotations } : {}),
        },
        spec: opts.podSpec,
      },
    },
  });
}

/** What `databaseJob` needs beyond the context. */
export interface DatabaseJobProps {
  /** The `component` label. */
  readonly component: string;
  /** The Job's (and its pod template's) name. */
  readonly name: string;
  /** The pod's ServiceAccount. */
  readonly serviceAccountName: string;
  /** The database it waits for before its containers start. */
  readonly database: IDatabase;
  /** Its containers (the database waiter runs before them). */
  readonly containers: k8s.Container[];
  /** Its volumes, if any. */
  readonly volumes?: k8s.Volume[];
}

/**
 * A one-shot Job against the database (the migrations, `dbinit`): on the meta nodes, never
 * restarted, removed 60 s after it finishes, its containers started once the database answers.
 */
export function databaseJob(scope: Construct, ctx: InstallationContext, p: DatabaseJobProps): k8s.KubeJob {
  return new k8s.KubeJob(scope, 'job', {
    metadata: ctx.metadata(p.component, p.name),
    spec: {
      ttlSecondsAfterFinished: 60,
      template: {
        metadata: { name: p.name, namespace: ctx.namespace, labels: ctx.labels(p.component) },
        spec: {
          affinity: ctx.nodeAffinity(WorkloadLabel.META),
          restartPolicy: 'Never',
          serviceAccountName: p.serviceAccountName,
          enableServiceLinks: false,
          initContainers: [databaseWaiterContainer(ctx, p.database)],
          containers: p.containers,
          ...(p.volumes ? { volumes: p.volumes } : {}),
        },
      },
    },
  });
}
