import { Construct } from 'constructs';
import { databaseOf } from '../dependencies/defaults';
import { databaseJob } from '../common/workload';
import { componentServiceAccount, podSecurityRoleBinding } from '../common/rbac';
import { k8s } from '../k8s';
import { hardened } from '../common/security';
import { defaultEnv, withCustomEnv } from '../common/env';
import { ComponentProps, DatabaseClientProps } from '../common/props';

/** The migrations Job's shell command: wait for the database, show and then run the TypeORM migrations. */
export const MIGRATIONS_COMMAND =
  'cd /app/node_modules/@gitpod/gitpod-db && yarn run wait-for-db && yarn run typeorm migration:show || true && yarn run typeorm migration:run';

/** Props of `Migrations`. */
export interface MigrationsProps extends ComponentProps, DatabaseClientProps {
  /**
   * Run the migrations Job; without it only the ServiceAccount and RoleBinding are rendered.
   * @default true unless `experimental.webapp.disableMigration`
   */
  readonly enabled?: boolean;
}

/**
 * The database migrations: a Job (removed 60 s after it finishes) that runs the TypeORM migrations
 * of the release. `experimental.webapp.disableMigration` leaves the Job out; its RBAC stays.
 */
export class Migrations extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'migrations';

  /** Undefined with `experimental.webapp.disableMigration`. */
  public readonly job?: k8s.KubeJob;
  /** The component's ServiceAccount; patch it for what the props do not cover. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's RoleBinding; patch it for what the props do not cover. */
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    const ctx = props.context;
    const database = databaseOf(this, props);
    const component = Migrations.COMPONENT;

    this.serviceAccount = componentServiceAccount(this, ctx, component);
    this.roleBinding = podSecurityRoleBinding(this, ctx, component);
    if (!(props.enabled ?? !ctx.config.experimental?.webapp?.disableMigration)) return;

    this.job = databaseJob(this, ctx, {
      component,
      name: component,
      serviceAccountName: this.serviceAccount.name,
      database,
      containers: [
        // Not a componentContainer: the Job is not among the `podConfig` components (POD_CONFIG_COMPONENTS), its resources stay fixed.
        {
          name: component,
          image: ctx.gitpodImage('db-migrations', ctx.versions.components.dbMigrations.version),
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', MIGRATIONS_COMMAND],
          resources: {},
          // Root (the image has no USER) running yarn in /app, which belongs to uid 10000
          // (components/gitpod-db/leeway.Dockerfile): without DAC_OVERRIDE any write there
          // would fail, so the default capabilities stay; root fs writable for yarn.
          securityContext: hardened({}, { keepCapabilities: true }),
          env: withCustomEnv(ctx, component, [...database.clientEnv(), ...defaultEnv(ctx)]),
        },
      ],
    });
  }
}
