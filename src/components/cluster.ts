import { Construct } from 'constructs';
import { Certificate, Issuer } from '../../imports/cert-manager';
import { componentServiceAccount, podSecurityPolicyUse, PodSecurityRole } from '../common/rbac';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { ComponentProps } from '../common/props';

/** Name of the Issuer that signs every internal certificate. */
export const CA_ISSUER = 'ca-issuer';
/** Validity of internal certificates (upstream `InternalCertDuration`, 90 days). */
export const INTERNAL_CERT_DURATION = '2160h0m0s';

/** Props of `Cluster`. */
export interface ClusterProps extends ComponentProps {}

/**
 * The cluster-level objects every installation kind needs (upstream `components/cluster`): the
 * internal certificate authority (self-signed Issuer → CA Certificate → `ca-issuer`), the
 * kube-rbac-proxy ClusterRole, the pod quota for `system-node-critical`, and the `nobody` account.
 */
export class Cluster extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'cluster';

  /** The self-signed cert-manager Issuer that bootstraps the internal CA. */
  public readonly selfSignedIssuer: Issuer;
  /** The internal CA Certificate (cert-manager). */
  public readonly caCertificate: Certificate;
  /** The cert-manager Issuer of the internal CA, which issues the components' TLS certificates. */
  public readonly caIssuer: Issuer;
  /** The ClusterRole (kube rbac proxy role); patch it for what the props do not cover. */
  public readonly kubeRbacProxyRole: k8s.KubeClusterRole;
  /** The component's ResourceQuota; patch it for what the props do not cover. */
  public readonly resourceQuota: k8s.KubeResourceQuota;
  /** Stand-ins for the PodSecurityPolicy roles that upstream RoleBindings point at (PSPs left Kubernetes in 1.25). */
  public readonly podSecurityRoles: k8s.KubeClusterRole[];
  /** The ServiceAccount (nobody service account); patch it for what the props do not cover. */
  public readonly nobodyServiceAccount: k8s.KubeServiceAccount;
  /** The RoleBinding (nobody role binding); patch it for what the props do not cover. */
  public readonly nobodyRoleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const ctx = props.context;
    const component = Cluster.COMPONENT;

    this.selfSignedIssuer = new Issuer(this, 'selfsigned-issuer', {
      metadata: ctx.metadata(component, 'gitpod-selfsigned-issuer'),
      spec: { selfSigned: {} },
    });
    this.caCertificate = new Certificate(this, 'ca-certificate', {
      metadata: ctx.metadata(component, 'ca-issuer-ca'),
      spec: {
        isCA: true,
        commonName: 'ca-issuer-ca',
        duration: INTERNAL_CERT_DURATION,
        secretName: 'ca-issuer-ca',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { name: 'gitpod-selfsigned-issuer', kind: 'Issuer', group: 'cert-manager.io' },
        secretTemplate: { labels: ctx.labels(component) },
      },
    });
    this.caIssuer = new Issuer(this, 'ca-issuer', {
      metadata: ctx.metadata(component, CA_ISSUER),
      spec: { ca: { secretName: 'ca-issuer-ca' } },
    });

    this.kubeRbacProxyRole = new k8s.KubeClusterRole(this, 'kube-rbac-proxy-role', {
      metadata: ctx.clusterMetadata(component, ctx.clusterName('kube-rbac-proxy')),
      rules: [
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ],
    });

    this.resourceQuota = new k8s.KubeResourceQuota(this, 'resource-quota', {
      metadata: ctx.metadata(component, 'gitpod-resource-quota'),
      spec: {
        hard: { pods: k8s.Quantity.fromString('10k') },
        scopeSelector: {
          matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['system-node-critical'] }],
        },
      },
    });

    // Upstream binds most ServiceAccounts to `<ns>-ns-psp:*` ClusterRoles that exist only with
    // PodSecurityPolicies. We render the roles (granting nothing that exists on 1.25+) so that
    // every RoleBinding resolves and the bindings carry over unchanged.
    this.podSecurityRoles = Object.values(PodSecurityRole).map(
      (role) =>
        new k8s.KubeClusterRole(this, `role-${role}`, {
          metadata: ctx.clusterMetadata(component, ctx.clusterName(role)),
          rules: [podSecurityPolicyUse(ctx, role.replace('psp:', ''))],
        }),
    );

    this.nobodyServiceAccount = componentServiceAccount(this, ctx, 'nobody');
    this.nobodyRoleBinding = new k8s.KubeRoleBinding(this, 'nobody-role-binding', {
      metadata: ctx.metadata(component, ctx.clusterName('ns-nobody')),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: ctx.clusterName(PodSecurityRole.UNPRIVILEGED),
      },
      subjects: [{ kind: 'ServiceAccount', name: 'nobody', namespace: ctx.namespace }],
    });
  }
}

/**
 * A certificate for in-cluster TLS, signed by the internal CA (`ca-issuer`), valid 90 days.
 */
export function internalCertificate(
  scope: Construct,
  id: string,
  ctx: InstallationContext,
  component: string,
  props: {
    name: string;
    secretName?: string;
    dnsNames: string[];
    usages?: string[];
    commonName?: string;
    /** Another issuer than the cluster's own CA (the fleet CA, `cdk8s.fleet.ca`). @default the Issuer `CA_ISSUER` */
    issuer?: { kind: 'Issuer' | 'ClusterIssuer'; name: string };
  },
): Certificate {
  return new Certificate(scope, id, {
    metadata: ctx.metadata(component, props.name),
    spec: {
      secretName: props.secretName ?? props.name,
      dnsNames: props.dnsNames,
      duration: INTERNAL_CERT_DURATION,
      issuerRef: { name: props.issuer?.name ?? CA_ISSUER, kind: props.issuer?.kind ?? 'Issuer', group: 'cert-manager.io' },
      secretTemplate: { labels: ctx.labels(component) },
      ...(props.commonName ? { commonName: props.commonName } : {}),
      ...(props.usages ? { usages: props.usages as never } : {}),
    },
  });
}
