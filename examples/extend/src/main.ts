/**
 * Acme's Gitpod: a downstream package that builds on gitpod-cdk8s through its public API only.
 *
 * - a sidecar with resources and a Secret that Acme's platform provides (declared external),
 * - an added NetworkPolicy that selects the server's pods by the component's labels,
 * - a replaced component (the dashboard) and a changed one (the proxy without the GCP NEG annotation),
 * - two installations, each into its own folder, in any cdk8s `YamlOutputType`.
 *
 * Whatever `app.synth()` writes has been validated (schemas, rules, references) and carries the
 * GitOps annotations; a dangling reference fails the synthesis, naming the object.
 */
import * as path from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { Dashboard, DashboardProps, GitpodConfigInput, GitpodInstallation, GitpodProxy, k8s, PodTemplate, Server } from 'gitpod-cdk8s';

/** The dashboard as Acme runs it: the built-in one, owned by the web team. */
export class AcmeDashboard extends Dashboard {
  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id, props);
    this.deployment.metadata.addLabel('acme.dev/team', 'web');
  }
}

export interface AcmeGitpodProps {
  /** The environment: the sub-domain and the namespace. */
  readonly environment: string;
  /** Extra config merged over Acme's. @default none */
  readonly config?: GitpodConfigInput;
}

/** Gitpod as Acme runs it. */
export class AcmeGitpod extends GitpodInstallation {
  constructor(scope: Construct, id: string, props: AcmeGitpodProps) {
    super(scope, id, {
      namespace: `gitpod-${props.environment}`,
      config: { domain: `${props.environment}.gitpod.acme.dev`, ...props.config },
      components: {
        dashboard: (s, i, p) => new AcmeDashboard(s, i, p),
        // AWS: no GCP network endpoint groups.
        proxy: (s, i, p) => new GitpodProxy(s, i, { ...p, serviceAnnotations: { 'cloud.google.com/neg': null, 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } }),
      },
    });

    // The Datadog API key lives in Acme's platform, not in this rendering.
    this.declareExternalSecret('datadog', ['api-key']);
    PodTemplate.of(this.server!.deployment)
      .addContainer({
        name: 'datadog-agent',
        image: 'gcr.io/datadoghq/agent:7.50.3',
        resources: {
          requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('64Mi') },
          limits: { memory: k8s.Quantity.fromString('128Mi') },
        },
        env: [{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog', key: 'api-key' } } }],
      })
      .addAnnotations({ 'ad.datadoghq.com/server.logs': '[{"source":"nodejs"}]' });

    // The agent ships to Datadog: let the server's pods out on 443. The selector uses the
    // component's own labels; the namespace is the installation's.
    new k8s.KubeNetworkPolicy(this, 'server-datadog-egress', {
      metadata: { name: 'server-datadog-egress', labels: this.context.labels(Server.COMPONENT) },
      spec: {
        podSelector: { matchLabels: this.context.labels(Server.COMPONENT) },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: k8s.IntOrString.fromNumber(443), protocol: 'TCP' }] }],
      },
    });
  }
}

/** The environments, each its own installation in its own folder under `outdir`. */
export const ENVIRONMENTS = ['staging', 'production'] as const;

/** Synthesizes every environment into `<outdir>/<environment>/`. */
export function synthAll(outdir: string, yamlOutputType = YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE): void {
  for (const environment of ENVIRONMENTS) {
    const app = new App({ outdir: path.join(outdir, environment), yamlOutputType });
    new AcmeGitpod(app, 'gitpod', { environment });
    app.synth();
  }
}

if (require.main === module) {
  synthAll(process.env.CDK8S_OUTDIR ?? 'dist');
}
