import type { ImageRetentionOptions, MonthlyBudgetOptions } from './team-environment-props';
import { NamespaceQuota, namespaceQuotaProblems, type NamespaceQuotaOptions } from './team-quotas';
import { catalogNameProblem } from '../catalog/validation';
import type { PlatformEnvironment } from '../platform/environment';
import { ONBOARDING_STACK_PREFIX, RESERVED_TEAM_NAMES } from '../platform/onboarded-team';
import { GithubPlan } from '../platform/platform-props';
import { Token } from '../private/cdk';
import { DNS_SUBDOMAIN, RESERVED_NAMESPACES } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { dnsLabelProblem, githubNameProblem, integerProblem, problems, prototypeNameProblem, repositoryNameProblem } from '../private/validation';

/**
 * What is wrong with the props of a TeamEnvironment, as pure functions: the
 * settings in, the problems out (each names the prop, the value and the fix).
 */

/** The longest name Kubernetes accepts for a namespace. */
export const MAX_NAMESPACE_LENGTH = 63;

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The team name: a DNS label whose namespaces (`<name>-<env>`) Kubernetes accepts and nothing else owns. */
export function teamNameProblems(name: string, environments: ReadonlyArray<Pick<PlatformEnvironment, 'name'>>): PropProblem[] {
  // The team is a catalog Group too: Backstage refuses double hyphens a DNS label allows.
  const label = dnsLabelProblem('name', name, MAX_NAMESPACE_LENGTH) ?? catalogNameProblem('name', name);
  if (label || Token.isUnresolved(name)) return problems(label);
  const longest = environments.reduce((a, b) => (b.name.length > a.name.length ? b : a));
  const reserved = environments.map((e) => `${name}-${e.name}`).find((ns) => reservedNamespace(ns));
  if (reserved !== undefined) {
    return [{
      prop: 'name',
      value: name,
      problem: `would make the namespace "${reserved}", which belongs to Kubernetes, GKE or a cluster add-on (${RESERVED_NAMESPACES.prefixes.map((p) => `"${p}*"`).join(', ')}, ${RESERVED_NAMESPACES.names.map((n) => `"${n}"`).join(', ')})`,
      fix: 'choose a team name whose namespaces ("<team>-<environment>") take none of those names',
    }];
  }
  const namespace = `${name}-${longest.name}`;
  if (namespace.length <= MAX_NAMESPACE_LENGTH) return [];
  return [{
    prop: 'name',
    value: name,
    problem: `would make the namespace "${namespace}" ${namespace.length} characters long, over the ${MAX_NAMESPACE_LENGTH} Kubernetes allows`,
    fix: `shorten the team name to ${MAX_NAMESPACE_LENGTH - 1 - longest.name.length} characters or fewer`,
  }];
}

/** The team's people: at least one maintainer, valid GitHub usernames, each person once. */
export function teamPeopleProblems(maintainers: readonly string[], members: readonly string[]): PropProblem[] {
  const found: PropProblem[] = [];
  if (maintainers.length === 0) {
    found.push({ prop: 'maintainers', value: maintainers, problem: 'is empty, so nobody could manage the team', fix: 'name at least one GitHub user, e.g. maintainers: ["alice"]' });
  }
  const seen = new Map<string, string>();
  for (const [list, users] of [['maintainers', maintainers], ['members', members]] as const) {
    users.forEach((user, i) => {
      const prop = `${list}[${i}]`;
      const bad = githubNameProblem(prop, user, 'GitHub username');
      if (bad) {
        found.push(bad);
        return;
      }
      const key = user.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, prop);
      } else if (first.startsWith(list)) {
        found.push({ prop, value: user, problem: `repeats ${first} (GitHub usernames ignore case)`, fix: 'list every person once' });
      } else {
        found.push({ prop, value: user, problem: `is already a maintainer (${first}); a person has one role in a team`, fix: `remove "${user}" from members: maintainers have every right members have` });
      }
    });
  }
  return found;
}

/** The team's quotas: keyed by environments of the platform, each a valid namespace quota. */
export function teamQuotaProblems(
  quotas: { [environment: string]: NamespaceQuotaOptions }, environments: readonly PlatformEnvironment[],
): PropProblem[] {
  const found: PropProblem[] = [];
  for (const key of Object.keys(quotas)) {
    const env = environments.find((e) => e.name === key);
    if (!env) {
      found.push({ prop: `quotas.${key}`, value: quotas[key], problem: 'names no environment of the platform', fix: `key quotas by environment: ${environments.map((e) => `"${e.name}"`).join(', ')}` });
      continue;
    }
    found.push(...namespaceQuotaProblems(`quotas.${key}.`, NamespaceQuota.resolve(env.production, quotas[key])));
  }
  return found;
}

