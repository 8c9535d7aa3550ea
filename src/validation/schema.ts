/**
 * Schema validation of rendered objects against the Kubernetes 1.27 OpenAPI schemas
 * (`kubernetes-models` 4.x) and the CRD schemas of cert-manager and External Secrets
 * (`@kubernetes-models/cert-manager`, `@kubernetes-models/external-secrets`).
 *
 * The packages ship precompiled (standalone) ajv validators, one module per kind, so nothing is
 * compiled at run time and nothing goes to the network. A kind's module is required the first
 * time an object of that kind is seen: start-up pays only for the kinds the rendering uses.
 */
import { jsonKey } from '../common/json-key';
import { BoundedMemo } from '../common/memo';
import { Finding, finding, Manifest, pointerToPath } from './findings';
import { requireModel } from './model-modules';
import { shapeKey } from './shape';

/** An ajv error object as the precompiled validators report it. */
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, any>;
}

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
  readonly prototype: { validate(this: unknown): void };
}

/** Model packages for API groups that are not built into Kubernetes, by group suffix. */
const CRD_MODEL_PACKAGES: readonly { readonly groupSuffix: string; readonly pkg: string }[] = [
  { groupSuffix: 'cert-manager.io', pkg: '@kubernetes-models/cert-manager' },
  { groupSuffix: 'certmanager.k8s.io', pkg: '@kubernetes-models/cert-manager' },
  { groupSuffix: 'external-secrets.io', pkg: '@kubernetes-models/external-secrets' },
];

/** The module that holds the model of `apiVersion`/`kind`: `kubernetes-models/apps/v1/Deployment`. */
export function modelModule(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const crd = CRD_MODEL_PACKAGES.find((p) => group === p.groupSuffix || group.endsWith(`.${p.groupSuffix}`));
  return `${crd?.pkg ?? 'kubernetes-models'}/${apiVersion}/${kind}`;
}

/**
 * API versions that Kubernetes 1.27 no longer serves although the model package still ships
 * them (`kubernetes-models` keeps old versions): group/version (or group/version/Kind) → release
 * that removed it, and the replacement.
 */
export const REMOVED_APIS: Readonly<Record<string, string>> = {
  'extensions/v1beta1': '1.22 (use apps/v1, networking.k8s.io/v1)',
  'apps/v1beta1': '1.16 (use apps/v1)',
  'apps/v1beta2': '1.16 (use apps/v1)',
  'networking.k8s.io/v1beta1': '1.22 (use networking.k8s.io/v1)',
  'rbac.authorization.k8s.io/v1beta1': '1.22 (use rbac.authorization.k8s.io/v1)',
  'apiextensions.k8s.io/v1beta1': '1.22 (use apiextensions.k8s.io/v1)',
  'admissionregistration.k8s.io/v1beta1': '1.22 (use admissionregistration.k8s.io/v1)',
  'scheduling.k8s.io/v1beta1': '1.22 (use scheduling.k8s.io/v1)',
  'policy/v1beta1': '1.25 (use policy/v1; PodSecurityPolicy has no successor)',
  'batch/v1beta1': '1.25 (use batch/v1)',
  'discovery.k8s.io/v1beta1': '1.25 (use discovery.k8s.io/v1)',
  'events.k8s.io/v1beta1': '1.25 (use events.k8s.io/v1)',
  'autoscaling/v2beta1': '1.25 (use autoscaling/v2)',
  'node.k8s.io/v1beta1': '1.25 (use node.k8s.io/v1)',
  'autoscaling/v2beta2': '1.26 (use autoscaling/v2)',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26 (use flowcontrol.apiserver.k8s.io/v1beta3)',
  'storage.k8s.io/v1beta1/CSIStorageCapacity': '1.27 (use storage.k8s.io/v1)',
};

const models = new Map<string, ModelClass | undefined>();

/** The model class of a kind, loaded on first use; undefined when no package knows the kind. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (models.has(key)) return models.get(key);
  let model: ModelClass | undefined;
  if (/^[A-Za-z0-9.-]+(\/[A-Za-z0-9.-]+)?$/.test(apiVersion) && /^[A-Za-z0-9]+$/.test(kind)) {
    try {
      const mod = requireModel(modelModule(apiVersion, kind)) as Record<string, unknown> | undefined;
      const candidate = mod?.[kind] as ModelClass | undefined;
      // The packages also export plain types (`v1/PodSpec`): only a model of that very kind counts.
      if (typeof candidate === 'function' && candidate.kind === kind && candidate.apiVersion === apiVersion) model = candidate;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
    }
  }
  models.set(key, model);
  return model;
}

/**
 * What validating an object found (path and message), by the object's `jsonKey`: validation is a
 * pure function of the object, and a fleet's clusters render most objects alike.
 */
