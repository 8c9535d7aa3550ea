import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitpodConfigError, show } from '../config/errors';

/**
 * The marker file render writes at the top of every output folder: a fixed header and the sorted
 * list of the files it wrote (no timestamp, so two renders stay byte-identical). Render replaces
 * a non-empty folder only when this file says the folder is its own and lists everything in it.
 */
export const OUTPUT_MARKER = '.gitpod-cdk8s';
const MARKER_HEADER = '# gitpod-cdk8s render output: render replaces this folder as a whole on every run';
const MARKER_TEXT = `${MARKER_HEADER}
# and refuses to if it holds anything not listed here. Keep your own files elsewhere.
`;
/** In-place mode: the marker is replaced through this name (a rename), so it is never half-written. */
const MARKER_NEXT = `${OUTPUT_MARKER}.next`;
/** In-place mode: the lock lives inside the output (its parent may be read-only, e.g. a volume at /out). */
const INNER_LOCK = `${OUTPUT_MARKER}-lock`;

/** A refused or failed output folder: one line, naming the option the folder came from. */
export class OutputFolderError extends GitpodConfigError {
  constructor(label: string, message: string) {
    super([{ path: label, message }]);
    this.name = 'OutputFolderError';
  }
}

/** Options of `writeOutputDir()`. */
export interface WriteOutputOptions {
  /** The config file the rendering came from: an output that is or contains it is refused. @default none */
  readonly configFile?: string;
  /** How errors name the output folder (the flag or variable it came from). @default "output" */
  readonly label?: string;
  /** `rename(2)`; replaceable so tests can simulate a mount point (EBUSY/EXDEV). @default fs.renameSync */
  readonly rename?: (from: string, to: string) => void;
  /** Called before each step that changes the disk; crash tests pause here to kill at every step. @default none */
  readonly onStep?: (step: string) => void;
}

/**
 * Replace the folder `dir` with exactly `files` (relative path → content), plus the marker file
 * {@link OUTPUT_MARKER}. Refused, before anything is touched: an empty path, `/`, the home folder,
 * the current folder or an ancestor of it, a path that is or contains the config file, a path that
 * is not a folder, and a non-empty folder that render did not write (no marker, or anything in it
 * the marker does not list). A symlink keeps its link and the target is written. A second call for
 * the same folder while one runs fails ("already rendering").
 *
 * Crash safety (sibling mode, the normal case). With T the output, P its parent, B its name, the
 * new tree is written into P/.B.gitpod-cdk8s-new (marker first), then: rename T → .B.gitpod-cdk8s-old,
 * rename new → T, rename old → .B.gitpod-cdk8s-trash, remove trash. Invariant: at every instant
 * either T is a complete rendering (old or new), or T is missing and .old holds the complete old
 * one. Each run first recovers under the lock: a missing T is restored from .old; .new, .old and
 * .trash are removed (only when they are empty or hold our marker; .trash is only ever made by us).
 * So after `kill -9` at any instant the next run finds the old tree or the new one, and leaves no
 * debris. Signals (SIGINT, SIGTERM, SIGHUP) are held until the write has finished or been undone,
 * so no temporary folder (which may hold `--inline-secrets` values) outlives the process.
 *
 * A mount point (different device from its parent, a read-only parent, or a rename that fails with
 * EBUSY/EXDEV) cannot be swapped: it is written in place, only when it is empty or ours, with a
 * marker that lists old and new files while they change, so a killed run leaves a folder the
 * next run may still replace (but not atomically).
 *
 * It writes `files` as given and checks nothing in them: pass what `buildInstallations()` or
 * `renderFiles()` returned, which have validated every object.
 */
export function writeOutputDir(dir: string, files: ReadonlyMap<string, string>, options: WriteOutputOptions = {}): void {
  const label = options.label ?? 'output';
  const list = checkedFileList(files, label);
  const out = resolveOutput(dir, options.configFile, label);
  const names = siblingNames(out.target);
  assertReplaceable(out.target, label);
  const inPlace = isMountLike(out.target);
  holdSignals(() => {
    withLock(inPlace ? path.join(out.target, INNER_LOCK) : names.lock, out.target, label, () => {
      const step = options.onStep ?? (() => {});
      if (inPlace) {
        writeInPlace(out.target, files, list, step);
        return;
      }
      recover(out.target, names, label, step);
      assertReplaceable(out.target, label);
      swap(out.target, files, list, names, options.rename ?? fs.renameSync, step);
    });
  });
}

/**
 * Apply the refusal rules without writing anything (for a check before another tool touches the
 * folder, e.g. `npm run synth` before cdk8s-cli removes its output folder).
 */
export function checkOutputDir(dir: string, options: Pick<WriteOutputOptions, 'configFile' | 'label'> = {}): void {
  const label = options.label ?? 'output';
  const out = resolveOutput(dir, options.configFile, label);
  assertReplaceable(out.target, label);
}

