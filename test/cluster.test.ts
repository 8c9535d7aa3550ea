import { find, render } from './helpers';

describe('cluster', () => {
  const objects = render({}, 'gitpod');

  test('the internal CA: self-signed issuer → CA certificate → ca-issuer', () => {
    expect(find(objects, 'Issuer', 'gitpod-selfsigned-issuer').spec).toEqual({ selfSigned: {} });
    const ca = find(objects, 'Certificate', 'ca-issuer-ca');
    expect(ca.spec).toMatchObject({
      isCA: true,
      secretName: 'ca-issuer-ca',
      duration: '2160h0m0s',
      issuerRef: { name: 'gitpod-selfsigned-issuer', kind: 'Issuer' },
    });
    expect(find(objects, 'Issuer', 'ca-issuer').spec).toEqual({ ca: { secretName: 'ca-issuer-ca' } });
  });

  test('cluster-scoped names carry the namespace', () => {
    const role = find(objects, 'ClusterRole', 'gitpod-kube-rbac-proxy');
    expect(role.metadata.namespace).toBeUndefined();
    expect(find(objects, 'RoleBinding', 'gitpod-ns-nobody').roleRef.name).toBe('gitpod-ns-psp:unprivileged');
  });

  test('every namespaced object is in the installation namespace', () => {
    const clusterScoped = new Set(['ClusterRole', 'ClusterRoleBinding']);
    for (const o of objects) {
      if (clusterScoped.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(o.metadata.namespace).toBe('gitpod');
    }
  });

  test('the PSP roles that RoleBindings point at exist', () => {
    for (const role of ['privileged', 'restricted-root-user', 'unprivileged']) {
      find(objects, 'ClusterRole', `gitpod-ns-psp:${role}`);
    }
  });

  test('image pull secrets reach the ServiceAccounts', () => {
    const sa = find(render({ imagePullSecrets: [{ kind: 'secret', name: 'mirror-auth' }] }), 'ServiceAccount', 'nobody');
    expect(sa.imagePullSecrets).toEqual([{ name: 'mirror-auth' }]);
  });

  test('the resource quota reserves system-node-critical pods', () => {
    expect(find(objects, 'ResourceQuota', 'gitpod-resource-quota').spec.hard).toEqual({ pods: '10k' });
  });
});
