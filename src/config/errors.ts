/** One problem in a config, located by its YAML path (`database.cloudSQL.instance`). */
export interface ConfigProblem {
  /** Dotted YAML path; array items as `authProviders[0].name`. Empty for the whole document. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** One problem as one line: `path: message`, or the message alone for the whole document. */
export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** Thrown for any invalid configuration. `problems` holds every finding, one line each in `message`. */
export class GitpodConfigError extends Error {
  /** Every problem found, in the order found. */
  public readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'GitpodConfigError';
    this.problems = problems;
  }

  /** A single problem at `path`. */
  static at(path: string, message: string): GitpodConfigError {
    return new GitpodConfigError([{ path, message }]);
  }
}

/** Render a found value for an error message: short, one line. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
