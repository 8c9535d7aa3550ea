/**
 * What crosses cluster boundaries in a split fleet: each Workspace cluster's ws-manager, exposed
 * to the application cluster, and the client certificate the application cluster presents. Both
 * ends are certificates of one fleet CA (`cdk8s.fleet.ca`): the bridge's TLS config reads
 * `ca.crt` from its own client Secret, so it trusts every ws-manager of the fleet and stays valid
 * when cert-manager renews either certificate.
 *
 * ws-manager at 2022.11.3 sets client CAs but does not require a client certificate
 * (gitpod-io/gitpod components/ws-manager/cmd/run.go: `WithSetClientCAs(true)` and no
 * `WithClientAuth`, so `ClientAuth` stays `tls.NoClientCert`, components/common-go/grpc/grpc.go), so the
 * exposed Service is restricted by `loadBalancerSourceRanges`, which the config requires.
 */
import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager';
import { componentService } from '../common/service';
import { internalCertificate } from '../components/cluster';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { ComponentProps } from '../common/props';

/** The Service a Workspace cluster of a split fleet exposes its ws-manager with. */
export const WS_MANAGER_EXTERNAL_SERVICE = 'ws-manager-external';
const WS_MANAGER_RPC_PORT = 8080;

export interface ExposedWsManager {
  readonly host: string;
  readonly port: number;
  readonly sourceRanges: readonly string[];
}

/** This cluster's exposed ws-manager (a Workspace cluster of a split fleet), else undefined. */
export function exposedWsManager(ctx: InstallationContext): ExposedWsManager | undefined {
  const spec = ctx.remoteWorkspaceCluster ? ctx.fleetMember?.spec.wsManager : undefined;
  if (!spec) return undefined;
  const at = spec.address.lastIndexOf(':');
  return { host: spec.address.slice(0, at), port: Number(spec.address.slice(at + 1)), sourceRanges: spec.sourceRanges };
}

/** `ws-manager-external`: a LoadBalancer on the address's port, open only to `sourceRanges`; external-dns may publish the host. */
export function exposedWsManagerService(scope: Construct, ctx: InstallationContext, exposed: ExposedWsManager): k8s.KubeService {
  const service = componentService(scope, ctx, 'ws-manager', [{ name: 'rpc', port: exposed.port, targetPort: WS_MANAGER_RPC_PORT }], {
    id: 'external-service',
    name: WS_MANAGER_EXTERNAL_SERVICE,
    type: 'LoadBalancer',
    annotations: { 'external-dns.alpha.kubernetes.io/hostname': exposed.host },
  });
  service.addJsonPatch(JsonPatch.add('/spec/loadBalancerSourceRanges', [...exposed.sourceRanges]));
  return service;
}

/**
 * The application cluster's ws-manager client certificate (Secret `ws-manager-client-tls`, read by
 * server, ws-manager-bridge and image-builder-mk3) when it runs no ws-manager of its own to issue
 * it: issued by the fleet CA, like every ws-manager's server certificate.
 */
export class FleetClientCertificate extends Construct {
  public readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    const ctx = props.context;
    this.certificate = internalCertificate(this, 'certificate', ctx, 'ws-manager', {
      name: 'ws-manager',
      secretName: 'ws-manager-client-tls',
      dnsNames: ['server', 'ws-manager-bridge', 'image-builder-mk3'],
      issuer: ctx.fleetIssuer,
    });
  }
}

/** ws-proxy's Service ports in a Workspace cluster of a split fleet: the public 443/80 besides upstream's own. */
export function wsProxyEntryPorts(ctx: InstallationContext, httpPort: number, httpsPort: number): { name: string; port: number; targetPort: number }[] {
  if (!ctx.remoteWorkspaceCluster) return [];
  return [
    { name: 'https', port: 443, targetPort: httpsPort },
    { name: 'http', port: 80, targetPort: httpPort },
  ];
}

/** Host names a Workspace cluster of a split fleet serves: its workspaces and its SSH gateway. */
export function workspaceClusterHostNames(ctx: InstallationContext): string[] {
  return [`*.${ctx.workspaceHost}`, `*.ssh.${ctx.workspaceHost}`];
}
