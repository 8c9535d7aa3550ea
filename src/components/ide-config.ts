import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { k8s } from '../k8s';
import { DesktopIdeImage } from '../versions';
import { sortKeys } from '../common/objects';
import { ComponentProps } from '../common/props';

/** Image names of the IDE configuration (blobserve serves the first two). */
export const IDE_IMAGES = {
  /** VS Code in the browser; its stable tag is pinned in the installer, not in the versions manifest. */
  code: 'ide/code',
  /** The pinned tag of the stable VS Code image. */
  codeStableVersion: 'commit-a65f065d070fcf91a9491e806d9fff26d962e873',
  /** supervisor, the process 1 of every workspace. */
  supervisor: 'supervisor',
  /** The JetBrains backend plugin. */
  jbBackendPlugin: 'ide/jb-backend-plugin',
} as const;

/** Name of the ConfigMap that ide-service reads, and of the copy the server mounts. */
export const IDE_CONFIG_MAP = 'ide-config';
/** Name of server's copy of the IDE config (its own ConfigMap, as upstream renders it). */
export const SERVER_IDE_CONFIG_MAP = 'server-ide-config';

/** One JetBrains IDE of the desktop options: option key, title, logo file, image and manifest keys. */
interface JetBrainsIde {
  readonly key: string;
  readonly orderKey: string;
  readonly title: string;
  readonly logo: string;
  readonly version: DesktopIdeImage;
}

const JETBRAINS_IDES: readonly JetBrainsIde[] = [
  { key: 'intellij', orderKey: '04', title: 'IntelliJ IDEA', logo: 'intellijIdeaLogo', version: 'intellij' },
  { key: 'goland', orderKey: '05', title: 'GoLand', logo: 'golandLogo', version: 'goland' },
  { key: 'pycharm', orderKey: '06', title: 'PyCharm', logo: 'pycharmLogo', version: 'pycharm' },
  { key: 'phpstorm', orderKey: '07', title: 'PhpStorm', logo: 'phpstormLogo', version: 'phpstorm' },
  { key: 'rubymine', orderKey: '08', title: 'RubyMine', logo: 'rubymineLogo', version: 'rubymine' },
  { key: 'webstorm', orderKey: '09', title: 'WebStorm', logo: 'webstormLogo', version: 'webstorm' },
  { key: 'rider', orderKey: '10', title: 'Rider', logo: 'riderLogo', version: 'rider' },
  { key: 'clion', orderKey: '11', title: 'CLion', logo: 'clionLogo', version: 'clion' },
];

const CODE_DESKTOP = 'code-desktop';

const installHint = (what: string): string =>
  `If you don't see an open dialog in your browser, make sure you have ${what} installed on your machine, and then click <b>\${OPEN_LINK_LABEL}</b> below.`;

/**
 * The IDE configuration (`ide-service-api` `IDEConfig`): the supervisor image, the browser and
 * desktop IDE options with their images, and the desktop clients. ide-service serves it; the
 * server reads the same file.
 *
 * Every image goes through `ctx.gitpodImage`, so the `images` command lists them. With
 * `experimental.ide.resolveLatest: false` the "latest" VS Code and JetBrains plugin images use the
 * bundled versions of the manifest instead of the floating `nightly`/`latest` tags (as upstream,
 * the JetBrains IDEs' own `latestImage` stays `latest`).
 */
