import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster } from './components/cluster';
import { Proxy } from './components/proxy';
import { resolveConfig } from './config/load';
import { GitpodConfig, GitpodConfigInput, InstallationKind } from './config/types';
import { InstallationContext } from './context';
import { applyCustomization } from './output/customization';
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
  public readonly proxy?: Proxy;
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
    });
    this.context = ctx;

    this.cluster = new Cluster(this, 'cluster', { context: ctx });

    if (ctx.includes('webapp')) {
      this.proxy = new Proxy(this, 'proxy', { context: ctx });
    }

    // Last: it provides the Secrets that the components above read.
    if (config.cdk8s?.secrets?.externalSecrets) {
      this.externalSecrets = new ExternalSecrets(this, ExternalSecrets.COMPONENT, { context: ctx, plan: this.secretPlan() });
    }
  }

  /**
   * Every object of the installation, after customization, with the component it belongs to
   * (the id of the top-level construct that made it; it names the output file).
   */
  public renderedObjects(): RenderedObject[] {
    const out: RenderedObject[] = [];
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject)) continue;
      const scopes = child.node.scopes;
      const at = scopes.indexOf(this);
      const component = scopes[at + 1]?.node.id ?? this.node.id;
      out.push({ component, manifest: applyCustomization(this.context, child.toJson()) });
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

  /** The chart's manifests, customized (used by `cdk8s synth` and `app.synthYaml()`). */
  public toJson(): any[] {
    const manifests = this.renderedObjects().map((o) => o.manifest);
    assertNoSecretMaterial(manifests);
    return manifests;
  }
}
