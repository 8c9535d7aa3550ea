import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigYaml } from '../src/config/load';
import { GitpodConfigInput } from '../src/config/types';

/** The project's own configs (test/configs), written to cover every choice a user can make. */
export const CONFIG_DIR = path.join(__dirname, 'configs');
export const PROJECT_CONFIGS: string[] = fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.yaml')).sort();

export function loadProjectConfig(file: string): GitpodConfigInput {
  return parseConfigYaml(fs.readFileSync(path.join(CONFIG_DIR, file), 'utf8'), file) as GitpodConfigInput;
}