/** The image retention, defaults applied (`deleteTaggedAfterDays` 0 keeps tagged images forever). */
export function imageRetentionProblems(retention: Required<ImageRetentionOptions>): PropProblem[] {
  return problems(
    integerProblem('imageRetention.keepRecentVersions', retention.keepRecentVersions, 1, 10_000),
    integerProblem('imageRetention.deleteUntaggedAfterDays', retention.deleteUntaggedAfterDays, 1, 3650),
    integerProblem('imageRetention.deleteTaggedAfterDays', retention.deleteTaggedAfterDays, 0, 3650, 'set a whole number of days such as 90, or 0 to keep tagged images forever'),
  );
}

/** An email address, as Cloud Monitoring's email channels take it. */
const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * The most email channels a budget links: "A maximum of 5 email notifications
 * are allowed" (NotificationsRule.monitoring_notification_channels,
 * https://cloud.google.com/billing/docs/reference/budget/rest/v1/billingAccounts.budgets#NotificationsRule).
 */
export const MAX_BUDGET_RECIPIENTS = 5;

/** The budget's recipients: email addresses, at most five, each once. */
function budgetRecipientsProblems(emails: readonly string[] | undefined): PropProblem[] {
  if (emails === undefined) return [];
  const seen = new Set<string>();
  return problems(
    emails.length > MAX_BUDGET_RECIPIENTS ? {
      prop: 'monthlyBudget.notifyEmails',
      value: emails,
      problem: `lists ${emails.length} addresses, and a budget links at most ${MAX_BUDGET_RECIPIENTS} email channels`,
      fix: `give at most ${MAX_BUDGET_RECIPIENTS} addresses (a Google Group reaches many people through one)`,
    } : undefined,
    ...emails.map((email, i) => {
      const prop = `monthlyBudget.notifyEmails[${i}]`;
      if (Token.isUnresolved(email)) return { prop, value: email, problem: 'is a token, and each address names a notification channel at synth', fix: 'give the address as a literal' };
      if (!EMAIL_ADDRESS.test(email)) return { prop, value: email, problem: 'is not an email address', fix: 'give an address such as "payments@acme.com"' };
      if (seen.has(email.toLowerCase())) return { prop, value: email, problem: 'is listed twice', fix: 'list each address once' };
      seen.add(email.toLowerCase());
      return undefined;
    }),
  );
}

/**
 * The monthly budget: a whole amount, an ISO 4217 currency, and a billing
 * account on the platform (`platformPath` names the platform in the fix).
 */
export function monthlyBudgetProblems(
  budget: MonthlyBudgetOptions | undefined, billingAccount: string | undefined, platformPath: string,
): PropProblem[] {
  if (!budget) return [];
  const found = problems(
    integerProblem('monthlyBudget.amount', budget.amount, 1, Number.MAX_SAFE_INTEGER, 'give the monthly amount in whole currency units, e.g. 500'),
    budget.currencyCode === undefined || Token.isUnresolved(budget.currencyCode) || /^[A-Z]{3}$/.test(budget.currencyCode)
      ? undefined
      : { prop: 'monthlyBudget.currencyCode', value: budget.currencyCode, problem: 'is not an ISO 4217 currency code', fix: 'use the billing account\'s currency as three capital letters, e.g. "EUR" or "USD", or leave it out' },
  );
  found.push(...budgetRecipientsProblems(budget.notifyEmails));
  if (billingAccount === undefined) {
    found.push({
      prop: 'monthlyBudget',
      value: budget,
      problem: 'needs a billing account, and the platform has none',
      fix: `set billingAccount on the Platform at ${platformPath} (e.g. "012345-6789AB-CDEF01"), or leave monthlyBudget out`,
    });
  }
  return found;
}

/** What is wrong with a Kubernetes label selector (`matchLabels`) that must select something specific. */
export function labelSelectorProblems(prop: string, labels: Record<string, string>): PropProblem[] {
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    return [{ prop, value: labels, problem: 'is empty, which selects every namespace and would let any pod in the cluster in', fix: 'give the labels of the ingress controller\'s namespace, e.g. { "kubernetes.io/metadata.name": "ingress-nginx" }' }];
  }
  const found: PropProblem[] = [];
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    const slash = key.lastIndexOf('/');
    const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
    if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) {
      found.push({ prop, value: labels, problem: `has the key "${key}", which is not a Kubernetes label key`, fix: 'use a key such as "kubernetes.io/metadata.name" or "app.kubernetes.io/name"' });
    } else if (value !== '' && !LABEL_NAME.test(value)) {
      found.push({ prop, value: labels, problem: `has the value "${value}" under "${key}", which is not a Kubernetes label value`, fix: 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' });
    }
  }
  return found;
}

