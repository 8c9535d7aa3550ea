import { PlannedSecret } from './plan';

/** Whether the user must create the Secret before the first sync. */
export function mustProvide(s: PlannedSecret): string {
  if (s.source === 'user') return s.optional ? 'optional' : 'yes';
  if (s.source === 'unknown') return 'yes (undeclared)';
  return 'no';
}

const SOURCE_TEXT: Record<PlannedSecret['source'], string> = {
  user: 'user',
  generated: 'gitpod-cdk8s secrets',
  'cert-manager': 'cert-manager',
  unknown: 'UNKNOWN',
};

/** The `secrets --list` table: one row per Secret, columns aligned. */
export function secretTable(plan: readonly PlannedSecret[]): string {
  const rows = [
    ['SECRET', 'KEYS', 'CREATED BY', 'USER MUST PROVIDE', 'READ BY'],
    ...plan.map((s) => [
      s.name,
      s.keys.length > 0 ? s.keys.join(',') : '(any)',
      SOURCE_TEXT[s.source],
      mustProvide(s),
      s.readers.length > 0 ? s.readers.join(',') : `- (${s.purpose})`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n').join('');
}
