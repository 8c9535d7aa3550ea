import { createHash } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import { ValueSource } from '../secrets/generate';
import { PlannedSecret } from '../secrets/plan';
import { Manifest } from '../secrets/references';
import { secretValues } from './objects';

/**
 * `secrets --existing`: the Secrets a rendering needs, taken from a running installation (or the
 * upstream installer's render output) instead of fresh values, so that moving an installation over
 * changes no password the database, the message bus, the registry or the users' sessions know.
 *
 * Per key: a key the file has is kept byte for byte; a key upstream never had is derived from what
 * the file has (the generators of the secret catalog run on the existing values); only what cannot
 * be derived is drawn fresh. Every decision is one line of `report`.
 */
export interface ExistingSecrets {
  /** The Secrets to apply (or seal), sorted like the plan. */
  readonly manifests: Manifest[];
  /** One line per Secret/key: kept, derived from ..., generated, or why nothing is printed. */
  readonly report: string[];
  /** Values that would break a binary, and disagreements between kept values. */
  readonly warnings: string[];
}

/** A value read from the file, and where it was found (`Secret/db-password mysql-password`). */
interface Seed {
  readonly value: string;
  readonly from: string;
}

/**
 * Where upstream kept the values our generators draw by name (see `generatedSecrets` in
 * secrets/catalog.ts): the first source the file has wins. The order puts first what the running
 * process was started with: MySQL initialised its users from `db-password` (bitnami chart
 * `auth.existingSecret`), RabbitMQ its user from `load-definition`.
 */
const SEED_SOURCES: Record<string, readonly (readonly [secret: string, key: string])[]> = {
  'password:mysql-password': [['db-password', 'mysql-password'], ['mysql', 'password']],
  'password:mysql-root-password': [['db-password', 'mysql-root-password'], ['mysql', 'mysql-root-password']],
  'password:minio-user': [['minio', 'root-user']],
  'password:minio-password': [['minio', 'root-password']],
  'password:registry-user': [['builtin-registry-auth', 'user']],
  'password:registry-password': [['builtin-registry-auth', 'password']],
  'password:registry-ha-shared-secret': [['registry-secret', 'haSharedSecret']],
  'password:messagebus-password': [['rabbitmq', 'password'], ['messagebus', 'rabbitmq-password']],
  'password:erlang-cookie': [['messagebus-erlang-cookie', 'rabbitmq-erlang-cookie']],
  'password:server-session-secret': [['server-secrets', 'session-secret']],
  'password:server-jwt-secret': [['server-secrets', 'oauth-server-jwt-secret']],
};

/** The named values that the objects of a running installation fix. */
export function existingSeeds(objects: readonly Manifest[]): Map<string, Seed> {
  const secrets = new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name as string, secretValues(o)]));
  const seeds = new Map<string, Seed>();
  for (const [name, sources] of Object.entries(SEED_SOURCES)) {
    for (const [secret, key] of sources) {
      const v = secrets.get(secret)?.get(key);
      if (v !== undefined && v.length > 0) {
        seeds.set(name, { value: v.toString('utf8'), from: `Secret/${secret} ${key}` });
        break;
      }
    }
  }
  const setIfAbsent = (name: string, value: unknown, from: string) => {
    if (!seeds.has(name) && typeof value === 'string' && value.length > 0) seeds.set(name, { value, from });
  };
  // Registry credentials only in the pull secret (an older or hand-made builtin-registry-auth).
  const dockerconfig = secrets.get('builtin-registry-auth')?.get('.dockerconfigjson');
  if (dockerconfig) {
    const auth = firstDockerAuth(dockerconfig.toString('utf8'));
    if (auth) {
      setIfAbsent('password:registry-user', auth.user, 'Secret/builtin-registry-auth .dockerconfigjson');
      setIfAbsent('password:registry-password', auth.password, 'Secret/builtin-registry-auth .dockerconfigjson');
    }
  }
  // The message-bus password RabbitMQ created its user with, when no other Secret has it.
  const definitions = secrets.get('load-definition')?.get('load_definition.json');
  if (definitions) {
    const users = parseJson(definitions.toString('utf8'))?.users;
    if (Array.isArray(users)) setIfAbsent('password:messagebus-password', users[0]?.password, 'Secret/load-definition load_definition.json');
  }
  // Upstream wrote the session and JWT secrets into server-config (components/server/configmap.go).
  const serverConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'server-config');
  const config = parseJson(serverConfig?.data?.['config.json']);
  setIfAbsent('password:server-session-secret', config?.session?.secret, 'ConfigMap/server-config config.json session.secret');
  setIfAbsent('password:server-jwt-secret', config?.oauthServer?.jwtSecret, 'ConfigMap/server-config config.json oauthServer.jwtSecret');
  return seeds;
}

