/**
 * The guard's fast YAML reader (secrets/simple-yaml.ts) either declines a text or reads it exactly
 * as `YAML.parse` does: on every text of every test config's rendering (and the texts inside
 * them), and on tricky texts at the edges of its subset.
 */
import * as YAML from 'yaml';
import { buildInstallations } from '../src/app';
import { parseSimpleYaml } from '../src/secrets/simple-yaml';
import { loadProjectConfig, PROJECT_CONFIGS } from './project-configs';

/** `YAML.parse`'s value, or 'error' when it throws. */
function yamlValue(text: string): unknown {
  try {
    return YAML.parse(text);
  } catch {
    return 'error';
  }
}

/** Every string in a value, and in the JSON or YAML texts inside those strings. */
function texts(v: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof v === 'string') {
    out.push(v);
    if (depth > 4 || !v.includes('\n')) return out;
    let inner: unknown;
    try {
      inner = JSON.parse(v);
    } catch {
      inner = yamlValue(v);
    }
    if (inner && typeof inner === 'object') texts(inner, out, depth + 1);
  } else if (Array.isArray(v)) {
    for (const x of v) texts(x, out, depth);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      texts(x, out, depth);
    }
  }
  return out;
}

describe('parseSimpleYaml', () => {
  test.each(PROJECT_CONFIGS)('%s: every text of the rendering read as YAML.parse reads it, or declined', (file) => {
    const { installations } = buildInstallations(loadProjectConfig(file), { validate: false });
    const all = [...new Set(installations.flatMap((i) => i.renderedObjects().flatMap((o) => texts(o.manifest))))];
    let read = 0;
    for (const t of all) {
      for (const s of [t, t.trim()]) {
        const fast = parseSimpleYaml(s);
        if (fast === undefined) continue;
        read++;
        expect([s, fast]).toStrictEqual([s, yamlValue(s)]);
      }
    }
    // the installer config every installation embeds (ConfigMap gitpod, config.yaml) is in the subset
    expect(read).toBeGreaterThan(0);
  });

  test('the gitpod ConfigMap config.yaml takes the fast path (annotation keys, quoted values)', () => {
    const { installations } = buildInstallations(loadProjectConfig('in-cluster.yaml'), { validate: false });
    const cm = installations[0].renderedObjects().find((o) => o.manifest.kind === 'ConfigMap' && o.manifest.metadata.name === 'gitpod')!.manifest;
    const text = cm.data['config.yaml'].trim();
    expect(text).toContain('acme.dev/contact:');
    expect(parseSimpleYaml(text)).toStrictEqual(YAML.parse(text));
  });

  const READ = [
    'a: 1\nb: x',
    'a:\n  b: 1\n  c:\n    - x\n    - y: 1\n      z: 2\nd: []\ne: {}',
    'a:\n- x\n- y\nb: 2',
    "a: ''\nb: 'it''s'\nc: \"x y\"\nd: it's\ne: a#b\nf: http://x:1/y",
    'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: yes\ng: on\nh: y\ni: no',
    'a: 007\nb: -0\nc: +5\nd: 0o17\ne: 0x1F\nf: 1e3\ng: .5\nh: 1.\ni: -.inf\nj: .NaN\nk: 1_000\nl: 0b1\nm: 12345678901234567890\nn: 1.2.3',
    'a: -1\nb: -.5\nc: -.x\nd: -1abc\ne: +x\nf: .x\ng: x,y\nh: x[0]\ni: a:b',
    '- a: 1\n  b:\n  - x\n- c\n- 2',
    'a:\nb:',
    'key.with-dots_: v\n_x: 1\nexample.com/x: y',
  ];
  test.each(READ)('reads %j as YAML.parse does', (text) => {
    expect(parseSimpleYaml(text)).toStrictEqual(YAML.parse(text));
  });

  const DECLINED = [
    'a: 1\n\nb: 2', // blank line
    'a: 1 # comment\nb: 2',
    '# comment\na: 1',
    'a: &x 1\nb: *x',
    'a: !!str 1\nb: 2',
    'a: |\n  x\nb: 2',
    'a: >\n  x\nb: 2',
    'a: [1, 2]\nb: 2',
    'a: {x: 1}\nb: 2',
    'a: "x\\ny"\nb: 2',
    "a: 'x\nb: 2",
    'a: x\n  continued\nb: 2',
    'a: 1\na: 2', // duplicate key: yaml throws
    'true: 1\nb: 2',
    'null: 1\nb: 2',
    '__proto__: 1\nb: 2',
    '"a": 1\nb: 2',
    'a b: 1\nc: 2',
    'a: 1\n b: 2',
    'a:\n  - x\n  b: 1',
    '- x\na: 1',
    '-\n  x\n- y',
    '- - x\n- y',
    '---\na: 1',
    'a: 1\n...',
    '? a\n: 1',
    'a:\tx\nb: 1',
    'a: 1\r\nb: 2',
    'a: é\nb: 2',
    'a: x: y\nb: 2',
    'a: x:\nb: 2',
    'a:  x\nb: 2',
    'a: x \nb: 2',
    'a: @x\nb: 2',
    'a: %x\nb: 2',
    'a: - x\nb: 2',
    `${'k'.repeat(1025)}: 1\nb: 2`,
  ];
  test.each(DECLINED)('declines %j (left to yaml)', (text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});
