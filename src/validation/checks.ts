/**
 * Every check of one cluster's rendering in one walk over its objects: the secret guard, the
 * schemas, the API-server rules and reference integrity each see an object in turn, so the
 * rendering is walked once (after the indexes the guard and the references need of the whole
 * rendering). Findings and their order are those of the checks run one after the other:
 * secret material first (it is refused before anything else is reported), then per object its
 * schema and rule findings, then the references.
 */
import { jsonKey } from '../common/json-key';
import { GuardOptions, SecretMaterialError, SecretScan } from '../secrets/guard';
import type { SecretFinding } from '../secrets/guard';
import { Finding, Manifest, ManifestValidationError } from './findings';
import { ExternalDeclarations, ReferenceCheck } from './references';
import { ruleFindings } from './rules';
import { schemaFindings } from './schema';

/** What the checks need besides the objects. */
export interface CheckOptions {
  /** What the rendering may reference without containing it. */
  readonly externals: ExternalDeclarations;
  /** Run the secret guard, with these options (the config whose `notSecret` entries it accepts); `false`: no guard. @default no guard */
  readonly guard?: GuardOptions | false;
  /**
   * A guard scan shared by several clusters' walks (a fleet is guarded as one rendering: a value
   * is reported once, with every place); the caller reads its findings. Replaces `guard`.
   * @default a scan of these objects when `guard` is set
   */
  readonly scan?: SecretScan;
  /** Run the schema, rule and reference checks. @default true */
  readonly validate?: boolean;
  /**
   * Key each object (`jsonKey`, a JSON text of it) for the memos of the guard, the schemas and the
   * rules, so an object checked before in this process is not checked again: that pays when
   * clusters render alike (a fleet), not for a lone cluster, whose objects all differ.
   * @default true
   */
  readonly memo?: boolean;
  /** The objects' `jsonKey`s when the caller has them (same order; null: none), for the memos. @default computed here when `memo` */
  readonly keys?: readonly (string | null)[];
}

/** The findings of every check. */
export interface CheckResult {
  /** The guard's findings (empty without the guard). */
  readonly secrets: readonly SecretFinding[];
  /** Schema, rule and reference findings, in object order per check. */
  readonly findings: readonly Finding[];
}

/** Runs every check over `objects` in one walk. */
export function checkObjects(cluster: string, objects: readonly Manifest[], opts: CheckOptions): CheckResult {
  const shared = opts.scan !== undefined;
  const validate = opts.validate ?? true;
  const memo = opts.memo ?? true;
  // one exact key per object for the memos of the guard (its scans and the names an object holds),
  // the schemas and the rules: a fleet's clusters render most objects alike
  const keys = opts.keys ?? (memo ? objects.map((o) => jsonKey(o) ?? null) : undefined);
  const scan = opts.scan ?? (opts.guard ? new SecretScan(objects, opts.guard, keys) : undefined);
  const references = validate ? new ReferenceCheck(cluster, objects, opts.externals) : undefined;
  const perObject: Finding[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const key = keys ? (keys[i] ?? undefined) : null;
    scan?.add(o, key);
    if (!references) continue;
    const known = key ?? undefined;
    for (const f of schemaFindings(cluster, o, known)) perObject.push(f);
    for (const f of ruleFindings(cluster, o, known)) perObject.push(f);
    references.add(o);
  }
  return { secrets: scan && !shared ? scan.findings() : [], findings: references ? [...perObject, ...references.findings()] : [] };
}

/**
 * Runs every check, the guard included, and throws: a `SecretMaterialError` when any object would
 * carry secret material, else a `ManifestValidationError` listing every finding, if any.
 */
export function assertChecked(cluster: string, objects: readonly Manifest[], opts: { externals: ExternalDeclarations; config?: unknown }): void {
  const { secrets, findings } = checkObjects(cluster, objects, { externals: opts.externals, guard: { config: opts.config } });
  if (secrets.length > 0) throw new SecretMaterialError(secrets);
  if (findings.length > 0) throw new ManifestValidationError(findings);
}
