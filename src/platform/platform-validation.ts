import { deployTargetProblems, ingressSourceRangesProblems, MAX_ENVIRONMENT_NAME_LENGTH, type PlatformEnvironment, reviewersProblems } from './environment';
import { type GoldenPath, workloadProblems } from './golden-path';
import { PrivateServiceAccess, type TeamProjectsSettings } from './platform-props';
import { serviceLevelOverrideProblems } from './service-levels';
import { Token } from '../private/cdk';
import { CHILD_ID_PREFIXES, FIXED_CHILD_IDS } from '../private/constants';
import { dashboardUrlProblem } from '../private/dashboard-url';
import type { PropProblem } from '../private/errors';
import { dnsLabelProblem, duplicates, problems, prototypeNameProblem } from '../private/validation';

/** Environment names that are construct ids of other children of a team or a service (each makes one child per environment). */
const RESERVED_ENVIRONMENT_NAMES: readonly string[] = Object.values(FIXED_CHILD_IDS);

/** A Cloud Billing account id: three groups of six capital letters or digits. */
export function billingAccountProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || /^[0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6}$/.test(value)) return undefined;
  const bare = /^billingAccounts\/(.+)$/.exec(value);
  return {
    prop,
    value,
    problem: 'is not a Cloud Billing account id',
    fix: bare ? `leave out the "billingAccounts/" prefix: "${bare[1]}"` : 'use the id shown by `gcloud billing accounts list`, e.g. "012345-6789AB-CDEF01"',
  };
}

/** The platform owns Private Service Access when the network is in its own project. */
export function defaultPrivateServiceAccess(network: string, gcpProject: string): PrivateServiceAccess | undefined {
  const project = typeof network === 'string' ? /^projects\/([^/]+)\//.exec(network)?.[1] : undefined;
  return project === gcpProject ? PrivateServiceAccess.MANAGED : undefined;
}

/** A GitHub App id: a positive integer. */
export function githubAppIdProblem(prop: string, value: number): PropProblem | undefined {
  if (Token.isUnresolved(value) || (Number.isInteger(value) && value > 0)) return undefined;
  return { prop, value, problem: 'is not a GitHub App id', fix: 'use the App ID shown on the GitHub App\'s settings page, e.g. 123456' };
}

/** A Cloud Storage bucket name: 3 to 63 lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
export function stateBucketProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || (typeof value === 'string' && /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(value))) return undefined;
  const bare = typeof value === 'string' ? /^gs:\/\/([^/]+)\/?$/.exec(value) : null;
  return {
    prop,
    value,
    problem: 'is not a Cloud Storage bucket name',
    fix: bare ? `leave out the "gs://" prefix: "${bare[1]}"` : 'use the bucket\'s name, e.g. "acme-terraform-state" (3 to 63 lowercase letters, digits, "-", "_" and ".")',
  };
}

/** A Google Cloud project number: digits only. */
export function projectNumberProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value) || (typeof value === 'string' && /^[1-9][0-9]{5,19}$/.test(value))) return undefined;
  return {
    prop,
    value,
    problem: 'is not a Google Cloud project number',
    fix: 'use the number shown by `gcloud projects describe <project> --format="value(projectNumber)"`, as a string of digits, e.g. "123456789012"',
  };
}

/**
 * The problems of a platform's environments (the prop `environments`).
 * Environment workloads are judged only on a valid golden path (`judgeWorkloads`),
 * so one mistake is reported once.
 */
export function environmentProblems(
  envs: readonly PlatformEnvironment[], githubOrganization: string, goldenPath: GoldenPath, judgeWorkloads: boolean,
): PropProblem[] {
  const found: PropProblem[] = [];
  if (envs.length === 0) {
    return [{ prop: 'environments', value: [], problem: 'is empty', fix: 'leave it out for dev, staging and prod, or list at least one production environment' }];
  }
  envs.forEach((env, i) => {
    const prefix = `environments[${i}].`;
    const nameProblems = problems(dnsLabelProblem(`${prefix}name`, env.name, MAX_ENVIRONMENT_NAME_LENGTH));
    found.push(...nameProblems);
    // The cluster name defaults to the environment name: judge it once the name itself is fine.
    if (nameProblems.length === 0) found.push(...deployTargetProblems(prefix, env), ...problems(prototypeNameProblem(`${prefix}name`, env.name)));
    if (RESERVED_ENVIRONMENT_NAMES.includes(env.name) || Object.values(CHILD_ID_PREFIXES).some((p) => env.name.startsWith(p))) {
      found.push({
        prop: `${prefix}name`,
        value: env.name,
        problem: `is reserved: teams and services have fixed children named ${RESERVED_ENVIRONMENT_NAMES.map((n) => `"${n}"`).join(', ')} and ${Object.values(CHILD_ID_PREFIXES).map((p) => `"${p}*"`).join(', ')}, next to one child per environment`,
        fix: `choose another name, e.g. "${env.name}-env"`,
      });
    }
    if (env.ingressSourceRanges !== undefined) {
      found.push(...ingressSourceRangesProblems(`${prefix}ingressSourceRanges`, env.ingressSourceRanges));
    }
    if (env.dashboardUrl !== undefined) found.push(...problems(dashboardUrlProblem(`${prefix}dashboardUrl`, env.dashboardUrl)));
    if (judgeWorkloads) {
      found.push(...workloadProblems(`${prefix}workloads.`, goldenPath.workloadSettings(env.workloads)));
      found.push(...serviceLevelOverrideProblems(`${prefix}workloads.serviceLevels.`, env.workloads.serviceLevels));
    }
    if (!env.production && env.reviewers.length > 0) {
      found.push({
        prop: `${prefix}reviewers`,
        value: env.reviewers,
        problem: `names reviewers for "${env.name}", which is not a production environment, and only production deploys wait for reviewers`,
        fix: `remove them, or mark "${env.name}" with production: true`,
      });
    }
    if (env.production && env.reviewers.length > 0) {
      found.push(...reviewersProblems(githubOrganization, `${prefix}reviewers`, env.reviewers));
    }
  });
  for (const name of duplicates(envs.map((e) => e.name))) {
    found.push({ prop: 'environments', value: envs.map((e) => e.name), problem: `names "${name}" more than once`, fix: 'give every environment a distinct name' });
  }
  if (!envs.some((e) => e.production)) {
    found.push({
      prop: 'environments',
      value: envs.map((e) => e.name),
      problem: 'has no production environment, so nothing would be hardened or gated by reviewers',
      fix: 'mark the environment that serves users with production: true',
    });
  }
  return found;
}

