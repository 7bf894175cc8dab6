import { Construct } from 'constructs';
import { googleServiceAccountId } from './workload-identity';
import { clusterOnlyCondition, GkeEndpoint, type PlatformEnvironment, type DeployTarget } from '../platform/environment';
import { foundationCheck } from '../platform/foundation-check';
import { GithubActionsIdentity } from '../platform/github-actions-identity';
import { isPublishedPlatform } from '../platform/onboarded-team';
import {
  branchContext, branchSubject, environmentContext, environmentSubject, repositoryIdPrincipalSet, repositoryIdSubject, repositoryPrincipalSet,
  subjectPrincipal, workloadIdentityPoolName,
} from '../platform/workload-identity-names';
import { MANAGED_BY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError, throwIfProblems } from '../private/errors';
import { NameKind } from '../private/name-registry';
import { boundedName } from '../private/naming';
import { ArtifactRegistryRepositoryIamMember, type DataGoogleIamWorkloadIdentityPoolProvider, ProjectIamMember, ServiceAccount, ServiceAccountIamMember } from '../private/providers/google';
import { ConfigMapV1, RoleBindingV1, RoleV1 } from '../private/providers/kubernetes';
import { dnsLabelProblem, problems } from '../private/validation';
import { DEPLOYER_PARAMS_LABEL, DEPLOYER_USERNAME_KEY } from '../team/deployer-rollout-policy';
import { TeamEnvironment } from '../team/team-environment';

/** The role that lets the deployer fetch cluster credentials, and nothing else in Google Cloud. */
export const CLUSTER_VIEWER_ROLE = 'roles/container.clusterViewer';
/** The roles that let an environment's deployer reach a private cluster through the fleet's Connect Gateway (patching needs the editor). */
export const CONNECT_GATEWAY_ROLES = ['roles/gkehub.gatewayEditor', 'roles/gkehub.viewer'];
/** The role that lets the deployer push images to the team's registry. */
export const REGISTRY_WRITER_ROLE = 'roles/artifactregistry.writer';
/** The role that lets a repository's workflows act as the deployer. */
export const WORKLOAD_IDENTITY_USER_ROLE = 'roles/iam.workloadIdentityUser';

/** Properties of a {@link ServiceDeployer}. */
export interface ServiceDeployerProps {
  /** The service name (a DNS-1123 label): names the account and the Kubernetes Role. */
  readonly serviceName: string;
  /** The GitHub repository (in the platform's organization) whose workflows deploy the service. */
  readonly repositoryName: string;
  /**
   * The Deployment the deploy job rolls out, in the team's namespace of every environment.
   * @default - the service name
   */
  readonly deploymentName?: string;
  /**
   * The branch whose pushes build and push images (the CI workflow's build job runs there, in no environment).
   * @default "main"
   */
  readonly buildBranch?: string;
  /**
   * The repository's immutable id (`github_repository.repo_id`), whose workflows' OIDC subject the
   * repository customizes to the platform's template (`oidcSubjectTemplate`): the principals then name
   * `repository_id:<id>:<context>`, which a renamed or re-created repository never gets.
   * @default - the principals name the repository (`repo:<org>/<repo>:<context>`, GitHub's default subject)
   */
  readonly repositoryId?: string;
}

/** What the deployer may do in one environment. */
export interface DeployerEnvironmentAccess {
  /** The environment. */
  readonly environment: string;
  /** The GKE cluster, location and project the environment deploys to. */
  readonly target: DeployTarget;
  /** The namespace the deployer may roll the Deployment out in. */
  readonly namespaceName: string;
  /**
   * The email of this environment's deployer account (`<service>-deploy-<env>`):
   * the CI deploy job of this GitHub environment acts as it, and no other job can.
   */
  readonly serviceAccountEmail: string;
  /** This environment's deployer account (`google_service_account`). */
  readonly serviceAccount: ServiceAccount;
  /** The OIDC subject the account trusts: `repository_id:<id>:environment:<env>` (`repo:<org>/<repo>:environment:<env>` without the id). */
  readonly subject: string;
  /** `roles/iam.workloadIdentityUser` on this environment's account, for jobs of that GitHub environment only. */
  readonly workloadIdentityUser: ServiceAccountIamMember;
  /** The Role: patch (and watch) only the service's Deployment; read its ReplicaSets and Pods. */
  readonly role: RoleV1;
  /** Binds the Role to the deployer (GKE knows a Google service account as a User named by its email). */
  readonly roleBinding: RoleBindingV1;
  /**
   * Names the deployer to the namespace's rollout policy (a ConfigMap
   * labelled `golden-paths.dev/deployer`, with its user name): its updates of
   * the Deployment may change container images and nothing else of the pod template.
   */
  readonly rolloutParams: ConfigMapV1;
  /**
   * `roles/container.clusterViewer` on the cluster's project for this environment's
   * account, so the deploy job can fetch credentials, under a condition that
   * limits it to this environment's cluster.
   * @default - made here, unless the platform onboarded the team with projects of its own: the onboarding then grants it to the environment project's accounts
   */
  readonly clusterViewer?: ProjectIamMember;
  /**
   * `roles/gkehub.gatewayEditor` and `roles/gkehub.viewer` on the cluster's project, when the environment is reached through
   * the Connect Gateway (granted by the onboarding instead when the team has projects of its own).
   */
  readonly gatewayAccess: ProjectIamMember[];
}

