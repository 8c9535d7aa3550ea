import { InstallationContext } from '../context';
import { sortKeys } from '../common/objects';
import { customizationsFor } from '../common/env';

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job']);

/**
 * Apply the config's `customization` labels and annotations to one manifest.
 *
 * Entries match on apiVersion, kind and the *component* name (the object's `component` label, as
 * upstream matches the component, not the object name), each field exact or `*`; later entries win.
 * Built-in labels and annotations always win over customization, and nothing touches a selector.
 * Workloads also get them on their pod template (matched with the workload's kind, as upstream).
 */
export function applyCustomization(ctx: InstallationContext, manifest: Record<string, any>): Record<string, any> {
  if (!ctx.config.customization?.length) return manifest;
  const meta = manifest.metadata ?? {};
  const component: string = meta.labels?.component ?? meta.labels?.['app.kubernetes.io/name'] ?? meta.name;
  const entries = customizationsFor(ctx, component, { apiVersion: manifest.apiVersion, kind: manifest.kind });
  if (entries.length === 0) return manifest;
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const e of entries) {
    Object.assign(labels, e.metadata.labels);
    Object.assign(annotations, e.metadata.annotations);
  }
  const customizeMeta = (m: Record<string, any> | undefined): Record<string, any> => {
    const out = { ...(m ?? {}) };
    if (Object.keys(labels).length > 0) out.labels = sortKeys({ ...labels, ...(m?.labels ?? {}) });
    if (Object.keys(annotations).length > 0) out.annotations = sortKeys({ ...annotations, ...(m?.annotations ?? {}) });
    return sortKeys(out);
  };
  const result: Record<string, any> = { ...manifest, metadata: customizeMeta(meta) };
  if (WORKLOADS.has(manifest.kind) && manifest.spec?.template) {
    result.spec = { ...manifest.spec, template: { ...manifest.spec.template, metadata: customizeMeta(manifest.spec.template.metadata) } };
  }
  if (manifest.kind === 'CronJob' && manifest.spec?.jobTemplate?.spec?.template) {
    const jt = manifest.spec.jobTemplate;
    result.spec = {
      ...manifest.spec,
      jobTemplate: { ...jt, spec: { ...jt.spec, template: { ...jt.spec.template, metadata: customizeMeta(jt.spec.template.metadata) } } },
    };
  }
  return result;
}

