/**
 * The github provider's resources the library uses, each from its own module
 * (a provider's package root loads every resource: seconds and hundreds of MB).
 * An ESLint rule forbids importing the provider anywhere else in src/.
 *
 * Each class is loaded when the library first reaches it (`lazyExports`): a
 * program that never makes one never parses its module. A class takes three
 * lines: its `import type` as `<Name>Class`, `export type <Name> = <Name>Class;`
 * with `export declare const <Name>: typeof <Name>Class;`, and its loader
 * below (test/imports.test.ts checks each, and that loading the library loads
 * no provider module).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the seam loads each resource module when it is first reached */
import type { ActionsEnvironmentSecret as ActionsEnvironmentSecretClass } from '@cdktf/provider-github/lib/actions-environment-secret';
import type { ActionsEnvironmentVariable as ActionsEnvironmentVariableClass } from '@cdktf/provider-github/lib/actions-environment-variable';
import type { ActionsRepositoryOidcSubjectClaimCustomizationTemplate as ActionsRepositoryOidcSubjectClaimCustomizationTemplateClass } from '@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template';
import type { ActionsSecret as ActionsSecretClass } from '@cdktf/provider-github/lib/actions-secret';
import type { ActionsVariable as ActionsVariableClass } from '@cdktf/provider-github/lib/actions-variable';
import type { BranchDefault as BranchDefaultClass } from '@cdktf/provider-github/lib/branch-default';
import type { DataGithubOrganization as DataGithubOrganizationClass } from '@cdktf/provider-github/lib/data-github-organization';
import type { DataGithubTeam as DataGithubTeamClass } from '@cdktf/provider-github/lib/data-github-team';
import type { DataGithubUser as DataGithubUserClass } from '@cdktf/provider-github/lib/data-github-user';
import type { IssueLabel as IssueLabelClass } from '@cdktf/provider-github/lib/issue-label';
import type { GithubProvider as GithubProviderClass } from '@cdktf/provider-github/lib/provider';
import type { Repository as RepositoryClass } from '@cdktf/provider-github/lib/repository';
import type { RepositoryEnvironment as RepositoryEnvironmentClass } from '@cdktf/provider-github/lib/repository-environment';
import type { RepositoryEnvironmentDeploymentPolicy as RepositoryEnvironmentDeploymentPolicyClass } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import type { RepositoryFile as RepositoryFileClass } from '@cdktf/provider-github/lib/repository-file';
import type { RepositoryRuleset as RepositoryRulesetClass } from '@cdktf/provider-github/lib/repository-ruleset';
import type { Team as TeamClass } from '@cdktf/provider-github/lib/team';
import type { TeamMembership as TeamMembershipClass } from '@cdktf/provider-github/lib/team-membership';
import type { TeamRepository as TeamRepositoryClass } from '@cdktf/provider-github/lib/team-repository';
import { lazyExports } from './lazy';

export type { RepositoryRulesetRules } from '@cdktf/provider-github/lib/repository-ruleset';

