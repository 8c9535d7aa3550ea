import * as jsYaml from 'js-yaml';

/**
 * YAML for Kubernetes and Gitpod's Go binaries, in YAML 1.1-compatible form: their parsers
 * (go-yaml v2 behind sigs.k8s.io/yaml) read unquoted `on`, `yes`, `y` as booleans, so such strings
 * come out quoted (`GRPC_GO_RETRY: 'on'`). No line folding (long values stay greppable), no
 * anchors. js-yaml writes this ~3x faster than `yaml` (which the config loader keeps for its
 * line-accurate errors): see docs/performance.md.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  return jsYaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: opts.sortKeys ?? false });
}
