import { Construct } from 'constructs';
import { googleServiceAccountId } from './service-workload';
import type { PlatformEnvironment } from '../platform/environment';
import { deployTarget, GithubActionsIdentity, type DeployTarget } from '../platform/github-actions-identity';
import { placementError, throwIfProblems } from '../private/errors';
import { boundedName } from '../private/naming';
import { ArtifactRegistryRepositoryIamMember, ProjectIamMember, ServiceAccount, ServiceAccountIamMember } from '../private/providers/google';
import { RoleBindingV1, RoleV1 } from '../private/providers/kubernetes';
import { dnsLabelProblem, problems } from '../private/validation';
import { TeamEnvironment } from '../team/team-environment';
import { MANAGED_BY } from '../team/team-namespace';

/** The role that lets the deployer fetch cluster credentials, and nothing else in Google Cloud. */
export const CLUSTER_VIEWER_ROLE = 'roles/container.clusterViewer';
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
}

/** What the deployer may do in one environment. */
export interface DeployerEnvironmentAccess {
  /** The environment. */
  readonly environment: string;
  /** The GKE cluster, location and project the environment deploys to. */
  readonly target: DeployTarget;
  /** The namespace the deployer may roll the Deployment out in. */
  readonly namespace: string;
  /** The Role: patch (and watch) only the service's Deployment; read its ReplicaSets and Pods. */
  readonly role: RoleV1;
  /** Binds the Role to the deployer (GKE knows a Google service account as a User named by its email). */
  readonly roleBinding: RoleBindingV1;
  /**
   * `roles/container.clusterViewer` on the cluster's project, so the deploy job can fetch
   * credentials; made in the first environment of each project only.
   * @default - none in later environments of the same project
   */
  readonly clusterViewer?: ProjectIamMember;
}

/**
 * The identity a service's CI deploys with, without any key: a Google service
 * account that only workflow runs of the service's repository can act as
 * (Workload Identity Federation through the platform's
 * {@link GithubActionsIdentity}), allowed to push images to the team's
 * registry and, in every environment, to roll out the service's Deployment
 * and nothing else. Cluster access is narrow on purpose: `roles/container.clusterViewer`
 * only lets it fetch credentials; Kubernetes RBAC in the team's namespace
 * decides the rest.
 */
export class ServiceDeployer extends Construct {
  /** The platform's GitHub Actions identity (pool and provider). */
  public readonly identity: GithubActionsIdentity;
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The repository whose workflows may act as the deployer. */
  public readonly repositoryName: string;
  /** The Deployment the deployer rolls out. */
  public readonly deploymentName: string;
  /** The account id of the deployer service account (`<service>-deployer`, 6 to 30 characters). */
  public readonly accountId: string;
  /** The email of the deployer service account (known at synth time). */
  public readonly serviceAccountEmail: string;
  /** The principal set of the repository's workflow runs. */
  public readonly principalSet: string;
  /** The deployer service account (`google_service_account`). */
  public readonly serviceAccount: ServiceAccount;
  /** `roles/iam.workloadIdentityUser` on the deployer, for the repository's principal set only. */
  public readonly workloadIdentityUser: ServiceAccountIamMember;
  /** `roles/artifactregistry.writer` on the team's registry. */
  public readonly registryWriter: ArtifactRegistryRepositoryIamMember;

  private readonly _access = new Map<string, DeployerEnvironmentAccess>();

  public constructor(scope: Construct, id: string, props: ServiceDeployerProps) {
    super(scope, id);
    this.team = TeamEnvironment.of(this);
    const platform = this.team.platform;
    this.identity = GithubActionsIdentity.of(this);
    this.repositoryName = props.repositoryName;
    this.deploymentName = props.deploymentName ?? props.serviceName;

    throwIfProblems(this, problems(
      dnsLabelProblem('serviceName', props.serviceName),
      dnsLabelProblem('deploymentName', this.deploymentName),
    ));

    this.accountId = deployerAccountId(props.serviceName);
    const clash = platform.environments.find((env) => googleServiceAccountId(props.serviceName, env.name) === this.accountId
      && (env.googleProvider?.project ?? platform.gcpProject) === platform.gcpProject);
    if (clash) {
      throw placementError(this, `would share the service account "${this.accountId}" with the workload of environment "${clash.name}"`,
        'rename that environment: "deployer" names the CI deployer account of every service');
    }
    this.serviceAccountEmail = `${this.accountId}@${platform.gcpProject}.iam.gserviceaccount.com`;
    this.principalSet = this.identity.repositoryPrincipalSet(this.repositoryName);

    this.serviceAccount = new ServiceAccount(this, 'service-account', {
      project: platform.gcpProject,
      accountId: this.accountId,
      displayName: `${props.serviceName} deployer (GitHub Actions)`,
      description: `Deploys ${props.serviceName} from ${platform.githubOrganization}/${this.repositoryName} through Workload Identity Federation; no key exists. Managed by ${MANAGED_BY}`,
    });
    this.workloadIdentityUser = new ServiceAccountIamMember(this, 'workload-identity-user', {
      serviceAccountId: this.serviceAccount.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: this.principalSet,
    });
    const registry = this.team.artifactRegistry;
    this.registryWriter = new ArtifactRegistryRepositoryIamMember(this, 'registry-writer', {
      project: registry.project,
      location: registry.location,
      repository: registry.name,
      role: REGISTRY_WRITER_ROLE,
      member: this.serviceAccount.member,
    });

    const projectsSeen = new Set<string>();
    for (const env of platform.environments) {
      this._access.set(env.name, this.grantEnvironment(env, projectsSeen));
    }
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

  private grantEnvironment(env: PlatformEnvironment, projectsSeen: Set<string>): DeployerEnvironmentAccess {
    const scope = new Construct(this, env.name);
    const target = deployTarget(this.team.platform, env);
    const namespace = this.team.namespaceName(env.name);
    const k8s = { provider: env.kubernetesProvider, dependsOn: [this.team.namespace(env.name)] };
    const name = boundedName([this.deploymentName, 'deployer'], 63);
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'golden-paths.dev/team': this.team.name, 'golden-paths.dev/environment': env.name };

    let clusterViewer: ProjectIamMember | undefined;
    if (!projectsSeen.has(target.project)) {
      projectsSeen.add(target.project);
      clusterViewer = new ProjectIamMember(scope, 'cluster-viewer', {
        provider: env.googleProvider,
        project: target.project,
        role: CLUSTER_VIEWER_ROLE,
        member: this.serviceAccount.member,
      });
    }
    const role = new RoleV1(scope, 'role', {
      ...k8s,
      metadata: { name, namespace, labels },
      rule: [
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [this.deploymentName], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    const roleBinding = new RoleBindingV1(scope, 'role-binding', {
      ...k8s,
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'User', name: this.serviceAccountEmail, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    return { environment: env.name, target, namespace, role, roleBinding, clusterViewer };
  }
}

/** The account id of a service's deployer: `<service>-deployer`, kept within Google's 6 to 30 characters. */
export function deployerAccountId(serviceName: string): string {
  return boundedName([serviceName, 'deployer'], 30);
}
