/**
 * Where two values differ as JSON data read by key order (what the YAML writer and the checks
 * see): same types, `Object.is` scalars, same prototypes, same keys in the same order, same
 * array holes. Undefined when they are the same; otherwise the path and both values.
 */
export function jsonDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== typeof b) return `${path || '/'}: ${typeof a} vs ${typeof b}`;
  if (typeof a !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? undefined : `${path || '/'}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || '/'}: prototypes differ`;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return `${path || '/'}: length ${a.length} vs ${bb.length}`;
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in bb) return `${path}/${i}: hole vs element`;
      const d = jsonDifference(a[i], bb[i], `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path || '/'}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
  for (const k of ka) {
    const d = jsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
    if (d) return d;
  }
  return undefined;
}

/** A deterministic pseudo-random source (mulberry32): a failing seed reproduces. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
