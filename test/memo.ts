import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const CACHE = path.join(root, 'node_modules', '.cache', 'gitpod-cdk8s');

/** Every file under `rel` (a file or folder of the repository), sorted, hashed into `h`. */
function hashTree(h: ReturnType<typeof createHash>, p: string): void {
  if (!fs.existsSync(p)) return;
  if (!fs.statSync(p).isDirectory()) {
    h.update(`${path.relative(root, p)}\0`).update(fs.readFileSync(p)).update('\0');
    return;
  }
  for (const name of fs.readdirSync(p).sort()) hashTree(h, path.join(p, name));
}

/**
 * A test-run memo under node_modules/.cache: `compute()`'s result, kept under a hash of everything
 * that decides it (`inputs`: repository files and folders; `extra`: anything else), plus the locked
 * dependencies and the Node version. Any change to them computes again; only for deterministic,
 * expensive results. `name` keeps one entry per kind (the previous one is removed).
 */
export function memoised<T>(name: string, inputs: string[], extra: string, compute: () => T, keep: (v: T) => boolean = () => true): T {
  const h = createHash('sha256');
  for (const i of inputs) hashTree(h, path.join(root, i));
  h.update(fs.readFileSync(path.join(root, 'package-lock.json'))).update(process.version).update(extra);
  const file = path.join(CACHE, `${name}-${h.digest('hex').slice(0, 32)}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    // Not computed for these inputs yet (or unreadable): compute, keep for the next run.
  }
  const value = compute();
  if (!keep(value)) return value;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(CACHE)) {
      if (old.startsWith(`${name}-`) && old.endsWith('.json') && old !== path.basename(file)) fs.rmSync(path.join(CACHE, old), { force: true });
    }
  } catch {
    // A memo only: a run without it is slower, not wrong.
  }
  return value;
}
