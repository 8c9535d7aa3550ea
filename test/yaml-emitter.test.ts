/**
 * @jest-environment node
 */
// Own realm (not test/env/shared-lib-environment.js): the values here are written in the test and
// must be plain data of the library's realm, as they are when the library builds them.
/**
 * emitYaml (src/common/yaml-emitter.ts) against js-yaml's `dump` with our options: the same bytes
 * on tricky values and on seeded random strings and shapes; js-yaml itself wherever the emitter
 * declines. Every object of every test config: test/serialization-configs.test.ts.
 */
import { emitYaml } from '../src/common/yaml-emitter';
import { jsYamlDump, toYaml } from '../src/common/yaml';
import { seededRandom } from './same-json';

/** Both writers, both key orders: the emitter must write js-yaml's bytes (or decline). */
function expectSameYaml(value: unknown, mustHandle = true): void {
  for (const sortKeys of [false, true]) {
    const ours = emitYaml(value, sortKeys);
    if (mustHandle) expect(ours).toBeDefined();
    if (ours !== undefined) expect(ours).toBe(jsYamlDump(value, sortKeys));
  }
}

const TRICKY_STRINGS = [
  '', ' ', '  ', 'a', ' a', 'a ', ' a ', 'on', 'On', 'ON', 'off', 'yes', 'Yes', 'no', 'y', 'Y', 'n', 'N', 'true', 'True', 'TRUE',
  'false', 'null', 'Null', 'NULL', '~', '<<', '0', '-0', '+1', '1.', '.5', '1e3', '1E3', '1e+3', '0x1F', '0o7', '0b101', '1_000',
  '12:30', '1:2:3', '-1:30', '190:20:30', '.inf', '-.Inf', '.NaN', '.nan', 'nan', 'inf', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5', '#', 'a#b', 'a #b', '# comment', 'a: b', 'a:b', 'a:', ':a', 'http://x/y', 'key: value # no', '- item',
  '-', '--', '---', '...', '?', '? x', '*a', '&a', '!tag', '!!str', '|', '>', '%YAML', '@x', '`x`', "'", "it's", '"', 'say "hi"',
  '\\', 'a\\nb', '[a]', '{a}', 'a,b', 'a, b', '=', 'a=b', '\t', 'a\tb', '\r', 'a\r\nb', '\n', '\n\n', 'a\n', 'a\n\n', 'a\nb', 'a\nb\n',
  '\na', ' \na', '\n a', '  leading\nlines', 'trailing \nspace ', 'x\n\n\ny\n\n', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085',
  '\u00a0', '\u00e4\u00f6\u00fc', '\u2028', '\u2029', '\ufeff', '\ud83d\ude00', 'emoji \ud83d\ude00 end', '\ud800', 'x\udc00', '\ud83d',
  '日本語', 'a'.repeat(2000), `${'word '.repeat(100)}end`, 'a\u00a0b', 'éclair: crème', 'C:\\path', '${VAR}', '{{ .Values }}',
];

describe('tricky values', () => {
  test('strings as values, as keys, in lists, at every depth', () => {
    for (const s of TRICKY_STRINGS) {
      expectSameYaml({ v: s });
      expectSameYaml({ [s]: 'v' }, s.length <= 1000);
      expectSameYaml({ list: [s, [s], { k: s }] });
      expectSameYaml({ a: { b: { c: [{ d: s }] } } });
    }
  });

  test('numbers, booleans, null, undefined, empty collections, nested lists of maps', () => {
    expectSameYaml({ n: [0, 1, -1, 42, 1.5, -0.25, 123456789012, 0.1 + 0.2, 2 ** 53] });
    expectSameYaml({ b: [true, false], z: null, u: undefined, e: {}, l: [], ll: [[], [[]], [{}]], lu: [undefined, null] });
    expectSameYaml({ only: undefined });
    expectSameYaml({ items: [{ a: 1, b: [{ c: 'd', e: [1, 2] }] }, [{ x: 'y' }, 'z'], 'w'] });
    expectSameYaml({ '10': 'a', '2': 'b', 'b': 'c', 'a': 'd', 'B': 'e' });
    expectSameYaml(Object.assign(Object.create(null), { a: 'null prototype' }));
  });

  test('declines what it does not reproduce; toYaml then writes js-yaml\'s text', () => {
    for (const value of [
      { n: -0 }, { n: NaN }, { n: Infinity }, { n: 1e21 }, { n: 1e-7 }, { d: new Date(0) }, { s: Symbol('x') }, { f: () => 1 },
      { big: 1n }, { [`${'k'.repeat(1100)}`]: 'explicit key' }, { a: [1, , 3] }, { m: new Map() }, 'a string', 42, null,
    ] as unknown[]) {
      expect(emitYaml(value, false)).toBeUndefined();
      let expected: string | Error;
      try {
        expected = jsYamlDump(value);
      } catch (e) {
        expected = e as Error;
      }
      if (expected instanceof Error) expect(() => toYaml(value)).toThrow();
      else expect(toYaml(value)).toBe(expected);
    }
  });

  test('shared references are written out in full (noRefs)', () => {
    const shared = { a: ['b'] };
    expectSameYaml({ x: shared, y: shared, z: [shared, shared] });
  });
});