// ---- refusal rules ------------------------------------------------------------------------------

function checkedFileList(files: ReadonlyMap<string, string>, label: string): string[] {
  const list = [...files.keys()].sort();
  for (const rel of list) {
    const parts = rel.split('/');
    if (path.isAbsolute(rel) || parts.some((p) => p === '' || p === '.' || p === '..') || rel.includes('\\') || parts[0].startsWith(OUTPUT_MARKER)) {
      throw new OutputFolderError(label, `output file name ${show(rel)} is not a plain relative path inside the folder`);
    }
  }
  return list;
}

/** The real folder to write (through symlinks, also a dangling one), after the path rules. */
function resolveOutput(dir: string, configFile: string | undefined, label: string): { target: string } {
  if (dir.trim() === '') {
    throw new OutputFolderError(label, `found ${show(dir)} (an empty path, which would mean the current folder); give a folder of its own, e.g. dist (is a variable unset?)`);
  }
  const target = realPath(path.resolve(dir));
  const shown = target === path.resolve(dir) ? show(dir) : `${show(dir)} (→ ${target})`;
  const refuse = (why: string) => new OutputFolderError(label, `found ${shown}: ${why}; render only writes into a folder of its own, e.g. dist`);
  if (path.parse(target).root === target) throw refuse('the filesystem root');
  if (target === realPath(os.homedir())) throw refuse('your home folder');
  const cwd = realPath(process.cwd());
  if (target === cwd) throw refuse('the current folder');
  if (cwd.startsWith(target + path.sep)) throw refuse('an ancestor of the current folder');
  if (configFile !== undefined && configFile !== '-') {
    const config = realPath(path.resolve(configFile));
    if (config === target) throw refuse(`the config file`);
    if (config.startsWith(target + path.sep)) throw refuse(`it contains the config file ${configFile}`);
  }
  return { target };
}

function realPath(p: string): string {
  for (let hops = 0; hops < 40; hops++) {
    try {
      return fs.realpathSync.native(p);
    } catch (e) {
      if (code(e) !== 'ENOENT') throw e;
    }
    const st = lstat(p);
    if (st?.isSymbolicLink()) {
      // A dangling link: follow it by hand, render creates its target.
      p = path.resolve(path.dirname(p), fs.readlinkSync(p));
      continue;
    }
    // Missing: the real path of the nearest existing ancestor plus the rest.
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realPath(parent), path.basename(p));
  }
  throw new Error(`too many symbolic links: ${p}`);
}

/** Throws unless `target` is missing, an empty folder, or a folder holding only what render wrote. */
function assertReplaceable(target: string, label: string): void {
  const st = lstat(target);
  if (!st) return;
  const refuse = (why: string) => new OutputFolderError(label, `refusing to replace ${target}: ${why}`);
  if (!st.isDirectory()) throw refuse('it is not a folder');
  // Our lock and half-replaced marker (in-place mode) alone do not make a folder non-empty.
  const entries = fs.readdirSync(target).filter((e) => e !== INNER_LOCK && e !== MARKER_NEXT);
  if (entries.length === 0) return;
  const listed = readMarker(path.join(target, OUTPUT_MARKER));
  if (!listed) {
    const legacy = entries.some((e) => fs.existsSync(path.join(target, e, 'kustomization.yaml')));
    throw refuse(
      legacy
        ? `it has no ${OUTPUT_MARKER} marker (it looks like the output of an earlier gitpod-cdk8s, which wrote none); check nothing of yours is in it, delete it yourself and render again, or choose another folder`
        : `it is not empty and was not written by render (no ${OUTPUT_MARKER} marker); move its contents away or choose another folder`,
    );
  }
  const foreign = foreignEntries(target, listed, [OUTPUT_MARKER, MARKER_NEXT, INNER_LOCK]);
  if (foreign.length > 0) {
    const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
    throw refuse(`it holds what render did not write (${foreign.slice(0, 3).join(', ')}${more}); move that away or choose another folder`);
  }
}

/** The marker's file list, or undefined when the file is missing or not ours. */
function readMarker(file: string): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(MARKER_HEADER)) return undefined;
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function markerText(list: readonly string[]): string {
  return MARKER_TEXT + list.map((f) => `${f}\n`).join('');
}

/** Entries under `dir` (relative, folders with a trailing /) that are neither listed files nor their folders. */
function foreignEntries(dir: string, listed: readonly string[], extraTop: readonly string[]): string[] {
  const files = new Set(listed);
  const folders = new Set(listed.flatMap((f) => f.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'))));
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && extraTop.includes(e.name)) continue;
      if (e.isDirectory() && folders.has(r)) walk(r);
      else if (!e.isDirectory() && files.has(r)) continue;
      else found.push(e.isDirectory() ? `${r}/` : r);
    }
  };
  walk('');
  return found;
}

