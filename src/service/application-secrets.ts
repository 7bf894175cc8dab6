import { Construct } from 'constructs';
import type { PlatformEnvironment } from '../platform/environment';
import { PlatformStack } from '../platform/platform-stack';
import { Lazy, TerraformStack } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError, propError, throwIfProblems, type PropProblem } from '../private/errors';
import { NameKind } from '../private/name-registry';
import {
  DataGoogleProject, PubsubTopic, PubsubTopicIamMember, SecretManagerSecret, SecretManagerSecretIamMember, type ServiceAccount,
} from '../private/providers/google';
import { Manifest, type DeploymentV1 } from '../private/providers/kubernetes';
import { dnsLabelProblem, integerProblem, literalProblem, problems } from '../private/validation';
import type { TeamEnvironment } from '../team/team-environment';

/** Where the service container finds its Secret Manager secrets, one file per secret. */
export const SECRETS_MOUNT_PATH = '/var/run/secrets/app';
/** The pod volume of the Secret Manager secrets. */
export const SECRETS_VOLUME = 'secret-manager';
/**
 * The CSI driver of GKE's Secret Manager add-on, and the provider its
 * SecretProviderClass names ("Use the Secret Manager add-on with Google
 * Kubernetes Engine", https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component:
 * `provider: gke`, and the volume's `csi.driver: secrets-store-gke.csi.k8s.io`).
 */
export const SECRET_MANAGER_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';
/** The SecretProviderClass API (the Secrets Store CSI driver's CRD, which the add-on installs). */
export const SECRET_PROVIDER_CLASS_API = 'secrets-store.csi.x-k8s.io/v1';
/** Where in a secret its next rotation time lives, which Secret Manager advances (for `lifecycle.ignore_changes`). */
export const NEXT_ROTATION_TIME = 'rotation[0].next_rotation_time';
/** The role that reads a secret's versions, granted on each secret to its service's account alone. */
export const SECRET_ACCESSOR_ROLE = 'roles/secretmanager.secretAccessor';

/** What an {@link ApplicationSecrets} reads of its workload. */
export interface ApplicationSecretsProps {
  /** The service name. */
  readonly serviceName: string;
  /** The team. */
  readonly team: TeamEnvironment;
  /** The environment. */
  readonly environment: PlatformEnvironment;
  /** The project the secrets are created in (the workload's Google project). */
  readonly project: string;
  /** The service's Google service account, the only reader of its secrets. */
  readonly reader: ServiceAccount;
  /** Its email (known at synth). */
  readonly readerEmail: string;
  /** The labels of the workload's Kubernetes objects. */
  readonly labels: Record<string, string>;
  /** The workload's Deployment, whose pods mount the secrets (and wait for the class and the accessor bindings). */
  readonly deployment: DeploymentV1;
}

/** What one {@link ApplicationSecret} adds to its service's: its rotation. */
export interface ApplicationSecretProps extends ApplicationSecretsProps {
  /**
   * Days between rotation notifications.
   * @default - no rotation schedule
   */
  readonly rotationPeriodDays?: number;
  /**
   * The topic the notifications go to (with the Secret Manager service agent allowed to publish).
   * @default - none; required with rotationPeriodDays
   */
  readonly rotationTopic?: PubsubTopic;
  /**
   * The service agent's `roles/pubsub.publisher` on the topic, which Secret Manager checks when the secret names it.
   * @default - none: the secret does not wait for a publisher grant before it names the topic
   */
  readonly rotationPublisher?: PubsubTopicIamMember;
}

/** The most days a rotation period may have: Secret Manager's 3153600000 s (100 years) at most. */
export const MAX_ROTATION_PERIOD_DAYS = 36500;
const SECONDS_PER_DAY = 86400;

/**
 * The problem with a secret id, if any: a DNS-1123 label, of at most 63 characters, that does not end
 * in `grants-admin`. The Secret Manager ids `*-grants-admin` are the database grant Jobs' admin
 * passwords, whose versions each environment's apply identity may add and destroy
 * (`SecretManagerApplyRole`'s condition): an application secret named so would be one it can write.
 */