export type ActionsEnvironmentSecret = ActionsEnvironmentSecretClass;
export declare const ActionsEnvironmentSecret: typeof ActionsEnvironmentSecretClass;
export type ActionsEnvironmentVariable = ActionsEnvironmentVariableClass;
export declare const ActionsEnvironmentVariable: typeof ActionsEnvironmentVariableClass;
export type ActionsRepositoryOidcSubjectClaimCustomizationTemplate = ActionsRepositoryOidcSubjectClaimCustomizationTemplateClass;
export declare const ActionsRepositoryOidcSubjectClaimCustomizationTemplate: typeof ActionsRepositoryOidcSubjectClaimCustomizationTemplateClass;
export type ActionsSecret = ActionsSecretClass;
export declare const ActionsSecret: typeof ActionsSecretClass;
export type ActionsVariable = ActionsVariableClass;
export declare const ActionsVariable: typeof ActionsVariableClass;
export type BranchDefault = BranchDefaultClass;
export declare const BranchDefault: typeof BranchDefaultClass;
export type DataGithubOrganization = DataGithubOrganizationClass;
export declare const DataGithubOrganization: typeof DataGithubOrganizationClass;
export type DataGithubTeam = DataGithubTeamClass;
export declare const DataGithubTeam: typeof DataGithubTeamClass;
export type DataGithubUser = DataGithubUserClass;
export declare const DataGithubUser: typeof DataGithubUserClass;
export type GithubProvider = GithubProviderClass;
export declare const GithubProvider: typeof GithubProviderClass;
export type IssueLabel = IssueLabelClass;
export declare const IssueLabel: typeof IssueLabelClass;
export type Repository = RepositoryClass;
export declare const Repository: typeof RepositoryClass;
export type RepositoryEnvironment = RepositoryEnvironmentClass;
export declare const RepositoryEnvironment: typeof RepositoryEnvironmentClass;
export type RepositoryEnvironmentDeploymentPolicy = RepositoryEnvironmentDeploymentPolicyClass;
export declare const RepositoryEnvironmentDeploymentPolicy: typeof RepositoryEnvironmentDeploymentPolicyClass;
export type RepositoryFile = RepositoryFileClass;
export declare const RepositoryFile: typeof RepositoryFileClass;
export type RepositoryRuleset = RepositoryRulesetClass;
export declare const RepositoryRuleset: typeof RepositoryRulesetClass;
export type Team = TeamClass;
export declare const Team: typeof TeamClass;
export type TeamMembership = TeamMembershipClass;
export declare const TeamMembership: typeof TeamMembershipClass;
export type TeamRepository = TeamRepositoryClass;
export declare const TeamRepository: typeof TeamRepositoryClass;

lazyExports(exports, {
  ActionsEnvironmentSecret: () => require('@cdktf/provider-github/lib/actions-environment-secret').ActionsEnvironmentSecret,
  ActionsEnvironmentVariable: () => require('@cdktf/provider-github/lib/actions-environment-variable').ActionsEnvironmentVariable,
  ActionsRepositoryOidcSubjectClaimCustomizationTemplate: () => require('@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template').ActionsRepositoryOidcSubjectClaimCustomizationTemplate,
  ActionsSecret: () => require('@cdktf/provider-github/lib/actions-secret').ActionsSecret,
  ActionsVariable: () => require('@cdktf/provider-github/lib/actions-variable').ActionsVariable,
  BranchDefault: () => require('@cdktf/provider-github/lib/branch-default').BranchDefault,
  DataGithubOrganization: () => require('@cdktf/provider-github/lib/data-github-organization').DataGithubOrganization,
  DataGithubTeam: () => require('@cdktf/provider-github/lib/data-github-team').DataGithubTeam,
  DataGithubUser: () => require('@cdktf/provider-github/lib/data-github-user').DataGithubUser,
  GithubProvider: () => require('@cdktf/provider-github/lib/provider').GithubProvider,
  IssueLabel: () => require('@cdktf/provider-github/lib/issue-label').IssueLabel,
  Repository: () => require('@cdktf/provider-github/lib/repository').Repository,
  RepositoryEnvironment: () => require('@cdktf/provider-github/lib/repository-environment').RepositoryEnvironment,
  RepositoryEnvironmentDeploymentPolicy: () => require('@cdktf/provider-github/lib/repository-environment-deployment-policy').RepositoryEnvironmentDeploymentPolicy,
  RepositoryFile: () => require('@cdktf/provider-github/lib/repository-file').RepositoryFile,
  RepositoryRuleset: () => require('@cdktf/provider-github/lib/repository-ruleset').RepositoryRuleset,
  Team: () => require('@cdktf/provider-github/lib/team').Team,
  TeamMembership: () => require('@cdktf/provider-github/lib/team-membership').TeamMembership,
  TeamRepository: () => require('@cdktf/provider-github/lib/team-repository').TeamRepository,
});