// ---- sibling mode: stage, swap, recover ---------------------------------------------------------

interface SiblingNames {
  readonly staging: string;
  readonly backup: string;
  readonly trash: string;
  readonly lock: string;
}

/** Fixed, recognisable names beside the output, so a later run finds what a killed run left. */
function siblingNames(target: string): SiblingNames {
  const base = path.join(path.dirname(target), `.${path.basename(target)}.gitpod-cdk8s-`);
  return { staging: `${base}new`, backup: `${base}old`, trash: `${base}trash`, lock: `${base}lock` };
}

function swap(
  target: string,
  files: ReadonlyMap<string, string>,
  list: readonly string[],
  names: SiblingNames,
  rename: (from: string, to: string) => void,
  step: (s: string) => void,
): void {
  step('stage');
  try {
    makeDir(names.staging);
    // The marker first: a staging folder is recognisably ours from its first file on.
    fs.writeFileSync(path.join(names.staging, OUTPUT_MARKER), markerText(list));
    const made = new Set([names.staging]);
    for (const rel of list) {
      step(`stage ${rel}`);
      const file = path.join(names.staging, rel);
      makeDirOnce(path.dirname(file), made);
      fs.writeFileSync(file, files.get(rel)!);
    }
  } catch (e) {
    discard(names.staging, names.trash);
    throw e;
  }
  let backedUp = false;
  if (lstat(target)) {
    step('backup');
    try {
      rename(target, names.backup);
      backedUp = true;
    } catch (e) {
      discard(names.staging, names.trash);
      // A mount point cannot be moved (EBUSY), nor can a folder across devices (EXDEV): write in place.
      if (code(e) === 'EBUSY' || code(e) === 'EXDEV') return writeInPlace(target, files, list, step);
      throw e;
    }
  }
  step('install');
  try {
    rename(names.staging, target);
  } catch (e) {
    if (backedUp) rename(names.backup, target);
    discard(names.staging, names.trash);
    throw e;
  }
  if (backedUp) {
    step('retire');
    discard(names.backup, names.trash, step);
  }
}

/** Undo what a killed run left beside `target` (see the invariant on writeOutputDir). */
function recover(target: string, names: SiblingNames, label: string, step: (s: string) => void): void {
  if (lstat(names.trash)) {
    step('recover: remove trash');
    fs.rmSync(names.trash, { recursive: true, force: true });
  }
  for (const leftover of [names.backup, names.staging]) {
    if (lstat(leftover) && !isOurs(leftover)) {
      throw new OutputFolderError(label, `refusing to touch ${leftover}: render uses that name for its temporary folders but did not write this one; move it away`);
    }
  }
  if (!lstat(target) && lstat(names.backup)) {
    step('recover: restore');
    fs.renameSync(names.backup, target);
  }
  for (const leftover of [names.backup, names.staging]) {
    if (lstat(leftover)) {
      step('recover: discard');
      discard(leftover, names.trash, step);
    }
  }
}

/** A temporary folder of ours: it holds our marker, or nothing but a (possibly empty) marker. */
function isOurs(dir: string): boolean {
  const st = lstat(dir);
  if (!st?.isDirectory()) return false;
  if (readMarker(path.join(dir, OUTPUT_MARKER))) return true;
  return fs.readdirSync(dir).every((e) => e === OUTPUT_MARKER);
}

/** Remove a folder of ours: renamed to the trash name first, so a kill mid-removal leaves only trash. */
function discard(dir: string, trash: string, step: (s: string) => void = () => {}): void {
  if (!lstat(dir)) return;
  fs.rmSync(trash, { recursive: true, force: true });
  fs.renameSync(dir, trash);
  step('remove trash');
  fs.rmSync(trash, { recursive: true, force: true });
}

// ---- in-place mode ------------------------------------------------------------------------------

/** An existing folder that cannot be swapped: a mount point, or a parent we may not write. */
function isMountLike(target: string): boolean {
  const st = lstat(target);
  if (!st?.isDirectory()) return false;
  const parent = path.dirname(target);
  if (fs.statSync(parent).dev !== st.dev) return true;
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

function writeInPlace(target: string, files: ReadonlyMap<string, string>, list: readonly string[], step: (s: string) => void): void {
  const old = readMarker(path.join(target, OUTPUT_MARKER)) ?? [];
  const replaceMarker = (l: readonly string[]) => {
    fs.writeFileSync(path.join(target, MARKER_NEXT), markerText(l));
    fs.renameSync(path.join(target, MARKER_NEXT), path.join(target, OUTPUT_MARKER));
  };
  step('in place: mark');
  // While files change, the marker lists old and new: whatever a kill leaves is still ours to replace.
  replaceMarker([...new Set([...old, ...list])].sort());
  const keep = new Set(list);
  step('in place: remove');
  for (const rel of old.filter((f) => !keep.has(f))) {
    fs.rmSync(path.join(target, rel), { force: true });
    removeEmptyParents(target, rel);
  }
  step('in place: write');
  const made = new Set<string>();
  for (const rel of list) {
    const file = path.join(target, rel);
    makeDirOnce(path.dirname(file), made);
    fs.writeFileSync(file, files.get(rel)!);
  }
  step('in place: finish');
  replaceMarker(list);
}

function removeEmptyParents(root: string, rel: string): void {
  for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) {
    try {
      fs.rmdirSync(path.join(root, d));
    } catch {
      return;
    }
  }
}

