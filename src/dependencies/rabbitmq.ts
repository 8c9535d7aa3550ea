import { Construct } from 'constructs';
import { declareSecret } from '../secrets/declare';
import { DEPENDENCY, markRole } from '../common/roles';
import type { SecretSpec } from '../secrets/spec';
import type { ValueSource } from '../secrets/generate';
import { IMessageBus, SecretMessageBus } from './message-bus';
import { Certificate } from '../../imports/cert-manager';
import { chartLabels, chartMetadata, dataClaimTemplate, imagePullSecrets, volumeSize } from '../common/dependency';
import { podSecurityRoleBinding } from '../common/rbac';
import { internalCertificate } from '../components/cluster';
import { InstallationContext, WorkloadLabel } from '../context';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { THIRD_PARTY_IMAGES, ThirdPartyImage } from '../images';
import { ComponentProps } from '../common/props';

/** The message-bus user (upstream's constant). */
export const MESSAGEBUS_USER = 'gitpod';

/**
 * The Secrets the message bus and its clients read (none is rendered). The same password must be
 * in `rabbitmq.password`, `messagebus.rabbitmq-password` and the `gitpod` user of
 * `load-definition` (see `messageBusDefinitions`).
 */
export const MESSAGEBUS_SECRETS = {
  /** Read by server and ws-manager-bridge (`IMessageBus.clientEnv()`). */
  client: {
    /** Secret name. */
    name: 'rabbitmq',
    /** Its keys. */
    keys: {
      /** The message-bus user. */
      username: 'username',
      /** That user's password. */
      password: 'password',
    },
  },
  /** Read by RabbitMQ (RABBITMQ_PASSWORD). */
  server: {
    /** Secret name. */
    name: 'messagebus',
    /** Its keys. */
    keys: {
      /** The `gitpod` user's password. */
      password: 'rabbitmq-password',
    },
  },
  /** The cookie the Erlang nodes share. */
  erlangCookie: {
    /** Secret name. */
    name: 'messagebus-erlang-cookie',
    /** Its keys. */
    keys: {
      /** The Erlang cookie. */
      cookie: 'rabbitmq-erlang-cookie',
    },
  },
  /** Users, vhost, exchanges, queues and policies, loaded at boot; it holds the password. */
  definitions: {
    /** Secret name. */
    name: 'load-definition',
    /** Its keys. */
    keys: {
      /** RabbitMQ's definitions JSON. */
      definitions: 'load_definition.json',
    },
  },
} as const;

/** The TLS Secret of the message bus (`ca.crt`, `tls.crt`, `tls.key`), issued by the internal CA. */
export const MESSAGEBUS_TLS_SECRET = 'messagebus-certificates-secret-core';

/** The message bus (RabbitMQ) image. */
export const RABBITMQ_IMAGE: ThirdPartyImage = THIRD_PARTY_IMAGES.rabbitmq;

/** The selector labels of the bitnami rabbitmq chart (release `rabbitmq`). */
const SELECTOR = { 'app.kubernetes.io/name': 'rabbitmq', 'app.kubernetes.io/instance': 'rabbitmq' };

/** RabbitMQ's ports by Service port name: the number and the container port it targets. */
const PORTS = {
  amqp: { port: 5672, container: 'amqp' },
  'amqp-ssl': { port: 5671, container: 'amqp-ssl' },
  epmd: { port: 4369, container: 'epmd' },
  dist: { port: 25672, container: 'dist' },
  'http-stats': { port: 15672, container: 'stats' },
  metrics: { port: 9419, container: 'metrics' },
} as const;
type PortName = keyof typeof PORTS;

/** Service ports in the given order (upstream's two Services list them differently). */
const servicePorts = (...names: PortName[]): k8s.ServicePort[] =>
  names.map((name) => ({ name, port: PORTS[name].port, targetPort: k8s.IntOrString.fromString(PORTS[name].container) }));

/**
 * The content of the `load-definition` Secret (key `load_definition.json`) for a password: what
 * upstream renders, so the `secrets` command can write it. Never called while rendering.
 */