/**
 * bcrypt hashes the file already has, to reuse when one verifies the password: upstream's proxy
 * wrote the registry's basic-auth hash (base64) into its Caddyfile (components/proxy/configmap.go).
 */
export function existingHashes(objects: readonly Manifest[]): { hash: string; from: string }[] {
  const out: { hash: string; from: string }[] = [];
  for (const o of objects) {
    if (o.kind === 'Secret' && o.metadata.name === 'builtin-registry-auth') {
      const v = secretValues(o);
      const b64 = v.get('passwordHash')?.toString('utf8');
      if (b64) out.push({ hash: Buffer.from(b64, 'base64').toString('utf8'), from: 'Secret/builtin-registry-auth passwordHash' });
      const line = v.get('htpasswd')?.toString('utf8');
      if (line?.includes(':')) out.push({ hash: line.slice(line.indexOf(':') + 1).trim(), from: 'Secret/builtin-registry-auth htpasswd' });
    }
    if (o.kind === 'ConfigMap' && o.metadata.name === 'proxy-config') {
      for (const [file, text] of Object.entries(o.data ?? {})) {
        for (const m of String(text).matchAll(/basicauth\s+bcrypt[^{]*\{\s*\S+\s+(\S+)/g)) {
          out.push({ hash: Buffer.from(m[1], 'base64').toString('utf8'), from: `ConfigMap/proxy-config ${file}` });
        }
      }
    }
  }
  return out.filter((h) => /^\$2[abxy]\$\d\d\$/.test(h.hash));
}

/**
 * A value source that answers from the seeds first, from `fresh` otherwise; bcrypt reuses a
 * hash of the file that verifies the password, else hashes with a salt derived from the password
 * (so the output depends only on the file and the fresh values).
 */
export function seededValues(seeds: ReadonlyMap<string, Seed>, fresh: ValueSource, hashes: readonly { hash: string }[] = []): ValueSource {
  return {
    password: (name, length) => seeds.get(`password:${name}`)?.value ?? fresh.password(name, length),
    base64: (name, bytes) => seeds.get(`base64:${name}`)?.value ?? fresh.base64(name, bytes),
    bcrypt: (password) => hashes.find((h) => bcrypt.compareSync(password, h.hash))?.hash ?? deterministicBcrypt(password),
    certificate: (name, opts) => fresh.certificate(name, opts),
  };
}

/** bcrypt (cost 10) with a salt taken from the password's SHA-256: same password, same hash. */
export function deterministicBcrypt(password: string): string {
  const salt = createHash('sha256').update(`gitpod-cdk8s bcrypt salt\0${password}`).digest().subarray(0, 16);
  return bcrypt.hashSync(password, `$2a$10$${bcrypt.encodeBase64(salt, 16)}`);
}

const FRESH = '\u0000fresh';
const HASHED = '\u0000bcrypt';

/** A source for telling apart what depends on the seeds from what is fresh: no crypto, values are markers. */
function probeValues(seeds: ReadonlyMap<string, Seed>, tag: string, drawn: Set<string>): ValueSource {
  const named = (kind: string, name: string) => {
    const seed = seeds.get(`${kind}:${name}`);
    if (seed) {
      drawn.add(`${kind}:${name}`);
      return seed.value;
    }
    return `${FRESH}-${tag}-${kind}-${name}`;
  };
  return {
    password: (name) => named('password', name),
    base64: (name) => named('base64', name),
    bcrypt: (password) => `${HASHED}(${password})`,
    certificate: (name) => ({ cert: `${FRESH}-${tag}-cert-${name}`, key: `${FRESH}-${tag}-key-${name}` }),
  };
}

/** How one key of a generated Secret is to be had. */
type KeyOrigin = { kind: 'kept' } | { kind: 'derived'; from: string[] } | { kind: 'constant' } | { kind: 'generated' };

function keyOrigins(spec: PlannedSecret, seeds: ReadonlyMap<string, Seed>): Map<string, KeyOrigin> {
  const drawn = new Set<string>();
  const a = spec.generate!(probeValues(seeds, 'a', drawn));
  const b = spec.generate!(probeValues(seeds, 'b', new Set()));
  const out = new Map<string, KeyOrigin>();
  for (const key of Object.keys(a)) {
    if (a[key] !== b[key]) {
      out.set(key, { kind: 'generated' });
      continue;
    }
    // Which seeds the key depends on: change one at a time and see whether the key follows.
    const from: string[] = [];
    for (const name of [...drawn].sort()) {
      const altered = new Map(seeds);
      altered.set(name, { ...seeds.get(name)!, value: `${seeds.get(name)!.value}\u0000altered` });
      if (spec.generate!(probeValues(altered, 'a', new Set()))[key] !== a[key]) from.push(seeds.get(name)!.from);
    }
    out.set(key, from.length > 0 ? { kind: 'derived', from } : { kind: 'constant' });
  }
  for (const key of spec.fallbackKeys) out.set(key, { kind: 'generated' });
  return out;
}

/**
 * The generated Secrets of `plan`, with the values of `existing` kept, the keys upstream did not
 * have derived from them, and the rest drawn from `fresh`. `existing` must be one namespace's objects.
 */
export function secretsFromExisting(plan: readonly PlannedSecret[], existing: readonly Manifest[], namespace: string, fresh: ValueSource): ExistingSecrets {
  const seeds = existingSeeds(existing);
  const hashes = existingHashes(existing);
  const values = seededValues(seeds, fresh, hashes);
  const liveSecrets = new Map(existing.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name as string, o]));
  const report: string[] = [];
  const warnings: string[] = [];
  const manifests: Manifest[] = [];

  for (const s of plan) {
    const live = liveSecrets.get(s.name);
    if (s.source !== 'generated' || !s.generate) {
      if (live) report.push(`${s.name}: exists; ${s.source === 'cert-manager' ? 'cert-manager owns it (its Certificate re-issues it if another issuer signed it)' : 'yours, left as it is'} (not printed)`);
      else if (s.source === 'user' && !s.optional) warnings.push(`${s.name}: not in the file; bring it yourself (${s.configPath ?? 'read by ' + s.readers.join(', ')})`);
      continue;
    }
    const liveValues = live ? secretValues(live) : new Map<string, Buffer>();
    const origins = keyOrigins(s, seeds);
    const generated = s.generate(values);
    for (const k of s.fallbackKeys) generated[k] = values.password(`${s.name}/${k}`);
    const probe = s.generate(probeValues(seeds, 'a', new Set()));
    const data: Record<string, string> = {};
    const keys = [...new Set([...Object.keys(generated), ...liveValues.keys()])].sort();
    for (const key of keys) {
      const kept = liveValues.get(key);
      const origin = kept !== undefined ? ({ kind: 'kept' } as const) : origins.get(key) ?? { kind: 'generated' as const };
      if (kept !== undefined) {
        // Keep the bytes; base64 of the decoded value (the file's own encoding may differ in padding only).
        data[key] = live?.data?.[key] !== undefined && live?.stringData?.[key] === undefined ? String(live.data[key]) : kept.toString('base64');
        const derived = origins.get(key);
        if (derived?.kind === 'derived' && disagrees(key, kept.toString('utf8'), probe[key], seeds)) {
          warnings.push(`${s.name}: kept key ${key} disagrees with ${derived.from.join(' and ')}; the consumers of both must agree (compare them in the cluster)`);
        }
        if (key === 'passwordHash' || key === 'htpasswd') checkHash(s.name, key, kept.toString('utf8'), seeds.get('password:registry-password')?.value, warnings);
      } else {
        data[key] = Buffer.from(generated[key] ?? values.password(`${s.name}/${key}`)).toString('base64');
      }
      const plain = Buffer.from(data[key], 'base64').toString('utf8');
      const reused = kept === undefined ? hashes.find((h) => plain.includes(h.hash) || plain === Buffer.from(h.hash).toString('base64')) : undefined;
      report.push(`${s.name}.${key}: ${describe(origin)}${reused ? ` (the bcrypt hash of ${reused.from}, reused)` : ''}`);
      const loss = GENERATED_WARNING[`${s.name}.${key}`];
      if (origin.kind === 'generated' && loss) warnings.push(`${s.name}.${key}: ${loss}`);
    }
    const type = live?.type ?? s.type ?? 'Opaque';
    if (live?.type && s.type && live.type !== s.type) {
      report.push(`${s.name}: keeps its type ${live.type} (a Secret's type cannot change; the rendering would create ${s.type})`);
    }
    manifests.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: s.name, namespace, ...(s.labels ? { labels: s.labels } : {}) },
      type,
      data,
    });
  }
  for (const name of [...liveSecrets.keys()].sort()) {
    if (!plan.some((p) => p.name === name)) report.push(`${name}: exists, the rendering does not read it (left as it is; not printed)`);
  }
  warnings.push(...checkValues(plan, existing));
  return { manifests, report, warnings };
}

