/**
 * Rotation (config `cdk8s.reloader`, on by default): Stakater Reloader annotations on every
 * Deployment, StatefulSet and DaemonSet, naming exactly the Secrets and ConfigMaps its pods read
 * (env `secretKeyRef`/`configMapKeyRef`, `envFrom`, `secret`/`configMap` volumes and projected
 * sources). With Reloader in the cluster, a change of any of them rolls the workload; without
 * it the annotations do nothing. Gitpod's binaries read their credentials once at start (env,
 * subPath mounts, key files), so a rotated Secret is only used after a restart.
 *
 * Image pull Secrets are left out: the kubelet reads them at each pull, no restart needed.
 * Annotations the object already carries (from `customization`) win.
 */
import { DEFAULT_RELOADER } from '../config/defaults';
import { InstallationContext } from '../context';
import { withAddedAnnotations } from '../common/objects';

export const RELOADER_SECRETS = 'secret.reloader.stakater.com/reload';
export const RELOADER_CONFIGMAPS = 'configmap.reloader.stakater.com/reload';

const ROLLED_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The Secrets and ConfigMaps a pod spec reads, each sorted and without duplicates. */
export function podSpecReads(podSpec: Record<string, any> | undefined): { secrets: string[]; configMaps: string[] } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const c of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
      if (e.configMapRef?.name) configMaps.add(e.configMapRef.name);
    }
  }
  for (const v of podSpec?.volumes ?? []) {
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name) secrets.add(s.secret.name);
      if (s.configMap?.name) configMaps.add(s.configMap.name);
    }
  }
  return { secrets: [...secrets].sort(), configMaps: [...configMaps].sort() };
}

/** The Reloader annotations of one object (empty when off, or not a rolled workload). */
export function reloaderAnnotations(ctx: InstallationContext, manifest: Record<string, any>): Record<string, string> {
  if (!(ctx.config.cdk8s?.reloader ?? DEFAULT_RELOADER) || !ROLLED_KINDS.has(manifest.kind)) return {};
  const { secrets, configMaps } = podSpecReads(manifest.spec?.template?.spec);
  const out: Record<string, string> = {};
  if (configMaps.length > 0) out[RELOADER_CONFIGMAPS] = configMaps.join(',');
  if (secrets.length > 0) out[RELOADER_SECRETS] = secrets.join(',');
  return out;
}

/** The manifest with its Reloader annotations added (annotations it already has win). */
export function applyReloader(ctx: InstallationContext, manifest: Record<string, any>): Record<string, any> {
  return withAddedAnnotations(manifest, reloaderAnnotations(ctx, manifest));
}

