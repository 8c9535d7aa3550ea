import { buildInstallations, DEFAULT_CONFIG } from '../app';
import { mergeConfig } from '../config/merge';
import { GitpodConfigInput, INSTALLATION_KINDS, InstallationKind } from '../config/types';
import type { Manifest } from '../validation/findings';

/**
 * docs/security.md, generated from the rendering: every workload's Pod Security Standards level,
 * each privilege it keeps and why upstream's binary needs it, and the namespace label per
 * cluster kind. `node scripts/security-doc.js` writes it; test/security-doc.test.ts fails when the
 * checked-in file is stale.
 */


export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';
const ORDER: PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** Capabilities Pod Security `baseline` allows to add (the container runtimes' defaults). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** Sysctls Pod Security `baseline` allows (the "safe" set of Kubernetes 1.27). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
]);
/** Volume types Pod Security `restricted` allows. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The Pod Security Standards level (Kubernetes 1.27 rules) a pod spec meets: the strictest it passes. */
export function podSecurityLevel(spec: Manifest): PodSecurityLevel {
  const all: Manifest[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const psc = spec.securityContext ?? {};
  const baseline =
    !spec.hostNetwork && !spec.hostPID && !spec.hostIPC &&
    !(spec.volumes ?? []).some((v: Manifest) => v.hostPath) &&
    !(psc.sysctls ?? []).some((s: Manifest) => !SAFE_SYSCTLS.has(s.name)) &&
    psc.seccompProfile?.type !== 'Unconfined' &&
    all.every((c) => {
      const sc = c.securityContext ?? {};
      return !sc.privileged &&
        (sc.capabilities?.add ?? []).every((cap: string) => BASELINE_CAPABILITIES.has(cap)) &&
        !(c.ports ?? []).some((p: Manifest) => p.hostPort) &&
        (sc.procMount ?? 'Default') === 'Default' &&
        sc.seccompProfile?.type !== 'Unconfined';
    });
  if (!baseline) return 'privileged';
  const seccompOk = (sc: Manifest) => ['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type ?? psc.seccompProfile?.type);
  const restricted =
    (spec.volumes ?? []).every((v: Manifest) => RESTRICTED_VOLUMES.some((t) => t in v)) &&
    psc.runAsUser !== 0 &&
    all.every((c) => {
      const sc = c.securityContext ?? {};
      return sc.allowPrivilegeEscalation === false &&
        (sc.runAsNonRoot ?? psc.runAsNonRoot) === true &&
        sc.runAsUser !== 0 &&
        seccompOk(sc) &&
        (sc.capabilities?.drop ?? []).includes('ALL') &&
        (sc.capabilities?.add ?? []).every((cap: string) => cap === 'NET_BIND_SERVICE');
    });
  return restricted ? 'restricted' : 'baseline';
}

/** The privileges of a pod spec that the Pod Security levels care about, one phrase each. */
export function privileges(spec: Manifest): string[] {
  const out: string[] = [];
  for (const key of ['hostPID', 'hostIPC', 'hostNetwork']) if (spec[key]) out.push(key);
  for (const v of spec.volumes ?? []) if (v.hostPath) out.push(`hostPath \`${v.hostPath.path}\``);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${c.name}: hostPort ${p.hostPort}`);
    for (const cap of sc.capabilities?.add ?? []) out.push(`${c.name}: adds ${cap}`);
    if (!sc.privileged && !(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: default capabilities`);
    if (sc.runAsUser === 0) out.push(`${c.name}: runAsUser 0`);
  }
  return out;
}

/**
 * Why upstream's binaries need what they keep, by component (checked against gitpod-io/gitpod at
 * 2022.11.3). A privilege without a reason here fails the doc's generation.
 */
