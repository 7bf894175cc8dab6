import { Construct } from 'constructs';
import type { ServiceDeployer } from './service-deployer';
import type { PlatformEnvironment } from '../platform/environment';
import { deployTarget } from '../platform/github-actions-identity';
import { pathOf } from '../private/errors';
import { ActionsEnvironmentVariable, ActionsVariable } from '../private/providers/github';
import { CiVariables } from '../scaffold/ci-variables';
import type { TeamEnvironment } from '../team/team-environment';

/** Variables the workflow reads per environment; all others are repository variables. */
const ENVIRONMENT_VARIABLES: readonly string[] = [CiVariables.GKE_CLUSTER, CiVariables.GKE_LOCATION];
/**
 * Variables set on the repository (for the image build, which runs in no
 * environment) and again on each environment, whose value wins in its deploy
 * job: the deployer there is that environment's own account.
 */
const OVERRIDDEN_PER_ENVIRONMENT: readonly string[] = [CiVariables.DEPLOY_SERVICE_ACCOUNT];

/** What the Actions variables of a service repository are made from. */
export interface RepositoryVariablesProps {
  /** The repository's name (`${github_repository.<repository>.name}`). */
  readonly repositoryRef: string;
  /** The variables the CI workflow reads (`vars.<name>`), in its order. */
  readonly workflowVariables: readonly string[];
  /** The team that owns the repository. */
  readonly team: TeamEnvironment;
  /** The service's keyless deployer, whose identities the variables name. */
  readonly deployer: ServiceDeployer;
}

/**
 * The Actions variables a service's CI workflow reads for keyless deploys:
 * those of the repository (the Workload Identity provider, the deployer and
 * the registry, for the image build, which runs in no environment) and those
 * of each GitHub environment (its cluster, and its own deployer account, whose
 * value wins in that environment's deploy job).
 */
export class RepositoryVariables {
  /**
   * @param repository the service repository: the scope of the variables, and the construct errors name
   * @param props what the variables are made from
   */
  public constructor(private readonly repository: Construct, private readonly props: RepositoryVariablesProps) {}

  /** The repository-level variables (`github_actions_variable`), children of the repository's `variables`, by name. */
  public repositoryLevel(): Map<string, ActionsVariable> {
    const { repositoryRef, deployer, team } = this.props;
    const scope = new Construct(this.repository, 'variables');
    const environmentVariables = new Set(ENVIRONMENT_VARIABLES);
    const values: Record<string, string> = {
      [CiVariables.WORKLOAD_IDENTITY_PROVIDER]: deployer.workloadIdentityProvider,
      [CiVariables.DEPLOY_SERVICE_ACCOUNT]: deployer.serviceAccountEmail,
      [CiVariables.ARTIFACT_REGISTRY]: team.registryPath,
    };
    const variables = new Map<string, ActionsVariable>();
    for (const name of this.props.workflowVariables.filter((v) => !environmentVariables.has(v))) {
      const value = values[name];
      if (value === undefined) {
        throw new Error(`[${pathOf(this.repository)}] the CI workflow reads vars.${name}, which no resource provides. This is a bug in cdktf-golden-paths: please report it.`);
      }
      variables.set(name, new ActionsVariable(scope, name, { repository: repositoryRef, variableName: name, value }));
    }
    return variables;
  }

  /**
   * The variables of one GitHub environment (`github_actions_environment_variable`), children `variable-<name>` of
   * its scope: the cluster (by its short name in the deployer's own project, elsewhere by its full name), its
   * location and the environment's deployer account.
   *
   * @param scope the environment's scope in the repository
   * @param env the platform environment
   * @param environmentName the GitHub environment's name, as a reference
   */
  public environmentLevel(scope: Construct, env: PlatformEnvironment, environmentName: string): ActionsEnvironmentVariable[] {
    const { repositoryRef, deployer, team } = this.props;
    const target = deployTarget(team.platform, env);
    const values: Record<string, string> = {
      // A short name resolves in the deployer's own project (where its credentials come from); elsewhere the full name.
      [CiVariables.GKE_CLUSTER]: target.project === team.googleProject()
        ? target.cluster
        : `projects/${target.project}/locations/${target.location}/clusters/${target.cluster}`,
      [CiVariables.GKE_LOCATION]: target.location,
      [CiVariables.DEPLOY_SERVICE_ACCOUNT]: deployer.access(env.name).serviceAccountEmail,
    };
    return this.props.workflowVariables.filter((v) => ENVIRONMENT_VARIABLES.includes(v) || OVERRIDDEN_PER_ENVIRONMENT.includes(v)).map((name) =>
      new ActionsEnvironmentVariable(scope, `variable-${name}`, {
        repository: repositoryRef,
        environment: environmentName,
        variableName: name,
        value: values[name],
      }));
  }
}
