/**
 * How one `ApiObject` of an installation becomes its manifest, whatever synthesizes it.
 *
 * cdk8s serializes an object in `ApiObject.toJson()`: it resolves the props, applies the JSON
 * patches, and then a generated class (`k8s.KubeDeployment`, ...) converts the *patched* result
 * with its typed `toJson_<Kind>Props` functions, which expect the typed shapes (`Quantity`,
 * `IntOrString` objects) and turn a patched plain value into `null` or drop it (`cpu: '10m'`
 * becomes `cpu: null`, `targetPort: 2020` disappears; cdk8s-plus-27 lib/imports/k8s.js).
 * Here the typed conversion runs on the props alone and the patches afterwards, so a patch
 * comes out exactly as given.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { isClusterScoped } from '../validation/objects';
import { plainObjectJson } from './object-json';

/** Reads the patches cdk8s keeps on the object (a private field of `ApiObject` since cdk8s 2.0). */
function patchesOf(obj: ApiObject): JsonPatch[] {
  const patches = (obj as unknown as { patches?: JsonPatch[] }).patches;
  if (!Array.isArray(patches)) throw new Error(`cdk8s ApiObject without a patches list at ${obj.node.path}: unsupported cdk8s version`);
  return patches;
}

/** A change to an object's manifest, applied after its JSON patches (the typed helpers of `PodTemplate`). */
export type ManifestTransform = (manifest: Record<string, any>) => Record<string, any>;

const TRANSFORMS = new WeakMap<ApiObject, ManifestTransform[]>();

/** Registers a change to the object's manifest, applied in order after its JSON patches. */
export function addManifestTransform(obj: ApiObject, transform: ManifestTransform): void {
  const list = TRANSFORMS.get(obj) ?? [];
  list.push(transform);
  TRANSFORMS.set(obj, list);
}

/**
 * The object's manifest: the class's own serialization of its props, then its JSON patches as
 * given, then the transforms registered with `addManifestTransform`.
 */
export function objectManifest(obj: ApiObject): Record<string, any> {
  const patched = patchedManifest(obj);
  const transforms = TRANSFORMS.get(obj) ?? [];
  return transforms.reduce((m, t) => t(m), patched);
}

function patchedManifest(obj: ApiObject): Record<string, any> {
  const patches = patchesOf(obj);
  // The class's toJson, not an instance override (GitpodInstallation installs one that calls back here).
  // (plainObjectJson: the same JSON in one walk when the props are plain data, object-json.ts)
  const classToJson = Object.getPrototypeOf(obj).toJson as () => Record<string, any>;
  if (patches.length === 0) return plainObjectJson(obj) ?? classToJson.call(obj);
  const saved = patches.splice(0);
  let json: Record<string, any>;
  try {
    json = plainObjectJson(obj) ?? classToJson.call(obj);
  } finally {
    patches.push(...saved);
  }
  let patched: Record<string, any>;
  try {
    patched = JsonPatch.apply(json, ...saved);
  } catch (e) {
    throw new Error(`JSON patch of ${obj.kind} ${obj.name} (${obj.node.path}) failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  // apiVersion, kind and metadata first, as cdk8s orders them.
  const result: Record<string, any> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (k in patched) result[k] = patched[k];
  return result;
}

/** A namespaced object without a namespace gets `namespace` (objects a user adds to an installation). */
export function withNamespace(manifest: Record<string, any>, namespace: string): Record<string, any> {
  if (isClusterScoped(manifest) || manifest.metadata?.namespace !== undefined) return manifest;
  return { ...manifest, metadata: { ...(manifest.metadata ?? {}), namespace } };
}
