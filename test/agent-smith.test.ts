import { AgentSmith } from '../src/components/agent-smith';
import { container, find, podSpec, renderAlone } from './helpers';

// The component alone (helpers.renderAlone); whether it is rendered at all is asked of the whole installation.
const alone = (config: Parameters<typeof renderAlone>[2] = {}, namespace?: string) => renderAlone(AgentSmith, 'agent-smith', config, {}, namespace);

const workspaceKind = { kind: 'Workspace' as const };
const asConfig = (objects: any[]) => JSON.parse(find(objects, 'ConfigMap', 'agent-smith').data['config.json']);

describe('agent-smith', () => {
  const objects = alone(workspaceKind);
  const ds = find(objects, 'DaemonSet', 'agent-smith');

  test('selector and workspace-node affinity (regular OR headless)', () => {
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'gitpod', component: 'agent-smith' });
    expect(podSpec(ds).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map((t: any) => t.matchExpressions[0].key)).toEqual([
      'gitpod.io/workload_workspace_regular',
      'gitpod.io/workload_workspace_headless',
    ]);
  });

  test('privileged with hostPID; the checksum is on the DaemonSet, not the pod', () => {
    expect(podSpec(ds).hostPID).toBe(true);
    expect(container(ds, 'agent-smith').securityContext).toEqual({ privileged: true, procMount: 'Default' });
    expect(ds.metadata.annotations['gitpod.io/checksum_config']).toMatch(/^[0-9a-f]{64}$/);
    expect(ds.spec.template.metadata.annotations).toBeUndefined();
  });

  test('config: Gitpod API host, kubernetes on, namespace', () => {
    expect(asConfig(objects)).toEqual({
      gitpodAPI: { hostURL: 'https://gitpod.example.com', apiToken: '' },
      enforcement: {},
      kubernetes: { enabled: true },
      namespace: 'default',
      pprofAddr: '127.0.0.1:6060',
      prometheusAddr: '127.0.0.1:9500',
    });
  });

  test('experimental.agentSmith replaces the config, the namespace forced; an API token is refused', () => {
    const cfg = asConfig(alone({ ...workspaceKind, experimental: { agentSmith: { enforcement: { default: 'audit' }, namespace: 'x' } } }, 'gitpod'));
    expect(cfg.enforcement).toEqual({ default: 'audit' });
    expect(cfg.namespace).toBe('gitpod');
    expect(() => alone({ ...workspaceKind, experimental: { agentSmith: { gitpodAPI: { apiToken: 'secret' } } } })).toThrow(/apiToken/);
  });

  test('deny-all network policy; pods get/update Role', () => {
    const np = find(objects, 'NetworkPolicy', 'agent-smith');
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress).toBeUndefined();
    expect(find(objects, 'Role', 'agent-smith').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'update'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'default-agent-smith-rb-kube-rbac-proxy').subjects[0].name).toBe('agent-smith');
  });
});
