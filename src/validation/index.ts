/**
 * Validation of a rendering, in memory, before anything is written: schemas (Kubernetes 1.27 and
 * CRDs), the rules the schemas miss, and reference integrity per cluster.
 */
import { Finding, Manifest, ManifestValidationError } from './findings';
import { checkObjects } from './checks';
import { ExternalDeclarations } from './references';

export { finding, formatFinding, jsonPath, ManifestValidationError, pointerToPath } from './findings';
export type { CheckName, Finding } from './findings';
export { declaredExternals, RUNTIME_POD_LABELS } from './references';
export type { DeclaredObject, ExternalDeclarations, ExternalRef } from './references';
export { schemaFindings, modelFor } from './schema';
export { ruleFindings } from './rules';
export { referenceFindings } from './references';
export { assertChecked, checkObjects } from './checks';
export type { CheckOptions, CheckResult } from './checks';

/** Every finding of one cluster's objects (schema, rules, references), in object order; one walk (checks.ts). */
export function validateObjects(cluster: string, objects: readonly Manifest[], externals: ExternalDeclarations): Finding[] {
  return [...checkObjects(cluster, objects, { externals }).findings];
}

/** Throws a `ManifestValidationError` listing every finding, if there is any. */
export function assertValid(findings: readonly Finding[]): void {
  if (findings.length > 0) throw new ManifestValidationError(findings);
}
