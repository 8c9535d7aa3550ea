/**
 * The component names whose workloads read `experimental.common.podConfig.<name>` (replicas,
 * resources). Declared statically so that a misspelt key can be reported whatever the config
 * renders; test/input-validation.test.ts keeps it equal to the names the renderings look up.
 */
export const POD_CONFIG_COMPONENTS: readonly string[] = [
  'agent-smith',
  'blobserve',
  'cloudsqlproxy',
  'content-service',
  'dashboard',
  'db',
  'ide-metrics',
  'ide-proxy',
  'ide-service',
  'image-builder-mk3',
  'minio',
  'openvsx-proxy',
  'proxy',
  'public-api-server',
  'rabbitmq',
  'registry-facade',
  'server',
  'toxiproxy',
  'usage',
  'ws-daemon',
  'ws-manager',
  'ws-manager-bridge',
  'ws-proxy',
];
