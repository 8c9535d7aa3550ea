import { k8s } from './k8s';
import { GITPOD_REPOSITORY } from './config/defaults';
import { ExternalObjectSpec, GitpodConfig, InstallationKind, ResourceRequirements } from './config/types';
import { Fleet, fleetOf, FleetMember } from './fleet/fleet';
import { RELEASE_VERSIONS, VersionsManifest } from './versions';
import { ThirdPartyImage } from './images';

/** The five node labels Gitpod schedules on. Nodes carry them (value `true`); pods require that they exist. */
export enum WorkloadLabel {
  /** Nodes of the application components (server, proxy, database, ...). */
  META = 'gitpod.io/workload_meta',
  /** Nodes of the IDE components. */
  IDE = 'gitpod.io/workload_ide',
  /** Workspace nodes' daemons and services (ws-daemon, registry-facade, ...). */
  WORKSPACE_SERVICES = 'gitpod.io/workload_workspace_services',
  /** Nodes of regular workspaces. */
  WORKSPACE_REGULAR = 'gitpod.io/workload_workspace_regular',
  /** Nodes of headless workspaces (prebuilds, image builds). */
  WORKSPACE_HEADLESS = 'gitpod.io/workload_workspace_headless',
}

/** The three object sets an installation kind combines. */
export type ComponentSet = 'ide' | 'webapp' | 'workspace';

const KIND_SETS: Record<InstallationKind, readonly ComponentSet[]> = {
  Full: ['ide', 'webapp', 'workspace'],
  Meta: ['ide', 'webapp'],
  IDE: ['ide'],
  WebApp: ['webapp'],
  Workspace: ['workspace'],
};

export type Labels = Record<string, string>;

/** Props of `InstallationContext`. */
export interface InstallationContextProps {
  /** The resolved config (see `resolveConfig`). */
  readonly config: GitpodConfig;
  /** Namespace of every namespaced object. @default default */
  readonly namespace?: string;
  /** Image tags. @default RELEASE_VERSIONS */
  readonly versions?: VersionsManifest;
  /** Overrides `config.kind` (several clusters from one config). */
  readonly kind?: InstallationKind;
  /** Overrides `config.metadata.shortname` (several clusters from one config). */
  readonly shortname?: string;
  /** The entry of `cdk8s.clusters` (its name) this installation renders; none for a single cluster. */
  readonly cluster?: string;
}

/**
 * Everything a component needs to know about the installation, computed once from the config:
 * names, labels, images, affinity. The shared env blocks are functions in `common/env.ts`. Components read this, never the raw file,
 * names, labels, images, affinity, shared env blocks. The dependencies (database, object storage,
 * registry, message bus) are objects of their own (src/dependencies/), passed to their clients. Components read this, never the raw file,
 * the environment, the clock or a random source.
 */
export class InstallationContext {
  /** The config after defaults. */
  public readonly config: GitpodConfig;
  /** Namespace of every namespaced object. @default default */
  public readonly namespace: string;
  /** Image tags. @default the 2022.11.3 release */
  public readonly versions: VersionsManifest;
  /** Installation kind of this cluster. @default `config.kind` */
  public readonly kind: InstallationKind;
  /** `config.domain`. */
  public readonly domain: string;
  /** Shortname of this cluster. @default `config.metadata.shortname` */
  public readonly shortname: string;
  /** `GITPOD_REGION`: the cluster's `region`, else `metadata.region`. */
  public readonly region: string;
  /** The fleet of `cdk8s.clusters` and this cluster's place in it (undefined for a single cluster). */
  public readonly fleet?: Fleet;
  /** This cluster's entry in the fleet (undefined for a single cluster). */
  public readonly fleetMember?: FleetMember;
  private readonly usedImages = new Set<string>();
  private readonly usedImageNames = new Set<string>();
  private readonly podConfigNames = new Set<string>();
  private readonly declaredSecrets: ExternalObjectSpec[] = [];
  private readonly declaredConfigMaps: ExternalObjectSpec[] = [];

  constructor(props: InstallationContextProps) {
    this.config = props.config;
    this.namespace = props.namespace ?? 'default';
    this.versions = props.versions ?? RELEASE_VERSIONS;
    this.kind = props.kind ?? props.config.kind;
    this.domain = props.config.domain;
    this.shortname = props.shortname ?? props.config.metadata.shortname;
    const fleet = props.cluster === undefined ? undefined : fleetOf(props.config);
    this.fleetMember = fleet?.member(props.cluster!);
    this.fleet = this.fleetMember ? fleet : undefined;
    this.region = this.fleetMember?.region ?? props.config.metadata.region;
  }

