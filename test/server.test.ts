import { Server } from '../src/components/server';
import { resolveConfig } from '../src/config/load';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(Server, 'server', config, {}, namespace);

const META_AFFINITY = [{ matchExpressions: [{ key: 'gitpod.io/workload_meta', operator: 'Exists' }] }];
const serverConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'server-config').data['config.json']);
const decodeManagers = (d: any) =>
  JSON.parse(Buffer.from(container(d, 'server').env.find((e: any) => e.name === 'WSMAN_CFG_MANAGERS').value, 'base64').toString());

describe('server', () => {
  const objects = alone();
  const deployment = find(objects, 'Deployment', 'server');
  const service = find(objects, 'Service', 'server');

  test('selector is app + component; the Service exposes http, metrics, install-admin and the debug ports', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'server' });
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'server' });
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['http', 3000, 3000],
      ['metrics', 9500, 9500],
      ['install-admin', 9000, 9000],
      ['debug', 6060, 6060],
      ['debugnode', 9229, 9229],
    ]);
  });

  test('runs on meta nodes: waiters, the config-secrets init container, server and kube-rbac-proxy', () => {
    const spec = podSpec(deployment);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual(META_AFFINITY);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['database-waiter', 'msgbus-waiter', 'config-secrets']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['server', 'kube-rbac-proxy']);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(container(deployment, 'server').livenessProbe.httpGet).toEqual({ path: '/live', port: 3000 });
  });

  test('server-config holds no credentials; the init container fills them in from server-secrets', () => {
    const cfg = serverConfig(objects);
    expect(cfg.session.secret).toBe('');
    expect(cfg.oauthServer.jwtSecret).toBe('');
    expect(cfg.githubApp.webhookSecret).toBe('');
    const init = container(deployment, 'config-secrets');
    expect(init.env.map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key])).toEqual([
      ['SESSION_SECRET', 'server-secrets', 'session-secret'],
      ['OAUTH_SERVER_JWT_SECRET', 'server-secrets', 'oauth-server-jwt-secret'],
    ]);
    expect(container(deployment, 'server').env).toContainEqual({ name: 'CONFIG_PATH', value: '/run/server-config/config.json' });
    const secretLiterals = JSON.stringify(find(objects, 'ConfigMap', 'server-config'));
    expect(secretLiterals).not.toContain('Important!Really-Change-This-Key!');
  });

  test('server-config: addresses, Open VSX, workspace defaults and the default workspace class', () => {
    const cfg = serverConfig(objects);
    expect(cfg.hostUrl).toBe('https://gitpod.example.com');
    expect(cfg.installationShortname).toBe('default');
    expect(cfg.vsxRegistryUrl).toBe('https://open-vsx.gitpod.example.com');
    expect(cfg.contentServiceAddr).toBe('content-service.default.svc.cluster.local:8080');
    expect(cfg.workspaceDefaults.workspaceImage).toBe('docker.io/gitpod/workspace-full:latest');
    expect(cfg.definitelyGpDisabled).toBe(true);
    expect(cfg.defaultBaseImageRegistryWhitelist).toEqual([]);
    expect(cfg.workspaceClasses).toEqual([
      {
        id: 'default',
        category: 'GENERAL PURPOSE',
        displayName: 'Default',
        description: 'Default workspace class',
        powerups: 1,
        isDefault: true,
        deprecated: false,
      },
    ]);
  });

  test('auth providers: one Secret mount per provider and its provider file in the config', () => {
    const objs = alone({ authProviders: [{ kind: 'secret', name: 'github' }, { kind: 'secret', name: 'gitlab' }] });
    const d = find(objs, 'Deployment', 'server');
    expect(podSpec(d).volumes).toContainEqual({ name: 'auth-provider-1', secret: { secretName: 'gitlab' } });
    expect(container(d, 'server').volumeMounts).toContainEqual({
      name: 'auth-provider-0',
      mountPath: '/gitpod/auth-providers/github',
      readOnly: true,
    });
    expect(serverConfig(objs).authProviderConfigFiles).toEqual([
      '/gitpod/auth-providers/github/provider',
      '/gitpod/auth-providers/gitlab/provider',
    ]);
  });

  test('license: the type comes from the license Secret and the file is mounted', () => {
    expect(container(deployment, 'server').env).toContainEqual({ name: 'GITPOD_LICENSE_TYPE', value: 'gitpod' });
    expect(serverConfig(objects).licenseFile).toBe('');
    const objs = alone({ license: { kind: 'secret', name: 'gp-license' } });
    const d = find(objs, 'Deployment', 'server');
    expect(container(d, 'server').env).toContainEqual({
      name: 'GITPOD_LICENSE_TYPE',
      valueFrom: { secretKeyRef: { name: 'gp-license', key: 'type', optional: true } },
    });
    expect(container(d, 'server').volumeMounts).toContainEqual({ name: 'gitpod-license-key', mountPath: '/gitpod/license', subPath: 'license' });
    expect(serverConfig(objs).licenseFile).toBe('/gitpod/license');
  });

  test('blockNewUsers and the private base-image allow list reach the config', () => {
    const cfg = serverConfig(
      alone({
        blockNewUsers: { enabled: true, passlist: ['example.com'] },
        containerRegistry: { privateBaseImageAllowList: ['docker.io'] },
      }),
    );
    expect(cfg.blockNewUsers).toEqual({ enabled: true, passlist: ['example.com'] });
    expect(cfg.defaultBaseImageRegistryWhitelist).toEqual(['docker.io']);
  });

  test('WSMAN_CFG_MANAGERS lists the local ws-manager, or nobody with skipSelf', () => {
    expect(decodeManagers(deployment)).toEqual([
      {
        name: 'default',
        url: 'dns:///ws-manager:8080',
        tls: {
          ca: '/ws-manager-client-tls-certs/ca.crt',
          crt: '/ws-manager-client-tls-certs/tls.crt',
          key: '/ws-manager-client-tls-certs/tls.key',
        },
        state: 'available',
        maxScore: 100,
        score: 50,
        govern: true,
        admissionConstraints: null,
        applicationCluster: 'default',
      },
    ]);
    const skip = find(alone({ experimental: { webapp: { wsManagerBridge: { skipSelf: true } } } }), 'Deployment', 'server');
    expect(decodeManagers(skip)).toEqual([]);
  });

  test('mounts the IDE config, the ws-manager client certificate and the optional twilio Secret', () => {
    const volumes = podSpec(deployment).volumes;
    expect(volumes).toContainEqual({ name: 'ide-config', configMap: { name: 'server-ide-config' } });
    expect(volumes).toContainEqual({ name: 'ws-manager-client-tls-certs', secret: { secretName: 'ws-manager-client-tls' } });
    expect(volumes).toContainEqual({ name: 'twilio-secret-volume', secret: { secretName: 'twilio-secret', optional: true } });
  });

  test('no_grpc_proxy only with an HTTP proxy', () => {
    expect(container(deployment, 'server').env.map((e: any) => e.name)).not.toContain('no_grpc_proxy');
    const d = find(alone({ httpProxy: { kind: 'secret', name: 'proxy' } }), 'Deployment', 'server');
    expect(container(d, 'server').env).toContainEqual({
      name: 'no_grpc_proxy',
      value:
        'content-service.default.svc.cluster.local,image-builder-mk3.default.svc.cluster.local,usage.default.svc.cluster.local,$(NO_PROXY)',
    });
  });

  test('RBAC: Role on services and pods, server-unprivileged and the kube-rbac-proxy binding', () => {
    expect(find(objects, 'Role', 'server').rules.map((r: any) => r.resources)).toEqual([['services'], ['pods', 'pods/log']]);
    expect(find(objects, 'RoleBinding', 'server').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'server' });
    expect(find(objects, 'RoleBinding', 'server-unprivileged').roleRef.name).toBe('default-ns-psp:unprivileged');
    expect(find(objects, 'ClusterRoleBinding', 'default-server-rb-kube-rbac-proxy').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'server', namespace: 'default' },
    ]);
  });

  test('the network policy admits the proxy on 3000 and the telemetry job on 9000', () => {
    const np = find(objects, 'NetworkPolicy', 'server');
    expect(np.spec.ingress.map((i: any) => [i.from[0].podSelector.matchLabels.component, i.ports[0].port])).toEqual([
      ['proxy', 3000],
      ['proxy', 9500],
      ['gitpod', 9000],
    ]);
  });

  test('secret values in experimental.webapp.server are ignored with a warning naming the Secret key', () => {
    const { warnings } = resolveConfig({
      domain: 'gitpod.example.com',
      experimental: { webapp: { server: { session: { secret: 's3cret' }, oauthServer: { jwtSecret: 'jwt' } } } },
    });
    expect(warnings).toEqual([
      { path: 'experimental.webapp.server.session.secret', message: expect.stringContaining('server-secrets, key session-secret') },
      { path: 'experimental.webapp.server.oauthServer.jwtSecret', message: expect.stringContaining('key oauth-server-jwt-secret') },
    ]);
    const cm = JSON.stringify(find(alone({ experimental: { webapp: { server: { session: { secret: 's3cret' } } } } }), 'ConfigMap', 'server-config'));
    expect(cm).not.toContain('s3cret');
  });
});
