/**
 * The installer's merge rule (Go `encoding/json` decoding into a pre-filled struct):
 * objects merge key by key, arrays and scalars replace, an explicit `null` clears the field.
 */
export function mergeConfig<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) {
      delete out[k];
    } else {
      out[k] = mergeConfig(out[k], v);
    }
  }
  return out as T;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
