import { randomBytes } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import { SelfSignedCertificate, selfSignedCertificate, SelfSignedOptions } from './tls';

/**
 * Where generated values come from. Components and the context never see one: values are drawn
 * only by the `secrets` command (and `render --inline-secrets`), never during a normal render.
 *
 * Values are named: the same name gives the same value within one source, which is how two
 * Secrets share one password (`mysql.password` and `db-password.mysql-password`).
 */
export interface ValueSource {
  /** A password of `length` characters from [A-Za-z0-9] (default 32, about 190 bits). */
  password(name: string, length?: number): string;
  /** `bytes` random bytes, base64 (encryption key material). */
  base64(name: string, bytes: number): string;
  /** A bcrypt hash of `password` (cost 10). */
  bcrypt(password: string): string;
  /** A self-signed TLS certificate and its key (PEM). */
  certificate(name: string, opts: SelfSignedOptions): SelfSignedCertificate;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A uniformly random string over ALPHABET, by rejection sampling from `randomBytes` (no modulo bias). */
export function randomString(length: number): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= limit) continue;
      out += ALPHABET[b % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Fresh strong random values from node:crypto. Never Math.random. */
export function randomValues(): ValueSource {
  const memo = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!memo.has(name)) memo.set(name, make());
    return memo.get(name) as T;
  };
  return {
    password: (name, length = 32) => once(`password:${name}`, () => randomString(length)),
    base64: (name, bytes) => once(`base64:${name}`, () => randomBytes(bytes).toString('base64')),
    bcrypt: (password) => bcrypt.hashSync(password, 10),
    certificate: (name, opts) => once(`certificate:${name}`, () => selfSignedCertificate(opts)),
  };
}

/**
 * A predictable source for tests and documentation: `<name>-<n>` style values. Not random;
 * never used by the CLI.
 */
export function fixedValues(prefix = 'value'): ValueSource {
  return {
    password: (name) => `${prefix}-${name}`,
    base64: (name) => Buffer.from(`${prefix}-${name}`).toString('base64'),
    bcrypt: (password) => `$2a$10$fixedsaltfixedsaltfixeu${Buffer.from(password).toString('hex').slice(0, 31).padEnd(31, '0')}`,
    certificate: (name) => ({ cert: `<${prefix}-${name}-certificate>`, key: `<${prefix}-${name}-key>` }),
  };
}