describe('seeded random strings and shapes (a failure names its seed)', () => {
  // the characters YAML gives a meaning, and the ones js-yaml escapes or quotes
  const ALPHABET = [
    'a', 'b', 'Z', '0', '1', '9', ' ', ' ', '\t', '\n', '\n', '\r', "'", '"', ':', '#', '-', '?', '*', '&', '!', '|', '>', '%', '@', '`',
    ',', '[', ']', '{', '}', '=', '~', '.', '_', '+', '\\', '/', '<', '\u00e4', '\u00a0', '\u2028', '\u0085', '\ufeff', '\u0000',
    '\ud83d\ude00', '\ud800', '日',
  ];
  const WORDS = ['null', 'true', 'on', 'yes', 'y', 'No', 'OFF', '~', '0x1F', '1e3', '.5', '0o7', '1_000', '2001-12-14', '12:30:00', '<<', '.inf', '-1', '+2', '0.0'];

  function randomString(rnd: () => number): string {
    if (rnd() < 0.25) {
      const w = WORDS[Math.floor(rnd() * WORDS.length)];
      const pad = [' ', '', '', '\n', 'x'];
      return `${rnd() < 0.3 ? pad[Math.floor(rnd() * pad.length)] : ''}${w}${rnd() < 0.3 ? pad[Math.floor(rnd() * pad.length)] : ''}`;
    }
    const n = Math.floor(rnd() * (rnd() < 0.1 ? 60 : 8));
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    return s;
  }

  function randomValue(rnd: () => number, depth: number): unknown {
    const r = rnd();
    if (depth > 4 || r < 0.45) {
      const k = rnd();
      if (k < 0.6) return randomString(rnd);
      if (k < 0.75) return Math.floor(rnd() * 2000) - 1000;
      if (k < 0.8) return Math.round(rnd() * 1e6) / 1e3;
      if (k < 0.9) return rnd() < 0.5;
      return rnd() < 0.5 ? null : undefined;
    }
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    const o: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) o[randomString(rnd)] = randomValue(rnd, depth + 1);
    return o;
  }

  test('5000 strings near the plain/quoted boundary (letters, digits, `:`, space, `#`, `-`, quotes)', () => {
    const NEAR = ['a', 'n', 'u', 'l', 'o', 'Y', '0', '1', ':', ' ', '#', '-', '.', '/', '_', "'", '@', ',', '(', '=', '~', '\t', '\n'];
    for (let seed = 1; seed <= 5000; seed++) {
      const rnd = seededRandom(seed);
      let s = '';
      for (let i = Math.floor(rnd() * 7); i >= 0; i--) s += NEAR[Math.floor(rnd() * NEAR.length)];
      const doc = { [s]: s, l: [s] };
      const ours = emitYaml(doc, false);
      if (ours !== jsYamlDump(doc)) throw new Error(`seed ${seed} ${JSON.stringify(s)}: ${JSON.stringify(ours)} vs ${JSON.stringify(jsYamlDump(doc))}`);
    }
  });

  test('2000 random documents', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const rnd = seededRandom(seed);
      const doc = { root: randomValue(rnd, 0), [randomString(rnd)]: randomValue(rnd, 1) };
      for (const sortKeys of [false, true]) {
        const ours = emitYaml(doc, sortKeys);
        const theirs = jsYamlDump(doc, sortKeys);
        if (ours !== theirs) {
          throw new Error(`seed ${seed} sortKeys ${sortKeys}: ${ours === undefined ? 'declined' : `differs\n${JSON.stringify(ours)}\n${JSON.stringify(theirs)}`}`);
        }
      }
    }
  });
});
