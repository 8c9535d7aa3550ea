import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Blobserve } from './components/blobserve';
import { Cluster } from './components/cluster';
import { IdeConfig } from './components/ide-config';
import { IdeMetrics } from './components/ide-metrics';
import { IdeProxy } from './components/ide-proxy';
import { IdeService } from './components/ide-service';
import { OpenVsxProxy } from './components/openvsx-proxy';
import { Proxy } from './components/proxy';
import { Minio } from './dependencies/minio';
import { PublicCertificate } from './dependencies/certificates';
import { MySQL } from './dependencies/mysql';
import { RabbitMQ } from './dependencies/rabbitmq';
import { DockerRegistry } from './dependencies/registry';
import { WorkspacePods } from './components/workspace';
import { AgentSmith } from './components/agent-smith';
import { ImageBuilderMk3 } from './components/image-builder-mk3';
import { FleetClientCertificate } from './fleet/exposure';
import { RegistryFacade } from './components/registry-facade';
import { WsDaemon } from './components/ws-daemon';
import { WsManager } from './components/ws-manager';
import { WsProxy } from './components/ws-proxy';
import { ContentService } from './components/content-service';
import { Dashboard } from './components/dashboard';
import { Gitpod } from './components/gitpod';
import { Migrations } from './components/migrations';
import { PublicApiServer } from './components/public-api-server';
import { Server } from './components/server';
import { SlowServer } from './components/slow-server';
import { Toxiproxy } from './components/toxiproxy';
import { Usage } from './components/usage';
import { WsManagerBridge } from './components/ws-manager-bridge';
import { resolveConfig } from './config/load';
import { GitpodConfig, GitpodConfigInput, InstallationKind } from './config/types';
import { InstallationContext } from './context';
import { applyCustomization } from './output/customization';
import { applyGitOps } from './output/gitops';
import { applyReloader } from './output/reloader';
import { assertValid, declaredExternals, validateObjects } from './validation';
import { assertNoSecretMaterial } from './secrets/guard';
import { ExternalSecrets } from './secrets/external-secrets';
import { PlannedSecret, resolveSecrets } from './secrets/plan';
import { VersionsManifest } from './versions';

export interface GitpodInstallationProps {
  /**
   * The installation's config: the installer's `gitpod.config.yaml` fields. A partial config is
   * merged onto the installer defaults and validated (throws `GitpodConfigError`).
   */
  readonly config: GitpodConfigInput;
  /** Namespace of every namespaced object. @default default */
  readonly namespace?: string;
  /** Image tags. @default the 2022.11.3 release */
  readonly versions?: VersionsManifest;
  /** Installation kind of this cluster. @default `config.kind` */
  readonly kind?: InstallationKind;
  /** Shortname of this cluster. @default `config.metadata.shortname` */
  readonly shortname?: string;
}

/** One rendered object and the component (output file) it belongs to. */
export interface RenderedObject {
  readonly component: string;
  readonly manifest: Record<string, any>;
}

/**
 * A whole Gitpod installation in one cluster: a cdk8s Chart holding one construct per component.
 * The installation kind decides which components exist; each is a public field (undefined when
 * the kind leaves it out), so a downstream package can reach and patch any object.
 */
export class GitpodInstallation extends Chart {
  public readonly context: InstallationContext;
  public readonly config: GitpodConfig;

  public readonly cluster: Cluster;
  public readonly certificates: PublicCertificate;
  public readonly dockerRegistry?: DockerRegistry;
  public readonly proxy?: Proxy;
  public readonly blobserve?: Blobserve;
  public readonly ideConfig?: IdeConfig;
  public readonly ideService?: IdeService;
  public readonly ideProxy?: IdeProxy;
  public readonly ideMetrics?: IdeMetrics;
  public readonly openVsxProxy?: OpenVsxProxy;
  public readonly database?: MySQL;
  public readonly minio?: Minio;
  public readonly rabbitmq?: RabbitMQ;
  public readonly workspace?: WorkspacePods;
  public readonly wsManager?: WsManager;
  public readonly wsDaemon?: WsDaemon;
  public readonly registryFacade?: RegistryFacade;
  public readonly imageBuilderMk3?: ImageBuilderMk3;
  /** The ws-manager client certificate from the fleet CA (the application cluster of a split fleet). */
  public readonly fleetClientCertificate?: FleetClientCertificate;
  public readonly agentSmith?: AgentSmith;
  public readonly wsProxy?: WsProxy;
  public readonly gitpod: Gitpod;
  public readonly server?: Server;
  public readonly dashboard?: Dashboard;
  public readonly contentService?: ContentService;
  public readonly wsManagerBridge?: WsManagerBridge;
  public readonly publicApiServer?: PublicApiServer;
  public readonly migrations?: Migrations;
  /** Only with `experimental.webapp.usage`. */
  public readonly usage?: Usage;
  /** Only with `experimental.webapp.slowDatabase` (a testing aid). */
  public readonly slowServer?: SlowServer;
  /** Only with `experimental.webapp.slowDatabase` (a testing aid). */
  public readonly toxiproxy?: Toxiproxy;
  /** ExternalSecrets and Password generators, with `cdk8s.secrets.externalSecrets` (output `external-secrets.yaml`). */
  public readonly externalSecrets?: ExternalSecrets;

