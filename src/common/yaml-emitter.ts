/**
 * js-yaml's `dump(value, { lineWidth: -1, noRefs: true, sortKeys })` for plain JSON data, written
 * directly: the library runs every node through its type detection (six implicit and five
 * explicit types), a state object and per-string closures; most of our values are short plain
 * strings. Each rule below is the one of js-yaml 4.1 lib/dumper.js it names. What this does not
 * reproduce (explicit `? ` keys over 1024 characters, class
 * instances, functions, symbols, bigints, numbers in exponent form, sparse or foreign arrays) makes
 * `emitYaml` return undefined, and the caller runs js-yaml itself.
 * test/yaml-emitter.test.ts compares the two on every object of every test config and on random
 * strings and shapes.
 */
import * as jsYaml from 'js-yaml';
import { BoundedMemo } from './memo';

/** js-yaml quotes these in compatibility mode (YAML 1.1 booleans and base-60 numbers): `writeScalar`. */
const DEPRECATED_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const DEPRECATED_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/** js-yaml's own implicit types of the default schema (null, bool, int, float, timestamp, merge): `testImplicitResolving`. */
const IMPLICIT = (jsYaml.DEFAULT_SCHEMA as unknown as { compiledImplicit?: { resolve(s: string): boolean }[] }).compiledImplicit;

/**
 * Whether a plain-safe string reads back as another type. Every implicit type of the default
 * schema only accepts strings starting with one of these characters (`~`, null/true/false in
 * three casings, numbers with sign, `.` or digit, `.inf`/`.nan`, timestamps, `<<`).
 */
const AMBIGUOUS_FIRST = new Set('~nNtTfF+-.0123456789<'.split('').map((c) => c.charCodeAt(0)));
function ambiguous(s: string): boolean {
  if (!AMBIGUOUS_FIRST.has(s.charCodeAt(0))) return false;
  for (const t of IMPLICIT!) if (t.resolve(s)) return true;
  return false;
}

/**
 * Strings `chooseScalarStyle` finds plain-safe without looking at each character (a regular
 * expression is native code even where the emitter still runs interpreted): a letter, `_` or `/`
 * first (isPlainSafeFirst), then runs of characters that are plain anywhere but first, joined by a
 * single `:` or space followed by another such character (so no `: `, ` #`, trailing space or
 * colon). Such a string is written plain unless another type reads it (`null`, `true`, ...).
 */
const SIMPLE = /^[A-Za-z_/][\w./=@,+%()-]*(?:[: ][\w./=@,+%()-]+)*$/;

/** `isPrintable` for a UTF-16 code unit, surrogates aside (handled by the caller). */
function printable(c: number): boolean {
  return (c >= 0x20 && c <= 0x7e)
    || (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029)
    || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/** Double-quoted with escapes (a string with a tab, a control character, a lone surrogate). */
const DOUBLE = 0;
const PLAIN = 1;
const SINGLE = 2;
const LITERAL = 3;

/**
 * `chooseScalarStyle` with lineWidth -1, single quotes, no forced quotes, in block context
 * (`inblock`: we never write flow collections with content). Keys are single-line only.
 */
function scalarStyle(s: string, key: boolean): number {
  const n = s.length;
  let lineBreak = false;
  // isPlainSafeFirst / isPlainSafeLast
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  let plain = plainSafeFirst(first) && last !== 0x20 && last !== 0x09 && last !== 0x3a;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) {
      if (key) return DOUBLE;
      lineBreak = true;
      plain = false;
      prev = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      // a valid surrogate pair is one printable code point (>= 0x10000); a lone surrogate is not printable
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        prev = 0x10000; // printable, not whitespace, not ':'
        continue;
      }
      return DOUBLE;
    }
    if (c === 0x09) {
      // a tab is not printable (js-yaml then double-quotes)
      return DOUBLE;
    }
    if (!printable(c)) return DOUBLE;
    if (plain) plain = plainSafe(c, prev);
    prev = c;
  }
  if (!lineBreak) return plain && !ambiguous(s) ? PLAIN : SINGLE;
  return LITERAL;
}

