// Declared externals: Secrets and ConfigMaps the user's platform provides.
import { App } from 'cdk8s';
import { DEFAULT_CONFIG } from '../src/app';
import { PodTemplate } from '../src/common/pod-template';
import { GitpodConfigError } from '../src/config/errors';
import { mergeConfig } from '../src/config/merge';
import { GitpodConfigInput } from '../src/config/types';
import { GitpodInstallation } from '../src/installation';
import { secretTable } from '../src/secrets/table';

/** An installation whose server reads a `datadog` Secret key and a `dd-config` ConfigMap key. */
function withReaders(config: GitpodConfigInput = {}): GitpodInstallation {
  const gitpod = new GitpodInstallation(new App(), 'gitpod', { config: mergeConfig(DEFAULT_CONFIG, config) });
  PodTemplate.of(gitpod.server!.deployment).addEnv(
    'server',
    { name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog', key: 'api-key' } } },
    { name: 'DD_SITE', valueFrom: { configMapKeyRef: { name: 'dd-config', key: 'site' } } },
  );
  return gitpod;
}

test('undeclared, the error points at the declaration, not at the library source', () => {
  const gitpod = withReaders();
  let message = '';
  try {
    gitpod.toJson();
  } catch (e) {
    message = String(e);
  }
  expect(message).toMatch(/Secret "datadog" .*declareExternalSecret\(name, keys\)` or `cdk8s.externals.secrets`/);
  expect(message).toMatch(/ConfigMap "dd-config" is not in .*declareExternalConfigMap/);
  expect(message).not.toMatch(/catalog\.ts|secretCatalog/);
});

test('declared in the config, references validate and secrets --list shows the Secret', () => {
  const gitpod = withReaders({ cdk8s: { externals: { secrets: [{ name: 'datadog', keys: ['api-key'] }], configMaps: [{ name: 'dd-config' }] } } });
  expect(() => gitpod.toJson()).not.toThrow();
  const plan = gitpod.secretPlan();
  const datadog = plan.find((s) => s.name === 'datadog')!;
  expect(datadog).toMatchObject({ keys: ['api-key'], platform: true, readers: ['Deployment/server'] });
  expect(secretTable(plan)).toMatch(/^datadog\s+api-key\s+platform\s+no \(the platform provides it\)\s+Deployment\/server$/m);
});

test('declared in code, the same; a key outside the declaration is an error', () => {
  const ok = withReaders();
  ok.declareExternalSecret('datadog', ['api-key']);
  ok.declareExternalConfigMap('dd-config');
  expect(() => ok.toJson()).not.toThrow();

  const wrongKey = withReaders();
  wrongKey.declareExternalSecret('datadog', ['app-key']);
  wrongKey.declareExternalConfigMap('dd-config', ['region']);
  expect(() => wrongKey.toJson()).toThrow(/Secret "datadog", declared provided by the platform with keys app-key, has no key "api-key"/);
  expect(() => wrongKey.toJson()).toThrow(/ConfigMap "dd-config", provided by the platform with keys region, has no key "site"/);
});

test('a platform Secret never becomes an ExternalSecret', () => {
  const gitpod = withReaders({
    cdk8s: {
      externals: { secrets: [{ name: 'datadog' }], configMaps: [{ name: 'dd-config' }] },
      secrets: { externalSecrets: { storeRef: { kind: 'ClusterSecretStore', name: 'vault' } } },
    },
  });
  const objects = gitpod.toJson();
  expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name)).not.toContain('datadog');
});

test('the config section is checked by the schema', () => {
  expect(() => new GitpodInstallation(new App(), 'gitpod', { config: mergeConfig(DEFAULT_CONFIG, { cdk8s: { externals: { secrets: [{ keys: ['a'] } as never] } } }) })).toThrow(GitpodConfigError);
});
