import * as YAML from 'yaml';
import { defaultConfig, derefSchema, EXAMPLE_DOMAIN } from './defaults';
import { CONFIG_SCHEMA } from './schema';

type Schema = Record<string, any>;

const HEADER = `# gitpod.config.yaml: the Gitpod installer config (apiVersion v1), read by gitpod-cdk8s.
# Schema for editors: schema/gitpod-config.schema.json in the gitpod-cdk8s package.
`;

/** This project's own keys have no defaults to print: an example, commented out. */
const CDK8S_EXAMPLE = `# gitpod-cdk8s's own settings (the upstream installer has none of them), e.g.:
# cdk8s:
#   # Stakater Reloader annotations: a workload rolls when a Secret or ConfigMap it reads changes.
#   reloader: true
#   secrets:
#     # Values the secret guard refuses that you know are not secret, by config path
#     # (render's error prints the entry to add); never a switch to turn the check off.
#     notSecret:
#       - 'customization[0].metadata.annotations["example.com/build-id"]'
#   # Secrets and ConfigMaps your platform provides, for objects you add from code (a sidecar's API key):
#   # externals:
#   #   secrets: [{ name: datadog, keys: [api-key] }]
#   #   configMaps: []
`;

function scalar(value: unknown): string {
  return YAML.stringify(value, { lineWidth: 0 }).trimEnd();
}

/** `values` as YAML in declaration order, each key under its `@initComment` (types.ts). */
function yamlLines(values: Record<string, unknown>, schema: Schema, indent: string): string[] {
  const d = derefSchema(schema);
  const out: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const field: Schema = d.properties?.[key] ?? (typeof d.additionalProperties === 'object' ? d.additionalProperties : {});
    const comment = (field.initComment ?? derefSchema(field).initComment) as string | undefined;
    if (comment) out.push(...comment.split('\n').map((line) => `${indent}# ${line}`));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push(`${indent}${key}:`, ...yamlLines(value as Record<string, unknown>, field, `${indent}  `));
    } else {
      out.push(`${indent}${key}: ${scalar(value)}`);
    }
  }
  return out;
}

/**
 * The commented default config printed by `gitpod-cdk8s init`: every value is the installer's
 * default and every comment a key's `@initComment`, both declared in types.ts; the domain must be
 * changed. A test checks that it parses to the defaults.
 */
export const CONFIG_TEMPLATE: string =
  HEADER + yamlLines({ ...defaultConfig(), domain: EXAMPLE_DOMAIN }, CONFIG_SCHEMA, '').join('\n') + '\n' + CDK8S_EXAMPLE;
