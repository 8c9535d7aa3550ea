/**
 * Values the schema lets through (the form is right) that would still fail later: at apply time
 * (the API server), when a pod starts (kubelet, a Gitpod binary parsing its config), or in the
 * rendering itself (a value too big for any object). Each is refused here with the config path,
 * the value found and what is allowed; one line per problem, none for what the schema reported.
 */
import { parseGoDuration } from '../common/duration';
import { POD_CONFIG_COMPONENTS } from '../common/pod-config';
import { toYaml } from '../common/yaml';
import { IMAGE_KEYS } from '../images';
import { RELEASE_VERSIONS } from '../versions';
import { labelValueProblem, qualifiedKeyProblem, quantityValue } from '../validation/rules';
import { ConfigProblem, show } from './errors';
import { NAMESPACE_DESCRIPTION } from './schema';
import { GitpodConfig, InstallationKind, Quantity } from './types';
import { yamlPath } from './validate';

/** Kubernetes: ConfigMap `data` + `binaryData` (and any object, in etcd) at most 1 MiB. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;
/** Kubernetes: all annotations of one object together at most 256 KiB (TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** A DNS name (RFC 1035) is at most 253 characters. */
const DNS_NAME_MAX = 253;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Components that must run as exactly one replica. ws-manager runs its controller without leader
 * election (gitpod-io/gitpod components/ws-manager/cmd/run.go at 2022.11.3: `LeaderElection: false`),
 * so two replicas would both act on every workspace pod; ws-manager-bridge likewise has no
 * coordination between replicas, and upstream's maintainers support one.
 */
const SINGLE_REPLICA: Record<string, string> = {
  'ws-manager': 'ws-manager runs without leader election: several replicas would all act on every workspace pod',
  'ws-manager-bridge': 'ws-manager-bridge has no coordination between replicas: each would apply every workspace status update',
};

/** The YAML path of a list of keys and indexes (`['cdk8s', 'images', 'library/alpine']` → `cdk8s.images["library/alpine"]`). */
export function pathOf(...segments: (string | number)[]): string {
  return yamlPath(segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
}

/** Problems of a schema-valid, defaulted config (see the file comment). */
export function inputProblems(config: GitpodConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const sizeProblems = oversizedValues(config);
  problems.push(...sizeProblems);
  const tooBig = new Set(sizeProblems.map((p) => p.path));
  problems.push(...configMapSizes(config, tooBig));
  problems.push(...volumeSizes(config));
  problems.push(...durations(config));
  problems.push(...shortnames(config));
  problems.push(...imageKeys(config));
  problems.push(...singleReplicas(config));
  problems.push(...customizations(config, tooBig));
  return problems;
}

/**
 * Settings that are ignored, not wrong: a `podConfig` key that names no component (upstream
 * ignores it silently too, so it stays a warning and an upstream file keeps loading).
 */
export function inputWarnings(config: GitpodConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const known = new Set(POD_CONFIG_COMPONENTS);
  for (const key of Object.keys(config.experimental?.common?.podConfig ?? {})) {
    if (known.has(key)) continue;
    const guess = closest(key, POD_CONFIG_COMPONENTS);
    out.push({
      path: pathOf('experimental', 'common', 'podConfig', key),
      message: `found unknown component ${show(key)}, ignored;${guess ? ` did you mean ${JSON.stringify(guess)}?` : ''} known: ${POD_CONFIG_COMPONENTS.join(', ')}`,
    });
  }
  return out;
}

/** Why `ns` cannot be a namespace, as a problem at `path` (`--namespace` for the CLI option). */
export function namespaceProblem(ns: string, path: string): ConfigProblem | undefined {
  if (ns.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) return undefined;
  return { path, message: `found ${show(ns)}; allowed ${NAMESPACE_DESCRIPTION}` };
}

/**
 * Any key or string over 1 MiB: no Kubernetes object can carry it, and the rendering would spend
 * seconds and gigabytes copying it into every object a `*` customization matches.
 */
function oversizedValues(config: GitpodConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const walk = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      const bytes = Buffer.byteLength(value);
      if (bytes > CONFIGMAP_MAX_BYTES) {
        out.push({ path: pathOf(...at), message: `found a value of ${bytes} bytes; at most ${CONFIGMAP_MAX_BYTES} allowed (no Kubernetes object holds more)` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...at, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.length > CONFIGMAP_MAX_BYTES) {
          out.push({ path: pathOf(...at), message: `found a key of ${k.length} characters; at most ${CONFIGMAP_MAX_BYTES} allowed` });
        } else {
          walk(v, [...at, k]);
        }
      }
    }
  };
  walk(config, []);
  return out;
}