/**
 * The identities a service's CI builds and deploys with, without any key
 * (Workload Identity Federation through the platform's {@link GithubActionsIdentity}):
 *
 * - the build account `<service>-deployer`, which only the repository's jobs on
 *   pushes to the default branch (OIDC subject `repo:<org>/<repo>:ref:refs/heads/main`)
 *   can act as, may push images to the team's registry and nothing else;
 * - one deploy account per environment, `<service>-deploy-<env>`, which only
 *   jobs that GitHub let into that environment (subject
 *   `repo:<org>/<repo>:environment:<env>`, so past its reviewers and branch
 *   policy) can act as, may fetch the cluster's credentials
 *   (`roles/container.clusterViewer`) and roll out the service's Deployment in
 *   that environment's namespace, and nothing else.
 *
 * A workflow on another branch, or a job that skips the `prod` environment,
 * gets no identity that can touch prod.
 */
export class ServiceDeployer extends Construct {
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The repository whose workflows may act as the deployer. */
  public readonly repositoryName: string;
  /** The Deployment the deployer rolls out. */
  public readonly deploymentName: string;
  /** The account id of the build account (`<service>-deployer`, 6 to 30 characters): it pushes images. */
  public readonly accountId: string;
  /** The email of the deployer service account (known at synth time). */
  public readonly serviceAccountEmail: string;
  /**
   * The principal set of every workflow run of the repository. Nothing is
   * granted to it: see `buildPrincipal` and each environment's `subject`.
   */
  public readonly principalSet: string;
  /** The principal of the repository's jobs on pushes to the build branch, which may act as the build account. */
  public readonly buildPrincipal: string;
  /**
   * The full name of the Workload Identity provider the workflow authenticates
   * through (`projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`).
   * Inside a stack it refers to the provider resource; at App scope it is
   * built from the settings, since the provider lives in the foundation's stack.
   */
  public readonly workloadIdentityProvider: string;
  /**
   * In a team repository (a Platform built from the published platform.json), the team stack's
   * lookup of the foundation's Workload Identity provider
   * (`data.google_iam_workload_identity_pool_provider.apply-the-foundation-first`, one per stack),
   * which stops a plan made before the foundation is applied.
   * @default - none in the platform repository, whose team stacks deploy after the foundation's, or inside a stack
   */
  public readonly foundationCheck?: DataGoogleIamWorkloadIdentityPoolProvider;
  /** The deployer service account (`google_service_account`). */
  public readonly serviceAccount: ServiceAccount;
  /** `roles/iam.workloadIdentityUser` on the build account, for the repository's jobs on the build branch only. */
  public readonly workloadIdentityUser: ServiceAccountIamMember;
  /** `roles/artifactregistry.writer` on the team's registry. */
  public readonly registryWriter: ArtifactRegistryRepositoryIamMember;

  private readonly _access = new Map<string, DeployerEnvironmentAccess>();
  private readonly _identity?: GithubActionsIdentity;
  private readonly _poolName: string;
  private readonly _serviceName: string;
  private readonly _repositoryId?: string;

