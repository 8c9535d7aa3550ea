import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { writeOutputDir } from '../src/output/write';
import { GitpodValidation } from '../src/validation/plugin';
import { fakePluginContext } from './helpers';

const ROOT = path.join(__dirname, '..');


function renderedDir(): string {
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-plugin-')), 'dist');
  writeOutputDir(dist, buildInstallations(DEFAULT_CONFIG).files);
  return dist;
}

describe('cdk8s validation plugin', () => {
  test('cdk8s.yaml declares the local plugin, and its package exports the class', () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    expect(config.validations).toEqual([{ package: './plugins/k8s-validation', class: 'GitpodValidation', version: '0.0.0' }]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(ROOT, 'plugins', 'k8s-validation'));
    expect(typeof mod.GitpodValidation).toBe('function');
    expect(typeof new mod.GitpodValidation({}).validate).toBe('function');
  });

  test('the synthesized default installation passes', async () => {
    const { context, violations, status } = fakePluginContext(renderedDir());
    await new GitpodValidation().validate(context);
    expect(violations).toEqual([]);
    expect(status()).toBe('success');
  });

  test('a file edited after synthesis fails, naming the rule, the resource, the path and the file', async () => {
    const dist = renderedDir();
    const file = path.join(dist, 'gitpod', 'proxy.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 1', 'replicas: one').replace('serviceAccountName: proxy', 'serviceAccountName: proxy-sa'));
    const { context, violations, status } = fakePluginContext(dist);
    await new GitpodValidation().validate(context);
    expect(status()).toBe('failure');
    expect(violations.map((v) => [v.ruleName, v.violatingResources[0].resourceName, v.recommendation, path.relative(dist, v.violatingResources[0].manifestPath)])).toEqual([
      ['gitpod/schema', 'Deployment/proxy', 'spec.replicas: must be integer', 'gitpod/proxy.yaml'],
      ['gitpod/references', 'Deployment/proxy', 'spec.template.spec.serviceAccountName: ServiceAccount "proxy-sa" is not in the rendering of cluster gitpod', 'gitpod/proxy.yaml'],
    ]);
  });
});