export function ideConfig(ctx: InstallationContext, resolveLatest: boolean = ctx.config.experimental?.ide?.resolveLatest ?? true): Record<string, unknown> {
  const ws = ctx.versions.components.workspace;
  const desktop = ws.desktopIdeImages;
  const image = (name: string, tag: string) => ctx.gitpodImage(name, tag);
  const latest = (name: string, floatingTag: string, bundled: string) => image(name, resolveLatest ? floatingTag : bundled);
  const logo = (name: string) => `https://ide.${ctx.domain}/image/ide-logo/${name}.svg`;

  const pluginImage = image(IDE_IMAGES.jbBackendPlugin, desktop.jbBackendPlugin.version);
  const pluginLatestImage = latest(IDE_IMAGES.jbBackendPlugin, 'latest', desktop.jbBackendPluginLatest.version);

  const options: Record<string, Record<string, string>> = {
    code: {
      orderKey: '00',
      title: 'VS Code',
      type: 'browser',
      logo: logo('vscode'),
      label: 'Browser',
      image: image(IDE_IMAGES.code, IDE_IMAGES.codeStableVersion),
      latestImage: latest(IDE_IMAGES.code, 'nightly', ws.codeImage.version),
    },
    [CODE_DESKTOP]: {
      orderKey: '02',
      title: 'VS Code',
      type: 'desktop',
      logo: logo('vscode'),
      image: image('ide/code-desktop', desktop.codeDesktop.version),
      latestImage: image('ide/code-desktop-insiders', desktop.codeDesktopInsiders.version),
    },
  };
  for (const jb of JETBRAINS_IDES) {
    options[jb.key] = {
      orderKey: jb.orderKey,
      title: jb.title,
      type: 'desktop',
      logo: logo(jb.logo),
      image: image(`ide/${jb.key}`, desktop[jb.version].version),
      latestImage: image(`ide/${jb.key}`, 'latest'),
      pluginImage,
      pluginLatestImage,
    };
  }

  const jetbrains = JETBRAINS_IDES.map((jb) => jb.key);
  const link = (href: string, text: string) => `<a target='_blank' class='gp-link' href='${href}'>${text}</a>`;
  return {
    supervisorImage: image(IDE_IMAGES.supervisor, ws.supervisor.version),
    ideOptions: {
      // Sorted keys, as the installer's Go maps are marshalled.
      options: sortKeys(options),
      defaultIde: 'code',
      defaultDesktopIde: CODE_DESKTOP,
      clients: {
        'jetbrains-gateway': {
          defaultDesktopIDE: 'intellij',
          desktopIDEs: jetbrains,
          installationSteps: [
            installHint(
              `the ${link(
                'https://www.gitpod.io/docs/ides-and-editors/jetbrains-gateway#getting-started-jetbrains-gateway',
                'JetBrains Gateway with Gitpod Plugin',
              )}`,
            ),
          ],
        },
        vscode: {
          defaultDesktopIDE: CODE_DESKTOP,
          desktopIDEs: [CODE_DESKTOP],
          installationSteps: [installHint(link('https://code.visualstudio.com/download', 'VS Code'))],
        },
        'vscode-insiders': {
          defaultDesktopIDE: CODE_DESKTOP,
          desktopIDEs: [CODE_DESKTOP],
          installationSteps: [installHint(link('https://code.visualstudio.com/insiders', 'VS Code Insiders'))],
        },
      },
    },
  };
}

/** Props of `IdeConfig`. */
export interface IdeConfigProps extends ComponentProps {
  /** Render `ide-config` for ide-service (the IDE set); a WebApp-only cluster needs only `server-ide-config`. @default true */
  readonly ideService?: boolean;
  /**
   * Point the "latest" VS Code and JetBrains plugin images at the floating tags; false uses the bundled versions.
   * @default `experimental.ide.resolveLatest`, else true
   */
  readonly resolveLatest?: boolean;
}

/**
 * The IDE configuration as two ConfigMaps with the same `config.json`: `ide-config` (mounted by
 * ide-service, labelled as ide-service) and `server-ide-config` (mounted by the server, labelled
 * as server), as upstream renders them with the ide-service component.
 */
export class IdeConfig extends Construct {
  /**
   * The component name: the construct id and the output file. Its objects keep upstream's labels:
   * `ide-config` is labelled as ide-service, `server-ide-config` as server.
   */
  public static readonly COMPONENT = 'ide-config';

  /** The JSON text of `config.json` (both ConfigMaps). */
  public readonly json: string;
  /** `ide-config`: undefined without the IDE set. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The ConfigMap (server config map); patch it for what the props do not cover. */
  public readonly serverConfigMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: IdeConfigProps) {
    super(scope, id);
    const ctx = props.context;
    this.json = JSON.stringify(ideConfig(ctx, props.resolveLatest ?? ctx.config.experimental?.ide?.resolveLatest ?? true), null, 2);
    if (props.ideService ?? true) {
      this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
        metadata: ctx.metadata('ide-service', IDE_CONFIG_MAP),
        data: { 'config.json': this.json },
      });
    }
    this.serverConfigMap = new k8s.KubeConfigMap(this, 'server-config-map', {
      metadata: ctx.metadata('server', SERVER_IDE_CONFIG_MAP),
      data: { 'config.json': this.json },
    });
  }
}

