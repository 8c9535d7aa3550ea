/**
 * The cdk8s validation plugin (`cdk8s.yaml` → `validations:`): `cdk8s synth` runs it on the files
 * it wrote. It checks what GitOps will apply, the YAML on disk, with the same checks as the
 * in-memory validation (schemas, rules, references), cluster by cluster: with the declarations an
 * app left in `.gitpod-cdk8s-validation.json` (`app.synth()`, any YamlOutputType; see context-file.ts),
 * else from the config file (`$GITPOD_CONFIG`, `./gitpod.config.yaml`, the default), by folder `<outdir>/<cluster>/`.
 * It works offline: the validators ship in the npm packages. Files the app validated and left
 * digests of (digests.ts) are trusted as they are; a cluster is checked again, whole, when any of
 * its files changed, is new, or is gone.
 *
 * The shapes below are the parts of cdk8s-cli's `ValidationContext` the plugin uses, written out so
 * that the library does not depend on the CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './findings';
import type { ExternalDeclarations } from './references';
import { contextFileFor, externalsOf, objectIdentity, ValidationContext, ValidationContextCluster } from './context-file';
import { trustedManifests } from './digests';

/**
 * The checks and the config, loaded only when something must be re-validated: a plugin run over
 * files the app validated (and left digests of) loads neither the schemas nor the config code.
 */
