import { WorkspacePods } from '../src/components/workspace';
import { WsManager } from '../src/components/ws-manager';
import { container, find, maybe, podSpec, render, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(WsManager, 'ws-manager', config, {}, namespace);
// The workspace component renders the templates ConfigMap that ws-manager's config points into.
const withWorkspace = (config: Parameters<typeof renderAlone>[2] = {}) => [...alone(config), ...renderAlone(WorkspacePods, 'workspace', config)];

const workspaceKind = { kind: 'Workspace' as const };
const wsmConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'ws-manager').data['config.json']);

describe('ws-manager', () => {
  const objects = alone(workspaceKind);
  const deployment = find(objects, 'Deployment', 'ws-manager');

  test('selector, Service port rpc 8080, container port', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'ws-manager' });
    const svc = find(objects, 'Service', 'ws-manager');
    expect(svc.spec.selector).toEqual({ app: 'gitpod', component: 'ws-manager' });
    expect(svc.spec.ports).toEqual([{ name: 'rpc', port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    expect(container(deployment, 'ws-manager').ports).toEqual([{ name: 'rpc', containerPort: 8080 }]);
  });

  test('runs on workspace-services nodes, as uid 31002, with no host access', () => {
    const spec = podSpec(deployment);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gitpod.io/workload_workspace_services', operator: 'Exists' }] },
    ]);
    expect(spec.securityContext).toEqual({ runAsUser: 31002 });
    expect(spec.hostPID).toBeUndefined();
    expect(container(deployment, 'ws-manager').securityContext).toEqual({ privileged: false, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('TLS: server certificate ws-manager-tls and client certificate ws-manager → ws-manager-client-tls', () => {
    const server = find(objects, 'Certificate', 'ws-manager-tls');
    expect(server.spec.dnsNames).toEqual(['gitpod.default', 'ws-manager.default.svc', 'ws-manager', 'ws-manager-dev']);
    expect(server.spec.issuerRef).toEqual({ name: 'ca-issuer', kind: 'Issuer', group: 'cert-manager.io' });
    const client = find(objects, 'Certificate', 'ws-manager');
    expect(client.spec.secretName).toBe('ws-manager-client-tls');
    expect(client.spec.dnsNames).toEqual(['registry-facade', 'server', 'ws-manager-bridge', 'ws-proxy', 'ws-manager']);
    expect(podSpec(deployment).volumes).toEqual(
      expect.arrayContaining([
        { name: 'tls-certs', secret: { secretName: 'ws-manager-tls' } },
        { name: 'ws-daemon-tls-certs', secret: { secretName: 'ws-daemon-tls' } },
        { name: 'workspace-template', configMap: { name: 'workspace-templates' } },
      ]),
    );
  });

  test('RBAC: ClusterRole for nodes and snapshots, Role for pods, the (sic) unpriviledged binding', () => {
    expect(find(objects, 'ClusterRole', 'ws-manager').rules[0]).toEqual({ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] });
    expect(find(objects, 'ClusterRoleBinding', 'ws-manager').roleRef.name).toBe('ws-manager');
    expect(find(objects, 'Role', 'ws-manager').rules[0].resources).toContain('pods');
    expect(find(objects, 'RoleBinding', 'ws-manager-unpriviledged').roleRef.name).toBe('default-ns-psp:unprivileged');
    expect(find(objects, 'ClusterRoleBinding', 'default-ws-manager-kube-rbac-proxy').subjects[0].name).toBe('ws-manager');
  });

  test('default config: timeouts, URL templates, default class, storage keys from files', () => {
    const cfg = wsmConfig(objects);
    expect(cfg.manager.timeouts.maxLifetime).toBe('36h0m0s');
    expect(cfg.manager.timeouts.afterClose).toBe('2m0s');
    expect(cfg.manager.urlTemplate).toBe('https://{{ .Prefix }}.ws.gitpod.example.com');
    expect(cfg.manager.workspaceClusterHost).toBe('ws.gitpod.example.com');
    expect(cfg.manager.registryFacadeHost).toBe('reg.gitpod.example.com:20000');
    expect(cfg.manager.workspaceClass.default.container.requests).toEqual({ cpu: '1', memory: '2Gi', 'ephemeral-storage': '' });
    expect(cfg.content.storage.minio.accessKey).toBe('');
    expect(cfg.content.storage.minio.accessKeyFile).toBe('/mnt/secrets/storage/accessKeyId');
    expect(container(deployment, 'ws-manager').volumeMounts).toContainEqual({ name: 'storage-volume', mountPath: '/mnt/secrets/storage', readOnly: true });
  });

  test('workspace.maxLifetime and timeoutAfterClose reach the config', () => {
    const cfg = wsmConfig(alone({ ...workspaceKind, workspace: { maxLifetime: '12h', timeoutAfterClose: '90s' } }));
    expect(cfg.manager.timeouts.maxLifetime).toBe('12h0m0s');
    expect(cfg.manager.timeouts.afterClose).toBe('1m30s');
  });

  test('workspace.resources and workspace.pvc reach the default class', () => {
    const cfg = wsmConfig(
      alone({
        ...workspaceKind,
        workspace: {
          resources: { requests: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '5Gi' }, limits: { cpu: '4', memory: '8Gi', storage: '50Gi' } },
          pvc: { size: '50Gi', storageClass: 'fast', snapshotClass: 'snap' },
        },
      }),
    );
    const cls = cfg.manager.workspaceClass.default;
    expect(cls.container.requests).toEqual({ cpu: '2', memory: '4Gi', 'ephemeral-storage': '5Gi' });
    expect(cls.container.limits).toEqual({ cpu: { min: '4', burst: '4' }, memory: '8Gi', 'ephemeral-storage': '', storage: '50Gi' });
    expect(cls.pvc).toEqual({ size: '50Gi', storageClass: 'fast', snapshotClass: 'snap' });
    expect(cls.prebuildPVC).toEqual({ size: '30Gi', storageClass: '', snapshotClass: '' });
  });

  test('workspace.templates become files in workspace-templates and paths in the default class', () => {
    const pod = { spec: { containers: [{ name: 'workspace', env: [{ name: 'A', value: 'b' }] }] } };
    const objs = withWorkspace({ ...workspaceKind, workspace: { templates: { default: pod, regular: pod } } });
    const cm = find(objs, 'ConfigMap', 'workspace-templates');
    expect(Object.keys(cm.data)).toEqual(['default.yaml', 'regular.yaml']);
    expect(cm.data['default.yaml']).toContain('name: workspace');
    expect(cm.metadata.labels.component).toBe('ws-manager');
    expect(wsmConfig(objs).manager.workspaceClass.default.templates).toEqual({
      defaultPath: '/workspace-templates/default.yaml',
      regularPath: '/workspace-templates/regular.yaml',
    });
  });

  test('experimental classes get their own entry and <id>-<tpl>.yaml templates', () => {
    const objs = withWorkspace({
      ...workspaceKind,
      experimental: {
        workspace: {
          classes: {
            large: {
              name: 'Large',
              resources: { requests: { cpu: '8' }, limits: { cpu: { min: '8', burst: '16' }, memory: '32Gi' } },
              templates: { prebuild: { metadata: { labels: { a: 'b' } } } },
              pvc: { size: '100Gi' },
            },
          },
        },
      },
    });
    const cfg = wsmConfig(objs);
    expect(Object.keys(cfg.manager.workspaceClass)).toEqual(['default', 'large']);
    expect(cfg.manager.workspaceClass.large.name).toBe('Large');
    expect(cfg.manager.workspaceClass.large.container.limits.cpu).toEqual({ min: '8', burst: '16' });
    expect(cfg.manager.workspaceClass.large.templates).toEqual({ prebuildPath: '/workspace-templates/large-prebuild.yaml' });
    expect(cfg.manager.workspaceClass.large.pvc.size).toBe('100Gi');
    expect(Object.keys(find(objs, 'ConfigMap', 'workspace-templates').data)).toEqual(['large-prebuild.yaml']);
  });

  test('experimental.workspace overrides: hostURL, cluster host, URL templates, scheduler, stage', () => {
    const cfg = wsmConfig(
      alone({
        ...workspaceKind,
        experimental: {
          workspace: {
            hostURL: 'https://other.example.com',
            workspaceClusterHost: 'eu.ws.example.com',
            workspaceURLTemplate: 'https://{{ .Prefix }}.eu.example.com',
            workspacePortURLTemplate: 'https://{{ .WorkspacePort }}-{{ .Prefix }}.eu.example.com',
            schedulerName: 'gitpod-scheduler',
            stage: 'production',
          },
        },
      }),
    );
    expect(cfg.manager.hostURL).toBe('https://other.example.com');
    expect(cfg.manager.workspaceClusterHost).toBe('eu.ws.example.com');
    expect(cfg.manager.urlTemplate).toBe('https://{{ .Prefix }}.eu.example.com');
    expect(cfg.manager.portUrlTemplate).toBe('https://{{ .WorkspacePort }}-{{ .Prefix }}.eu.example.com');
    expect(cfg.manager.schedulerName).toBe('gitpod-scheduler');
    expect(cfg.content.storage.stage).toBe('production');
  });

  test('a shortname moves the workspace hosts to ws-<shortname>', () => {
    const cfg = wsmConfig(alone({ ...workspaceKind, metadata: { shortname: 'eu1' } }));
    expect(cfg.manager.workspaceClusterHost).toBe('ws-eu1.gitpod.example.com');
    expect(cfg.manager.urlTemplate).toBe('https://{{ .Prefix }}.ws-eu1.gitpod.example.com');
  });

  test('a template change rolls the pods (checksum)', () => {
    const a = find(objects, 'Deployment', 'ws-manager').spec.template.metadata.annotations['gitpod.io/checksum_config'];
    const b = find(alone({ ...workspaceKind, workspace: { templates: { default: { spec: {} } } } }), 'Deployment', 'ws-manager').spec.template
      .metadata.annotations['gitpod.io/checksum_config'];
    expect(a).not.toBe(b);
  });

  test('rendered for Full and Workspace only', () => {
    expect(maybe(render(), 'Deployment', 'ws-manager')).toBeDefined();
    expect(maybe(render({ kind: 'Meta' }), 'Deployment', 'ws-manager')).toBeUndefined();
    expect(maybe(render({ kind: 'WebApp' }), 'ConfigMap', 'workspace-templates')).toBeUndefined();
  });
});