  /** A Workspace cluster of a fleet whose application cluster is another one: reached through its exposed ws-manager. */
  public get remoteWorkspaceCluster(): boolean {
    return this.fleetMember !== undefined && this.fleetMember.workspaces && !this.fleetMember.application;
  }

  /** Whether this cluster's ws-manager certificates come from the fleet CA (`cdk8s.fleet.ca`). */
  public get fleetIssuer(): {
    /** `Issuer` or `ClusterIssuer`. */
    kind: 'Issuer' | 'ClusterIssuer';
    /** Name of the issuer. */
    name: string;
  } | undefined {
    return this.fleet?.split ? this.config.cdk8s?.fleet?.ca?.issuer : undefined;
  }

  // ---- provided from outside -----------------------------------------------------------------

  /** Declares a Secret or ConfigMap that the user's platform provides (`GitpodInstallation.declareExternalSecret`). */
  public declareExternal(kind: 'Secret' | 'ConfigMap', spec: ExternalObjectSpec): void {
    (kind === 'Secret' ? this.declaredSecrets : this.declaredConfigMaps).push({ name: spec.name, ...(spec.keys ? { keys: [...spec.keys] } : {}) });
  }

  /** The Secrets or ConfigMaps provided from outside: `cdk8s.externals` of the config, then those declared in code. */
  public externals(kind: 'Secret' | 'ConfigMap'): readonly ExternalObjectSpec[] {
    const configured = kind === 'Secret' ? this.config.cdk8s?.externals?.secrets : this.config.cdk8s?.externals?.configMaps;
    return [...(configured ?? []), ...(kind === 'Secret' ? this.declaredSecrets : this.declaredConfigMaps)];
  }

  // ---- what is installed ---------------------------------------------------------------------

  /** Whether the installation kind includes the IDE, WebApp or Workspace object set. */
  public includes(set: ComponentSet): boolean {
    return KIND_SETS[this.kind].includes(set);
  }

  // ---- names and labels ------------------------------------------------------------------------

  /** `app: gitpod` + `component: <component>`: the labels (and selector) of every Gitpod object. */
  public labels(component: string): Labels {
    return { app: 'gitpod', component };
  }

  /** Service labels: the component labels plus `kind: service`, which Gitpod uses to find them. */
  public serviceLabels(component: string): Labels {
    return { ...this.labels(component), kind: 'service' };
  }

