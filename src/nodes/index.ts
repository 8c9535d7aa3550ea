/** `gitpod-cdk8s check-nodes`: one cluster's nodes against its rendering. */
import { buildInstallations, selectClusters } from '../app';
import { GitpodConfigInput } from '../config/types';
import { architectureOf } from '../graph/model';
import { checkNodes, NodeCheck, parseNodes } from './check';

export * from './check';
export * from './contract';

/**
 * Checks the nodes in `nodesText` against the cluster `cluster` of the config (which may be left
 * out when the config has one cluster).
 */
export function checkNodesOf(config: GitpodConfigInput, nodesText: string, opts: { cluster?: string; namespace?: string; source?: string } = {}): NodeCheck {
  const nodes = parseNodes(nodesText, opts.source);
  const { installations } = buildInstallations(config, { namespace: opts.namespace });
  const chosen = selectClusters(installations, opts.cluster);
  if (chosen.length > 1) {
    throw new Error(`the config has ${chosen.length} clusters (${chosen.map((i) => i.node.id).join(', ')}): name the one these nodes belong to with --cluster`);
  }
  return checkNodes(architectureOf(chosen).clusters[0], nodes);
}
