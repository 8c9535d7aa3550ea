#!/usr/bin/env node
/**
 * gitpod-cdk8s: validate a Gitpod installer config and render it to plain YAML.
 * Errors are one line each on stderr (a stack trace only with --debug); exit code 1.
 */
import * as fs from 'node:fs';
import { Command } from 'commander';
import { formatProblem, GitpodConfigError } from './config/errors';
import { formatFinding, ManifestValidationError } from './validation/findings';
import type { CommandOutput } from './migrate/commands';

/*
 * Each command loads what it needs when it runs (issue #19): `init` does not load cdk8s, `render`
 * not the graph, diff or node checks. The bundled bin (scripts/bundle.js) keeps these requires
 * lazy, so a module's code runs only for the commands that use it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const app = () => require('./app') as typeof import('./app');
const objectJson = () => require('./output/object-json') as typeof import('./output/object-json');
const load = () => require('./config/load') as typeof import('./config/load');
const inputRules = () => require('./config/input-rules') as typeof import('./config/input-rules');
const template = () => require('./config/template') as typeof import('./config/template');
const outputRender = () => require('./output/render') as typeof import('./output/render');
const write = () => require('./output/write') as typeof import('./output/write');
const graph = () => require('./graph') as typeof import('./graph');
const nodes = () => require('./nodes') as typeof import('./nodes');
const progress = () => require('./progress') as typeof import('./progress');
const externalSecrets = () => require('./secrets/external-secrets') as typeof import('./secrets/external-secrets');
const generate = () => require('./secrets/generate') as typeof import('./secrets/generate');
const secretsPlan = () => require('./secrets/plan') as typeof import('./secrets/plan');
const table = () => require('./secrets/table') as typeof import('./secrets/table');
const diff = () => require('./migrate/diff-command') as typeof import('./migrate/diff-command');
const migrate = () => require('./migrate/commands') as typeof import('./migrate/commands');
const perfHooks = () => require('node:perf_hooks') as typeof import('node:perf_hooks');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Thrown for a usage problem the user can fix (missing file, bad flag value). */
class CliError extends Error {}

function defaultConfigPath(): string {
  return process.env.GITPOD_CONFIG ?? 'gitpod.config.yaml';
}

function readConfig(file: string): unknown {
  if (file === '-') return load().parseConfigYaml(fs.readFileSync(0, 'utf8'), 'stdin');
  if (!fs.existsSync(file)) throw new CliError(`config file not found: ${file}`);
  return load().parseConfigYaml(fs.readFileSync(file, 'utf8'), file);
}

/** `--namespace` is checked once, up front: a bad one would otherwise fail on every object. */
function checkNamespace(ns: string): void {
  const problem = inputRules().namespaceProblem(ns, '--namespace');
  if (problem) throw new GitpodConfigError([problem]);
}

function printWarnings(warnings: readonly { path: string; message: string }[]): void {
  for (const w of warnings) console.error(`warning: ${formatProblem(w)}`);
}

