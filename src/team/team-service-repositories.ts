import { Construct, Node } from 'constructs';
import { Guardrails } from '../guardrails/guardrails';
import { oidcSubjectTemplate } from '../platform/github-actions-identity';
import type { ServiceTemplateSource } from '../platform/platform-props';
import { MANAGED_BY } from '../private/constants';
import { type ActionsRepositoryOidcSubjectClaimCustomizationTemplate, Repository } from '../private/providers/github';

/**
 * The service repositories a team may own, created by the platform: creating
 * a repository needs the organization's power, which no team token holds
 * (an installation token narrowed to listed repositories reaches those alone,
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app).
 *
 * Each is created private, from the foundation's service template repository
 * when the platform keeps one (else with a first commit), and then left alone
 * (`ignore_changes = all`): the team's stack adopts it with an import block
 * (the service's `ServiceRepository`) and keeps its settings, files, ruleset,
 * environments and variables with a token for the team's repositories only.
 * Removed from the list, a repository is archived, never deleted.
 */
export function makeServiceRepositories(
  scope: Construct, team: string, names: readonly string[], template: ServiceTemplateSource | undefined,
): Repository[] {
  const parent = new Construct(scope, 'service-repositories');
  for (const rule of ADOPTED_RULES) {
    Guardrails.suppress(parent, rule, 'The team\'s stack adopts each repository and protects its default branch with the service\'s ruleset (reviews, the CI checks) '
      + 'in the same apply that gives the team access; until then nobody but the platform can push to it.');
  }
  return names.map((name) => new Repository(parent, name, {
    name,
    description: `A service of the ${team} team: created by the platform, kept by the team's stacks (${MANAGED_BY})`,
    visibility: 'private',
    vulnerabilityAlerts: true,
    // The template's tree on main (the team's stack then commits the platform-owned files, or the whole
    // scaffold for a service off the golden path's port and probes); without one, a first commit.
    ...(template ? { template: { owner: template.owner, repository: template.repository, includeAllBranches: false } } : { autoInit: true }),
    archiveOnDestroy: true,
    // The team's stack owns everything about it after creation.
    lifecycle: { ignoreChanges: 'all' },
  }));
}

/**
 * The OIDC subject template of each service repository the platform created
 * (OIDC_SUBJECT_CLAIM_KEYS: the repository's immutable id and the job's
 * context), which the deployers the team's stack binds trust. The platform
 * sets it: the endpoint needs the Actions permission (write), which the
 * team's tokens do not hold ("Set the customization template for an OIDC
 * subject claim for a repository", https://docs.github.com/en/rest/actions/oidc),
 * and it is in place before the team's first push runs a workflow.
 */
export function makeServiceRepositorySubjects(
  scope: Construct, repositories: readonly Repository[],
): ActionsRepositoryOidcSubjectClaimCustomizationTemplate[] {
  if (repositories.length === 0) return [];
  const parent = new Construct(scope, 'service-repository-oidc-subjects');
  return repositories.map((r) => oidcSubjectTemplate(parent, Node.of(r).id, r.name));
}

/** The rules the service's ruleset in the team's stack satisfies, not the platform's create-only resource. */
const ADOPTED_RULES = ['GP-GH-003', 'GP-GH-004', 'GP-GH-005'];
