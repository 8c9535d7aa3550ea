import { find, render } from './helpers';

describe('public TLS certificate', () => {
  test('bring-your-own Secret by default: no Certificate for it', () => {
    expect(render().filter((o) => o.kind === 'Certificate' && o.spec.secretName === 'https-certificates')).toEqual([]);
  });

  test('cdk8s.tls.issuer: a Certificate for <domain>, *.<domain> and *.ws.<domain> into the certificate Secret', () => {
    const cert = find(render({ cdk8s: { tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt-dns01' } } } }), 'Certificate', 'https-certificates');
    expect(cert.spec.secretName).toBe('https-certificates');
    expect(cert.spec.dnsNames).toEqual(['gitpod.example.com', '*.gitpod.example.com', '*.ws.gitpod.example.com']);
    expect(cert.spec.issuerRef).toEqual({ name: 'letsencrypt-dns01', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(cert.metadata.labels).toEqual({ app: 'gitpod', component: 'certificates' });
  });

  test('follows certificate.name, a namespaced Issuer and the workspace host of a shortname', () => {
    const cert = find(
      render({
        certificate: { kind: 'secret', name: 'my-tls' },
        metadata: { shortname: 'eu1' },
        cdk8s: { tls: { issuer: { kind: 'Issuer', name: 'acme' } } },
      }),
      'Certificate',
      'my-tls',
    );
    expect(cert.spec.secretName).toBe('my-tls');
    expect(cert.spec.dnsNames).toContain('*.ws-eu1.gitpod.example.com');
    expect(cert.spec.issuerRef.kind).toBe('Issuer');
  });

  test('rendered for a Workspace cluster too (ws-proxy serves it)', () => {
    find(render({ kind: 'Workspace', cdk8s: { tls: { issuer: { kind: 'ClusterIssuer', name: 'le' } } } }), 'Certificate', 'https-certificates');
  });
});
