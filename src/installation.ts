import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Blobserve, BlobserveProps } from './components/blobserve';
import { Cluster, ClusterProps } from './components/cluster';
import { IdeConfig, IdeConfigProps } from './components/ide-config';
import { IdeMetrics, IdeMetricsProps } from './components/ide-metrics';
import { IdeProxy, IdeProxyProps } from './components/ide-proxy';
import { IdeService, IdeServiceProps } from './components/ide-service';
import { OpenVsxProxy, OpenVsxProxyProps } from './components/openvsx-proxy';
import { GitpodProxy, GitpodProxyProps } from './components/proxy';
import { Minio, MinioProps } from './dependencies/minio';
import { PublicCertificate, PublicCertificateProps } from './dependencies/certificates';
import { IContainerRegistry } from './dependencies/container-registry';
import { IDatabase } from './dependencies/database';
import {
  builtInDatabase, configuredContainerRegistry, configuredDatabase, configuredMessageBus, configuredObjectStorage, DatabaseProps,
} from './dependencies/defaults';
import { IMessageBus } from './dependencies/message-bus';
import { IObjectStorage } from './dependencies/object-storage';
import { RabbitMQ, RabbitMQProps } from './dependencies/rabbitmq';
import { DockerRegistry, DockerRegistryProps } from './dependencies/registry';
import { WorkspacePods, WorkspacePodsProps } from './components/workspace';
import { AgentSmith, AgentSmithProps } from './components/agent-smith';
import { ImageBuilderMk3, ImageBuilderMk3Props } from './components/image-builder-mk3';
import { FleetClientCertificate } from './fleet/exposure';
import { RegistryFacade, RegistryFacadeProps } from './components/registry-facade';
import { WsDaemon, WsDaemonProps } from './components/ws-daemon';
import { WsManager, WsManagerProps } from './components/ws-manager';
import { WsProxy, WsProxyProps } from './components/ws-proxy';
import { ContentService, ContentServiceProps } from './components/content-service';
import { Dashboard, DashboardProps } from './components/dashboard';
import { Gitpod, GitpodProps } from './components/gitpod';
import { Migrations, MigrationsProps } from './components/migrations';
import { PublicApiServer, PublicApiServerProps } from './components/public-api-server';
import { Server, ServerProps } from './components/server';
import { SlowServer, SlowServerProps } from './components/slow-server';
import { Toxiproxy, ToxiproxyProps } from './components/toxiproxy';
import { Usage, UsageProps } from './components/usage';
import { WsManagerBridge, WsManagerBridgeProps } from './components/ws-manager-bridge';
import { resolveConfig } from './config/load';
import { GitpodConfig, GitpodConfigInput, InstallationKind } from './config/types';
import { InstallationContext } from './context';
import { objectRole, ObjectRole } from './output/gitops';
import { finalManifest } from './output/final';
import { assertChecked, declaredExternals, ExternalDeclarations } from './validation';
import { writeContextOnSynth } from './validation/context-file';
import { ExternalSecrets, ExternalSecretsProps } from './secrets/external-secrets';
import { PlannedSecret, resolveSecrets } from './secrets/plan';
import { installationSecrets, secretCatalog } from './secrets/catalog';
import { declareSecret } from './secrets/declare';
import { SecretSpec } from './secrets/spec';
import { VersionsManifest } from './versions';

