import { Usage } from '../src/components/usage';
import { WsDaemon } from '../src/components/ws-daemon';
import { WsManager } from '../src/components/ws-manager';
import { contextFor, find, Manifest, synthChart } from './helpers';

// The `settings` props of the components whose config.json upstream builds from a whole
// `experimental.*` section: given, they replace that section; absent, the config's is used.

const context = contextFor;
const synth = synthChart;

const configJson = (objects: Manifest[], name: string) => JSON.parse(find(objects, 'ConfigMap', name).data['config.json']);

test('WsManager: settings replace experimental.workspace in its config', () => {
  const ctx = context({ experimental: { workspace: { schedulerName: 'from-config' } } });
  const byConfig = configJson(synth((chart) => new WsManager(chart, 'ws-manager', { context: ctx })), 'ws-manager');
  expect(byConfig.manager.schedulerName).toBe('from-config');
  const byProps = configJson(synth((chart) => new WsManager(chart, 'ws-manager', { context: ctx, settings: { schedulerName: 'from-props' } })), 'ws-manager');
  expect(byProps.manager.schedulerName).toBe('from-props');
});

test('WsDaemon: settings replace experimental.workspace in its config', () => {
  const ctx = context({ experimental: { workspace: { procLimit: 100 } } });
  const byConfig = configJson(synth((chart) => new WsDaemon(chart, 'ws-daemon', { context: ctx })), 'ws-daemon');
  expect(byConfig.daemon.procLimit).toBe(100);
  const byProps = configJson(synth((chart) => new WsDaemon(chart, 'ws-daemon', { context: ctx, settings: { procLimit: 7 } })), 'ws-daemon');
  expect(byProps.daemon.procLimit).toBe(7);
});

test('Usage: settings replace experimental.webapp in its config', () => {
  const ctx = context({ experimental: { webapp: { usage: { schedule: '1h0m0s' } } } });
  const byConfig = configJson(synth((chart) => new Usage(chart, 'usage', { context: ctx })), 'usage');
  expect(byConfig.controllerSchedule).toBe('1h0m0s');
  const byProps = configJson(synth((chart) => new Usage(chart, 'usage', { context: ctx, settings: { usage: { schedule: '5m0s' } } })), 'usage');
  expect(byProps.controllerSchedule).toBe('5m0s');
});
