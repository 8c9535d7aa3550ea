import * as YAML from 'yaml';
import { Manifest } from './references';

/** One place where a rendered object would carry secret material. */
export interface SecretFinding {
  /** `Kind/name` (and namespace) of the object. */
  readonly object: string;
  /** Where in the object, e.g. `data["config.json"].session.secret`. */
  readonly path: string;
  readonly reason: string;
}

/** Thrown by the render path when any object would carry secret material. */
export class SecretMaterialError extends Error {
  constructor(public readonly findings: readonly SecretFinding[]) {
    super(
      [
        `refusing to render secret material (${findings.length} finding${findings.length === 1 ? '' : 's'}); reference a Secret instead:`,
        ...findings.map((f) => `  ${f.object}: ${f.path}: ${f.reason}`),
      ].join('\n'),
    );
    this.name = 'SecretMaterialError';
  }
}

/** Key and variable names that hold credentials (compared without `-`, `_`, `.`, case-insensitively). */
const CREDENTIAL_NAME = /(password|passwd|secret|token|jwt|credentials?|privatekey|accesskey|secretkey|apikey|sessionkey|cookie)$/i;
/** Names that hold a reference to a credential, not the credential. */
const REFERENCE_NAME = /(file|path|name|ref|dir|mount|secretname|length|ttl|maxage|header|type|enabled)$/i;
/**
 * Env variables whose values are publishable by design (client-side SDK keys, embedded in web
 * frontends): they come from the config and are not treated as secrets.
 */
const PUBLISHABLE_ENV = new Set(['GITPOD_ANALYTICS_SEGMENT_KEY', 'CONFIGCAT_SDK_KEY']);

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
const BCRYPT = /\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}/;
const SQL_PASSWORD = /IDENTIFIED\s+(WITH\s+\S+\s+)?BY\s+['"][^'"]+['"]/i;
const DOCKER_AUTH = /"auths"\s*:\s*\{[^}]*"auth"\s*:\s*"[^"]+"/;

/**
 * Scan every rendered object for secret material: Secrets with data, PEM blocks, bcrypt hashes,
 * credentials under credential-like names (env literals, JSON/YAML/ini keys in ConfigMaps and
 * annotations), and high-entropy tokens in env values, args, ConfigMaps and annotations.
 * Checksums (`*checksum*` keys), image references and hex digests are not secrets.
 */
export function findSecretMaterial(objects: readonly Manifest[]): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const o of objects) {
    const object = `${o.kind}/${o.metadata?.name}${o.metadata?.namespace ? ` (namespace ${o.metadata.namespace})` : ''}`;
    const report = (path: string, reason: string) => out.push({ object, path, reason });
    if (o.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        for (const k of Object.keys(o[field] ?? {})) report(`${field}[${JSON.stringify(k)}]`, 'Secret with data');
      }
    }
    scanObject(o, report);
  }
  return out;
}

/** Throws `SecretMaterialError` naming every finding. */
export function assertNoSecretMaterial(objects: readonly Manifest[]): void {
  const findings = findSecretMaterial(objects);
  if (findings.length > 0) throw new SecretMaterialError(findings);
}

type Report = (path: string, reason: string) => void;

function scanObject(o: Manifest, report: Report): void {
  const walk = (v: unknown, path: string, key: string): void => {
    if (Array.isArray(v)) {
      if (key === 'env') {
        v.forEach((e: any, i) => scanEnv(e, `${path}[${i}]`, report));
        return;
      }
      v.forEach((e, i) => walk(e, `${path}[${i}]`, key));
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (o.kind === 'Secret' && path === '' && (k === 'data' || k === 'stringData')) continue;
        if (o.kind === 'ConfigMap' && path === '' && (k === 'data' || k === 'binaryData')) {
          for (const [file, text] of Object.entries((x ?? {}) as Record<string, unknown>)) {
            if (typeof text === 'string') scanText(text, `${k}[${JSON.stringify(file)}]`, report, file);
          }
          continue;
        }
        if (k === 'annotations' && x && typeof x === 'object') {
          for (const [name, text] of Object.entries(x as Record<string, unknown>)) {
            if (typeof text === 'string' && !/checksum/i.test(name)) scanText(text, `${p}[${JSON.stringify(name)}]`, report, name);
          }
          continue;
        }
        walk(x, p, k);
      }
      return;
    }
    if (typeof v !== 'string') return;
    if (key === 'args' || key === 'command') scanText(v, path, report, key);
    else scanMarkers(v, path, report);
  };
  walk(o, '', '');
}

function scanEnv(e: any, path: string, report: Report): void {
  if (!e || typeof e !== 'object' || typeof e.value !== 'string' || e.value === '') return;
  if (PUBLISHABLE_ENV.has(e.name)) return;
  const p = `${path}(${e.name}).value`;
  // A variable named like a password or token holds one, even if it looks like a name.
  const strict = /(password|passwd|token|apikey|accesskey|secretkey)$/i.test(e.name.replace(/[-_.]/g, ''));
  if (isCredentialName(e.name) && looksLikeCredential(e.value, !strict)) {
    report(p, `credential in an env literal (${e.name}); use valueFrom.secretKeyRef`);
    return;
  }
  scanText(e.value, p, report, e.name);
}

