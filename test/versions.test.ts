import { find, container, render, renderAlone } from './helpers';
// From the entry: components/proxy alone hits the proxy <-> registry import cycle (issue #14 item 1).
import { GitpodProxy } from '../src';
import { RELEASE_VERSIONS } from '../src/versions';
import { buildInstallations, DEFAULT_CONFIG } from '../src/app';
import { imageRepository } from '../src/common/image-repository';

// The proxy alone (helpers.renderAlone) for what its images say.
const proxy = (config: Parameters<typeof renderAlone>[2] = {}) => find(renderAlone(GitpodProxy, 'proxy', config), 'Deployment', 'proxy');

describe('images and versions', () => {
  test('Gitpod images are <repository>/<name>:<release tag>', () => {
    const d = proxy();
    expect(container(d, 'proxy').image).toBe(`eu.gcr.io/gitpod-core-dev/build/proxy:${RELEASE_VERSIONS.components.proxy.version}`);
    expect(RELEASE_VERSIONS.components.proxy.version).toMatch(/^commit-[0-9a-f]{40}$/);
  });

  test('a mirror moves Gitpod and third-party images', () => {
    const d = proxy({ repository: 'registry.corp.example/gitpod/' });
    expect(container(d, 'proxy').image).toMatch(/^registry\.corp\.example\/gitpod\/proxy:/);
    expect(container(d, 'kube-rbac-proxy').image).toBe('registry.corp.example/gitpod/brancz/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'sysctl').image).toBe('registry.corp.example/gitpod/library/alpine:3.16.9');
  });

  test('without a mirror, third-party images keep their registries', () => {
    const d = proxy();
    expect(container(d, 'kube-rbac-proxy').image).toBe('quay.io/brancz/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'sysctl').image).toBe('docker.io/library/alpine:3.16.9');
  });

  test('dropImageRepo flattens every path to <repository>/<last segment>', () => {
    const d = proxy({ repository: 'airgap.example.com/mirror', dropImageRepo: true });
    expect(container(d, 'kube-rbac-proxy').image).toBe('airgap.example.com/mirror/kube-rbac-proxy:v0.12.0');
    expect(container(d, 'proxy').image).toMatch(/^airgap\.example\.com\/mirror\/proxy:/);
  });

  test('a per-image override wins', () => {
    const d = proxy({ cdk8s: { images: { proxy: 'my.registry/proxy:patched', 'library/alpine': 'my.registry/alpine:3.19' } } });
    expect(container(d, 'proxy').image).toBe('my.registry/proxy:patched');
    expect(container(d, 'sysctl').image).toBe('my.registry/alpine:3.19');
  });

  test('no image comes from docker.io/bitnami: Bitnami moved its versioned tags to bitnamilegacy', () => {
    const { installations } = buildInstallations(DEFAULT_CONFIG);
    const images = installations.flatMap((i) => i.context.images());
    expect(images.filter((i) => i.startsWith('docker.io/bitnami/'))).toEqual([]);
    expect(images).toEqual(expect.arrayContaining([
      'docker.io/bitnamilegacy/mysql:5.7.34-debian-10-r55',
      'docker.io/bitnamilegacy/bitnami-shell:11-debian-11-r60',
      'docker.io/bitnamilegacy/minio:2022.12.12-debian-11-r0',
      'docker.io/bitnamilegacy/rabbitmq:3.11.5-debian-11-r2',
    ]));
  });

  test('overrides under the former bitnami/ names and mirrors still apply to the moved images', () => {
    const overridden = render({ cdk8s: { images: { 'bitnami/mysql': 'my.registry/mysql:5.7', 'bitnamilegacy/rabbitmq': 'my.registry/rabbitmq:3.11' } } });
    expect(container(find(overridden, 'StatefulSet', 'mysql'), 'mysql').image).toBe('my.registry/mysql:5.7');
    expect(container(find(overridden, 'StatefulSet', 'messagebus'), 'rabbitmq').image).toBe('my.registry/rabbitmq:3.11');
    const mirrored = render({ repository: 'registry.corp.example/gitpod' });
    expect(container(find(mirrored, 'StatefulSet', 'mysql'), 'mysql').image).toBe('registry.corp.example/gitpod/bitnamilegacy/mysql:5.7.34-debian-10-r55');
  });

  test('an override may pin a digest, and repositories derived from it drop the digest', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const objs = render({ cdk8s: { images: { proxy: `my.registry/proxy@${digest}`, 'ide/code': `my.registry/ide/code:1.2@${digest}` } } });
    expect(container(find(objs, 'Deployment', 'proxy'), 'proxy').image).toBe(`my.registry/proxy@${digest}`);
    expect(imageRepository(`my.registry/proxy@${digest}`)).toBe('my.registry/proxy');
    expect(imageRepository(`my.registry:5000/ide/code:1.2@${digest}`)).toBe('my.registry:5000/ide/code');
    // blobserve serves the IDE image's repository: the digest pin must not leak into it.
    expect(JSON.stringify(find(objs, 'ConfigMap', 'blobserve').data)).toContain('my.registry/ide/code');
    expect(JSON.stringify(find(objs, 'ConfigMap', 'blobserve').data)).not.toContain(`code:1.2@`);
  });
});
