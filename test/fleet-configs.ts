/** Building blocks of valid fleets (`cdk8s.clusters` with a separate application cluster) for tests. */

/** Shared S3-compatible object storage: a split fleet refuses in-cluster MinIO. */
export const FLEET_STORAGE = {
  inCluster: false,
  s3: { endpoint: 's3.example.com', bucket: 'gitpod', credentials: { kind: 'secret' as const, name: 'object-storage' } },
};

/** The fleet CA: one ClusterIssuer name present in every cluster. */
export const FLEET_CA = { issuer: { kind: 'ClusterIssuer' as const, name: 'fleet-ca' } };

/** A Workspace cluster entry whose ws-manager is exposed at `ws-manager.<shortname or name>.gitpod.example.com:8080`. */
export function workspaceCluster(name: string, shortname?: string, more: Record<string, unknown> = {}) {
  return {
    name,
    kind: 'Workspace' as const,
    ...(shortname !== undefined ? { shortname } : {}),
    wsManager: { address: `ws-manager.${shortname ?? name}.gitpod.example.com:8080`, sourceRanges: ['198.51.100.0/24'] },
    ...more,
  };
}

/** A config (partial, merged onto the defaults) for these clusters, with shared storage and the fleet CA. */
export function fleetConfig(clusters: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}): any {
  return { domain: 'gitpod.example.com', objectStorage: FLEET_STORAGE, ...extra, cdk8s: { fleet: { ca: FLEET_CA }, clusters } };
}