/**
 * Two ConfigMaps carry config values as they are: `gitpod` stores the config (all but
 * `experimental` and `cdk8s`, components/gitpod.ts) next to the versions manifest, and
 * `workspace-templates` every workspace pod template. Over 1 MiB the API server refuses them;
 * the problem names the part of the config that makes most of the size.
 */
function configMapSizes(config: GitpodConfig, reported: ReadonlySet<string>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const blamed = new Set(reported);
  const related = (path: string) => [...blamed].some((p) => p.startsWith(path) || path.startsWith(p));

  const templates: Record<string, unknown> = {};
  if (config.workspace.templates) templates[pathOf('workspace', 'templates')] = config.workspace.templates;
  for (const [id, cls] of Object.entries(config.experimental?.workspace?.classes ?? {})) {
    if (cls.templates) templates[pathOf('experimental', 'workspace', 'classes', id, 'templates')] = cls.templates;
  }
  const templateBytes = Object.values(templates).reduce<number>(
    (sum, t) => sum + Object.values(t as object).reduce<number>((n, pod) => n + Buffer.byteLength(toYaml(pod)), 0),
    0,
  );
  if (templateBytes > CONFIGMAP_MAX_BYTES) {
    const [path, bytes] = Object.entries(templates)
      .flatMap(([at, t]) => Object.entries(t as object).map(([kind, pod]): [string, number] => [`${at}.${kind}`, Buffer.byteLength(toYaml(pod))]))
      .reduce((a, b) => (b[1] > a[1] ? b : a));
    if (!related(path)) {
      blamed.add(path);
      out.push({
        path,
        message: `found a pod template of ${bytes} bytes, ${templateBytes} with the other templates; the ConfigMap workspace-templates holds them all in at most ${CONFIGMAP_MAX_BYTES} bytes`,
      });
    }
  }

  const { experimental: _e, cdk8s: _c, ...stored } = config;
  const storedBytes = Buffer.byteLength(toYaml(stored)) + VERSIONS_JSON_BYTES;
  if (storedBytes > CONFIGMAP_MAX_BYTES) {
    const path = largestPart(stored, storedBytes);
    if (!related(path)) {
      out.push({
        path,
        message: `found about ${storedBytes} bytes of config${path ? ' mostly here' : ''}; the ConfigMap gitpod stores the config (all but experimental and cdk8s) in at most ${CONFIGMAP_MAX_BYTES} bytes`,
      });
    }
  }
  return out;
}

/** Size of the versions manifest next to the config in the `gitpod` ConfigMap (release versions). */
const VERSIONS_JSON_BYTES = JSON.stringify({ versions: RELEASE_VERSIONS }, null, 2).length;

/** The path of the child holding most of `value`'s size, followed down while one child holds more than half. */
function largestPart(value: unknown, size: number, at: (string | number)[] = []): string {
  if (value === null || typeof value !== 'object') return pathOf(...at);
  const children = Object.entries(value).map(([k, v]): [string, unknown, number] => [k, v, Buffer.byteLength(toYaml(v))]);
  if (children.length === 0) return pathOf(...at);
  const [k, v, n] = children.reduce((a, b) => (b[2] > a[2] ? b : a));
  if (n * 2 < size) return pathOf(...at);
  return largestPart(v, n, [...at, Array.isArray(value) ? Number(k) : k]);
}

