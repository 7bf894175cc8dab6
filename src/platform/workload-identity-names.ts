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

/**
 * The claims every repository of the platform customizes its OIDC subject to
 * (`include_claim_keys` of the repository's subject claim template): the
 * repository's immutable id, then the context (`environment:<env>`,
 * `pull_request`, `ref:<ref>`, as in GitHub's default subject). GitHub's
 * "Customizing the subject claims for an organization or repository"
 * (https://docs.github.com/en/actions/reference/security/oidc): a template
 * makes the subject its claims as `key:value` pairs in order, `context` being
 * "the part that follows the repository in the default sub format", and
 * "Using system-generated GUIDs" keeps it stable across renames. Unlike the
 * default `repo:<owner>/<name>:...`, which names the repository (reusable after
 * a rename or deletion) and which GitHub changes for new repositories to
 * `repo:<owner>@<owner id>/<name>@<repository id>:...` ("Immutable subject
 * claims"), this subject names one repository forever, in one format, on
 * github.com, GHE.com and GitHub Enterprise Server alike.
 */
export const OIDC_SUBJECT_CLAIM_KEYS: readonly string[] = ['repository_id', 'context'];

/** The OIDC subject, under the platform's template, of a job of repository `repositoryId` in `context`. */
export function repositoryIdSubject(repositoryId: string, context: string): string {
  return `repository_id:${repositoryId}:${context}`;
}

/** The context of a job that runs in a GitHub environment: `environment:<env>`. */
export function environmentContext(environment: string): string {
  return `environment:${environment}`;
}

/** The context of a job without an environment on a pull request: `pull_request`. */
export const PULL_REQUEST_CONTEXT = 'pull_request';

/** The context of a job without an environment on a branch: `ref:refs/heads/<branch>`. */
export function branchContext(branch: string): string {
  return `ref:refs/heads/${branch}`;
}

/**
 * The principal set of every workflow run of one repository, by its immutable
 * id (`attribute.repository_id`, which the platform's provider maps from
 * `assertion.repository_id`), under a pool's full name.
 */
export function repositoryIdPrincipalSet(poolName: string, repositoryId: string): string {
  return `principalSet://iam.googleapis.com/${poolName}/attribute.repository_id/${repositoryId}`;
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