// ---- lock, signals, helpers ---------------------------------------------------------------------

/** Runs `fn` holding an exclusive lock file (content: our pid); a lock of a dead pid is stale. */
function withLock(lock: string, target: string, label: string, fn: () => void): void {
  makeDir(path.dirname(lock));
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if (code(e) !== 'EEXIST' || attempt > 0) {
        if (code(e) === 'EEXIST') throw busy(lock, target, label);
        throw e;
      }
      const holder = lockHolder(lock);
      if (holder === 'alive') throw busy(lock, target, label);
      // Stale (its process is gone, e.g. killed): take it over. Left open: two runs that see the
      // same stale lock at the same instant may both take it (rare: both must start right after a crash).
      fs.rmSync(lock, { force: true });
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function busy(lock: string, target: string, label: string): OutputFolderError {
  const pid = readPid(lock);
  return new OutputFolderError(
    label,
    `already rendering into ${target}${pid ? ` (pid ${pid})` : ''}; wait for it to finish, or remove ${lock} if no render is running`,
  );
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How long an empty lock may be in the middle of being written. Its writer writes its pid right
 * after creating it (microseconds later): an empty lock older than this lost its writer to a kill
 * between the two calls. The next run waits at most this long instead of refusing.
 */
const EMPTY_LOCK_GRACE_MS = 500;

function lockHolder(lock: string): 'alive' | 'stale' {
  let pid = readPid(lock);
  if (pid === undefined) {
    const age = Date.now() - (lstat(lock)?.mtimeMs ?? 0);
    if (age < EMPTY_LOCK_GRACE_MS) sleepSync(EMPTY_LOCK_GRACE_MS - age);
    pid = readPid(lock);
    // Still empty (a killed writer), or gone (its holder finished): take it, or try again.
    if (pid === undefined) return 'stale';
  }
  if (pid === process.pid) return 'alive';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (e) {
    return code(e) === 'EPERM' ? 'alive' : 'stale';
  }
}

/** Blocks the thread for `ms` (the write is synchronous throughout). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, Math.ceil(ms)));
}

const HELD_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const signalHold = { depth: 0, listening: false, releasing: false, received: undefined as NodeJS.Signals | undefined };
const holdSignal = (s: NodeJS.Signals) => {
  signalHold.received ??= s;
};

/**
 * Runs `fn` (synchronous) with SIGINT/SIGTERM/SIGHUP held: with a listener, Node delivers a signal
 * only when the event loop next turns, i.e. after `fn` finished or cleaned up. Then, unless the
 * program has listeners of its own, the signal is raised again with its default action.
 */
function holdSignals(fn: () => void): void {
  if (!signalHold.listening) {
    for (const s of HELD_SIGNALS) process.on(s, holdSignal);
    signalHold.listening = true;
  }
  signalHold.depth++;
  try {
    fn();
  } finally {
    signalHold.depth--;
    // Released on the next turn, after a signal that arrived meanwhile has been delivered.
    if (!signalHold.releasing) {
      signalHold.releasing = true;
      setImmediate(releaseSignals);
    }
  }
}

function releaseSignals(): void {
  signalHold.releasing = false;
  if (signalHold.depth > 0 || !signalHold.listening) return;
  for (const s of HELD_SIGNALS) process.off(s, holdSignal);
  signalHold.listening = false;
  const received = signalHold.received;
  signalHold.received = undefined;
  if (received && process.listenerCount(received) === 0) process.kill(process.pid, received);
}

/** {@link makeDir}, once per folder of one write (`made`: the folders made or found so far; a cluster's files share one). */
function makeDirOnce(dir: string, made: Set<string>): void {
  if (made.has(dir)) return;
  makeDir(dir);
  made.add(dir);
}

/** mkdir -p with 0755 set explicitly on every folder it creates (whatever the umask). */
function makeDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true });
  if (!first) return;
  for (let d = dir; ; d = path.dirname(d)) {
    fs.chmodSync(d, 0o755);
    if (d === first) break;
  }
}

function lstat(p: string): fs.Stats | undefined {
  return fs.lstatSync(p, { throwIfNoEntry: false });
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}