export function secretIdProblem(prop: string, secretId: unknown): PropProblem | undefined {
  const problem = literalProblem(prop, secretId) ?? dnsLabelProblem(prop, secretId as string, 63);
  if (problem !== undefined || !/(^|-)grants-admin$/.test(secretId as string)) return problem;
  return {
    prop,
    value: secretId,
    problem: 'ends in "grants-admin", which names the database grant Jobs\' admin passwords: the deploy identity may write versions of those secrets',
    fix: `give the secret another id, e.g. "${(secretId as string).replace(/grants-admin$/, 'admin-key')}"`,
  };
}

/** What is wrong with a Secret Manager reference (`propPrefix` names its props: `addEnv.value.`). */
export function secretReferenceProblems(propPrefix: string, secret: { secretId: unknown; rotationPeriodDays?: unknown }): PropProblem[] {
  return problems(
    secretIdProblem(`${propPrefix}secretId`, secret.secretId),
    secret.rotationPeriodDays === undefined ? undefined
      : literalProblem(`${propPrefix}rotationPeriodDays`, secret.rotationPeriodDays) ?? integerProblem(`${propPrefix}rotationPeriodDays`, secret.rotationPeriodDays as number, 1, MAX_ROTATION_PERIOD_DAYS,
        'give a whole number of days from 1 to 36500 (Secret Manager\'s rotation period is 1 hour to 100 years), e.g. 90'),
  );
}

/**
 * One Secret Manager secret of a service in one environment: the secret
 * `<service>-<env>-<secretId>` (user-managed replication in the platform's region,
 * labels for team, service and environment, no version: values are added
 * with `golden-paths secret set`), and `roles/secretmanager.secretAccessor`
 * on that secret alone for the service's own Google service account.
 */
export class ApplicationSecret extends Construct {
  /** The secret's name within the service (a DNS-1123 label). */
  public readonly secretId: string;
  /**
   * The Secret Manager secret id: `<service>-<env>-<secretId>` (environments
   * may share a project, as the service accounts `<service>-<env>` do).
   */
  public readonly secretManagerId: string;
  /** The project of the secret. */
  public readonly project: string;
  /** The secret's resource name: `projects/<project>/secrets/<service>-<env>-<secretId>`. */
  public readonly resourceName: string;
  /** The file the add-on writes the latest version to: `/var/run/secrets/app/<secretId>`. */
  public readonly filePath: string;
  /** The secret (`google_secret_manager_secret`). */
  public readonly secret: SecretManagerSecret;
  /** The service account's `roles/secretmanager.secretAccessor` on the secret (`google_secret_manager_secret_iam_member`). */
  public readonly accessor: SecretManagerSecretIamMember;
  /**
   * Days between rotation notifications.
   * @default - no rotation schedule
   */
  public readonly rotationPeriodDays?: number;

  private readonly _variables: string[] = [];

  public constructor(scope: Construct, secretId: string, props: ApplicationSecretProps) {
    super(scope, secretId);
    const env = props.environment;
    this.secretId = secretId;
    this.secretManagerId = `${props.serviceName}-${env.name}-${secretId}`;
    this.project = props.project;
    this.resourceName = `projects/${this.project}/secrets/${this.secretManagerId}`;
    this.filePath = `${SECRETS_MOUNT_PATH}/${secretId}`;
    this.rotationPeriodDays = props.rotationPeriodDays;
    const rotation = props.rotationPeriodDays !== undefined && props.rotationTopic !== undefined
      ? { days: props.rotationPeriodDays, topic: props.rotationTopic, publisher: props.rotationPublisher } : undefined;
    props.team.platform._claimName(this, NameKind.SECRET_MANAGER_SECRET, `${this.project}/${this.secretManagerId}`, {
      prop: 'secretId',
      value: secretId,
      problem: `would make the Secret Manager secret "${this.secretManagerId}" in "${this.project}", which another service's secret already is`,
      fix: 'give the secret another id',
    });
    this.secret = new SecretManagerSecret(this, 'secret', {
      provider: env.googleProvider,
      project: this.project,
      secretId: this.secretManagerId,
      // Stored in the platform's region only: automatic replication counts as "global", which a
      // resource-location organization policy (gcp.resourceLocations) refuses.
      replication: { userManaged: { replicas: [{ location: props.team.platform.region }] } },
      labels: { 'managed-by': MANAGED_BY, 'team': props.team.name, 'service': props.serviceName, 'environment': env.name },
      // A production secret (and every version of it) is removed only by an explicit step.
      deletionProtection: env.production ? true : undefined,
      // A rotation schedule: at next_rotation_time, and then every rotation_period, Secret Manager sends
      // SECRET_ROTATE to the secret's topics ("Create rotation schedules in Secret Manager",
      // https://cloud.google.com/secret-manager/docs/secret-rotation). next_rotation_time must be set with the
      // period: one period after the first plan, then Secret Manager advances it, so Terraform ignores it.
      ...(rotation ? {
        topics: [{ name: rotation.topic.id }],
        rotation: { rotationPeriod: `${rotation.days * SECONDS_PER_DAY}s`, nextRotationTime: `\${timeadd(plantimestamp(), "${rotation.days * SECONDS_PER_DAY}s")}` },
        lifecycle: { ignoreChanges: [NEXT_ROTATION_TIME] },
      } : {}),
    });
    // Secret Manager refuses a topic its service agent may not publish to.
    if (rotation?.publisher) dependOn(this.secret, rotation.publisher);
    this.accessor = new SecretManagerSecretIamMember(this, 'accessor', {
      provider: env.googleProvider,
      project: this.project,
      secretId: this.secret.secretId,
      role: SECRET_ACCESSOR_ROLE,
      member: `serviceAccount:${props.readerEmail}`,
    });
    dependOn(this.accessor, props.reader);
  }

