const UNIT_NS: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, 'µs': 1e3, ns: 1 };

/**
 * A duration as Go's `time.Duration.String()` writes it (`36h` → `36h0m0s`, `2m` → `2m0s`), which
 * is how upstream's configs carry durations. Accepts Go duration syntax (`1h30m`, `90s`, `500ms`).
 */
export function goDuration(input: string): string {
  const text = input.trim();
  if (text === '0' || text === '') return '0s';
  const re = /(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/gy;
  let ns = 0;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(text)) !== null) {
    ns += Number(match[1]) * UNIT_NS[match[2]];
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`invalid duration "${input}"`);
  ns = Math.round(ns);
  if (ns < 1e9) {
    if (ns >= 1e6) return `${trim(ns / 1e6)}ms`;
    if (ns >= 1e3) return `${trim(ns / 1e3)}µs`;
    return `${ns}ns`;
  }
  const h = Math.floor(ns / 3600e9);
  const m = Math.floor((ns % 3600e9) / 60e9);
  const s = trim((ns % 60e9) / 1e9);
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