/** Volume sizes must be above zero (a claim of 0 is refused by the API server). The schema refuses negative ones. */
function volumeSizes(config: GitpodConfig): ConfigProblem[] {
  const sizes: Array<[string, Quantity | undefined]> = [
    [pathOf('workspace', 'pvc', 'size'), config.workspace.pvc?.size],
    [pathOf('workspace', 'prebuildPVC', 'size'), config.workspace.prebuildPVC?.size],
  ];
  for (const [id, cls] of Object.entries(config.experimental?.workspace?.classes ?? {})) {
    sizes.push([pathOf('experimental', 'workspace', 'classes', id, 'pvc', 'size'), cls.pvc?.size]);
    sizes.push([pathOf('experimental', 'workspace', 'classes', id, 'prebuildPVC', 'size'), cls.prebuildPVC?.size]);
  }
  for (const [name, s] of Object.entries(config.cdk8s?.storage ?? {})) sizes.push([pathOf('cdk8s', 'storage', name, 'size'), s.size]);
  const out: ConfigProblem[] = [];
  for (const [path, size] of sizes) {
    if (size === undefined) continue;
    const value = quantityValue(size);
    if (value === undefined) continue; // the schema reported it
    if (!Number.isFinite(value)) out.push({ path, message: `found ${show(size)}; must be a finite volume size such as 30Gi` });
    else if (value <= 0) out.push({ path, message: `found ${show(size)}; must be greater than 0 (a volume size such as 30Gi)` });
  }
  return out;
}

/** Every Go duration of the config, within `time.Duration`'s range (the schema checks the syntax). */
function durations(config: GitpodConfig): ConfigProblem[] {
  const ws = config.workspace;
  const fields: Array<[string, string | undefined]> = [
    [pathOf('workspace', 'maxLifetime'), ws.maxLifetime],
    [pathOf('workspace', 'timeoutDefault'), ws.timeoutDefault],
    [pathOf('workspace', 'timeoutExtended'), ws.timeoutExtended],
    [pathOf('workspace', 'timeoutAfterClose'), ws.timeoutAfterClose],
    [pathOf('cdk8s', 'secrets', 'externalSecrets', 'refreshInterval'), config.cdk8s?.secrets?.externalSecrets?.refreshInterval],
    [pathOf('experimental', 'webapp', 'proxy', 'configcat', 'pollInterval'), config.experimental?.webapp?.proxy?.configcat?.pollInterval],
    [pathOf('experimental', 'webapp', 'usage', 'schedule'), config.experimental?.webapp?.usage?.schedule],
    [pathOf('experimental', 'webapp', 'usage', 'resetUsageSchedule'), config.experimental?.webapp?.usage?.resetUsageSchedule],
  ];
  const out: ConfigProblem[] = [];
  for (const [path, value] of fields) {
    if (!value) continue;
    try {
      parseGoDuration(value);
    } catch {
      out.push({ path, message: `found ${show(value)}; must be a Go duration of at most 2562047h47m16.854775807s (Go's time.Duration range)` });
    }
  }
  return out;
}

const WORKSPACE_KINDS: ReadonlySet<InstallationKind> = new Set(['Full', 'Workspace']);

/**
 * `ws-<shortname>.<domain>` must be a DNS name; and several clusters that run workspaces need a
 * shortname each, all different: without one a cluster serves `ws.<domain>` (the default), and two
 * clusters on one host name would take each other's workspace traffic.
 */
