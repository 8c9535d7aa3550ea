import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { memoised } from './memo';

const root = path.join(__dirname, '..');

// Every exported symbol and public field of the library entry has a doc comment (typedoc.json
// turns on `validation.notDocumented`); TypeDoc takes about 10 s on one core. Source links are off:
// they depend on the clone's git remote, not on the code. A clean result is memoised for the same
// sources and settings (test/memo.ts); a failing one is never kept.
test('TypeDoc finds no undocumented export and no other warning', () => {
  const typedoc = path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
  // --skipErrorChecking: type errors are the build's (`npm test` runs `tsc -p tsconfig.build.json`,
  // the tsconfig typedoc.json names, first); this checks the documentation only.
  const args = [typedoc, '--emit', 'none', '--treatWarningsAsErrors', '--skipErrorChecking', '--disableSources'];
  const run = memoised('typedoc', ['src', 'imports', 'typedoc.json', 'tsconfig.json', 'tsconfig.build.json'], JSON.stringify(args), () => {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }, (r) => r.status === 0 && !`${r.stdout}${r.stderr}`.includes('[warning]'));
  const output = `${run.stdout}${run.stderr}`;
  const undocumented = output.split('\n').filter((l) => l.includes('does not have any documentation'));
  expect(undocumented).toEqual([]);
  expect({ status: run.status, output }).toEqual({ status: 0, output: expect.not.stringContaining('[warning]') });
}, 120_000);
