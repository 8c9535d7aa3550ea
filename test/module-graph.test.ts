/**
 * The module graph: no import cycle in src/, and every compiled module of lib/src loads on its own
 * (a cycle made `require('gitpod-cdk8s/lib/src/components/proxy')` throw unless another module had
 * loaded the registry first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (p.endsWith(ext) && !p.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** Relative imports of a TypeScript file (type-only ones too: a cycle of types is still a tangle), resolved to files. */
export function importsOf(file: string, text: string = fs.readFileSync(file, 'utf8')): string[] {
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\brequire\('(\.[^']+)'\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\('(\.[^']+)'\)/g)].map((m) => m[1]),
  ];
  const out: string[] = [];
  for (const spec of specs) {
    const base = path.join(path.dirname(file), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every cycle found by a depth-first walk, as `a.ts -> b.ts -> a.ts` (paths relative to the root). */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((f) => path.relative(root, f)).join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

describe('import graph of src/', () => {
  test('has no cycle', () => {
    const files = filesUnder(path.join(root, 'src'), '.ts');
    expect(files.length).toBeGreaterThan(50);
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    expect(cyclesOf(graph)).toEqual([]);
  });

  test('the cycle finder finds a cycle, type-only imports included', () => {
    const a = path.join(root, 'src', 'a.ts');
    const b = path.join(root, 'src', 'b.ts');
    const c = path.join(root, 'src', 'c.ts');
    expect(cyclesOf(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual(['src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts']);
    expect(cyclesOf(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(importsOf(path.join(root, 'src', 'installation.ts'), "import type { F } from './validation';\nimport { C } from './context';\n")).toEqual([
      path.join(root, 'src', 'validation', 'index.ts'),
      path.join(root, 'src', 'context.ts'),
    ]);
  });
});

/** Entry points, not libraries: main.js runs the app; bin/*.js are the bundle launchers, which read lib/bundle/ (test/bundle.test.ts runs them). */
const ENTRY_POINTS = new Set(['main.js', 'bin/app.js', 'bin/gitpod-cdk8s.js']);

/**
 * Loads each module in turn in one child process, with the project's modules dropped from the
 * require cache before each (node_modules stay cached: they never import ours), so each module
 * loads as if it were the first one required. One process instead of one per module: 100+ Node
 * starts would take a minute on a loaded 2-core machine.
 */
const LOADER = `
const modules = JSON.parse(process.argv[1]);
const prefix = process.argv[2];
const failures = [];
for (const m of modules) {
  for (const k of Object.keys(require.cache)) if (k.startsWith(prefix)) delete require.cache[k];
  try { require(m); } catch (e) { failures.push(m.slice(prefix.length) + ': ' + String(e && e.message).split('\\n')[0]); }
}
process.stdout.write(JSON.stringify(failures));
`;

function loadAlone(modules: readonly string[], prefix: string): string[] {
  const r = spawnSync(process.execPath, ['-e', LOADER, JSON.stringify(modules), prefix], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`loader failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe('compiled modules (lib/src)', () => {
  const lib = path.join(root, 'lib', 'src');
  const built = fs.existsSync(lib);

  (built ? test : test.skip)('each loads alone, as the first module of a fresh process would', () => {
    const modules = filesUnder(lib, '.js').filter((f) => !ENTRY_POINTS.has(path.relative(lib, f)));
    expect(modules.length).toBeGreaterThan(50);
    expect(loadAlone(modules, `${lib}${path.sep}`)).toEqual([]);
  }, 120_000);

  test('the loader names a module that throws when loaded alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-graph-'));
    try {
      // a.js needs b.js loaded first: b requires a and reads a value a sets only after requiring b
      fs.writeFileSync(path.join(dir, 'a.js'), "const b = require('./b'); exports.KEYS = { user: 'user' }; exports.b = b;\n");
      fs.writeFileSync(path.join(dir, 'b.js'), "const a = require('./a'); exports.user = a.KEYS.user;\n");
      const failures = loadAlone([path.join(dir, 'b.js'), path.join(dir, 'a.js')], `${dir}${path.sep}`);
      expect(failures).toEqual([expect.stringMatching(/^a\.js: .*reading 'user'/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