/** Props of `GitpodInstallation`. */
export interface GitpodInstallationProps {
  /**
   * The installation's config: the installer's `gitpod.config.yaml` fields. A partial config is
   * merged onto the installer defaults and validated (throws `GitpodConfigError`).
   */
  readonly config: GitpodConfigInput;
  /** Namespace of every namespaced object, including the objects a user adds under the installation. @default default */
  readonly namespace?: string;
  /** Image tags. @default the 2022.11.3 release */
  readonly versions?: VersionsManifest;
  /** Installation kind of this cluster. @default `config.kind` */
  readonly kind?: InstallationKind;
  /** Shortname of this cluster. @default `config.metadata.shortname` */
  readonly shortname?: string;
  /**
   * Per component: `false` leaves it out, a factory builds a replacement (e.g. a subclass) with
   * the built-in props. Only components of the installation kind are built at all.
   * @default every component of the kind, built in
   */
  readonly components?: GitpodComponents;
  /**
   * The database server, ws-manager-bridge, migrations, usage and public-api-server connect to
   * (any `IDatabase`, e.g. an operator-managed one). Given one, the installation renders no
   * database of its own.
   * @default from `database`: `InClusterMySQL`, `ExternalDatabase` or `CloudSqlDatabase`, rendered as component `database`
   */
  readonly database?: IDatabase;
  /**
   * The object storage of content-service, ws-manager and ws-daemon. Given one, no MinIO is rendered.
   * @default from `objectStorage`: `Minio` (in-cluster or Azure gateway, component `minio`), `S3ObjectStorage` or `GcsObjectStorage`
   */
  readonly objectStorage?: IObjectStorage;
  /**
   * The registry of image-builder, blobserve, registry-facade and the proxy. Given one, no registry is rendered.
   * @default from `containerRegistry`: `DockerRegistry` (in-cluster, component `docker-registry`) or `ExternalRegistry`
   */
  readonly containerRegistry?: IContainerRegistry;
  /**
   * The message bus of server and ws-manager-bridge. Given one, no RabbitMQ is rendered.
   * @default `RabbitMQ`, rendered as component `rabbitmq`
   */
  readonly messageBus?: IMessageBus;
}

/** The dependencies an installation's components use (`GitpodInstallation.dependencies`). */
export interface InstallationDependencies {
  /** The database (WebApp set). */
  readonly database?: IDatabase;
  /** The object storage (WebApp and Workspace sets). */
  readonly objectStorage?: IObjectStorage;
  /** The container registry. */
  readonly containerRegistry?: IContainerRegistry;
  /** The message bus (WebApp set). */
  readonly messageBus?: IMessageBus;
}

/**
 * Builds a component in place of the built-in one, from the props the installation would pass:
 * `(scope, id, props) => new MyDashboard(scope, id, props)`. It must create the construct with
 * the given scope and id (the public field finds it there).
 */
export type ComponentFactory<T extends Construct, P> = (scope: Construct, id: string, props: P) => T;