describe('workspace (the objects of workspace pods)', () => {
  const objects = renderAlone(WorkspacePods, 'workspace', workspaceKind);

  test('ServiceAccount and RoleBinding to Role workspace (which is rendered)', () => {
    expect(find(objects, 'ServiceAccount', 'workspace').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'RoleBinding', 'workspace').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'workspace' });
    expect(find(objects, 'Role', 'workspace')).toBeDefined();
  });

  test('NetworkPolicy workspace-default: selector, ingress sources, egress without the metadata service', () => {
    const np = find(objects, 'NetworkPolicy', 'workspace-default');
    expect(np.spec.podSelector.matchLabels).toEqual({ app: 'gitpod', component: 'workspace', 'gitpod.io/networkpolicy': 'default' });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress.slice(0, 4).map((r: any) => r.from[0].podSelector.matchLabels.component)).toEqual([
      'proxy',
      'ws-proxy',
      'agent-smith',
      'ws-daemon',
    ]);
    expect(np.spec.egress[0].to[0].ipBlock).toEqual({ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] });
    expect(np.spec.egress[2].ports).toEqual([
      { port: 53, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ]);
  });

  test('workspace-templates is empty by default', () => {
    expect(find(objects, 'ConfigMap', 'workspace-templates').data).toBeUndefined();
  });
});
