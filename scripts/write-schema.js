#!/usr/bin/env node
// Writes schema/gitpod-config.schema.json, the JSON Schema of a config, from the TypeScript types
// of src/config/types.ts and their doc comments (run by `npm run build` before tsc, which compiles
// the file into the library as CONFIG_SCHEMA). types.ts is the one declaration of every key: its
// doc comment gives the description, and the tags `@pattern`, `@minLength`, `@maxLength`,
// `@minimum`, `@maximum`, `@minItems`, `@propertyNames`, `@asType integer` and `@discriminator`
// the constraints; `@allowed` is the "what is allowed" text of an error and of docs/config.md;
// `@defaultValue` (JSON5) the default (defaults.ts reads it), `@initComment` the comment `init`
// prints above the key (template.ts); `@clearable` see tidy().
// `node scripts/write-schema.js --check` fails when the file is stale instead of writing it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const root = path.join(__dirname, '..');
const out = path.join(root, 'schema', 'gitpod-config.schema.json');

/** The schema of a config after defaults are applied, as ajv and editors read it. */
function configSchema() {
  const generator = createGenerator({
    path: path.join(root, 'src', 'config', 'types.ts'),
    tsconfig: path.join(__dirname, 'tsconfig.schema.json'), // types.ts alone: a small program, ~3 s less
    type: 'GitpodConfig',
    expose: 'export',
    topRef: false,
    additionalProperties: false,
    skipTypeCheck: true, // tsc checks the types; the generator only reads them
    extraTags: ['allowed', 'clearable', 'defaultValue', 'initComment'],
    discriminatorType: 'open-api', // AdmissionConstraint: oneOf, as the installer's protocol has it
    sortProps: false, // declaration order: errors and docs/config.md follow it
  });
  const generated = tidy(generator.createSchema('GitpodConfig'));
  keepDefaultsOnlyWhereUsed(generated);
  const { $schema, definitions, ...rest } = generated;
  return {
    $schema,
    $id: 'https://github.com/gitpod-cdk8s/gitpod-cdk8s/schema/gitpod-config.schema.json',
    title: 'Gitpod installer config (apiVersion v1) for gitpod-cdk8s',
    ...rest,
    definitions,
  };
}

const isEmpty = (v) => v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

/**
 * `@default` in types.ts is documentation ("none", "in-cluster"), not a value an editor should
 * insert: the schema's `default` is `@defaultValue` (JSON5), the value `defaultConfig()` gives. A single literal (`const`) becomes a one-value `enum`,
 * so its error lists what is allowed like every other enum.
 */
function tidy(s) {
  if (Array.isArray(s)) return s.map(tidy);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    // `discriminator` (OpenAPI) is a hint ajv does not read here; the oneOf decides.
    if (k === 'default' || k === 'clearable' || k === 'discriminator') continue;
    // `Record<string, unknown>` and `unknown[]`: any value, said by saying nothing.
    if ((k === 'additionalProperties' || k === 'items') && isEmpty(v)) continue;
    if (k === 'const') out.enum = [v];
    else if (k === 'defaultValue') out.default = v; // the value defaultConfig() gives (src/config/defaults.ts)
    else out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v).map(([p, x]) => [p, tidy(x)])) : tidy(v);
  }
  // `@clearable`: required in `GitpodConfig` (the defaults fill it), but an explicit `null` in a
  // file clears it and the config stays valid, so the schema does not require it.
  if (out.required && out.properties) {
    const clearable = Object.keys(s.properties).filter((p) => s.properties[p].clearable);
    out.required = out.required.filter((p) => !clearable.includes(p));
    if (out.required.length === 0) delete out.required;
  }
  return out;
}

/**
 * A `@defaultValue` on a type used in two places (PersistentVolumeClaimConfig, and its `Partial`
 * copy in a workspace class) is a default only where `defaultConfig()` reaches it: from the root
 * through properties, as defaults.ts walks. Elsewhere an editor must not offer it.
 */
function keepDefaultsOnlyWhereUsed(root) {
  const used = new Set();
  const deref = (s) => (s && s.$ref ? deref(root.definitions[s.$ref.replace('#/definitions/', '')]) : s);
  const walk = (s) => {
    if (s.default !== undefined) return used.add(s);
    const d = deref(s);
    if (d.default !== undefined) return used.add(d);
    for (const p of Object.values(d.properties ?? {})) walk(p);
  };
  walk(root);
  const strip = (s) => {
    if (Array.isArray(s)) return s.forEach(strip);
    if (!s || typeof s !== 'object') return;
    if (s.default !== undefined && !used.has(s)) delete s.default;
    for (const [k, v] of Object.entries(s)) {
      // Under `properties` and `definitions` a key is a name (WorkspaceTemplates has a `default`).
      if (k === 'properties' || k === 'definitions') Object.values(v).forEach(strip);
      else if (k !== 'default') strip(v);
    }
  };
  strip(root);
}

const text = JSON.stringify(configSchema(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) {
    console.error(`${path.relative(root, out)} is stale: run node scripts/write-schema.js`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
}
