import { buildInstallations } from '../src/app';
import { progressReporter } from '../src/progress';
import { fleetConfig, workspaceCluster } from './fleet-configs';
import { runCli } from './cli-bin';

const FLEET = { apiVersion: 'v1', ...fleetConfig([{ name: 'meta', kind: 'Meta' }, workspaceCluster('ws-eu', 'eu'), workspaceCluster('ws-us', 'us')]) };

function stream(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, lines, write: (t: string) => lines.push(t) };
}

describe('progress on a terminal', () => {
  test('a fleet writes one line per cluster to a TTY', () => {
    const tty = stream(true);
    buildInstallations(FLEET as never, { progress: progressReporter(tty) });
    expect(tty.lines.map((l) => l.replace(/\d+ objects/, 'N objects'))).toEqual([
      'cluster meta (1/3): N objects\n',
      'cluster ws-eu (2/3): N objects\n',
      'cluster ws-us (3/3): N objects\n',
      'validated\n',
    ]);
  });

  test('nothing when the stream is not a TTY (piped)', () => {
    const piped = stream(false);
    buildInstallations(FLEET as never, { progress: progressReporter(piped) });
    expect(piped.lines).toEqual([]);
    const undefinedTTY = { write: jest.fn() };
    progressReporter(undefinedTTY)('x');
    expect(undefinedTTY.write).not.toHaveBeenCalled();
  });

  test('secrets piped: stderr has no progress lines', () => {
    const r = runCli(['secrets', '--config', '-', '--list'], { input: JSON.stringify(FLEET) });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/^cluster /m);
  });
});
