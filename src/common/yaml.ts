import * as YAML from 'yaml';

/**
 * YAML for Kubernetes and Gitpod's Go binaries. Written in YAML 1.1 style, because their parsers
 * (go-yaml v2 behind sigs.k8s.io/yaml) read unquoted `on`, `yes`, `y` as booleans: such strings
 * come out quoted (`GRPC_GO_RETRY: "on"`). No line folding, so long values stay greppable.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  return YAML.stringify(value, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false, sortMapEntries: opts.sortKeys ?? false });
}
