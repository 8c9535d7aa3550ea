/**
 * Rules the API server (or cert-manager's webhook) enforces but the OpenAPI schemas do not
 * express: name syntax, label syntax, selectors that match their own pod template, unique
 * container/volume/port names, mounts of existing volumes, requests within limits, and
 * cert-manager durations and issuer shapes. Each rule cites the check it mirrors.
 */
import { BoundedMemo } from '../common/memo';
import { Finding, finding, jsonPath, Manifest } from './findings';
import { containersOf, isClusterScoped, podTemplateOf, selectorMatches } from './objects';

/** Kubernetes' limit on a ConfigMap's data (api.MaxSecretSize). */
const CONFIGMAP_MAX_BYTES = 1024 * 1024;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Go's `time.ParseDuration` syntax (cert-manager's `metav1.Duration`). */
const GO_DURATION = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))*$/;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** RFC 1123 label: at most 63 characters of `a-z`, `0-9` and `-`, starting and ending alphanumeric. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (RFC 1123 label), found ${value.length}`;
  if (!DNS_LABEL.test(value)) return `${JSON.stringify(value)} is not an RFC 1123 label (lower-case a-z, 0-9 and '-', starting and ending alphanumeric)`;
  return undefined;
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `must be at most 253 characters (RFC 1123 subdomain), found ${value.length}`;
  if (!DNS_SUBDOMAIN.test(value)) {
    return `${JSON.stringify(value)} is not an RFC 1123 subdomain (lower-case a-z, 0-9, '-' and '.', starting and ending alphanumeric)`;
  }
  return undefined;
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain, the name a qualified name. */
export function qualifiedKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `key ${JSON.stringify(key)} has more than one '/'`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    const p = dnsSubdomainProblem(prefix);
    if (p) return `key ${JSON.stringify(key)}: prefix ${p}`;
  }
  if (name.length === 0 || name.length > 63) return `key ${JSON.stringify(key)}: name part must be 1-63 characters`;
  if (!QUALIFIED_NAME.test(name)) {
    return `key ${JSON.stringify(key)}: name part must consist of alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** A label value (message starts with `value`): empty, or at most 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the schema reports the type
  if (value.length > 63) return `value ${JSON.stringify(value)} must be at most 63 characters`;
  if (!LABEL_VALUE.test(value)) {
    return `value ${JSON.stringify(value)} must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** Go duration syntax (`2160h0m0s`, `90m`); `0` alone is also valid. */
export function goDurationProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '0' || GO_DURATION.test(value)) return undefined;
  return `${JSON.stringify(value)} is not a Go duration (e.g. 2160h, 90m, 1h30m)`;
}

/** A Go duration in seconds (valid input only). */
export function durationSeconds(value: string): number {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of value.matchAll(/([0-9.]+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/** A resource quantity as a number (`500m` → 0.5, `1Gi` → 2^30); undefined when unparsable. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/.exec(q);
  if (!m) return undefined;
  const suffix: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  };
  const s = m[2];
  const factor = s === undefined ? 1 : s.startsWith('e') || s.startsWith('E') ? 10 ** Number(s.slice(1)) : suffix[s];
  return Number(m[1]) * factor;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** Kinds whose name becomes a DNS label (a Service's DNS name, pod hostnames, the `job-name` label). */
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace', 'StatefulSet', 'Job']);

/**
 * Every rule finding of one object.
 * @param key the object's `jsonKey` (common/json-key.ts): the same object checked before is not checked again @default none: checked
 */
export function ruleFindings(cluster: string, obj: Manifest, key?: string): Finding[] {
  const found = key === undefined ? objectRuleFindings(obj) : ruled.get(key, () => objectRuleFindings(obj));
  return found.map(([path, message]) => finding(cluster, obj, 'rules', path, message));
}

/**
 * What the rules found in an object (path and message), by the object's `jsonKey`: the rules are
 * a pure function of the object, and a fleet's clusters render most objects alike.
 */
const ruled = new BoundedMemo<string, readonly [path: string, message: string][]>(5_000);

function objectRuleFindings(obj: Manifest): [path: string, message: string][] {
  const out: [string, string][] = [];
  const report: Report = (path, message) => out.push([jsonPath(path), message]);
  checkName(obj, report);
  checkMetadataMaps(obj, report);
  checkSelectors(obj, report);
  checkPodSpec(obj, report);
  if (obj.kind === 'Service') checkService(obj, report);
  if (obj.kind === 'Certificate') checkCertificate(obj, report);
  if (obj.kind === 'Issuer' || obj.kind === 'ClusterIssuer') checkIssuer(obj, report);
  if (obj.kind === 'ConfigMap') checkConfigMapSize(obj, report);
  if (obj.kind === 'ExternalSecret') {
    const p = goDurationProblem(obj.spec?.refreshInterval);
    if (p) report(['spec', 'refreshInterval'], p);
  }
  return out;
}

function checkName(obj: Manifest, report: Report): void {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    report(['metadata', 'name'], 'every object needs a name (no generateName in GitOps output)');
    return;
  }
  let p: string | undefined;
  if (RBAC_KINDS.has(obj.kind)) {
    // RBAC names are path segments: anything but '.', '..', '/' and '%'.
    if (name === '.' || name === '..' || /[/%]/.test(name)) p = `${JSON.stringify(name)} may not be '.', '..' or contain '/' or '%'`;
  } else if (LABEL_NAMED_KINDS.has(obj.kind)) {
    p = dnsLabelProblem(name);
  } else {
    p = dnsSubdomainProblem(name);
  }
  if (!p && obj.kind === 'CronJob' && name.length > 52) p = `must be at most 52 characters (CronJob), found ${name.length}`;
  if (p) report(['metadata', 'name'], p);

  const ns = obj.metadata?.namespace;
  if (isClusterScoped(obj)) {
    if (ns !== undefined) report(['metadata', 'namespace'], `${obj.kind} is cluster-scoped and takes no namespace`);
  } else if (typeof ns !== 'string' || ns === '') {
    report(['metadata', 'namespace'], 'namespaced objects name their namespace (the output is applied as it is)');
  } else {
    const nsp = dnsLabelProblem(ns);
    if (nsp) report(['metadata', 'namespace'], nsp);
  }
}

/** Labels and annotations of the object, its pod template and its claim templates; label maps of selectors. */
function checkMetadataMaps(obj: Manifest, report: Report): void {
  checkMeta(obj.metadata, ['metadata'], report);
  const pod = podTemplateOf(obj);
  if (pod && pod.at.length > 0) checkMeta(pod.template.metadata, [...pod.at, 'metadata'], report);
  (obj.spec?.volumeClaimTemplates ?? []).forEach((t: Manifest, i: number) =>
    checkMeta(t?.metadata, ['spec', 'volumeClaimTemplates', i, 'metadata'], report),
  );
  if (obj.spec?.secretTemplate) checkMeta(obj.spec.secretTemplate, ['spec', 'secretTemplate'], report);
}

function checkMeta(meta: Manifest | undefined, at: Path, report: Report): void {
  if (!meta) return;
  checkLabelMap(meta.labels, [...at, 'labels'], report);
  let size = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    const p = qualifiedKeyProblem(k);
    if (p) report([...at, 'annotations', k], `annotation ${p}`);
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > 256 * 1024) report([...at, 'annotations'], `annotations total ${size} bytes; at most 262144 allowed`);
}

function checkLabelMap(labels: Record<string, unknown> | undefined, at: Path, report: Report): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const p = qualifiedKeyProblem(k) ?? labelValueProblem(v);
    if (p) report([...at, k], `label ${p}`);
  }
}

function checkLabelSelector(sel: Manifest | undefined, at: Path, report: Report): void {
  if (!sel) return;
  checkLabelMap(sel.matchLabels, [...at, 'matchLabels'], report);
  (sel.matchExpressions ?? []).forEach((e: Manifest, i: number) => {
    const p = typeof e?.key === 'string' ? qualifiedKeyProblem(e.key) : undefined;
    if (p) report([...at, 'matchExpressions', i, 'key'], `label ${p}`);
    const needsValues = e?.operator === 'In' || e?.operator === 'NotIn';
    if (needsValues && !(e.values?.length > 0)) report([...at, 'matchExpressions', i, 'values'], `operator ${e.operator} needs values`);
    if (!needsValues && e?.values?.length > 0) report([...at, 'matchExpressions', i, 'values'], `operator ${e.operator} takes no values`);
    (e?.values ?? []).forEach((v: unknown, j: number) => {
      const vp = labelValueProblem(v);
      if (vp) report([...at, 'matchExpressions', i, 'values', j], `label ${vp}`);
    });
  });
}

/** A workload's selector must be non-empty and select its own pod template (the API server rejects it otherwise). */
function checkSelectors(obj: Manifest, report: Report): void {
  const spec = obj.spec ?? {};
  if (obj.kind === 'NetworkPolicy') {
    checkLabelSelector(spec.podSelector, ['spec', 'podSelector'], report);
    for (const dir of ['ingress', 'egress']) {
      (spec[dir] ?? []).forEach((rule: Manifest, i: number) =>
        (rule?.[dir === 'ingress' ? 'from' : 'to'] ?? []).forEach((peer: Manifest, j: number) => {
          const at = ['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j];
          checkLabelSelector(peer?.podSelector, [...at, 'podSelector'], report);
          checkLabelSelector(peer?.namespaceSelector, [...at, 'namespaceSelector'], report);
        }),
      );
    }
    return;
  }
  if (obj.kind === 'PodDisruptionBudget') checkLabelSelector(spec.selector, ['spec', 'selector'], report);
  const pod = podTemplateOf(obj);
  if (!pod || obj.kind === 'Pod' || obj.kind === 'CronJob') return;
  if (obj.kind === 'Job' && spec.selector === undefined) return; // generated by the API server
  if (obj.kind === 'ReplicationController') return;
  const sel = spec.selector;
  checkLabelSelector(sel, ['spec', 'selector'], report);
  const empty = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
  if (empty) {
    report(['spec', 'selector'], 'must select at least one label (an empty selector matches every pod)');
    return;
  }
  const labels = pod.template.metadata?.labels;
  if (!selectorMatches(sel, labels)) {
    report(['spec', 'selector'], `does not match the pod template's labels ${JSON.stringify(labels ?? {})}: \`selector\` must be a subset of \`template.metadata.labels\``);
  }
}

