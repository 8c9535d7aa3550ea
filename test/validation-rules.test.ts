import { durationSeconds, goDurationProblem, quantityValue, ruleFindings } from '../src/validation/rules';
import { find, render } from './helpers';

const objects = render();
const copy = (kind: string, name: string) => structuredClone(find(objects, kind, name));
/** `<path>: <message>` of every rule finding. */
const rules = (o: Record<string, any>) => ruleFindings('gitpod', o).map((f) => `${f.path}: ${f.message}`);

describe('rules the schemas miss', () => {
  test('the default rendering breaks none of them', () => {
    for (const o of objects) expect(rules(o)).toEqual([]);
  });

  describe('names', () => {
    test('object names are RFC 1123 subdomains', () => {
      const d = copy('Deployment', 'proxy');
      d.metadata.name = 'Proxy_X';
      expect(rules(d)).toEqual([
        `metadata.name: "Proxy_X" is not an RFC 1123 subdomain (lower-case a-z, 0-9, '-' and '.', starting and ending alphanumeric)`,
      ]);
    });

    test('Service names are RFC 1123 labels (no dots, at most 63 characters)', () => {
      const s = copy('Service', 'proxy');
      s.metadata.name = 'proxy.public';
      expect(rules(s)).toEqual([expect.stringMatching(/^metadata\.name: "proxy\.public" is not an RFC 1123 label/)]);
      s.metadata.name = 'p'.repeat(64);
      expect(rules(s)).toEqual(['metadata.name: must be at most 63 characters (RFC 1123 label), found 64']);
    });

    test('RBAC names may hold colons (upstream `<ns>-ns-psp:privileged`) but no slash', () => {
      const r = copy('ClusterRole', 'default-ns-psp:privileged');
      expect(rules(r)).toEqual([]);
      r.metadata.name = 'a/b';
      expect(rules(r)).toEqual([`metadata.name: "a/b" may not be '.', '..' or contain '/' or '%'`]);
    });

    test('cluster-scoped objects take no namespace; namespaced ones name theirs', () => {
      const r = copy('ClusterRole', 'default-kube-rbac-proxy');
      r.metadata.namespace = 'default';
      expect(rules(r)).toEqual(['metadata.namespace: ClusterRole is cluster-scoped and takes no namespace']);
      const c = copy('ConfigMap', 'proxy-config');
      delete c.metadata.namespace;
      expect(rules(c)).toEqual(['metadata.namespace: namespaced objects name their namespace (the output is applied as it is)']);
    });
  });

  describe('labels and annotations', () => {
    test('label values: at most 63 characters, alphanumeric edges', () => {
      const c = copy('ConfigMap', 'proxy-config');
      c.metadata.labels.team = '-platform';
      c.metadata.labels.long = 'x'.repeat(64);
      expect(rules(c)).toEqual([
        `metadata.labels.team: label value "-platform" must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
        `metadata.labels.long: label value "${'x'.repeat(64)}" must be at most 63 characters`,
      ]);
    });

    test('label and annotation keys: a DNS prefix and a qualified name', () => {
      const c = copy('ConfigMap', 'proxy-config');
      c.metadata.labels['Acme_Corp/team'] = 'a';
      c.metadata.annotations = { 'acme.dev/': 'x' };
      expect(rules(c)).toEqual([
        expect.stringMatching(/^metadata\.labels\["Acme_Corp\/team"\]: label key "Acme_Corp\/team": prefix "Acme_Corp" is not an RFC 1123 subdomain/),
        'metadata.annotations["acme.dev/"]: annotation key "acme.dev/": name part must be 1-63 characters',
      ]);
    });

    test('pod template labels and selector values are checked too', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.template.metadata.labels.version = 'v1 beta';
      expect(rules(d)).toEqual([expect.stringMatching(/^spec\.template\.metadata\.labels\.version: label value "v1 beta"/)]);
      const np = copy('NetworkPolicy', 'proxy-deny-all-allow-explicit');
      np.spec.ingress[1].from[0].podSelector.matchLabels.component = 'server!';
      expect(rules(np)).toEqual([expect.stringMatching(/^spec\.ingress\[1\]\.from\[0\]\.podSelector\.matchLabels\.component: label value "server!"/)]);
    });
  });

  describe('selectors', () => {
    test("a workload's selector must match its own pod template", () => {
      const d = copy('Deployment', 'proxy');
      d.spec.selector.matchLabels.component = 'proxy-v2';
      expect(rules(d)).toEqual([
          `spec.selector: does not match the pod template's labels {"app":"gitpod","component":"proxy"}: \`selector\` must be a subset of \`template.metadata.labels\``,
      ]);
    });

    test('matchExpressions count as well', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.selector.matchExpressions = [{ key: 'tier', operator: 'In', values: ['edge'] }];
      expect(rules(d)).toEqual([expect.stringMatching(/^spec\.selector: does not match the pod template's labels/)]);
      d.spec.template.metadata.labels.tier = 'edge';
      expect(rules(d)).toEqual([]);
    });

    test('an empty selector is refused', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.selector = { matchLabels: {} };
      expect(rules(d)).toEqual(['spec.selector: must select at least one label (an empty selector matches every pod)']);
    });
  });

  describe('pod specs', () => {
    test('container names are unique labels; port names IANA service names', () => {
      const d = copy('Deployment', 'proxy');
      const spec = d.spec.template.spec;
      spec.containers[0].name = 'proxy';
      spec.containers[1].ports[0].name = 'http-for-the-proxy';
      expect(rules(d)).toEqual([
        'spec.template.spec.containers[1].name: duplicate container name "proxy"',
        `spec.template.spec.containers[1].ports[0].name: "http-for-the-proxy" is not an IANA service name (at most 15 lower-case alphanumerics and '-', with a letter, no '--')`,
      ]);
    });

    test('a mount names a volume of the pod', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.template.spec.containers[1].volumeMounts[0].name = 'vhost';
      expect(rules(d)).toEqual(['spec.template.spec.containers[1].volumeMounts[0].name: mounts volume "vhost", which the pod does not define']);
    });

    test('requests may not exceed limits', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.template.spec.containers[1].resources = { requests: { memory: '2Gi' }, limits: { memory: '1024Mi' } };
      expect(rules(d)).toEqual(['spec.template.spec.containers[1].resources.requests.memory: request 2Gi exceeds the limit 1024Mi']);
    });

    test('environment variable names', () => {
      const d = copy('Deployment', 'proxy');
      d.spec.template.spec.containers[1].env[0].name = '1st VAR';
      expect(rules(d)).toEqual(['spec.template.spec.containers[1].env[0].name: "1st VAR" is not a valid environment variable name']);
    });

    test('Service ports: named when several, unique, in range', () => {
      const s = copy('Service', 'proxy');
      delete s.spec.ports[0].name;
      s.spec.ports[1].port = 70000;
      expect(rules(s)).toEqual([
        'spec.ports[0].name: a Service with several ports must name each of them',
        'spec.ports[1].port: 70000 is not a port number (1-65535)',
      ]);
    });
  });

  describe('cert-manager', () => {
    test('durations are Go durations', () => {
      const c = copy('Certificate', 'ca-issuer-ca');
      c.spec.duration = 'ninety days';
      expect(rules(c)).toEqual(['spec.duration: "ninety days" is not a Go duration (e.g. 2160h, 90m, 1h30m)']);
    });

    test("cert-manager's minimums and renewBefore < duration", () => {
      const c = copy('Certificate', 'ca-issuer-ca');
      c.spec.duration = '30m';
      expect(rules(c)).toEqual(["spec.duration: 30m is shorter than cert-manager's minimum of 1h"]);
      c.spec.duration = '24h';
      c.spec.renewBefore = '48h';
      expect(rules(c)).toEqual(['spec.renewBefore: 48h must be shorter than the duration 24h']);
      c.spec.renewBefore = '1m';
      expect(rules(c)).toEqual(["spec.renewBefore: 1m is shorter than cert-manager's minimum of 5m"]);
    });

    test('a Certificate names a subject', () => {
      const c = copy('Certificate', 'ca-issuer-ca');
      delete c.spec.commonName;
      expect(rules(c)).toEqual(['spec: at least one of commonName, dnsNames, uris, emailAddresses, ipAddresses must be set']);
    });

    test('an Issuer configures exactly one issuer type', () => {
      const i = copy('Issuer', 'ca-issuer');
      i.spec.selfSigned = {};
      expect(rules(i)).toEqual(['spec: configures ca and selfSigned; exactly one issuer type is allowed']);
      i.spec = {};
      expect(rules(i)).toEqual(['spec: must configure one issuer type (acme, ca, vault, selfSigned or venafi)']);
    });
  });

  test('helpers: Go durations and quantities', () => {
    expect(goDurationProblem('2160h0m0s')).toBeUndefined();
    expect(goDurationProblem('1h30m')).toBeUndefined();
    expect(goDurationProblem('90d')).toBeDefined();
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('10k')).toBe(10000);
    expect(quantityValue('lots')).toBeUndefined();
  });
});