/** Components that can be left out (`false`) or replaced (a factory); the cluster-wide ones only replaced. */
export interface GitpodComponents {
  /** Cluster-wide objects: PodSecurityPolicies, the cluster RBAC, the `gitpod` ServiceAccount, workspace priority classes. */
  readonly cluster?: ComponentFactory<Cluster, ClusterProps>;
  /** The public TLS Certificate (cert-manager), with `cdk8s.tls.issuer`; otherwise empty. */
  readonly certificates?: ComponentFactory<PublicCertificate, PublicCertificateProps>;
  /** The in-cluster Docker registry. Undefined with an external registry (`containerRegistry.inCluster: false`). */
  readonly dockerRegistry?: false | ComponentFactory<DockerRegistry, DockerRegistryProps>;
  /** The entry point (Caddy) behind the `proxy` Service. WebApp set. */
  readonly proxy?: false | ComponentFactory<GitpodProxy, GitpodProxyProps>;
  /** Serves IDE and extension blobs from the registry. IDE set. */
  readonly blobserve?: false | ComponentFactory<Blobserve, BlobserveProps>;
  /** The IDE config ConfigMaps (`ide-config`, `server-ide-config`). IDE or WebApp set. */
  readonly ideConfig?: false | ComponentFactory<IdeConfig, IdeConfigProps>;
  /** Resolves IDE images and settings. IDE set. */
  readonly ideService?: false | ComponentFactory<IdeService, IdeServiceProps>;
  /** Serves the IDE's static assets. IDE set. */
  readonly ideProxy?: false | ComponentFactory<IdeProxy, IdeProxyProps>;
  /** Collects IDE metrics and error reports. IDE set. */
  readonly ideMetrics?: false | ComponentFactory<IdeMetrics, IdeMetricsProps>;
  /** Caching proxy in front of Open VSX (StatefulSet). IDE set. */
  readonly openVsxProxy?: false | ComponentFactory<OpenVsxProxy, OpenVsxProxyProps>;
  /**
   * The database's objects: in-cluster MySQL, the Cloud SQL proxy, or the external database's init
   * Job. WebApp set. `false` renders none (the clients still connect as `database` says); pass
   * `GitpodInstallationProps.database` to connect them elsewhere.
   */
  readonly database?: false | ComponentFactory<Construct & IDatabase, DatabaseProps>;
  /** In-cluster object storage (MinIO), or its gateway. WebApp set. */
  readonly minio?: false | ComponentFactory<Minio, MinioProps>;
  /** The message bus (RabbitMQ). WebApp set. */
  readonly rabbitmq?: false | ComponentFactory<RabbitMQ, RabbitMQProps>;
  /** What workspace pods need: their ConfigMaps, NetworkPolicy and ServiceAccount. Workspace set. */
  readonly workspace?: false | ComponentFactory<WorkspacePods, WorkspacePodsProps>;
  /** Starts and stops workspace pods. Workspace set. */
  readonly wsManager?: false | ComponentFactory<WsManager, WsManagerProps>;
  /** Per-node workspace daemon (DaemonSet). Workspace set. */
  readonly wsDaemon?: false | ComponentFactory<WsDaemon, WsDaemonProps>;
  /** Per-node registry that assembles workspace images (DaemonSet). Workspace set. */
  readonly registryFacade?: false | ComponentFactory<RegistryFacade, RegistryFacadeProps>;
  /** Builds workspace images. Workspace set. */
  readonly imageBuilderMk3?: false | ComponentFactory<ImageBuilderMk3, ImageBuilderMk3Props>;
  /** Detects and stops abuse in workspaces (DaemonSet). Workspace set. */
  readonly agentSmith?: false | ComponentFactory<AgentSmith, AgentSmithProps>;
  /** Routes workspace traffic (`*.ws.<domain>`). Workspace set. */
  readonly wsProxy?: false | ComponentFactory<WsProxy, WsProxyProps>;
  /** The `gitpod` ConfigMap and, except in Workspace clusters, the telemetry CronJob. */
  readonly gitpod?: ComponentFactory<Gitpod, GitpodProps>;
  /** The API server. WebApp set. */
  readonly server?: false | ComponentFactory<Server, ServerProps>;
  /** The web dashboard. WebApp set. */
  readonly dashboard?: false | ComponentFactory<Dashboard, DashboardProps>;
  /** Stores and serves workspace content. WebApp set. */
  readonly contentService?: false | ComponentFactory<ContentService, ContentServiceProps>;
  /** Connects the server to the ws-managers of the workspace clusters. WebApp set. */
  readonly wsManagerBridge?: false | ComponentFactory<WsManagerBridge, WsManagerBridgeProps>;
  /** The public API. WebApp set. */
  readonly publicApiServer?: false | ComponentFactory<PublicApiServer, PublicApiServerProps>;
  /** The database migrations Job. WebApp set. */
  readonly migrations?: false | ComponentFactory<Migrations, MigrationsProps>;
  /** Usage accounting. Only with `experimental.webapp.usage`. */
  readonly usage?: false | ComponentFactory<Usage, UsageProps>;
  /** A server behind a slow database. Only with `experimental.webapp.slowDatabase` (a testing aid). */
  readonly slowServer?: false | ComponentFactory<SlowServer, SlowServerProps>;
  /** The slowed database connection. Only with `experimental.webapp.slowDatabase` (a testing aid). */
  readonly toxiproxy?: false | ComponentFactory<Toxiproxy, ToxiproxyProps>;
  /** ExternalSecrets and Password generators, with `cdk8s.secrets.externalSecrets`. */
  readonly externalSecrets?: false | ComponentFactory<ExternalSecrets, ExternalSecretsProps>;
}

const INSTALLATION_SYMBOL = Symbol.for('gitpod-cdk8s.GitpodInstallation');

/** One rendered object and the component (output file) it belongs to. */
export interface RenderedObject {
  /** The component: the id of the top-level construct under the installation that made it (it names the output file). */
  readonly component: string;
  /** The manifest as written. */
  readonly manifest: Record<string, any>;
  /** The role of the construct that made it (`markRole`, src/common/roles.ts), if any is marked. */
  readonly role?: ObjectRole;
}

/**
 * A whole Gitpod installation in one cluster: a cdk8s Chart holding one construct per component.
 * The installation kind decides which components exist; each is a public field (undefined when
 * the kind or `components` leaves it out), so a downstream package can reach and patch any object.
 * The fields look the component up in the construct tree: they always point at what is rendered
 * (a replacement, or undefined after `node.tryRemoveChild`).
 *
 * Every synthesis of the chart (`app.synth()` in any `YamlOutputType`, `app.synthYaml()`,
 * `Testing.synth()`, `buildInstallations()`) renders its objects, including those a user adds
 * under it, through one path: JSON patches kept as given, the installation namespace,
 * `customization`, GitOps and Reloader annotations, then the secret guard and the validation
 * (schemas, rules, references), which fails the synthesis naming each object.
 */