export function messageBusDefinitions(password: string): string {
  return JSON.stringify({
    users: [{ name: MESSAGEBUS_USER, password, tags: 'administrator' }],
    vhosts: [{ name: '/' }],
    parameters: [],
    permissions: [{ user: MESSAGEBUS_USER, vhost: '/', configure: '.*', write: '.*', read: '.*' }],
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
      { name: 'ha-all', vhost: '/', pattern: '.*', definition: { 'ha-mode': 'all', 'ha-sync-mode': 'automatic', 'ha-sync-batch-size': 5 } },
    ],
  });
}

/**
 * The Secrets the message bus owns (generated once by `gitpod-cdk8s secrets`; none is rendered).
 * The same password is in `rabbitmq`, `messagebus` and `load-definition`.
 */
export function rabbitMQSecrets(ctx: InstallationContext): SecretSpec[] {
  const c = ctx.config;
  const helm = SELECTOR;
  const gitpod = { app: 'gitpod', component: RabbitMQ.COMPONENT };
  const busPassword = (v: ValueSource) => c.experimental?.common?.staticMessagebusPassword ?? v.password('messagebus-password');
  const gen = (spec: Omit<SecretSpec, 'source'>): SecretSpec => ({ source: 'generated', type: 'Opaque', ...spec });
  return [
    gen({
      name: MESSAGEBUS_SECRETS.client.name,
      keys: ['username', 'password'],
      purpose: 'message bus credentials of server and ws-manager-bridge',
      labels: helm,
      stringData: true,
      sharesValues: true,
      generate: (v) => ({ username: MESSAGEBUS_USER, password: busPassword(v) }),
    }),
    gen({
      name: MESSAGEBUS_SECRETS.server.name,
      keys: [MESSAGEBUS_SECRETS.server.keys.password],
      purpose: 'RabbitMQ password (bitnami chart)',
      labels: helm,
      sharesValues: true,
      generate: (v) => ({ [MESSAGEBUS_SECRETS.server.keys.password]: busPassword(v) }),
    }),
    gen({
      name: MESSAGEBUS_SECRETS.definitions.name,
      keys: [MESSAGEBUS_SECRETS.definitions.keys.definitions],
      purpose: 'RabbitMQ definitions: the gitpod user (with its password), exchanges, queues',
      labels: helm,
      stringData: true,
      sharesValues: true,
      generate: (v) => ({ [MESSAGEBUS_SECRETS.definitions.keys.definitions]: messageBusDefinitions(busPassword(v)) }),
    }),
    gen({
      // Replaced by cert-manager when a Certificate in the rendering issues it (see resolveSecrets).
      name: MESSAGEBUS_TLS_SECRET,
      keys: ['ca.crt', 'tls.crt', 'tls.key'],
      purpose: 'message bus TLS (RabbitMQ server and its clients); upstream ships a fixed key',
      labels: gitpod,
      generate: (v) => {
        // RabbitMQ trusts tls.crt itself as CA (existingSecretFullChain), so one self-signed certificate serves all.
        const { cert, key } = v.certificate('messagebus', {
          commonName: 'msgbus-client',
          dnsNames: ['messagebus', ctx.serviceHost('messagebus'), `messagebus.${ctx.namespace}.svc`, 'messagebus-headless', ctx.serviceHost('messagebus-headless')],
        });
        return { 'ca.crt': cert, 'tls.crt': cert, 'tls.key': key };
      },
    }),
    gen({
      name: MESSAGEBUS_SECRETS.erlangCookie.name,
      keys: [MESSAGEBUS_SECRETS.erlangCookie.keys.cookie],
      purpose: 'RabbitMQ Erlang cookie',
      labels: gitpod,
      generate: (v) => ({ [MESSAGEBUS_SECRETS.erlangCookie.keys.cookie]: v.password('erlang-cookie') }),
    }),
    gen({
      // Upstream's chart mounted rabbitmq.conf from this Secret; ours mounts the ConfigMap of the same name.
      name: 'messagebus-config',
      keys: ['rabbitmq.conf'],
      purpose: "upstream's Secret form of rabbitmq.conf (no credentials); read by nothing here (the ConfigMap of the same name is), kept so a moved installation keeps its object set",
      labels: helm,
      generate: () => ({ 'rabbitmq.conf': RABBITMQ_CONF }),
    }),
  ];
}

