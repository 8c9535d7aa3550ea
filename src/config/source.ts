import * as fs from 'node:fs';
import { DEFAULT_CONFIG } from './clusters';
import { parseConfigYaml } from './load';

/**
 * The config of the cdk8s app (`cdk8s synth`) and of its validation plugin: `$GITPOD_CONFIG`,
 * else `./gitpod.config.yaml`, else the built-in default.
 */
export function appConfigSource(): { input: unknown; source: string; file?: string } {
  const file = process.env.GITPOD_CONFIG ?? (fs.existsSync('gitpod.config.yaml') ? 'gitpod.config.yaml' : undefined);
  if (!file) return { input: DEFAULT_CONFIG, source: 'built-in default' };
  return { input: parseConfigYaml(fs.readFileSync(file, 'utf8'), file), source: file, file };
}
