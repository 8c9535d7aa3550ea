/** `gitpod-cdk8s graph`: the architecture picture of a config's rendering. */
import { buildInstallations, selectClusters } from '../app';
import { GitpodConfigInput } from '../config/types';
import { architectureOf } from './model';
import { GRAPH_FORMATS, GraphFormat, renderGraph } from './render';

export * from './model';
export * from './render';


/** Options of the architecture picture. */
export interface GraphOptions {
  /** Output format (`mermaid`, ...). @default mermaid */
  readonly format?: string;
  /** Only this cluster. @default every cluster */
  readonly cluster?: string;
  /** Namespace of the rendering. @default default */
  readonly namespace?: string;
  /** Receives progress lines. @default none */
  readonly progress?: (line: string) => void;
  /** Names the config in the Markdown page. */
  readonly source?: string;
}

/** The picture of a config's rendering (every cluster, or `cluster`), in `format` (default mermaid). */
export function graphOf(config: GitpodConfigInput, opts: GraphOptions = {}): string {
  const format = (opts.format ?? 'mermaid') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) throw new Error(`--format ${opts.format}: allowed are ${GRAPH_FORMATS.join(', ')}`);
  const { installations } = buildInstallations(config, { namespace: opts.namespace, progress: opts.progress });
  return renderGraph(architectureOf(selectClusters(installations, opts.cluster)), format, opts.source);
}