/**
 * Whether a kept value contradicts what the seeds imply: a copy of one seed (a password kept in
 * two Secrets) must equal it; the pull secret and the RabbitMQ definitions must carry the same
 * credentials (their formatting may differ). Other composite values are not compared.
 */
function disagrees(key: string, kept: string, expected: string | undefined, seeds: ReadonlyMap<string, Seed>): boolean {
  if (expected === undefined || expected.includes(HASHED)) return false;
  if ([...seeds.values()].some((seed) => seed.value === expected)) return kept !== expected;
  if (key === '.dockerconfigjson') {
    const a = firstDockerAuth(kept);
    const b = firstDockerAuth(expected);
    return !a || !b || a.user !== b.user || a.password !== b.password;
  }
  if (key === 'load_definition.json') {
    return parseJson(kept)?.users?.[0]?.password !== parseJson(expected)?.users?.[0]?.password;
  }
  return false;
}

function describe(o: KeyOrigin): string {
  switch (o.kind) {
    case 'kept':
      return 'kept';
    case 'derived':
      return `derived from ${o.from.join(' and ')}`;
    case 'constant':
      return 'set (fixed value or from the config)';
    default:
      return 'generated (fresh)';
  }
}

/** Fresh values that lose data or sessions when the Secret existed: said loudly. */
const GENERATED_WARNING: Record<string, string> = {
  'mysql.encryptionKeys': 'a fresh database encryption key: data encrypted with the old key (OAuth tokens) becomes unreadable; copy the old key if you have it',
  'mysql.password': 'a fresh database password: the database still has the old one, so nothing can log in; copy the old one',
  'mysql.mysql-root-password': 'a fresh root password: MySQL keeps the old one in its data directory; copy it from upstream\'s db-password',
  'minio.root-password': 'fresh MinIO credentials: they must be what the MinIO server was started with (copy the `minio` Secret of the cluster it runs in)',
  'server-secrets.session-secret': 'a fresh session secret: every user is logged out',
};

