import type { Construct } from 'constructs';
import { ApplicationSecrets, secretReferenceProblems, SECRETS_MOUNT_PATH, SECRETS_VOLUME, type ApplicationSecretsProps } from './application-secrets';
import type { ContainerEnv } from './container-env';
import type { SecretManagerReference } from './env-value';
import { throwIfProblems } from '../private/errors';

/**
 * How a workload's Secret Manager secrets reach its service container: the
 * first `EnvValue.fromSecretManager` variable brings the workload's
 * ApplicationSecrets (its child `secret-manager`: the secrets, their
 * SecretProviderClass and the pod's CSI volume) and mounts that volume into
 * the service container; each secret is then a file there. Errors name the
 * workload.
 */
export class WorkloadSecrets {
  private _secrets?: ApplicationSecrets;

  /**
   * @param workload the ServiceWorkload: the scope of its ApplicationSecrets, and the construct errors name
   * @param props what the ApplicationSecrets are made with
   * @param containerEnv the environment of the workload's service container, which mounts the secrets' volume
   */
  public constructor(
    private readonly workload: Construct,
    private readonly props: ApplicationSecretsProps,
    private readonly containerEnv: ContainerEnv,
  ) {}

  /** The workload's ApplicationSecrets, once a variable is set from Secret Manager. */
  public get applicationSecrets(): ApplicationSecrets | undefined {
    return this._secrets;
  }

  /**
   * Makes the Secret Manager secret `secretId` available to the service
   * container as the variable `name`, and returns the path of its file. The first one brings the
   * SecretProviderClass, the pod's CSI volume and its mount.
   */
  public file(secret: SecretManagerReference, propPrefix: string, name: string): string {
    throwIfProblems(this.workload, secretReferenceProblems(propPrefix, secret));
    if (this._secrets === undefined) {
      this._secrets = new ApplicationSecrets(this.workload, 'secret-manager', this.props);
      this.containerEnv.mountVolume({ name: SECRETS_VOLUME, mountPath: SECRETS_MOUNT_PATH, readOnly: true });
    }
    return this._secrets.add(secret.secretId, `${propPrefix}secretId`, secret.rotationPeriodDays, name).filePath;
  }
}