  /** Metadata of a namespaced object. */
  public metadata(component: string, name: string, extra: { labels?: Labels; annotations?: Labels } = {}): k8s.ObjectMeta {
    return {
      name,
      namespace: this.namespace,
      labels: { ...this.labels(component), ...extra.labels },
      ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {}),
    };
  }

  /** Metadata of a cluster-scoped object (no namespace). */
  public clusterMetadata(component: string, name: string, extra: { labels?: Labels } = {}): k8s.ObjectMeta {
    return { name, labels: { ...this.labels(component), ...extra.labels } };
  }

  /** Cluster-scoped names carry the namespace so two installations can share a cluster: `<ns>-<name>`. */
  public clusterName(name: string): string {
    return `${this.namespace}-${name}`;
  }

  /** In-cluster DNS name of a Service: `<service>.<ns>.svc.cluster.local`. */
  public serviceHost(service: string): string {
    return `${service}.${this.namespace}.svc.cluster.local`;
  }

  /** `ws` or `ws-<shortname>`: the workspace sub-domain of this cluster. */
  public get workspaceSubdomain(): string {
    return this.shortname === '' || this.shortname === 'default' ? 'ws' : `ws-${this.shortname}`;
  }

  /** `ws.<domain>` or `ws-<shortname>.<domain>`. */
  public get workspaceHost(): string {
    return `${this.workspaceSubdomain}.${this.domain}`;
  }

  // ---- scheduling ------------------------------------------------------------------------------

  /** Required node affinity: the node has any one of the labels (terms are ORed). */
  public nodeAffinity(...labels: WorkloadLabel[]): k8s.Affinity {
    return {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: labels.map((key) => ({ matchExpressions: [{ key, operator: 'Exists' }] })),
        },
      },
    };
  }

  /**
   * Affinity of the WebApp's front doors (proxy, server): meta nodes, and, with
   * `experimental.webapp.usePodAntiAffinity`, preferably one pod of the component per meta node.
   */
  public metaAffinityWithSpread(component: string): k8s.Affinity {
    if (!this.config.experimental?.webapp?.usePodAntiAffinity) return this.nodeAffinity(WorkloadLabel.META);
    return {
      ...this.nodeAffinity(WorkloadLabel.META),
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchExpressions: [{ key: 'component', operator: 'In', values: [component] }] },
              topologyKey: WorkloadLabel.META,
            },
          },
        ],
      },
    };
  }

  /** `experimental.common.podConfig.<component>.replicas`, else `fallback`. */
  public replicas(component: string, fallback = 1): number {
    this.podConfigNames.add(component);
    return this.config.experimental?.common?.podConfig?.[component]?.replicas ?? fallback;
  }

  /** `experimental.common.podConfig.<component>.resources.<container>` replaces the built-in resources. */
  public resources(component: string, container: string, builtIn: ResourceRequirements): k8s.ResourceRequirements {
    this.podConfigNames.add(component);
    const override = this.config.experimental?.common?.podConfig?.[component]?.resources?.[container];
    return toK8sResources(override ?? builtIn);
  }

  // ---- images ----------------------------------------------------------------------------------

  /** A Gitpod image: `<repository>/<name>:<tag>`, or the per-image override `cdk8s.images[name]`. */
  public gitpodImage(name: string, tag: string): string {
    return this.record(name, this.config.cdk8s?.images?.[name] ?? `${this.repoName(this.config.repository, name)}:${tag}`);
  }

  /**
   * A third-party image (`quay.io/brancz/kube-rbac-proxy:v0.12.0`). It keeps its registry while
   * `repository` is Gitpod's; with a mirror it moves to `<repository>/<path>`. `cdk8s.images`
   * overrides it by `path` (or a former path); the override may be a digest (`name@sha256:…`).
   */
  public thirdPartyImage({ registry, path, tag, formerPaths = [] }: ThirdPartyImage): string {
    // An image that moved (bitnami → bitnamilegacy) still honours overrides under its former name.
    const images = this.config.cdk8s?.images ?? {};
    const override = [path, ...formerPaths].map((key) => images[key]).find((v) => v);
    if (override) return this.record(path, override);
    return this.record(path, `${this.repoName(this.thirdPartyRegistry(registry), path)}:${tag}`);
  }

  /** An image that never follows `repository` (upstream: the Cloud SQL proxy). */
  public fixedImage(registry: string, path: string, tag: string): string {
    const override = this.config.cdk8s?.images?.[path];
    if (override) return this.record(path, override);
    const repo = this.config.dropImageRepo ? this.config.repository : registry;
    return this.record(path, `${this.repoName(repo, path)}:${tag}`);
  }

  /** The registry for third-party images: their own, or the mirror in `repository`. */
  public thirdPartyRegistry(registry: string): string {
    const repo = this.config.repository.replace(/\/+$/, '');
    return repo === GITPOD_REPOSITORY ? registry : repo;
  }

  /** Every image handed out so far, sorted (the `images` command). */
  public images(): string[] {
    return [...this.usedImages].sort();
  }

  /** The component names looked up in `experimental.common.podConfig` so far, sorted. */
  public podConfigComponents(): string[] {
    return [...this.podConfigNames].sort();
  }

  /** The names (`cdk8s.images` keys) of the images handed out so far, sorted. */
  public imageNames(): string[] {
    return [...this.usedImageNames].sort();
  }

  private record(name: string, image: string): string {
    this.usedImageNames.add(name);
    this.usedImages.add(image);
    return image;
  }

  /** Join registry and path like Docker does (`docker.io/library/` for bare names), honouring `dropImageRepo`. */
  private repoName(repo: string, name: string): string {
    const trimmed = repo.replace(/\/+$/, '');
    if (this.config.dropImageRepo) {
      const last = name.split('/').pop() ?? name;
      return `${this.config.repository.replace(/\/+$/, '')}/${last}`;
    }
    return normalizeImageName(trimmed ? `${trimmed}/${name}` : name);
  }

  // ---- env blocks shared by components ----------------------------------------------------------

}

/** Docker reference normalisation: bare names gain `docker.io/`, single names `docker.io/library/`. */
export function normalizeImageName(name: string): string {
  const parts = name.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return name;
  if (parts.length === 1) return `docker.io/library/${name}`;
  return `docker.io/${name}`;
}

/** Convert config resource requirements to the k8s type (quantities as written). */
export function toK8sResources(r: ResourceRequirements): k8s.ResourceRequirements {
  const list = (m?: Record<string, string | number>) =>
    m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k8s.Quantity.fromString(String(v))])) : undefined;
  const out: { requests?: Record<string, k8s.Quantity>; limits?: Record<string, k8s.Quantity> } = {};
  const requests = list(r.requests);
  const limits = list(r.limits);
  if (limits) out.limits = limits;
  if (requests) out.requests = requests;
  return out;
}
