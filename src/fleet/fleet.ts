/**
 * A fleet: the clusters of `cdk8s.clusters` seen together. Pure data (no cdk8s): which cluster is
 * the application side, which run workspaces, how the application side reaches each ws-manager.
 * See docs/multi-cluster.md.
 */
import { ClusterSpec, GitpodConfig, InstallationKind } from '../config/types';

const WEBAPP_KINDS: ReadonlySet<InstallationKind> = new Set(['Full', 'Meta', 'WebApp']);
const WORKSPACE_KINDS: ReadonlySet<InstallationKind> = new Set(['Full', 'Workspace']);

/** ws-manager's gRPC port inside its cluster (components/ws-manager.ts). */
const LOCAL_WS_MANAGER = 'ws-manager:8080';

/** One cluster of the fleet. */
export interface FleetMember {
  readonly spec: ClusterSpec;
  /** Index in `cdk8s.clusters` (for error paths). */
  readonly index: number;
  /** `metadata.shortname` when the entry sets none. */
  readonly shortname: string;
  readonly region: string;
  /** Runs the WebApp (server, ws-manager-bridge). */
  readonly application: boolean;
  /** Runs workspaces (ws-manager). */
  readonly workspaces: boolean;
}

export class Fleet {
  public readonly members: readonly FleetMember[];

  constructor(public readonly config: GitpodConfig) {
    this.members = (config.cdk8s?.clusters ?? []).map((spec, index) => ({
      spec,
      index,
      shortname: spec.shortname ?? config.metadata.shortname,
      region: spec.region ?? config.metadata.region,
      application: WEBAPP_KINDS.has(spec.kind),
      workspaces: WORKSPACE_KINDS.has(spec.kind),
    }));
  }

  public member(name: string): FleetMember | undefined {
    return this.members.find((m) => m.spec.name === name);
  }

  /** The one cluster running the WebApp (validation refuses fleets with none or several). */
  public get application(): FleetMember | undefined {
    return this.members.find((m) => m.application);
  }

  /** The clusters running workspaces, in config order. */
  public get workspaceClusters(): FleetMember[] {
    return this.members.filter((m) => m.workspaces);
  }

  /** Workspace clusters apart from the application cluster: reached over the network, through the fleet CA. */
  public get remoteWorkspaceClusters(): FleetMember[] {
    return this.members.filter((m) => m.workspaces && !m.application);
  }

  /** Whether any workspace cluster is not the application cluster. */
  public get split(): boolean {
    return this.remoteWorkspaceClusters.length > 0;
  }

  /**
   * The address the application cluster's clients dial for `m`'s ws-manager: in-cluster for itself,
   * the exposed `wsManager.address` otherwise.
   */
  public wsManagerAddress(m: FleetMember): string {
    return m.application ? LOCAL_WS_MANAGER : (m.spec.wsManager?.address ?? LOCAL_WS_MANAGER);
  }

  /**
   * The workspace cluster whose ws-manager runs image builds for the application cluster
   * (`cdk8s.fleet.imageBuilds`, else the application cluster itself when it runs workspaces,
   * else the first workspace cluster).
   */
  public get imageBuildCluster(): FleetMember | undefined {
    const named = this.config.cdk8s?.fleet?.imageBuilds;
    if (named !== undefined) return this.members.find((m) => m.spec.name === named && m.workspaces);
    return this.members.find((m) => m.workspaces && m.application) ?? this.workspaceClusters[0];
  }
}

/** The fleet of a config with `cdk8s.clusters`, else undefined (a single cluster). */
export function fleetOf(config: GitpodConfig): Fleet | undefined {
  return config.cdk8s?.clusters ? new Fleet(config) : undefined;
}
