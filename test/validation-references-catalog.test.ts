/**
 * @jest-environment node
 */
// Own module registry (not test/env/shared-lib-environment.js): this test replaces a library
// module with a mock, which only a suite that loads the library into its own registry can do.
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';

// The reference check's declarations of Secrets come from the secret catalog (its keys checked, its
// `unknown` entries not declarations): shown with a catalog replaced by a mock.
test('the catalog decides: its keys are checked, `unknown` entries are not declarations', () => {
  const ctx = buildInstallations(DEFAULT_CONFIG, { validate: false }).installations[0].context;
  jest.isolateModules(() => {
    jest.doMock('../src/secrets/catalog', () => ({
      secretCatalog: () => [
        { name: 'mysql', keys: ['username', 'password'], source: 'generated', purpose: 'in-cluster MySQL' },
        { name: 'leftover', keys: ['x'], source: 'unknown', purpose: 'read but undeclared' },
      ],
      generatedSecrets: () => [],
    }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { declaredExternals: declared } = require('../src/validation/references');
    const secrets = declared(ctx).secrets;
    expect(secrets.get('mysql')).toEqual({ source: 'generated (in-cluster MySQL)', keys: ['username', 'password'] });
    expect(secrets.get('minio')).toBeUndefined();
    expect(secrets.get('leftover')).toBeUndefined(); // `unknown` is what this check reports
  });
});
