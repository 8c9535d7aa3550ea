import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager';
import { InstallationContext } from '../context';
import { ComponentProps } from '../common/props';

/** Props of `PublicCertificate`. */
export interface PublicCertificateProps extends ComponentProps {
  /**
   * The cert-manager Issuer or ClusterIssuer that signs the certificate (e.g. a DNS-01
   * ClusterIssuer for Let's Encrypt: wildcards need DNS-01).
   * @default `cdk8s.tls.issuer`
   */
  readonly issuer?: {
    /** `Issuer` (in the installation namespace) or `ClusterIssuer`. */
    readonly kind: 'Issuer' | 'ClusterIssuer';
    /** Name of the issuer. */
    readonly name: string;
  };
}

/**
 * The public TLS certificate as a cert-manager Certificate, written into the Secret the proxy
 * and ws-proxy serve (`certificate.name`, default `https-certificates`), for `<domain>`,
 * `*.<domain>` and `*.<workspace host>`.
 *
 * Optional: by default the user brings that Secret; `cdk8s.tls.issuer` (or the `issuer` prop)
 * turns this on. The construct renders nothing without an issuer.
 */
export class PublicCertificate extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'certificates';

  /** The Certificate, when an issuer is configured. */
  public readonly certificate?: Certificate;

  constructor(scope: Construct, id: string, props: PublicCertificateProps) {
    super(scope, id);
    const ctx = props.context;
    const issuer = props.issuer ?? ctx.config.cdk8s?.tls?.issuer;
    if (!issuer) return;
    const component = PublicCertificate.COMPONENT;
    const secretName = ctx.config.certificate.name;

    this.certificate = new Certificate(this, 'certificate', {
      metadata: ctx.metadata(component, secretName),
      spec: {
        secretName,
        dnsNames: publicDnsNames(ctx),
        issuerRef: { name: issuer.name, kind: issuer.kind, group: 'cert-manager.io' },
        secretTemplate: { labels: ctx.labels(component) },
      },
    });
  }
}

/** The names the public certificate must cover: `<domain>`, `*.<domain>`, `*.ws[-<shortname>].<domain>`. */
export function publicDnsNames(ctx: InstallationContext): string[] {
  // In a fleet each cluster names exactly what it serves: the application cluster no workspace
  // host unless it runs workspaces, a Workspace cluster only its own `*.ws-<shortname>.<domain>`.
  if (ctx.fleetMember && !ctx.fleetMember.workspaces) return [ctx.domain, `*.${ctx.domain}`];
  if (ctx.remoteWorkspaceCluster) return [`*.${ctx.workspaceHost}`];
  return [ctx.domain, `*.${ctx.domain}`, `*.${ctx.workspaceHost}`];
}