function checks() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('../config/clusters') as typeof import('../config/clusters')),
    ...(require('../config/source') as typeof import('../config/source')),
    ...(require('../context') as typeof import('../context')),
    ...(require('./index') as typeof import('./index')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The files of every group (cluster folder, context file) that holds a file not in `trusted`; a group is checked whole. */
function untrusted(files: readonly string[], groupOf: (file: string) => string, trusted: ReadonlySet<string>): string[] {
  const changed = new Set(files.filter((f) => !trusted.has(f)).map(groupOf));
  return files.filter((f) => changed.has(groupOf(f)));
}

/** One problem as cdk8s-cli reports it. */
export interface PluginViolation {
  /** `gitpod/<check>`. */
  readonly ruleName: string;
  /** The path in the object and what is wrong. */
  readonly recommendation: string;
  /** What to do about it. */
  readonly fix: string;
  /** The object, the path inside it and the file it is in. */
  readonly violatingResources: readonly {
    /** `Kind/name` of the object. */
    readonly resourceName: string;
    /** JSON paths inside it. */
    readonly locations: readonly string[];
    /** The file it is in. */
    readonly manifestPath: string;
  }[];
}

/** The parts of cdk8s-cli's validation context the plugin uses. */
export interface PluginContext {
  /** The `.yaml` files cdk8s synth wrote. */
  readonly manifests: readonly string[];
  /** The documents of one file. */
  parseManifest(manifestPath: string): any[];
  /** Where violations and the final status go. */
  readonly report: {
    /** Records one violation. */
    addViolation(violation: PluginViolation): void;
    /** Ends the report with its status. */
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  /** Progress lines. */
  readonly logger: {
    /** Writes one progress line. */
    log(message: string): void;
  };
}

/** Properties of the plugin (`properties:` in cdk8s.yaml). */
export interface GitpodValidationProps {
  /** Namespace the app rendered into (the declared Secrets live there). @default default */
  readonly namespace?: string;
}

const FIXES: Record<Finding['check'], string> = {
  schema: 'Set the field as the Kubernetes 1.27 (or CRD) schema requires, in the construct or the config that produced it.',
  rules: 'Fix the value: the API server or cert-manager would reject it.',
  references: 'Render the missing object, correct the name, or declare what your platform provides (cdk8s.externals in the config, or declareExternalSecret / declareExternalConfigMap on the installation).',
};

/** cdk8s validation plugin class (see `cdk8s.yaml`). */
export class GitpodValidation {
  constructor(private readonly props: GitpodValidationProps = {}) {}

  /** Checks the files cdk8s synth wrote and reports each problem; the status is `failure` on any. */
  public async validate(context: PluginContext): Promise<void> {
    // An app that synthesized with `app.synth()` left its installations' declarations beside the files.
    const cache = new Map<string, string | undefined>();
    const contextFiles = new Set(context.manifests.map((m) => contextFileFor(m, cache)));
    // Files whose digest the app recorded after validating them are not checked again.
    const trusted = trustedManifests(context.manifests);
    if (!contextFiles.has(undefined)) return this.validateWithContext(context, cache, trusted);

    // By cluster folder: a folder whose every file is as the app validated it is trusted as a whole;
    // any other is checked whole (a changed file can break a reference from an unchanged one).
    const toCheck = untrusted(context.manifests, (f) => path.basename(path.dirname(f)), trusted);
    if (toCheck.length === 0) {
      context.logger.log(`gitpod-cdk8s: ${context.manifests.length} file(s) as the app validated them (digests), nothing to re-validate`);
      context.report.submit('success', { trusted: 'digests of the validated files' });
      return;
    }

    const { appConfigSource, clusterProps, declaredExternals, InstallationContext, validateObjects } = checks();
    const { input, source } = appConfigSource();
    // The declarations need each cluster's context only, not its construct tree.
    const declarations = new Map<string, ExternalDeclarations>(
      clusterProps(input as never, { namespace: this.props.namespace }).map(({ cluster, props }) => [
        cluster,
        declaredExternals(new InstallationContext(props)),
      ]),
    );

    // Objects by cluster folder, remembering the file of each (for the report).
    const byCluster = new Map<string, { objects: Record<string, any>[]; files: Map<Record<string, any>, string> }>();
    for (const file of toCheck) {
      const cluster = path.basename(path.dirname(file));
      const entry = byCluster.get(cluster) ?? { objects: [], files: new Map<Record<string, any>, string>() };
      for (const doc of context.parseManifest(file)) {
        if (!doc || String(doc.apiVersion ?? '').startsWith('kustomize.config.k8s.io/')) continue;
        entry.objects.push(doc);
        entry.files.set(doc, file);
      }
      byCluster.set(cluster, entry);
    }

    let count = 0;
    for (const [cluster, { objects, files }] of byCluster) {
      if (objects.length === 0) continue;
      const externals = declarations.get(cluster);
      if (!externals) {
        context.report.addViolation({
          ruleName: 'gitpod/layout',
          recommendation: `folder ${cluster} is not a cluster of the config (${source}): ${[...declarations.keys()].join(', ')}`,
          fix: 'Render with the same config (GITPOD_CONFIG) that the validation reads.',
          violatingResources: [{ resourceName: cluster, locations: [], manifestPath: [...files.values()][0] }],
        });
        count++;
        continue;
      }
      const findings = validateObjects(cluster, objects, externals);
      findings.forEach((f) => this.report(context, f, objects, files, cluster));
      count += findings.length;
      context.logger.log(`gitpod-cdk8s: ${cluster}: ${objects.length} objects, ${findings.length} problem(s)`);
    }
    context.report.submit(count === 0 ? 'success' : 'failure', { config: source });
  }

  /**
   * With `.gitpod-cdk8s-validation.json` files: each installation's objects (found by identity, in
   * whatever files the `YamlOutputType` chose) against its own declarations; other objects are not ours.
   */
  private validateWithContext(context: PluginContext, cache: Map<string, string | undefined>, trusted: ReadonlySet<string>): void {
    // By context file: trusted when every file it covers is as the app validated it; else checked whole.
    const toCheck = untrusted(context.manifests, (f) => contextFileFor(f, cache)!, trusted);
    if (toCheck.length === 0) {
      context.logger.log(`gitpod-cdk8s: ${context.manifests.length} file(s) as the app validated them (digests), nothing to re-validate`);
      context.report.submit('success', { config: [...new Set(context.manifests.map((f) => contextFileFor(f, cache)!))].join(', ') });
      return;
    }
    const { validateObjects } = checks();
    const groups = new Map<string, { cluster: ValidationContextCluster; objects: Record<string, any>[]; files: Map<Record<string, any>, string> }>();
    const loaded = new Map<string, ValidationContext>();
    for (const file of toCheck) {
      const ctxFile = contextFileFor(file, cache)!;
      if (!loaded.has(ctxFile)) loaded.set(ctxFile, JSON.parse(fs.readFileSync(ctxFile, 'utf8')) as ValidationContext);
      const clusters = loaded.get(ctxFile)!.clusters;
      for (const doc of context.parseManifest(file)) {
        if (!doc) continue;
        const id = objectIdentity(doc);
        const cluster = clusters.find((c) => c.objects.includes(id));
        if (!cluster) continue;
        const key = `${ctxFile}\u0000${cluster.name}`;
        const group = groups.get(key) ?? { cluster, objects: [] as Record<string, any>[], files: new Map<Record<string, any>, string>() };
        group.objects.push(doc);
        group.files.set(doc, file);
        groups.set(key, group);
      }
    }
    let count = 0;
    for (const { cluster, objects, files } of groups.values()) {
      const findings = validateObjects(cluster.name, objects, externalsOf(cluster));
      for (const f of findings) this.report(context, f, objects, files, cluster.name);
      count += findings.length;
      context.logger.log(`gitpod-cdk8s: ${cluster.name}: ${objects.length} objects, ${findings.length} problem(s)`);
    }
    context.report.submit(count === 0 ? 'success' : 'failure', { config: [...loaded.keys()].join(', ') });
  }

  private report(context: PluginContext, f: Finding, objects: Record<string, any>[], files: Map<Record<string, any>, string>, fallback: string): void {
    const obj = objects.find((o) => o.kind === f.kind && o.metadata?.name === f.name);
    context.report.addViolation({
      ruleName: `gitpod/${f.check}`,
      recommendation: `${f.path || '(object)'}: ${f.message}`,
      fix: FIXES[f.check],
      violatingResources: [{ resourceName: `${f.kind}/${f.name}`, locations: [f.path], manifestPath: (obj && files.get(obj)) ?? fallback }],
    });
  }
}
