/** Which pass found a problem. */
export type CheckName = 'schema' | 'rules' | 'references';

/** One problem in one rendered object. */
export interface Finding {
  /** The cluster (output folder) whose rendering holds the object. */
  readonly cluster: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /** JSON path inside the object (`spec.template.spec.containers[0].name`); empty for the whole object. */
  readonly path: string;
  /** What is wrong; for a broken reference it names the missing end. */
  readonly message: string;
  /** The check that found it. */
  readonly check: CheckName;
}

/** `<cluster>/<Kind>/<name>: <json path>: <message>`: one line per finding. */
export function formatFinding(f: Finding): string {
  return `${f.cluster}/${f.kind}/${f.name}: ${f.path || '(object)'}: ${f.message}`;
}

/**
 * Thrown when a rendering fails validation: `findings` holds every problem of every cluster,
 * `message` one line each (the CLI prints them line by line and exits 1).
 */
export class ManifestValidationError extends Error {
  /** Every finding, one line each in `message`. */
  public readonly findings: readonly Finding[];

  constructor(findings: readonly Finding[]) {
    super(findings.map(formatFinding).join('\n'));
    this.name = 'ManifestValidationError';
    this.findings = findings;
  }
}

/** A JSON path from segments: `['spec', 'ports', 0, 'name']` → `spec.ports[0].name`; odd keys quoted. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A JSON pointer (`/spec/ports/0/name`, as ajv reports it) as a JSON path. */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
  return jsonPath(segments);
}

/** A rendered object as plain JSON: the one manifest type of the checks, secrets, security and migrate. */
export type Manifest = Record<string, any>;

/** Helper for the checks: a finding on `obj` in `cluster`. */
export function finding(cluster: string, obj: Manifest, check: CheckName, path: string, message: string): Finding {
  return { cluster, kind: String(obj?.kind ?? '?'), name: String(obj?.metadata?.name ?? '?'), path, message, check };
}
