/**
 * @jest-environment node
 */
// Own realm (not test/env/shared-lib-environment.js): the values here are written in the test and
// must be plain JSON of the library's realm, as they are when the library is loaded by a suite.
/**
 * The memos of a rendered object's checks and YAML (guard, schemas, rules, YAML) are keyed by
 * `jsonKey`: the same key only for the same JSON, no key for anything JSON would blur; and what a
 * memo returns is what the check or writer returns on the object itself.
 */
import { jsonKey } from '../src/common/json-key';
import { ruleFindings, schemaFindings } from '../src/validation';

describe('jsonKey', () => {
  test('the same JSON, the same key; different JSON (order, type), different keys', () => {
    expect(jsonKey({ a: 1, b: ['x', true, null] })).toBe(jsonKey({ a: 1, b: ['x', true, null] }));
    expect(jsonKey({ a: 1, b: 2 })).not.toBe(jsonKey({ b: 2, a: 1 }));
    expect(jsonKey({ a: 1 })).not.toBe(jsonKey({ a: '1' }));
    expect(jsonKey(['a,b'])).not.toBe(jsonKey(['a', 'b']));
    expect(jsonKey({ 'a"': 'b' })).toBe('{"a\\"":"b"}');
  });

  test.each([
    ['an undefined value', { a: undefined }],
    ['undefined in a list', [undefined]],
    ['a hole in a list', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['NaN', { a: NaN }],
    ['Infinity', { a: Infinity }],
    ['-0', { a: -0 }],
    ['a Date', { a: new Date(0) }],
    ['a class instance', { a: new (class X { y = 1 })() }],
    ['a function', { a: () => 1 }],
    ['a toJSON method', { toJSON: () => 'x' }],
    ['an inherited key', Object.create({ inherited: 1 })],
    ['a bigint', { a: BigInt(1) }],
  ])('no key for %s (JSON.stringify would blur it)', (_, value) => {
    expect(jsonKey(value)).toBeUndefined();
  });
});

describe('memos keyed by jsonKey', () => {
  // every object of the project's configs, memo against no memo: test/json-key-memos.test.ts

  test('a broken object: the memo returns its findings again, under the cluster asked for', () => {
    const o = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name', namespace: 'x' }, spec: { ports: [{ port: 'eighty' }] } };
    const key = jsonKey(o);
    const first = [...schemaFindings('a', o, key), ...ruleFindings('a', o, key)];
    expect(first.length).toBeGreaterThanOrEqual(2);
    const again = [...schemaFindings('b', structuredClone(o), key), ...ruleFindings('b', structuredClone(o), key)];
    expect(again).toEqual(first.map((f) => ({ ...f, cluster: 'b' })));
  });
});

describe('resolveConfig remembers a resolved config', () => {
  test('the same input resolves to an equal config, a copy each time', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resolveConfig } = require('../src/config/load') as typeof import('../src/config/load');
    const input = { apiVersion: 'v1', domain: 'memo.example.com' };
    const first = resolveConfig(input);
    const second = resolveConfig(structuredClone(input));
    expect(second).toEqual(first);
    expect(second.config).not.toBe(first.config);
    // plain objects of this realm: cdk8s's resolve reads an object of another realm (structuredClone's, in jest) as a value
    expect(second.config.constructor).toBe(Object);
    expect((second.config as { metadata: object }).metadata.constructor).toBe(Object);
    (first.config as { domain: string }).domain = 'changed.example.com';
    expect(resolveConfig(input).config.domain).toBe('memo.example.com');
    expect(() => resolveConfig({ ...input, domain: 42 })).toThrow();
  });
});
