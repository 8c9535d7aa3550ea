import { buildInstallations } from '../src/app';
import { RELEASE_VERSIONS, uniformVersions } from '../src/versions';
import { find, maybe, render } from './helpers';

const parse = (objects: any[], name: string) => JSON.parse(find(objects, 'ConfigMap', name).data['config.json']);

describe('ide-config', () => {
  const objects = render();
  const cfg = parse(objects, 'ide-config');

  test('the same config.json in ide-config (ide-service) and server-ide-config (server)', () => {
    const ide = find(objects, 'ConfigMap', 'ide-config');
    const server = find(objects, 'ConfigMap', 'server-ide-config');
    expect(server.data['config.json']).toBe(ide.data['config.json']);
    expect(ide.metadata.labels).toEqual({ app: 'gitpod', component: 'ide-service' });
    expect(server.metadata.labels).toEqual({ app: 'gitpod', component: 'server' });
  });

  test('VS Code in the browser is the default IDE, VS Code desktop the default desktop IDE', () => {
    expect(cfg.ideOptions.defaultIde).toBe('code');
    expect(cfg.ideOptions.defaultDesktopIde).toBe('code-desktop');
    expect(cfg.ideOptions.options.code).toMatchObject({
      type: 'browser',
      image: 'eu.gcr.io/gitpod-core-dev/build/ide/code:commit-a65f065d070fcf91a9491e806d9fff26d962e873',
      latestImage: 'eu.gcr.io/gitpod-core-dev/build/ide/code:nightly',
      logo: 'https://ide.gitpod.example.com/image/ide-logo/vscode.svg',
    });
    expect(Object.keys(cfg.ideOptions.options)).toEqual([
      'clion', 'code', 'code-desktop', 'goland', 'intellij', 'phpstorm', 'pycharm', 'rider', 'rubymine', 'webstorm',
    ]);
    expect(cfg.ideOptions.clients['jetbrains-gateway'].desktopIDEs).toEqual([
      'intellij', 'goland', 'pycharm', 'phpstorm', 'rubymine', 'webstorm', 'rider', 'clion',
    ]);
  });

  test('images follow the versions manifest and the repository', () => {
    const { installations } = buildInstallations(
      { domain: 'gitpod.example.com', repository: 'registry.acme.dev/gitpod' },
      { versions: uniformVersions('v9') },
    );
    const c = JSON.parse(installations[0].ideConfig!.json);
    expect(c.supervisorImage).toBe('registry.acme.dev/gitpod/supervisor:v9');
    expect(c.ideOptions.options.goland.image).toBe('registry.acme.dev/gitpod/ide/goland:v9');
    expect(c.ideOptions.options.goland.pluginImage).toBe('registry.acme.dev/gitpod/ide/jb-backend-plugin:v9');
    expect(c.ideOptions.options['code-desktop'].latestImage).toBe('registry.acme.dev/gitpod/ide/code-desktop-insiders:v9');
  });

  test('resolveLatest (default true) uses floating tags; false uses the bundled *Latest versions', () => {
    expect(cfg.ideOptions.options.intellij.pluginLatestImage).toBe('eu.gcr.io/gitpod-core-dev/build/ide/jb-backend-plugin:latest');
    const { installations } = buildInstallations(
      { domain: 'gitpod.example.com', experimental: { ide: { resolveLatest: false } } },
      { versions: uniformVersions('v9') },
    );
    const c = JSON.parse(installations[0].ideConfig!.json);
    expect(c.ideOptions.options.code.latestImage).toBe('eu.gcr.io/gitpod-core-dev/build/ide/code:v9');
    expect(c.ideOptions.options.intellij.pluginLatestImage).toBe('eu.gcr.io/gitpod-core-dev/build/ide/jb-backend-plugin:v9');
    // As upstream: the JetBrains IDEs' own latest image keeps the `latest` tag.
    expect(c.ideOptions.options.intellij.latestImage).toBe('eu.gcr.io/gitpod-core-dev/build/ide/intellij:latest');
  });

  test('every IDE image is listed by the images command', () => {
    const { installations } = buildInstallations({ domain: 'gitpod.example.com' });
    const images = installations[0].context.images();
    expect(images).toContain('eu.gcr.io/gitpod-core-dev/build/ide/code:nightly');
    expect(images).toContain('eu.gcr.io/gitpod-core-dev/build/ide/clion:latest');
    expect(images).toContain(`eu.gcr.io/gitpod-core-dev/build/ide/jb-backend-plugin:${RELEASE_VERSIONS.components.workspace.desktopIdeImages.jbBackendPlugin.version}`);
  });

  test('ide-config with the IDE components; server-ide-config wherever the server runs', () => {
    expect(maybe(render({ kind: 'IDE' }), 'ConfigMap', 'server-ide-config')).toBeDefined();
    expect(maybe(render({ kind: 'WebApp' }), 'ConfigMap', 'ide-config')).toBeUndefined();
    expect(maybe(render({ kind: 'WebApp' }), 'ConfigMap', 'server-ide-config')).toBeDefined();
    expect(maybe(render({ kind: 'Workspace' }), 'ConfigMap', 'server-ide-config')).toBeUndefined();
  });
});
