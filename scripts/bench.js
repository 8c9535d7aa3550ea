// npm run bench: how fast gitpod-cdk8s renders on this machine (a script, not a timed test).
//
//   0. The machine: CPU model, cores, Node version, load average (before and after).
//   1. `gitpod-cdk8s render` of the default installation (Full), whole process: the bin as shipped
//      (lib/bundle/gitpod-cdk8s.js: esbuild bundle, compile cache cold = empty cache folder each run,
//      warm = a filled one), the unbundled CLI (lib/src/cli.js), and the app `cdk8s synth` runs
//      (lib/bundle/app.js) alone. Wall time, user+sys CPU time and peak RSS (GNU time), median of
//      RUNS runs after a warm-up, with the phase breakdown the CLI reports (GITPOD_CDK8S_TIMINGS=1).
//   2. `kubectl kustomize` of the rendered folder, run in the same round as each of the above:
//      the ratio ours / kustomize is the median of the per-round ratios (interleaved pairs).
//   3. Scaling: 1, 10 and 50 installations (one namespace each, each its own chart/folder) in one
//      process through the library API: total time, peak RSS and marginal time per installation.
//   4. `cdk8s synth` (what `npm run synth` runs after building), the whole command.
//
// Environment: RUNS (default 7).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'lib', 'src', 'cli.js');
const bin = path.join(root, 'lib', 'bundle', 'gitpod-cdk8s.js');
const appBin = path.join(root, 'lib', 'bundle', 'app.js');
const RUNS = Number(process.env.RUNS ?? 7);
const TIME = '/usr/bin/time';
const hasTime = fs.existsSync(TIME);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run a command; returns wall seconds, user+sys CPU seconds and peak RSS in MB (GNU time), its output. */
function measure(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '__RSS_KB=%M __CPU=%U+%S', cmd, ...args], { encoding: 'utf8', ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const m = /__RSS_KB=(\d+) __CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return {
    wall,
    rssMB: m ? Number(m[1]) / 1024 : NaN,
    cpu: m ? Number(m[2]) + Number(m[3]) : NaN,
    stderr: r.stderr ?? '',
    stdout: r.stdout ?? '',
  };
}

