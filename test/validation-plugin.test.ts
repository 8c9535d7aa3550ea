import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { writeOutputDir } from '../src/output/write';
import { GitpodValidation } from '../src/validation/plugin';
import { VALIDATED_FILE, withValidatedDigests } from '../src/validation/digests';
import { fakePluginContext } from './helpers';

const ROOT = path.join(__dirname, '..');


function renderedDir(digests = false): string {
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitpod-cdk8s-plugin-')), 'dist');
  const { files } = buildInstallations(DEFAULT_CONFIG);
  writeOutputDir(dist, digests ? withValidatedDigests(files) : files);
  return dist;
}

/** A plugin context that counts the files the plugin parses. */
function countingContext(dir: string) {
  const fake = fakePluginContext(dir);
  const parsed: string[] = [];
  const parseManifest = fake.context.parseManifest;
  return { ...fake, parsed, context: { ...fake.context, parseManifest: (f: string) => (parsed.push(f), parseManifest(f)) } };
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

  describe('digests of the validated files (written by the app: lib/src/main.js, app.synth())', () => {
    test('files as the app validated them are trusted: nothing is parsed or checked again', async () => {
      const dist = renderedDir(true);
      expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dist, VALIDATED_FILE), 'utf8')).files)).toContain('gitpod/proxy.yaml');
      const { context, violations, status, parsed } = countingContext(dist);
      await new GitpodValidation().validate(context);
      expect(parsed).toEqual([]);
      expect(violations).toEqual([]);
      expect(status()).toBe('success');
    });

    test('a tampered file is caught: its cluster is checked whole, the finding names the file', async () => {
      const dist = renderedDir(true);
      const file = path.join(dist, 'gitpod', 'proxy.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('serviceAccountName: proxy', 'serviceAccountName: proxy-sa'));
      const { context, violations, status, parsed } = countingContext(dist);
      await new GitpodValidation().validate(context);
      expect(status()).toBe('failure');
      expect(parsed.length).toBe(context.manifests.length);
      expect(violations.map((v) => [v.ruleName, v.recommendation, path.relative(dist, v.violatingResources[0].manifestPath)])).toEqual([
        ['gitpod/references', 'spec.template.spec.serviceAccountName: ServiceAccount "proxy-sa" is not in the rendering of cluster gitpod', 'gitpod/proxy.yaml'],
      ]);
    });

    test('a file the digests do not know, and a removed one, are checked too', async () => {
      const dist = renderedDir(true);
      fs.writeFileSync(path.join(dist, 'gitpod', 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: default\n');
      const added = countingContext(dist);
      await new GitpodValidation().validate(added.context);
      expect(added.status()).toBe('failure');
      expect(added.violations.map((v) => v.violatingResources[0].resourceName)).toContain('ConfigMap/Bad_Name');

      fs.rmSync(path.join(dist, 'gitpod', 'extra.yaml'));
      fs.rmSync(path.join(dist, 'gitpod', 'proxy.yaml')); // the Secret-reading proxy and its ServiceAccount are gone: others now dangle
      const removed = countingContext(dist);
      await new GitpodValidation().validate(removed.context);
      expect(removed.parsed.length).toBe(removed.context.manifests.length);
      expect(removed.status()).toBe(removed.violations.length > 0 ? 'failure' : 'success');
    });

    test('a corrupt digest file trusts nothing', async () => {
      const dist = renderedDir(true);
      fs.writeFileSync(path.join(dist, VALIDATED_FILE), '{not json');
      const { context, status, parsed } = countingContext(dist);
      await new GitpodValidation().validate(context);
      expect(parsed.length).toBe(context.manifests.length);
      expect(status()).toBe('success');
    });
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