function checkHash(secret: string, key: string, value: string, password: string | undefined, warnings: string[]): void {
  const hash = key === 'passwordHash' ? Buffer.from(value, 'base64').toString('utf8') : value.slice(value.indexOf(':') + 1).trim();
  if (password !== undefined && !(/^\$2[abxy]\$\d\d\$/.test(hash) && bcrypt.compareSync(password, hash))) {
    warnings.push(`${secret}: kept key ${key} does not verify the registry password; the proxy will refuse pushes: delete the key and run again to derive it`);
  }
}

/** Single-line values that binaries read as they are, from an env variable or a key file. */
const SINGLE_LINE_KEYS = new Set([
  'accessKeyId', 'secretAccessKey', 's3AccessKey', 's3SecretKey', 'accountName', 'accountKey', 'root-user', 'root-password',
  'username', 'password', 'host', 'port', 'database', 'user', 'mysql-password', 'mysql-root-password', 'rabbitmq-password',
  'rabbitmq-erlang-cookie', 'haSharedSecret', 'session-secret', 'oauth-server-jwt-secret', 'httpProxy', 'httpsProxy', 'noProxy',
  'JAEGER_USER', 'JAEGER_PASSWORD', 'type',
]);

/** What reads a key and how it breaks, for the warning text. */
const KEY_FILE_READERS: Record<string, string> = {
  'root-user': 'content-service, ws-manager and ws-daemon read it from a key file as is',
  'root-password': 'content-service, ws-manager and ws-daemon read it from a key file as is',
  accessKeyId: 'content-service, ws-manager and ws-daemon read it from a key file as is',
  secretAccessKey: 'content-service, ws-manager and ws-daemon read it from a key file as is',
};

