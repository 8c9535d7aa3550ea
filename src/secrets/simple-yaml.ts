/**
 * `YAML.parse` (yaml 2, core schema) for the plain block subset that config files written by code
 * use (`key: value`, `- item`, `- key: value`, single- or escape-free double-quoted scalars, `[]`,
 * `{}`), several times faster: the guard reads every embedded config text, and a fleet's clusters
 * embed texts that differ in a value or two. Anything outside the subset (comments, anchors, tags,
 * block scalars, flow collections, multi-line scalars, tabs, blank lines, odd keys, duplicate keys)
 * gives `undefined`, and the caller parses with `yaml` as before: the result, when there is one,
 * equals `YAML.parse`'s (test/simple-yaml.test.ts compares them on every text of the test configs).
 */

const KEY_LINE = /^([A-Za-z_][\w./-]*):(?: (.*))?$/;
/** Keys the core schema reads as null or booleans (stored under another text): left to `yaml`. */
const SPECIAL_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** Thrown inside the parser when the text leaves the subset. */
const OUTSIDE: unique symbol = Symbol('outside the subset');

/** The value of `text` as `YAML.parse` reads it, or undefined when the text is outside the subset. */
export function parseSimpleYaml(text: string): unknown {
  // printable ASCII only: yaml's rules for control and other characters stay yaml's
  if (!/^[\x20-\x7e\n]*$/.test(text)) return undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return undefined;
  for (const l of lines) if (l.trim() === '') return undefined;
  const p = new Parser(lines);
  try {
    const v = p.node(indentOf(lines[0]));
    return p.at === lines.length ? v : undefined;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function isItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

class Parser {
  public at = 0;
  constructor(private readonly lines: string[]) {}

  /** The collection starting at the current line, indented `indent`. */
  public node(indent: number): unknown {
    const line = this.lines[this.at];
    if (indentOf(line) !== indent) throw OUTSIDE;
    return isItem(line.slice(indent)) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      const ind = indentOf(line);
      if (ind < indent) break;
      if (ind > indent) throw OUTSIDE;
      const m = KEY_LINE.exec(line.slice(indent));
      if (!m) throw OUTSIDE;
      const [, key, rest] = m;
      // yaml limits implicit keys to 1024 characters
      if (key.length > 1000 || SPECIAL_KEY.test(key) || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
      this.at++;
      out[key] = rest === undefined ? this.nested(indent, true) : this.inline(rest, indent);
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      const ind = indentOf(line);
      if (ind < indent) break;
      if (ind > indent) throw OUTSIDE;
      const content = line.slice(indent);
      if (!content.startsWith('- ')) {
        // a key after the items of `key:` followed by `- item` lines at the key's own indent
        if (isItem(content)) throw OUTSIDE;
        break;
      }
      const item = content.slice(2);
      if (KEY_LINE.test(item)) {
        // `- key: value`: a mapping whose keys sit two columns in
        this.lines[this.at] = ' '.repeat(indent + 2) + item;
        out.push(this.mapping(indent + 2));
      } else {
        this.at++;
        out.push(this.inline(item, indent));
      }
    }
    return out;
  }

  /** The value of `key:` at `indent` with nothing after the colon. */
  private nested(indent: number, inMapping: boolean): unknown {
    if (this.at >= this.lines.length) return null;
    const line = this.lines[this.at];
    const ind = indentOf(line);
    if (ind > indent) return this.node(ind);
    if (ind === indent && inMapping && isItem(line.slice(ind))) return this.sequence(indent);
    return null;
  }

  /** A scalar (or `[]`, `{}`) after `key: ` or `- `; the next line may not continue it. */
  private inline(text: string, indent: number): unknown {
    if (this.at < this.lines.length && indentOf(this.lines[this.at]) > indent) throw OUTSIDE;
    return scalar(text);
  }
}

/** One scalar on one line, typed as the core schema types it. */
function scalar(s: string): unknown {
  if (s === '' || s !== s.trim()) throw OUTSIDE;
  if (s === '[]') return [];
  if (s === '{}') return {};
  const c = s[0];
  if (c === "'") {
    const m = /^'((?:[^']|'')*)'$/.exec(s);
    if (!m) throw OUTSIDE;
    return m[1].replace(/''/g, "'");
  }
  if (c === '"') {
    const m = /^"([^"\\]*)"$/.exec(s);
    if (!m) throw OUTSIDE;
    return m[1];
  }
  // indicators, and `-` unless it starts a number
  if ('?:,[]{}#&*!|>%@`'.includes(c) || (c === '-' && !/^-[0-9.]/.test(s))) throw OUTSIDE;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) throw OUTSIDE;
  // yaml/dist/schema/core, in its order
  if (/^(?:~|[Nn]ull|NULL)$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
