import type { PropProblem } from '../private/errors';
import { boundedName } from '../private/naming';
import { unresolved } from '../private/validation';

/**
 * The names of the platform's Workload Identity pool and provider for GitHub
 * Actions. They are deterministic, so a team repository refers to the pool the
 * platform repository made without reading its state.
 */

/** The default id of the OIDC provider in the pool. */
export const DEFAULT_WORKLOAD_IDENTITY_PROVIDER_ID = 'github-actions';

const WIF_ID = /^[a-z0-9-]{4,32}$/;

/** The default pool id of an organization: "github-<organization>", lowercased, within 32 characters. */
export function defaultWorkloadIdentityPoolId(organization: string): string {
  return boundedName(['github', organization.toLowerCase()], 32);
}

/** `projects/<number>/locations/global/workloadIdentityPools/<pool>`. */
export function workloadIdentityPoolName(projectNumber: string, poolId: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}`;
}

/** The principal set of every workflow run of one repository, under a pool's full name. */
export function repositoryPrincipalSet(poolName: string, organization: string, repository: string): string {
  return `principalSet://iam.googleapis.com/${poolName}/attribute.repository/${organization}/${repository}`;
}

/**
 * The principal of every token with one OIDC subject (`google.subject`, which
 * the platform's provider maps from `assertion.sub`), under a pool's full name.
 */
export function subjectPrincipal(poolName: string, subject: string): string {
  return `principal://iam.googleapis.com/${poolName}/subject/${subject}`;
}

/** The OIDC subject GitHub gives a job that runs in an environment: `repo:<org>/<repo>:environment:<env>`. */
export function environmentSubject(organization: string, repository: string, environment: string): string {
  return `repo:${organization}/${repository}:environment:${environment}`;
}

/** The OIDC subject GitHub gives a job without an environment on a pull request: `repo:<org>/<repo>:pull_request`. */
export function pullRequestSubject(organization: string, repository: string): string {
  return `repo:${organization}/${repository}:pull_request`;
}

/** The OIDC subject GitHub gives a job without an environment on a branch: `repo:<org>/<repo>:ref:refs/heads/<branch>`. */
export function branchSubject(organization: string, repository: string, branch: string): string {
  return `repo:${organization}/${repository}:ref:refs/heads/${branch}`;
}

/** What is wrong with a Workload Identity pool or provider id. */
export function workloadIdentityIdProblem(prop: string, value: string): PropProblem | undefined {
  if (unresolved(value)) return undefined;
  if (typeof value === 'string' && WIF_ID.test(value) && !value.startsWith('gcp-')) return undefined;
  return {
    prop,
    value,
    problem: 'is not a Workload Identity id (4 to 32 lowercase letters, digits and hyphens, not starting with "gcp-")',
    fix: 'use an id such as "github-actions"',
  };
}