export class GitpodInstallation extends Chart {
  /**
   * Whether `x` is a GitpodInstallation. Use this rather than `instanceof`: cdk8s's `Chart`
   * answers `instanceof` for every chart (its `Symbol.hasInstance`), and a second copy of the
   * library would not match.
   */
  public static isGitpodInstallation(x: unknown): x is GitpodInstallation {
    return typeof x === 'object' && x !== null && INSTALLATION_SYMBOL in x;
  }

  /** What the components read: naming, labels, images, namespace, the declared externals. */
  public readonly context: InstallationContext;
  /** The config after defaults and validation. */
  public readonly config: GitpodConfig;
  /**
   * The database, object storage, registry and message bus the components use: those given in the
   * props, else the rendered built-in ones, else (left out) what the config names. Undefined where
   * the installation kind has no client of it.
   */
  public readonly dependencies: InstallationDependencies;

  /** Cluster-wide objects: PodSecurityPolicies, the cluster RBAC, the `gitpod` ServiceAccount, workspace priority classes. */
  public get cluster(): Cluster {
    return this.node.tryFindChild('cluster') as Cluster;
  }

  /** The public TLS Certificate (cert-manager), with `cdk8s.tls.issuer`; otherwise empty. */
  public get certificates(): PublicCertificate {
    return this.node.tryFindChild('certificates') as PublicCertificate;
  }

  /** The in-cluster Docker registry. Undefined with an external registry (`containerRegistry.inCluster: false`). Undefined when left out. */
  public get dockerRegistry(): DockerRegistry | undefined {
    return this.node.tryFindChild('docker-registry') as DockerRegistry | undefined;
  }

  /** The entry point (Caddy) behind the `proxy` Service. WebApp set. Undefined when left out. */
  public get proxy(): GitpodProxy | undefined {
    return this.node.tryFindChild('proxy') as GitpodProxy | undefined;
  }

  /** Serves IDE and extension blobs from the registry. IDE set. Undefined when left out. */
  public get blobserve(): Blobserve | undefined {
    return this.node.tryFindChild('blobserve') as Blobserve | undefined;
  }

  /** The IDE config ConfigMaps (`ide-config`, `server-ide-config`). IDE or WebApp set. Undefined when left out. */
  public get ideConfig(): IdeConfig | undefined {
    return this.node.tryFindChild('ide-config') as IdeConfig | undefined;
  }

  /** Resolves IDE images and settings. IDE set. Undefined when left out. */
  public get ideService(): IdeService | undefined {
    return this.node.tryFindChild('ide-service') as IdeService | undefined;
  }

  /** Serves the IDE's static assets. IDE set. Undefined when left out. */
  public get ideProxy(): IdeProxy | undefined {
    return this.node.tryFindChild('ide-proxy') as IdeProxy | undefined;
  }

  /** Collects IDE metrics and error reports. IDE set. Undefined when left out. */
  public get ideMetrics(): IdeMetrics | undefined {
    return this.node.tryFindChild('ide-metrics') as IdeMetrics | undefined;
  }

  /** Caching proxy in front of Open VSX (StatefulSet). IDE set. Undefined when left out. */
  public get openVsxProxy(): OpenVsxProxy | undefined {
    return this.node.tryFindChild('openvsx-proxy') as OpenVsxProxy | undefined;
  }

  /** The database: in-cluster MySQL, the Cloud SQL proxy, or the external database's wiring. WebApp set. Undefined when left out. */
  public get database(): (Construct & IDatabase) | undefined {
    return this.node.tryFindChild('database') as (Construct & IDatabase) | undefined;
  }

  /** In-cluster object storage (MinIO), or its gateway. WebApp set. Undefined when left out. */
  public get minio(): Minio | undefined {
    return this.node.tryFindChild('minio') as Minio | undefined;
  }

  /** The message bus (RabbitMQ). WebApp set. Undefined when left out. */
  public get rabbitmq(): RabbitMQ | undefined {
    return this.node.tryFindChild('rabbitmq') as RabbitMQ | undefined;
  }