function run(debug: () => boolean, action: () => void): void {
  try {
    action();
  } catch (e) {
    if (e instanceof GitpodConfigError) {
      for (const p of e.problems) console.error(formatProblem(p));
    } else if (e instanceof ManifestValidationError) {
      for (const f of e.findings) console.error(formatFinding(f));
    } else if (debug()) {
      console.error(e instanceof Error ? e.stack : String(e));
    } else {
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (debug() && (e instanceof GitpodConfigError || e instanceof ManifestValidationError)) console.error(e.stack);
    process.exitCode = 1;
  }
}

function emit(out: CommandOutput): void {
  process.stdout.write(out.stdout);
  for (const line of out.stderr) console.error(line);
  if (out.exitCode !== 0) process.exitCode = out.exitCode;
}

export function createProgram(): Command {
  const program = new Command();
  const debug = () => Boolean(program.opts().debug);
  program
    .name('gitpod-cdk8s')
    .description('Render a self-hosted Gitpod (2022.11.3) installation as plain Kubernetes YAML')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError();

  program
    .command('init')
    .description('print a commented default config (redirect it to gitpod.config.yaml)')
    .action(() => {
      process.stdout.write(template().CONFIG_TEMPLATE);
    });

  program
    .command('validate')
    .description('check a config and the objects it renders; prints one problem per line on stderr and exits 1 when invalid')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .action((opts: { config: string; namespace: string }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        const input = readConfig(opts.config);
        const { warnings } = load().resolveConfig(input);
        printWarnings(warnings);
        app().buildInstallations(input as never, { namespace: opts.namespace });
        console.log(`${opts.config === '-' ? 'stdin' : opts.config}: valid`);
      }),
    );

  program
    .command('render')
    .description(
      'render the installation into DIR, one folder per cluster; DIR is replaced only on success, and only when it is ' +
        'missing, empty or an earlier output of render (marked by DIR/.gitpod-cdk8s)',
    )
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .requiredOption('-o, --output <dir>', 'output directory')
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .option('--inline-secrets', 'THROWAWAY CLUSTERS ONLY: also write generated Secrets (secret material) into <cluster>/secrets.yaml')
    .action((opts: { config: string; output: string; namespace: string; inlineSecrets?: boolean }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        // GITPOD_CDK8S_TIMINGS=1: phase timings as one JSON line on stderr (npm run bench).
        const timings: Record<string, number> | undefined = process.env.GITPOD_CDK8S_TIMINGS ? {} : undefined;
        const { buildInstallations, stopwatch } = app();
        // after loading the modules of the app (cdk8s, the components, the checks): ~20 ms of a render
        if (timings) timings['start + module load'] = perfHooks().performance.now();
        const phase = stopwatch(timings);
        // Refuse a folder that is not ours before the work, and again (under a lock) when writing.
        const output = { configFile: opts.config, label: '--output' };
        const { checkOutputDir, writeOutputDir } = write();
        checkOutputDir(opts.output, output);
        const input = readConfig(opts.config);
        printWarnings(load().resolveConfig(input).warnings);
        phase('config');
        if (opts.inlineSecrets) {
          console.error(
            `warning: --inline-secrets writes generated passwords and keys into ${opts.output}/<cluster>/secrets.yaml. ` +
              'For throwaway clusters only: never commit that file; use `gitpod-cdk8s secrets` otherwise.',
          );
        }
        const { files } = buildInstallations(input as never, { namespace: opts.namespace, inlineSecrets: opts.inlineSecrets, timings, progress: progress().progressReporter() });
        const afterBuild = stopwatch(timings);
        writeOutputDir(opts.output, files, output);
        afterBuild('write files');
        // toJson: how many objects took the one-walk serialization (object-json.ts) and how many cdk8s's own path
        // (written to fd 2 directly: process.stderr would be made only for this, a few ms of the figures it reports)
        if (timings) fs.writeSync(2, `${JSON.stringify({ timings, toJson: objectJson().toJsonCounts })}\n`);
      }),
    );

  program
    .command('secrets')
    .description(
      'print the Secrets the installation needs and the user does not bring, with fresh random values, to stdout ' +
        '(for `kubectl apply -f -`, kubeseal or sops; never written into the output folder)',
    )
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .option('-l, --list', 'print a table instead: every Secret, its keys, who creates and who reads it')
    .option('--cluster <name>', 'only this cluster of cdk8s.clusters (its folder name)')
    .option('--existing <file>', "keep the values of a running installation: FILE is `kubectl get secrets,configmaps -o yaml` (or -o json, or the upstream installer's render output); stderr says per key: kept, derived or generated")
    .action((opts: { config: string; namespace: string; list?: boolean; cluster?: string; existing?: string }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        const { buildInstallations, selectClusters } = app();
        const { compareManifests, toYamlDocuments } = outputRender();
        const report = progress().progressReporter();
        const all = buildInstallations(readConfig(opts.config) as never, { namespace: opts.namespace, progress: report }).installations;
        const installations = selectClusters(all, opts.cluster);
        if (opts.existing && !opts.list) {
          if (installations.length > 1) throw new CliError(`--existing reads one cluster's objects: add --cluster (one of ${all.map((i) => i.node.id).join(', ')})`);
          return emit(migrate().secretsExistingCommand(installations[0], opts.existing, generate().randomValues()));
        }
        const values = generate().randomValues();
        const docs: string[] = [];
        for (const inst of installations) {
          report(`cluster ${inst.node.id}: secrets`);
          const eso = inst.config.cdk8s?.secrets?.externalSecrets;
          const plan = inst.secretPlan();
          const heading = installations.length > 1 ? `cluster ${inst.node.id} (namespace ${inst.context.namespace})` : '';
          for (const s of plan.filter((p) => p.source === 'unknown')) {
            console.error(`warning: ${s.name} is read by ${s.readers.join(', ')} but declared nowhere (not in the secret catalog)`);
          }
          if (opts.list) {
            process.stdout.write(`${heading ? `# ${heading}\n` : ''}${table().secretTable(plan, Boolean(eso))}`);
            continue;
          }
          for (const s of plan.filter((p) => p.fallbackKeys.length > 0)) {
            console.error(`note: ${s.name}: no generator for key(s) ${s.fallbackKeys.join(', ')}; filled with random values`);
          }
          // With External Secrets, only what the store must hold is printed (Password generators make the rest).
          const owned = eso ? plan.filter((p) => externalSecrets().externalSecretMode(p) === 'store') : plan;
          if (eso && owned.some((p) => p.source === 'generated')) {
            console.error(
              `note: externalSecrets: put these values into ${eso.storeRef.kind}/${eso.storeRef.name} once ` +
                '(remote key = Secret name, property = key); the ExternalSecrets read them from there',
            );
          }
          const manifests = secretsPlan().generatedSecretManifests(owned, values, inst.context.namespace).sort(compareManifests);
          if (manifests.length > 0) docs.push(`${heading ? `# ${heading}\n` : ''}${toYamlDocuments(manifests)}`);
          const missing = plan.filter((p) => p.source === 'user' && !p.optional && !p.platform).map((p) => p.name);
          if (missing.length > 0) console.error(`note: bring these Secrets yourself: ${missing.join(', ')} (see \`secrets --list\`)`);
        }
        if (!opts.list && docs.length > 0) {
          const banner = '# gitpod-cdk8s secrets: fresh values; apply once, keep them (sealed, sops or a vault), never commit this file as is\n';
          process.stdout.write(banner + docs.join('---\n'));
        }
      }),
    );

  program
    .command('diff')
    .description(
      'compare the rendering with a running installation dumped to FILE (YAML stream, List, -o json, or a folder); no cluster access. ' +
        'Exit 0: applies cleanly; 2: a change the API server refuses (listed first, with what to do); 1: error',
    )
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .requiredOption('--against <file>', 'the live objects: `kubectl get all,configmaps,secrets,... -o yaml > live.yaml`, or a folder of YAML files')
    .option('--cluster <name>', 'only this cluster of cdk8s.clusters (its folder name)')
    .option('--output <format>', 'text or json', 'text')
    .action((opts: { config: string; namespace: string; against: string; cluster?: string; output: string }) =>
      run(debug, () => {
        if (opts.output !== 'text' && opts.output !== 'json') throw new CliError(`--output ${opts.output}: allowed are text, json`);
        checkNamespace(opts.namespace);
        const { buildInstallations, selectClusters } = app();
        const all = buildInstallations(readConfig(opts.config) as never, { namespace: opts.namespace }).installations;
        const installations = selectClusters(all, opts.cluster);
        if (installations.length !== 1) {
          throw new CliError(`diff compares one cluster: add --cluster (one of ${all.map((i) => i.node.id).join(', ')})`);
        }
        emit(diff().diffCommand(installations[0], opts.against, opts.output as 'text' | 'json'));
      }),
    );

  program
    .command('images')
    .description('print every image the installation uses, one per line, sorted (for mirroring)')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .action((opts: { config: string; namespace: string }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        const { installations } = app().buildInstallations(readConfig(opts.config) as never, { namespace: opts.namespace });
        const images = new Set(installations.flatMap((i) => i.context.images()));
        process.stdout.write([...images].sort().map((i) => `${i}\n`).join(''));
      }),
    );

  program
    .command('graph')
    .description('print the architecture of the rendering (workloads by node pool, Services, calls, volumes, entry points) as a Mermaid or Graphviz graph')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .option('--cluster <name>', 'only this cluster of cdk8s.clusters')
    .option('-f, --format <format>', 'mermaid, dot, or markdown (the Mermaid picture plus tables of workloads, calls, Secrets, ConfigMaps, volumes)', 'mermaid')
    .action((opts: { config: string; namespace: string; cluster?: string; format: string }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        const source = opts.config === '-' ? 'stdin' : opts.config;
        process.stdout.write(graph().graphOf(readConfig(opts.config) as never, { ...opts, source, progress: progress().progressReporter() }));
      }),
    );

  program
    .command('check-nodes')
    .description('check `kubectl get nodes -o json` output against the node labels, kernel and runtime the installation needs; exit 1 when a pool is missing or a node fails a requirement')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .requiredOption('--nodes <file>', 'the nodes: `kubectl get nodes -o json` (or -o yaml) output, or - for stdin')
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .option('--cluster <name>', 'the cluster of cdk8s.clusters these nodes belong to')
    .action((opts: { config: string; nodes: string; namespace: string; cluster?: string }) =>
      run(debug, () => {
        checkNamespace(opts.namespace);
        if (opts.nodes !== '-' && !fs.existsSync(opts.nodes)) throw new CliError(`nodes file not found: ${opts.nodes}`);
        const text = fs.readFileSync(opts.nodes === '-' ? 0 : opts.nodes, 'utf8');
        const result = nodes().checkNodesOf(readConfig(opts.config) as never, text, { ...opts, source: opts.nodes });
        for (const f of result.findings) (f.severity === 'note' ? console.log : console.error)(`${f.severity === 'note' ? 'ok' : f.severity}: ${f.message}`);
        console.log(`cluster ${result.cluster}: ${result.failed ? 'nodes do NOT meet the installation\'s needs' : 'nodes meet the installation\'s needs'}`);
        if (result.failed) process.exitCode = 1;
      }),
    );

  return program;
}

if (require.main === module) {
  createProgram().parse(process.argv);
}
