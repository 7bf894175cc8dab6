import { GuardrailLevel, GuardrailPack, resourcesOf, scopeOf, typesOf, type BuiltInRuleDefinition } from '../rule';
import { isSqlInstance } from '../rules/google/cloud-sql';
import { isIamResource } from '../rules/google/iam';
import { iamPublicPrincipal, iamPublicPrincipalScope } from '../rules/google/iam-public-principal';
import { noServiceAccountKeys } from '../rules/google/no-service-account-keys';
import { productionAlertChannels } from '../rules/google/production-alert-channels';
import { productionImpersonation } from '../rules/google/production-impersonation';
import { isRedisInstance } from '../rules/google/redis';
import { redisAuth } from '../rules/google/redis-auth';
import { redisHighAvailability } from '../rules/google/redis-high-availability';
import { redisTransitEncryption } from '../rules/google/redis-transit-encryption';
import { sqlBackups } from '../rules/google/sql-backups';
import { sqlDeletionProtection } from '../rules/google/sql-deletion-protection';
import { sqlNoPublicIp } from '../rules/google/sql-no-public-ip';
import { sqlPointInTimeRecovery } from '../rules/google/sql-point-in-time-recovery';
import { sqlRegional } from '../rules/google/sql-regional';
import { sqlTlsRequired } from '../rules/google/sql-tls-required';
import { workloadIdentityCondition } from '../rules/google/workload-identity-condition';

const pack = GuardrailPack.GOOGLE_CLOUD;
const { ERROR, WARNING } = GuardrailLevel;

