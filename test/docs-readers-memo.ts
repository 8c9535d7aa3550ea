import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigField, fieldReaders, NOT_MEASURED } from '../src/docs/config-reference';

const root = path.join(__dirname, '..');

/** Every file under `dir`, sorted, with its bytes hashed into `h`. */
function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hashTree(h, p);
    else h.update(`${path.relative(root, p)}\0`).update(fs.readFileSync(p)).update('\0');
  }
}

/**
 * `fieldReaders` (several hundred Full renderings: most of what docs/config.md costs), memoised
 * under node_modules/.cache by what decides its result: the compiled library (lib/src, lib/imports,
 * lib/schema), the locked dependencies, the Node version and the fields. Any change to them measures
 * again; the same library measures the same (renderings are deterministic), so the check that
 * docs/config.md is current stays the same check.
 */
export function memoisedFieldReaders(fields: readonly ConfigField[]): Map<string, string[] | typeof NOT_MEASURED> {
  const h = createHash('sha256');
  for (const d of ['lib/src', 'lib/imports', 'lib/schema']) hashTree(h, path.join(root, d));
  h.update(fs.readFileSync(path.join(root, 'package-lock.json'))).update(process.version).update(JSON.stringify(fields));
  const file = path.join(root, 'node_modules', '.cache', 'gitpod-cdk8s', `config-readers-${h.digest('hex').slice(0, 32)}.json`);
  try {
    return new Map(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // Not measured for this library yet (or unreadable): measure, keep for the next run.
  }
  const readers = fieldReaders(fields);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...readers]));
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(path.dirname(file))) {
      if (/^config-readers-\w+\.json$/.test(old) && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
    }
  } catch {
    // A memo only: a run without it is slower, not wrong.
  }
  return readers;
}