/**
 * What is wrong with the settings of onboarded teams' projects: the parent
 * must be a folder or an organization, the prefix must start a project id
 * (6 to 30 lowercase letters, digits and hyphens, starting with a letter),
 * and projects need a billing account.
 */
export function teamProjectsProblems(settings: TeamProjectsSettings | undefined, billingAccount: string | undefined): PropProblem[] {
  if (settings === undefined) return [];
  const found: PropProblem[] = [];
  if (!/^(folders|organizations)\/[0-9]{1,20}$/.test(settings.parent)) {
    found.push({ prop: 'teamProjects.parent', value: settings.parent, problem: 'is not a folder or an organization', fix: 'give "folders/<number>" or "organizations/<number>", e.g. "folders/123456789012"' });
  }
  if (!/^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/.test(settings.prefix)) {
    found.push({ prop: 'teamProjects.prefix', value: settings.prefix, problem: 'cannot start a project id (lowercase letters, digits and hyphens, starting with a letter, at most 16 characters)', fix: 'give a short prefix such as "acme"' });
  }
  if (billingAccount === undefined) {
    found.push({ prop: 'teamProjects', value: settings, problem: 'needs a billing account for the projects it creates, and the platform has none', fix: 'set billingAccount (e.g. "012345-6789AB-CDEF01")' });
  }
  return found;
}

const HOST = '[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?';
const HTTPS_URL = new RegExp(`^https://(${HOST})((/[A-Za-z0-9._~-]+)*)$`);

/** The host (with any port) and path of an https URL without a trailing slash, query or fragment. */
function httpsUrl(value: string): { host: string; path: string } | undefined {
  const m = HTTPS_URL.exec(value);
  return m ? { host: m[1], path: m[6] } : undefined;
}

/**
 * A GitHub Actions OIDC issuer, as tokens carry it in `iss` (https://docs.github.com/en/actions/reference/security/oidc):
 * `https://token.actions.githubusercontent.com` on github.com (`/<enterprise>` after it for an enterprise with a
 * unique issuer), `https://token.actions.SUBDOMAIN.ghe.com` on GHE.com (likewise), `https://HOSTNAME/_services/token`
 * on GitHub Enterprise Server.
 */
export function githubOidcIssuerProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const forms = '"https://token.actions.githubusercontent.com" (github.com), "https://token.actions.<subdomain>.ghe.com" (GHE.com) or "https://<hostname>/_services/token" (GitHub Enterprise Server)';
  const url = typeof value === 'string' ? httpsUrl(value) : undefined;
  if (url === undefined) {
    const trimmed = typeof value === 'string' ? value.replace(/\/+$/, '') : undefined;
    const fix = trimmed !== undefined && trimmed !== value && httpsUrl(trimmed) ? `leave out the trailing slash: "${trimmed}"` : `give the issuer as ${forms}`;
    return { prop, value, problem: 'is not an https URL without a trailing slash, query or fragment (tokens carry the issuer exactly so)', fix };
  }
  const cloud = url.host === 'token.actions.githubusercontent.com' || /^token\.actions\.[a-z0-9-]+\.ghe\.com$/.test(url.host);
  if (cloud ? /^(\/[A-Za-z0-9._-]+)?$/.test(url.path) : url.path === '/_services/token') return undefined;
  return {
    prop,
    value,
    problem: 'is not an issuer of GitHub Actions\' OIDC tokens',
    fix: !cloud && url.path === '' ? `on GitHub Enterprise Server the issuer is "${value}/_services/token"` : `give ${forms}`,
  };
}