const validated = new BoundedMemo<string, readonly { path: string; message: string }[]>(5_000);
/** The same, by {@link schemaShapeKey}: the objects of a fleet that differ, differ mostly where the schemas take any string. */
const validatedShapes = new BoundedMemo<string, readonly { path: string; message: string }[]>(5_000);

/**
 * Schema findings of one object: every ajv error, one finding per JSON path.
 * @param key the object's `jsonKey` (common/json-key.ts): the same object validated before is not validated again @default none: validated
 */
export function schemaFindings(cluster: string, obj: Manifest, key?: string): Finding[] {
  if (key === undefined) return objectFindings(obj).map(({ path, message }) => finding(cluster, obj, 'schema', path, message));
  const found = validated.get(key, () => {
    // only for an object not seen as it is (a fleet's ~12 differing objects per cluster): the shape costs a copy of a few paths
    const shape = schemaShapeKey(obj, true);
    return shape === undefined ? objectFindings(obj) : validatedShapes.get(shape, () => objectFindings(obj));
  });
  return found.map(({ path, message }) => finding(cluster, obj, 'schema', path, message));
}

/**
 * A key of what the schemas read of a plain-JSON object: its JSON text with every string emptied
 * where the schema takes any string (`type: string`, no `enum` or `format`): label and annotation
 * values (ObjectMeta, also a pod template's), ConfigMap `data` values, container `env[].value`,
 * and a cert-manager Certificate's `spec.dnsNames`. Two objects with one key get the same
 * findings: a string there is never an error, and no finding quotes it (ajv's messages name the
 * path and the schema's terms, not the value). That is what differs between a fleet's clusters
 * (checksum annotations, a cluster's name in env and config files), so their objects validate
 * once. Undefined for other kinds of other packages (CRD schemas have patterns and lengths) and
 * for objects that are not plain JSON (`plainJson`: the caller knows it is).
 * test/schema-shape.test.ts checks the claim on every object of every test config with strings
 * that break any enum, format or pattern.
 */
export function schemaShapeKey(obj: Manifest, plainJson: boolean = jsonKey(obj) !== undefined): string | undefined {
  if (!plainJson || typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') return undefined;
  const certificate = obj.apiVersion === 'cert-manager.io/v1' && obj.kind === 'Certificate';
  if (!certificate && !modelModule(obj.apiVersion, obj.kind).startsWith('kubernetes-models/')) return undefined;
  // cert-manager's Certificate: `spec.dnsNames` items are any string (`validate23` of its schema module)
  return shapeKey(obj, { dnsNames: certificate });
}

function objectFindings(obj: Manifest): { path: string; message: string }[] {
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
    return [{ path: '', message: 'apiVersion and kind must be strings' }];
  }
  const removed = REMOVED_APIS[obj.apiVersion] ?? REMOVED_APIS[`${obj.apiVersion}/${obj.kind}`];
  if (removed) return [{ path: 'apiVersion', message: `${obj.apiVersion} ${obj.kind} is not served by Kubernetes 1.27: removed in ${removed}` }];
  const model = modelFor(obj.apiVersion, obj.kind);
  if (!model) {
    return [{ path: 'apiVersion', message: `no schema for ${obj.apiVersion} ${obj.kind}: not a Kubernetes 1.27 kind nor a known CRD (cert-manager, External Secrets)` }];
  }
  try {
    // The object itself first: the model's constructor copies it (dropping undefined values, which
    // a rendered object has none of) only to validate the copy. A valid object is valid either way;
    // an invalid one is validated again as the model sees it, for its exact errors.
    try {
      model.prototype.validate.call(obj);
      return [];
    } catch {
      new model(obj).validate();
      return [];
    }
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw e;
    return summarize(errors);
  }
}

/**
 * One message per instance path. ajv reports a failed `oneOf` (IntOrString, Quantity) as the
 * failure of every branch plus the `oneOf` itself; these become one "must be A, or B" line.
 */
export function summarize(errors: readonly AjvError[]): { path: string; message: string }[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const out: { path: string; message: string }[] = [];
  for (const [pointer, list] of byPath) {
    const path = pointerToPath(pointer);
    const alternatives = list.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    const messages = list.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf').map(describe);
    if (alternatives && messages.length > 0) out.push({ path, message: unique(messages).join(', or ') });
    else for (const m of unique(list.map(describe))) out.push({ path, message: m });
  }
  return out;
}

function describe(e: AjvError): string {
  switch (e.keyword) {
    case 'required':
      return `must have required property '${e.params.missingProperty}'`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `must not have the property '${e.params.additionalProperty}'`;
    default:
      return e.message ?? `fails schema keyword ${e.keyword}`;
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