  public constructor(scope: Construct, id: string, props: ServiceDeployerProps) {
    super(scope, id);
    this.team = TeamEnvironment.of(this);
    const platform = this.team.platform;
    this.repositoryName = props.repositoryName;
    this.deploymentName = props.deploymentName ?? props.serviceName;
    this._serviceName = props.serviceName;

    // ServiceRepository judges the service name first, as its own prop.
    throwIfProblems(this, problems(dnsLabelProblem('serviceName', props.serviceName), dnsLabelProblem('deploymentName', this.deploymentName)));
    this.accountId = deployerAccountId(props.serviceName);
    // The team's project holds its deployer accounts: the team's own when the platform onboarded it with projects.
    const project = this.team.googleProject();
    const clash = platform.environments.find((env) => googleServiceAccountId(props.serviceName, env.name) === this.accountId
      && this.team.googleProject(env.name) === project);
    if (clash) {
      throw placementError(this, `would share the service account "${this.accountId}" with the workload of environment "${clash.name}"`,
        'rename that environment: "deployer" names the CI deployer account of every service');
    }
    this.serviceAccountEmail = `${this.accountId}@${project}.iam.gserviceaccount.com`;
    platform._claimName(this, NameKind.GOOGLE_SERVICE_ACCOUNT, this.serviceAccountEmail, {
      prop: 'serviceName', value: props.serviceName, problem: `would make the deployer service account "${this.accountId}" in "${project}" that another service already has`, fix: 'give every service a distinct name',
    });
    if (platform._layout.foundationApart) {
      // The pool and provider belong to the foundation's stack: name them, never read that state.
      if (platform.gcpProjectNumber === undefined) {
        throw placementError(this, `needs the project number of "${platform.gcpProject}" to name the Workload Identity pool's principals, and the Platform's gcpProjectNumber is not set`,
          `set gcpProjectNumber in the platform settings to the number \`gcloud projects describe ${platform.gcpProject} --format="value(projectNumber)"\` prints`);
      }
      this._poolName = workloadIdentityPoolName(platform.gcpProjectNumber, platform.workloadIdentityPoolId);
      this.workloadIdentityProvider = `${this._poolName}/providers/${platform.workloadIdentityProviderId}`;
      // In a team repository (built from the published settings), applied before the foundation, the grants below
      // would fail naming no cause: the plan stops first, saying so. In the platform repository the team stacks
      // depend on the foundation's stack, which cdktf deploys first.
      if (isPublishedPlatform(platform)) {
        this.foundationCheck = foundationCheck(this, {
          project: platform.gcpProject,
          projectNumber: platform.gcpProjectNumber,
          poolId: platform.workloadIdentityPoolId,
          providerId: platform.workloadIdentityProviderId,
        });
      }
    } else {
      this._identity = GithubActionsIdentity.of(this);
      this._poolName = this._identity.pool.name;
      this.workloadIdentityProvider = this._identity.providerName;
    }
    this._repositoryId = props.repositoryId;
    this.principalSet = props.repositoryId === undefined
      ? repositoryPrincipalSet(this._poolName, platform.githubOrganization, this.repositoryName)
      : repositoryIdPrincipalSet(this._poolName, props.repositoryId);
    const buildBranch = props.buildBranch ?? 'main';
    this.buildPrincipal = subjectPrincipal(this._poolName, props.repositoryId === undefined
      ? branchSubject(platform.githubOrganization, this.repositoryName, buildBranch)
      : repositoryIdSubject(props.repositoryId, branchContext(buildBranch)));

    this.serviceAccount = new ServiceAccount(this, 'service-account', {
      project,
      accountId: this.accountId,
      displayName: `${props.serviceName} deployer (GitHub Actions)`,
      description: `Pushes ${props.serviceName} images from ${platform.githubOrganization}/${this.repositoryName} through Workload Identity Federation; no key exists. Managed by ${MANAGED_BY}`,
    });
    this.workloadIdentityUser = new ServiceAccountIamMember(this, 'workload-identity-user', {
      serviceAccountId: this.serviceAccount.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: this.buildPrincipal,
    });
    // By reference when the team makes its registry; by name when the platform's onboarding keeps it.
    const registry = this.team.artifactRegistry;
    this.registryWriter = new ArtifactRegistryRepositoryIamMember(this, 'registry-writer', {
      project: registry?.project ?? project,
      location: registry?.location ?? platform.region,
      repository: registry?.name ?? this.team.name,
      role: REGISTRY_WRITER_ROLE,
      member: this.serviceAccount.member,
    });

    for (const env of platform.environments) {
      this._access.set(env.name, this.grantEnvironment(env));
    }
  }

  /**
   * The platform's GitHub Actions identity (pool and provider). Only a
   * Platform inside a stack has it next to its services; at App scope it is
   * in the foundation's stack: use `workloadIdentityProvider` and `principalSet`.
   */
  public get identity(): GithubActionsIdentity {
    if (!this._identity) {
      throw placementError(this, 'refers to the GitHub Actions identity by name: at App scope the pool and provider are in the foundation\'s stack',
        'use deployer.workloadIdentityProvider and deployer.principalSet');
    }
    return this._identity;
  }

  /** The deployer's access in one environment; fails with the known names for another. */
  public access(environment: string): DeployerEnvironmentAccess {
    const found = this._access.get(environment);
    if (!found) {
      throw placementError(this, `has no environment "${environment}"`, `use one of ${[...this._access.keys()].map((e) => `"${e}"`).join(', ')}`);
    }
    return found;
  }

  /** The deployer's access in every environment, in promotion order. */
  public get accesses(): DeployerEnvironmentAccess[] {
    return [...this._access.values()];
  }

