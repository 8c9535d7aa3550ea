/**
 * Loads a bundle (lib/bundle/*.bundle.js) through a V8 compile cache that survives across runs:
 * most of a short run is otherwise spent compiling the same code again (issue #19).
 *
 * The bundle runs as a `vm.Script` with `cachedData`; after a successful first run the code V8
 * compiled so far (`script.createCachedData()`, so the functions the command used) is written to
 * `<dir>/<bundle hash>-<node version>-<arch>-<variant>.v8`. V8 11 (Node 20) accepts cached data for
 * any source of the same length and does not checksum it, so each file carries a header with its
 * full key (bundle build hash, size and mtime, Node version, arch, variant) and a CRC of the data:
 * a stale, foreign, truncated or corrupt file is ignored (and replaced), never used.
 *
 * On every Node version: Node 22's own `module.enableCompileCache()` writes its cache right after
 * compiling a module, so it holds only what V8 compiled eagerly; the functions a render compiles
 * lazily (most of its code) were compiled again on every run. Measured on Node 22.23 and 24,
 * default render, warm cache, 15 interleaved rounds: 1.26× kustomize with Node's cache, 0.85×
 * (Node 22) and 0.79× (Node 24) with this one.
 *
 * The cache is a speed-up only: any problem (no home folder, an unwritable or foreign-owned folder,
 * a failed write) means a run without it, never an error or another result. Written atomically
 * (temporary file + rename). `GITPOD_CDK8S_NO_CACHE=1` turns it off; `GITPOD_CDK8S_CACHE_DIR`
 * moves it; `GITPOD_CDK8S_CACHE_DEBUG=1` says on stderr what happened.
 */
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

const MAGIC = 'gitpod-cdk8s v8 cache 1';

