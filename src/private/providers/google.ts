/**
 * The google provider's resources the library uses, each from its own module
 * (a provider's package root loads every resource: seconds and hundreds of MB).
 * An ESLint rule forbids importing the provider anywhere else in src/.
 */
export { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
export { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
export { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
export { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
export { ComputeSharedVpcServiceProject } from '@cdktf/provider-google/lib/compute-shared-vpc-service-project';
export { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
export { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
export { DataGoogleIamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/data-google-iam-workload-identity-pool-provider';
export { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
export { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
export { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
export { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
export { MonitoringCustomService } from '@cdktf/provider-google/lib/monitoring-custom-service';
export { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
export { MonitoringMonitoredProject } from '@cdktf/provider-google/lib/monitoring-monitored-project';
export { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
export { MonitoringSlo } from '@cdktf/provider-google/lib/monitoring-slo';
export { Project } from '@cdktf/provider-google/lib/project';
export { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
export { ProjectService } from '@cdktf/provider-google/lib/project-service';
export { GoogleProvider } from '@cdktf/provider-google/lib/provider';
export { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
export { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
export { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
export { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
export { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
export { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
export { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
export { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
export { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
export { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
export { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
export { SqlUser } from '@cdktf/provider-google/lib/sql-user';
export { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
export { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
