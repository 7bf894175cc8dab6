import { Construct } from 'constructs';
import type { GroupSubject } from './group-subject';
import { Token } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { MonitoringNotificationChannel, type GoogleProvider } from '../private/providers/google';
import { problems } from '../private/validation';

/** Where a team's alerts (its services' SLO burn-rate alerts and its budget's) go. */
export interface AlertNotificationOptions {
  /**
   * The email address that receives the alerts.
   * @default - the team's Google Group, when its groupSubject is one (as with the platform's googleGroupsDomain)
   */
  readonly email?: string;
  /**
   * An HTTPS URL that receives the alerts as webhooks (a Cloud Monitoring
   * `webhook_tokenauth` channel) instead of email, e.g. the team's incident
   * tool. It is plain text in the settings and the Terraform state, so it may
   * carry no credential: no `user:password@`, no query string, no fragment.
   * @default - none: alerts go by email
   */
  readonly webhookUrl?: string;
}

/** Where a team's alerts go, once decided: an email address or a webhook. */
export interface AlertDestination {
  /** The Cloud Monitoring channel type: `email` or `webhook_tokenauth`. */
  readonly channelType: string;
  /** The address or URL. */
  readonly address: string;
}

/** An email address, as Cloud Monitoring's email channels take it. */
const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Where a team's alerts go: the webhook, else the email given, else the team's Google Group, else nowhere. */
export function alertDestination(options: AlertNotificationOptions | undefined, group: GroupSubject): AlertDestination | undefined {
  if (options?.webhookUrl !== undefined) return { channelType: 'webhook_tokenauth', address: options.webhookUrl };
  if (options?.email !== undefined) return { channelType: 'email', address: options.email };
  return EMAIL_ADDRESS.test(group.name) ? { channelType: 'email', address: group.name } : undefined;
}

/** What is wrong with a team's alertNotifications. */
export function alertNotificationProblems(options: AlertNotificationOptions | undefined): PropProblem[] {
  if (options === undefined) return [];
  const found: PropProblem[] = [];
  if (options.email !== undefined && options.webhookUrl !== undefined) {
    found.push({ prop: 'alertNotifications', value: options, problem: 'gives both an email address and a webhook URL, and the team has one channel', fix: 'give one of them' });
  }
  if (options.email !== undefined) {
    const e = options.email;
    found.push(...problems(Token.isUnresolved(e) ? { prop: 'alertNotifications.email', value: e, problem: 'is a token, and it names a notification channel at synth', fix: 'give the address as a literal' }
      : typeof e !== 'string' || !EMAIL_ADDRESS.test(e) ? { prop: 'alertNotifications.email', value: e, problem: 'is not an email address', fix: 'give an address such as "payments-oncall@acme.com"' } : undefined));
  }
  if (options.webhookUrl !== undefined) found.push(...problems(webhookUrlProblem('alertNotifications.webhookUrl', options.webhookUrl)));
  return found;
}

/** A webhook URL that is safe to keep in plain text: https, a host, and no credential in it. */
function webhookUrlProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return { prop, value, problem: 'is a token, and it names a notification channel at synth', fix: 'give the URL as a literal' };
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '') {
    return { prop, value: typeof value === 'string' ? value.replace(/[?#].*$/, '?…') : value, problem: 'is not an https URL', fix: 'give the webhook\'s https URL, e.g. "https://alerts.acme.com/hooks/payments"' };
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || /[?#@]/.test(value)) {
    // Never echo a credential: show the URL without what follows the host and path.
    return {
      prop,
      value: `${url.protocol}//${url.host}${url.pathname}`,
      problem: 'carries user information, a query string or a fragment, where a token would sit in plain text in the settings and the Terraform state',
      fix: 'give a URL without credentials; let the receiver authenticate the caller another way (an allow-list, a path only it knows is still a secret: keep it out of the settings)',
    };
  }
  return undefined;
}

/**
 * Makes the team's Cloud Monitoring notification channel in `project`: email
 * to the address, or a webhook to the URL, for the SLO alerts of one environment.
 */
export function makeAlertChannel(
  scope: Construct, id: string, team: string, environment: string, project: string, destination: AlertDestination, provider?: GoogleProvider,
): MonitoringNotificationChannel {
  // https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_notification_channel
  return new MonitoringNotificationChannel(scope, id, {
    provider,
    project,
    type: destination.channelType,
    displayName: `${team} alerts (${environment})`,
    description: `SLO burn-rate alerts of the services of the team ${team} in ${environment}. Managed by ${MANAGED_BY}`,
    labels: destination.channelType === 'email' ? { email_address: destination.address } : { url: destination.address },
    userLabels: { 'team': team, 'environment': environment, 'managed-by': MANAGED_BY },
  });
}

/**
 * The team's notification channel in each environment, made when a service
 * there first alerts (alert policies notify channels of their own project,
 * and each environment's SLOs live in the team's project of that
 * environment). Each environment's place for it is made with the team, so
 * that its id is the team's before any service or database takes ids.
 */
export class TeamAlertChannels {
  private readonly scopes = new Map<string, Construct>();
  private readonly channels = new Map<string, MonitoringNotificationChannel>();

  public constructor(
    private readonly team: string,
    private readonly destination: AlertDestination | undefined,
    environments: readonly string[],
    scopeOf: (environment: string) => { scope: Construct; id: string },
  ) {
    for (const env of environments) {
      const { scope, id } = scopeOf(env);
      this.scopes.set(env, new Construct(scope, id));
    }
  }

  /** The channel of one environment, made on first use in `project`; none when the team's alerts go nowhere. */
  public channel(environment: string, project: string, provider?: GoogleProvider): MonitoringNotificationChannel | undefined {
    if (this.destination === undefined) return undefined;
    let channel = this.channels.get(environment);
    if (channel === undefined) {
      channel = makeAlertChannel(this.scopes.get(environment)!, 'channel', this.team, environment, project, this.destination, provider);
      this.channels.set(environment, channel);
    }
    return channel;
  }
}