  constructor(scope: Construct, id: string, props: GitpodInstallationProps) {
    super(scope, id, { disableResourceNameHashes: true });
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

    this.cluster = new Cluster(this, 'cluster', { context: ctx });
    // Empty unless `cdk8s.tls.issuer` is set; every kind serves the public certificate (proxy, ws-proxy).
    this.certificates = new PublicCertificate(this, 'certificates', { context: ctx });
    if (ctx.rendersRegistry) {
      // Every kind: upstream renders the registry with the common objects. A Workspace cluster of
      // a split fleet uses the application cluster's (`registry.<domain>`), so it renders none.
      this.dockerRegistry = new DockerRegistry(this, 'docker-registry', { context: ctx });
    }

    // The server mounts `server-ide-config`: a WebApp cluster without the IDE set needs it too
    // (upstream renders it with ide-service only, leaving a WebApp-only server without it).
    if (ctx.includes('ide') || ctx.includes('webapp')) {
      this.ideConfig = new IdeConfig(this, 'ide-config', { context: ctx, ideService: ctx.includes('ide') });
    }
    if (ctx.includes('ide')) {
      this.blobserve = new Blobserve(this, 'blobserve', { context: ctx });
      this.ideService = new IdeService(this, 'ide-service', { context: ctx });
      this.ideProxy = new IdeProxy(this, 'ide-proxy', { context: ctx });
      this.ideMetrics = new IdeMetrics(this, 'ide-metrics', { context: ctx });
      this.openVsxProxy = new OpenVsxProxy(this, 'openvsx-proxy', { context: ctx });
    }

    // Every kind: the `gitpod` ConfigMap (and, except for Workspace clusters, the telemetry CronJob).
    this.gitpod = new Gitpod(this, 'gitpod', { context: ctx });

    if (ctx.includes('webapp')) {
      this.proxy = new Proxy(this, 'proxy', { context: ctx });
      this.server = new Server(this, 'server', { context: ctx });
      this.dashboard = new Dashboard(this, 'dashboard', { context: ctx });
      this.contentService = new ContentService(this, 'content-service', { context: ctx });
      this.wsManagerBridge = new WsManagerBridge(this, 'ws-manager-bridge', { context: ctx });
      this.publicApiServer = new PublicApiServer(this, 'public-api-server', { context: ctx });
      this.migrations = new Migrations(this, 'migrations', { context: ctx });
      if (Usage.enabled(ctx)) this.usage = new Usage(this, 'usage', { context: ctx });
      if (SlowServer.enabled(ctx)) {
        this.slowServer = new SlowServer(this, 'slow-server', { context: ctx });
        this.toxiproxy = new Toxiproxy(this, 'toxiproxy', { context: ctx });
      }
      this.database = new MySQL(this, 'database', { context: ctx });
      this.minio = new Minio(this, 'minio', { context: ctx });
      this.rabbitmq = new RabbitMQ(this, 'rabbitmq', { context: ctx });
      if (ctx.fleet?.split && !ctx.includes('workspace')) {
        // The application cluster of a split fleet: builds images through a Workspace cluster's
        // ws-manager, with a client certificate of the fleet CA (src/fleet/exposure.ts).
        this.fleetClientCertificate = new FleetClientCertificate(this, 'fleet-client-certificate', { context: ctx });
        this.imageBuilderMk3 = new ImageBuilderMk3(this, 'image-builder-mk3', { context: ctx });
      }
    }

    if (ctx.includes('workspace')) {
      this.workspace = new WorkspacePods(this, 'workspace', { context: ctx });
      this.wsManager = new WsManager(this, 'ws-manager', { context: ctx });
      this.wsDaemon = new WsDaemon(this, 'ws-daemon', { context: ctx });
      this.registryFacade = new RegistryFacade(this, 'registry-facade', { context: ctx });
      this.imageBuilderMk3 = new ImageBuilderMk3(this, 'image-builder-mk3', { context: ctx });
      this.agentSmith = new AgentSmith(this, 'agent-smith', { context: ctx });
      this.wsProxy = new WsProxy(this, 'ws-proxy', { context: ctx });
    }

    // Last: it provides the Secrets that the components above read.
    if (config.cdk8s?.secrets?.externalSecrets) {
      this.externalSecrets = new ExternalSecrets(this, ExternalSecrets.COMPONENT, { context: ctx, plan: this.secretPlan() });
    }
  }

  /**
   * Every object of the installation, after customization, the GitOps and the Reloader annotations, with the
   * component it belongs to (the id of the top-level construct that made it; it names the output file).
   */
  public renderedObjects(): RenderedObject[] {
    const out: RenderedObject[] = [];
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject)) continue;
      const scopes = child.node.scopes;
      const at = scopes.indexOf(this);
      const component = scopes[at + 1]?.node.id ?? this.node.id;
      const customized = applyCustomization(this.context, child.toJson());
      out.push({ component, manifest: applyReloader(this.context, applyGitOps(this.context, component, customized)) });
    }
    return out;
  }

  /**
   * The Secrets this installation reads and does not render: the secret catalog cross-checked
   * with the rendered objects (who reads each, which keys, who must create it).
   */
  public secretPlan(): PlannedSecret[] {
    return resolveSecrets(this.context, this.renderedObjects().map((o) => o.manifest));
  }

  /**
   * The chart's manifests, customized and validated (used by `app.synth()` and `app.synthYaml()`):
   * throws `SecretMaterialError` on secret material and a `ManifestValidationError` listing every finding.
   */
  public toJson(): any[] {
    const manifests = this.renderedObjects().map((o) => o.manifest);
    assertNoSecretMaterial(manifests, { config: this.context.config });
    assertValid(validateObjects(this.node.id, manifests, declaredExternals(this.context)));
    return manifests;
  }
}