  /** What workspace pods need: their ConfigMaps, NetworkPolicy and ServiceAccount. Workspace set. Undefined when left out. */
  public get workspace(): WorkspacePods | undefined {
    return this.node.tryFindChild('workspace') as WorkspacePods | undefined;
  }

  /** Starts and stops workspace pods. Workspace set. Undefined when left out. */
  public get wsManager(): WsManager | undefined {
    return this.node.tryFindChild('ws-manager') as WsManager | undefined;
  }

  /** Per-node workspace daemon (DaemonSet). Workspace set. Undefined when left out. */
  public get wsDaemon(): WsDaemon | undefined {
    return this.node.tryFindChild('ws-daemon') as WsDaemon | undefined;
  }

  /** Per-node registry that assembles workspace images (DaemonSet). Workspace set. Undefined when left out. */
  public get registryFacade(): RegistryFacade | undefined {
    return this.node.tryFindChild('registry-facade') as RegistryFacade | undefined;
  }

  /** Builds workspace images. Workspace set. Undefined when left out. */
  public get imageBuilderMk3(): ImageBuilderMk3 | undefined {
    return this.node.tryFindChild('image-builder-mk3') as ImageBuilderMk3 | undefined;
  }

  /** The ws-manager client certificate from the fleet CA (the application cluster of a split fleet only). */
  public get fleetClientCertificate(): FleetClientCertificate | undefined {
    return this.node.tryFindChild('fleet-client-certificate') as FleetClientCertificate | undefined;
  }

  /** Detects and stops abuse in workspaces (DaemonSet). Workspace set. Undefined when left out. */
  public get agentSmith(): AgentSmith | undefined {
    return this.node.tryFindChild('agent-smith') as AgentSmith | undefined;
  }

  /** Routes workspace traffic (`*.ws.<domain>`). Workspace set. Undefined when left out. */
  public get wsProxy(): WsProxy | undefined {
    return this.node.tryFindChild('ws-proxy') as WsProxy | undefined;
  }

  /** The `gitpod` ConfigMap and, except in Workspace clusters, the telemetry CronJob. */
  public get gitpod(): Gitpod {
    return this.node.tryFindChild('gitpod') as Gitpod;
  }

  /** The API server. WebApp set. Undefined when left out. */
  public get server(): Server | undefined {
    return this.node.tryFindChild('server') as Server | undefined;
  }

  /** The web dashboard. WebApp set. Undefined when left out. */
  public get dashboard(): Dashboard | undefined {
    return this.node.tryFindChild('dashboard') as Dashboard | undefined;
  }

  /** Stores and serves workspace content. WebApp set. Undefined when left out. */
  public get contentService(): ContentService | undefined {
    return this.node.tryFindChild('content-service') as ContentService | undefined;
  }

  /** Connects the server to the ws-managers of the workspace clusters. WebApp set. Undefined when left out. */
  public get wsManagerBridge(): WsManagerBridge | undefined {
    return this.node.tryFindChild('ws-manager-bridge') as WsManagerBridge | undefined;
  }

  /** The public API. WebApp set. Undefined when left out. */
  public get publicApiServer(): PublicApiServer | undefined {
    return this.node.tryFindChild('public-api-server') as PublicApiServer | undefined;
  }

  /** The database migrations Job. WebApp set. Undefined when left out. */
  public get migrations(): Migrations | undefined {
    return this.node.tryFindChild('migrations') as Migrations | undefined;
  }

  /** Usage accounting. Only with `experimental.webapp.usage`. Undefined when left out. */
  public get usage(): Usage | undefined {
    return this.node.tryFindChild('usage') as Usage | undefined;
  }

  /** A server behind a slow database. Only with `experimental.webapp.slowDatabase` (a testing aid). Undefined when left out. */
  public get slowServer(): SlowServer | undefined {
    return this.node.tryFindChild('slow-server') as SlowServer | undefined;
  }

  /** The slowed database connection. Only with `experimental.webapp.slowDatabase` (a testing aid). Undefined when left out. */
  public get toxiproxy(): Toxiproxy | undefined {
    return this.node.tryFindChild('toxiproxy') as Toxiproxy | undefined;
  }

  /** ExternalSecrets and Password generators, with `cdk8s.secrets.externalSecrets` (output `external-secrets.yaml`). */
  public get externalSecrets(): ExternalSecrets | undefined {
    return this.node.tryFindChild(ExternalSecrets.COMPONENT) as ExternalSecrets | undefined;
  }

