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

/** `rabbitmq.conf` (no password in it): the same text the message bus's ConfigMap holds. */
export { RABBITMQ_CONF } from '../dependencies/rabbitmq';
