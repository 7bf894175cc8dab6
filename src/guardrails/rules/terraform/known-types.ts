/**
 * The resource types the guardrails know: those a rule judges, and those the
 * library's own constructs make (`src/private/providers/`, which a test keeps
 * in step with this list). A resource of any other type in production is
 * one no rule has looked at (GP-TF-003).
 */

/** Kubernetes kinds the library makes, each as the provider's `_v1` type and its older name. */
const KUBERNETES = [
  'config_map', 'deployment', 'horizontal_pod_autoscaler', 'job', 'limit_range', 'namespace', 'network_policy',
  'pod_disruption_budget', 'resource_quota', 'role_binding', 'role', 'secret', 'service_account', 'service',
  // judged by the Kubernetes pack
  'stateful_set', 'daemon_set', 'replication_controller', 'cron_job', 'pod', 'cluster_role_binding',
].flatMap((k) => [`kubernetes_${k}`, `kubernetes_${k}_v1`]);

/** Every resource type the guardrails know. */
export const KNOWN_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  ...KUBERNETES,
  'kubernetes_daemonset', 'kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_horizontal_pod_autoscaler_v2beta2',
  'kubernetes_manifest', 'kubernetes_labels', 'kubernetes_secret_v1_data',
  // Google Cloud: what the library makes, and what the Google Cloud pack judges
  'google_artifact_registry_repository', 'google_billing_budget', 'google_compute_global_address', 'google_compute_shared_vpc_service_project',
  'google_iam_workload_identity_pool', 'google_iam_workload_identity_pool_provider',
  'google_monitoring_alert_policy', 'google_monitoring_custom_service', 'google_monitoring_dashboard', 'google_monitoring_monitored_project', 'google_monitoring_notification_channel', 'google_monitoring_slo',
  'google_project', 'google_project_iam_custom_role', 'google_project_service', 'google_pubsub_topic',
  'google_redis_instance', 'google_secret_manager_secret', 'google_secret_manager_secret_version', 'google_service_account',
  'google_service_account_key', 'google_service_networking_connection', 'google_sql_database', 'google_sql_database_instance', 'google_sql_user',
  'google_storage_bucket', 'google_storage_bucket_acl', 'google_storage_object_acl', 'google_storage_default_object_acl',
  'google_storage_bucket_access_control', 'google_storage_object_access_control', 'google_storage_default_object_access_control',
  // GitHub: what the library makes, and what the GitHub pack judges
  'github_actions_environment_secret', 'github_actions_environment_variable', 'github_actions_repository_oidc_subject_claim_customization_template',
  'github_actions_secret', 'github_actions_variable',
  'github_branch_default', 'github_branch_protection', 'github_branch_protection_v3', 'github_issue_label', 'github_repository', 'github_repository_environment',
  'github_repository_environment_deployment_policy', 'github_repository_deployment_branch_policy', 'github_repository_file',
  'github_repository_ruleset', 'github_team', 'github_team_membership', 'github_team_repository',
  // Terraform's own: they hold values; their provisioners are GP-TF-001's
  'terraform_data', 'null_resource',
]);

/** Google Cloud IAM members, bindings and policies: judged by GP-GCP-012 and GP-GCP-013. */
const IAM = /^google_[a-z0-9_]+_iam_(member|binding|policy)$/;

/** The providers whose data sources only read (Terraform's own included); any other provider's may run a program or call out. */
export const READ_ONLY_DATA_PROVIDERS: ReadonlySet<string> = new Set(['google', 'kubernetes', 'github', 'terraform']);

/** Whether the guardrails know a resource type. */
export function isKnownResourceType(type: string): boolean {
  return KNOWN_RESOURCE_TYPES.has(type) || IAM.test(type);
}

/** The provider of a resource or data source type: the part before its first underscore. */
export function providerOf(type: string): string {
  const i = type.indexOf('_');
  return i === -1 ? type : type.slice(0, i);
}
