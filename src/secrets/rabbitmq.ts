/**
 * RabbitMQ content that carries the message-bus password and therefore lives in Secrets that
 * `gitpod-cdk8s secrets` generates (upstream `components/rabbitmq`: `load-definition`).
 */

/** The definitions RabbitMQ loads at boot: the gitpod user, its vhost, exchanges, queues, HA policy. */
export function rabbitmqDefinitions(user: string, password: string): Record<string, unknown> {
  return {
    users: [{ name: user, password, tags: 'administrator' }],
    vhosts: [{ name: '/' }],
    parameters: [],
    permissions: [{ user, vhost: '/', configure: '.*', write: '.*', read: '.*' }],
    exchanges: [
      { name: 'gitpod.ws.local', vhost: '/', type: 'topic', durable: true, auto_delete: false },
      { name: 'consensus-leader', vhost: '/', type: 'fanout', durable: false, auto_delete: false },
    ],
    bindings: [],
    queues: [
      { name: 'consensus-peers', vhost: '/', durable: false, auto_delete: false, arguments: {} },
      { name: 'pwsupdatable', vhost: '/', durable: true, auto_delete: false, arguments: {} },
    ],
    policies: [
      {
        name: 'ha-all',
        vhost: '/',
        pattern: '.*',
        definition: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic', 'ha-sync-batch-size': 5 },
      },
    ],
  };
}

/** `rabbitmq.conf` as the bitnami chart renders it for Gitpod (no password in it: that is in `messagebus`). */
export const RABBITMQ_CONF = [
  '## Username and password',
  '##',
  'default_user = gitpod',
  '## Clustering',
  '##',
  'cluster_formation.peer_discovery_backend  = rabbit_peer_discovery_k8s',
  'cluster_formation.k8s.host = kubernetes.default',
  'cluster_formation.node_cleanup.interval = 10',
  'cluster_formation.node_cleanup.only_log_warning = true',
  'cluster_partition_handling = autoheal',
  'load_definitions = /app/load_definition.json',
  '# queue master locator',
  'queue_master_locator = min-masters',
  '# enable guest user',
  'loopback_users.guest = false',
  'load_definitions = /app/load_definition.json',
  '# Increase statistics emission interval https://www.rabbitmq.com/management.html#statistics-interval',
  'collect_statistics_interval = 15000',
  '',
  'ssl_options.verify = verify_peer',
  'listeners.ssl.default = 5671',
  'ssl_options.fail_if_no_peer_cert = true',
  'ssl_options.cacertfile = /opt/bitnami/rabbitmq/certs/ca_certificate.pem',
  'ssl_options.certfile = /opt/bitnami/rabbitmq/certs/server_certificate.pem',
  'ssl_options.keyfile = /opt/bitnami/rabbitmq/certs/server_key.pem',
  '## Prometheus metrics',
  '##',
  'prometheus.tcp.port = 9419',
].join('\n');
