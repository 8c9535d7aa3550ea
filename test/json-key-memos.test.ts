/**
 * The memos of a rendered object's checks and YAML (guard, schemas, rules, YAML) return what the
 * check or writer returns on the object itself, for every object of the project's test configs.
 * (jsonKey itself, and a memo replayed for another cluster: test/json-key.test.ts.)
 */
import { buildInstallations } from '../src/app';
import { jsonKey } from '../src/common/json-key';
import { toYaml } from '../src/common/yaml';
import { toYamlDocuments } from '../src/output/render';
import { findSecretMaterial } from '../src/secrets/guard';
import { ruleFindings, schemaFindings } from '../src/validation';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

describe('memos keyed by jsonKey', () => {
  test.each(PROJECT_CONFIGS)('%s: schema and rule findings, guard findings and YAML as without the memo', (file) => {
    const { installations } = buildInstallations(loadProjectConfig(file), { validate: false });
    const all = installations.flatMap((i) => i.renderedObjects().map((o) => o.manifest));
    for (const inst of installations) {
      for (const { manifest } of inst.renderedObjects()) {
        const key = jsonKey(manifest);
        expect(key).toBeDefined();
        for (let round = 0; round < 2; round++) {
          // a second cluster of the same name would be reported under its own name
          expect(schemaFindings(`c${round}`, manifest, key)).toEqual(schemaFindings(`c${round}`, manifest));
          expect(ruleFindings(`c${round}`, manifest, key)).toEqual(ruleFindings(`c${round}`, manifest));
        }
        expect(toYamlDocuments([manifest, manifest])).toBe([manifest, manifest].map((m) => `# ${m.apiVersion}/${m.kind} ${m.metadata?.name}\n${toYaml(m)}`).join('---\n'));
      }
    }
    // a toJSON key makes an object unkeyed (the guard scans it afresh) and is invisible to the guard
    const unkeyed = all.map((o) => ({ ...o, toJSON: undefined }));
    expect(jsonKey(unkeyed[0])).toBeUndefined();
    findSecretMaterial(all);
    expect(findSecretMaterial(structuredClone(all))).toEqual(findSecretMaterial(unkeyed));
  });

});
