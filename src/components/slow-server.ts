import { Construct } from 'constructs';
import { InstallationContext } from '../context';
import { Server, ServerProps } from './server';

/** Props of `SlowServer`: those of `Server`. */
export type SlowServerProps = ServerProps;

/**
 * `slow-server`: a second server whose database traffic goes through toxiproxy (added latency),
 * for testing. Rendered only with `experimental.webapp.slowDatabase`. It has the server's objects
 * under its own name, never runs the DB deleter or the workspace GC, and shares the server's
 * image, replicas, resources, IDE config and `server-secrets`.
 */
export class SlowServer extends Server {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT: string = 'slow-server';

  /** Whether the config asks for the slow-server and toxiproxy. */
  public static enabled(ctx: InstallationContext): boolean {
    return ctx.config.experimental?.webapp?.slowDatabase === true;
  }

  protected static readonly VARIANT = {
    /** Component name of the objects. */
    component: 'slow-server',
    /** Reach the database through toxiproxy. */
    slow: true,
  };

  constructor(scope: Construct, id: string, props: SlowServerProps) {
    super(scope, id, props);
  }
}