export const PRIVILEGE_REASONS: Record<string, string> = {
  'ws-daemon':
    'Manages workspace containers on its node: containerd socket and runtime dir, cgroups, mounts, disk quotas under the working area (hostPath, privileged, hostPID to enter workspace namespaces); init containers set node sysctls, install the workspace seccomp profile into the kubelet\'s folder, stop GKE\'s containerd health monitor (nsenter into PID 1) and, with `fsShiftMethod: shiftfs`, load the shiftfs kernel module; ws-manager reaches it on hostPort 8080 (components/ws-daemon).',
  'agent-smith': 'Watches every process of the workspaces on its node (hostPID, privileged for /proc of other containers) and kills abusive ones (components/ee/agent-smith).',
  'registry-facade': 'The node\'s kubelet pulls workspace images from hostPort 20000 on the node itself; hostPath `/` is mounted only by the custom-CA init container, which writes containerd\'s certs.d (components/registry-facade).',
  proxy: 'Caddy runs as root on :80, :443, :22 (NET_BIND_SERVICE); the sysctl init container raises `net.core.somaxconn`, which is not a "safe" sysctl (pod-level `sysctls` would need kubelet\'s `--allowed-unsafe-sysctls` on every node), so it stays privileged as upstream.',
  dashboard: 'Caddy as root on :80 (NET_BIND_SERVICE; every other capability dropped).',
  'ide-proxy': 'Caddy as root on :80 (NET_BIND_SERVICE; every other capability dropped).',
  migrations: 'Runs as root (the image has no USER) in /app, which belongs to uid 10000: yarn may write there, which needs DAC_OVERRIDE of the default set (components/gitpod-db/leeway.Dockerfile).',
  db: 'bitnami\'s volume-permissions init container chowns the data volume to 1001 as root (CHOWN, DAC_OVERRIDE, FOWNER of the default set).',
};

interface WorkloadRow {
  readonly workload: string;
  readonly component: string;
  readonly level: PodSecurityLevel;
  readonly privileges: string[];
}

function workloadRows(objects: Manifest[]): WorkloadRow[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind))
    .map((o) => {
      const spec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
      return { workload: `${o.kind}/${o.metadata.name}`, component: o.metadata.labels?.component ?? '', level: podSecurityLevel(spec), privileges: privileges(spec) };
    });
}

function render(config: GitpodConfigInput): Manifest[] {
  const { installations } = buildInstallations(mergeConfig(DEFAULT_CONFIG, config), { namespace: 'gitpod' });
  return installations.flatMap((i) => i.renderedObjects().map((r) => r.manifest));
}

