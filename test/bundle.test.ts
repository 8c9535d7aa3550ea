import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInstallations } from '../src/app';
import { parseConfigYaml } from '../src/config/load';
import { KEEP_BUILDS, pruneCache } from '../src/bin/compile-cache';
import { readTree } from './cli-bin';

// The bin as shipped: lib/bundle/gitpod-cdk8s.js (scripts/bundle.js; `npm test` builds first),
// against the unbundled CLI (lib/src/cli.js) and the library, byte for byte.
const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'lib', 'bundle', 'gitpod-cdk8s.js');
const UNBUNDLED = path.join(ROOT, 'lib', 'src', 'cli.js');
const CONFIGS = path.join(__dirname, 'configs');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-bundle-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(entry: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GITPOD_CDK8S_NO_CACHE: '1', GITPOD_CDK8S_CACHE_DIR: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
/** The equivalence tests share one warm cache (faster, and the cache is on as users run the bin). */
const SHARED_CACHE = { GITPOD_CDK8S_NO_CACHE: '', GITPOD_CDK8S_CACHE_DIR: path.join(work, 'shared-cache') };
function render(entry: string, config: string, env: Record<string, string> = {}) {
  const out = path.join(work, `out-${n++}`);
  const r = run(entry, ['render', '--config', config, '--output', out, '--namespace', 'gitpod'], env);
  return { ...r, tree: r.code === 0 ? readTree(out) : {} };
}

const initText = run(UNBUNDLED, ['init']).stdout;
const defaultConfig = path.join(work, 'default.yaml');
fs.writeFileSync(defaultConfig, initText);

/** What the library renders for a config file (path → text), in this process. */
function libraryFiles(config: string): Record<string, string> {
  return Object.fromEntries(buildInstallations(parseConfigYaml(fs.readFileSync(config, 'utf8'), config) as never, { namespace: 'gitpod' }).files);
}

/** A rendered folder is the library's files plus the marker listing exactly them. */
function expectLibraryRendering(tree: Record<string, string>, files: Record<string, string>) {
  const { '.gitpod-cdk8s': marker, ...rendered } = tree;
  expect(marker).toContain('# gitpod-cdk8s render output');
  expect(marker.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(Object.keys(files).sort());
  expect(rendered).toEqual(files);
}

/** The library's rendering of the default config, for every test here. */
const reference: { default?: Record<string, string> } = {};
beforeAll(() => {
  reference.default = libraryFiles(defaultConfig);
});

// Three of the test configs, each choosing other dependencies than the default (external AWS
// services; a Meta/Workspace fleet; the experimental settings); .ci/run renders the default,
// multi-cluster and experimental with the bin on Node 20, 22 and 24; every kind any test config
// renders has its validator in the bundle (test/gitops.test.ts).
const BUNDLE_CONFIGS = ['aws.yaml', 'fleet-full-workspace.yaml', 'experimental.yaml'];

describe('the bundled bin renders exactly what the unbundled CLI renders', () => {

  test('the default installation, and the commands that print', () => {
    // GITPOD_CDK8S_TIMINGS: the one JSON line on stderr also counts how objects were serialized:
    // every one in one walk (src/output/object-json.ts), none through cdk8s's slower path, in the
    // minified bundle too (it finds the generated classes by export name, not Function.name).
    const bundled = render(BIN, defaultConfig, { ...SHARED_CACHE, GITPOD_CDK8S_TIMINGS: '1' });
    const report = JSON.parse(bundled.stderr);
    expect(Object.keys(report.timings)).toEqual(['start + module load', 'config', 'construct tree', 'validation', 'yaml', 'write files']);
    expect(report.toJson).toEqual({ fast: expect.any(Number), cdk8s: 0 });
    expect(report.toJson.fast).toBeGreaterThan(150);
    expect(Object.keys(bundled.tree).length).toBeGreaterThan(20);
    expectLibraryRendering(bundled.tree, reference.default!);
    // (`validate` and `secrets --list` run through the bin in cli.test and secrets-cli.test)
    for (const args of [['init'], ['images', '-c', defaultConfig], ['--help']]) {
      expect([args, run(BIN, args, SHARED_CACHE)]).toEqual([args, run(UNBUNDLED, args)]);
    }
  });

  test('the bundles are pure ASCII (a one-byte source for V8), their regexes escaped where they held other characters', () => {
    for (const f of ['cli.bundle.js', 'main.bundle.js']) {
      const text = fs.readFileSync(path.join(ROOT, 'lib', 'bundle', f), 'latin1');
      expect([f, /[^\x00-\x7f]/.exec(text)?.index]).toEqual([f, undefined]);
    }
    // src/common/duration.ts accepts `µs` and `μs` (two code points): still matched in the bundle
    const text = fs.readFileSync(path.join(ROOT, 'lib', 'bundle', 'cli.bundle.js'), 'latin1');
    expect(text).toContain('\\u00b5s|\\u03bcs');
  });

  test('errors: the same lines on stderr and the same exit code', () => {
    const bad = path.join(work, 'bad.yaml');
    fs.writeFileSync(bad, 'apiVersion: v1\ndomain: gitpod.example.com\ndatabase:\n  inCluster: maybe\n');
    for (const args of [['validate', '-c', bad], ['render', '-c', bad, '-o', path.join(work, 'never')], ['render'], ['nope']]) {
      const bundled = run(BIN, args, SHARED_CACHE);
      expect(bundled.code).not.toBe(0);
      expect([args, bundled]).toEqual([args, run(UNBUNDLED, args)]);
    }
  });

  test.each(BUNDLE_CONFIGS)('test config %s: the rendered files of the library, every kind inside the bundle', (name) => {
    const config = path.join(CONFIGS, name);
    const bundled = render(BIN, config, SHARED_CACHE);
    expect(bundled.stderr).toBe('');
    const files = libraryFiles(config);
    expectLibraryRendering(bundled.tree, files);
    // Every kind rendered has its validator in the bundle's static map (no fallback to node_modules).
    const ids: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'bundle', 'model-ids.json'), 'utf8'));
    const kinds = new Set<string>();
    for (const [file, text] of Object.entries(files)) {
      if (file.endsWith('kustomization.yaml')) continue;
      for (const doc of text.split(/^---$/m)) {
        const apiVersion = /^apiVersion: (\S+)$/m.exec(doc)?.[1];
        const kind = /^kind: (\S+)$/m.exec(doc)?.[1];
        if (apiVersion && kind) kinds.add(`${apiVersion}/${kind}`);
      }
    }
    expect(kinds.size).toBeGreaterThan(5);
    expect([...kinds].filter((k) => !ids.some((id) => id.endsWith(`/${k}`)))).toEqual([]);
  });
});

