/**
 * The github provider's resources the library uses, each from its own module
 * (a provider's package root loads every resource: seconds and hundreds of MB).
 * An ESLint rule forbids importing the provider anywhere else in src/.
 */
export { ActionsEnvironmentSecret } from '@cdktf/provider-github/lib/actions-environment-secret';
export { ActionsEnvironmentVariable } from '@cdktf/provider-github/lib/actions-environment-variable';
export { ActionsRepositoryOidcSubjectClaimCustomizationTemplate } from '@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template';
export { ActionsSecret } from '@cdktf/provider-github/lib/actions-secret';
export { ActionsVariable } from '@cdktf/provider-github/lib/actions-variable';
export { BranchDefault } from '@cdktf/provider-github/lib/branch-default';
export { DataGithubOrganization } from '@cdktf/provider-github/lib/data-github-organization';
export { DataGithubTeam } from '@cdktf/provider-github/lib/data-github-team';
export { DataGithubUser } from '@cdktf/provider-github/lib/data-github-user';
export { GithubProvider } from '@cdktf/provider-github/lib/provider';
export { IssueLabel } from '@cdktf/provider-github/lib/issue-label';
export { Repository } from '@cdktf/provider-github/lib/repository';
export { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
export { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
export { RepositoryFile } from '@cdktf/provider-github/lib/repository-file';
export { RepositoryRuleset, type RepositoryRulesetRules } from '@cdktf/provider-github/lib/repository-ruleset';
export { Team } from '@cdktf/provider-github/lib/team';
export { TeamMembership } from '@cdktf/provider-github/lib/team-membership';
export { TeamRepository } from '@cdktf/provider-github/lib/team-repository';
