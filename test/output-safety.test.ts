import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, cliEnv, runCli } from './cli-bin';
import { OUTPUT_MARKER, writeOutputDir } from '../src/output/write';

// render may only ever replace its own earlier output, and a kill at any instant leaves the old
// or the new rendering. In-process tests use small file maps; the crash and signal tests run the
// compiled code (`npm test` builds first) in child processes that are really killed.
const ROOT = path.join(__dirname, '..');
/** The cdk8s app as shipped (cdk8s.yaml `app:`): src/main.ts bundled, through the compile cache. */
const APP = path.join(ROOT, 'lib', 'bundle', 'app.js');
const WRITE = path.join(ROOT, 'lib', 'src', 'output', 'write.js');
const VALID = 'apiVersion: v1\ndomain: gitpod.example.com\n';

const tmp = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-out-')));

/** Every entry under a directory: files with content, folders as "<dir>/" (symlinks not followed). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out[`${rel}/`] = '';
        walk(p);
      } else if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else out[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const A = new Map([
  ['gitpod/a.yaml', 'a: 1\n'],
  ['gitpod/kustomization.yaml', 'resources: [a.yaml]\n'],
  ['meta/kustomization.yaml', 'resources: []\n'],
]);
const B = new Map([
  ['gitpod/b.yaml', 'b: 2\n'],
  ['gitpod/kustomization.yaml', 'resources: [b.yaml]\n'],
  ['ws/deep/x.yaml', 'x: 3\n'],
]);

function written(files: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, text] of files) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) out[`${parts.slice(0, i).join('/')}/`] = '';
    out[rel] = text;
  }
  return out;
}

/** What a folder written with `files` holds: the files, their folders and the marker. */
function expected(files: Map<string, string>): Record<string, string> {
  return { ...written(files), [OUTPUT_MARKER]: expect.stringContaining('# gitpod-cdk8s render output') };
}

const cli = (args: string[], opts: { input?: string; cwd?: string } = {}) => runCli(args, opts);

