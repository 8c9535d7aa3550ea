import * as fs from 'fs';
import * as path from 'path';
import { podSecurityLevel, securityDoc } from '../src/security/report';

describe('docs/security.md', () => {
  test('is what the rendering generates today (regenerate: npm run security-doc)', () => {
    const checkedIn = fs.readFileSync(path.join(__dirname, '..', 'docs', 'security.md'), 'utf8');
    expect(checkedIn).toBe(securityDoc());
  });
});

describe('Pod Security level of a pod spec (Kubernetes 1.27 rules)', () => {
  const hardened = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const pod = (securityContext: object, extra: object = {}) => ({ containers: [{ name: 'c', securityContext }], ...extra });

  test('restricted: no escalation, all capabilities dropped, non-root, RuntimeDefault seccomp', () => {
    expect(podSecurityLevel(pod(hardened, { volumes: [{ name: 'v', emptyDir: {} }] }))).toBe('restricted');
    expect(podSecurityLevel(pod({ ...hardened, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))).toBe('restricted');
  });

  test('baseline: each restricted rule broken alone', () => {
    expect(podSecurityLevel(pod({ ...hardened, allowPrivilegeEscalation: undefined }))).toBe('baseline');
    expect(podSecurityLevel(pod({ ...hardened, runAsNonRoot: undefined }))).toBe('baseline');
    expect(podSecurityLevel(pod({ ...hardened, runAsUser: 0, runAsNonRoot: undefined }))).toBe('baseline');
    expect(podSecurityLevel(pod({ ...hardened, seccompProfile: undefined }))).toBe('baseline');
    expect(podSecurityLevel(pod({ ...hardened, capabilities: undefined }))).toBe('baseline');
    expect(podSecurityLevel(pod({ ...hardened, capabilities: { drop: ['ALL'], add: ['CHOWN'] } }))).toBe('baseline');
    // Pod-level seccomp and runAsNonRoot count for every container.
    expect(podSecurityLevel(pod({ ...hardened, seccompProfile: undefined, runAsNonRoot: undefined }, {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true },
    }))).toBe('restricted');
  });

  test('privileged: host namespaces, hostPath, hostPort, privileged, extra capabilities, unsafe sysctls', () => {
    expect(podSecurityLevel(pod(hardened, { hostPID: true }))).toBe('privileged');
    expect(podSecurityLevel(pod(hardened, { volumes: [{ name: 'h', hostPath: { path: '/' } }] }))).toBe('privileged');
    expect(podSecurityLevel({ containers: [{ name: 'c', securityContext: hardened, ports: [{ containerPort: 1, hostPort: 1 }] }] })).toBe('privileged');
    expect(podSecurityLevel(pod({ privileged: true }))).toBe('privileged');
    expect(podSecurityLevel(pod({ capabilities: { add: ['SYS_ADMIN'] } }))).toBe('privileged');
    expect(podSecurityLevel(pod({}, { securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }] } }))).toBe('privileged');
    expect(podSecurityLevel(pod({}, { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65000' }] } }))).toBe('baseline');
  });
});
