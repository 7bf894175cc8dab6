import { Construct } from 'constructs';
import {
  environmentContext, environmentSubject, PULL_REQUEST_CONTEXT, pullRequestSubject, repositoryIdSubject, subjectPrincipal, workloadIdentityPoolName,
} from '../platform/workload-identity-names';
import { MANAGED_BY } from '../private/constants';
import { boundedName } from '../private/naming';
import { ServiceAccount, ServiceAccountIamMember, StorageBucket, StorageBucketIamMember } from '../private/providers/google';
import { deployGateOf } from '../scaffold/infrastructure-variables';

/** The role that lets a GitHub Actions job act as a service account through Workload Identity Federation. */
const WORKLOAD_IDENTITY_USER_ROLE = 'roles/iam.workloadIdentityUser';
/** Reads every object of the bucket: the plan identity reads the team's state and never locks it. */
export const STATE_READER_ROLE = 'roles/storage.objectViewer';
/**
 * Creates, reads and deletes objects: an apply identity's own stack's state and lock, under a
 * condition on the object name (Cloud Storage IAM Conditions on `resource.name`, which needs uniform
 * bucket-level access).
 */
export const STATE_WRITER_ROLE = 'roles/storage.objectUser';
/**
 * `storage.objects.list` and `storage.buckets.get`, unconditionally: the gcs backend lists the
 * workspaces of a prefix at `terraform init`, and a list request names the bucket, which a
 * condition on object names would refuse.
 */
export const STATE_LISTER_ROLE = 'roles/storage.legacyBucketReader';

/** What a team's identities are made from. */
export interface TeamIdentitiesProps {
  /** The team name. */
  readonly team: string;
  /** The GitHub organization. */
  readonly organization: string;
  /** The team's infrastructure repository, whose workflows act as the identities. */
  readonly repository: string;
  /**
   * The infrastructure repository's immutable id, whose workflows' OIDC subject the repository
   * customizes to the platform's template: the identities then trust `repository_id:<id>:<context>`.
   * @default - the identities trust GitHub's default subject, which names the repository
   */
  readonly repositoryId?: string;
  /** The project the service accounts and the state bucket live in (the platform's). */
  readonly project: string;
  /** The project number of `project`, which names the Workload Identity pool. */
  readonly projectNumber: string;
  /** The platform's Workload Identity pool id. */
  readonly poolId: string;
  /** The region of the state bucket. */
  readonly region: string;
  /** The team's state bucket name. */
  readonly stateBucket: string;
  /** The team's stacks, in promotion order: one deploy gate and one apply identity each. */
  readonly stacks: string[];
}

/** One deploy gate of a team: the GitHub environment that applies one stack, and its identity. */
export interface TeamApplyIdentity {
  /** The stack the gate applies (`<team>` or `<team>-<env>`). */
  readonly stack: string;
  /** The GitHub environment of the gate, named after the stack. */
  readonly gate: string;
  /** The OIDC subject the identity trusts: `repository_id:<id>:environment:<gate>` (by name without the id), and nothing else. */
  readonly subject: string;
  /** The apply service account. */
  readonly serviceAccount: ServiceAccount;
  /** Its email, known at synth. */
  readonly serviceAccountEmail: string;
  /** `roles/iam.workloadIdentityUser` on the account for the gate's subject alone. */
  readonly workloadIdentityUser: ServiceAccountIamMember;
  /** Write access to the gate's own stack's state, and to nothing else in the bucket. */
  readonly stateWriter: StorageBucketIamMember;
  /** The prefix of the gate's state objects in the team's bucket (`<stack>/`). */
  readonly statePrefix: string;
}

/**
 * The identities a team's infrastructure repository deploys with, and the
 * state they share, all owned by the platform:
 *
 * - the **plan** identity `<team>-plan`, which only pull-request jobs of the
 *   repository can act as (OIDC subject `repository_id:<id>:pull_request`): it
 *   reads the team's state and takes no lock;
 * - one **apply** identity per deploy gate (`<team>-apply`, `<team>-apply-<env>`),
 *   which only jobs of that GitHub environment can act as (subject
 *   `repository_id:<id>:environment:<gate>`): it writes its own stack's state;
 * - the team's **state bucket**: uniform bucket-level access, public access
 *   prevented, versioned; no other team's identity has any role on it.
 *
 * No binding trusts the whole repository, a branch, or the organization.
 */
