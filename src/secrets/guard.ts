import * as YAML from 'yaml';
import { GitpodConfigError } from '../config/errors';
import { jsonKey } from '../common/json-key';
import { BoundedMemo } from '../common/memo';
import { jsonPath, Manifest } from '../validation/findings';
import {
  classifyName,
  Hit,
  isPublicMaterial,
  isReferenceValue,
  looksLikeKeyMaterial,
  randomLookingToken,
  redact,
  valueHits,
} from './detectors';
import { referencedSecretNames } from './references';
import { parseSimpleYaml } from './simple-yaml';

export { randomLookingToken } from './detectors';

/** Where the config accepts values its owner knows are not secret. */
export const NOT_SECRET_PATH = 'cdk8s.secrets.notSecret';

/** One place in the rendering. */
export interface SecretPlace {
  /** `Kind/name` (and namespace) of the object. */
  readonly object: string;
  /** Where in the object, e.g. `data["config.json"].session.secret`. */
  readonly path: string;
}

/** One value that would reach the output, with every place it would appear. */
export interface SecretFinding {
  /** Why it is secret material, e.g. `credential under "API_TOKEN"`, `GitHub token`, `password in a URL`. */
  readonly reason: string;
  /** The value, redacted: its first and last two characters and its length. */
  readonly value: string;
  /** Where the value occurs. */
  readonly places: readonly SecretPlace[];
  /** The config paths whose text holds the value (none when code made it). */
  readonly configPaths: readonly string[];
}

export interface GuardOptions {
  /**
   * The config the objects were rendered from: its `cdk8s.secrets.notSecret` entries are accepted,
   * and each finding names the config paths its value comes from.
   */
  readonly config?: unknown;
}

/** Thrown by the render path when any object would carry secret material. */
export class SecretMaterialError extends Error {
  /** @param findings every value refused, one finding each */
  constructor(public readonly findings: readonly SecretFinding[]) {
    super(
      [
        `refusing to render secret material (${findings.length} value${findings.length === 1 ? '' : 's'}): reference a Secret instead, or, for a value that is not secret, add its config path to ${NOT_SECRET_PATH}`,
        ...findings.map(formatSecretFinding),
      ].join('\n'),
    );
    this.name = 'SecretMaterialError';
  }
}

const SHOWN_PLACES = 3;

/** One line: reason, redacted value, places (counted), and the entry that would accept it. */
export function formatSecretFinding(f: SecretFinding): string {
  const n = f.places.length;
  const shown = f.places.slice(0, SHOWN_PLACES).map((p) => `${p.object} ${p.path}`).join('; ');
  const places = n === 1 ? `at ${shown}` : `at ${n} places: ${shown}${n > SHOWN_PLACES ? `; and ${n - SHOWN_PLACES} more` : ''}`;
  const source =
    f.configPaths.length > 0
      ? `; from ${f.configPaths.join(', ')} (not secret? add to ${NOT_SECRET_PATH}: ${f.configPaths.map(yamlQuoted).join(', ')})`
      : '; not from the config';
  return `  ${f.reason}: value ${f.value} ${places}${source}`;
}

