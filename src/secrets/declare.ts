import { IConstruct } from 'constructs';
import type { SecretSpec } from './spec';

const SECRETS = Symbol.for('gitpod-cdk8s.secrets');

/**
 * Declares Secrets a construct reads or owns, where it reads them: the installation's secret
 * catalog (`secretCatalog(installation)`) is built by walking the construct tree, so a user's own
 * construct declares its Secrets the same way and no list needs an edit.
 */
export function declareSecret(scope: IConstruct, ...specs: SecretSpec[]): void {
  const own = ((scope as any)[SECRETS] as SecretSpec[] | undefined) ?? [];
  if (!Object.prototype.hasOwnProperty.call(scope, SECRETS)) {
    Object.defineProperty(scope, SECRETS, { value: own, enumerable: false, configurable: true, writable: true });
  }
  own.push(...specs);
}

/** The Secrets declared on this very construct (not its children), in declaration order. */
export function declaredSecrets(scope: IConstruct): readonly SecretSpec[] {
  return Object.prototype.hasOwnProperty.call(scope, SECRETS) ? ((scope as any)[SECRETS] as SecretSpec[]) : [];
}

/** Every Secret declared on a construct or below it, in tree order (the construct first). */
export function collectDeclaredSecrets(root: IConstruct): SecretSpec[] {
  return root.node.findAll().flatMap((c) => [...declaredSecrets(c)]);
}
