/**
 * The cdk8s app (`cdk8s synth`, `npm run synth`): renders the installation described by
 * `$GITPOD_CONFIG`, else `./gitpod.config.yaml`, else the built-in default, into `$CDK8S_OUTDIR`
 * (default `dist/`), one folder per cluster.
 */
import * as fs from 'node:fs';
import { buildInstallations, DEFAULT_CONFIG } from './app';
import { formatProblem, GitpodConfigError } from './config/errors';
import { parseConfigYaml } from './config/load';
import { writeOutputDir } from './output/write';
import { formatFinding, ManifestValidationError } from './validation/findings';

function configSource(): { input: unknown; source: string } {
  const file = process.env.GITPOD_CONFIG ?? (fs.existsSync('gitpod.config.yaml') ? 'gitpod.config.yaml' : undefined);
  if (!file) return { input: DEFAULT_CONFIG, source: 'built-in default' };
  return { input: parseConfigYaml(fs.readFileSync(file, 'utf8'), file), source: file };
}

try {
  const { input } = configSource();
  const { files } = buildInstallations(input as never);
  writeOutputDir(process.env.CDK8S_OUTDIR ?? 'dist', files);
} catch (e) {
  if (e instanceof GitpodConfigError) {
    for (const p of e.problems) console.error(formatProblem(p));
  } else if (e instanceof ManifestValidationError) {
    for (const f of e.findings) console.error(formatFinding(f));
  } else {
    console.error(e instanceof Error ? e.message : String(e));
  }
  process.exit(1);
}
