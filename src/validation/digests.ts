/**
 * Digests of the files an app wrote after validating them, so that the validation plugin of
 * `cdk8s synth` trusts what the app already checked and re-validates only what changed since
 * (a file edited, added or written by something else). A digest file sits at the top of an output
 * folder: `.gitpod-validated.json`, `{"version":1,"files":{"<path>":"<sha256>"}}` with paths
 * relative to it. It guards against edits made after the app ran, not against someone who also
 * rewrites the digest file: the plugin is a check of our own output, not a signature.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** File name of the digests in an output folder (hidden; cdk8s-cli hands the plugin `.yaml` files only, kustomize ignores it). */
export const VALIDATED_FILE = '.gitpod-validated.json';

/** The content of the digest file. */
export interface ValidatedDigests {
  /** Format version. */
  readonly version: 1;
  /** SHA-256 (hex) of each validated file, by its path relative to the digest file, `/`-separated. */
  readonly files: Readonly<Record<string, string>>;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const isManifest = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/** The digest file's text for output files (relative path → content) that were validated. */
export function validatedDigests(files: ReadonlyMap<string, string>): string {
  const digests: Record<string, string> = {};
  for (const name of [...files.keys()].filter(isManifest).sort()) digests[name] = sha256(files.get(name)!);
  const content: ValidatedDigests = { version: 1, files: digests };
  return `${JSON.stringify(content, null, 1)}\n`;
}

/** `files` plus the digest file of its manifests: what an app that validated `files` writes. */
export function withValidatedDigests(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files, [VALIDATED_FILE, validatedDigests(files)]]);
}

/** Writes the digest file of every manifest under `dir` (after `app.synth()` validated and wrote them). */
export function recordValidated(dir: string): void {
  const files = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (isManifest(rel) && fs.statSync(file).isFile()) files.set(rel.split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
  }
  fs.writeFileSync(path.join(dir, VALIDATED_FILE), validatedDigests(files));
}

/**
 * The manifests whose content is exactly what an app validated: each is looked up in the nearest
 * digest file of its folder or above; a missing, unreadable or foreign digest file trusts nothing,
 * and so does one that lists a file no longer there.
 */
export function trustedManifests(manifests: readonly string[]): Set<string> {
  const byDir = new Map<string, { root: string; digests: ValidatedDigests } | undefined>();
  const digestsFor = (dir: string): { root: string; digests: ValidatedDigests } | undefined => {
    if (byDir.has(dir)) return byDir.get(dir);
    let found: { root: string; digests: ValidatedDigests } | undefined;
    const candidate = path.join(dir, VALIDATED_FILE);
    if (fs.existsSync(candidate)) {
      try {
        const digests = JSON.parse(fs.readFileSync(candidate, 'utf8')) as ValidatedDigests;
        const complete = digests?.version === 1 && digests.files && typeof digests.files === 'object' && Object.keys(digests.files).every((f) => fs.existsSync(path.join(dir, f)));
        // a removed file can leave a reference of an unchanged one dangling: then nothing is trusted
        if (complete) found = { root: dir, digests };
      } catch {
        /* unreadable: trusts nothing */
      }
    } else if (path.dirname(dir) !== dir) {
      found = digestsFor(path.dirname(dir));
    }
    byDir.set(dir, found);
    return found;
  };
  const trusted = new Set<string>();
  for (const m of manifests) {
    const abs = path.resolve(m);
    const d = digestsFor(path.dirname(abs));
    if (!d) continue;
    const rel = path.relative(d.root, abs).split(path.sep).join('/');
    const want = d.digests.files[rel];
    if (typeof want === 'string' && fs.existsSync(abs) && sha256(fs.readFileSync(abs)) === want) trusted.add(m);
  }
  return trusted;
}
