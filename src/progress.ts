/**
 * Progress lines for long operations (a fleet of clusters, bcrypt hashing in `secrets`): written
 * to a terminal only, so pipes and CI logs stay exactly what the command prints.
 */
import * as fs from 'node:fs';

/** Where progress lines go. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A reporter writing one line per call to `stream` (default: stderr) when it is a TTY; a no-op
 * otherwise.
 */
export function progressReporter(stream?: ProgressStream): (line: string) => void {
  // stderr that is not a character device is no terminal: then process.stderr is not even made
  // (a stream for a pipe costs a few ms of a render)
  if (stream === undefined && !mayBeTerminal(2)) return () => {};
  stream ??= process.stderr;
  if (!stream.isTTY) return () => {};
  return (line) => {
    stream.write(`${line}\n`);
  };
}

/** False when file descriptor `fd` is certainly not a terminal (a file, a pipe, a socket). */
function mayBeTerminal(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isCharacterDevice();
  } catch {
    return true;
  }
}