function hasKubectl() {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return r.status === 0;
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load average ${load()} (1, 5, 15 min)`);
{
  // Node's own start, which every variant below pays (measured as it is set here, not changed)
  const start = (env) => `${median(Array.from({ length: 5 }, () => measure(process.execPath, ['-e', '0'], { env }).wall)).toFixed(3)} s`;
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const line = `Node's own start (node -e 0): ${start(process.env)}`;
  if (!extra) console.log(line);
  else {
    // Node 20 reads and parses that certificate file at every start; Node 22 and later only when TLS is first used
    const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env;
    console.log(`${line} with NODE_EXTRA_CA_CERTS=${extra} as set here (${start(without)} without it)`);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-bench-'));
const config = path.join(tmp, 'gitpod.config.yaml');
fs.writeFileSync(config, 'apiVersion: v1\ndomain: gitpod.example.com\n');
const out = path.join(tmp, 'out');
const env = { ...process.env, GITPOD_CDK8S_TIMINGS: '1', GITPOD_CDK8S_NO_CACHE: '' };
const warmCache = path.join(tmp, 'cache-warm');
let coldCaches = 0;
const renderArgs = (entry) => [entry, 'render', '--config', config, '--output', out];

/** What is measured, each once per round, in this order; kustomize closes the round. */
const variants = [
  { label: 'bin as shipped (bundle), warm compile cache', run: () => measure(process.execPath, renderArgs(bin), { env: { ...env, GITPOD_CDK8S_CACHE_DIR: warmCache } }) },
  {
    label: 'bin as shipped (bundle), cold compile cache',
    run: () => measure(process.execPath, renderArgs(bin), { env: { ...env, GITPOD_CDK8S_CACHE_DIR: path.join(tmp, `cache-cold-${coldCaches++}`) } }),
  },
  { label: 'bin as shipped (bundle), cache off', run: () => measure(process.execPath, renderArgs(bin), { env: { ...env, GITPOD_CDK8S_NO_CACHE: '1' } }) },
  { label: 'unbundled CLI (lib/src/cli.js)', run: () => measure(process.execPath, renderArgs(cli), { env }) },
  {
    label: 'cdk8s synth app process alone (lib/bundle/app.js, warm cache)',
    run: () =>
      measure(process.execPath, [appBin], {
        cwd: root,
        env: { ...env, GITPOD_CONFIG: config, CDK8S_OUTDIR: path.join(tmp, 'app-out'), GITPOD_CDK8S_CACHE_DIR: warmCache },
      }),
  },
];

// ---- 1 + 2: render vs kustomize, interleaved -------------------------------------------------
const kubectl = hasKubectl();
for (const v of variants) v.run(); // warm-up (file cache; fills the warm compile cache)
const clusterDir = path.join(out, fs.readdirSync(out).filter((f) => !f.startsWith('.'))[0]);
if (kubectl) measure('kubectl', ['kustomize', clusterDir]);
const results = variants.map(() => []);
const kust = [];
for (let i = 0; i < RUNS; i++) {
  variants.forEach((v, n) => results[n].push(v.run()));
  if (kubectl) kust.push(measure('kubectl', ['kustomize', clusterDir]));
}
const objects = fs
  .readdirSync(clusterDir)
  .filter((f) => f !== 'kustomization.yaml')
  .reduce((n, f) => n + (fs.readFileSync(path.join(clusterDir, f), 'utf8').match(/^apiVersion:/gm) ?? []).length, 0);

const fmtS = (s) => `${s.toFixed(3)} s`;
const fmtMB = (mb) => (Number.isNaN(mb) ? 'n/a' : `${mb.toFixed(0)} MB`);
const phasesOf = (runs) =>
  runs.map((r) => r.stderr.split('\n').find((l) => l.startsWith('{"timings"'))).filter(Boolean).map((l) => JSON.parse(l).timings);
console.log(`gitpod-cdk8s bench: ${RUNS} rounds (median), ${objects} objects in the default installation\n`);
console.log('1. render (default installation, whole process; ratio = median of per-round ratios to kustomize)');
variants.forEach((v, n) => {
  const runs = results[n];
  const ratio = kubectl ? `   ratio ${median(runs.map((r, i) => r.wall / kust[i].wall)).toFixed(2)} (CPU ${median(runs.map((r, i) => r.cpu / kust[i].cpu)).toFixed(2)})` : '';
  console.log(`   ${v.label}`);
  console.log(`     wall ${fmtS(median(runs.map((r) => r.wall)))}   user+sys ${fmtS(median(runs.map((r) => r.cpu)))}   peak RSS ${fmtMB(median(runs.map((r) => r.rssMB)))}${ratio}`);
  const phases = phasesOf(runs);
  if (phases.length > 0 && n !== 1 && n !== 2) {
    console.log(`     phases: ${Object.keys(phases[0]).map((k) => `${k} ${(median(phases.map((p) => p[k])) / 1000).toFixed(3)}`).join(', ')}`);
  }
});

console.log('\n2. kubectl kustomize of the rendered folder');
if (kubectl) {
  console.log(`   wall ${fmtS(median(kust.map((r) => r.wall)))}   user+sys ${fmtS(median(kust.map((r) => r.cpu)))}   peak RSS ${fmtMB(median(kust.map((r) => r.rssMB)))}`);
  console.log(`   goal: ratio of the bin as shipped <= 1.0, peak RSS <= 100 MB; the synth app process <= 1.0`);
} else {
  console.log('   skipped: kubectl is not on this machine');
}

// ---- 3: scaling in one process -----------------------------------------------------------------
console.log('\n3. scaling: N installations in one process (library API)');
const scaleScript = path.join(__dirname, 'bench-scale.js');
for (const [label, extra] of [['synthesis (construct, toJson, YAML)', []], ['with the guard and validation, as render does', ['--validate']]]) {
  console.log(`   ${label}:`);
  const scale = {};
  for (const n of [1, 10, 50]) {
    const runs = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      const r = measure(process.execPath, [scaleScript, String(n), ...extra], { cwd: root });
      runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
    scale[n] = { ms: median(runs.map((r) => r.ms)), rssMB: median(runs.map((r) => r.rssMB)) };
    console.log(`     N=${String(n).padEnd(3)} total ${(scale[n].ms / 1000).toFixed(3)} s (whole process)   peak RSS ${fmtMB(scale[n].rssMB)}`);
  }
  const marginal = (scale[50].ms - scale[1].ms) / 49;
  console.log(`     marginal time per extra installation: ${marginal.toFixed(1)} ms`);
}

// The issue's measure: one application cluster and 50 workspace clusters of one config (a fleet),
// every check on, as render runs them; marginal per workspace cluster, wall and CPU.
console.log('   a fleet: 1 application + N workspace clusters, with every check (as render does):');
{
  const fleet = {};
  for (const n of [1, 51]) {
    const runs = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      const r = measure(process.execPath, [scaleScript, String(n), '--fleet', '--validate'], { cwd: root });
      runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
    fleet[n] = { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMB: median(runs.map((r) => r.rssMB)) };
    console.log(`     clusters=${String(n + 1).padEnd(3)} total ${(fleet[n].ms / 1000).toFixed(3)} s   CPU ${(fleet[n].cpuMs / 1000).toFixed(3)} s   peak RSS ${fmtMB(fleet[n].rssMB)}`);
  }
  const wall = (fleet[51].ms - fleet[1].ms) / 50;
  const cpu = (fleet[51].cpuMs - fleet[1].cpuMs) / 50;
  console.log(`     marginal per workspace cluster: ${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU (goal <= 25 ms)`);
}

// ---- the validation plugin on the app's output --------------------------------------------------
// What `cdk8s synth` adds after the app: loading plugins/k8s-validation and its validate() on the
// files the app wrote (it trusts the digests the app recorded), timed inside a process of its own.
{
  const appOut = path.join(tmp, 'app-out');
  const script = `
const t0 = performance.now();
const fs = require('fs'), path = require('path');
const { GitpodValidation } = require(${JSON.stringify(path.join(root, 'plugins', 'k8s-validation'))});
const files = [];
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.yaml')) files.push(p); } };
walk(${JSON.stringify(appOut)});
let status;
const context = { manifests: files, parseManifest: (f) => require(${JSON.stringify(require.resolve('yaml', { paths: [root] }))}).parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJSON()),
  report: { addViolation() {}, submit(s) { status = s; } }, logger: { log() {} } };
new GitpodValidation().validate(context).then(() => { if (status !== 'success') throw new Error(status); console.log(performance.now() - t0); });
`;
  const times = [];
  for (let i = 0; i < 5; i++) times.push(Number(measure(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, GITPOD_CONFIG: config } }).stdout.trim()));
  console.log(`\n3b. validation plugin on the app's output (load + validate, in its own process): ${median(times).toFixed(0)} ms (goal <= 100 ms)`);
}

