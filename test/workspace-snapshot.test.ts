import { renderFiles, snapshotText } from './helpers';

// The Workspace cluster of a k3s installation with every workspace option on: containerd paths,
// shiftfs, resources, PVCs, timeouts, pod templates and an extra workspace class.
describe('snapshot of a configured Workspace cluster (k3s)', () => {
  test('Workspace on k3s', () => {
    const files = renderFiles({
      kind: 'Workspace',
      metadata: { shortname: 'k3s' },
      workspace: {
        runtime: {
          fsShiftMethod: 'shiftfs',
          containerdSocket: '/run/k3s/containerd/containerd.sock',
          containerdRuntimeDir: '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io',
        },
        resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
        pvc: { size: '40Gi', storageClass: 'local-path', snapshotClass: '' },
        maxLifetime: '8h',
        timeoutAfterClose: '5m',
        templates: { default: { spec: { dnsConfig: { nameservers: ['1.1.1.1'] } } } },
      },
      experimental: {
        workspace: {
          classes: { large: { name: 'Large', resources: { requests: { cpu: '8', memory: '16Gi' } }, templates: { regular: { metadata: { labels: { size: 'l' } } } } } },
        },
      },
    });
    expect(snapshotText(files)).toMatchSnapshot();
  });
});