function checkPodSpec(obj: Manifest, report: Report): void {
  const pod = podTemplateOf(obj);
  if (!pod) return;
  const spec = pod.template.spec;
  const at: Path = [...pod.at, 'spec'];
  if (!spec) return;

  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v: Manifest, i: number) => {
    const name = v?.name;
    if (typeof name !== 'string') return;
    const p = dnsLabelProblem(name);
    if (p) report([...at, 'volumes', i, 'name'], p);
    if (volumes.has(name)) report([...at, 'volumes', i, 'name'], `duplicate volume name ${JSON.stringify(name)}`);
    volumes.add(name);
  });
  const claimTemplates = new Set<string>(
    obj.kind === 'StatefulSet' ? (obj.spec?.volumeClaimTemplates ?? []).map((t: Manifest) => t?.metadata?.name) : [],
  );

  const names = new Set<string>();
  for (const { list, index, container } of containersOf(spec)) {
    const cat: Path = [...at, list, index];
    const cname = container?.name;
    if (typeof cname === 'string') {
      const p = dnsLabelProblem(cname);
      if (p) report([...cat, 'name'], p);
      if (names.has(cname)) report([...cat, 'name'], `duplicate container name ${JSON.stringify(cname)}`);
      names.add(cname);
    }
    const portNames = new Set<string>();
    (container?.ports ?? []).forEach((port: Manifest, i: number) => {
      if (typeof port?.containerPort === 'number' && (port.containerPort < 1 || port.containerPort > 65535)) {
        report([...cat, 'ports', i, 'containerPort'], `${port.containerPort} is not a port number (1-65535)`);
      }
      if (typeof port?.name === 'string') {
        const p = portNameProblem(port.name);
        if (p) report([...cat, 'ports', i, 'name'], p);
        if (portNames.has(port.name)) report([...cat, 'ports', i, 'name'], `duplicate port name ${JSON.stringify(port.name)}`);
        portNames.add(port.name);
      }
    });
    (container?.env ?? []).forEach((e: Manifest, i: number) => {
      if (typeof e?.name === 'string' && !ENV_VAR_NAME.test(e.name)) {
        report([...cat, 'env', i, 'name'], `${JSON.stringify(e.name)} is not a valid environment variable name`);
      }
    });
    const mountPaths = new Set<string>();
    (container?.volumeMounts ?? []).forEach((m: Manifest, i: number) => {
      if (typeof m?.name === 'string' && !volumes.has(m.name) && !claimTemplates.has(m.name)) {
        report([...cat, 'volumeMounts', i, 'name'], `mounts volume ${JSON.stringify(m.name)}, which the pod does not define`);
      }
      if (typeof m?.mountPath === 'string') {
        if (mountPaths.has(m.mountPath)) report([...cat, 'volumeMounts', i, 'mountPath'], `duplicate mountPath ${JSON.stringify(m.mountPath)}`);
        mountPaths.add(m.mountPath);
      }
    });
    const limits = container?.resources?.limits ?? {};
    for (const [res, req] of Object.entries(container?.resources?.requests ?? {})) {
      const r = quantityValue(req);
      const l = quantityValue(limits[res]);
      if (r !== undefined && l !== undefined && r > l) {
        report([...cat, 'resources', 'requests', res], `request ${String(req)} exceeds the limit ${String(limits[res])}`);
      }
    }
  }
}