export class TeamIdentities extends Construct {
  /** The plan service account. */
  public readonly planServiceAccount: ServiceAccount;
  /** The plan account's email, known at synth. */
  public readonly planServiceAccountEmail: string;
  /** The OIDC subject the plan identity trusts. */
  public readonly planSubject: string;
  /** `roles/iam.workloadIdentityUser` on the plan account for pull-request jobs alone. */
  public readonly planWorkloadIdentityUser: ServiceAccountIamMember;
  /** The team's state bucket. */
  public readonly stateBucket: StorageBucket;
  /** Every binding on the state bucket: the plan identity's read, each gate's listing and conditional write. */
  public readonly stateBindings: StorageBucketIamMember[] = [];
  /** The deploy gates, in promotion order. */
  public readonly applyIdentities: TeamApplyIdentity[];

  public constructor(scope: Construct, id: string, props: TeamIdentitiesProps) {
    super(scope, id);
    const pool = workloadIdentityPoolName(props.projectNumber, props.poolId);
    const email = (accountId: string) => `${accountId}@${props.project}.iam.gserviceaccount.com`;
    const description = (what: string) => `${what} of ${props.organization}/${props.repository} through Workload Identity Federation; no key exists. Managed by ${MANAGED_BY}`;

    this.stateBucket = new StorageBucket(this, 'state-bucket', {
      project: props.project,
      name: props.stateBucket,
      location: props.region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      labels: { 'team': props.team, 'managed-by': MANAGED_BY },
      // Losing the state would orphan every resource of the team: destroying the bucket needs it emptied first.
      forceDestroy: false,
    });

    const planId = boundedName([props.team, 'plan'], 30);
    this.planServiceAccountEmail = email(planId);
    const subjectOf = (context: string, byName: () => string) =>
      (props.repositoryId === undefined ? byName() : repositoryIdSubject(props.repositoryId, context));
    this.planSubject = subjectOf(PULL_REQUEST_CONTEXT, () => pullRequestSubject(props.organization, props.repository));
    this.planServiceAccount = new ServiceAccount(this, 'plan', {
      project: props.project,
      accountId: planId,
      displayName: `${props.team} Terraform plan (pull requests)`,
      description: description('Plans the stacks on pull requests'),
    });
    this.planWorkloadIdentityUser = new ServiceAccountIamMember(this, 'plan-workload-identity-user', {
      serviceAccountId: this.planServiceAccount.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: subjectPrincipal(pool, this.planSubject),
    });
    this.stateBindings.push(new StorageBucketIamMember(this, 'plan-state-reader', {
      bucket: this.stateBucket.name,
      role: STATE_READER_ROLE,
      member: `serviceAccount:${this.planServiceAccountEmail}`,
    }));

    this.applyIdentities = props.stacks.map((stack) => {
      const gate = deployGateOf(stack);
      const suffix = stack === props.team ? [] : [stack.slice(props.team.length + 1)];
      const accountId = boundedName([props.team, 'apply', ...suffix], 30);
      const serviceAccountEmail = email(accountId);
      const subject = subjectOf(environmentContext(gate), () => environmentSubject(props.organization, props.repository, gate));
      const scopeOf = new Construct(this, `apply-${stack}`);
      const serviceAccount = new ServiceAccount(scopeOf, 'service-account', {
        project: props.project,
        accountId,
        displayName: `${stack} Terraform apply (GitHub environment ${gate})`,
        description: description(`Applies the stack ${stack} from jobs of the GitHub environment "${gate}"`),
      });
      const workloadIdentityUser = new ServiceAccountIamMember(scopeOf, 'workload-identity-user', {
        serviceAccountId: serviceAccount.name,
        role: WORKLOAD_IDENTITY_USER_ROLE,
        member: subjectPrincipal(pool, subject),
      });
      const member = `serviceAccount:${serviceAccountEmail}`;
      const statePrefix = `${stack}/`;
      this.stateBindings.push(new StorageBucketIamMember(scopeOf, 'state-lister', { bucket: this.stateBucket.name, role: STATE_LISTER_ROLE, member }));
      const stateWriter = new StorageBucketIamMember(scopeOf, 'state-writer', {
        bucket: this.stateBucket.name,
        role: STATE_WRITER_ROLE,
        member,
        condition: {
          title: `state of ${stack}`,
          description: `The state and lock of the stack ${stack} only`,
          expression: `resource.name.startsWith("projects/_/buckets/${props.stateBucket}/objects/${statePrefix}")`,
        },
      });
      this.stateBindings.push(stateWriter);
      return { stack, gate, subject, serviceAccount, serviceAccountEmail, workloadIdentityUser, stateWriter, statePrefix };
    });
  }
}
