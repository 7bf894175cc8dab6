import type { Construct } from 'constructs';
import type { GroupSubject } from './group-subject';
import { alertDestination, type AlertNotificationOptions } from './team-alerts';
import type { MonthlyBudgetOptions } from './team-environment-props';
import type { Platform } from '../platform/platform';
import { TerraformStack } from '../private/cdk';
import { FIXED_CHILD_IDS, MANAGED_BY } from '../private/constants';
import { describeProblem, pathOf } from '../private/errors';
import { boundedName } from '../private/naming';
import { BillingBudget, GoogleProvider, MonitoringNotificationChannel } from '../private/providers/google';

/**
 * Makes, in `scope` (the TeamEnvironment or TeamOnboarding), the monthly Cloud Billing budget of
 * the team `name` on the platform's billing account: it counts the team's own projects (or, in a
 * shared project, the resources labelled `team: <name>`) and alerts at 50%, 90% and 100%, to the
 * billing account's administrators and users and to the team (budgetRecipients).
 */
export function makeMonthlyBudget(
  scope: Construct, platform: Platform, name: string, budget: MonthlyBudgetOptions, group: GroupSubject, projects?: string[],
  notifications?: AlertNotificationOptions,
): BillingBudget {
  requireQuotaProject(scope, platform, budget);
  const resource = new BillingBudget(scope, FIXED_CHILD_IDS.TEAM_BUDGET, {
    billingAccount: platform.billingAccount!,
    displayName: boundedName(['team', name], 60),
    amount: { specifiedAmount: { units: `${budget.amount}`, currencyCode: budget.currencyCode } },
    // The team's own projects count whole (GKE costs carry no team label); in a shared project, the team's labelled resources.
    budgetFilter: projects ? { calendarPeriod: 'MONTH', projects } : { calendarPeriod: 'MONTH', labels: { team: name } },
    thresholdRules: [0.5, 0.9, 1.0].map((thresholdPercent) => ({ thresholdPercent })),
  });
  const destination = budget.notifyEmails === undefined ? alertDestination(notifications, group) : undefined;
  if (destination?.channelType === 'webhook_tokenauth') {
    // The team's webhook, as its SLO alerts reach it.
    const channel = new MonitoringNotificationChannel(resource, 'webhook', {
      project: platform.gcpProject,
      type: destination.channelType,
      displayName: `${name} budget alerts (webhook)`,
      description: `Alerts of the monthly budget of the team ${name}. Managed by ${MANAGED_BY}`,
      labels: { url: destination.address },
    });
    resource.putAllUpdatesRule({ monitoringNotificationChannels: [channel.name] });
    return resource;
  }
  const recipients = destination ? [destination.address] : budgetRecipients(budget, group);
  if (recipients.length > 0) {
    // Cloud Billing sends a budget's alerts to the billing account's administrators and users, and to the Cloud
    // Monitoring email channels linked to it ("Customize budget alert email recipients",
    // https://cloud.google.com/billing/docs/how-to/budgets-notification-recipients): one per address, in the platform's
    // project, children of the budget (so that a team's services and databases keep every other id).
    const channels = recipients.map((email) => new MonitoringNotificationChannel(resource, email, {
      project: platform.gcpProject,
      type: 'email',
      displayName: `${name} budget alerts (${email})`,
      description: `Alerts of the monthly budget of the team ${name}. Managed by ${MANAGED_BY}`,
      labels: { email_address: email },
    }));
    resource.putAllUpdatesRule({ monitoringNotificationChannels: channels.map((c) => c.name) });
  }
  return resource;
}

/** An email address, as the Google Group of a team is named. */
const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Who a team's budget alerts reach besides billing: notifyEmails, else the team's Google Group, else nobody. */
export function budgetRecipients(budget: MonthlyBudgetOptions, group: GroupSubject): string[] {
  if (budget.notifyEmails !== undefined) return [...budget.notifyEmails];
  return EMAIL_ADDRESS.test(group.name) ? [group.name] : [];
}

/**
 * The Budget API needs a quota project with user credentials: at App scope
 * the team's stack gets one on its Google provider; inside a stack, the
 * stack's own provider must have one.
 */
function requireQuotaProject(scope: Construct, platform: Platform, budget: MonthlyBudgetOptions): void {
  const project = platform.gcpProject;
  const provider = TerraformStack.of(scope).node.findAll().find((c): c is GoogleProvider => c instanceof GoogleProvider && c.alias === undefined);
  if (platform._layout.makesProviders && provider) {
    // Unless the platform configured the stacks' providers itself.
    if (provider.billingProject === undefined) provider.billingProject = project;
    if (provider.userProjectOverride === undefined) provider.userProjectOverride = true;
    return;
  }
  scope.node.addValidation({
    validate: () => (provider?.billingProject !== undefined && provider.userProjectOverride === true ? [] : [`[${pathOf(scope)}] ${describeProblem({
      prop: 'monthlyBudget',
      value: budget,
      problem: 'the Cloud Billing Budget API needs a quota project, and the stack\'s Google provider sets no billing_project with user_project_override',
      fix: `configure the provider with billingProject: "${project}" and userProjectOverride: true`,
    })}`]),
  });
}
