import * as jsYaml from 'js-yaml';
import { emitYaml } from './yaml-emitter';

/**
 * YAML for Kubernetes and Gitpod's Go binaries, in YAML 1.1-compatible form: their parsers
 * (go-yaml v2 behind sigs.k8s.io/yaml) read unquoted `on`, `yes`, `y` as booleans, so such strings
 * come out quoted (`GRPC_GO_RETRY: 'on'`). No line folding (long values stay greppable), no
 * anchors. js-yaml writes this ~3x faster than `yaml` (which the config loader keeps for its
 * line-accurate errors): see docs/performance.md. Plain JSON data is written by our own emitter
 * (yaml-emitter.ts: the same bytes as js-yaml, in a fraction of the operations), anything else by js-yaml.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  const sortKeys = opts.sortKeys ?? false;
  return emitYaml(value, sortKeys) ?? jsYamlDump(value, sortKeys);
}

/** js-yaml's text with our options: what `toYaml` writes, whoever writes it (the emitter's equivalence tests compare with it). */
export function jsYamlDump(value: unknown, sortKeys = false): string {
  return jsYaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys });
}