/** Options of {@link loadBundle}. */
export interface LoadBundleOptions {
  /** Content hash of the bundle, fixed at build time (scripts/bundle.js). */
  readonly bundleHash: string;
  /** What this run does (the command): each keeps a cache of the functions it compiled. @default "run" */
  readonly variant?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The per-user cache folder, or undefined when the cache is off. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GITPOD_CDK8S_NO_CACHE && env.GITPOD_CDK8S_NO_CACHE !== '0') return undefined;
  if (env.GITPOD_CDK8S_CACHE_DIR) return path.resolve(env.GITPOD_CDK8S_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'gitpod-cdk8s');
  let home = '';
  try {
    home = os.homedir();
  } catch {
    // no home folder (a container's nobody): the temporary folder below
  }
  if (home && home !== '/') return path.join(home, '.cache', 'gitpod-cdk8s');
  return path.join(os.tmpdir(), `gitpod-cdk8s-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
}

/** Creates `dir` (mode 0700) and accepts it only when it is ours and nobody else can write into it. */
function ownDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
    return (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function debug(env: NodeJS.ProcessEnv, message: string): void {
  if (env.GITPOD_CDK8S_CACHE_DEBUG) process.stderr.write(`gitpod-cdk8s compile cache: ${message}\n`);
}

/** `require` of the bundle itself, resolving from its own folder. */
function plainRequire(file: string): unknown {
  return Module.createRequire(file)(file);
}

/**
 * V8 optimizes a function (TurboFan) after a budget of work; a render is over before most such
 * compiles pay off, and they run on the same two cores. A budget 8x the default (128 KiB): the
 * default installation took ~22 % less CPU and ~4 MB less memory, a 31-cluster fleet ~13 % less
 * CPU (docs/performance.md). Set before anything compiles, so the code cache and its flag hash
 * always match. `GITPOD_CDK8S_V8_DEFAULTS=1` keeps V8's defaults.
 * No incremental-marking task: marking then advances with allocation (and on the background
 * threads), not in tasks on the main thread that a short run pays for at its end: the default
 * render -7 to -14 ms CPU in three interleaved runs of 20-30 pairs, a 31-cluster fleet the same.
 * No regexp tier-up: V8 first compiles a regular expression to bytecode and interprets it, then
 * compiles it again to machine code on its second use; a render uses a few hundred patterns (the
 * guard, the schemas, the rules) a handful of times each, so every one is compiled twice. Compiled
 * once, to machine code: the guard's 110 patterns 2.1 ms instead of 5.7, the guard -4 ms.
 */
const V8_FLAGS = '--interrupt-budget=1048576 --no-incremental-marking-task --no-regexp-tier-up';

/** Runs the bundle `file` (CommonJS) through the compile cache; returns its exports. */
export function loadBundle(file: string, options: LoadBundleOptions): any {
  const env = options.env ?? process.env;
  // V8 11 (Node 20) only: V8 12+ (Node 22, 24) tiers through Maglev and has no --interrupt-budget;
  // the other two flags exist there but measured within noise on the default render.
  if (!env.GITPOD_CDK8S_V8_DEFAULTS && process.versions.v8.startsWith('11.')) v8.setFlagsFromString(V8_FLAGS);
  const dir = cacheDir(env);
  if (!dir) {
    debug(env, 'off');
    return plainRequire(file);
  }
  if (!ownDir(dir)) {
    debug(env, `unusable folder ${dir}`);
    return plainRequire(file);
  }
  return loadWithV8Cache(file, dir, options, env);
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Reads a cache file; the V8 data when its header matches `key` and its CRC, else why not. */
export function readCacheFile(file: string, key: string): { data?: Buffer; problem?: string } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return { problem: 'miss' };
  }
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; i < 3; i++) {
    const nl = buf.indexOf(10, at);
    if (nl < 0 || nl - at > 4096) return { problem: 'corrupt (header)' };
    lines.push(buf.toString('utf8', at, nl));
    at = nl + 1;
  }
  if (lines[0] !== MAGIC) return { problem: 'corrupt (header)' };
  if (lines[1] !== key) return { problem: 'foreign (other key)' };
  const [crc, length] = lines[2].split(' ').map(Number);
  const data = buf.subarray(at);
  if (data.length !== length || zlib.crc32(data) !== crc) return { problem: 'corrupt (checksum)' };
  return { data };
}

/** Writes a cache file atomically: a temporary file in the same folder, then a rename. */
export function writeCacheFile(file: string, key: string, data: Buffer): void {
  const header = Buffer.from(`${MAGIC}\n${key}\n${zlib.crc32(data)} ${data.length}\n`);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // Header and data written one after the other: no copy of the (megabytes of) data.
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, header);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean
    }
  }
}

/** The bundle's text: scripts/bundle.js writes it pure ASCII, which decodes faster as Latin-1 (the same string). */
function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Our cache files: `<bundle hash>-<node version>-<arch>-<variant>.v8`, and the temporary files of
 * writes (`<that>.<pid>.<random>.tmp`) a killed process may have left.
 */
const CACHE_FILE = /^(?:[0-9a-f]{16}|unbundled)-([A-Za-z0-9._-]+)\.v8$/;
const TEMP_FILE = /^(?:[0-9a-f]{16}|unbundled)-[A-Za-z0-9._-]+\.v8\.\d+\.[a-z0-9]+\.tmp$/;

/** How many builds per Node version, arch and command are kept: two installed versions used in turn do not evict each other. */
export const KEEP_BUILDS = 3;
/** A temporary file this old is a leftover (a write takes milliseconds). */
const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Removes stale cache files from `dir`: per Node version, arch and command, all but the
 * `keep` newest (by mtime) of our cache files, and temporary files older than an hour. Every
 * build of the bundle writes files of its own, which nothing else would ever remove. Only names
 * of our own pattern are touched; any error leaves the rest as it is. Returns the names removed.
 */
export function pruneCache(dir: string, keep: number = KEEP_BUILDS, now: number = Date.now()): string[] {
  const groups = new Map<string, { name: string; mtime: number }[]>();
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  const remove = (name: string) => {
    try {
      fs.unlinkSync(path.join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  };
  for (const name of names) {
    const own = CACHE_FILE.exec(name);
    if (!own && !TEMP_FILE.test(name)) continue;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(dir, name));
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    if (!own) {
      if (now - st.mtimeMs > TEMP_MAX_AGE_MS) remove(name);
      continue;
    }
    const group = groups.get(own[1]) ?? [];
    group.push({ name, mtime: st.mtimeMs });
    groups.set(own[1], group);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? -1 : 1));
    for (const { name } of group.slice(keep)) remove(name);
  }
  return removed;
}

function loadWithV8Cache(file: string, dir: string, options: LoadBundleOptions, env: NodeJS.ProcessEnv): any {
  const source = readSource(file);
  const variant = sanitize(options.variant ?? 'run');
  // The bundle's identity: its build hash, and its size and mtime, so a bundle edited after the
  // build (same length or not) never meets code compiled from the old one. Cheaper than hashing it.
  const st = fs.statSync(file);
  const key = [sanitize(options.bundleHash), st.size, Math.trunc(st.mtimeMs), process.version, process.arch, variant].join(' ');
  const cacheFile = path.join(dir, `${sanitize(options.bundleHash)}-${process.version}-${process.arch}-${variant}.v8`);
  const { data, problem } = readCacheFile(cacheFile, key);
  const wrapped = Module.wrap(source);
  let script = new vm.Script(wrapped, { filename: file, cachedData: data });
  let status = problem ?? 'hit';
  if (data && script.cachedDataRejected) {
    status = 'rejected by V8';
    script = new vm.Script(wrapped, { filename: file });
  }
  debug(env, `${status} ${cacheFile}`);
  if (status !== 'hit') {
    // After the run, so the cache holds every function this command compiled; only after a
    // successful one (a failed run may have compiled little).
    process.once('exit', (code) => {
      if (code !== 0) return;
      try {
        writeCacheFile(cacheFile, key, script.createCachedData());
        debug(env, `written ${cacheFile}`);
        // only after a write (a new build, Node or command), never on the warm path
        const removed = pruneCache(dir);
        if (removed.length > 0) debug(env, `pruned ${removed.join(', ')}`);
      } catch {
        // a speed-up only
      }
    });
  }
  const mod = { exports: {} as any, id: file, filename: file, loaded: false, children: [], paths: [] };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}
