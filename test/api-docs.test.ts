import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

// Every exported symbol and public field of the library entry has a doc comment (typedoc.json
// turns on `validation.notDocumented`); TypeDoc takes about 10 s on one core. Source links are off:
// they depend on the clone's git remote, not on the code.
test('TypeDoc finds no undocumented export and no other warning', () => {
  const typedoc = path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
  // --skipErrorChecking: type errors are the build's (`npm test` runs `tsc -p tsconfig.build.json`,
  // the tsconfig typedoc.json names, first); this checks the documentation only.
  const run = spawnSync(process.execPath, [typedoc, '--emit', 'none', '--treatWarningsAsErrors', '--skipErrorChecking', '--disableSources'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `${run.stdout}${run.stderr}`;
  const undocumented = output.split('\n').filter((l) => l.includes('does not have any documentation'));
  expect(undocumented).toEqual([]);
  expect({ status: run.status, output }).toEqual({ status: 0, output: expect.not.stringContaining('[warning]') });
}, 120_000);
