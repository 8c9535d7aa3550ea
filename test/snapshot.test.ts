import { renderFiles, snapshotText } from './helpers';

// Whole renderings, so that any change to the output shows up in review. Update with `npx jest -u`
// only when the change is intended.
describe('snapshots of whole renderings', () => {
  test.each([
    ['Full (default)', {}],
    ['Meta', { kind: 'Meta' as const }],
    ['WebApp', { kind: 'WebApp' as const }],
    ['IDE', { kind: 'IDE' as const }],
    ['Workspace', { kind: 'Workspace' as const }],
  ])('%s', (_name, config) => {
    expect(snapshotText(renderFiles(config))).toMatchSnapshot();
  });
});