  /**
   * The environment variables the service reads the secret as (each set to
   * the path of its file as `<NAME>_FILE`), in the order they were set. The
   * catalog lists them with the secret's id.
   */
  public get variables(): string[] {
    return [...this._variables];
  }

  /**
   * Records that the service reads the secret as `name`.
   * @internal
   */
  public _addVariable(name: string): void {
    if (!this._variables.includes(name)) this._variables.push(name);
  }
}

/**
 * The Secret Manager secrets of a service in one environment and their
 * delivery to its pods through GKE's Secret Manager add-on
 * (https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component):
 * a SecretProviderClass `<service>-secrets` in the team's namespace names the
 * latest version of each secret and the file it is written to; the
 * workload's pods mount it as a read-only CSI volume at `/var/run/secrets/app`.
 * The add-on reads the secrets as the pod's Workload Identity (the Kubernetes
 * service account's `iam.gke.io/gcp-service-account`), so no value passes
 * through Terraform, its state or a Kubernetes Secret.
 */
export class ApplicationSecrets extends Construct {
  /** The name of the SecretProviderClass: `<service>-secrets`. */
  public readonly secretProviderClassName: string;
  /** The SecretProviderClass (`kubernetes_manifest`). */
  public readonly secretProviderClass: Manifest;

  private readonly props: ApplicationSecretsProps;
  private readonly secretsScope: Construct;
  private readonly _secrets = new Map<string, ApplicationSecret>();
  private _rotation?: { readonly topic: PubsubTopic; readonly publisher: PubsubTopicIamMember };

  public constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    this.props = props;
    const env = props.environment;
    this.secretsScope = new Construct(this, 'secrets');
    this.secretProviderClassName = `${props.serviceName}-secrets`;
    this.secretProviderClass = new Manifest(this, 'secret-provider-class', {
      provider: env.kubernetesProvider,
      manifest: {
        apiVersion: SECRET_PROVIDER_CLASS_API,
        kind: 'SecretProviderClass',
        metadata: { name: this.secretProviderClassName, namespace: props.team.namespaceName(env.name), labels: props.labels },
        spec: {
          provider: 'gke',
          // The add-on's parameters: a YAML list of the versions to mount and the file of each
          // (resourceName, path), rendered at synth so that secrets added later are in it.
          parameters: { secrets: Lazy.stringValue({ produce: () => this.parameters() }) },
        },
      },
    });
    dependOn(this.secretProviderClass, ...props.team._namespaceDependencies(env.name));

