import { CONFIG_SCHEMA } from './schema';
import { GitpodConfig } from './types';

type Schema = Record<string, any>;

const definitions = (CONFIG_SCHEMA.definitions ?? {}) as Record<string, Schema>;

/** A schema with its `$ref` followed. */
export function derefSchema(s: Schema): Schema {
  const ref = s?.$ref as string | undefined;
  return ref ? derefSchema(definitions[ref.replace('#/definitions/', '')]) : s;
}

/**
 * The defaults declared in types.ts (`@defaultValue`, the schema's `default`): a key's own default,
 * else an object of its fields' defaults (none: left out). Declaration order, as the template.
 */
function declaredDefaults(s: Schema): unknown {
  if (s.default !== undefined) return s.default;
  const d = derefSchema(s);
  if (d.default !== undefined) return d.default;
  if (d.type !== 'object' || !d.properties) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d.properties as Record<string, Schema>)) {
    const value = declaredDefaults(v);
    if (value !== undefined) out[k] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const DEFAULTS = JSON.stringify(declaredDefaults(CONFIG_SCHEMA));

/**
 * The installer's defaults (`pkg/config/v1` `Defaults()` plus the factory), as a fresh object each
 * call: the `@defaultValue`s of src/config/types.ts. `domain` is empty: a config must set it.
 */
export function defaultConfig(): GitpodConfig {
  return JSON.parse(DEFAULTS) as GitpodConfig;
}

/** The registry that hosts Gitpod's own images; third-party images keep their registries while it is used. */
export const GITPOD_REPOSITORY: string = defaultConfig().repository;

/** The domain of the built-in default installation (`npm run synth` without a config file). */
export const EXAMPLE_DOMAIN = 'gitpod.example.com';

/**
 * `cdk8s.reloader`: Stakater Reloader annotations are on unless turned off. They are inert in a
 * cluster without Reloader, and without them a rotated credential is used only after a restart.
 */
export const DEFAULT_RELOADER = true;
