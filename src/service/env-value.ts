/** A key of a Secret or ConfigMap in the workload's namespace. */
export interface EnvKeyReference {
  /** The name of the Secret or ConfigMap. */
  readonly name: string;
  /** The key in its data. */
  readonly key: string;
}

/**
 * The value of one environment variable of the service container: a plain
 * value, or a reference to a key of a Secret or ConfigMap in the workload's
 * namespace (only the reference reaches the Terraform state).
 *
 * @example
 * svc.addEnv('LOG_LEVEL', EnvValue.fromValue('info'));
 * svc.addEnv('API_TOKEN', EnvValue.fromSecret('api-token', 'token'));
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

  /** The plain value, for {@link EnvValue.fromValue}. */
  public readonly value?: string;
  /** The Secret key, for {@link EnvValue.fromSecret}. */
  public readonly secretKeyRef?: EnvKeyReference;
  /** The ConfigMap key, for {@link EnvValue.fromConfigMap}. */
  public readonly configMapKeyRef?: EnvKeyReference;

  private constructor(value: string | undefined, secretKeyRef: EnvKeyReference | undefined, configMapKeyRef: EnvKeyReference | undefined) {
    this.value = value;
    this.secretKeyRef = secretKeyRef;
    this.configMapKeyRef = configMapKeyRef;
  }
}
