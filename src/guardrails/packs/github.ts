import { GuardrailLevel, GuardrailPack, resourcesOf, scopeOf, type BuiltInRuleDefinition } from '../rule';
import { isRepository } from '../rules/github/branch-protection';
import { defaultBranchProtected } from '../rules/github/default-branch-protected';
import { ENVIRONMENT } from '../rules/github/environments';
import { productionEnvironmentBranches } from '../rules/github/production-environment-branches';
import { productionEnvironmentReviewers } from '../rules/github/production-environment-reviewers';
import { productionEnvironmentSelfReview } from '../rules/github/production-environment-self-review';
import { repositoryNotPublic } from '../rules/github/repository-not-public';
import { requiredReviews } from '../rules/github/required-reviews';
import { requiredStatusChecks } from '../rules/github/required-status-checks';
import { rulesetBypass } from '../rules/github/ruleset-bypass';
import { vulnerabilityAlerts } from '../rules/github/vulnerability-alerts';

const pack = GuardrailPack.GITHUB;
const { ERROR } = GuardrailLevel;

/** The GitHub pack: repository visibility, alerts and default-branch protection. */
export const GITHUB_RULES: readonly BuiltInRuleDefinition[] = [
  {
    id: 'GP-GH-001',
    pack,
    name: 'repository-not-public',
    level: ERROR,
    checks: 'repositories are private or internal (a public one needs a suppression with its reason)',
    check: repositoryNotPublic,
    judges: scopeOf(isRepository),
    message: 'A repository is public.',
    fix: 'Set visibility = "private" (or "internal"); if it must be public, suppress GP-GH-001 on it with the reason.',
  },
  {
    id: 'GP-GH-002',
    pack,
    name: 'vulnerability-alerts',
    level: ERROR,
    checks: 'Dependabot vulnerability alerts on',
    check: vulnerabilityAlerts,
    judges: scopeOf(isRepository),
    message: 'A repository has Dependabot vulnerability alerts off.',
    fix: 'Set vulnerability_alerts = true.',
  },
  {
    id: 'GP-GH-003',
    pack,
    name: 'default-branch-protected',
    level: ERROR,
    checks: 'the default branch is protected (branch protection, v3, or an active repository ruleset)',
    check: defaultBranchProtected,
    judges: scopeOf(isRepository),
    message: "A repository's default branch is not protected, so anyone with write access can push to it directly.",
    fix: 'Add a github_branch_protection (or an active github_repository_ruleset) for the default branch.',
  },
  {
    id: 'GP-GH-004',
    pack,
    name: 'required-status-checks',
    level: ERROR,
    checks: 'that protection requires status checks',
    check: requiredStatusChecks,
    judges: scopeOf(isRepository),
    message: "A repository's default branch can be merged without passing checks.",
    fix: 'Set required_status_checks with the CI job names as contexts on the default branch protection.',
  },
  {
    id: 'GP-GH-005',
    pack,
    name: 'required-reviews',
    level: ERROR,
    checks: 'that protection requires an approving review',
    check: requiredReviews,
    judges: scopeOf(isRepository),
    message: "A repository's default branch can be merged without a review.",
    fix: 'Set required_pull_request_reviews with required_approving_review_count >= 1 on the default branch protection.',
  },
  {
    id: 'GP-GH-006',
    pack,
    name: 'ruleset-bypass',
    level: ERROR,
    checks: 'no repository role, team or deploy key may bypass a ruleset with `bypass_mode` `always` or `exempt` (organization admins and GitHub Apps may; others through `pull_request`)',
    check: rulesetBypass,
    judges: resourcesOf('github_repository_ruleset'),
    message: 'A repository ruleset lets a repository role, a team or a deploy key bypass it at any time, so its protection holds for nobody who has that role.',
    fix: 'Set bypass_mode = "pull_request" for that actor, or remove it from bypass_actors (organization admins and GitHub Apps may bypass always).',
  },
  {
    id: 'GP-GH-007',
    pack,
    name: 'production-environment-reviewers',
    level: ERROR,
    checks: 'a production GitHub environment names at least one reviewer (where GitHub offers none, a private repository outside Enterprise Cloud, the library suppresses it with that reason)',
    check: productionEnvironmentReviewers,
    judges: resourcesOf(ENVIRONMENT),
    message: 'A production GitHub environment requires no reviewer, so any job allowed to use it deploys to production unreviewed.',
    fix: 'Name at least one team or user in reviewers of the environment; where GitHub offers no reviewers (a private repository outside Enterprise Cloud), suppress GP-GH-007 on it with that reason.',
  },
  {
    id: 'GP-GH-008',
    pack,
    name: 'production-environment-self-review',
    level: ERROR,
    checks: 'a production GitHub environment sets `prevent_self_review = true` and `can_admins_bypass = false`',
    check: productionEnvironmentSelfReview,
    judges: resourcesOf(ENVIRONMENT),
    message: 'A production GitHub environment lets whoever starts a deploy approve it, or lets repository admins skip its reviewers.',
    fix: 'Set prevent_self_review = true and can_admins_bypass = false on the environment.',
  },
  {
    id: 'GP-GH-009',
    pack,
    name: 'production-environment-branches',
    level: ERROR,
    checks: 'a production GitHub environment takes jobs from chosen branches only: `protected_branches`, or `custom_branch_policies` whose deployment policies name no pattern matching any branch or tag (`*`)',
    check: productionEnvironmentBranches,
    judges: resourcesOf(ENVIRONMENT),
    message: 'A production GitHub environment takes jobs from any branch (or tag), so anyone who can push a branch can use its secrets and deploy identity.',
    fix: 'Set deployment_branch_policy with custom_branch_policies = true and a github_repository_environment_deployment_policy naming the default branch (or protected_branches = true); never a pattern such as "*".',
  },
];
