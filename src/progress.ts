/**
 * Progress lines for long operations (a fleet of clusters, bcrypt hashing in `secrets`): written
 * to a terminal only, so pipes and CI logs stay exactly what the command prints.
 */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A reporter writing one line per call to `stream` when it is a TTY; a no-op otherwise. */
export function progressReporter(stream: ProgressStream = process.stderr): (line: string) => void {
  if (!stream.isTTY) return () => {};
  return (line) => {
    stream.write(`${line}\n`);
  };
}
