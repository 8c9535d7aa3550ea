/**
 * A downstream package that builds on gitpod-cdk8s: a company-wide installation construct that
 * fixes some settings, reaches into components through their public fields, and patches what the
 * library did not foresee with the cdk8s escape hatch.
 */
import { App, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { GitpodConfigInput, GitpodInstallation } from 'gitpod-cdk8s';

export interface AcmeGitpodProps {
  /** Sub-domain under acme.dev. */
  readonly name: string;
  /** Extra config merged over Acme's defaults. */
  readonly config?: GitpodConfigInput;
}

/** Gitpod as Acme runs it: internal load balancer, company labels, team ownership. */
export class AcmeGitpod extends GitpodInstallation {
  constructor(scope: Construct, id: string, props: AcmeGitpodProps) {
    super(scope, id, {
      namespace: 'gitpod',
      config: {
        domain: `${props.name}.acme.dev`,
        customization: [{ apiVersion: '*', kind: '*', metadata: { name: '*', labels: { 'acme.dev/team': 'platform' } } }],
        ...props.config,
      },
    });
    // Public fields: every component exposes the objects it made.
    this.proxy?.service.metadata.addAnnotation('networking.gke.io/load-balancer-type', 'Internal');
    // Escape hatch: a field the constructs do not model.
    this.proxy?.deployment.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
  }
}

if (require.main === module) {
  const app = new App();
  new AcmeGitpod(app, 'gitpod', { name: 'dev' });
  app.synth();
}
