/**
 * The google provider's resources the library uses, each from its own module
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
import type { ArtifactRegistryRepository as ArtifactRegistryRepositoryClass } from '@cdktf/provider-google/lib/artifact-registry-repository';
import type { ArtifactRegistryRepositoryIamMember as ArtifactRegistryRepositoryIamMemberClass } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import type { BillingBudget as BillingBudgetClass } from '@cdktf/provider-google/lib/billing-budget';
import type { ComputeGlobalAddress as ComputeGlobalAddressClass } from '@cdktf/provider-google/lib/compute-global-address';
import type { ComputeSharedVpcServiceProject as ComputeSharedVpcServiceProjectClass } from '@cdktf/provider-google/lib/compute-shared-vpc-service-project';
import type { DataGoogleClientConfig as DataGoogleClientConfigClass } from '@cdktf/provider-google/lib/data-google-client-config';
import type { DataGoogleContainerCluster as DataGoogleContainerClusterClass } from '@cdktf/provider-google/lib/data-google-container-cluster';
import type { DataGoogleIamWorkloadIdentityPoolProvider as DataGoogleIamWorkloadIdentityPoolProviderClass } from '@cdktf/provider-google/lib/data-google-iam-workload-identity-pool-provider';
import type { DataGoogleProject as DataGoogleProjectClass } from '@cdktf/provider-google/lib/data-google-project';
import type { IamWorkloadIdentityPool as IamWorkloadIdentityPoolClass } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import type { IamWorkloadIdentityPoolProvider as IamWorkloadIdentityPoolProviderClass } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import type { MonitoringAlertPolicy as MonitoringAlertPolicyClass } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import type { MonitoringCustomService as MonitoringCustomServiceClass } from '@cdktf/provider-google/lib/monitoring-custom-service';
import type { MonitoringDashboard as MonitoringDashboardClass } from '@cdktf/provider-google/lib/monitoring-dashboard';
import type { MonitoringMonitoredProject as MonitoringMonitoredProjectClass } from '@cdktf/provider-google/lib/monitoring-monitored-project';
import type { MonitoringNotificationChannel as MonitoringNotificationChannelClass } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import type { MonitoringSlo as MonitoringSloClass } from '@cdktf/provider-google/lib/monitoring-slo';
import type { Project as ProjectClass } from '@cdktf/provider-google/lib/project';
import type { ProjectIamCustomRole as ProjectIamCustomRoleClass } from '@cdktf/provider-google/lib/project-iam-custom-role';
import type { ProjectIamMember as ProjectIamMemberClass } from '@cdktf/provider-google/lib/project-iam-member';
import type { ProjectService as ProjectServiceClass } from '@cdktf/provider-google/lib/project-service';
import type { GoogleProvider as GoogleProviderClass } from '@cdktf/provider-google/lib/provider';
import type { PubsubTopic as PubsubTopicClass } from '@cdktf/provider-google/lib/pubsub-topic';
import type { PubsubTopicIamMember as PubsubTopicIamMemberClass } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import type { RedisInstance as RedisInstanceClass } from '@cdktf/provider-google/lib/redis-instance';
import type { SecretManagerSecret as SecretManagerSecretClass } from '@cdktf/provider-google/lib/secret-manager-secret';
import type { SecretManagerSecretIamMember as SecretManagerSecretIamMemberClass } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { SecretManagerSecretVersion as SecretManagerSecretVersionClass } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { ServiceAccount as ServiceAccountClass } from '@cdktf/provider-google/lib/service-account';
import type { ServiceAccountIamMember as ServiceAccountIamMemberClass } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { ServiceNetworkingConnection as ServiceNetworkingConnectionClass } from '@cdktf/provider-google/lib/service-networking-connection';
import type { SqlDatabase as SqlDatabaseClass } from '@cdktf/provider-google/lib/sql-database';
import type { SqlDatabaseInstance as SqlDatabaseInstanceClass } from '@cdktf/provider-google/lib/sql-database-instance';
import type { SqlUser as SqlUserClass } from '@cdktf/provider-google/lib/sql-user';
import type { StorageBucket as StorageBucketClass } from '@cdktf/provider-google/lib/storage-bucket';
import type { StorageBucketIamMember as StorageBucketIamMemberClass } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { lazyExports } from './lazy';


export type ArtifactRegistryRepository = ArtifactRegistryRepositoryClass;
export declare const ArtifactRegistryRepository: typeof ArtifactRegistryRepositoryClass;
export type ArtifactRegistryRepositoryIamMember = ArtifactRegistryRepositoryIamMemberClass;
export declare const ArtifactRegistryRepositoryIamMember: typeof ArtifactRegistryRepositoryIamMemberClass;
export type BillingBudget = BillingBudgetClass;
export declare const BillingBudget: typeof BillingBudgetClass;
export type ComputeGlobalAddress = ComputeGlobalAddressClass;
export declare const ComputeGlobalAddress: typeof ComputeGlobalAddressClass;
export type ComputeSharedVpcServiceProject = ComputeSharedVpcServiceProjectClass;
export declare const ComputeSharedVpcServiceProject: typeof ComputeSharedVpcServiceProjectClass;
export type DataGoogleClientConfig = DataGoogleClientConfigClass;
export declare const DataGoogleClientConfig: typeof DataGoogleClientConfigClass;
export type DataGoogleContainerCluster = DataGoogleContainerClusterClass;
export declare const DataGoogleContainerCluster: typeof DataGoogleContainerClusterClass;
export type DataGoogleIamWorkloadIdentityPoolProvider = DataGoogleIamWorkloadIdentityPoolProviderClass;
export declare const DataGoogleIamWorkloadIdentityPoolProvider: typeof DataGoogleIamWorkloadIdentityPoolProviderClass;
export type DataGoogleProject = DataGoogleProjectClass;
export declare const DataGoogleProject: typeof DataGoogleProjectClass;
export type IamWorkloadIdentityPool = IamWorkloadIdentityPoolClass;
export declare const IamWorkloadIdentityPool: typeof IamWorkloadIdentityPoolClass;
export type IamWorkloadIdentityPoolProvider = IamWorkloadIdentityPoolProviderClass;
export declare const IamWorkloadIdentityPoolProvider: typeof IamWorkloadIdentityPoolProviderClass;
export type MonitoringAlertPolicy = MonitoringAlertPolicyClass;
export declare const MonitoringAlertPolicy: typeof MonitoringAlertPolicyClass;
export type MonitoringCustomService = MonitoringCustomServiceClass;
export declare const MonitoringCustomService: typeof MonitoringCustomServiceClass;
export type MonitoringDashboard = MonitoringDashboardClass;
export declare const MonitoringDashboard: typeof MonitoringDashboardClass;
export type MonitoringMonitoredProject = MonitoringMonitoredProjectClass;
export declare const MonitoringMonitoredProject: typeof MonitoringMonitoredProjectClass;
export type MonitoringNotificationChannel = MonitoringNotificationChannelClass;
export declare const MonitoringNotificationChannel: typeof MonitoringNotificationChannelClass;
export type MonitoringSlo = MonitoringSloClass;
export declare const MonitoringSlo: typeof MonitoringSloClass;
export type Project = ProjectClass;
export declare const Project: typeof ProjectClass;
export type ProjectIamCustomRole = ProjectIamCustomRoleClass;
export declare const ProjectIamCustomRole: typeof ProjectIamCustomRoleClass;
export type ProjectIamMember = ProjectIamMemberClass;
export declare const ProjectIamMember: typeof ProjectIamMemberClass;
export type ProjectService = ProjectServiceClass;
export declare const ProjectService: typeof ProjectServiceClass;
export type GoogleProvider = GoogleProviderClass;
export declare const GoogleProvider: typeof GoogleProviderClass;
export type PubsubTopic = PubsubTopicClass;
export declare const PubsubTopic: typeof PubsubTopicClass;
export type PubsubTopicIamMember = PubsubTopicIamMemberClass;
export declare const PubsubTopicIamMember: typeof PubsubTopicIamMemberClass;
export type RedisInstance = RedisInstanceClass;
export declare const RedisInstance: typeof RedisInstanceClass;
export type SecretManagerSecret = SecretManagerSecretClass;
export declare const SecretManagerSecret: typeof SecretManagerSecretClass;
export type SecretManagerSecretIamMember = SecretManagerSecretIamMemberClass;
export declare const SecretManagerSecretIamMember: typeof SecretManagerSecretIamMemberClass;
export type SecretManagerSecretVersion = SecretManagerSecretVersionClass;
export declare const SecretManagerSecretVersion: typeof SecretManagerSecretVersionClass;
export type ServiceAccount = ServiceAccountClass;
export declare const ServiceAccount: typeof ServiceAccountClass;
export type ServiceAccountIamMember = ServiceAccountIamMemberClass;
export declare const ServiceAccountIamMember: typeof ServiceAccountIamMemberClass;
export type ServiceNetworkingConnection = ServiceNetworkingConnectionClass;
export declare const ServiceNetworkingConnection: typeof ServiceNetworkingConnectionClass;
export type SqlDatabase = SqlDatabaseClass;
export declare const SqlDatabase: typeof SqlDatabaseClass;
export type SqlDatabaseInstance = SqlDatabaseInstanceClass;
export declare const SqlDatabaseInstance: typeof SqlDatabaseInstanceClass;
export type SqlUser = SqlUserClass;
export declare const SqlUser: typeof SqlUserClass;
export type StorageBucket = StorageBucketClass;
export declare const StorageBucket: typeof StorageBucketClass;
export type StorageBucketIamMember = StorageBucketIamMemberClass;
export declare const StorageBucketIamMember: typeof StorageBucketIamMemberClass;

lazyExports(exports, {
  ArtifactRegistryRepository: () => require('@cdktf/provider-google/lib/artifact-registry-repository').ArtifactRegistryRepository,
  ArtifactRegistryRepositoryIamMember: () => require('@cdktf/provider-google/lib/artifact-registry-repository-iam-member').ArtifactRegistryRepositoryIamMember,
  BillingBudget: () => require('@cdktf/provider-google/lib/billing-budget').BillingBudget,
  ComputeGlobalAddress: () => require('@cdktf/provider-google/lib/compute-global-address').ComputeGlobalAddress,
  ComputeSharedVpcServiceProject: () => require('@cdktf/provider-google/lib/compute-shared-vpc-service-project').ComputeSharedVpcServiceProject,
  DataGoogleClientConfig: () => require('@cdktf/provider-google/lib/data-google-client-config').DataGoogleClientConfig,
  DataGoogleContainerCluster: () => require('@cdktf/provider-google/lib/data-google-container-cluster').DataGoogleContainerCluster,
  DataGoogleIamWorkloadIdentityPoolProvider: () => require('@cdktf/provider-google/lib/data-google-iam-workload-identity-pool-provider').DataGoogleIamWorkloadIdentityPoolProvider,
  DataGoogleProject: () => require('@cdktf/provider-google/lib/data-google-project').DataGoogleProject,
  IamWorkloadIdentityPool: () => require('@cdktf/provider-google/lib/iam-workload-identity-pool').IamWorkloadIdentityPool,
  IamWorkloadIdentityPoolProvider: () => require('@cdktf/provider-google/lib/iam-workload-identity-pool-provider').IamWorkloadIdentityPoolProvider,
  MonitoringAlertPolicy: () => require('@cdktf/provider-google/lib/monitoring-alert-policy').MonitoringAlertPolicy,
  MonitoringCustomService: () => require('@cdktf/provider-google/lib/monitoring-custom-service').MonitoringCustomService,
  MonitoringDashboard: () => require('@cdktf/provider-google/lib/monitoring-dashboard').MonitoringDashboard,
  MonitoringMonitoredProject: () => require('@cdktf/provider-google/lib/monitoring-monitored-project').MonitoringMonitoredProject,
  MonitoringNotificationChannel: () => require('@cdktf/provider-google/lib/monitoring-notification-channel').MonitoringNotificationChannel,
  MonitoringSlo: () => require('@cdktf/provider-google/lib/monitoring-slo').MonitoringSlo,
  Project: () => require('@cdktf/provider-google/lib/project').Project,
  ProjectIamCustomRole: () => require('@cdktf/provider-google/lib/project-iam-custom-role').ProjectIamCustomRole,
  ProjectIamMember: () => require('@cdktf/provider-google/lib/project-iam-member').ProjectIamMember,
  ProjectService: () => require('@cdktf/provider-google/lib/project-service').ProjectService,
  GoogleProvider: () => require('@cdktf/provider-google/lib/provider').GoogleProvider,
  PubsubTopic: () => require('@cdktf/provider-google/lib/pubsub-topic').PubsubTopic,
  PubsubTopicIamMember: () => require('@cdktf/provider-google/lib/pubsub-topic-iam-member').PubsubTopicIamMember,
  RedisInstance: () => require('@cdktf/provider-google/lib/redis-instance').RedisInstance,
  SecretManagerSecret: () => require('@cdktf/provider-google/lib/secret-manager-secret').SecretManagerSecret,
  SecretManagerSecretIamMember: () => require('@cdktf/provider-google/lib/secret-manager-secret-iam-member').SecretManagerSecretIamMember,
  SecretManagerSecretVersion: () => require('@cdktf/provider-google/lib/secret-manager-secret-version').SecretManagerSecretVersion,
  ServiceAccount: () => require('@cdktf/provider-google/lib/service-account').ServiceAccount,
  ServiceAccountIamMember: () => require('@cdktf/provider-google/lib/service-account-iam-member').ServiceAccountIamMember,
  ServiceNetworkingConnection: () => require('@cdktf/provider-google/lib/service-networking-connection').ServiceNetworkingConnection,
  SqlDatabase: () => require('@cdktf/provider-google/lib/sql-database').SqlDatabase,
  SqlDatabaseInstance: () => require('@cdktf/provider-google/lib/sql-database-instance').SqlDatabaseInstance,
  SqlUser: () => require('@cdktf/provider-google/lib/sql-user').SqlUser,
  StorageBucket: () => require('@cdktf/provider-google/lib/storage-bucket').StorageBucket,
  StorageBucketIamMember: () => require('@cdktf/provider-google/lib/storage-bucket-iam-member').StorageBucketIamMember,
});
