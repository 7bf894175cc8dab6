/** A key of a Secret or ConfigMap in the workload's namespace. */
export interface EnvKeyReference {
  /** The name of the Secret or ConfigMap. */
  readonly name: string;
  /** The key in its data. */
  readonly key: string;
}

/** A secret of the service in Google Secret Manager, one per environment (see {@link EnvValue.fromSecretManager}). */
export interface SecretManagerReference {
  /**
   * The secret's name within the service: a DNS-1123 label. The Secret
   * Manager secret is `<service>-<env>-<secretId>`, the file `<secretId>`.
   */
  readonly secretId: string;
  /**
   * Days between Secret Manager's rotation notifications on the service's
   * rotation topic (a whole number, 1 to 36500).
   * @default - no rotation schedule
   */
  readonly rotationPeriodDays?: number;
}

/** Options of a Secret Manager secret (see {@link EnvValue.fromSecretManager}). */
export interface SecretManagerOptions {
  /**
   * A rotation schedule: every this many days Secret Manager sends a
   * `SECRET_ROTATE` message to the service's rotation topic in Pub/Sub
   * (`<service>-<env>-secret-rotation`), for whatever adds the next version.
   * A whole number from 1 to 36500.
   * @default - no rotation schedule
   */
  readonly rotationPeriodDays?: number;
}

/**
 * The value of one environment variable of the service container: a plain
 * value, a reference to a key of a Secret or ConfigMap in the workload's
 * namespace, or a secret of the service in Secret Manager (only references
 * reach the Terraform state).
 *
 * @example
 * svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
 * svc.addEnv('API_TOKEN', EnvValue.fromSecret('api-token', 'token'));
 * svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
 */
export class EnvValue {
  /** A plain value, written into the Deployment and the Terraform state: never a credential. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue(value, undefined, undefined);
  }

  /** The value of `key` in the Secret `secretName` of the workload's namespace. */
  public static fromSecret(secretName: string, key: string): EnvValue {
    return new EnvValue(undefined, { name: secretName, key }, undefined);
  }

  /** The value of `key` in the ConfigMap `configMapName` of the workload's namespace. */
  public static fromConfigMap(configMapName: string, key: string): EnvValue {
    return new EnvValue(undefined, undefined, { name: configMapName, key });
  }

  /**
   * A secret of the service in Google Secret Manager. In every environment
   * the variable is set on, the library creates the secret
   * `<service>-<env>-<secretId>` (no value: `golden-paths secret set` adds
   * versions), lets the service's own Google service account alone read it,
   * and GKE's Secret Manager add-on mounts its latest version as the file
   * `/var/run/secrets/app/<secretId>` in the service container. The variable
   * is set as `<name>_FILE`, to the path of that file: the process reads the
   * value from the file, so it never sits in the Deployment, a Kubernetes
   * Secret or the Terraform state. See docs/secrets.md.
   *
   * @param secretId the secret's name within the service: a DNS-1123 label, e.g. "stripe-api-key"
   * @param options a rotation schedule
   */
  public static fromSecretManager(secretId: string, options: SecretManagerOptions = {}): EnvValue {
    return new EnvValue(undefined, undefined, undefined, { secretId, rotationPeriodDays: options.rotationPeriodDays });
  }

  /** The plain value, for {@link EnvValue.fromValue}. */
  public readonly value?: string;
  /** The Secret key, for {@link EnvValue.fromSecret}. */
  public readonly secretKeyRef?: EnvKeyReference;
  /** The ConfigMap key, for {@link EnvValue.fromConfigMap}. */
  public readonly configMapKeyRef?: EnvKeyReference;
  /** The Secret Manager secret, for {@link EnvValue.fromSecretManager}. */
  public readonly secretManager?: SecretManagerReference;

  private constructor(
    value: string | undefined, secretKeyRef: EnvKeyReference | undefined, configMapKeyRef: EnvKeyReference | undefined,
    secretManager?: SecretManagerReference,
  ) {
    this.value = value;
    this.secretKeyRef = secretKeyRef;
    this.configMapKeyRef = configMapKeyRef;
    this.secretManager = secretManager;
  }
}