function portNameProblem(name: string): string | undefined {
  if (name.length > 15 || !IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `${JSON.stringify(name)} is not an IANA service name (at most 15 lower-case alphanumerics and '-', with a letter, no '--')`;
  }
  return undefined;
}

function checkService(obj: Manifest, report: Report): void {
  checkLabelMap(obj.spec?.selector, ['spec', 'selector'], report);
  const ports: Manifest[] = obj.spec?.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p?.name) report(['spec', 'ports', i, 'name'], 'a Service with several ports must name each of them');
    if (typeof p?.name === 'string') {
      const np = dnsLabelProblem(p.name);
      if (np) report(['spec', 'ports', i, 'name'], np);
      if (names.has(p.name)) report(['spec', 'ports', i, 'name'], `duplicate port name ${JSON.stringify(p.name)}`);
      names.add(p.name);
    }
    if (typeof p?.port === 'number' && (p.port < 1 || p.port > 65535)) report(['spec', 'ports', i, 'port'], `${p.port} is not a port number (1-65535)`);
    const t = p?.targetPort;
    if (typeof t === 'number' && (t < 1 || t > 65535)) report(['spec', 'ports', i, 'targetPort'], `${t} is not a port number (1-65535)`);
    if (typeof t === 'string') {
      const tp = portNameProblem(t);
      if (tp) report(['spec', 'ports', i, 'targetPort'], tp);
    }
  });
}

