import { Construct } from 'constructs';
import type { DeployReviewers } from './deploy-reviewers';
import type { RepositoryVariables } from './repository-variables';
import { RepositoryVisibility } from './service-repository-props';
import { Guardrails } from '../guardrails/guardrails';
import type { PlatformEnvironment } from '../platform/environment';
import { GithubPlan } from '../platform/platform-props';
import { Annotations } from '../private/cdk';
import {
  RepositoryEnvironment, RepositoryEnvironmentDeploymentPolicy, type ActionsEnvironmentVariable,
} from '../private/providers/github';

/** A GitHub environment of a service repository, with what gates and configures its deploy job. */
export interface ServiceRepositoryEnvironment {
  /** The environment name (the platform environment's name). */
  readonly name: string;
  /** Whether deploys to it wait for reviewers. */
  readonly production: boolean;
  /** The reviewers as configured (`alice`, `acme/sre`); the owning team when empty in production. */
  readonly reviewers: string[];
  /** The GitHub environment (`github_repository_environment`). */
  readonly environment: RepositoryEnvironment;
  /** Only the default branch may deploy (`github_repository_environment_deployment_policy`). */
  readonly deploymentPolicy: RepositoryEnvironmentDeploymentPolicy;
  /** The environment's Actions variables (the GKE cluster and its location). */
  readonly variables: ActionsEnvironmentVariable[];
}

/** What the GitHub environments of a service repository are made from. */
export interface RepositoryEnvironmentsProps {
  /** `<organization>/<repository>`, which warnings name. */
  readonly fullName: string;
  /** Who can see the repository (required reviewers need a public one, or GitHub Enterprise Cloud). */
  readonly visibility: RepositoryVisibility;
  /** The organization's GitHub plan. */
  readonly githubPlan: GithubPlan;
  /** The repository's name (`${github_repository.<repository>.name}`). */
  readonly repositoryRef: string;
  /** The default branch's name (`${github_branch_default.<repository>.branch}`), the only one that may deploy. */
  readonly branchRef: string;
  /** The reviewers of production deploys, by the ids GitHub takes. */
  readonly deployReviewers: DeployReviewers;
  /** The repository's Actions variables, which make each environment's own. */
  readonly variables: RepositoryVariables;
}

/**
 * Makes the GitHub environment of one platform environment in a service
 * repository, in the repository's child `<env>`: the environment
 * (`environment`: reviewers in production where GitHub offers them), its
 * deployment policy (`deployment-policy`: the default branch only) and its
 * Actions variables (`variable-<name>`).
 *
 * @param repository the service repository, which warnings name
 * @param props what the environments are made from
 * @param env the platform environment
 * @param serviceReviewers the service's reviewers of the environment's deploys (else the environment's)
 */
export function repositoryEnvironment(
  repository: Construct, props: RepositoryEnvironmentsProps, env: PlatformEnvironment, serviceReviewers: string[] | undefined,
): ServiceRepositoryEnvironment {
  const scope = new Construct(repository, env.name);
  // Required reviewers on a private repository need GitHub Enterprise Cloud (the API answers 422 otherwise).
  const canReview = props.githubPlan === GithubPlan.ENTERPRISE || props.visibility === RepositoryVisibility.PUBLIC;
  const reviewers = env.production && canReview ? [...(serviceReviewers ?? env.reviewers)] : [];
  let reviewerIds: { teams?: number[]; users?: number[] } | undefined;
  if (env.production && !canReview) {
    Annotations.of(repository).addWarning(`Deploys of ${props.fullName} to production environment "${env.name}" wait for no reviewer: required reviewers on a private repository need GitHub Enterprise Cloud (githubPlan is "${props.githubPlan}"). `
      + 'The gate is the environment\'s deployment branch policy (main only, which the ruleset protects with review and checks) and its own deployer identity, which only jobs of that environment can use.');
  }
  if (env.production && canReview) {
    reviewerIds = reviewers.length === 0
      // Through the team access, so the team can read the repository before it is asked to review.
      ? { teams: [props.deployReviewers.ownTeamNumber()] }
      : props.deployReviewers.reviewerIds(reviewers);
  }
  // Every environment deploys from the default branch only, which the ruleset protects with review and
  // checks: a job on any other branch cannot use the environment, its variables or its deployer identity.
  const environment = new RepositoryEnvironment(scope, 'environment', {
    repository: props.repositoryRef,
    environment: env.name,
    reviewers: reviewerIds ? [reviewerIds] : undefined,
    // In production, whoever starts a deploy cannot approve it, and admins wait for the reviewers too.
    preventSelfReview: env.production ? true : undefined,
    canAdminsBypass: env.production ? false : undefined,
    deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
  });
  if (env.production && !canReview) {
    // What the warning above says, recorded where the guardrails report it.
    Guardrails.suppress(environment, 'GP-GH-007', `GitHub offers required reviewers on a private repository only with Enterprise Cloud (githubPlan is "${props.githubPlan}"); `
      + 'the gate is the main-only deployment branch policy and the environment\'s own deployer identity');
  }
  // One reference to the environment's name for both (an attribute read makes a new token each time).
  const environmentRef = environment.environment;
  const deploymentPolicy = new RepositoryEnvironmentDeploymentPolicy(scope, 'deployment-policy', {
    repository: props.repositoryRef,
    environment: environmentRef,
    branchPattern: props.branchRef,
  });
  const variables = props.variables.environmentLevel(scope, env, environmentRef);
  return { name: env.name, production: env.production, reviewers, environment, deploymentPolicy, variables };
}
