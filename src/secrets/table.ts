import { externalSecretMode } from './external-secrets';
import { PlannedSecret } from './plan';

/** Whether the user must create the Secret (or its store entry) before the first sync. */
export function mustProvide(s: PlannedSecret, externalSecrets = false): string {
  if (s.platform) return 'no (the platform provides it)';
  if (s.source === 'user') return s.optional ? 'optional' : externalSecrets ? 'yes (in the store)' : 'yes';
  if (s.source === 'unknown') return 'yes (undeclared)';
  if (externalSecrets && externalSecretMode(s) === 'store') return 'seed the store once';
  return 'no';
}

function createdBy(s: PlannedSecret, externalSecrets: boolean): string {
  if (s.platform) return 'platform';
  if (!externalSecrets || s.source === 'cert-manager') return SOURCE_TEXT[s.source];
  const mode = externalSecretMode(s);
  return mode === 'generator' ? 'ExternalSecret (Password)' : mode === 'store' ? 'ExternalSecret (store)' : SOURCE_TEXT[s.source];
}

const SOURCE_TEXT: Record<PlannedSecret['source'], string> = {
  user: 'user',
  generated: 'gitpod-cdk8s secrets',
  'cert-manager': 'cert-manager',
  unknown: 'UNKNOWN',
};

/** The `secrets --list` table: one row per Secret, columns aligned. */
export function secretTable(plan: readonly PlannedSecret[], externalSecrets = false): string {
  const rows = [
    ['SECRET', 'KEYS', 'CREATED BY', 'USER MUST PROVIDE', 'READ BY'],
    ...plan.map((s) => [
      s.name,
      s.keys.length > 0 ? s.keys.join(',') : '(any)',
      createdBy(s, externalSecrets),
      mustProvide(s, externalSecrets),
      s.readers.length > 0 ? s.readers.join(',') : `- (${s.purpose})`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n').join('');
}
