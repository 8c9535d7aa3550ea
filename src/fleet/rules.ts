/**
 * Whole-fleet checks of `cdk8s.clusters`: a fleet that renders but where no workspace could start
 * is refused, one line per problem with its config path. Shortname format and uniqueness are
 * checked by the schema and src/config/input-rules.ts; this adds what needs the fleet's topology.
 */
import { ConfigProblem, show } from '../config/errors';
import { pathOf } from '../config/input-rules';
import { GitpodConfig } from '../config/types';
import { fleetOf } from './fleet';

export function fleetProblems(config: GitpodConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const fleet = fleetOf(config);
  if (!fleet) {
    if (config.cdk8s?.fleet) out.push({ path: pathOf('cdk8s', 'fleet'), message: 'found fleet settings without cdk8s.clusters; they apply only to several clusters' });
    return out;
  }
  const at = (i: number, ...rest: string[]) => pathOf('cdk8s', 'clusters', i, ...rest);

  // An IDE/WebApp split: the server reads ide-service and the IDE config in its own cluster
  // (`ide-service.<ns>.svc.cluster.local`), and the IDE set needs the server's Services; nothing wires them across clusters.
  for (const m of fleet.members) {
    if (m.spec.kind === 'IDE' || m.spec.kind === 'WebApp') {
      out.push({
        path: at(m.index, 'kind'),
        message: `found ${show(m.spec.kind)}; a fleet does not split IDE and WebApp (the server reaches ide-service in its own cluster): use Meta, or Full`,
      });
    }
  }

  const apps = fleet.members.filter((m) => m.application);
  if (apps.length === 0) {
    out.push({ path: pathOf('cdk8s', 'clusters'), message: 'found no application cluster; exactly one cluster must be of kind Meta or Full (it runs the server and ws-manager-bridge)' });
  }
  for (const extra of apps.slice(1)) {
    out.push({
      path: at(extra.index, 'kind'),
      message: `found ${show(extra.spec.kind)}, a second application cluster beside ${apps[0].spec.name}; exactly one cluster runs the server (the others are Workspace)`,
    });
  }
  if (fleet.workspaceClusters.length === 0) {
    out.push({ path: pathOf('cdk8s', 'clusters'), message: 'found no cluster running workspaces; at least one must be of kind Workspace or Full' });
  }

  if (config.experimental?.webapp?.wsManagerBridge?.skipSelf !== undefined) {
    out.push({
      path: pathOf('experimental', 'webapp', 'wsManagerBridge', 'skipSelf'),
      message: `found ${show(config.experimental.webapp.wsManagerBridge.skipSelf)}; with cdk8s.clusters it is derived from the cluster kinds (the application cluster bridges itself when it runs workspaces): remove it`,
    });
  }

  for (const m of fleet.members) {
    if (m.workspaces && !m.application) {
      if (!m.spec.wsManager && apps.length > 0) {
        out.push({
          path: at(m.index, 'wsManager'),
          message: `found nothing; required for a Workspace cluster: {address: <host:port the application cluster ${apps[0].spec.name} dials>, sourceRanges: [<CIDRs allowed to reach it>]} (ws-manager does not require client certificates at 2022.11.3)`,
        });
      }
      const host = m.spec.wsManager?.address.replace(/:[0-9]+$/, '');
      if (host !== undefined && /^[0-9.]+$/.test(host)) {
        out.push({
          path: pathOf('cdk8s', 'clusters', m.index, 'wsManager', 'address'),
          message: `found ${show(m.spec.wsManager!.address)}; must be a DNS name and port: ws-manager's certificate is issued for the name the application cluster dials`,
        });
      }
    } else if (m.spec.wsManager) {
      out.push({ path: at(m.index, 'wsManager'), message: `found a setting on a cluster of kind ${m.spec.kind}; only Workspace clusters expose ws-manager` });
    }
    if (!m.workspaces) {
      for (const key of ['score', 'governed', 'admissionConstraints', 'workspaceClasses'] as const) {
        if (m.spec[key] !== undefined) {
          out.push({ path: at(m.index, key), message: `found a setting on a cluster of kind ${m.spec.kind}; it runs no workspaces (allowed on Workspace and Full clusters)` });
        }
      }
    }
  }

  if (fleet.split) {
    const remote = fleet.remoteWorkspaceClusters.map((m) => m.spec.name).join(', ');
    if (config.objectStorage.inCluster) {
      out.push({
        path: pathOf('objectStorage', 'inCluster'),
        message: `found true in a fleet with workspace clusters apart from the application cluster (${remote}): in-cluster MinIO is reachable in one cluster only; configure objectStorage.s3, objectStorage.cloudStorage or objectStorage.azure`,
      });
    }
    if (config.objectStorage.azure) {
      out.push({
        path: pathOf('objectStorage', 'azure'),
        message: `found a setting in a fleet with workspace clusters apart from the application cluster (${remote}): Azure storage goes through a MinIO gateway that only the application cluster runs; use objectStorage.s3 (Azure behind an S3-compatible endpoint) or objectStorage.cloudStorage`,
      });
    }
    if (!config.cdk8s?.fleet?.ca) {
      out.push({
        path: pathOf('cdk8s', 'fleet', 'ca'),
        message: `found nothing; required when ws-manager is reached across clusters (${remote}): {issuer: {kind: ClusterIssuer, name: <an issuer of one CA, present in every cluster>}}`,
      });
    }
  }

  const named = config.cdk8s?.fleet?.imageBuilds;
  if (named !== undefined && !fleet.workspaceClusters.some((m) => m.spec.name === named)) {
    out.push({
      path: pathOf('cdk8s', 'fleet', 'imageBuilds'),
      message: `found ${show(named)}; allowed: the name of a cluster running workspaces (${fleet.workspaceClusters.map((m) => m.spec.name).join(', ') || 'none'})`,
    });
  }
  return out;
}