  constructor(scope: Construct, id: string, props: GitpodInstallationProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, INSTALLATION_SYMBOL, { value: true });
    const { config } = resolveConfig(props.config);
    this.config = config;
    const ctx = new InstallationContext({
      config,
      namespace: props.namespace,
      versions: props.versions,
      kind: props.kind,
      shortname: props.shortname,
      // The chart's id names its entry of `cdk8s.clusters` (src/config/clusters.ts).
      cluster: id,
    });
    this.context = ctx;
    // What the installation itself reads: the Secrets the config names that no dependency owns, the internal TLS.
    declareSecret(
      this,
      ...installationSecrets(ctx, { database: !!props.database, objectStorage: !!props.objectStorage, containerRegistry: !!props.containerRegistry }),
    );
    // Every synthesis (app.synth in any YamlOutputType, synthYaml, Testing.synth, chart.toJson) runs the
    // construct validations first: that is where the objects are hooked and the rendering checked.
    this.node.addValidation({
      validate: () => {
        this.checkRendering();
        return [];
      },
    });

    // For the validation plugin of `cdk8s synth` (cdk8s.yaml), whose config may live only in code.
    const root = this.node.root;
    if (root instanceof App) writeContextOnSynth(root, () => root.node.findAll().filter(GitpodInstallation.isGitpodInstallation));

    const chosen = props.components ?? {};
    /** The built-in component, its replacement, or nothing. */
    const build = <T extends Construct, P>(key: keyof GitpodComponents, cid: string, p: P, builtIn: ComponentFactory<T, P>): T | undefined => {
      const choice = chosen[key] as false | ComponentFactory<T, P> | undefined;
      if (choice === false) return undefined;
      const made = (choice ?? builtIn)(this, cid, p);
      if (made.node.scope !== this || made.node.id !== cid) {
        throw new Error(`components.${key}: the factory must create its construct with the given scope and id "${cid}" (got ${made.node.path})`);
      }
      return made;
    };
    const c = { context: ctx };
    const webapp = ctx.includes('webapp');
    const workspace = ctx.includes('workspace');
    // What the components connect to: the user's objects, else what the config names (the built-in
    // constructs below render the same connection).
    const database = webapp ? (props.database ?? configuredDatabase(ctx)) : undefined;
    const messageBus = webapp ? (props.messageBus ?? configuredMessageBus(ctx)) : undefined;
    const objectStorage = webapp || workspace ? (props.objectStorage ?? configuredObjectStorage(ctx)) : undefined;
    const containerRegistry = props.containerRegistry ?? configuredContainerRegistry(ctx);
    const built: { -readonly [K in keyof InstallationDependencies]?: InstallationDependencies[K] } = {};

    build('cluster', Cluster.COMPONENT, c, (s, i, p) => new Cluster(s, i, p));
    // Empty unless `cdk8s.tls.issuer` is set; every kind serves the public certificate (proxy, ws-proxy).
    build('certificates', 'certificates', c, (s, i, p) => new PublicCertificate(s, i, p));
    if (!props.containerRegistry && ctx.config.containerRegistry.inCluster && !ctx.remoteWorkspaceCluster) {
      // Every kind: upstream renders the registry with the common objects. A Workspace cluster of
      // a split fleet uses the application cluster's (`registry.<domain>`), so it renders none.
      built.containerRegistry = build('dockerRegistry', 'docker-registry', c, (s, i, p) => new DockerRegistry(s, i, p));
    }

    // The server mounts `server-ide-config`: a WebApp cluster without the IDE set needs it too
    // (upstream renders it with ide-service only, leaving a WebApp-only server without it).
    if (ctx.includes('ide') || ctx.includes('webapp')) {
      build('ideConfig', IdeConfig.COMPONENT, { context: ctx, ideService: ctx.includes('ide') }, (s, i, p) => new IdeConfig(s, i, p));
    }
    if (ctx.includes('ide')) {
      build('blobserve', Blobserve.COMPONENT, { ...c, containerRegistry }, (s, i, p) => new Blobserve(s, i, p));
      build('ideService', IdeService.COMPONENT, c, (s, i, p) => new IdeService(s, i, p));
      build('ideProxy', IdeProxy.COMPONENT, c, (s, i, p) => new IdeProxy(s, i, p));
      build('ideMetrics', IdeMetrics.COMPONENT, c, (s, i, p) => new IdeMetrics(s, i, p));
      build('openVsxProxy', OpenVsxProxy.COMPONENT, c, (s, i, p) => new OpenVsxProxy(s, i, p));
    }

