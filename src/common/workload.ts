import { createHash } from 'node:crypto';
import { k8s } from '../k8s';

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
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A named TCP port of a container. */
export function containerPort(name: string, containerPort: number, protocol?: string): k8s.ContainerPort {
  return protocol ? { name, containerPort, protocol } : { name, containerPort };
}

export const q = (s: string): k8s.Quantity => k8s.Quantity.fromString(s);
