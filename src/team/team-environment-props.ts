import { GroupSubject } from './group-subject';
import type { AlertNotificationOptions } from './team-alerts';
import type { TeamDashboardOptions } from './team-dashboards';
import { NAMESPACE_QUOTA_OPTIONS_TYPES, type NamespaceQuotaOptions } from './team-quotas';
import { BOOLEAN, instanceOf, keyedBy, listOf, NUMBER, optional, STRING, struct, type PropTypes } from '../private/prop-types';

/** How long the team's Artifact Registry repository keeps images. */
export interface ImageRetentionOptions {
  /**
   * Versions of each image that are always kept, newest first, whatever their age.
   * @default 20
   */
  readonly keepRecentVersions?: number;
  /**
   * Untagged versions (left behind when a tag moves) older than this many days are deleted.
   * @default 7
   */
  readonly deleteUntaggedAfterDays?: number;
  /**
   * Tagged versions older than this many days are deleted too, unless they are
   * among the `keepRecentVersions` newest (a KEEP policy wins over a DELETE
   * one). CI tags every image with its commit, so without this rule the
   * registry only grows. Keep it longer than any environment may go without a
   * deploy: a deleted image cannot be pulled again. `0` keeps tagged versions forever.
   * @default 90
   */
  readonly deleteTaggedAfterDays?: number;
}

/** The effective image retention of a team's registry. */
export interface ImageRetentionSettings {
  /** Versions of each image always kept. */
  readonly keepRecentVersions: number;
  /** Days after which untagged versions are deleted. */
  readonly deleteUntaggedAfterDays: number;
  /**
   * Days after which tagged versions beyond the kept ones are deleted.
   * @default - tagged versions are never deleted (deleteTaggedAfterDays 0)
   */
  readonly deleteTaggedAfterDays?: number;
}

/** A monthly Cloud Billing budget for a team's Google Cloud resources. */
export interface MonthlyBudgetOptions {
  /** The monthly amount, in whole units of the currency (e.g. 500 for 500 EUR). */
  readonly amount: number;
  /**
   * The ISO 4217 currency of the amount; it must be the billing account's currency.
   * @default - the billing account's currency
   */
  readonly currencyCode?: string;
  /**
   * Who the budget's alerts reach, besides the billing account's administrators
   * and users: up to 5 email addresses, each a Cloud Monitoring email
   * notification channel in the platform's project, linked to the budget.
   * `[]` leaves the alerts to the billing account's administrators and users.
   * @default - the team's Google Group (its groupSubject, when that is a Google Group, as with googleGroupsDomain); none for another group
   */
  readonly notifyEmails?: string[];
}

/**
 * Properties of a {@link TeamEnvironment}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 */