/** Kubernetes' ValidateConfigMap: keys are IsConfigMapKey; the values of `data` and `binaryData` together at most 1 MiB (MaxSecretSize). */
function checkConfigMapSize(obj: Manifest, report: Report): void {
  const entries: Array<[string, number]> = [
    ...Object.entries(obj.data ?? {}).map(([k, v]): [string, number] => [k, Buffer.byteLength(String(v))]),
    ...Object.entries(obj.binaryData ?? {}).map(([k, v]): [string, number] => [k, Buffer.from(String(v), 'base64').length]),
  ];
  for (const key of [...Object.keys(obj.data ?? {}), ...Object.keys(obj.binaryData ?? {})]) {
    if (key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) {
      report([obj.data?.[key] !== undefined ? 'data' : 'binaryData', key], `key ${JSON.stringify(key)} must be at most 253 letters, digits, '-', '_' or '.'`);
    }
  }
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total <= CONFIGMAP_MAX_BYTES) return;
  const [largest, bytes] = entries.reduce((a, b) => (b[1] > a[1] ? b : a));
  report(['data'], `data and binaryData hold ${total} bytes; a ConfigMap holds at most ${CONFIGMAP_MAX_BYTES} (largest entry ${JSON.stringify(largest)}: ${bytes} bytes)`);
}