    // Every kind: the `gitpod` ConfigMap (and, except for Workspace clusters, the telemetry CronJob).
    build('gitpod', Gitpod.COMPONENT, { ...c, database }, (s, i, p) => new Gitpod(s, i, p));

    if (ctx.includes('webapp')) {
      build('proxy', GitpodProxy.COMPONENT, { ...c, objectStorage, containerRegistry }, (s, i, p) => new GitpodProxy(s, i, p));
      build('server', Server.COMPONENT, { ...c, database, messageBus }, (s, i, p) => new Server(s, i, p));
      build('dashboard', Dashboard.COMPONENT, c, (s, i, p) => new Dashboard(s, i, p));
      build('contentService', ContentService.COMPONENT, { ...c, objectStorage }, (s, i, p) => new ContentService(s, i, p));
      build('wsManagerBridge', WsManagerBridge.COMPONENT, { ...c, database, messageBus }, (s, i, p) => new WsManagerBridge(s, i, p));
      build('publicApiServer', PublicApiServer.COMPONENT, { ...c, database }, (s, i, p) => new PublicApiServer(s, i, p));
      build('migrations', Migrations.COMPONENT, { ...c, database }, (s, i, p) => new Migrations(s, i, p));
      if (Usage.enabled(ctx)) build('usage', Usage.COMPONENT, { ...c, database }, (s, i, p) => new Usage(s, i, p));
      if (SlowServer.enabled(ctx)) {
        build('slowServer', SlowServer.COMPONENT, { ...c, database, messageBus }, (s, i, p) => new SlowServer(s, i, p));
        build('toxiproxy', Toxiproxy.COMPONENT, { ...c, database }, (s, i, p) => new Toxiproxy(s, i, p));
      }
      if (!props.database) built.database = build('database', 'database', c, builtInDatabase);
      if (!props.objectStorage && Minio.rendered(ctx)) built.objectStorage = build('minio', 'minio', c, (s, i, p) => new Minio(s, i, p));
      if (!props.messageBus) built.messageBus = build('rabbitmq', 'rabbitmq', c, (s, i, p) => new RabbitMQ(s, i, p));
      if (ctx.fleet?.split && !ctx.includes('workspace')) {
        // The application cluster of a split fleet: builds images through a Workspace cluster's
        // ws-manager, with a client certificate of the fleet CA (src/fleet/exposure.ts).
        new FleetClientCertificate(this, 'fleet-client-certificate', { context: ctx });
        build('imageBuilderMk3', ImageBuilderMk3.COMPONENT, { ...c, containerRegistry }, (s, i, p) => new ImageBuilderMk3(s, i, p));
      }
    }

    if (ctx.includes('workspace')) {
      build('workspace', WorkspacePods.COMPONENT, c, (s, i, p) => new WorkspacePods(s, i, p));
      build('wsManager', WsManager.COMPONENT, { ...c, objectStorage }, (s, i, p) => new WsManager(s, i, p));
      build('wsDaemon', WsDaemon.COMPONENT, { ...c, objectStorage }, (s, i, p) => new WsDaemon(s, i, p));
      build('registryFacade', RegistryFacade.COMPONENT, { ...c, containerRegistry }, (s, i, p) => new RegistryFacade(s, i, p));
      build('imageBuilderMk3', ImageBuilderMk3.COMPONENT, { ...c, containerRegistry }, (s, i, p) => new ImageBuilderMk3(s, i, p));
      build('agentSmith', AgentSmith.COMPONENT, c, (s, i, p) => new AgentSmith(s, i, p));
      build('wsProxy', WsProxy.COMPONENT, c, (s, i, p) => new WsProxy(s, i, p));
    }

    this.dependencies = {
      database: props.database ?? built.database ?? database,
      objectStorage: props.objectStorage ?? built.objectStorage ?? objectStorage,
      containerRegistry: props.containerRegistry ?? built.containerRegistry ?? containerRegistry,
      messageBus: props.messageBus ?? built.messageBus ?? messageBus,
    };

