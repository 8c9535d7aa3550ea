import { goDuration, parseGoDuration } from '../src/common/duration';

describe('goDuration writes durations as Go does', () => {
  test.each([
    ['36h', '36h0m0s'],
    ['2m', '2m0s'],
    ['90s', '1m30s'],
    ['1h30m', '1h30m0s'],
    ['1.5h', '1h30m0s'],
    ['30s', '30s'],
    ['500ms', '500ms'],
    ['0', '0s'],
    ['36h0m0s', '36h0m0s'],
    ['.5h', '30m0s'],
    ['1.h', '1h0m0s'],
    ['1500us', '1.5ms'],
    ['3μs', '3µs'],
    ['2562047h47m16.854775807s', '2562047h47m16.854775807s'],
  ])('%s → %s', (input, expected) => {
    expect(goDuration(input)).toBe(expected);
  });

  test('rejects what Go would reject', () => {
    expect(() => goDuration('2 days')).toThrow(/invalid duration/);
    expect(() => goDuration('10')).toThrow(/invalid duration/);
  });
});

describe('parseGoDuration: the grammar and the range of Go\'s time.ParseDuration', () => {
  test('exact nanoseconds', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('1.000000001s')).toBe(1_000_000_001n);
    expect(parseGoDuration('0')).toBe(0n);
  });

  test.each(['99999999999999999999h', '2562048h', '2562047h47m16.854775808s', '9223372036854775808ns'])('%s overflows int64 nanoseconds', (d) => {
    expect(() => parseGoDuration(d)).toThrow(/beyond Go's maximum/);
  });

  test.each(['', '1', '1d', '-1h', '1h 30m', 'h', '.h'])('%j is not a duration', (d) => {
    expect(() => parseGoDuration(d)).toThrow(/invalid duration/);
  });
});
