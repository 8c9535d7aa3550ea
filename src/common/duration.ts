const UNIT_NS: Record<string, bigint> = {
  h: 3600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu: Go accepts both
  ns: 1n,
};

/** The largest `time.Duration` (int64 nanoseconds): 2562047h47m16.854775807s. */
export const MAX_GO_DURATION_NS = (1n << 63n) - 1n;

/** Go's `time.ParseDuration` grammar without a sign: `0`, or `<number><unit>` repeated (`1h30m`, `.5s`, `1.5h`). */
export const GO_DURATION_PATTERN = '^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$';

/**
 * A Go duration in nanoseconds, exactly as Go's `time.ParseDuration` computes it for an unsigned
 * input; throws for what Go rejects: bad syntax, and values beyond int64 nanoseconds (Go:
 * "invalid duration" / overflow, e.g. `99999999999999999999h`).
 */
export function parseGoDuration(input: string): bigint {
  const text = input.trim();
  if (text === '0') return 0n;
  if (!new RegExp(GO_DURATION_PATTERN).test(text)) throw new Error(`invalid duration "${input}"`);
  const re = /([0-9]*)(?:\.([0-9]*))?(h|ms|us|µs|μs|ns|m|s)/gy;
  let total = 0n;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const unit = UNIT_NS[match[3]];
    const whole = BigInt(match[1] || '0');
    // Go: the integer part must fit int64 before and after scaling by the unit.
    if (whole > MAX_GO_DURATION_NS / unit) throw new Error(`invalid duration "${input}": beyond Go's maximum of 2562047h`);
    let v = whole * unit;
    const frac = match[2] ?? '';
    if (frac !== '') v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += v;
    if (total > MAX_GO_DURATION_NS) throw new Error(`invalid duration "${input}": beyond Go's maximum of 2562047h`);
  }
  return total;
}

/**
 * A duration as Go's `time.Duration.String()` writes it (`36h` → `36h0m0s`, `2m` → `2m0s`), which
 * is how upstream's configs carry durations. Accepts Go duration syntax (`1h30m`, `90s`, `500ms`).
 */
export function goDuration(input: string): string {
  if (input.trim() === '') return '0s';
  const ns = parseGoDuration(input);
  if (ns === 0n) return '0s';
  if (ns < 1_000_000_000n) {
    if (ns >= 1_000_000n) return `${fraction(ns, 1_000_000n)}ms`;
    if (ns >= 1_000n) return `${fraction(ns, 1_000n)}µs`;
    return `${ns}ns`;
  }
  const h = ns / 3600_000_000_000n;
  const m = (ns % 3600_000_000_000n) / 60_000_000_000n;
  const s = fraction(ns % 60_000_000_000n, 1_000_000_000n);
  if (h > 0n) return `${h}h${m}m${s}s`;
  if (m > 0n) return `${m}m${s}s`;
  return `${s}s`;
}

/** `n / unit` as a decimal without trailing zeros (`1500, 1000` → `1.5`). */
function fraction(n: bigint, unit: bigint): string {
  const whole = n / unit;
  const rest = n % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
