/**
 * The cdk8s app (`cdk8s synth`, `npm run synth`): renders the installation described by
 * `$GITPOD_CONFIG`, else `./gitpod.config.yaml`, else the built-in default, into `$CDK8S_OUTDIR`
 * (default `dist/`), one folder per cluster.
 */
import { buildInstallations } from './app';
import { formatProblem, GitpodConfigError } from './config/errors';
import { appConfigSource } from './config/source';
import { writeOutputDir } from './output/write';
import { formatFinding, ManifestValidationError } from './validation/findings';

try {
  const { input } = appConfigSource();
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
