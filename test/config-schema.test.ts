import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { GO_DURATION_PATTERN } from '../src/common/duration';
import { IMAGE_PREFIX_PATTERN, IMAGE_REFERENCE_PATTERN } from '../src/common/image-repository';
import { defaultConfig } from '../src/config/defaults';
import { mergeConfig } from '../src/config/merge';
import { CONFIG_SCHEMA } from '../src/config/schema';
import { CONFIG_TEMPLATE } from '../src/config/template';
import { schemaProblems } from '../src/config/validate';
import { configProblems } from './helpers';

// The schema is generated from src/config/types.ts (scripts/write-schema.js): a key is declared
// there once, with its constraints as doc tags.

const root = path.join(__dirname, '..');
const base = { apiVersion: 'v1', domain: 'gitpod.example.com' };
const defs = CONFIG_SCHEMA.definitions as Record<string, any>;
const props = CONFIG_SCHEMA.properties as Record<string, any>;

const problems = configProblems;

test('schema/gitpod-config.schema.json is what types.ts generates (not stale)', () => {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'write-schema.js'), '--check'], { cwd: root, encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
}, 60_000);

test('the patterns written in types.ts are the ones the code checks with', () => {
  expect(defs.Duration.pattern).toBe(GO_DURATION_PATTERN);
  // `*/` cannot stand in a doc comment: the prefix pattern writes the equivalent `\/*`.
  expect(props.repository.pattern.replace('\\/*$', '/*$')).toBe(IMAGE_PREFIX_PATTERN);
  const images = defs.Cdk8sExtensions.properties.images.additionalProperties;
  expect(images.pattern).toBe(IMAGE_REFERENCE_PATTERN);
  expect(defs.Workspace.properties.workspaceImage.pattern).toBe(`^$|${IMAGE_REFERENCE_PATTERN}`);
});

describe('constraints declared as doc tags in types.ts reach the schema', () => {
  test.each([
    ['@asType integer', { objectStorage: { maximumBackupCount: 1.5 } }, 'objectStorage.maximumBackupCount: must be a whole number, found 1.5'],
    ['@minimum 0 (Count)', { objectStorage: { blobQuota: -1 } }, 'objectStorage.blobQuota: found -1; must be 0 or more'],
    ['@minLength 1 with @allowed', { metadata: { region: '' } }, 'metadata.region: required: must be a region name'],
    ['@pattern of an alias', { workspace: { maxLifetime: '3 days' } }, 'workspace.maxLifetime: found "3 days"; must be a Go duration such as 36h, 90m or 2m30s'],
    ['quantity (anyOf)', { workspace: { pvc: { size: '-1Gi' } } }, 'workspace.pvc.size: found "-1Gi"; must be a non-negative Kubernetes quantity such as 500m, 2Gi or 30Gi'],
    ['@propertyNames', { cdk8s: { storage: { postgres: { size: '1Gi' } } } }, 'cdk8s.storage: found "postgres"; allowed: mysql, minio, registry, messagebus, openvsx-proxy'],
    ['additionalProperties: false', { workspace: { bogus: 1 } }, expect.stringMatching(/^workspace\.bogus: unknown key; allowed here: runtime, resources, /)],
    ['a single literal is an enum', { apiVersion: 'v2' }, 'apiVersion: found "v2"; allowed: v1'],
  ])('%s', (_tag, input, message) => {
    expect(problems(input)).toEqual([message]);
  });

  test('@discriminator: an admission constraint is exactly one of the three kinds', () => {
    const cluster = (c: unknown) => ({ cdk8s: { clusters: [{ name: 'ws', kind: 'Workspace', score: 50, admissionConstraints: [c] }] } });
    // The schema alone (a lone Workspace cluster breaks fleet rules that do not matter here).
    const schemaOnly = (input: Record<string, unknown>) => schemaProblems(mergeConfig(defaultConfig(), { ...base, ...input })).map((p) => p.path);
    for (const ok of [{ type: 'has-feature-preview' }, { type: 'has-permission', permission: 'admin' }, { type: 'has-class', id: 'g1', displayName: 'G1' }]) {
      expect(schemaOnly(cluster(ok))).toEqual([]);
    }
    for (const bad of [{ type: 'has-permission' }, { type: 'has-class', id: 'g1' }, { type: 'has-feature-preview', id: 'x' }, { type: 'other' }, 'has-class']) {
      expect(schemaOnly(cluster(bad))).toContainEqual(expect.stringMatching(/^cdk8s\.clusters\[0\]\.admissionConstraints\[0\]/));
    }
  });

  test('@clearable: an explicit null that clears a default stays valid, as before the schema was generated', () => {
    for (const input of [
      { metadata: { shortname: null } },
      { workspace: { pvc: null, prebuildPVC: { size: null, storageClass: null, snapshotClass: null } } },
      { blockNewUsers: null, authProviders: null, disableDefinitelyGp: null, observability: null, openVSX: null },
    ]) {
      expect(problems(input)).toEqual([]);
    }
    // Not clearable: the schema requires it after defaults.
    expect(problems({ workspace: { maxLifetime: null } })).toEqual(['workspace.maxLifetime: required when workspace is set']);
  });
});

describe('defaults and the init template come from the declaration in types.ts', () => {
  test('defaultConfig() is the tree of @defaultValue tags, in declaration order', () => {
    expect(defs.Observability.properties.logLevel.default).toBe('info');
    expect(props.certificate.default).toEqual({ kind: 'secret', name: 'https-certificates' });
    expect(Object.keys(defaultConfig())).toEqual(Object.keys(props).filter((k) => k in defaultConfig()));
    expect(defaultConfig().workspace.pvc).toEqual({ size: '30Gi', storageClass: '', snapshotClass: '' });
    // A fresh object each call.
    expect(defaultConfig()).not.toBe(defaultConfig());
  });

  test('init prints each key under its @initComment', () => {
    expect(CONFIG_TEMPLATE).toContain(`# ${props.kind.initComment}\nkind: Full\n`);
    expect(CONFIG_TEMPLATE).toContain(`  # ${defs.Metadata.properties.shortname.initComment}\n  shortname: default\n`);
    expect(CONFIG_TEMPLATE).toContain('domain: gitpod.example.com\n');
    expect(CONFIG_TEMPLATE).toContain('    cpu: "1"\n');
    expect(CONFIG_TEMPLATE).toContain('    storageClass: ""\n');
  });
});
