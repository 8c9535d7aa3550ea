import { Construct } from 'constructs';
import { ExternalSecret, Password } from '../../imports/external-secrets';
import { InstallationContext } from '../context';
import { ValueSource } from './generate';
import { PlannedSecret } from './plan';

/** How one Secret is provided with `cdk8s.secrets.externalSecrets`. */
export type ExternalSecretMode = 'store' | 'generator';

/** Refresh interval of ExternalSecrets read from the store. */
export const DEFAULT_REFRESH_INTERVAL = '1h';

/** Props of `ExternalSecrets`. */
export interface ExternalSecretsProps {
  /** The installation the component belongs to: its config, names, labels, images and namespace. */
  readonly context: InstallationContext;
  /** The installation's Secrets (`GitpodInstallation.secretPlan()` of the other components). */
  readonly plan: readonly PlannedSecret[];
}

/**
 * With `cdk8s.secrets.externalSecrets`, the Secrets come from External Secrets (external-secrets.io)
 * instead of `gitpod-cdk8s secrets`:
 * - Secrets the user brings, and generated Secrets whose values other Secrets share (or that need
 *   hashing, base64 or a certificate), are read from the SecretStore: one ExternalSecret each,
 *   `remoteRef.key` = the Secret's name, `property` = the key;
 * - the other generated Secrets get a `Password` generator per random value, fetched once
 *   (`refreshInterval: 0s`, so the values never rotate) and kept when the ExternalSecret goes.
 * Certificates stay cert-manager's.
 */
export class ExternalSecrets extends Construct {
  /** The component name: its `component` label, the prefix of its object names, its output file. */
  public static readonly COMPONENT = 'external-secrets';

  /** One per Secret, by Secret name. */
  public readonly externalSecrets: Record<string, ExternalSecret> = {};
  /** The `Password` generators of the owned Secrets that are not read from the store. */
  public readonly passwordGenerators: Password[] = [];

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const ctx = props.context;
    const eso = ctx.config.cdk8s?.secrets?.externalSecrets;
    if (!eso) throw new Error('ExternalSecrets needs cdk8s.secrets.externalSecrets');
    const component = ExternalSecrets.COMPONENT;
    const store = { kind: eso.storeRef.kind, name: eso.storeRef.name };

    for (const s of props.plan) {
      const mode = externalSecretMode(s);
      if (!mode) continue;
      const metadata = ctx.metadata(component, s.name);
      const template = { engineVersion: 'v2', type: s.type ?? 'Opaque', ...(s.labels ? { metadata: { labels: s.labels } } : {}) };
      if (mode === 'store') {
        this.externalSecrets[s.name] = new ExternalSecret(this, `store-${s.name}`, {
          metadata,
          spec: {
            refreshInterval: eso.refreshInterval ?? DEFAULT_REFRESH_INTERVAL,
            secretStoreRef: store,
            target: { name: s.name, creationPolicy: 'Owner', template },
            ...(s.keys.length > 0
              ? { data: s.keys.map((key) => ({ secretKey: key, remoteRef: { key: s.name, property: key } })) }
              : { dataFrom: [{ extract: { key: s.name } }] }),
          },
        });
        continue;
      }
      const { data, passwords } = templateOf(s);
      const generators = passwords.map(({ variable, length }) => {
        const gen = new Password(this, `password-${s.name}-${variable}`, {
          metadata: ctx.metadata(component, `${s.name}-${variable.replace(/_/g, '-')}`),
          spec: { length, digits: Math.floor(length / 4), symbols: 0, noUpper: false, allowRepeat: true },
        });
        this.passwordGenerators.push(gen);
        return { gen, variable };
      });
      this.externalSecrets[s.name] = new ExternalSecret(this, `generated-${s.name}`, {
        metadata,
        spec: {
          refreshInterval: '0s',
          target: { name: s.name, creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { ...template, data } },
          dataFrom: generators.map(({ gen, variable }) => ({
            sourceRef: { generatorRef: { apiVersion: Password.GVK.apiVersion, kind: Password.GVK.kind, name: gen.name } },
            rewrite: [{ regexp: { source: '^password$', target: variable } }],
          })),
        },
      });
    }
  }
}

/**
 * `store` for what the user brings (and undeclared Secrets), and for generated Secrets that a
 * Password generator cannot make alone; `generator` otherwise; undefined for cert-manager's and
 * for optional Secrets.
 */
export function externalSecretMode(s: PlannedSecret): ExternalSecretMode | undefined {
  if (s.source === 'cert-manager' || s.optional || s.platform) return undefined;
  if (s.source !== 'generated') return 'store';
  if (s.sharesValues || !s.generate) return 'store';
  return templateOf(s).expressible ? 'generator' : 'store';
}

interface PasswordVariable {
  readonly variable: string;
  readonly length: number;
}

/**
 * The ExternalSecret template of a generated Secret: its generator run with placeholder
 * passwords, each replaced by `{{ .<variable> }}`. Not expressible when the generator transforms a
 * value (base64, a hash, a certificate) or a key has no generator.
 */
function templateOf(s: PlannedSecret): { expressible: boolean; data: Record<string, string>; passwords: PasswordVariable[] } {
  const passwords = new Map<string, PasswordVariable>();
  let expressible = s.fallbackKeys.length === 0;
  const placeholder = (variable: string) => `ESOPLACEHOLDER${variable.toUpperCase()}END`;
  const source: ValueSource = {
    password: (name, length = 32) => {
      const variable = name.replace(/[^A-Za-z0-9]/g, '_');
      passwords.set(variable, { variable, length });
      return placeholder(variable);
    },
    base64: () => {
      expressible = false;
      return '';
    },
    bcrypt: () => {
      expressible = false;
      return '';
    },
    certificate: () => {
      expressible = false;
      return { cert: '', key: '' };
    },
  };
  const values = s.generate ? s.generate(source) : {};
  if (passwords.size === 0) expressible = false; // nothing random: nothing to generate
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    let text = value;
    for (const { variable } of passwords.values()) text = text.split(placeholder(variable)).join(`{{ .${variable} }}`);
    if (/ESOPLACEHOLDER/.test(text)) expressible = false;
    data[key] = text;
  }
  return { expressible, data, passwords: [...passwords.values()] };
}