describe('render refuses a folder that is not its own (nothing touched, one line, exit 1)', () => {
  const refused = (dir: string, message: RegExp | string, configFile?: string) => {
    const err = (() => {
      try {
        writeOutputDir(dir, A, { configFile, label: '--output' });
      } catch (e) {
        return e as Error;
      }
      throw new Error(`writeOutputDir(${JSON.stringify(dir)}) was not refused`);
    })();
    expect(err.message.split('\n')).toHaveLength(1);
    expect(err.message).toMatch(message);
  };

  test('an empty path (an unset variable), /, the home folder, the current folder and its ancestors', () => {
    const cwd = fs.readdirSync(process.cwd());
    refused('', /^--output: found "" \(an empty path.*is a variable unset\?\)$/);
    refused('  ', /an empty path/);
    refused('/', /the filesystem root/);
    refused(os.homedir(), /your home folder/);
    refused('.', /the current folder/);
    refused(process.cwd(), /the current folder/);
    refused('..', /an ancestor of the current folder/);
    refused(path.join(process.cwd(), 'test', '..', '..'), /an ancestor of the current folder/);
    expect(fs.readdirSync(process.cwd())).toEqual(cwd);
  });

  test('the config file, and a folder holding it', () => {
    const repo = tmp();
    fs.writeFileSync(path.join(repo, 'gitpod.config.yaml'), VALID);
    const before = tree(repo);
    refused(path.join(repo, 'gitpod.config.yaml'), /found ".*gitpod.config.yaml": the config file/, path.join(repo, 'gitpod.config.yaml'));
    refused(repo, /it contains the config file/, path.join(repo, 'gitpod.config.yaml'));
    expect(tree(repo)).toEqual(before);
  });

  test('a path that is not a folder', () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'notes.txt'), 'mine');
    refused(path.join(d, 'notes.txt'), /refusing to replace .*notes\.txt: it is not a folder/);
    expect(fs.readFileSync(path.join(d, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('a non-empty folder render did not write, and a marked one holding anything it did not write', () => {
    const d = tmp();
    fs.mkdirSync(path.join(d, 'mine', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(d, 'mine', 'sub', 'work.txt'), 'precious');
    refused(path.join(d, 'mine'), /refusing to replace .*mine: it is not empty and was not written by render \(no \.gitpod-cdk8s marker\)/);
    expect(tree(d)).toEqual({ 'mine/': '', 'mine/sub/': '', 'mine/sub/work.txt': 'precious' });

    const out = path.join(d, 'out');
    writeOutputDir(out, A);
    fs.writeFileSync(path.join(out, 'gitpod', 'notes.md'), 'mine');
    fs.mkdirSync(path.join(out, 'extra'));
    const before = tree(out);
    refused(out, /it holds what render did not write \(extra\/, gitpod\/notes\.md\)/);
    expect(tree(out)).toEqual(before);
  });

  test('a dist/ of the previous version (no marker) is refused with what to do', () => {
    const d = tmp();
    fs.mkdirSync(path.join(d, 'dist', 'gitpod'), { recursive: true });
    fs.writeFileSync(path.join(d, 'dist', 'gitpod', 'kustomization.yaml'), 'resources: []\n');
    refused(path.join(d, 'dist'), /looks like the output of an earlier gitpod-cdk8s.*delete it yourself and render again, or choose another folder/);
    expect(fs.existsSync(path.join(d, 'dist', 'gitpod', 'kustomization.yaml'))).toBe(true);
  });

  test('file names that would leave the folder', () => {
    const d = tmp();
    for (const bad of ['../x.yaml', '/etc/x.yaml', 'a//b.yaml', `${OUTPUT_MARKER}`]) {
      expect(() => writeOutputDir(path.join(d, 'out'), new Map([[bad, 'x']]))).toThrow(/is not a plain relative path/);
    }
    expect(fs.readdirSync(d)).toEqual([]);
  });
});

describe('render replaces its own output', () => {
  test('missing or empty folder: written, with a marker listing every file; nothing beside it', () => {
    const d = tmp();
    writeOutputDir(path.join(d, 'out'), A);
    fs.mkdirSync(path.join(d, 'empty'));
    writeOutputDir(path.join(d, 'empty'), A);
    expect(tree(path.join(d, 'out'))).toEqual(expected(A));
    expect(tree(path.join(d, 'empty'))).toEqual(tree(path.join(d, 'out')));
    expect(fs.readFileSync(path.join(d, 'out', OUTPUT_MARKER), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([...A.keys()].sort());
    expect(fs.readdirSync(d).sort()).toEqual(['empty', 'out']);
  });

  test('its own earlier output is replaced whole (no stale file lingers), byte-identical on repeat', () => {
    const out = path.join(tmp(), 'out');
    writeOutputDir(out, A);
    const first = tree(out);
    writeOutputDir(out, B);
    expect(tree(out)).toEqual(expected(B));
    writeOutputDir(out, A);
    expect(tree(out)).toEqual(first);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('folders are created 0755 whatever the umask', () => {
    const out = path.join(tmp(), 'new', 'out');
    const umask = process.umask(0o077);
    try {
      writeOutputDir(out, B);
    } finally {
      process.umask(umask);
    }
    for (const d of [path.dirname(out), out, path.join(out, 'gitpod'), path.join(out, 'ws'), path.join(out, 'ws', 'deep')]) {
      expect([d, (fs.statSync(d).mode & 0o777).toString(8)]).toEqual([d, '755']);
    }
  });

  test('a symlinked output keeps its link and the target is written; a dangling link gets its target', () => {
    const d = tmp();
    fs.mkdirSync(path.join(d, 'real'));
    fs.symlinkSync('real', path.join(d, 'link'));
    writeOutputDir(path.join(d, 'link'), A);
    writeOutputDir(path.join(d, 'link'), B);
    expect(fs.lstatSync(path.join(d, 'link')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(d, 'link'))).toBe('real');
    expect(tree(path.join(d, 'real'))).toEqual(expected(B));
    fs.symlinkSync('elsewhere/out', path.join(d, 'dangling'));
    writeOutputDir(path.join(d, 'dangling'), A);
    expect(fs.readlinkSync(path.join(d, 'dangling'))).toBe('elsewhere/out');
    expect(tree(path.join(d, 'elsewhere', 'out'))).toEqual(expected(A));
    expect(fs.readdirSync(d).sort()).toEqual(['dangling', 'elsewhere', 'link', 'real']);
    expect(fs.readdirSync(path.join(d, 'elsewhere'))).toEqual(['out']);
  });

  test('a mount point (rename gives EBUSY or EXDEV) is written in place, still only when it is ours', () => {
    for (const errno of ['EBUSY', 'EXDEV']) {
      const d = tmp();
      const out = path.join(d, 'mnt');
      fs.mkdirSync(out);
      const renames: string[] = [];
      const rename = (from: string, to: string) => {
        if (from === out) throw Object.assign(new Error(`${errno}: resource busy or locked, rename '${from}'`), { code: errno });
        renames.push(path.basename(from));
        fs.renameSync(from, to);
      };
      writeOutputDir(out, A, { rename });
      const ino = fs.statSync(out).ino;
      writeOutputDir(out, B, { rename });
      expect(fs.statSync(out).ino).toBe(ino); // the same folder: written in place
      expect(tree(out)).toEqual(expected(B)); // A's files gone, empty folders too
      expect(fs.readdirSync(d)).toEqual(['mnt']);
      fs.writeFileSync(path.join(out, 'mine.txt'), 'x');
      expect(() => writeOutputDir(out, A, { rename })).toThrow(/it holds what render did not write \(mine\.txt\)/);
      expect(fs.readFileSync(path.join(out, 'mine.txt'), 'utf8')).toBe('x');
    }
  });

  test('a mount point killed half-way is still replaceable by the next run', () => {
    const out = path.join(tmp(), 'mnt');
    fs.mkdirSync(out);
    const busy = (from: string, to: string) => {
      if (from === out) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
      fs.renameSync(from, to);
    };
    writeOutputDir(out, A, { rename: busy });
    // A crash is simulated by an exception at each in-place step (no cleanup code runs there).
    for (const at of ['in place: remove', 'in place: write', 'in place: finish']) {
      const onStep = (s: string) => {
        if (s === at) throw new Error('crash');
      };
      expect(() => writeOutputDir(out, B, { rename: busy, onStep })).toThrow('crash');
      writeOutputDir(out, A, { rename: busy });
      expect(tree(out)).toEqual(expected(A));
    }
  });
});

describe('one render at a time per folder', () => {
  test('a live lock fails with "already rendering into X (pid N)"; a stale one (dead pid) is taken over', () => {
    const d = tmp();
    const out = path.join(d, 'out');
    const lock = path.join(d, '.out.gitpod-cdk8s-lock');
    fs.writeFileSync(lock, `${process.ppid}\n`);
    expect(() => writeOutputDir(out, A)).toThrow(`already rendering into ${out} (pid ${process.ppid}); wait for it to finish, or remove ${lock} if no render is running`);
    expect(fs.existsSync(out)).toBe(false);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(lock, `${dead}\n`);
    writeOutputDir(out, A);
    expect(tree(out)).toEqual(expected(A));
    expect(fs.readdirSync(d)).toEqual(['out']);
  });

  test('an empty lock (its writer killed between creating and writing it) is taken over after a short wait; one that gets a live pid is not', async () => {
    const d = tmp();
    const out = path.join(d, 'out');
    const lock = path.join(d, '.out.gitpod-cdk8s-lock');
    fs.writeFileSync(lock, '');
    const started = Date.now();
    writeOutputDir(out, A);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(tree(out)).toEqual(expected(A));
    expect(fs.readdirSync(d)).toEqual(['out']);
    // A writer that is still writing its lock: its pid appears during the wait.
    const writer = spawn(process.execPath, ['-e', `process.stdout.write('ready\\n'); setTimeout(() => require('fs').writeFileSync(${JSON.stringify(lock)}, process.pid + '\\n'), 100); setTimeout(() => {}, 10000)`]);
    const done = exited(writer);
    await new Promise((r) => writer.stdout!.once('data', r));
    fs.writeFileSync(lock, '');
    try {
      expect(() => writeOutputDir(out, B)).toThrow(`already rendering into ${out} (pid ${writer.pid})`);
      expect(tree(out)).toEqual(expected(A));
    } finally {
      writer.kill('SIGKILL');
      await done;
    }
  });

  test('a second render while one runs fails instead of racing', async () => {
    const d = tmp();
    const out = path.join(d, 'out');
    const files = path.join(d, 'files.json');
    fs.writeFileSync(files, JSON.stringify([...A]));
    // A writer that stays inside writeOutputDir (paused at its first step) until it is killed.
    const slow = spawn(process.execPath, ['-e', DRIVER, WRITE, files, out, 'pause'], { stdio: ['ignore', 'ignore', 'inherit'] });
    await waitFor(() => fs.existsSync(path.join(d, '.out.gitpod-cdk8s-lock')));
    const r = cli(['render', '--config', '-', '--output', out], { input: VALID });
    slow.kill('SIGKILL');
    await exited(slow);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`--output: already rendering into ${out} (pid ${slow.pid}); wait for it to finish, or remove ${path.join(d, '.out.gitpod-cdk8s-lock')} if no render is running\n`);
    // The next run takes over the stale lock and cleans what the killed one left.
    expect(cli(['render', '--config', '-', '--output', out], { input: VALID }).code).toBe(0);
    expect(fs.readdirSync(d).sort()).toEqual(['files.json', 'out']);
  }, 60000);
});

/**
 * A child that writes argv[3] (JSON entries) into argv[4] with the compiled writeOutputDir;
 * argv[5]: "kill:<n>" kills itself (SIGKILL) at the n-th disk-changing step, "term:<step>" sends
 * itself SIGTERM at that step, "pause" sleeps at the first step.
 */
const DRIVER = `
const [, writeJs, filesJson, out, mode = ''] = process.argv;
const { writeOutputDir } = require(writeJs);
const files = new Map(JSON.parse(require('fs').readFileSync(filesJson, 'utf8')));
let n = 0;
writeOutputDir(out, files, { onStep: (step) => {
  n++;
  if (mode === 'kill:' + n) process.kill(process.pid, 'SIGKILL');
  if (mode === 'term:' + step) process.kill(process.pid, 'SIGTERM');
  if (mode === 'pause') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000);
} });
process.stdout.write('steps ' + n + '\\n');
`;

async function waitFor(cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('crash safety: kill -9 at any instant leaves the complete old or new rendering', () => {
  /**
   * The output is the old or the new tree, or (killed between the two renames) missing, with a
   * complete tree kept in .out.gitpod-cdk8s-old that the next run puts back.
   */
  const expectOldOrNew = (d: string, old: Record<string, string>, next: Record<string, string>) => {
    const out = path.join(d, 'out');
    const now = tree(fs.existsSync(out) ? out : path.join(d, '.out.gitpod-cdk8s-old'));
    expect([old, next]).toContainEqual(now);
  };

  test('killed at every step of a write, and of the recovery after it', () => {
    const d = tmp();
    const out = path.join(d, 'out');
    const inputs = [A, B].map((m, i) => {
      const f = path.join(d, `files-${i}.json`);
      fs.writeFileSync(f, JSON.stringify([...m]));
      return f;
    });
    const run = (i: number, mode: string) => spawnSync(process.execPath, ['-e', DRIVER, WRITE, inputs[i], out, mode], { encoding: 'utf8' });
    expect(run(0, '').status).toBe(0);
    const trees = [tree(out)];
    expect(run(1, '').status).toBe(0);
    trees.push(tree(out));
    let current = 1;
    let kills = 0;
    // Alternate A and B; for each k, kill at step k, kill the next run too, then one clean run.
    for (let k = 1; k < 100; k++) {
      const next = 1 - current;
      const r = run(next, `kill:${k}`);
      if (r.signal !== 'SIGKILL') {
        expect(r.status).toBe(0);
        expect(tree(out)).toEqual(trees[next]);
        current = next;
        break;
      }
      kills++;
      expectOldOrNew(d, trees[current], trees[next]);
      // The run after it is killed too, early (in its recovery) or later, by turns.
      if (run(next, `kill:${1 + (k % 4)}`).signal === 'SIGKILL') kills++;
      expectOldOrNew(d, trees[current], trees[next]);
      expect(run(next, '').status).toBe(0);
      expect(tree(out)).toEqual(trees[next]);
      expect(fs.readdirSync(d).sort()).toEqual(['files-0.json', 'files-1.json', 'out']);
      current = next;
    }
    expect(kills).toBeGreaterThan(8);
  }, 120000);

  // Every step of the write is killed in-process above; this kills the real CLI (lock, render,
  // write) at a few instants of its run, from early to the end where the files are written.
  test('the CLI killed with SIGKILL at instants spread over its run, then one clean run', async () => {
    const d = tmp();
    const config = path.join(d, 'gitpod.config.yaml');
    fs.writeFileSync(config, VALID);
    const out = path.join(d, 'out');
    const ref = path.join(d, 'ref-other');
    expect(cli(['render', '-c', config, '-o', ref, '-n', 'other']).code).toBe(0);
    const other = tree(ref);
    fs.rmSync(ref, { recursive: true });
    const started = Date.now();
    expect(cli(['render', '-c', config, '-o', out, '-n', 'gitpod']).code).toBe(0);
    const full = Date.now() - started;
    const known = [tree(out), other];
    expect(known[0]).not.toEqual(known[1]);
    let current = 0;
    let kills = 0;
    for (const at of [0.3, 0.7, 0.85, 0.95]) {
      const next = 1 - current;
      const child = spawn(process.execPath, [CLI, 'render', '-c', config, '-o', out, '-n', next ? 'other' : 'gitpod'], { stdio: 'ignore', env: cliEnv() });
      await new Promise((r) => setTimeout(r, Math.round(full * at)));
      child.kill('SIGKILL');
      const { code } = await exited(child);
      if (code === 0) current = next;
      else kills++;
      if (fs.existsSync(out)) expect(known).toContainEqual(tree(out));
      else expect(known).toContainEqual(tree(path.join(d, '.out.gitpod-cdk8s-old')));
    }
    expect(kills).toBeGreaterThan(0);
    const last = cli(['render', '-c', config, '-o', out, '-n', 'gitpod']);
    expect([last.code, last.stderr]).toEqual([0, '']);
    expect(tree(out)).toEqual(known[0]);
    expect(fs.readdirSync(d).sort()).toEqual(['gitpod.config.yaml', 'out']);
  }, 120000);

  test('SIGTERM during the write: the write completes, then the process ends by the signal; no temporary folder is left', () => {
    const d = tmp();
    const out = path.join(d, 'out');
    const f = path.join(d, 'files.json');
    const secrets = new Map([...A, ['gitpod/secrets.yaml', 'kind: Secret\nstringData: {password: s3cr3t}\n']]);
    fs.writeFileSync(f, JSON.stringify([...secrets]));
    for (const step of ['stage', 'install']) {
      const r = spawnSync(process.execPath, ['-e', DRIVER, WRITE, f, out, `term:${step}`], { encoding: 'utf8' });
      expect(r.signal).toBe('SIGTERM');
      expect(tree(out)).toEqual(expected(secrets));
      expect(fs.readdirSync(d).sort()).toEqual(['files.json', 'out']);
    }
  });

  test('render --inline-secrets interrupted (SIGINT, SIGTERM) leaves no secret material outside the output', async () => {
    const d = tmp();
    const config = path.join(d, 'gitpod.config.yaml');
    fs.writeFileSync(config, VALID);
    const out = path.join(d, 'out');
    for (const [i, signal] of (['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'] as const).entries()) {
      const child = spawn(process.execPath, [CLI, 'render', '-c', config, '-o', out, '--inline-secrets'], { stdio: 'ignore', env: cliEnv() });
      await new Promise((r) => setTimeout(r, 300 + i * 150));
      child.kill(signal);
      await exited(child);
      expect(fs.readdirSync(d).filter((e) => e !== 'out')).toEqual(['gitpod.config.yaml']);
      if (fs.existsSync(out)) expect(fs.existsSync(path.join(out, 'gitpod', 'kustomization.yaml'))).toBe(true);
    }
  }, 60000);
});

describe('the same rules for cdk8s synth (lib/bundle/app.js, CDK8S_OUTDIR)', () => {
  const cleanEnv = () => {
    const env = cliEnv();
    delete env.GITPOD_CONFIG;
    return env;
  };
  const main = (cwd: string, env: Record<string, string | undefined>, args: string[] = []) => {
    const r = spawnSync(process.execPath, [APP, ...args], { cwd, encoding: 'utf8', env: { ...cleanEnv(), ...env } as NodeJS.ProcessEnv });
    return { code: r.status, stderr: r.stderr };
  };

  test('an empty CDK8S_OUTDIR is refused and the current folder is untouched', () => {
    const cwd = tmp();
    fs.writeFileSync(path.join(cwd, 'gitpod.config.yaml'), VALID);
    fs.writeFileSync(path.join(cwd, 'notes.md'), 'mine');
    const before = tree(cwd);
    const r = main(cwd, { CDK8S_OUTDIR: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^CDK8S_OUTDIR: found "" \(an empty path.*\n$/);
    expect(tree(cwd)).toEqual(before);
  });

  test('a folder holding the config, and a folder it did not write, are refused; its own output is replaced', () => {
    const cwd = tmp();
    fs.writeFileSync(path.join(cwd, 'gitpod.config.yaml'), VALID);
    fs.mkdirSync(path.join(cwd, 'cfg'));
    fs.writeFileSync(path.join(cwd, 'cfg', 'gitpod.config.yaml'), VALID);
    const r1 = main(cwd, { CDK8S_OUTDIR: 'cfg', GITPOD_CONFIG: 'cfg/gitpod.config.yaml' });
    expect(r1.stderr).toBe('CDK8S_OUTDIR: found "cfg": it contains the config file cfg/gitpod.config.yaml; render only writes into a folder of its own, e.g. dist\n');
    fs.mkdirSync(path.join(cwd, 'dist'));
    fs.writeFileSync(path.join(cwd, 'dist', 'mine.txt'), 'x');
    const r2 = main(cwd, { CDK8S_OUTDIR: 'dist' });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/^CDK8S_OUTDIR: refusing to replace .*dist: it is not empty and was not written by render/);
    expect(tree(path.join(cwd, 'dist'))).toEqual({ 'mine.txt': 'x' });
    expect(main(cwd, { CDK8S_OUTDIR: 'out' }).code).toBe(0);
    expect(main(cwd, { CDK8S_OUTDIR: 'out' }).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'out', OUTPUT_MARKER), 'utf8')).toContain('gitpod/kustomization.yaml');
  });

  test('--preflight (npm run synth, before cdk8s-cli removes its output folder) checks cdk8s.yaml output and writes nothing', () => {
    const cwd = tmp();
    fs.writeFileSync(path.join(cwd, 'cdk8s.yaml'), 'app: node lib/bundle/app.js\noutput: manifests\n');
    fs.mkdirSync(path.join(cwd, 'manifests'));
    fs.writeFileSync(path.join(cwd, 'manifests', 'mine.txt'), 'x');
    const r = main(cwd, {}, ['--preflight']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cdk8s.yaml output: refusing to replace .*manifests: it is not empty/);
    fs.rmSync(path.join(cwd, 'manifests'), { recursive: true });
    expect(main(cwd, {}, ['--preflight']).code).toBe(0);
    fs.writeFileSync(path.join(cwd, 'gitpod.config.yaml'), 'apiVersion: v1\ndomain: nodots\n');
    expect(main(cwd, {}, ['--preflight']).stderr).toMatch(/^domain: found "nodots"/);
    expect(fs.readdirSync(cwd).sort()).toEqual(['cdk8s.yaml', 'gitpod.config.yaml']);
  });
});

describe('render (CLI) refuses the reported cases', () => {
  test('-o "" , -o the config, -o a repo holding the config: exit 1, one line, nothing touched', () => {
    const repo = tmp();
    fs.writeFileSync(path.join(repo, 'gitpod.config.yaml'), VALID);
    fs.writeFileSync(path.join(repo, 'README.md'), 'mine');
    const before = tree(repo);
    for (const [output, message] of [
      ['', /^--output: found "" \(an empty path/],
      ['gitpod.config.yaml', /^--output: found "gitpod.config.yaml": the config file/],
      ['.', /^--output: found ".": the current folder/],
    ] as const) {
      const r = cli(['render', '--config', 'gitpod.config.yaml', '--output', output], { cwd: repo });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const elsewhere = tmp();
    const r = cli(['render', '--config', path.join(repo, 'gitpod.config.yaml'), '--output', repo], { cwd: elsewhere });
    expect(r.stderr).toMatch(/^--output: found ".*": it contains the config file/);
    expect(tree(repo)).toEqual(before);
  });
});