function shortnames(config: GitpodConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const hostProblem = (s: string | undefined, path: string) => {
    if (!s || s === 'default') return;
    const host = `ws-${s}.${config.domain}`;
    if (host.length > DNS_NAME_MAX) {
      out.push({ path, message: `found ${show(s)}; the workspace host ws-<shortname>.<domain> would be ${host.length} characters, at most ${DNS_NAME_MAX} allowed` });
    }
  };
  hostProblem(config.metadata.shortname, 'metadata.shortname');
  const clusters = config.cdk8s?.clusters ?? [];
  clusters.forEach((c, i) => hostProblem(c.shortname, pathOf('cdk8s', 'clusters', i, 'shortname')));

  const workspaceClusters = clusters.map((c, i) => ({ c, i })).filter(({ c }) => WORKSPACE_KINDS.has(c.kind));
  if (workspaceClusters.length < 2) return out;
  const seen = new Map<string, string>();
  for (const { c, i } of workspaceClusters) {
    const path = pathOf('cdk8s', 'clusters', i, 'shortname');
    if (c.shortname === undefined || c.shortname === '') {
      const others = workspaceClusters.filter((w) => w.c !== c).map((w) => w.c.name).join(', ');
      out.push({
        path,
        message: `found nothing; required when several clusters run workspaces (${c.name}, ${others}): each needs its own shortname, or they share ws.${config.domain}`,
      });
      continue;
    }
    const first = seen.get(c.shortname);
    if (first !== undefined) {
      out.push({
        path,
        message: `found ${show(c.shortname)}, already the shortname of cluster ${first}; each workspace cluster needs its own (ws-<shortname>.${config.domain})`,
      });
    } else {
      seen.set(c.shortname, c.name);
    }
  }
  return out;
}

/** `cdk8s.images` keys must name an image (src/images.ts); a typo would silently keep the public image. */
function imageKeys(config: GitpodConfig): ConfigProblem[] {
  const known = new Set(IMAGE_KEYS);
  const out: ConfigProblem[] = [];
  for (const key of Object.keys(config.cdk8s?.images ?? {})) {
    if (known.has(key)) continue;
    const guess = closest(key, IMAGE_KEYS);
    out.push({
      path: pathOf('cdk8s', 'images', key),
      message: `found unknown image name ${show(key)};${guess ? ` did you mean ${JSON.stringify(guess)}?` : ''} allowed: ${IMAGE_KEYS.join(', ')}`,
    });
  }
  return out;
}

function singleReplicas(config: GitpodConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const podConfig = config.experimental?.common?.podConfig ?? {};
  for (const [component, reason] of Object.entries(SINGLE_REPLICA)) {
    const replicas = podConfig[component]?.replicas;
    if (replicas !== undefined && replicas > 1) {
      out.push({
        path: pathOf('experimental', 'common', 'podConfig', component, 'replicas'),
        message: `found ${replicas}; allowed: 0 or 1 (${reason})`,
      });
    }
  }
  return out;
}

/** Labels, annotations and env of `customization`, checked once here instead of on every object they reach. */
function customizations(config: GitpodConfig, reported: ReadonlySet<string>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  (config.customization ?? []).forEach((c, i) => {
    for (const [k, v] of Object.entries(c.metadata.labels ?? {})) {
      const p = qualifiedKeyProblem(k) ?? labelValueProblem(v);
      if (p) out.push({ path: pathOf('customization', i, 'metadata', 'labels', k), message: `label ${p}` });
    }
    let size = 0;
    for (const [k, v] of Object.entries(c.metadata.annotations ?? {})) {
      const p = qualifiedKeyProblem(k);
      if (p) out.push({ path: pathOf('customization', i, 'metadata', 'annotations', k), message: `annotation ${p}` });
      size += Buffer.byteLength(k) + Buffer.byteLength(v ?? '');
    }
    const annotationsPath = pathOf('customization', i, 'metadata', 'annotations');
    if (size > ANNOTATIONS_MAX_BYTES && ![...reported].some((p) => p.startsWith(annotationsPath))) {
      out.push({ path: annotationsPath, message: `found ${size} bytes of annotations; at most ${ANNOTATIONS_MAX_BYTES} allowed per object` });
    }
    (c.spec?.env ?? []).forEach((e, j) => {
      if (!ENV_VAR_NAME.test(e.name)) {
        out.push({
          path: pathOf('customization', i, 'spec', 'env', j, 'name'),
          message: `found ${show(e.name)}; allowed: letters, digits, '_', '-' and '.', not starting with a digit`,
        });
      }
    });
  });
  return out;
}

/** The candidate nearest to `word` by edit distance, when near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