/**
 * GitHub's REST API: `https://api.github.com`, `https://api.SUBDOMAIN.ghe.com` (GHE.com), or
 * `https://HOSTNAME/api/v3` (GitHub Enterprise Server, https://docs.github.com/en/enterprise-server@3.14/rest/enterprise-admin).
 */
export function githubApiUrlProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const forms = '"https://api.github.com", "https://api.<subdomain>.ghe.com" (GHE.com) or "https://<hostname>/api/v3" (GitHub Enterprise Server)';
  const url = typeof value === 'string' ? httpsUrl(value) : undefined;
  if (url === undefined) {
    const trimmed = typeof value === 'string' ? value.replace(/\/+$/, '') : undefined;
    const fix = trimmed !== undefined && trimmed !== value && httpsUrl(trimmed) ? `leave out the trailing slash: "${trimmed}"` : `give the API's URL: ${forms}`;
    return { prop, value, problem: 'is not an https URL without a trailing slash, query or fragment', fix };
  }
  const kind = githubInstanceOf(value);
  if (kind !== undefined) return undefined;
  let fix = `give the API's URL: ${forms}`;
  if (url.path === '' && url.host === 'github.com') fix = 'github.com\'s API is "https://api.github.com"';
  else if (url.path === '' && /\.ghe\.com$/.test(url.host)) fix = `GHE.com's API is "https://api.${url.host}"`;
  else if (url.path === '') fix = `GitHub Enterprise Server's API is "${value}/api/v3"`;
  return { prop, value, problem: 'is not the URL of GitHub\'s REST API (the web address is not the API)', fix };
}

/**
 * The web host of the GitHub a (valid) REST API URL belongs to, as Backstage's
 * GitHub integration names it: github.com, `<subdomain>.ghe.com`, or the
 * GitHub Enterprise Server host.
 */
export function githubWebHost(apiUrl: string): string {
  const url = httpsUrl(apiUrl);
  switch (githubInstanceOf(apiUrl)) {
    case 'ghe.com': return url!.host.replace(/^api\./, '');
    case 'server': return url!.host;
    default: return 'github.com';
  }
}

/** Which kind of GitHub a (valid) REST API URL belongs to, or undefined when it is no such URL. */
export function githubInstanceOf(apiUrl: string): 'github.com' | 'ghe.com' | 'server' | undefined {
  const url = httpsUrl(apiUrl);
  if (url === undefined) return undefined;
  if (url.path === '' && url.host === 'api.github.com') return 'github.com';
  if (url.path === '' && /^api\.[a-z0-9-]+\.ghe\.com$/.test(url.host)) return 'ghe.com';
  if (url.path === '/api/v3' && url.host !== 'github.com' && url.host !== 'api.github.com' && !/\.ghe\.com$/.test(url.host)) return 'server';
  return undefined;
}

/**
 * The GitHub provider's `base_url` for a REST API URL, or undefined for github.com (the provider's
 * default). The provider (integrations/github 6.x, config.go `NewRESTClient`) appends `api/v3/` to any
 * base URL but "https://api.github.com/" and GHE.com's (matched as `^https://[a-zA-Z0-9.\-]*\.ghe\.com$`,
 * so without a trailing slash): a GitHub Enterprise Server base is its host, `https://HOSTNAME/`.
 */
export function githubProviderBaseUrl(apiUrl: string): string | undefined {
  switch (githubInstanceOf(apiUrl)) {
    case 'ghe.com': return apiUrl;
    case 'server': return `${apiUrl.slice(0, -'api/v3'.length)}`;
    default: return undefined;
  }
}

/**
 * What is wrong with the GitHub instance settings together: off github.com, the OIDC issuer and the
 * Actions App ID are the instance's own, and github.com's defaults would make every token exchange
 * and every required check fail.
 */
export function githubInstanceProblems(apiUrl: string, issuer: string | undefined, actionsAppId: number | undefined): PropProblem[] {
  const kind = githubInstanceOf(apiUrl);
  if (kind === undefined || kind === 'github.com') return [];
  const host = httpsUrl(apiUrl)!.host;
  const found: PropProblem[] = [];
  if (issuer === undefined) {
    const expected = kind === 'ghe.com' ? `https://token.actions.${host.replace(/^api\./, '')}` : `https://${host}/_services/token`;
    found.push({
      prop: 'githubOidcIssuer',
      value: undefined,
      problem: `is not given, but githubApiUrl "${apiUrl}" is not github.com's, whose issuer would then be trusted instead of the instance's`,
      fix: `set githubOidcIssuer to the instance's issuer, "${expected}"`,
    });
  }
  if (actionsAppId === undefined) {
    found.push({
      prop: 'githubActionsAppId',
      value: undefined,
      problem: `is not given, but githubApiUrl "${apiUrl}" is not github.com's, where GitHub Actions has another App ID, so no required check would ever pass`,
      fix: `set githubActionsAppId to the id that \`GET ${apiUrl}/apps/github-actions\` answers`,
    });
  }
  return found;
}