/** cert-manager's webhook rules for a Certificate (ValidateCertificateSpec). */
function checkCertificate(obj: Manifest, report: Report): void {
  const spec = obj.spec ?? {};
  const dp = goDurationProblem(spec.duration);
  const rp = goDurationProblem(spec.renewBefore);
  if (dp) report(['spec', 'duration'], dp);
  if (rp) report(['spec', 'renewBefore'], rp);
  const duration = typeof spec.duration === 'string' && !dp ? durationSeconds(spec.duration) : 90 * 24 * 3600;
  if (typeof spec.duration === 'string' && !dp && duration < 3600) report(['spec', 'duration'], `${spec.duration} is shorter than cert-manager's minimum of 1h`);
  if (typeof spec.renewBefore === 'string' && !rp) {
    const renew = durationSeconds(spec.renewBefore);
    if (renew < 300) report(['spec', 'renewBefore'], `${spec.renewBefore} is shorter than cert-manager's minimum of 5m`);
    if (renew >= duration) report(['spec', 'renewBefore'], `${spec.renewBefore} must be shorter than the duration ${spec.duration ?? '2160h (default)'}`);
  }
  const subjects = ['commonName', 'dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'literalSubject', 'otherNames'];
  if (!subjects.some((k) => (Array.isArray(spec[k]) ? spec[k].length > 0 : Boolean(spec[k])))) {
    report(['spec'], 'at least one of commonName, dnsNames, uris, emailAddresses, ipAddresses must be set');
  }
  if (typeof spec.commonName === 'string' && spec.commonName.length > 64) report(['spec', 'commonName'], 'must be at most 64 characters');
  (spec.dnsNames ?? []).forEach((d: unknown, i: number) => {
    if (typeof d === 'string') {
      const p = dnsSubdomainProblem(d.replace(/^\*\./, ''));
      if (p) report(['spec', 'dnsNames', i], p);
    }
  });
  const ref = spec.issuerRef;
  if (ref && (ref.group === undefined || ref.group === 'cert-manager.io') && ref.kind !== undefined && ref.kind !== 'Issuer' && ref.kind !== 'ClusterIssuer') {
    report(['spec', 'issuerRef', 'kind'], `must be Issuer or ClusterIssuer, found ${JSON.stringify(ref.kind)}`);
  }
}

/** cert-manager's webhook: an Issuer configures exactly one issuer type. */
function checkIssuer(obj: Manifest, report: Report): void {
  const types = ['acme', 'ca', 'vault', 'selfSigned', 'venafi'].filter((t) => obj.spec?.[t] !== undefined);
  if (types.length === 0) report(['spec'], 'must configure one issuer type (acme, ca, vault, selfSigned or venafi)');
  if (types.length > 1) report(['spec'], `configures ${types.join(' and ')}; exactly one issuer type is allowed`);
}
