import * as YAML from 'yaml';
import { jsonKey } from '../common/json-key';
import { defaultConfig } from './defaults';
import { ConfigProblem, GitpodConfigError } from './errors';
import { isPlainObject, mergeConfig } from './merge';
import { applyRules } from './rules';
import { GitpodConfig, GitpodConfigInput } from './types';
import { schemaProblems } from './validate';

/** A config that passed every check, with the warnings found on the way. */
export interface ResolvedConfig {
  /** The config with defaults applied, validated. */
  readonly config: GitpodConfig;
  /** Accepted but deprecated or ignored fields, one problem each. */
  readonly warnings: readonly ConfigProblem[];
}

/** Parse YAML text into plain data. Syntax errors become a `GitpodConfigError` with line and column. */
export function parseConfigYaml(text: string, source = 'config'): unknown {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    throw new GitpodConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '', message: `${source}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return data ?? {};
}

/**
 * Merge a user's config onto the installer defaults and check it: schema (types, allowed values,
 * unknown keys), then the cross-field rules. Throws a `GitpodConfigError` listing every problem.
 */
export function resolveConfig(input: GitpodConfigInput | unknown): ResolvedConfig {
  if (!isPlainObject(input)) {
    throw GitpodConfigError.at('', `the config must be a YAML mapping, found ${Array.isArray(input) ? 'a list' : typeof input}`);
  }
  // Each cluster of a fleet resolves the config again (the installation takes a config or a resolved
  // one): a pure function of the input's JSON, so remembered by its exact key, and handed out as a
  // fresh copy each time (a caller may change what it got). The copy is JSON.parse's: plain objects
  // of this realm (structuredClone's come from Node's main realm, which cdk8s's resolve, checking
  // `constructor == Object`, misreads inside a vm context such as jest's).
  const key = jsonKey(input);
  const known = key === undefined ? undefined : resolved.get(key);
  if (known !== undefined) return JSON.parse(known) as ResolvedConfig;
  const result = resolveFresh(input);
  // only plain JSON is remembered: it copies exactly
  const text = key === undefined ? undefined : jsonKey(result);
  if (key !== undefined && text !== undefined) {
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(key, text);
  }
  return result;
}

/** Resolved configs (their JSON text) by their input's `jsonKey`. */
const resolved = new Map<string, string>();
const MAX_RESOLVED = 20;

function resolveFresh(input: Record<string, unknown>): ResolvedConfig {
  const merged = mergeConfig(defaultConfig(), input);
  const problems = schemaProblems(merged);
  if (problems.length > 0) throw new GitpodConfigError(problems);
  const rules = applyRules(merged);
  if (rules.problems.length > 0) throw new GitpodConfigError(rules.problems);
  return { config: rules.config, warnings: rules.warnings };
}

/** Parse and resolve YAML text in one step. */
export function loadConfig(text: string, source?: string): ResolvedConfig {
  return resolveConfig(parseConfigYaml(text, source));
}