/** Whether a namespace belongs to Kubernetes, GKE or a cluster add-on. */
function reservedNamespace(ns: string): boolean {
  return RESERVED_NAMESPACES.prefixes.some((p) => ns.startsWith(p)) || (RESERVED_NAMESPACES.names as readonly string[]).includes(ns);
}

/**
 * A team name that would reach a platform-owned stack or state prefix: the
 * foundation's, and the onboarding stacks (`onboarding-<team>`).
 */
export function reservedTeamNameProblem(name: string): PropProblem | undefined {
  if (typeof name !== 'string' || Token.isUnresolved(name)) return undefined;
  const prototypeName = prototypeNameProblem('name', name);
  if (prototypeName) return prototypeName;
  const reserved = RESERVED_TEAM_NAMES.includes(name) || name.startsWith(ONBOARDING_STACK_PREFIX);
  if (!reserved) return undefined;
  return {
    prop: 'name',
    value: name,
    problem: `would name team stacks like the platform's own (${RESERVED_TEAM_NAMES.map((n) => `"${n}"`).join(', ')}, "${ONBOARDING_STACK_PREFIX}*"), whose state and stacks the platform repository keeps`,
    fix: 'choose another team name',
  };
}

/** The settings a TeamOnboarding needs from its platform, as the Platform holds them or the settings file has them. */
export interface OnboardingSettings {
  readonly stateBucket?: string;
  readonly gcpProjectNumber?: string;
  readonly terraformGithubAppId?: number;
  readonly terraformGithubReaderAppId?: number;
  readonly githubPlan?: string;
}

/**
 * What the platform's settings lack for onboarding a team, each problem under
 * `<prefix><setting>` (`platform.stateBucket` for the construct, `/stateBucket`
 * for the settings file).
 */
export function onboardingSettingsProblems(settings: OnboardingSettings, prefix: string): PropProblem[] {
  const missing = (setting: string, why: string, fix: string) => ({ prop: `${prefix}${setting}`, value: undefined, problem: `is not set, and ${why}`, fix });
  return [
    ...(settings.stateBucket === undefined ? [missing('stateBucket', 'each team gets its own state bucket next to it (without one, every CI run would start from empty state)', 'set stateBucket in the platform settings, e.g. "acme-terraform-state"')] : []),
    ...(settings.gcpProjectNumber === undefined ? [missing('gcpProjectNumber', 'the team\'s identities trust principals of the Workload Identity pool, which are named with it', 'set gcpProjectNumber to what `gcloud projects describe <project> --format="value(projectNumber)"` prints')] : []),
    ...(settings.terraformGithubAppId === undefined ? [missing('terraformGithubAppId', 'the team\'s deploy gates write GitHub through that App, and it is the only bypass actor of the infrastructure repository\'s ruleset', 'set terraformGithubAppId to the App ID of the platform\'s GitHub App (see "GitHub Apps" in docs/tenancy.md)')] : []),
    ...(settings.githubPlan === GithubPlan.FREE ? [{
      prop: `${prefix}githubPlan`,
      value: settings.githubPlan,
      problem: 'is GitHub Free, which has no rulesets and no environments on private repositories, so nothing could gate the team\'s deploys',
      fix: 'onboard teams on GitHub Team or Enterprise Cloud (githubPlan "team" or "enterprise")',
    }] : []),
    ...(settings.terraformGithubReaderAppId === undefined ? [missing('terraformGithubReaderAppId', 'pull requests plan through a read-only GitHub App, so that no pull request ever holds a key that can write', 'create a GitHub App with read-only permissions, install it on the organization and set terraformGithubReaderAppId to its App ID')] : []),
  ];
}

/** What is wrong with a team's list of service repositories: bad names, repeats, the infrastructure repository. */
export function serviceRepositoriesProblems(names: readonly string[], infrastructureRepository: string): PropProblem[] {
  const seen = new Set<string>();
  return problems(...names.map((name, i) => {
    const prop = `serviceRepositories[${i}]`;
    const bad = repositoryNameProblem(prop, name);
    if (bad) return bad;
    const key = name.toLowerCase();
    if (key === infrastructureRepository.toLowerCase()) {
      return { prop, value: name, problem: 'is the team\'s infrastructure repository', fix: 'list the service repositories only; the platform keeps the infrastructure repository' };
    }
    if (seen.has(key)) return { prop, value: name, problem: 'is listed twice (GitHub names ignore case)', fix: 'list each repository once' };
    seen.add(key);
    return undefined;
  }));
}