/** Markers that are secret material wherever they appear. */
function scanMarkers(text: string, path: string, report: Report): boolean {
  if (PEM.test(text)) return report(path, 'PEM block'), true;
  if (BCRYPT.test(text)) return report(path, 'bcrypt hash'), true;
  if (SQL_PASSWORD.test(text)) return report(path, 'SQL password'), true;
  if (DOCKER_AUTH.test(text)) return report(path, 'registry auth'), true;
  return false;
}

/** A text value: markers, then structured content (JSON, YAML, base64 of either), then lines and tokens. */
function scanText(text: string, path: string, report: Report, name: string): void {
  if (scanMarkers(text, path, report)) return;
  const structured = parseStructured(text);
  if (structured !== undefined) {
    scanStructured(structured, path, report);
    return;
  }
  const decoded = decodeBase64Text(text);
  if (decoded !== undefined) {
    scanText(decoded, `${path}<base64>`, report, name);
    return;
  }
  // ini / conf / Caddyfile lines: `password = x`, `secret: x`
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][\w.-]*)\s*[=:]\s*(\S.*?)\s*$/.exec(line);
    if (m && isCredentialName(m[1]) && looksLikeCredential(m[2])) {
      report(`${path}: ${m[1]}`, 'credential in configuration text');
      return;
    }
  }
  const token = randomLookingToken(text);
  if (token) report(path, `high-entropy value "${token.slice(0, 4)}…" (${token.length} characters)`);
}

function scanStructured(v: unknown, path: string, report: Report): void {
  if (Array.isArray(v)) {
    v.forEach((e, i) => scanStructured(e, `${path}[${i}]`, report));
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = `${path}.${k}`;
      if (/checksum/i.test(k)) continue;
      if (typeof x === 'string' && isCredentialName(k) && looksLikeCredential(x)) {
        report(p, `credential under "${k}"`);
        continue;
      }
      scanStructured(x, p, report);
    }
    return;
  }
  if (typeof v === 'string') scanText(v, path, report, '');
}

function isCredentialName(name: string): boolean {
  const n = name.replace(/[-_.]/g, '');
  return CREDENTIAL_NAME.test(n) && !REFERENCE_NAME.test(n);
}

/** A value that can be a credential: not empty, not a path, a variable, a boolean or a Kubernetes name. */
function looksLikeCredential(value: string, namesAllowed = true): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '' || v.startsWith('/') || /^(true|false|yes|no|on|off|null|\d+)$/i.test(v)) return false;
  if (/^\$\(.*\)$|^\$\{.*\}$|^\{\$.*\}$|^<.*>$/.test(v)) return false;
  if (namesAllowed && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63) return false; // a Secret / object name
  return true;
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
  if (s.includes('\n') && /^[A-Za-z_][\w.-]*:(\s|$)/m.test(s) && !/^\s*[A-Za-z_][\w.-]*\s*=/m.test(s)) {
    try {
      const y = YAML.parse(s);
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

/**
 * The first token that looks randomly generated: 16+ characters from a base64/password alphabet,
 * mixing upper case, lower case and digits with frequent switches between them, and high Shannon
 * entropy. Words, camelCase identifiers, hostnames, hex digests and image references do not.
 */
export function randomLookingToken(text: string): string | undefined {
  for (const raw of text.match(/[A-Za-z0-9+/=_\-.~!]{16,}/g) ?? []) {
    if (/@sha256:|^sha256:/.test(raw)) continue;
    // `=` inside a token separates a key from a value (`max_allowed_packet=16M`); base64 pads only at the end.
    for (const token of raw.replace(/=+$/, '').split(/[/.=]/)) {
      const t = token;
      if (t.length < 16 || /^[0-9a-f-]+$/i.test(t)) continue;
      if (!/[A-Z]/.test(t) || !/[a-z]/.test(t) || !/[0-9]/.test(t)) continue;
      // Switches between upper case, lower case and digits (separators ignored): frequent in random strings.
      const alnum = t.replace(/[^A-Za-z0-9]/g, '');
      let switches = 0;
      for (let i = 1; i < alnum.length; i++) if (charClass(alnum[i]) !== charClass(alnum[i - 1])) switches++;
      if (alnum.length < 12 || switches / (alnum.length - 1) < 0.3) continue;
      if (shannon(t) < 3.5) continue;
      return t;
    }
  }
  return undefined;
}

function charClass(c: string): number {
  return /[A-Z]/.test(c) ? 0 : /[a-z]/.test(c) ? 1 : /[0-9]/.test(c) ? 2 : 3;
}

function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
