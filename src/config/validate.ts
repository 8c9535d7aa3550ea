import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigProblem, show } from './errors';
import { AJV_OPTIONS, CONFIG_SCHEMA, QUANTITY_DESCRIPTION } from './schema';

let quick: ((data: unknown) => boolean) | null | undefined;
let compiled: ValidateFunction | undefined;

/**
 * The happy-path check: a standalone validator that stops at the first error and needs nothing
 * from ajv (scripts/compile-validators.js); `null` when running from sources (tests).
 */
function quickCheck(): ((data: unknown) => boolean) | null {
  if (quick !== undefined) return quick;
  try {
    quick = require('./config-check.gen.js') as (data: unknown) => boolean;
  } catch {
    quick = null;
  }
  return quick;
}

/**
 * The validator that explains: every error, verbose. Precompiled by `npm run build`, or compiled
 * here once per process when running from sources (tests). ajv is loaded only here, that is only
 * for an invalid config (or from sources).
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  try {
    compiled = require('./config-validator.gen.js') as ValidateFunction;
  } catch {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    compiled = new Ajv(AJV_OPTIONS).compile(CONFIG_SCHEMA);
  }
  return compiled;
}

/** JSON pointer (`/database/cloudSQL/instance`, `/authProviders/0/name`) to a YAML path. */
export function yamlPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function typeName(t: unknown): string {
  const names: Record<string, string> = {
    string: 'a string',
    boolean: 'true or false',
    integer: 'a whole number',
    number: 'a number',
    object: 'a mapping (key: value)',
    array: 'a list',
  };
  return Array.isArray(t) ? t.map(typeName).join(' or ') : (names[String(t)] ?? String(t));
}

function problemFor(e: ErrorObject): ConfigProblem {
  const path = yamlPath(e.instancePath);
  const found = e.data;
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((parent?.properties as object) ?? {});
      return {
        path: yamlPath(e.instancePath, key),
        message: `unknown key; allowed here: ${allowed.join(', ') || 'none'}`,
      };
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      return {
        path: yamlPath(e.instancePath, prop),
        message: path ? `required when ${path} is set` : 'required',
      };
    }
    case 'type':
      return { path, message: `must be ${typeName((e.params as { type: unknown }).type)}, found ${show(found)}` };
    case 'enum':
      return {
        path,
        message: `found ${show(found)}; allowed: ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`,
      };
    case 'pattern':
    case 'minLength':
      if (found === '') return { path, message: `required: must be ${parent?.allowed ?? 'non-empty'}` };
      return { path, message: `found ${show(found)}; must be ${parent?.allowed ?? `matching ${e.params}`}` };
    case 'minimum':
      return { path, message: `found ${show(found)}; must be ${(e.params as { limit: number }).limit} or more` };
    case 'maxLength':
      return {
        path,
        message: `found ${show(found)} (${String(found).length} characters); must be ${parent?.allowed ?? e.message}`,
      };
    case 'propertyNames':
      return { path, message: `found key ${show((e.params as { propertyName: string }).propertyName)}; ${e.message}` };
    default:
      return { path, message: `${e.message ?? 'invalid'}, found ${show(found)}` };
  }
}

/** Check a defaulted config against the schema. Returns every problem, one per field, in document order. */
export function schemaProblems(config: unknown): ConfigProblem[] {
  const check = quickCheck();
  if (check && check(config)) return [];
  const validate = validator();
  if (validate(config)) return [];
  const errors = (validate.errors ?? []).filter(
    // anyOf reports each branch and then itself; keep only the summary for quantities.
    (e) => !(e.schemaPath.includes('/anyOf/')),
  );
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const e of errors) {
    const p = e.keyword === 'anyOf' ? quantityProblem(e) : problemFor(e);
    // One line per field: a value too long and of the wrong form is one problem.
    if (!seen.has(p.path)) {
      seen.add(p.path);
      out.push(p);
    }
  }
  return out;
}

function quantityProblem(e: ErrorObject): ConfigProblem {
  return {
    path: yamlPath(e.instancePath),
    message: `found ${show(e.data)}; must be ${QUANTITY_DESCRIPTION}`,
  };
}
