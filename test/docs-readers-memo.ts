import { ConfigField, fieldReaders, NOT_MEASURED } from '../src/docs/config-reference';
import { memoised } from './memo';

/**
 * `fieldReaders` (several hundred Full renderings: most of what docs/config.md costs), memoised
 * by what decides its result: the compiled library (lib/src, lib/imports, lib/schema) and the
 * fields. Any change to them measures again; the same library measures the same (renderings are
 * deterministic), so the check that docs/config.md is current stays the same check.
 */
export function memoisedFieldReaders(fields: readonly ConfigField[]): Map<string, string[] | typeof NOT_MEASURED> {
  const entries = memoised('config-readers', ['lib/src', 'lib/imports', 'lib/schema'], JSON.stringify(fields), () => [...fieldReaders(fields)]);
  return new Map(entries);
}