/**
 * Values of the file's Secrets that a binary would choke on: surrounding whitespace or a
 * trailing newline (`echo` instead of `printf`, `--from-file` of an edited file), keys the
 * rendering reads but the Secret lacks, malformed JSON, PEM or port numbers. Never prints a value.
 */
export function checkValues(plan: readonly PlannedSecret[], existing: readonly Manifest[]): string[] {
  const out: string[] = [];
  const live = new Map(existing.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name as string, o]));
  for (const s of plan) {
    const o = live.get(s.name);
    if (!o || s.source === 'cert-manager') continue;
    const values = secretValues(o);
    if (s.source === 'user') {
      const required = s.keys.filter((k) => !values.has(k) && !OPTIONAL_USER_KEYS.has(k));
      if (required.length > 0) out.push(`${s.name}: lacks key(s) ${required.join(', ')}${s.readers.length > 0 ? ` (read by ${s.readers.join(', ')})` : ''}`);
    }
    for (const [key, buf] of values) {
      const text = buf.toString('utf8');
      const where = `${s.name}.${key}`;
      if (SINGLE_LINE_KEYS.has(key) && text !== text.trim()) {
        const how = /[\r\n]$/.test(text) ? 'ends with a newline' : 'has leading or trailing whitespace';
        out.push(`${where} ${how}: ${KEY_FILE_READERS[key] ?? 'it is read as is'}, so the login fails; recreate it without (printf '%s', or kubectl create secret --from-literal)`);
      }
      if (key === 'port' && !/^\d+$/.test(text.trim())) out.push(`${where} is not a port number`);
      if (key === 'encryptionKeys' && !validEncryptionKeys(text)) out.push(`${where} is not a JSON list with one primary key of 32 bytes (base64 material)`);
      if ((key.endsWith('.json') || key === '.dockerconfigjson') && text.trim() !== '' && parseJson(text) === undefined) out.push(`${where} is not valid JSON`);
      if (s.source === 'user' && (key === 'tls.crt' || key === 'ca.crt') && !text.includes('-----BEGIN CERTIFICATE-----')) out.push(`${where} is not a PEM certificate`);
      if (s.source === 'user' && key === 'tls.key' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) out.push(`${where} is not a PEM private key`);
    }
  }
  return out;
}

/** Keys of user Secrets that the binaries do without. */
const OPTIONAL_USER_KEYS = new Set(['noProxy', 'httpsProxy', 'encryptionKeys', 'type', 'ca.crt']);

function validEncryptionKeys(text: string): boolean {
  const keys = parseJson(text);
  if (!Array.isArray(keys)) return false;
  const primary = keys.filter((k) => k?.primary === true);
  return primary.length === 1 && typeof primary[0].material === 'string' && Buffer.from(primary[0].material, 'base64').length === 32;
}

function firstDockerAuth(text: string): { user: string; password: string } | undefined {
  const auths = parseJson(text)?.auths;
  if (!auths || typeof auths !== 'object') return undefined;
  for (const entry of Object.values(auths) as any[]) {
    if (typeof entry?.username === 'string' && typeof entry?.password === 'string') return { user: entry.username, password: entry.password };
    if (typeof entry?.auth === 'string') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at > 0) return { user: decoded.slice(0, at), password: decoded.slice(at + 1) };
    }
  }
  return undefined;
}

function parseJson(text: unknown): any {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