/** `isPlainSafe(c, prev, inblock = true)` for a printable, non-space-like c. */
function plainSafe(c: number, prev: number): boolean {
  // c is printable and not LF/CR/BOM here, so isNsCharOrWhitespace(c) holds; ns-char unless space
  const cIsNsChar = c !== 0x20;
  const prevNsChar = prev !== -1 && prev !== 0x20 && prev !== 0x09 && prev !== 0x0a;
  return (c !== 0x23 && !(prev === 0x3a && !cIsNsChar))
    || (prevNsChar && c === 0x23)
    || (prev === 0x3a && cIsNsChar);
}

function plainSafeFirst(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return c <= 0xdbff; // a high surrogate starts a printable pair (checked in the loop)
  if (!printable(c) || c === 0x20) return false;
  switch (c) {
    case 0x2d: case 0x3f: case 0x3a: case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d:
    case 0x23: case 0x26: case 0x2a: case 0x21: case 0x7c: case 0x3d: case 0x3e: case 0x27: case 0x22:
    case 0x25: case 0x40: case 0x60:
      return false;
    default:
      return true;
  }
}

/** `writeScalar` for a string. */
function scalar(s: string, level: number, key: boolean): string {
  if (s.length === 0) return "''";
  if (DEPRECATED_BOOLEANS.has(s) || DEPRECATED_BASE60.test(s)) return `'${s}'`;
  // most of our strings (names, labels, images, paths, sentences): plain unless they read as null/true/false
  if (SIMPLE.test(s)) return ambiguous(s) ? `'${s}'` : s;
  switch (scalarStyle(s, key)) {
    case PLAIN:
      return s;
    case SINGLE:
      return `'${s.replace(/'/g, "''")}'`;
    case LITERAL:
      return literal(s, 2 * Math.max(1, level));
    default:
      return `"${escaped(s)}"`;
  }
}

/** `ESCAPE_SEQUENCES` of js-yaml's dumper. */
const ESCAPES: Record<number, string> = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r',
  0x1b: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P',
};

/** `escapeString`: escapes, printable characters as they are, the rest as `\xXX`/`\uXXXX`/`\UXXXXXXXX` (`encodeHex`). */
function escaped(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + low - 0xdc00 + 0x10000;
        width = 2;
      }
    }
    const seq = ESCAPES[c];
    if (seq === undefined && (width === 2 || printable(c))) out += s.slice(i, i + width);
    else if (seq !== undefined) out += seq;
    else {
      const hex = c.toString(16).toUpperCase();
      out += c <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
    }
    i += width - 1;
  }
  return out;
}

/** `'|' + blockHeader + dropEndingNewline(indentString(s, indent))`. */
function literal(s: string, indent: number): string {
  const n = s.length;
  // needIndentIndicator: /^\n* /
  let i = 0;
  while (i < n && s.charCodeAt(i) === 0x0a) i++;
  const indicator = i < n && s.charCodeAt(i) === 0x20 ? '2' : '';
  const clip = s.charCodeAt(n - 1) === 0x0a;
  const keep = clip && (s.charCodeAt(n - 2) === 0x0a || n === 1);
  let out = `|${indicator}${keep ? '+' : clip ? '' : '-'}\n`;
  const pad = ' '.repeat(indent);
  let pos = 0;
  while (pos < n) {
    let next = s.indexOf('\n', pos);
    next = next === -1 ? n : next + 1;
    // empty lines are not indented
    if (next - pos > 1 || s.charCodeAt(pos) !== 0x0a) out += pad;
    out += s.slice(pos, next);
    pos = next;
  }
  return out.charCodeAt(out.length - 1) === 0x0a ? out.slice(0, -1) : out;
}

/** The int/float/null/bool types' representations; undefined for -0, NaN, infinities and exponent forms (js-yaml rewrites those). */
function number(v: number): string | undefined {
  if (!Number.isFinite(v) || Object.is(v, -0)) return undefined;
  const s = String(v);
  return s.includes('e') ? undefined : s;
}