/** The Google Cloud pack: Cloud SQL, Memorystore, service-account keys and Workload Identity. */
export const GOOGLE_CLOUD_RULES: readonly BuiltInRuleDefinition[] = [
  {
    id: 'GP-GCP-001',
    pack,
    name: 'sql-backups',
    level: ERROR,
    checks: 'Cloud SQL automated backups on',
    check: sqlBackups,
    judges: scopeOf(isSqlInstance),
    message: 'A Cloud SQL instance has automated backups off, so its data cannot be restored.',
    fix: 'Set settings.backup_configuration.enabled = true (ManagedDatabase keeps backups on unless backupEnabled is false).',
  },
  {
    id: 'GP-GCP-002',
    pack,
    name: 'sql-point-in-time-recovery',
    level: ERROR,
    checks: 'Cloud SQL point-in-time recovery (PostgreSQL PITR, MySQL binary logs)',
    check: sqlPointInTimeRecovery,
    judges: scopeOf(isSqlInstance),
    message: 'A Cloud SQL instance cannot be restored to a point in time.',
    fix: 'Set settings.backup_configuration.point_in_time_recovery_enabled = true (PostgreSQL) or binary_log_enabled = true (MySQL).',
  },
  {
    id: 'GP-GCP-003',
    pack,
    name: 'sql-no-public-ip',
    level: ERROR,
    checks: 'Cloud SQL has no public IPv4 (`ipv4_enabled = false`)',
    check: sqlNoPublicIp,
    judges: scopeOf(isSqlInstance),
    message: 'A Cloud SQL instance has a public IPv4 address.',
    fix: 'Set settings.ip_configuration.ipv4_enabled = false and private_network to the VPC (ManagedDatabase uses private IP only).',
  },
  {
    id: 'GP-GCP-004',
    pack,
    name: 'sql-tls-required',
    level: ERROR,
    checks: 'Cloud SQL refuses unencrypted connections (`ssl_mode`)',
    check: sqlTlsRequired,
    judges: scopeOf(isSqlInstance),
    message: 'A Cloud SQL instance accepts unencrypted connections.',
    fix: 'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED").',
  },
  {
    id: 'GP-GCP-005',
    pack,
    name: 'sql-deletion-protection',
    level: ERROR,
    checks: 'production Cloud SQL: Terraform and API deletion protection',
    check: sqlDeletionProtection,
    judges: scopeOf(isSqlInstance),
    message: 'A production Cloud SQL instance can be deleted by one mistaken apply or API call.',
    fix: 'Leave deletion_protection on and set settings.deletion_protection_enabled = true in production.',
  },
  {
    id: 'GP-GCP-006',
    pack,
    name: 'sql-regional',
    level: WARNING,
    checks: 'production Cloud SQL is `REGIONAL`',
    check: sqlRegional,
    judges: scopeOf(isSqlInstance),
    message: 'A production Cloud SQL instance is zonal, so a zone outage takes it down.',
    fix: 'Set settings.availability_type = "REGIONAL" in production (ManagedDatabase does unless highAvailability is false).',
  },
  {
    id: 'GP-GCP-007',
    pack,
    name: 'no-service-account-keys',
    level: ERROR,
    checks: 'no `google_service_account_key` (use Workload Identity)',
    check: noServiceAccountKeys,
    judges: resourcesOf('google_service_account_key'),
    message: 'A service-account key is created: a long-lived credential that leaks into state and CI secrets.',
    fix: 'Remove the google_service_account_key and let workloads and CI impersonate the service account through Workload Identity.',
  },
  {
    id: 'GP-GCP-008',
    pack,
    name: 'workload-identity-condition',
    level: ERROR,
    checks: "Workload Identity pool providers have an `attribute_condition`; for GitHub Actions it pins the organization (by its immutable id, `assertion.repository_owner_id == '1342004'` or the id of a `data.github_organization`, by its name, `assertion.repository_owner == 'acme'`, or a repository of it, joined with `&&`)",
    check: workloadIdentityCondition,
    judges: resourcesOf('google_iam_workload_identity_pool_provider'),
    message: 'A Workload Identity pool provider has no attribute condition, or (for GitHub Actions) one that does not pin the organization, so any repository on GitHub can use it.',
    fix: "Set attribute_condition to pin the organization by its immutable id, e.g. assertion.repository_owner_id == '1342004' (joined with && to any other condition).",
  },
  {
    id: 'GP-GCP-009',
    pack,
    name: 'redis-auth',
    level: ERROR,
    checks: 'Redis AUTH on',
    check: redisAuth,
    judges: scopeOf(isRedisInstance),
    message: 'A Redis instance accepts clients without AUTH.',
    fix: 'Set auth_enabled = true.',
  },
  {
    id: 'GP-GCP-010',
    pack,
    name: 'redis-transit-encryption',
    level: ERROR,
    checks: 'Redis in-transit encryption (`SERVER_AUTHENTICATION`)',
    check: redisTransitEncryption,
    judges: scopeOf(isRedisInstance),
    message: 'A Redis instance does not encrypt traffic in transit.',
    fix: 'Set transit_encryption_mode = "SERVER_AUTHENTICATION".',
  },
  {
    id: 'GP-GCP-011',
    pack,
    name: 'redis-high-availability',
    level: WARNING,
    checks: 'production Redis is `STANDARD_HA`',
    check: redisHighAvailability,
    judges: scopeOf(isRedisInstance),
    message: 'A production Redis instance has no replica, so a zone outage takes it down.',
    fix: 'Set tier = "STANDARD_HA" in production.',
  },
  {
    id: 'GP-GCP-012',
    pack,
    name: 'iam-public-principal',
    level: ERROR,
    checks: 'nothing is granted to `allUsers` or `allAuthenticatedUsers`, anywhere: IAM members, bindings and policies (literal JSON, `google_iam_policy`, a `for_each`, a variable\'s default), Cloud Storage ACLs and public predefined ACLs (a public resource needs a suppression with its reason)',
    check: iamPublicPrincipal,
    judges: iamPublicPrincipalScope,
    message: 'A Google Cloud resource grants access to allUsers or allAuthenticatedUsers (an IAM member, binding or policy, or a Cloud Storage ACL), so anyone can use it.',
    fix: 'Grant the role to the users, groups or service accounts that need it; if the resource must be public, suppress GP-GCP-012 on it with the reason.',
  },
  {
    id: 'GP-GCP-013',
    pack,
    name: 'production-impersonation',
    level: ERROR,
    checks: 'in production, Workload Identity User, Token Creator, Service Account User, Owner and Editor (on a service account, a project, a folder or the organization) go to one gated identity: a production environment\'s job (`repo:<owner>/<repo>:environment:<prod>`, or `repository_id:<id>:environment:<prod>` under a repository\'s subject template of `repository_id` and `context`), a Kubernetes service account of a production namespace, a user, group or service account; never the whole pool (`principalSet://.../*`), a repository or organization (`attribute.repository`, `attribute.repository_id`, `attribute.repository_owner`, `attribute.repository_owner_id`), a `domain:`, every account of a project, or everyone',
    check: productionImpersonation,
    judges: scopeOf(isIamResource),
    message: 'In production, a role that acts as a service account (Workload Identity User, Token Creator, Service Account User, Owner, Editor) goes to more than one gated identity: a whole pool, a repository or organization, a domain, every account of a project, a job outside a production environment, or everyone.',
    fix: "Grant it to one identity: the production environment's job (principal://iam.googleapis.com/<pool>/subject/repository_id:<id>:environment:<production environment>, or .../subject/repo:<owner>/<repo>:environment:<production environment> with GitHub's default subject), a Kubernetes service account of a production namespace, a user, a group or a service account.",
  },
  {
    id: 'GP-GCP-014',
    pack,
    name: 'production-alert-channels',
    level: WARNING,
    checks: 'a production alert policy (`google_monitoring_alert_policy`, not turned off) names a notification channel',
    check: productionAlertChannels,
    judges: typesOf('google_monitoring_alert_policy'),
    message: 'A production alert policy notifies no channel: its incidents open in Cloud Monitoring and nobody hears of them.',
    fix: 'Give the team somewhere for its alerts to go: TeamEnvironment alertNotifications { email } or { webhookUrl } (a team whose group subject is a Google Group gets email to it by default); for a policy written by hand, set notification_channels.',
  },
];