/** The connection to the in-cluster RabbitMQ, with the Secrets it owns. */
export function rabbitMQConnection(ctx: InstallationContext): SecretMessageBus {
  return new SecretMessageBus({ credentialsSecret: MESSAGEBUS_SECRETS.client.name, tlsSecret: MESSAGEBUS_TLS_SECRET, secrets: rabbitMQSecrets(ctx) });
}

/** Props of `RabbitMQ`. */
export interface RabbitMQProps extends ComponentProps {}

/**
 * The message bus: RabbitMQ 3.11 as StatefulSet `messagebus` with Services `messagebus` and
 * `messagebus-headless`, names and selectors as upstream's bitnami chart.
 *
 * TLS (port 5671, client certificates required) uses a cert-manager Certificate issued by the
 * internal `ca-issuer` into `messagebus-certificates-secret-core`; RabbitMQ trusts that CA and
 * the clients present the same certificate. `rabbitmq.conf` holds no secret and is the ConfigMap
 * `messagebus-config`; the password and the definitions (which embed it) come from Secrets.
 *
 * Upstream keeps no data (emptyDir); `cdk8s.storage.messagebus` switches to a volume claim
 * `data` (a new StatefulSet: delete the old one first, claim templates cannot change).
 */
export class RabbitMQ extends Construct implements IMessageBus {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'rabbitmq';

  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The component's TLS Certificate (cert-manager, from the internal CA). */
  public readonly certificate: Certificate;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The Role (endpoint reader role); patch it for what the props do not cover. */
  public readonly endpointReaderRole: k8s.KubeRole;
  /** The RoleBinding (endpoint reader binding); patch it for what the props do not cover. */
  public readonly endpointReaderBinding: k8s.KubeRoleBinding;
  /** The component's ConfigMap; patch it for what the props do not cover. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The component's NetworkPolicy; patch it for what the props do not cover. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The component's PodDisruptionBudget; patch it for what the props do not cover. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** The component's Service; patch it for what the props do not cover. */
  public readonly service: k8s.KubeService;
  /** The Service (headless service); patch it for what the props do not cover. */
  public readonly headlessService: k8s.KubeService;
  /** The component's StatefulSet; patch it for what the props do not cover. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The Secrets the bus owns (`rabbitMQSecrets`). */
  public readonly secrets: readonly SecretSpec[];
  private readonly connection: SecretMessageBus;