    // Appended to the pod's volumes as they are now, so edits made through the Deployment's own API stay.
    const pod = props.deployment.spec.template.spec;
    const volumes = pod.volume.internalValue;
    if (!Array.isArray(volumes)) {
      throw placementError(this, 'cannot mount Secret Manager secrets: the Deployment\'s volume list was replaced by a token',
        'set Secret Manager variables before replacing the volume list, or add the volume to that list yourself');
    }
    pod.putVolume([...volumes, {
      name: SECRETS_VOLUME,
      csi: { driver: SECRET_MANAGER_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: this.secretProviderClassName } },
    }]);
    dependOn(props.deployment, this.secretProviderClass);
    // Where the library makes the stack, the plan checks that the cluster has the add-on.
    const stack = TerraformStack.of(this);
    if (PlatformStack.isPlatformStack(stack)) stack._requireSecretManagerAddOn();
  }

  /** The service's secrets in this environment, in the order they were first used. */
  public get secrets(): ApplicationSecret[] {
    return [...this._secrets.values()];
  }

  /**
   * The Pub/Sub topic the service's rotating secrets notify, in their
   * project: `<service>-<env>-secret-rotation`, kept in the platform's region.
   * @default - none until a secret has a rotation period
   */
  public get rotationTopic(): PubsubTopic | undefined {
    return this._rotation?.topic;
  }

  /**
   * The Secret Manager service agent's `roles/pubsub.publisher` on the rotation topic alone.
   * @default - none until a secret has a rotation period
   */
  public get rotationPublisher(): PubsubTopicIamMember | undefined {
    return this._rotation?.publisher;
  }

  /**
   * The secret `secretId` of the service in this environment, made on first
   * use (`prop` names the value in errors), with a rotation schedule of
   * `rotationPeriodDays` days when given, read by the service as `variable`
   * when given.
   */
  public add(secretId: string, prop: string, rotationPeriodDays?: number, variable?: string): ApplicationSecret {
    throwIfProblems(this, secretReferenceProblems(prop.replace(/secretId$/, ''), { secretId, rotationPeriodDays }));
    let secret = this._secrets.get(secretId);
    if (secret !== undefined && secret.rotationPeriodDays !== rotationPeriodDays) {
      throw propError(this, {
        prop: prop.replace(/secretId$/, 'rotationPeriodDays'),
        value: rotationPeriodDays,
        problem: `differs from the ${secret.rotationPeriodDays === undefined ? 'no rotation' : `${secret.rotationPeriodDays} days`} that another variable gave the secret "${secretId}"`,
        fix: 'give every variable of one secret the same rotationPeriodDays',
      });
    }
    if (secret === undefined) {
      const rotation = rotationPeriodDays === undefined ? undefined : this.rotation();
      secret = new ApplicationSecret(this.secretsScope, secretId, {
        ...this.props, rotationPeriodDays, rotationTopic: rotation?.topic, rotationPublisher: rotation?.publisher,
      });
      this._secrets.set(secretId, secret);
      // Pods start once the service's account may read the secret.
      dependOn(this.props.deployment, secret.accessor);
    }
    if (variable !== undefined) secret._addVariable(variable);
    return secret;
  }

  /**
   * The rotation topic and its publisher, made with the first rotating secret:
   * Secret Manager publishes as its service agent,
   * `service-<project number>@gcp-sa-secretmanager.iam.gserviceaccount.com`, which needs
   * `roles/pubsub.publisher` on the topic ("Set up notifications on a secret",
   * https://cloud.google.com/secret-manager/docs/event-notifications).
   */
  private rotation(): { readonly topic: PubsubTopic; readonly publisher: PubsubTopicIamMember } {
    if (this._rotation !== undefined) return this._rotation;
    const { environment: env, project, team, serviceName } = this.props;
    const topic = new PubsubTopic(this, 'rotation-topic', {
      provider: env.googleProvider,
      project,
      name: `${serviceName}-${env.name}-secret-rotation`,
      labels: { 'managed-by': MANAGED_BY, 'team': team.name, 'service': serviceName, 'environment': env.name },
      // Messages stay in the platform's region, as the secrets do.
      messageStoragePolicy: { allowedPersistenceRegions: [team.platform.region] },
    });
    const projectData = new DataGoogleProject(this, 'project', { provider: env.googleProvider, projectId: project });
    const publisher = new PubsubTopicIamMember(this, 'rotation-publisher', {
      provider: env.googleProvider,
      project,
      topic: topic.name,
      role: 'roles/pubsub.publisher',
      member: `serviceAccount:service-${projectData.number}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
    });
    this._rotation = { topic, publisher };
    return this._rotation;
  }

  /** The `secrets` parameter: each secret's latest version and its file (values are DNS labels and project ids: no quoting needed beyond the quotes). */
  private parameters(): string {
    return this.secrets.map((s) => `- resourceName: "${s.resourceName}/versions/latest"\n  path: "${s.secretId}"\n`).join('');
  }
}