/** The configurations the doc covers: the default installation, then the optional workloads. */
const VARIANTS: Array<[string, GitpodConfigInput]> = [
  ['default', {}],
  ['shiftfs, custom CA', { workspace: { runtime: { fsShiftMethod: 'shiftfs' } }, customCACert: { kind: 'secret', name: 'custom-ca' } }],
  ['Cloud SQL, Azure storage, usage', {
    database: { inCluster: false, cloudSQL: { instance: 'project:region:instance', serviceAccount: { kind: 'secret', name: 'cloudsql' } } },
    objectStorage: { inCluster: false, azure: { credentials: { kind: 'secret', name: 'azure' } } },
    experimental: { webapp: { usage: { enabled: true } } },
  }],
];

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The text of docs/security.md. */
export function securityDoc(): string {
  // Workloads of the default installation; the other variants add workloads, or change a level or
  // the privileges of one (noted in the last column).
  const rows = new Map<string, WorkloadRow & { variant: string }>();
  const first = new Map<string, WorkloadRow>();
  for (const [variant, config] of VARIANTS) {
    for (const row of workloadRows(render(config))) {
      const seen = rows.get(row.workload);
      const base = first.get(row.workload);
      if (!seen || !base) {
        rows.set(row.workload, { ...row, variant });
        first.set(row.workload, row);
      } else if (row.level !== base.level || row.privileges.some((p) => !base.privileges.includes(p))) {
        const more = row.privileges.filter((p) => !seen.privileges.includes(p));
        const note = `with ${variant}: \`${row.level}\`${more.length > 0 ? `, also ${more.join('; ')}` : ''}`;
        rows.set(row.workload, { ...seen, privileges: [...seen.privileges, ...more], variant: `${seen.variant}; ${note}` });
      }
    }
  }
  const sorted = [...rows.values()].sort((a, b) => ORDER.indexOf(b.level) - ORDER.indexOf(a.level) || a.workload.localeCompare(b.workload));
  const missing = sorted.filter((r) => r.privileges.length > 0 && !PRIVILEGE_REASONS[r.component]).map((r) => r.workload);
  if (missing.length > 0) throw new Error(`security doc: no reason given for the privileges of ${missing.join(', ')}`);

  const kinds = INSTALLATION_KINDS.map((kind: InstallationKind) => {
    const levels = workloadRows(render({ kind })).map((r) => r.level);
    const level = levels.reduce((max, l) => (ORDER.indexOf(l) > ORDER.indexOf(max) ? l : max), 'restricted' as PodSecurityLevel);
    return `| ${kind} | \`${level}\` | ${ORDER.map((l) => levels.filter((x) => x === l).length).join(' / ')} |`;
  });

  const count = (l: PodSecurityLevel) => sorted.filter((r) => r.level === l).length;
  return [
    '# Security: Pod Security levels and the privileges that remain',
    '',
    '<!-- GENERATED by `npm run security-doc` from the rendering (src/security/report.ts); do not edit. -->',
    '',
    'Every container whose binary allows it runs with `allowPrivilegeEscalation: false`, all',
    'capabilities dropped, the `RuntimeDefault` seccomp profile and, where the binary writes only to',
    'its volumes, a read-only root filesystem (`hardened()` in src/common/security.ts; the choice per',
    'container is commented where it is made). What remains is what upstream\'s binaries need.',
    '',
    `Levels are the Kubernetes 1.27 Pod Security Standards, computed from each pod spec: ${count('restricted')} workloads`,
    `meet \`restricted\`, ${count('baseline')} \`baseline\`, ${count('privileged')} need \`privileged\`. Workloads that only exist`,
    'in some configurations say so in the last column.',
    '',
    '| workload | level | privileges kept | configuration |',
    '|---|---|---|---|',
    ...sorted.map((r) => `| ${r.workload} | \`${r.level}\` | ${cell(r.privileges.join('; ') || '–')} | ${r.variant === 'default' ? 'default' : r.variant} |`),
    '',
    '`baseline` rather than `restricted` means the container runs as its image\'s user (root, or a',
    'non-numeric user the kubelet cannot check against `runAsNonRoot`) or keeps capabilities;',
    '`default capabilities` is the runtime\'s default set (no `drop: [ALL]`).',
    '',
    'Workspace pods are not in this table: ws-manager creates them at run time from its templates',
    '(ConfigMap `workspace-templates`) with upstream\'s security context, which workspacekit\'s user',
    'namespaces rely on; they are unchanged.',
    '',
    '## Why the privileges are needed',
    '',
    '| component | reason |',
    '|---|---|',
    ...Object.entries(PRIVILEGE_REASONS)
      .filter(([component]) => sorted.some((r) => r.component === component && r.privileges.length > 0))
      .map(([component, why]) => `| ${component} | ${cell(why)} |`),
    '',
    '## Namespace labels per cluster kind',
    '',
    'Pod Security admission checks a namespace against the level of its label. Set `enforce` to the',
    'level below (the most privileged workload the kind renders) and `warn`/`audit` to `restricted`,',
    'so that anything new that needs more than `restricted` is reported:',
    '',
    '```yaml',
    'metadata:',
    '  labels:',
    '    pod-security.kubernetes.io/enforce: <level of the table>',
    '    pod-security.kubernetes.io/enforce-version: v1.27',
    '    pod-security.kubernetes.io/warn: restricted',
    '    pod-security.kubernetes.io/audit: restricted',
    '```',
    '',
    '| cluster kind | `enforce` level | workloads restricted / baseline / privileged |',
    '|---|---|---|',
    ...kinds,
    '',
    'Every kind that renders the proxy (its privileged sysctl init container) or the workspace',
    'DaemonSets needs `privileged`: all components share the installation namespace, and its label',
    'cannot be stricter than its most privileged pod.',
    '',
  ].join('\n');
}
