/**
 * The JSON Schema of `gitpod.config.yaml` (apiVersion v1 plus this project's `cdk8s` block).
 *
 * Generated from the types of `types.ts` and their doc comments by scripts/write-schema.js (run by
 * `npm run build` before tsc), so a key is declared once, in `types.ts`: its type, its
 * description, its constraints (`@pattern`, `@minLength`, ...) and the "what is allowed" text of
 * its errors (`@allowed`). The file is also shipped for editors (YAML language server:
 * `# yaml-language-server: $schema=...`).
 *
 * It is the one source for value checks (types, enums, unknown keys); cross-field rules live in
 * `rules.ts`.
 */
import GENERATED from '../../schema/gitpod-config.schema.json';

type Schema = Record<string, unknown>;

/** Options of the config validator (runtime and precompiled alike). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

/** The schema of a config after defaults are applied. */
export const CONFIG_SCHEMA: Schema = GENERATED as Schema;

/** The `@allowed` text at a path of the schema (throws when the schema lost it). */
function allowedAt(...path: (string | number)[]): string {
  let at: unknown = CONFIG_SCHEMA;
  for (const p of path) at = (at as Record<string | number, unknown> | undefined)?.[p];
  const allowed = (at as Schema | undefined)?.allowed;
  if (typeof allowed !== 'string') throw new Error(`config schema: no @allowed text at ${path.join('.')}`);
  return allowed;
}

/** What a namespace may be (Kubernetes: an RFC 1123 label). */
export const NAMESPACE_DESCRIPTION = allowedAt('definitions', 'ClusterSpec', 'properties', 'namespace');

/** What a quantity may be (the string form; a number must not be negative). */
export const QUANTITY_DESCRIPTION = allowedAt('definitions', 'Quantity', 'anyOf', 0);