/** `inner` is `outer` or a path inside it (`data["a"]` → `data["a"].b`, `data["a"]<base64>`, `args[0]: password`). */
function within(inner: string, outer: string): boolean {
  return inner === outer || (inner.startsWith(outer) && /^[.[<:]/.test(inner.slice(outer.length)));
}

/** A YAML single-quoted scalar: paths hold double quotes (`annotations["example.com/x"]`), rarely single ones. */
function yamlQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Scan every rendered object for secret material and report each value once, with every place it
 * appears: Secrets with data; material that is secret anywhere (private-key PEM blocks, password
 * hashes, passwords in URLs, SQL passwords, registry auths, token formats of known services);
 * credentials under credential names (keys of objects, env and `{name, value}` lists, annotation
 * and label keys, ConfigMap file names, `key=value` text, `--flag value` args); and random-looking
 * tokens anywhere. JSON, YAML and base64-wrapped text inside strings is read as structure.
 * Values whose every config source is listed in `cdk8s.secrets.notSecret` are accepted.
 */
export function findSecretMaterial(objects: readonly Manifest[], opts: GuardOptions = {}): SecretFinding[] {
  const scan = new SecretScan(objects, opts);
  for (const o of objects) scan.add(o);
  return scan.findings();
}

/**
 * The guard's scan, one object at a time (the checks walk the objects once and hand each to every
 * check, see validation/checks.ts): `add` every object, then `findings`.
 */
export class SecretScan {
  private readonly byValue = new Map<string, { reason: string; places: SecretPlace[]; texts: Set<string> }>();
  private readonly scanner: Scanner;
  private readonly sources?: { leaves: [string, string][]; accepted: Set<string> };

  /**
   * @param objects the whole rendering: a credential-named key may hold the name of any of its objects
   * @param opts the config: a mistyped `cdk8s.secrets.notSecret` entry throws here, before any scanning
   * @param keys the objects' `jsonKey`s (same order; null or undefined: not known): the names an object holds are then read once per process @default none
   */
  constructor(objects: readonly Manifest[], opts: GuardOptions = {}, keys?: readonly (string | null | undefined)[]) {
    // built (and the notSecret entries checked) even without findings, so a mistyped entry is never silently ignored
    this.sources = opts.config === undefined ? undefined : configSourcesOf(opts.config);
    // the names are read rarely (a credential-named value that might name an object): collected on first use
    this.scanner = new Scanner(new KnownNames(objects, keys));
  }

  /**
   * Scans one object.
   * @param key its `jsonKey` (common/json-key.ts), when known: an object scanned before is replayed; `null`: no memo (nothing replayed or kept) @default computed here
   */
  public add(o: Manifest, key: string | null | undefined = jsonKey(o)): void {
    const object = `${o.kind}/${o.metadata?.name}${o.metadata?.namespace ? ` (namespace ${o.metadata.namespace})` : ''}`;
    this.scanner.object(o, key ?? undefined, (path: string, hit: Hit, text: string) => {
      const entry = this.byValue.get(hit.value) ?? { reason: hit.reason, places: [], texts: new Set<string>() };
      // one place per spot: a hit in a whole file and again in its parsed leaf is reported at the leaf
      const same = entry.places.findIndex((p) => p.object === object && (within(path, p.path) || within(p.path, path)));
      if (same < 0) entry.places.push({ object, path });
      else if (within(path, entry.places[same].path)) entry.places[same] = { object, path };
      entry.texts.add(text);
      this.byValue.set(hit.value, entry);
    });
  }

  /** Each value found once, with its places, less those the config accepts. */
  public findings(): SecretFinding[] {
    const sources = this.sources;
    const out: SecretFinding[] = [];
    for (const [value, { reason, places, texts }] of this.byValue) {
      // A config text is the source when it holds the value and holds, or is held by, a text the value was found in.
      const from = ([, leaf]: [string, string]) => value !== '' && leaf.includes(value) && [...texts].some((t) => t.includes(leaf) || leaf.includes(t));
      const configPaths = sources ? sources.leaves.filter(from).map(([p]) => p) : [];
      if (sources && configPaths.length > 0 && configPaths.every((p) => sources.accepted.has(p))) continue;
      out.push({ reason, value: redact(value), places, configPaths: configPaths.filter((p) => !sources?.accepted.has(p)) });
    }
    return out;
  }
}

/** Throws `SecretMaterialError` naming every value once, with its places. */
export function assertNoSecretMaterial(objects: readonly Manifest[], opts: GuardOptions = {}): void {
  const findings = findSecretMaterial(objects, opts);
  if (findings.length > 0) throw new SecretMaterialError(findings);
}

/**
 * Names of the rendered objects and of the Secrets they read (a credential-named key may hold
 * one), read only as far as a question needs: the objects' own names at the first question, then
 * the Secrets each object reads, object by object, until the name asked for turns up. The answer
 * is that of the whole set; most questions are answered after a few objects (a pull secret, a
 * Secret every workload reads), only a name that is not there reads them all.
 */
class KnownNames {
  private own: Set<string> | undefined;
  private readonly read = new Set<string>();
  /** The next object whose Secrets are not read yet. */
  private next = 0;

  /** @param keys the objects' `jsonKey`s, when known: the names an object holds are then read once per process */
  constructor(private readonly objects: readonly Manifest[], private readonly keys?: readonly (string | null | undefined)[]) {}

  /** Whether `name` is an object's name or a Secret an object reads. */
  public has(name: string): boolean {
    if (this.own === undefined) {
      this.own = new Set();
      for (const o of this.objects) if (typeof o.metadata?.name === 'string') this.own.add(o.metadata.name);
    }
    if (this.own.has(name) || this.read.has(name)) return true;
    while (this.next < this.objects.length) {
      const i = this.next++;
      const key = this.keys?.[i];
      const names = typeof key === 'string' ? namesByObject.get(key, () => namesOf(this.objects[i])) : namesOf(this.objects[i]);
      for (const n of names) this.read.add(n);
      if (this.read.has(name)) return true;
    }
    return false;
  }
}

/** The names one object holds: its own, and those of the Secrets it reads (a pure function of the object). */
function namesOf(o: Manifest): string[] {
  const names = typeof o.metadata?.name === 'string' ? [o.metadata.name as string] : [];
  for (const name of referencedSecretNames([o])) names.push(name);
  return names;
}

/** {@link namesOf} by the object's `jsonKey`: a fleet's clusters render most objects alike. */
const namesByObject = new BoundedMemo<string, readonly string[]>(5_000);

/**
 * By API group: fields that name a key of a Secret, whatever their name says. ExternalSecrets
 * (`spec.data[].secretKey`, `remoteRef.key`/`property`) map store keys to Secret keys.
 */
const KEY_NAME_FIELDS: Record<string, ReadonlySet<string>> = {
  'external-secrets.io': new Set(['secretKey', 'key', 'property']),
};

/** Reports a hit at a path of the current object, found in `text` (a string of the object, or text inside one). */
type Report = (path: string, hit: Hit, text: string) => void;

/** What scanning one text reported: paths relative to the text's own path. */
type Recorded = [suffix: string, hit: Hit, text: string][];

/**
 * What scanning one text reported, and the answers it read from the rendering's names (`known`):
 * valid for another rendering that gives the same answers.
 */
interface TextScan {
  readonly recorded: Recorded;
  readonly queries: [value: string, known: boolean][];
}

const NO_KEY_NAMES: ReadonlySet<string> = new Set();

/** Hits of an object key (a pure function of the key): a rendering repeats few keys many times. */
const keyHits = new Map<string, readonly Hit[]>();

/**
 * Scans of texts, by text, then by depth, key group and name: a rendering repeats most texts
 * (labels, images, hosts), and so do the clusters of a fleet (whole config files). Shared by every
 * scan of the process; cleared when it grows past {@link MAX_TEXT_SCANS} entries.
 */
const textScans = new Map<string, Map<string, TextScan>>();
let textScanCount = 0;
const MAX_TEXT_SCANS = 50_000;

/**
 * Scans of whole objects, by their `jsonKey`: the clusters of a fleet render most objects alike
 * (same namespace, same config). Valid, like a text's, while the rendering's names give the same
 * answers. Cleared when it grows past {@link MAX_OBJECT_SCANS} entries.
 */
const objectScans = new Map<string, TextScan>();
const MAX_OBJECT_SCANS = 5_000;

/**
 * A segment of the path the guard is at: an object key (a string), or a marker (a number) that
 * says how to read what follows. Markers take no allocation: `INDEX, 3` is `[3]`, `PAIR, name` is
 * a `{name, value}` pair's value (`env[3](API_TOKEN).value`), `BASE64` is text decoded from base64
 * (`data["x"]<base64>`).
 */
type Segment = string | number;
const PAIR = 0;
const BASE64 = 1;
const INDEX = 2;

/**
 * Walks one object; `name` is the key (or env name, annotation key, file name) a value sits under.
 * The path of the value under way is a stack of segments, written out as text only when something
 * is reported (rarely): building a path string per node was ~10 % of the guard.
 */
class Scanner {
  /** Fields of the current object that name a key of a Secret (they never hold a value). */
  private keyNames: ReadonlySet<string> = NO_KEY_NAMES;
  /** The API group when it has key-name fields (part of the memo key), else ''. */
  private keyGroup = '';
  private report: Report = () => undefined;
  /** The answers of `namesKnownObject` read by the text scan under way (recorded with it). */
  private queries: [string, boolean][] | undefined;

  /** The current path, as {@link Segment}s. */
  private readonly segs: Segment[] = [];

  /** @param known names of the rendering's objects and of the Secrets they read */
  constructor(private readonly known: KnownNames) {}

  /** Scans one object; `key` (its `jsonKey`) finds an earlier scan of the same object to replay. */
  public object(o: Manifest, key: string | undefined, report: Report): void {
    const seen = key === undefined ? undefined : objectScans.get(key);
    this.queries = undefined;
    if (seen && this.sameAnswers(seen.queries)) {
      for (const [path, hit, text] of seen.recorded) report(path, hit, text);
      return;
    }
    const recorded: Recorded = [];
    const queries: [string, boolean][] = [];
    this.queries = queries;
    this.report = (path, hit, text) => {
      recorded.push([path, hit, text]);
      report(path, hit, text);
    };
    this.segs.length = 0;
    try {
      this.scanObject(o);
    } finally {
      this.queries = undefined;
      this.report = () => undefined;
    }
    if (key === undefined) return;
    if (objectScans.size >= MAX_OBJECT_SCANS) objectScans.clear();
    objectScans.set(key, { recorded, queries });
  }

  private scanObject(o: Manifest): void {
    const group = typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    this.keyNames = KEY_NAME_FIELDS[group] ?? NO_KEY_NAMES;
    this.keyGroup = KEY_NAME_FIELDS[group] ? group : '';
    const segs = this.segs;
    for (const [k, v] of Object.entries(o)) {
      segs.push(k);
      if (o.kind === 'Secret' && (k === 'data' || k === 'stringData') && v && typeof v === 'object') {
        for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
          this.report(jsonPath([k, key]), { reason: 'Secret with data', value: String(x) }, String(x));
        }
      } else if (o.kind === 'ConfigMap' && k === 'binaryData' && v && typeof v === 'object') {
        for (const [file, x] of Object.entries(v as Record<string, unknown>)) {
          if (typeof x !== 'string') continue;
          const text = Buffer.from(x, 'base64').toString('utf8');
          segs.push(file);
          if (/^[\t\n\r\x20-\x7e]*$/.test(text)) this.text(text, file, 0);
          segs.pop();
        }
      } else {
        this.walk(v, k, 0);
      }
      segs.pop();
    }
  }

  /** The path of the first `to` segments as text (`spec.containers[0].env(API_TOKEN).value`): as {@link jsonPath} writes keys and indexes. */
  private path(to = this.segs.length): string {
    const segs = this.segs;
    let out = '';
    for (let i = 0; i < to; i++) {
      const s = segs[i];
      if (s === INDEX) out += `[${segs[++i]}]`;
      else if (s === PAIR) out += `(${segs[++i]}).value`;
      else if (s === BASE64) out += '<base64>';
      else out += child(out, s as string).slice(out.length);
    }
    return out;
  }

  private walk(v: unknown, name: string, depth: number): void {
    const segs = this.segs;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        // `--password value` in args: the flag names the next item
        const prev = i > 0 ? v[i - 1] : undefined;
        const flag = typeof prev === 'string' && prev.startsWith('-') ? /^--?([A-Za-z][\w.-]*)$/.exec(prev) : null;
        segs.push(INDEX, i);
        this.walk(v[i], flag && classifyName(flag[1]) !== 'plain' ? flag[1] : name, depth);
        segs.length -= 2;
      }
      return;
    }
    if (v && typeof v === 'object') {
      const node = v as Record<string, unknown>;
      // `{name, value}` (env, and env lists inside ConfigMaps) and `{key, value}`: the value is named by its name
      const pairName = typeof node.name === 'string' ? node.name : typeof node.key === 'string' ? node.key : undefined;
      const keys = Object.keys(node);
      // (an indexed loop: this runs for every node of every object, mostly before V8 optimizes it)
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const x = node[k];
        // keys are text too (a map keyed by a URL with a password, a token as an annotation key)
        if (k.length >= 8) this.key(k);
        if (k === 'value' && pairName !== undefined && typeof x === 'string') {
          segs.push(PAIR, pairName);
          this.text(x, pairName, depth);
          segs.length -= 2;
        } else {
          segs.push(k);
          this.walk(x, k, depth);
          segs.pop();
        }
      }
      return;
    }
    if (typeof v === 'string') this.text(v, name, depth);
  }

  /** A text value, scanned once: later occurrences replay what the first reported, at their own path. */
  private text(text: string, name: string, depth: number): void {
    if (text.length === 0 || depth > 4) return;
    // by text first (its hash is computed once per string), then by what else the result depends on
    let byContext = textScans.get(text);
    if (byContext === undefined) textScans.set(text, (byContext = new Map()));
    // the usual context (top level, no key-name fields) is the name alone: no other context is free of NUL
    const context = depth === 0 && this.keyGroup === '' && !name.includes('\u0000') ? name : `${depth}\u0000${this.keyGroup}\u0000${name}`;
    const seen = byContext.get(context);
    if (seen && this.sameAnswers(seen.queries)) {
      // most texts report nothing: no iterator for an empty list (this runs once per string of every object)
      if (seen.recorded.length > 0) {
        const path = this.path();
        for (const [suffix, hit, t] of seen.recorded) this.report(path + suffix, hit, t);
      }
      return;
    }
    const recorded: Recorded = [];
    const outerReport = this.report;
    const outerQueries = this.queries;
    const queries: [string, boolean][] = [];
    this.queries = queries;
    // this text's own path: its segments stay below any report made while scanning it
    const base = this.segs.length;
    this.report = (p, hit, t) => {
      recorded.push([p.slice(this.path(base).length), hit, t]);
      outerReport(p, hit, t);
    };
    try {
      this.scanText(text, name, depth);
    } finally {
      this.report = outerReport;
      this.queries = outerQueries;
    }
    // the text around this one depends on the same answers
    outerQueries?.push(...queries);
    if (textScanCount >= MAX_TEXT_SCANS) {
      textScans.clear();
      textScanCount = 0;
      textScans.set(text, byContext);
    }
    if (!seen) textScanCount++;
    byContext.set(context, { recorded, queries });
  }

  /** A text value: material, then structure, then the name it sits under, then `key=value` pairs, then randomness. */
  private scanText(text: string, name: string, depth: number): void {
    const cls = classifyName(name);
    const hits = valueHits(text);
    if (hits.length > 0) {
      const path = this.path();
      for (const h of hits) this.report(path, h, text);
    }
    if (cls === 'publishable' || cls === 'digest') return;
    const structured = parseStructured(text);
    if (structured !== undefined) {
      this.walk(structured, name, depth + 1);
      return;
    }
    // the raw value under its name first: `auth: <base64 of user:password>` is a credential as it stands
    if (hits.length === 0 && !text.includes('\n') && this.named(text, '', name, text)) return;
    const decoded = decodeBase64Text(text);
    if (decoded !== undefined) {
      this.segs.push(BASE64);
      this.text(decoded, name, depth + 1);
      this.segs.pop();
      return;
    }
    if (hits.length > 0) return;
    let found = false;
    // (the pattern needs a `=` or `:`: most texts have neither)
    if (text.includes('=') || text.includes(':')) {
      for (const m of text.matchAll(/(?:^|[\s,;&?{(:/])-{0,2}["']?([A-Za-z_][\w.-]*)["']?\s*[=:]\s*(?:"([^"]*)"|'([^']*)'|([^\s,;&"'}]+))/g)) {
        const [, key, ...values] = m;
        if (this.named(values.find((x) => x !== undefined) ?? '', `: ${key}`, key, text)) found = true;
      }
    }
    if (found) return;
    if (text.includes('\n') && cls === 'credential' && !isReferenceValue(text)) {
      this.report(this.path(), { reason: `credential file "${name}"`, value: text }, text);
      return;
    }
    const token = randomLookingToken(text);
    if (token) this.report(this.path(), { reason: 'random-looking value', value: token }, text);
  }

  /** The rendering's names give the answers an earlier scan read (most scans read none). */
  private sameAnswers(queries: readonly [string, boolean][]): boolean {
    for (let i = 0; i < queries.length; i++) if (this.namesKnownObject(queries[i][0]) !== queries[i][1]) return false;
    return true;
  }

  /** `name` or `namespace/name` of an object in the rendering or a Secret it reads. */
  private namesKnownObject(v: string): boolean {
    const answer = this.known.has(v) || (/^[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*$/.test(v) && this.known.has(v.split('/')[1]));
    this.queries?.push([v, answer]);
    return answer;
  }

  /** An object key (of the object at `parent`): material and random-looking tokens only (a key is a name, not a value under one). */
  private key(k: string): void {
    let hits = keyHits.get(k);
    if (hits === undefined) {
      const material = valueHits(k);
      const token = material.length === 0 && k.length >= 16 ? randomLookingToken(k) : undefined;
      hits = token ? [...material, { reason: 'random-looking key', value: token }] : material;
      if (keyHits.size < 10_000) keyHits.set(k, hits);
    }
    if (hits.length === 0) return;
    this.segs.push(k);
    const path = this.path();
    this.segs.pop();
    for (const h of hits) this.report(path, h, k);
  }

  /** A single value under a name: reported (at the current path, then `suffix`) when the name holds credentials and the value is one. */
  private named(value: string, suffix: string, name: string, text: string): boolean {
    const cls = this.keyNames.has(name) ? 'plain' : classifyName(name);
    const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (cls === 'credential') {
      if (isReferenceValue(v) || isPublicMaterial(v) || this.namesKnownObject(v)) return false;
    } else if (cls !== 'key' || !looksLikeKeyMaterial(v) || isPublicMaterial(v)) {
      return false;
    }
    this.report(this.path() + suffix, { reason: `credential under "${name}"`, value: v }, text);
    return true;
  }
}

/** `a.b` + `c` → `a.b.c`; odd keys quoted: `a["x/y"]`. */
function child(path: string, key: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

function parseStructured(text: string): unknown {
  const s = text.trim();
  if (s.startsWith('{') || s.startsWith('[')) {
    try {
      return JSON.parse(s);
    } catch {
      /* not JSON */
    }
  }
  if (s.includes('\n') && /^\s*(?:- )?[A-Za-z_][\w.-]*:(\s|$)/m.test(s) && !/^\s*[A-Za-z_][\w.-]*\s*=/m.test(s)) {
    try {
      const fast = parseSimpleYaml(s);
      const y = fast !== undefined ? fast : YAML.parse(s);
      if (y && typeof y === 'object') return y;
    } catch {
      /* plain text */
    }
  }
  return undefined;
}

/** The text inside a base64 value, when it is printable text (e.g. a base64-encoded JSON env value). */
function decodeBase64Text(text: string): string | undefined {
  const s = text.trim();
  if (s.length < 16 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
  const d = Buffer.from(s, 'base64').toString('utf8');
  return /^[\t\n\r\x20-\x7e]+$/.test(d) ? d : undefined;
}

/** {@link configSources} by the config's `jsonKey`: each cluster of a fleet checked on its own reads the same config. */
const sourcesByConfig = new BoundedMemo<string, { leaves: [string, string][]; accepted: Set<string> }>(16);

function configSourcesOf(config: unknown): { leaves: [string, string][]; accepted: Set<string> } {
  const key = jsonKey(config);
  if (key === undefined) return configSources(config);
  // throws on a mistyped notSecret entry: nothing kept, the next scan throws again
  return sourcesByConfig.get(key, () => configSources(config));
}

/**
 * Every text value of the config with its path (`customization[0].metadata.annotations["x/y"]`),
 * and the accepted ones: the `cdk8s.secrets.notSecret` entries, each of which must name a text value.
 */
function configSources(config: unknown): { leaves: [string, string][]; accepted: Set<string> } {
  const leaves: [string, string][] = [];
  const walk = (v: unknown, segments: (string | number)[]): void => {
    if (typeof v === 'string') leaves.push([jsonPath(segments), v]);
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...segments, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (segments.length === 2 && segments[0] === 'cdk8s' && segments[1] === 'secrets' && k === 'notSecret') continue;
        walk(x, [...segments, k]);
      }
    }
  };
  walk(config, []);
  const entries: unknown = (config as any)?.cdk8s?.secrets?.notSecret ?? [];
  const byPath = new Map(leaves);
  const accepted = new Set<string>();
  const problems: { path: string; message: string }[] = [];
  (Array.isArray(entries) ? entries : []).forEach((entry, i) => {
    const segments = typeof entry === 'string' ? parseConfigPath(entry) : undefined;
    const canonical = segments && jsonPath(segments);
    if (canonical !== undefined && byPath.has(canonical)) accepted.add(canonical);
    else {
      problems.push({
        path: `${NOT_SECRET_PATH}[${i}]`,
        message: `${JSON.stringify(entry)} names no text value of this config; allowed: the path of a text value, e.g. "customization[0].metadata.annotations[\\"example.com/note\\"]"`,
      });
    }
  });
  if (problems.length > 0) throw new GitpodConfigError(problems);
  return { leaves, accepted };
}

/** `a.b[0]["c.d"].e` → ['a', 'b', 0, 'c.d', 'e']; undefined when malformed. */
export function parseConfigPath(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'[^']*')\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m || (m[1] !== undefined && at > 0 && path[at] !== '.')) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else {
      const q = m[3];
      out.push(q.startsWith('"') ? JSON.parse(q) : q.slice(1, -1));
    }
    at = re.lastIndex;
  }
  return out.length > 0 ? out : undefined;
}