describe('the compile cache is a speed-up only: never another result, never an error', () => {
  const cacheDir = path.join(work, 'cache');
  const withCache = { GITPOD_CDK8S_NO_CACHE: '', GITPOD_CDK8S_CACHE_DIR: cacheDir, GITPOD_CDK8S_CACHE_DEBUG: '1' };

  /**
   * Runs `init` through the cache; returns what the cache reported, after checking the output is
   * the unbundled CLI's. The cache works the same for every command (one file per command); `init`
   * is the cheapest, and a rendering through a warm cache is checked above (the test configs).
   */
  function cachedRender(env: Record<string, string> = withCache) {
    const r = run(BIN, ['init'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(initText);
    const notes = r.stderr.split('\n').filter(Boolean);
    expect(notes.filter((l) => !l.startsWith('gitpod-cdk8s compile cache: '))).toEqual([]);
    return notes.map((l) => l.replace('gitpod-cdk8s compile cache: ', '').replace(/ \/.*$/, ''));
  }
  const cacheFiles = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('-init.v8'));

  test('first run writes the cache (atomically: no temporary file left), the second uses it', () => {
    expect(cachedRender()).toEqual(['miss', 'written']);
    expect(cacheFiles()).toHaveLength(1);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.statSync(cacheDir).mode & 0o077).toBe(0);
    expect(cachedRender()).toEqual(['hit']);
  });

  test('a corrupt cache file (flipped bytes, truncated, garbage) is ignored and replaced', () => {
    const file = path.join(cacheDir, cacheFiles()[0]);
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    for (let i = good.length - 1000; i < good.length; i += 7) flipped[i] ^= 0x5a;
    fs.writeFileSync(file, flipped);
    expect(cachedRender()).toEqual(['corrupt (checksum)', 'written']);
    fs.writeFileSync(file, good.subarray(0, good.length / 2));
    expect(cachedRender()).toEqual(['corrupt (checksum)', 'written']);
    fs.writeFileSync(file, 'not a cache at all');
    expect(cachedRender()).toEqual(['corrupt (header)', 'written']);
    expect(cachedRender()).toEqual(['hit']);
  });

  test('a foreign cache file (another key), and data V8 refuses behind a valid header, are ignored', () => {
    const file = path.join(cacheDir, cacheFiles()[0]);
    const good = fs.readFileSync(file);
    const lines = good.toString('latin1').split('\n', 3);
    // Same layout, another key (another bundle of the same length, another Node): not used.
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${lines[0]}\n${lines[1].replace(/^\S+/, '0123456789abcdef')}\n${lines[2]}\n`), good.subarray(lines.join('\n').length + 1)]));
    expect(cachedRender()).toEqual(['foreign (other key)', 'written']);
    // A valid header and checksum over bytes that are not V8 code cache: V8 rejects them.
    const zlib = require('node:zlib') as { crc32(b: Buffer): number };
    const junk = Buffer.alloc(4096, 1);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${lines[0]}\n${lines[1]}\n${zlib.crc32(junk)} ${junk.length}\n`), junk]));
    expect(cachedRender()).toEqual(['rejected by V8', 'written']);
    expect(cachedRender()).toEqual(['hit']);
  });

  test('a write prunes the stale files of earlier builds: the newest few per command, only files named as ours', () => {
    const dir = path.join(work, 'prune');
    fs.mkdirSync(dir, { mode: 0o700 });
    const node = `${process.version}-${process.arch}`;
    const old = (name: string, ageS: number) => {
      fs.writeFileSync(path.join(dir, name), 'x');
      const t = new Date(Date.now() - ageS * 1000);
      fs.utimesSync(path.join(dir, name), t, t);
    };
    // five earlier builds of `init`, two of `render`, on this Node; one of `init` on another Node
    for (let i = 1; i <= 5; i++) old(`${'a'.repeat(15)}${i}-${node}-init.v8`, i * 60);
    for (let i = 1; i <= 2; i++) old(`${'b'.repeat(15)}${i}-${node}-render.v8`, i * 60);
    old(`${'c'.repeat(16)}-v18.0.0-${process.arch}-init.v8`, 3600);
    // temporary files of killed writes: an old one, and one that may be a write under way
    old(`${'d'.repeat(16)}-${node}-init.v8.123.abc.tmp`, 7200);
    old(`${'d'.repeat(16)}-${node}-init.v8.456.def.tmp`, 10);
    // not ours: left alone, whatever their age
    for (const name of ['notes.txt', 'mine.v8', `${'e'.repeat(16)}-${node}-init.v8.bak`]) old(name, 99999);
    fs.mkdirSync(path.join(dir, 'node'));
    const notes = cachedRender({ ...withCache, GITPOD_CDK8S_CACHE_DIR: dir });
    expect(notes.slice(0, 2)).toEqual(['miss', 'written']);
    expect(notes[2]).toMatch(/^pruned /);
    const left = fs.readdirSync(dir).sort();
    const ownInit = left.filter((f) => f.endsWith(`-${node}-init.v8`));
    // this build's file and the two newest earlier ones
    expect(ownInit).toHaveLength(KEEP_BUILDS);
    expect(ownInit).toEqual(expect.arrayContaining([`${'a'.repeat(15)}1-${node}-init.v8`, `${'a'.repeat(15)}2-${node}-init.v8`]));
    expect(left.filter((f) => !ownInit.includes(f))).toEqual(
      [
        `${'b'.repeat(15)}1-${node}-render.v8`,
        `${'b'.repeat(15)}2-${node}-render.v8`,
        `${'c'.repeat(16)}-v18.0.0-${process.arch}-init.v8`,
        `${'d'.repeat(16)}-${node}-init.v8.456.def.tmp`,
        `${'e'.repeat(16)}-${node}-init.v8.bak`,
        'mine.v8',
        'node',
        'notes.txt',
      ].sort(),
    );
    // a warm run reads no folder and removes nothing
    expect(cachedRender({ ...withCache, GITPOD_CDK8S_CACHE_DIR: dir })).toEqual(['hit']);
    expect(fs.readdirSync(dir).sort()).toEqual(left);
  });

  test('pruning: an unreadable folder, a name that is a folder, ties in age: no error, ours only', () => {
    expect(pruneCache(path.join(work, 'no-such-folder'))).toEqual([]);
    const dir = fs.mkdtempSync(path.join(work, 'prune-'));
    const name = (i: number) => `${String(i).repeat(16)}-v20.0.0-x64-render.v8`;
    fs.mkdirSync(path.join(dir, name(1)));
    const t = new Date(Date.now() - 60000);
    for (const i of [2, 3, 4, 5]) {
      fs.writeFileSync(path.join(dir, name(i)), '');
      fs.utimesSync(path.join(dir, name(i)), t, t);
    }
    // same age: the order of the names decides, so two processes remove the same files
    expect(pruneCache(dir, 2)).toEqual([name(4), name(5)]);
    expect(fs.readdirSync(dir).sort()).toEqual([name(1), name(2), name(3)]);
  });

  test('the bundle alone, far from any node_modules, renders the same; edited after its build, its old cache is not used', () => {
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-alone-'));
    try {
      for (const f of ['gitpod-cdk8s.js', 'cli.bundle.js']) fs.copyFileSync(path.join(ROOT, 'lib', 'bundle', f), path.join(alone, f));
      const env = { ...withCache, GITPOD_CDK8S_CACHE_DIR: path.join(alone, 'cache') };
      const first = render(path.join(alone, 'gitpod-cdk8s.js'), defaultConfig, env);
      expect(first.code).toBe(0);
      expectLibraryRendering(first.tree, reference.default!);
      expect(first.stderr).toMatch(/compile cache: miss/);
      // Each command has its own cache file under the same key: `init` shows what an edit does.
      const init = () => run(path.join(alone, 'gitpod-cdk8s.js'), ['init'], env);
      expect(init()).toEqual({ code: 0, stdout: initText, stderr: expect.stringMatching(/compile cache: miss/) });
      // Same bytes, new mtime (as an edit of the same length would leave): another key.
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(alone, 'cli.bundle.js'), later, later);
      const second = init();
      expect([second.code, second.stdout]).toEqual([0, initText]);
      expect(second.stderr).toMatch(/compile cache: foreign \(other key\)/);
    } finally {
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });

  test('an unusable cache folder (a file in the way, a folder others can write into) means no cache, same output', () => {
    const blocker = path.join(work, 'a-file');
    fs.writeFileSync(blocker, '');
    expect(cachedRender({ ...withCache, GITPOD_CDK8S_CACHE_DIR: path.join(blocker, 'cache') })).toEqual([expect.stringMatching(/^unusable folder/)]);
    const open = path.join(work, 'open');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    expect(cachedRender({ ...withCache, GITPOD_CDK8S_CACHE_DIR: open })).toEqual([expect.stringMatching(/^unusable folder/)]);
    expect(fs.readdirSync(open)).toEqual([]);
  });

  test('GITPOD_CDK8S_NO_CACHE=1 turns it off: nothing read or written', () => {
    const dir = path.join(work, 'off');
    expect(cachedRender({ ...withCache, GITPOD_CDK8S_NO_CACHE: '1', GITPOD_CDK8S_CACHE_DIR: dir })).toEqual(['off']);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
