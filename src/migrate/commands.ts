import { compareManifests, toYamlDocuments } from '../output/render';
import { GitpodInstallation } from '../installation';
import { ValueSource } from '../secrets/generate';
import { secretsFromExisting } from './existing';
import { inNamespace, readObjects } from './objects';

/** What a migration command prints: stdout text, stderr lines, and the exit code. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string[];
  readonly exitCode: number;
}

/**
 * `secrets --existing FILE`: one installation's Secrets with the values of FILE kept (see
 * migrate/existing.ts). stderr: one line per Secret/key, then warnings.
 */
export function secretsExistingCommand(inst: GitpodInstallation, file: string, fresh: ValueSource): CommandOutput {
  const namespace = inst.context.namespace;
  const objects = inNamespace(readObjects(file), namespace, file);
  if (!objects.some((o) => o.kind === 'Secret' || o.kind === 'ConfigMap')) {
    throw new Error(`${file} has no Secret or ConfigMap: dump them with \`kubectl get secrets,configmaps -n ${namespace} -o yaml\``);
  }
  if (inst.config.cdk8s?.secrets?.externalSecrets) {
    throw new Error('--existing with cdk8s.secrets.externalSecrets: seed the store from the live Secrets instead (Password generators would replace the kept values)');
  }
  const result = secretsFromExisting(inst.secretPlan(), objects, namespace, fresh);
  const stderr = [...result.report.map((l) => `note: ${l}`), ...result.warnings.map((w) => `warning: ${w}`)];
  const manifests = result.manifests.sort(compareManifests);
  const banner = `# gitpod-cdk8s secrets --existing ${file}: existing values kept, missing keys derived (see stderr); seal or store it, never commit this file as is\n`;
  return { stdout: manifests.length > 0 ? banner + toYamlDocuments(manifests) : '', stderr, exitCode: 0 };
}
