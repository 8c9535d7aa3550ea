import { goDuration } from '../src/common/duration';

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
  ])('%s → %s', (input, expected) => {
    expect(goDuration(input)).toBe(expected);
  });

  test('rejects what Go would reject', () => {
    expect(() => goDuration('2 days')).toThrow(/invalid duration/);
    expect(() => goDuration('10')).toThrow(/invalid duration/);
  });
});