export interface TeamEnvironmentProps {
  /**
   * The team name: a DNS-1123 label. It names the GitHub team, the
   * namespaces (`<name>-<env>`, at most 63 characters) and the team's registry.
   */
  readonly name: string;
  /** GitHub users who maintain the team. At least one is required. */
  readonly maintainers: string[];
  /**
   * GitHub users who are members of the team.
   * @default - no members besides the maintainers
   */
  readonly members?: string[];
  /**
   * A description of the team, shown on GitHub and in the catalog.
   * @default - "<name> team, managed by cdktf-golden-paths"
   */
  readonly description?: string;
  /**
   * Quotas per environment, keyed by environment name, e.g.
   * `{ prod: { cpu: '40', memory: '40Gi' } }`. A field given is a hard
   * limit: synth fails when the team's workloads at their maximum would not fit.
   * @default - every quota is sized from the team's workloads at their maximum
   * plus 25%, rounded up, and at least cpu "10", memory "10Gi", 30 pods outside
   * production and cpu "20", memory "20Gi", 50 pods in production
   */
  readonly quotas?: { [environment: string]: NamespaceQuotaOptions };
  /**
   * The Kubernetes RBAC subject that stands for the team's people; it gets
   * ClusterRole `edit` in the team's namespaces, `view` in production.
   * @default - the Google Group `<name>@<googleGroupsDomain>` of the platform; behind an OIDC bridge (the platform's oidcBridge), the Group "<organization>:<name>"; with neither, synth fails and asks for it
   */
  readonly groupSubject?: GroupSubject;
  /**
   * Labels that select the ingress controller's namespace; pods there may
   * reach the team's pods.
   * @default { "kubernetes.io/metadata.name": "ingress-nginx" }
   */
  readonly ingressControllerNamespaceLabels?: { [key: string]: string };
  /**
   * How long the team's Artifact Registry repository keeps images.
   * @default - keep the 20 newest versions of each image, delete untagged versions older than 7 days and tagged ones older than 90
   */
  readonly imageRetention?: ImageRetentionOptions;
  /**
   * A monthly budget on the team's Google Cloud resources (those labelled
   * `team: <name>`), alerting at 50%, 90% and 100%. Needs the platform's
   * `billingAccount`.
   * @default - no budget
   */
  readonly monthlyBudget?: MonthlyBudgetOptions;
  /**
   * Where the team's alerts go: its services' SLO burn-rate alerts (a Cloud
   * Monitoring notification channel in each environment's project that
   * alerts) and, unless monthlyBudget.notifyEmails says otherwise, its
   * budget's alerts: email to an address, or a webhook.
   * @default - email to the team's Google Group (its groupSubject, when that is one); for another group, the alert policies notify no channel (they show in Cloud Monitoring only)
   */
  readonly alertNotifications?: AlertNotificationOptions;
  /**
   * The team's Cloud Monitoring dashboards: one in each environment where it
   * has services (requests, errors, latency, saturation and SLO burn per
   * service). Turning them off is explicit: `{ enabled: false,
   * disabledReason: '...' }`, shown in the adoption report.
   * @default - a dashboard in each environment where the team has services
   */
  readonly dashboard?: TeamDashboardOptions;
}

/** The runtime types of {@link TeamEnvironmentProps}. */
export const TEAM_ENVIRONMENT_PROPS_TYPES: PropTypes<TeamEnvironmentProps> = {
  name: STRING,
  maintainers: listOf(STRING),
  members: optional(listOf(STRING)),
  description: optional(STRING),
  quotas: optional(keyedBy(struct('NamespaceQuotaOptions', NAMESPACE_QUOTA_OPTIONS_TYPES))),
  groupSubject: optional(instanceOf('GroupSubject', (v) => v instanceof GroupSubject)),
  ingressControllerNamespaceLabels: optional(keyedBy(STRING, 'kubernetes.io/metadata.name')),
  imageRetention: optional(struct<ImageRetentionOptions>('ImageRetentionOptions', {
    keepRecentVersions: optional(NUMBER),
    deleteUntaggedAfterDays: optional(NUMBER),
    deleteTaggedAfterDays: optional(NUMBER),
  })),
  alertNotifications: optional(struct<AlertNotificationOptions>('AlertNotificationOptions', { email: optional(STRING), webhookUrl: optional(STRING) })),
  dashboard: optional(struct<TeamDashboardOptions>('TeamDashboardOptions', { enabled: optional(BOOLEAN), disabledReason: optional(STRING) })),
  monthlyBudget: optional(struct<MonthlyBudgetOptions>('MonthlyBudgetOptions', { amount: NUMBER, currencyCode: optional(STRING), notifyEmails: optional(listOf(STRING)) })),
};

/** Days after which tagged images beyond the kept newest ones are deleted, unless the team says otherwise. */
const DEFAULT_DELETE_TAGGED_AFTER_DAYS = 90;

/**
 * The effective image retention of `options` (the defaults of ImageRetentionOptions applied), and the
 * tagged-image days as given, which `0` (keep forever) leaves out of the settings but validation still judges.
 */
export function imageRetentionOf(options: ImageRetentionOptions | undefined): { settings: ImageRetentionSettings; deleteTaggedAfterDays: number } {
  const deleteTaggedAfterDays = options?.deleteTaggedAfterDays ?? DEFAULT_DELETE_TAGGED_AFTER_DAYS;
  return {
    settings: {
      keepRecentVersions: options?.keepRecentVersions ?? 20,
      deleteUntaggedAfterDays: options?.deleteUntaggedAfterDays ?? 7,
      deleteTaggedAfterDays: deleteTaggedAfterDays === 0 ? undefined : deleteTaggedAfterDays,
    },
    deleteTaggedAfterDays,
  };
}
