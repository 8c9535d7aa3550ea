#!/usr/bin/env node
// npm run bench: how fast gitpod-cdk8s renders on this machine (a script, not a timed test).
//
//   1. `gitpod-cdk8s render` of the default installation (Full): wall time and peak RSS of the whole
//      process, median of RUNS runs after a warm-up, with the phase breakdown the CLI reports when
//      GITPOD_CDK8S_TIMINGS=1 (start + module load, config, construct tree, validation, YAML writing).
//   2. `kubectl kustomize` of the rendered folder, interleaved run by run, and the ratio ours / kustomize.
//   3. Scaling: 1, 10 and 50 installations (one namespace each, each its own chart/folder) in one
//      process through the library API: total time, peak RSS and marginal time per installation.
//   4. `cdk8s synth` (what `npm run synth` runs after building).
//
// Environment: RUNS (default 7).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'lib', 'src', 'cli.js');
const RUNS = Number(process.env.RUNS ?? 7);
const TIME = '/usr/bin/time';
const hasTime = fs.existsSync(TIME);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run a command; returns wall seconds, peak RSS in MB (from GNU time) and its stderr. */
function measure(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '__RSS_KB=%M', cmd, ...args], { encoding: 'utf8', ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { wall, rssMB: m ? Number(m[1]) / 1024 : NaN, stderr: r.stderr ?? '', stdout: r.stdout ?? '' };
}

function hasKubectl() {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return r.status === 0;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-bench-'));
const config = path.join(tmp, 'gitpod.config.yaml');
fs.writeFileSync(config, 'apiVersion: v1\ndomain: gitpod.example.com\n');
const out = path.join(tmp, 'out');
const renderArgs = [cli, 'render', '--config', config, '--output', out];
const env = { ...process.env, GITPOD_CDK8S_TIMINGS: '1' };

// ---- 1 + 2: render vs kustomize, interleaved -------------------------------------------------
const kubectl = hasKubectl();
measure(process.execPath, renderArgs, { env }); // warm-up (file cache)
const clusterDir = path.join(out, fs.readdirSync(out).filter((f) => !f.startsWith('.'))[0]);
if (kubectl) measure('kubectl', ['kustomize', clusterDir]);
const ours = [];
const kust = [];
const phases = [];
for (let i = 0; i < RUNS; i++) {
  const r = measure(process.execPath, renderArgs, { env });
  ours.push(r);
  const line = r.stderr.split('\n').find((l) => l.startsWith('{"timings"'));
  if (line) phases.push(JSON.parse(line).timings);
  if (kubectl) kust.push(measure('kubectl', ['kustomize', clusterDir]));
}
const objects = fs
  .readdirSync(clusterDir)
  .filter((f) => f !== 'kustomization.yaml')
  .reduce((n, f) => n + (fs.readFileSync(path.join(clusterDir, f), 'utf8').match(/^apiVersion:/gm) ?? []).length, 0);

const fmtS = (s) => `${s.toFixed(3)} s`;
const fmtMB = (mb) => (Number.isNaN(mb) ? 'n/a' : `${mb.toFixed(0)} MB`);
console.log(`gitpod-cdk8s bench: node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs (median), ${objects} objects in the default installation\n`);
console.log('1. render (default installation, whole process)');
const oursWall = median(ours.map((r) => r.wall));
console.log(`   wall ${fmtS(oursWall)}   peak RSS ${fmtMB(median(ours.map((r) => r.rssMB)))}`);
if (phases.length > 0) {
  for (const k of Object.keys(phases[0])) {
    console.log(`   - ${k.padEnd(28)} ${fmtS(median(phases.map((p) => p[k])) / 1000)}`);
  }
} else {
  console.log('   (no phase timings: the CLI did not report GITPOD_CDK8S_TIMINGS)');
}

console.log('\n2. kubectl kustomize of the rendered folder');
if (kubectl) {
  const kWall = median(kust.map((r) => r.wall));
  console.log(`   wall ${fmtS(kWall)}   peak RSS ${fmtMB(median(kust.map((r) => r.rssMB)))}`);
  console.log(`   ratio ours / kustomize: ${(oursWall / kWall).toFixed(2)} (goal <= 1.0)`);
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
  console.log(`     marginal time per extra installation: ${marginal.toFixed(1)} ms (goal <= 25 ms)`);
}

// ---- 4: cdk8s synth ----------------------------------------------------------------------------
console.log('\n4. cdk8s synth (npm run synth without the build step)');
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
if (fs.existsSync(cdk8s)) {
  const synthOut = path.join(tmp, 'synth');
  const runs = [];
  measure(cdk8s, ['synth', '--no-check-upgrade', '--output', synthOut], { cwd: root, env: { ...process.env, GITPOD_CONFIG: config } });
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
    runs.push(measure(cdk8s, ['synth', '--no-check-upgrade', '--output', synthOut], { cwd: root, env: { ...process.env, GITPOD_CONFIG: config } }));
  }
  console.log(`   wall ${fmtS(median(runs.map((r) => r.wall)))}   peak RSS (largest process) ${fmtMB(median(runs.map((r) => r.rssMB)))}  (goal <= 0.8 s)`);
} else {
  console.log('   skipped: cdk8s-cli is not installed');
}

fs.rmSync(tmp, { recursive: true, force: true });
