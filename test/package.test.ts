import * as fs from 'fs';
import * as path from 'path';

/** The dependency tree this project installs, as the lockfile that `npm ci` follows records it. */
const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const entries = Object.entries(lock.packages as Record<string, Record<string, unknown>>);

describe('the dependency tree installs nothing it does not need', () => {
  test('no installed package runs an install script (esbuild\'s, which only checks its binary, is denied in allowScripts)', () => {
    const denied = Object.entries((pkg.allowScripts ?? {}) as Record<string, boolean>).filter(([, allowed]) => allowed === false).map(([name]) => name);
    expect(denied).toEqual(['esbuild']);
    const withScripts = entries.filter(([, p]) => p.hasInstallScript).map(([name]) => name.replace(/^.*node_modules\//, ''));
    expect(withScripts.filter((name) => !denied.includes(name))).toEqual([]);
  });

  test('backport (optional dependency of cdk8s-plus-27) is the empty stand-in, never the real package', () => {
    const backports = entries.filter(([name]) => name === 'vendor/empty-backport' || /(^|\/)node_modules\/backport$/.test(name));
    expect(backports.length).toBeGreaterThan(0);
    for (const [name, entry] of backports) {
      expect([name, entry.version ?? entry.resolved]).toEqual([name, expect.stringMatching(/^(0\.0\.0-empty|vendor\/empty-backport)$/)]);
    }
    // The real backport brought axios, @octokit/* and inquirer: none of them may come back.
    for (const gone of ['axios', '@octokit/rest', 'inquirer', 'winston']) {
      expect(entries.filter(([name]) => name.endsWith(`node_modules/${gone}`)).map(([name]) => name)).toEqual([]);
    }
    const stub = JSON.parse(fs.readFileSync(path.join(root, 'vendor/empty-backport/package.json'), 'utf8'));
    expect(stub).not.toHaveProperty('dependencies');
    expect(stub).not.toHaveProperty('scripts');
    expect(fs.readdirSync(path.join(root, 'vendor/empty-backport'))).toEqual(['package.json']);
  });

  test('type packages are development dependencies only', () => {
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@types/'))).toEqual([]);
  });

  test('engines names the supported Node LTS lines', () => {
    expect(pkg.engines.node).toBe('^20.0.0 || ^22.0.0 || ^24.0.0');
  });
});
