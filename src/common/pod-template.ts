/**
 * Typed changes to the pods of a workload (a component's Deployment, DaemonSet, StatefulSet, Job
 * or CronJob), for the common extensions a downstream package makes before it reaches for JSON
 * patches: a sidecar, a volume, environment variables, pod annotations and labels.
 *
 * ```ts
 * PodTemplate.of(gitpod.server!.deployment)
 *   .addContainer({ name: 'log-shipper', image: 'fluent-bit:2.2', resources: { requests: { cpu: k8s.Quantity.fromString('10m') } } })
 *   .addEnv('server', { name: 'DD_AGENT_HOST', value: 'datadog' });
 * ```
 * The changes apply when the installation synthesizes (after the object's JSON patches), on every
 * synthesis path, and the result is validated like the rest of the rendering.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from '../k8s';
import { addManifestTransform } from '../output/synthesis';

type Json = Record<string, any>;

/** The pod template of a workload manifest, and a copy of the manifest with a changed template. */
function templateOf(m: Json): Json | undefined {
  return m.kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template : m.spec?.template;
}

function withTemplate(m: Json, change: (template: Json) => Json): Json {
  const copy = JSON.parse(JSON.stringify(m));
  const template = templateOf(copy);
  if (!template) throw new Error(`${m.kind} ${m.metadata?.name} has no pod template`);
  const changed = change(template);
  if (copy.kind === 'CronJob') copy.spec.jobTemplate.spec.template = changed;
  else copy.spec.template = changed;
  return copy;
}

/** Typed changes to the pod template of one workload object. */
export class PodTemplate {
  /** The pod template of `workload` (a `KubeDeployment`, `KubeDaemonSet`, `KubeStatefulSet`, `KubeJob` or `KubeCronJob`). */
  public static of(workload: ApiObject): PodTemplate {
    if (!['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'].includes(workload.kind)) {
      throw new Error(`${workload.kind} ${workload.name} has no pod template (a Deployment, DaemonSet, StatefulSet, Job or CronJob has)`);
    }
    return new PodTemplate(workload);
  }

  private constructor(
    /** The workload object whose pods this changes. */
    public readonly workload: ApiObject,
  ) {}

  /** Adds a container (a sidecar), or an init container with `{ init: true }`. */
  public addContainer(container: k8s.Container, opts: { readonly init?: boolean } = {}): this {
    const json = k8s.toJson_Container(container)!;
    const list = opts.init ? 'initContainers' : 'containers';
    return this.change((t) => {
      const spec = t.spec ?? {};
      if ((spec[list] ?? []).some((c: Json) => c.name === json.name)) {
        throw new Error(`${this.workload.kind} ${this.workload.name} already has a container "${json.name}"`);
      }
      return { ...t, spec: { ...spec, [list]: [...(spec[list] ?? []), json] } };
    });
  }

  /** Adds a volume to the pods, and mounts it into the named containers. */
  public addVolume(volume: k8s.Volume, mounts: readonly { readonly container: string; readonly mount: k8s.VolumeMount }[] = []): this {
    const json = k8s.toJson_Volume(volume)!;
    this.change((t) => ({ ...t, spec: { ...t.spec, volumes: [...(t.spec?.volumes ?? []), json] } }));
    for (const { container, mount } of mounts) {
      this.changeContainer(container, (c) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), k8s.toJson_VolumeMount(mount)] }));
    }
    return this;
  }

  /** Adds environment variables to the named container (init containers included); a name it already has is replaced. */
  public addEnv(container: string, ...env: k8s.EnvVar[]): this {
    const added = env.map((e) => k8s.toJson_EnvVar(e)!);
    return this.changeContainer(container, (c) => {
      const kept = (c.env ?? []).filter((e: Json) => !added.some((a) => a.name === e.name));
      return { ...c, env: [...kept, ...added] };
    });
  }

  /** Adds annotations to the pods (a key already there is replaced). */
  public addAnnotations(annotations: Record<string, string>): this {
    return this.change((t) => ({ ...t, metadata: { ...t.metadata, annotations: { ...(t.metadata?.annotations ?? {}), ...annotations } } }));
  }

  /** Adds labels to the pods; the selector is left as it is (Kubernetes rejects a changed selector on upgrade). */
  public addLabels(labels: Record<string, string>): this {
    return this.change((t) => ({ ...t, metadata: { ...t.metadata, labels: { ...(t.metadata?.labels ?? {}), ...labels } } }));
  }

  private change(f: (template: Json) => Json): this {
    addManifestTransform(this.workload, (m) => withTemplate(m, f));
    return this;
  }

  private changeContainer(name: string, f: (container: Json) => Json): this {
    return this.change((t) => {
      const spec = t.spec ?? {};
      let found = false;
      const map = (list: Json[] | undefined) =>
        list?.map((c) => {
          if (c.name !== name) return c;
          found = true;
          return f(c);
        });
      const next = { ...spec, containers: map(spec.containers), ...(spec.initContainers ? { initContainers: map(spec.initContainers) } : {}) };
      if (!found) throw new Error(`${this.workload.kind} ${this.workload.name} has no container "${name}"`);
      return { ...t, spec: next };
    });
  }
}
