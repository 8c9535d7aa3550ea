import { InstallationContext, Labels } from '../context';
import { k8s } from '../k8s';

/**
 * Labels of an object that upstream rendered from a Helm chart: the chart's own labels (they are
 * what the selectors use, and Kubernetes rejects a changed selector) plus `app: gitpod` and
 * `component: <component>`. Where the chart already sets `app` (the docker-registry chart), the
 * chart's value wins, because its selector depends on it.
 */
export function chartLabels(ctx: InstallationContext, component: string, labels: Labels): Labels {
  return { ...ctx.labels(component), ...labels };
}

/** Metadata of a namespaced object that upstream rendered from a Helm chart (see `chartLabels`). */
export function chartMetadata(ctx: InstallationContext, component: string, name: string, labels: Labels): k8s.ObjectMeta {
  return { name, namespace: ctx.namespace, labels: chartLabels(ctx, component, labels) };
}

/** Size and storage class of a dependency's volume. */
export interface VolumeSize {
  readonly size: k8s.Quantity;
  readonly storageClassName?: string;
}

/**
 * `cdk8s.storage.<key>`: the size (else `defaultSize`, upstream's) and the storage class (else the
 * cluster default) of a dependency's persistent volume.
 */
export function volumeSize(ctx: InstallationContext, key: string, defaultSize: string): VolumeSize {
  const s = ctx.config.cdk8s?.storage?.[key];
  return {
    size: k8s.Quantity.fromString(String(s?.size ?? defaultSize)),
    ...(s?.storageClass ? { storageClassName: s.storageClass } : {}),
  };
}

/** The `imagePullSecrets` of the config, for pod specs that upstream's charts gave them. */
export function imagePullSecrets(ctx: InstallationContext): k8s.LocalObjectReference[] | undefined {
  const secrets = (ctx.config.imagePullSecrets ?? []).map((s) => ({ name: s.name }));
  return secrets.length > 0 ? secrets : undefined;
}

/** The `data` claim template of a dependency's StatefulSet: one ReadWriteOnce volume of the configured size and class. */
export function dataClaimTemplate(labels: Labels, volume: VolumeSize): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: 'data', labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: volume.size } },
      ...(volume.storageClassName ? { storageClassName: volume.storageClassName } : {}),
    },
  };
}
