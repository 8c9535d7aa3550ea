/**
 * The cdk8s app (`cdk8s synth`, `npm run synth`): renders the installation described by
 * `$GITPOD_CONFIG`, else `./gitpod.config.yaml`, else the built-in default, into `$CDK8S_OUTDIR`
 * (default `dist/`), one folder per cluster, under the same rules as `gitpod-cdk8s render`
 * (src/output/write.ts: an empty `CDK8S_OUTDIR` is refused, and so is any folder render did not write).
 *
 * `--preflight` (run by `npm run synth` before `cdk8s synth`) checks the config and the
 * `output:` folder of cdk8s.yaml and writes nothing: cdk8s-cli removes that folder itself before
 * it starts the app (cdk8s-cli lib/cli/cmds/synth.js), so a refusal must come first.
 */
import * as fs from 'node:fs';
import * as YAML from 'yaml';
import { buildInstallations } from './app';
import { formatProblem, GitpodConfigError } from './config/errors';
import { appConfigSource } from './config/source';
import { checkOutputDir, writeOutputDir } from './output/write';
import { formatFinding, ManifestValidationError } from './validation/findings';
import { withValidatedDigests } from './validation/digests';

const preflight = process.argv.includes('--preflight');

/** cdk8s-cli's output folder: cdk8s.yaml `output:`, else its default `dist`. */
function cdk8sOutput(): string {
  const config = fs.existsSync('cdk8s.yaml') ? YAML.parse(fs.readFileSync('cdk8s.yaml', 'utf8')) : undefined;
  return String(config?.output ?? 'dist');
}

try {
  const { input, file } = appConfigSource();
  const outdir = preflight ? cdk8sOutput() : (process.env.CDK8S_OUTDIR ?? 'dist');
  const output = { configFile: file, label: preflight ? 'cdk8s.yaml output' : 'CDK8S_OUTDIR' };
  checkOutputDir(outdir, output);
  const { files } = buildInstallations(input as never);
  // with the digests of the validated files, which the validation plugin then trusts (src/validation/digests.ts)
  if (!preflight) writeOutputDir(outdir, withValidatedDigests(files), output);
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
