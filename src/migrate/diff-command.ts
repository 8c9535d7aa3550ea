import { GitpodInstallation } from '../installation';
import { CommandOutput } from './commands';
import { DiffResult, diffObjects, ObjectDiff, REFUSED_EXIT_CODE } from './diff';
import { inNamespace, readObjects } from './objects';

/** `diff --against FILE`: the report, and exit code 2 when the API server would refuse a change. */
export function diffCommand(inst: GitpodInstallation, file: string, format: 'text' | 'json'): CommandOutput {
  const namespace = inst.context.namespace;
  const live = inNamespace(readObjects(file), namespace, file);
  const result = diffObjects(
    inst.renderedObjects().map((o) => o.manifest),
    live,
    { namespace, plan: inst.secretPlan() },
  );
  const refused = result.objects.some((o) => o.refused?.length);
  const stdout = format === 'json' ? `${JSON.stringify(diffJson(result), null, 2)}\n` : diffText(result, namespace, file);
  return { stdout, stderr: [], exitCode: refused ? REFUSED_EXIT_CODE : 0 };
}

function diffJson(result: DiffResult) {
  const count = (s: ObjectDiff['status']) => result.objects.filter((o) => o.status === s).length;
  return {
    summary: {
      refused: result.objects.filter((o) => o.refused?.length).length,
      changed: count('changed'),
      identical: count('identical'),
      onlyRendered: count('only-rendered'),
      onlyLive: count('only-live'),
      secrets: count('secret'),
      ignored: result.ignored,
    },
    objects: result.objects,
  };
}

/** Human-readable and stable: sections in a fixed order, objects sorted, one path per line. */
export function diffText(result: DiffResult, namespace: string, file: string): string {
  const lines: string[] = [`# gitpod-cdk8s diff: the rendering (namespace ${namespace}) against ${file}`];
  const section = (title: string, items: readonly ObjectDiff[], body: (o: ObjectDiff) => string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length})`);
    for (const o of items) lines.push(...body(o));
  };
  const by = (s: ObjectDiff['status']) => result.objects.filter((o) => o.status === s);
  section('REFUSED by the API server: do this before the first sync', result.objects.filter((o) => o.refused?.length), (o) => [
    `  ${o.object}`,
    ...o.refused!.flatMap((r) => [
      `    ${r.path}${r.live !== undefined ? `: live ${r.live}, rendered ${r.rendered}` : ''}`,
      `      do: ${r.action}`,
    ]),
  ]);
  section('CHANGED: updated in place by the first sync', by('changed'), (o) => [
    `  ${o.object}${o.note ? `  (${o.note})` : ''}`,
    ...(o.paths ?? []).map((p) => `    ${p}`),
  ]);
  section('ONLY IN THE RENDERING: created by the first sync', by('only-rendered'), (o) => [`  ${o.object}`]);
  section(
    'ONLY LIVE: not in the rendering; Argo CD and Flux leave them alone (orphaned) unless they carry their tracking label; delete by hand once the new objects run',
    by('only-live'),
    (o) => [`  ${o.object}`],
  );
  section('SECRETS the rendering reads, kept outside Git (values never compared)', by('secret'), (o) => [`  ${o.object}: ${o.note}`]);
  const j = diffJson(result).summary;
  lines.push(
    '',
    `summary: ${j.refused} refused, ${j.changed} changed, ${j.identical} identical, ${j.onlyRendered} only in the rendering, ` +
      `${j.onlyLive} only live, ${j.secrets} secrets kept outside Git, ${j.ignored} live objects ignored (owned by controllers)`,
  );
  return `${lines.join('\n')}\n`;
}