  private grantEnvironment(env: PlatformEnvironment): DeployerEnvironmentAccess {
    const teamScope = new Construct(this, env.name);
    // Kubernetes RBAC goes to the environment's stack; the project-level grant stays with the account.
    // At App scope its mirror in the environment's stack (the same path); inside a stack, teamScope itself.
    const scope = this.team.environmentScope(env.name, teamScope);
    const target = this.team.platform.deployTarget(env.name);
    const namespaceName = this.team.namespaceName(env.name);
    const k8s = { provider: env.kubernetesProvider };
    const name = boundedName([this.deploymentName, 'deployer'], 63);
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': this.team.name, 'golden-paths.dev/environment': env.name };

    const platform = this.team.platform;
    const accountId = environmentDeployerAccountId(this._serviceName, env.name);
    // With projects of its own, the team keeps each environment's deployer in that environment's project: the platform
    // grants cluster access to the accounts of that project, so the team sets no IAM on the cluster's project.
    const ownProjects = this.team._onboarded?.projects !== undefined;
    const project = ownProjects ? this.team.googleProject(env.name) : this.team.googleProject();
    const serviceAccountEmail = `${accountId}@${project}.iam.gserviceaccount.com`;
    platform._claimName(this, NameKind.GOOGLE_SERVICE_ACCOUNT, serviceAccountEmail, {
      prop: 'serviceName', value: this._serviceName, problem: `would make the deployer service account "${accountId}" of environment "${env.name}" in "${project}" that another service already has`, fix: 'give every service a distinct name',
    });
    const serviceAccount = new ServiceAccount(teamScope, 'service-account', {
      project,
      accountId,
      displayName: `${this._serviceName} deployer to ${env.name} (GitHub Actions)`,
      description: `Rolls out ${this._serviceName} in ${env.name} from jobs of the GitHub environment "${env.name}" of ${platform.githubOrganization}/${this.repositoryName}; no key exists. Managed by ${MANAGED_BY}`,
    });
    const subject = this._repositoryId === undefined
      ? environmentSubject(platform.githubOrganization, this.repositoryName, env.name)
      : repositoryIdSubject(this._repositoryId, environmentContext(env.name));
    const workloadIdentityUser = new ServiceAccountIamMember(teamScope, 'workload-identity-user', {
      serviceAccountId: serviceAccount.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: subjectPrincipal(this._poolName, subject),
    });
    const clusterViewer = ownProjects ? undefined : new ProjectIamMember(teamScope, 'cluster-viewer', {
      provider: env.googleProvider,
      project: target.project,
      role: CLUSTER_VIEWER_ROLE,
      member: serviceAccount.member,
      condition: clusterOnlyCondition(target, env.name),
    });
    const gatewayAccess = ownProjects || env.gkeEndpoint !== GkeEndpoint.CONNECT_GATEWAY ? [] : CONNECT_GATEWAY_ROLES.map((gatewayRole) =>
      new ProjectIamMember(teamScope, `connect-gateway-${gatewayRole.replace(/^roles\/gkehub\./, '').toLowerCase()}`, {
        provider: env.googleProvider,
        project: target.project,
        role: gatewayRole,
        member: serviceAccount.member,
      }));
    const role = new RoleV1(scope, 'role', {
      ...k8s,
      metadata: { name, namespace: namespaceName, labels },
      rule: [
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [this.deploymentName], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    const roleBinding = new RoleBindingV1(scope, 'role-binding', {
      ...k8s,
      metadata: { name, namespace: namespaceName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'User', name: serviceAccountEmail, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    // The namespace's rollout policy (TeamNamespace) lets the user named here change only container images.
    const rolloutParams = new ConfigMapV1(scope, 'rollout-params', {
      ...k8s,
      metadata: { name, namespace: namespaceName, labels: { ...labels, [DEPLOYER_PARAMS_LABEL]: 'true' } },
      data: { [DEPLOYER_USERNAME_KEY]: serviceAccountEmail, deployment: this.deploymentName },
    });
    for (const r of [role, roleBinding, rolloutParams]) dependOn(r, ...this.team._namespaceDependencies(env.name));
    const access = { target, namespaceName, serviceAccountEmail, serviceAccount, subject, workloadIdentityUser };
    return { environment: env.name, ...access, role, roleBinding, rolloutParams, clusterViewer, gatewayAccess };
  }
}

/** The account id of a service's deployer to one environment: `<service>-deploy-<env>`, within Google's 6 to 30 characters. */
export function environmentDeployerAccountId(serviceName: string, environment: string): string {
  return boundedName([serviceName, 'deploy', environment], 30);
}

/** The account id of a service's build account: `<service>-deployer`, kept within Google's 6 to 30 characters. */
export function deployerAccountId(serviceName: string): string {
  return boundedName([serviceName, 'deployer'], 30);
}
