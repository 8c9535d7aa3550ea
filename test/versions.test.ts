import { find, container, render } from './helpers';
import { RELEASE_VERSIONS } from '../src/versions';

describe('images and versions', () => {
  test('Gitpod images are <repository>/<name>:<release tag>', () => {
    const d = find(render(), 'Deployment', 'proxy');
    expect(container(d, 'proxy').image).toBe(`eu.gcr.io/gitpod-core-dev/build/proxy:${RELEASE_VERSIONS.components.proxy.version}`);
    expect(RELEASE_VERSIONS.components.proxy.version).toMatch(/^commit-[0-9a-f]{40}$/);
  });

  test('a mirror moves Gitpod and third-party images', () => {
    const d = find(render({ repository: 'registry.corp.example/gitpod/' }), 'Deployment', 'proxy');
    expect(container(d, 'proxy').image).toMatch(/^registry\.corp\.example\/gitpod\/proxy:/);
    expect(container(d, 'kube-rbac-proxy').image).toBe('registry.corp.example/gitpod/brancz/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'sysctl').image).toBe('registry.corp.example/gitpod/library/alpine:3.16');
  });

  test('without a mirror, third-party images keep their registries', () => {
    const d = find(render(), 'Deployment', 'proxy');
    expect(container(d, 'kube-rbac-proxy').image).toBe('quay.io/brancz/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'sysctl').image).toBe('docker.io/library/alpine:3.16');
  });

  test('dropImageRepo flattens every path to <repository>/<last segment>', () => {
    const d = find(render({ repository: 'airgap.example.com/mirror', dropImageRepo: true }), 'Deployment', 'proxy');
    expect(container(d, 'kube-rbac-proxy').image).toBe('airgap.example.com/mirror/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'proxy').image).toMatch(/^airgap\.example\.com\/mirror\/proxy:/);
  });

  test('a per-image override wins', () => {
    const d = find(render({ cdk8s: { images: { proxy: 'my.registry/proxy:patched', 'library/alpine': 'my.registry/alpine:3.19' } } }), 'Deployment', 'proxy');
    expect(container(d, 'proxy').image).toBe('my.registry/proxy:patched');
    expect(container(d, 'sysctl').image).toBe('my.registry/alpine:3.19');
  });
});
