/** Small helpers for plain manifest objects, shared by the output passes and the components. */

import { byText } from './compare';

/** `o` with its keys in code-point order (the rendering is deterministic whatever the insertion order). */
export function sortKeys<T extends Record<string, any>>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(byText(([k]) => k))) as T;
}

/** The manifest with `add` merged into its annotations; annotations it already has win. */
export function withAddedAnnotations(manifest: Record<string, any>, add: Record<string, string>): Record<string, any> {
  if (Object.keys(add).length === 0) return manifest;
  const meta = manifest.metadata ?? {};
  const annotations = sortKeys({ ...add, ...(meta.annotations ?? {}) });
  return { ...manifest, metadata: sortKeys({ ...meta, annotations }) };
}