    // Last: it provides the Secrets that the components above read.
    if (config.cdk8s?.secrets?.externalSecrets) {
      build('externalSecrets', ExternalSecrets.COMPONENT, { context: ctx, plan: this.secretPlan() }, (s, i, p) => new ExternalSecrets(s, i, p));
    }
  }

  /**
   * Every object of the installation, after customization, the GitOps and the Reloader annotations, with the
   * component it belongs to (the id of the top-level construct that made it; it names the output file).
   * Objects a user adds under the installation are included, in its namespace when they name none.
   */
  public renderedObjects(): RenderedObject[] {
    this.hookObjects();
    const out: RenderedObject[] = [];
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject)) continue;
      const role = objectRole(child);
      out.push({ component: this.componentOf(child), manifest: this.finalManifest(child), ...(role ? { role } : {}) });
    }
    return out;
  }

  /**
   * Declares a Secret that the user's platform provides in the installation namespace (e.g. a
   * `datadog` Secret for an added sidecar): references to it validate, `secretPlan()` and
   * `secrets --list` show it, nothing renders or generates it. The same as `cdk8s.externals.secrets`.
   * @param keys the keys it holds; a reference to another key is an error @default any key
   */
  public declareExternalSecret(name: string, keys?: readonly string[]): void {
    this.context.declareExternal('Secret', { name, keys });
  }

  /** Declares a ConfigMap that the user's platform provides; the same as `cdk8s.externals.configMaps`. @param keys @default any key */
  public declareExternalConfigMap(name: string, keys?: readonly string[]): void {
    this.context.declareExternal('ConfigMap', { name, keys });
  }

  /**
   * The Secrets this installation reads and does not render: the secret catalog cross-checked
   * with the rendered objects (who reads each, which keys, who must create it).
   */
  public secretPlan(): PlannedSecret[] {
    return resolveSecrets(this.context, this.renderedObjects().map((o) => o.manifest), this.secretCatalog());
  }

  /**
   * The Secrets this installation reads and does not render, as its constructs declare them
   * (`declareSecret`): the installation's own, each dependency's, each client's, and the platform's.
   */
  public secretCatalog(): SecretSpec[] {
    return secretCatalog(this);
  }

  /**
   * Checks the rendered objects: throws `SecretMaterialError` on secret material and a
   * `ManifestValidationError` listing every finding (schemas, rules, references). `app.synth()`,
   * `app.synthYaml()`, `Testing.synth()` and `buildInstallations()` all run it.
   * @param objects the objects to check @default `renderedObjects()`
   */
  public checkRendering(objects: readonly RenderedObject[] = this.renderedObjects()): void {
    // guard, schemas, rules and references in one walk (validation/checks.ts); secret material is refused first
    assertChecked(this.node.id, objects.map((o) => o.manifest), { externals: this.externals(), config: this.context.config });
  }

  /** What the rendering may reference without containing it: catalog Secrets, declared externals, issuer, store. */
  public externals(): ExternalDeclarations {
    return declaredExternals(this.context, this.secretCatalog());
  }

  /**
   * The chart's manifests, customized and validated (as `app.synth()` writes them):
   * throws `SecretMaterialError` on secret material and a `ManifestValidationError` listing every finding.
   */
  public toJson(): any[] {
    const objects = this.renderedObjects();
    this.checkRendering(objects);
    return objects.map((o) => o.manifest);
  }

  /** The component (output file) of an object: the id of its top-level construct under the installation. */
  private componentOf(obj: ApiObject): string {
    const scopes = obj.node.scopes;
    return scopes[scopes.indexOf(this) + 1]?.node.id ?? this.node.id;
  }

  /** One object as every synthesis path emits it: escape hatches kept, namespace, customization, GitOps, Reloader. */
  private finalManifest(obj: ApiObject): Record<string, any> {
    return finalManifest(this.context, obj);
  }

  /**
   * Routes each object's own `toJson()` through `finalManifest()`, because cdk8s's
   * FOLDER_PER_CHART_FILE_PER_RESOURCE output calls `ApiObject.toJson()` directly and never the chart's
   * (cdk8s lib/app.js). Runs from the chart's validation, which every synthesis runs first, so
   * objects added after the constructor are covered too.
   */
  private hookObjects(): void {
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject) || Object.prototype.hasOwnProperty.call(child, 'toJson')) continue;
      Object.defineProperty(child, 'toJson', { value: () => this.finalManifest(child), configurable: true, writable: true });
    }
  }
}