/** Gives up on the whole document: thrown inside the walk only, caught by emitYaml. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

/** Keys render alike at every level (single-line styles only). */
const keyCache = new BoundedMemo<string, string>(10_000);

function key(k: string): string {
  // (no closure per call: this runs for every key written)
  return keyCache.get(k, keyText);
}

function keyText(k: string): string {
  const s = scalar(k, 1, true);
  // `? ` explicit keys past 1024 characters are left to js-yaml
  if (s.length > 1024) throw UNSUPPORTED;
  return s;
}

/** The text of a node (`writeNode`); undefined for an undefined value (js-yaml skips it). */
function node(v: unknown, level: number, compact: boolean, sortKeys: boolean): string | undefined {
  switch (typeof v) {
    case 'string':
      return scalar(v, level, false);
    case 'number': {
      const s = number(v);
      if (s === undefined) throw UNSUPPORTED;
      return s;
    }
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object':
      if (v === null) return 'null';
      break;
    default:
      throw UNSUPPORTED;
  }
  const proto = Object.getPrototypeOf(v);
  if (Array.isArray(v)) {
    if (proto !== Array.prototype) throw UNSUPPORTED;
    return v.length === 0 ? '[]' : sequence(v, level, compact, sortKeys);
  }
  if ((proto !== Object.prototype && proto !== null) || Symbol.toStringTag in (v as object)) throw UNSUPPORTED;
  return mapping(v as Record<string, unknown>, level, compact, sortKeys);
}

/** `generateNextLine`: a newline and the level's indentation. */
const NEWLINES: string[] = [];
function newline(level: number): string {
  return (NEWLINES[level] ??= `\n${' '.repeat(2 * level)}`);
}

/** `writeBlockMapping` (and `{}` where no pair is written). */
function mapping(o: Record<string, unknown>, level: number, compact: boolean, sortKeys: boolean): string {
  const keys = Object.keys(o);
  if (sortKeys) keys.sort();
  const nl = newline(level);
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = o[k];
    const value = node(v, level + 1, false, sortKeys);
    if (value === undefined) continue;
    if (!compact || out !== '') out += nl;
    out += key(k);
    out += startsWithNewline(v, value, false) ? ':' : ': ';
    out += value;
  }
  return out === '' ? '{}' : out;
}

/**
 * `dump.charCodeAt(0) === 0x0a` of js-yaml, for the text `value` that `node(v, _, compact)` wrote,
 * without reading it: a collection's text is built by concatenation, and reading a character of it
 * makes V8 copy it flat (at every level: ~1 MB of copies per default render). A mapping or
 * sequence starts with a newline exactly when written non-compact with at least one entry (else
 * `{}` or `[]`); a scalar's text is short and read as before.
 */
function startsWithNewline(v: unknown, value: string, compact: boolean): boolean {
  if (typeof v === 'object' && v !== null) return !compact && value !== '{}' && value !== '[]';
  return value.charCodeAt(0) === 0x0a;
}

/** `writeBlockSequence`: an undefined element is written as null. */
function sequence(a: unknown[], level: number, compact: boolean, sortKeys: boolean): string {
  const nl = newline(level);
  let out = '';
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) throw UNSUPPORTED;
    const value = node(a[i], level + 1, true, sortKeys) ?? 'null';
    if (!compact || out !== '') out += nl;
    out += startsWithNewline(a[i], value, true) ? '-' : '- ';
    out += value;
  }
  return out;
}

/**
 * `jsYaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys })` for plain JSON data, or
 * undefined when the value holds anything this does not reproduce.
 */
export function emitYaml(value: unknown, sortKeys: boolean): string | undefined {
  if (!IMPLICIT || typeof value !== 'object' || value === null) return undefined;
  try {
    const text = node(value, 0, true, sortKeys);
    return text === undefined ? undefined : `${text}\n`;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}
