import * as fs from 'node:fs';
import * as path from 'node:path';
import { configFields } from '../src/docs/config-reference';
import { generatedDocs, README_BEGIN } from '../src/docs/generate';
import { memoisedFieldReaders } from './docs-readers-memo';

const root = path.join(__dirname, '..');

// The generated documents are checked in; regenerate with `npm run docs:generate`.
// docs/config.md measures every field's effect by rendering (about 15 s on one core); the
// measurement is memoised for the same compiled library (test/docs-readers-memo.ts).
describe('generated documents are up to date', () => {
  const docs = generatedDocs(root, { readers: memoisedFieldReaders });

  test.each([...docs.keys()])('%s', (file) => {
    const onDisk = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '(missing)';
    if (onDisk !== docs.get(file)) throw new Error(`${file} is stale: run \`npm run docs:generate\` and commit the result`);
  });

  test('there is one per example, the README picture, the config reference and the node contract', () => {
    const examples = fs.readdirSync(path.join(root, 'examples')).filter((d) => fs.existsSync(path.join(root, 'examples', d, 'gitpod.config.yaml')));
    expect([...docs.keys()].sort()).toEqual(['README.md', 'docs/config.md', 'docs/nodes.md', ...examples.map((e) => `examples/${e}/architecture.md`)].sort());
    expect(docs.get('README.md')).toContain(`${README_BEGIN}\n\n\`\`\`mermaid\nflowchart LR\n`);
  });

  test('docs/config.md has a row for every field of the schema, and marks the cdk8s section as ours', () => {
    const page = docs.get('docs/config.md')!;
    for (const f of configFields()) expect(page).toContain(`| \`${f.path}\` |`);
    expect(page).toContain("## `cdk8s` (this project's own settings, not in the upstream installer)");
    // Measured, not hand-written: the proxy's service type changes the proxy, the usage block adds usage.
    expect(page).toMatch(/\| `components\.proxy\.service\.serviceType` \|[^\n]*`proxy` \|\n/);
    expect(page).toMatch(/\| `experimental\.webapp\.usage` \|[^\n]*\| `usage` \|\n/);
    expect(page).toMatch(/\| `workspace\.runtime\.fsShiftMethod` \| string \| `fuse` \| `fuse`, `shiftfs` \|/);
  });

  test("the README's Configuration section links the config reference, not the unshipped types.ts", () => {
    // types.ts is where a contributor declares a key (the Code architecture section says so); a
    // user of the package reads docs/config.md, which ships.
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const configuration = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 1));
    expect(configuration).toContain('(docs/config.md)');
    expect(configuration).not.toContain('src/config/types.ts');
  });
});
