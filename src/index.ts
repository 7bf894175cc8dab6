// The public API, by name: constructs, their props and value types, enums and
// the interfaces users implement or receive. Helpers stay in their modules.

// Errors of the input
export { GoldenPathsValidationError, type ValidationProblem } from './errors/golden-paths-validation-error';

// Platform
export { FastSynth } from './platform/fast-synth';
export { Platform } from './platform/platform';
export { GithubPlan, PrivateServiceAccess, type PlatformProps, type TeamProjectsOptions, type TeamProjectsSettings } from './platform/platform-props';
export type { ToolImagesOptions, ToolImagesSettings } from './platform/tool-images';
export { GkeMode } from './platform/cost-estimate';
export type { CostEstimateOptions, RegionPrices } from './platform/cost-estimate';
export type { KpiTargets } from './platform/kpi-targets';
export type { OnboardedProjects } from './platform/onboarded-team';
export { PlatformFoundation } from './platform/platform-foundation';
export { ServiceTemplateRepository } from './platform/service-template-repository';
export { PlatformStack, PlatformStackKind, type IPlatformStackConfigurator, type PlatformStackProps } from './platform/platform-stack';
export { GkeEndpoint, PlatformEnvironment, type DeployTarget, type EnvironmentConfig } from './platform/environment';
export {
  GoldenPath, type AutoscalingOptions, type AutoscalingSettings, type GoldenPathOverrides, type WorkloadOverrides, type WorkloadSettings,
} from './platform/golden-path';
export { GithubActionsIdentity, type GithubActionsIdentityProps } from './platform/github-actions-identity';
export type { BurnRateAlert, ServiceLevelOverrides, ServiceLevelSettings } from './platform/service-levels';

// Teams
export { TeamEnvironment, type ITeamDefinition } from './team/team-environment';
export type { ImageRetentionOptions, ImageRetentionSettings, MonthlyBudgetOptions, TeamEnvironmentProps } from './team/team-environment-props';
export type { IQuotaConsumer, ITeamEnvironment, QuotaFootprint } from './team/team-interfaces';
export { TeamNamespace, type TeamNamespaceProps } from './team/team-namespace';
export { GrantsNamespace, type GrantsNamespaceProps } from './team/grants-namespace';
export { TeamOnboarding, type TeamOnboardingProps } from './team/team-onboarding';
export { TeamProjects } from './team/team-projects';
export { TeamIdentities, type TeamApplyIdentity, type TeamIdentitiesProps } from './team/team-identities';
export { InfrastructureRepository, type InfrastructureRepositoryProps } from './team/infrastructure-repository';
export type { TeamGrant } from './team/team-grants';
export { NamespaceQuota, type NamespaceQuotaOptions, type NamespaceQuotaSettings } from './team/team-quotas';
export { GroupSubject } from './team/group-subject';
export type { AlertDestination, AlertNotificationOptions } from './team/team-alerts';
export type { TeamDashboardOptions, TeamDashboardSettings } from './team/team-dashboards';

// Services
export { GoMicroservice, ServiceLifecycle, type GoMicroserviceProps } from './service/go-microservice';
export { TeamServices } from './service/team-services';
export { PlatformTeams } from './service/platform-teams';
export { ServiceRepository } from './service/service-repository';
export type { ServiceRepositoryEnvironment } from './service/repository-environments';
export { RepositoryVisibility, type ServiceRepositoryOptions, type ServiceRepositoryProps } from './service/service-repository-props';
export { ServiceDeployer, type DeployerEnvironmentAccess, type ServiceDeployerProps } from './service/service-deployer';
export { ServiceWorkload } from './service/service-workload';
export { ServiceMonitoring, type BurnRateAlertPolicy, type MetricsTarget, type ServiceMonitoringProps } from './service/service-monitoring';
export { ApplicationSecret, ApplicationSecrets, type ApplicationSecretProps, type ApplicationSecretsProps } from './service/application-secrets';
export type { ServiceRuntimeOptions, ServiceWorkloadInput, ServiceWorkloadProps } from './service/service-workload-props';
export type { SidecarContainer, SidecarHealthCheck } from './workload/sidecar-container';
export { EnvValue, type EnvKeyReference, type SecretManagerOptions, type SecretManagerReference } from './service/env-value';

// Databases
export { DatabaseEngine, DatabaseSize, MaintenanceDay, type MaintenanceWindow } from './database/database-engine';
export { ManagedDatabase, type GrantAccessOptions } from './database/managed-database';
export type { DatabaseEnvironmentOverrides, ManagedDatabaseProps } from './database/managed-database-props';
export type {
  DatabaseEnvironmentSettings, IDatabaseClient, IDatabaseClientWorkload, IDatabaseEnvironment, IManagedDatabase,
} from './database/database-interfaces';
export { SqlDatabaseEnvironment, type ISqlServiceAccess, type SqlDatabaseEnvironmentProps } from './database/sql-database-environment';
export { RedisEnvironment, type IRedisServiceAccess, type RedisEnvironmentProps } from './database/redis-environment';
export { PostgresGrantJob, type PostgresGrantJobProps } from './database/postgres-grant-job';
export type { ISqlGrantJob } from './database/sql-grant-job';
export { MysqlGrantJob, type MysqlGrantJobProps } from './database/mysql-grant-job';

// Catalog
export { ServiceCatalog } from './catalog/catalog';
export type { CatalogEntity, CatalogEntityLink, CatalogEntityMetadata } from './catalog/entity';

// Repository scaffold and CI
export { GoServiceScaffold, type GoServiceScaffoldOptions } from './scaffold/go-service-scaffold';
export { ServiceTemplate } from './scaffold/service-template';
export { CiWorkflow } from './scaffold/ci-workflow';
export type { CiWorkflowOptions } from './scaffold/ci-workflow-options';
export { PlatformWorkflow } from './scaffold/platform-workflow';
export type { PlatformWorkflowOptions } from './scaffold/platform-workflow-options';
export { CiVariables } from './scaffold/ci-variables';
export { FileOwnership } from './scaffold/file-ownership';
export { RequiredCheck } from './scaffold/required-check';
export { ScaffoldPaths } from './scaffold/scaffold-paths';
export type { DeployEnvironment } from './scaffold/deploy-environment';
export type { ScaffoldFile } from './scaffold/scaffold-file';

// Guardrails
export { Guardrails, type GuardrailsOptions } from './guardrails/guardrails';
export { GuardrailLevel, GuardrailPack, RuleCompliance, type GuardrailRule, type RuleResult } from './guardrails/rule';
export { GuardrailRulePack, type GuardrailRulePackProps, type IGuardrailRule } from './guardrails/rule-pack';
export { ElementKind, type IGuardrailStack, type NamespaceRef, type TerraformElement } from './guardrails/element';
export type { SuppressionOptions } from './guardrails/suppressions';