  constructor(scope: Construct, id: string, props: RabbitMQProps) {
    super(scope, id);
    markRole(this, DEPENDENCY);
    const ctx = props.context;
    this.connection = rabbitMQConnection(ctx);
    this.secrets = this.connection.secrets;
    declareSecret(this, ...this.secrets);
    const component = RabbitMQ.COMPONENT;
    const meta = (name: string) => chartMetadata(ctx, component, name, SELECTOR);

    this.roleBinding = podSecurityRoleBinding(this, ctx, component);

    const services = ['messagebus', 'messagebus-headless'];
    this.certificate = internalCertificate(this, 'certificate', ctx, component, {
      name: MESSAGEBUS_TLS_SECRET,
      commonName: 'msgbus-client',
      dnsNames: [
        ...services.flatMap((s) => [s, `${s}.${ctx.namespace}`, `${s}.${ctx.namespace}.svc`, ctx.serviceHost(s)]),
        `*.${ctx.serviceHost('messagebus-headless')}`,
      ],
      usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'],
    });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: meta('rabbitmq'),
      automountServiceAccountToken: true,
      secrets: [{ name: MESSAGEBUS_SECRETS.server.name }],
      imagePullSecrets: imagePullSecrets(ctx),
    });
    // Peer discovery reads the endpoints of the headless Service.
    this.endpointReaderRole = new k8s.KubeRole(this, 'endpoint-reader-role', {
      metadata: meta('messagebus-endpoint-reader'),
      rules: [
        { apiGroups: [''], resources: ['endpoints'], verbs: ['get'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    });
    this.endpointReaderBinding = new k8s.KubeRoleBinding(this, 'endpoint-reader-binding', {
      metadata: meta('messagebus-endpoint-reader'),
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.endpointReaderRole.name },
    });

    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: meta('messagebus-config'),
      data: { 'rabbitmq.conf': RABBITMQ_CONF },
    });

    const port = (p: number): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromNumber(p) });
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: meta('messagebus'),
      spec: {
        podSelector: { matchLabels: SELECTOR },
        // EPMD, AMQP, AMQPS, Erlang distribution, management; then Prometheus scrapes.
        ingress: [{ ports: (['epmd', 'amqp', 'amqp-ssl', 'dist', 'http-stats'] as const).map((n) => port(PORTS[n].port)) }, { ports: [port(PORTS.metrics.port)] }],
      },
    });

    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: meta('messagebus'),
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: SELECTOR } },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: meta('messagebus'),
      spec: {
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ports: servicePorts('amqp', 'amqp-ssl', 'epmd', 'dist', 'http-stats', 'metrics'),
        selector: SELECTOR,
      },
    });
    this.headlessService = new k8s.KubeService(this, 'headless-service', {
      metadata: meta('messagebus-headless'),
      spec: {
        clusterIp: 'None',
        // Upstream's `amqp-ssl` here targets `amqp-tls`, which no container port is named (a dangling
        // reference the validation refuses); the container's TLS port is `amqp-ssl`. Service ports may change in place.
        ports: servicePorts('epmd', 'amqp', 'amqp-ssl', 'dist', 'http-stats'),
        selector: SELECTOR,
        publishNotReadyAddresses: true,
      },
    });

    const storage = ctx.config.cdk8s?.storage?.messagebus ? volumeSize(ctx, 'messagebus', '8Gi') : undefined;
    const fromSecret = (name: string, secret: { name: string }, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: secret.name, key } },
    });
    const field = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const exec = (script: string): k8s.ExecAction => ({ command: ['/bin/bash', '-ec', script] });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: meta('messagebus'),
      spec: {
        serviceName: this.headlessService.name,
        podManagementPolicy: 'OrderedReady',
        replicas: 1,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: {
            labels: chartLabels(ctx, component, SELECTOR),
            annotations: { 'prometheus.io/port': '9419', 'prometheus.io/scrape': 'true' },
          },
          spec: {
            serviceAccountName: this.serviceAccount.name,
            imagePullSecrets: imagePullSecrets(ctx),
            affinity: ctx.nodeAffinity(WorkloadLabel.META),
            securityContext: { fsGroup: 1001 },
            terminationGracePeriodSeconds: 120,
            containers: [
              {
                name: 'rabbitmq',
                image: ctx.thirdPartyImage(RABBITMQ_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                // As later bitnami charts (see minio.ts).
                securityContext: hardened({ runAsNonRoot: true, runAsUser: 1001 }),
                lifecycle: {
                  preStop: {
                    exec: exec(
                      [
                        'if [[ -f /opt/bitnami/scripts/rabbitmq/nodeshutdown.sh ]]; then',
                        '    /opt/bitnami/scripts/rabbitmq/nodeshutdown.sh -t "120" -d "false"',
                        'else',
                        '    rabbitmqctl stop_app',
                        'fi',
                        '',
                      ].join('\n'),
                    ),
                  },
                },
                env: [
                  { name: 'BITNAMI_DEBUG', value: 'false' },
                  field('MY_POD_IP', 'status.podIP'),
                  field('MY_POD_NAME', 'metadata.name'),
                  field('MY_POD_NAMESPACE', 'metadata.namespace'),
                  { name: 'K8S_SERVICE_NAME', value: this.headlessService.name },
                  { name: 'K8S_ADDRESS_TYPE', value: 'hostname' },
                  { name: 'RABBITMQ_FORCE_BOOT', value: 'no' },
                  { name: 'RABBITMQ_NODE_NAME', value: 'rabbit@$(MY_POD_NAME).$(K8S_SERVICE_NAME).$(MY_POD_NAMESPACE).svc.cluster.local' },
                  { name: 'K8S_HOSTNAME_SUFFIX', value: '.$(K8S_SERVICE_NAME).$(MY_POD_NAMESPACE).svc.cluster.local' },
                  { name: 'RABBITMQ_MNESIA_DIR', value: '/bitnami/rabbitmq/mnesia/$(RABBITMQ_NODE_NAME)' },
                  { name: 'RABBITMQ_LDAP_ENABLE', value: 'no' },
                  { name: 'RABBITMQ_LOGS', value: '-' },
                  { name: 'RABBITMQ_ULIMIT_NOFILES', value: '65536' },
                  { name: 'RABBITMQ_USE_LONGNAME', value: 'true' },
                  fromSecret('RABBITMQ_ERL_COOKIE', MESSAGEBUS_SECRETS.erlangCookie, MESSAGEBUS_SECRETS.erlangCookie.keys.cookie),
                  { name: 'RABBITMQ_LOAD_DEFINITIONS', value: 'yes' },
                  { name: 'RABBITMQ_DEFINITIONS_FILE', value: '/app/load_definition.json' },
                  { name: 'RABBITMQ_SECURE_PASSWORD', value: 'yes' },
                  { name: 'RABBITMQ_USERNAME', value: MESSAGEBUS_USER },
                  fromSecret('RABBITMQ_PASSWORD', MESSAGEBUS_SECRETS.server, MESSAGEBUS_SECRETS.server.keys.password),
                  { name: 'RABBITMQ_PLUGINS', value: 'rabbitmq_management, rabbitmq_peer_discovery_k8s, rabbitmq_prometheus' },
                  { name: 'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS', value: '+sbwt none +sbwtdcpu none +sbwtdio none' },
                ],
                ports: (['amqp', 'dist', 'http-stats', 'epmd', 'metrics', 'amqp-ssl'] as const).map((n) => ({ name: PORTS[n].container, containerPort: PORTS[n].port })),
                livenessProbe: {
                  exec: exec('rabbitmq-diagnostics -q ping'),
                  failureThreshold: 6,
                  initialDelaySeconds: 30,
                  periodSeconds: 30,
                  successThreshold: 1,
                  timeoutSeconds: 20,
                },
                readinessProbe: {
                  exec: exec('rabbitmq-diagnostics -q check_running && rabbitmq-diagnostics -q check_local_alarms'),
                  failureThreshold: 3,
                  initialDelaySeconds: 10,
                  periodSeconds: 30,
                  successThreshold: 1,
                  timeoutSeconds: 20,
                },
                resources: ctx.resources(component, 'rabbitmq', {}),
                volumeMounts: [
                  { name: 'configuration', mountPath: '/bitnami/rabbitmq/conf' },
                  { name: 'data', mountPath: '/bitnami/rabbitmq/mnesia' },
                  { name: 'certs', mountPath: '/opt/bitnami/rabbitmq/certs' },
                  { name: 'load-definition-volume', mountPath: '/app', readOnly: true },
                ],
              },
            ],
            volumes: [
              {
                name: 'certs',
                secret: {
                  secretName: MESSAGEBUS_TLS_SECRET,
                  items: [
                    // The issuing CA verifies the clients' certificates (upstream used one self-signed certificate).
                    { key: 'ca.crt', path: 'ca_certificate.pem' },
                    { key: 'tls.crt', path: 'server_certificate.pem' },
                    { key: 'tls.key', path: 'server_key.pem' },
                  ],
                },
              },
              { name: 'configuration', projected: { sources: [{ configMap: { name: this.configMap.name } }] } },
              { name: 'load-definition-volume', secret: { secretName: MESSAGEBUS_SECRETS.definitions.name } },
              ...(storage ? [] : [{ name: 'data', emptyDir: {} }]),
            ],
          },
        },
        ...(storage ? { volumeClaimTemplates: [dataClaimTemplate(SELECTOR, storage)] } : {}),
      },
    });
  }

  public clientEnv(): k8s.EnvVar[] {
    return this.connection.clientEnv();
  }
}

/** `rabbitmq.conf` as upstream's chart values render it. No credentials: the password comes from env. */
export const RABBITMQ_CONF = [
  '## Username and password',
  '##',
  `default_user = ${MESSAGEBUS_USER}`,
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
