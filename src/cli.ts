#!/usr/bin/env node
/**
 * gitpod-cdk8s: validate a Gitpod installer config and render it to plain YAML.
 * Errors are one line each on stderr (a stack trace only with --debug); exit code 1.
 */
import * as fs from 'node:fs';
import { Command } from 'commander';
import { buildInstallations } from './app';
import { formatProblem, GitpodConfigError } from './config/errors';
import { parseConfigYaml, resolveConfig } from './config/load';
import { CONFIG_TEMPLATE } from './config/template';
import { writeOutputDir } from './output/write';
import { formatFinding, ManifestValidationError } from './validation/findings';

/** Thrown for a usage problem the user can fix (missing file, bad flag value). */
class CliError extends Error {}

function defaultConfigPath(): string {
  return process.env.GITPOD_CONFIG ?? 'gitpod.config.yaml';
}

function readConfig(file: string): unknown {
  if (file === '-') return parseConfigYaml(fs.readFileSync(0, 'utf8'), 'stdin');
  if (!fs.existsSync(file)) throw new CliError(`config file not found: ${file}`);
  return parseConfigYaml(fs.readFileSync(file, 'utf8'), file);
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
      process.stdout.write(CONFIG_TEMPLATE);
    });

  program
    .command('validate')
    .description('check a config and the objects it renders; prints one problem per line on stderr and exits 1 when invalid')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .action((opts: { config: string; namespace: string }) =>
      run(debug, () => {
        const input = readConfig(opts.config);
        const { warnings } = resolveConfig(input);
        printWarnings(warnings);
        buildInstallations(input as never, { namespace: opts.namespace });
        console.log(`${opts.config === '-' ? 'stdin' : opts.config}: valid`);
      }),
    );

  program
    .command('render')
    .description('render the installation into DIR, one folder per cluster (DIR is replaced only on success)')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .requiredOption('-o, --output <dir>', 'output directory')
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .action((opts: { config: string; output: string; namespace: string }) =>
      run(debug, () => {
        const input = readConfig(opts.config);
        printWarnings(resolveConfig(input).warnings);
        const { files } = buildInstallations(input as never, { namespace: opts.namespace });
        writeOutputDir(opts.output, files);
      }),
    );

  program
    .command('images')
    .description('print every image the installation uses, one per line, sorted (for mirroring)')
    .option('-c, --config <file>', 'config file, or - for stdin', defaultConfigPath())
    .option('-n, --namespace <ns>', 'namespace of the installation', 'default')
    .action((opts: { config: string; namespace: string }) =>
      run(debug, () => {
        const { installations } = buildInstallations(readConfig(opts.config) as never, { namespace: opts.namespace });
        const images = new Set(installations.flatMap((i) => i.context.images()));
        process.stdout.write([...images].sort().map((i) => `${i}\n`).join(''));
      }),
    );

  return program;
}

if (require.main === module) {
  createProgram().parse(process.argv);
}