// ---- 4: cdk8s synth ----------------------------------------------------------------------------
console.log('\n4. cdk8s synth (npm run synth without the build step)');
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
if (fs.existsSync(cdk8s)) {
  const synthOut = path.join(tmp, 'synth');
  const synthEnv = { ...process.env, GITPOD_CONFIG: config, GITPOD_CDK8S_CACHE_DIR: warmCache };
  const runs = [];
  measure(cdk8s, ['synth', '--no-check-upgrade', '--output', synthOut], { cwd: root, env: synthEnv });
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
    runs.push(measure(cdk8s, ['synth', '--no-check-upgrade', '--output', synthOut], { cwd: root, env: synthEnv }));
  }
  // cdk8s-cli's own start, which no app can make shorter
  const cli = [];
  for (let i = 0; i < 3; i++) cli.push(measure(cdk8s, ['--version'], { cwd: root, env: synthEnv }));
  console.log(
    `   wall ${fmtS(median(runs.map((r) => r.wall)))}   user+sys ${fmtS(median(runs.map((r) => r.cpu)))}   peak RSS (largest process) ${fmtMB(median(runs.map((r) => r.rssMB)))}`,
  );
  console.log(`   of which cdk8s-cli's own start (cdk8s --version): wall ${fmtS(median(cli.map((r) => r.wall)))}; the app and the plugin: 1 and 3b`);
} else {
  console.log('   skipped: cdk8s-cli is not installed');
}
console.log(`\nload average after: ${load()}`);

fs.rmSync(tmp, { recursive: true, force: true });
