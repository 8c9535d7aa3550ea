/**
 * One object as every synthesis path emits it: its own manifest with JSON patches and transforms
 * (synthesis.ts), the installation namespace, `customization`, the GitOps and the Reloader
 * annotations. `GitpodInstallation` runs it for each of its objects; a component rendered alone
 * (tests) gets exactly the same.
 */
import { ApiObject } from 'cdk8s';
import { InstallationContext } from '../context';
import { applyCustomization } from './customization';
import { applyGitOps, objectRole } from './gitops';
import { applyReloader } from './reloader';
import { objectManifest, withNamespace } from './synthesis';

/** The manifest of `obj` after namespace, customization, GitOps and Reloader passes. */
export function finalManifest(ctx: InstallationContext, obj: ApiObject): Record<string, any> {
  const customized = applyCustomization(ctx, withNamespace(objectManifest(obj), ctx.namespace));
  return applyReloader(ctx, applyGitOps(ctx, objectRole(obj), customized));
}
