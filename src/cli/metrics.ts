import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, parseCommand } from './cli';
import { githubClient } from '../metrics/github';
import { collectMetrics, type FeedbackRepository, type MetricsReport, serviceRepositories } from '../metrics/metrics';
import { metricsMarkdown } from '../metrics/metrics-markdown';
import type { EnvironmentConfig } from '../platform/environment';
import { type KpiTargets, kpiTargetsOf, kpiTargetsProblems } from '../platform/kpi-targets';
import { readPlatformSettings, type PlatformSettingsFile } from '../platform/platform-settings';
import { DEFAULT_ENVIRONMENTS, GITHUB_API_URL } from '../private/constants';
import { describeProblem } from '../private/errors';
import { buildReport } from '../report/report';
import { readSynthDir, type SynthDir } from '../report/synth-dir';

export const METRICS = {
  name: 'metrics',
  usage: `Usage: golden-paths metrics [--since <30d>] [--until <day>] [--environment <envs>]
                            [--synth <cdktf.out>] [--platform <platform.json>] [--json | --markdown]

Measures the platform as a product, from GitHub: for every service repository (the catalog's
components in the synth output, and the service repositories platform.json lists per team) the
deployments GitHub Actions made to the production environments, and from them the DORA measures
per service, team and the organization (deployment frequency, lead time for changes, change
failure rate, time to restore), the time each new service took to its first production
deployment, and the KPI table against the settings' kpiTargets. From the issues the platform's
forms open in the platform repository (platformRepository) and each team's infrastructure
repository: the survey's Net Promoter Score and ease of use (platform-feedback), and the roadmap
of open feature requests ranked by impact over effort (platform-feature-request). See docs/metrics.md.

It calls GitHub's REST API at GITHUB_API_URL (default: the settings' githubApiUrl, else
https://api.github.com) with GITHUB_TOKEN (required: a token that can read the service
repositories), as in GitHub Actions; a rate limit is waited out.

Options:
  --since <n>d|<n>w|<day>   the window's start: days or weeks before --until, or a day (default 30d)
  --until <day>             the window's end, exclusive: a day YYYY-MM-DD (default: now)
  --environment <envs>|all  the environments to measure, comma-separated, or all of the settings'
                            (default: the settings' production environments, else prod); the
                            figures are given per environment too, and the first deployment and
                            the delivery KPIs are production's
  --synth <dir>             the synth output whose catalog lists the services (default: cdktf.out)
  --platform <file>         the platform settings (default: platform.json in the synth output, else
                            in the current folder)
  --json                    print the figures as JSON (golden-paths report --metrics reads it)
  --markdown                print them as Markdown (the default)
  -h, --help                show this help`,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    environment: { type: 'string' },
    synth: { type: 'string' },
    platform: { type: 'string' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
  },
  positionals: [0, 0],
} as const;

const DAY_MS = 86_400_000;

/** `golden-paths metrics`. */
export async function metricsCommand(argv: readonly string[], io: Io): Promise<number> {
  const env = io.env ?? process.env;
  const { values } = parseCommand(METRICS, argv);
  if (values.json && values.markdown) {
    throw CliError.invalid('metrics', { prop: '--markdown', value: true, problem: 'cannot be given with --json: the command prints one format', fix: 'give one of --json and --markdown' });
  }
  const until = values.until === undefined ? new Date() : day('--until', values.until as string);
  const since = sinceOption(values.since as string | undefined, until);
  const synthDir = path.resolve(io.cwd, typeof values.synth === 'string' ? values.synth : 'cdktf.out');
  const synth: SynthDir | undefined = fs.existsSync(synthDir) || values.synth !== undefined ? readSynthDir(synthDir, '--synth', 'metrics') : undefined;
  const settings = readSettings(io, synthDir, values.platform as string | undefined);
  if (synth === undefined && settings === undefined) {
    throw new CliError(`[${synthDir}] does not exist, and no platform.json is here: nothing lists the service repositories. Fix: run golden-paths synth first (or give --synth <cdktf.out>), or give --platform <platform.json>.`);
  }
  const props = settings?.settings ?? {};
  const targets = props.kpiTargets as KpiTargets | undefined;
  const problems = kpiTargetsProblems('kpiTargets.', targets);
  if (problems.length > 0) throw new CliError(`[${values.platform ?? 'platform.json'}] ${problems.map(describeProblem).join('; ')}`);
  // The settings' environments (the platform's defaults without any), and the production ones among them.
  const listed: ReadonlyArray<{ readonly name: string; readonly production?: boolean }> = Array.isArray(props.environments)
    ? (props.environments as EnvironmentConfig[]) : DEFAULT_ENVIRONMENTS;
  const configured = listed.filter((e) => e.production).map((e) => e.name);
  const productionEnvironments = configured.length > 0 ? configured : ['prod'];
  const environments = values.environment === 'all'
    ? listed.map((e) => e.name)
    : typeof values.environment === 'string'
      ? values.environment.split(',').map((e) => e.trim()).filter((e) => e !== '')
      : productionEnvironments;
  if (environments.length === 0) {
    throw CliError.invalid('metrics', { prop: '--environment', value: values.environment, problem: 'names no environment', fix: 'give the environments to measure, comma-separated, e.g. --environment prod' });
  }
  const organization = typeof props.githubOrganization === 'string' ? props.githubOrganization : undefined;
  const services = serviceRepositories(synth?.catalog ?? [], settings?.teams ?? new Map(), organization);
  const feedbackRepositories = feedbackRepositoriesOf(organization, props.platformRepository, settings?.teams ?? new Map());
  const apiUrl = apiUrlOf(env.GITHUB_API_URL || (typeof props.githubApiUrl === 'string' ? props.githubApiUrl : GITHUB_API_URL));
  const token = env.GITHUB_TOKEN;
  if (!token) {
    // The golden path's service repositories are private: without a token GitHub answers 404 for each.
    throw new CliError('[GITHUB_TOKEN] is not set, and the service repositories are private: GitHub shows their deployments only to a token that can read them. '
      + 'Fix: set GITHUB_TOKEN to a token with read access to the service repositories\' deployments and contents (in GitHub Actions, a GitHub App\'s installation token: the workflow\'s own token reads only its repository).');
  }
  const client = githubClient({
    apiUrl,
    token,
    onWait: (seconds, what) => io.err(`> GitHub's ${what}: waiting ${Math.ceil(seconds)} s, as its headers say`),
  });
  const goldenPathPercent = synth
    ? buildReport({ synth, ...(settings ? { settings } : {}), today: until.toISOString().slice(0, 10) }).adoption.summary.goldenPathPercent
    : undefined;
  let report: MetricsReport;
  try {
    const kpi = { targets: kpiTargetsOf(targets), productionEnvironments, ...(goldenPathPercent !== undefined ? { goldenPathPercent } : {}) };
    report = await collectMetrics(client, services, environments, { since, until }, kpi, feedbackRepositories);
  } catch (e) {
    throw githubError(e, apiUrl);
  }
  if (values.json) io.out(JSON.stringify(report, undefined, 2));
  else io.out(metricsMarkdown(report));
  return 0;
}

/** Where the feedback forms' issues are: the platform repository (platformRepository) and each onboarded team's infrastructure repository. */
function feedbackRepositoriesOf(
  organization: string | undefined, platformRepository: unknown, teams: ReadonlyMap<string, { readonly infrastructureRepository?: string }>,
): FeedbackRepository[] {
  if (organization === undefined) return [];
  return [
    ...(typeof platformRepository === 'string' ? [{ owner: organization, repo: platformRepository }] : []),
    ...[...teams].flatMap(([team, t]) => (t.infrastructureRepository ? [{ owner: organization, repo: t.infrastructureRepository, team }] : [])),
  ];
}

/** A failed GitHub request as an input error: what GitHub said, and what to check. */
function githubError(e: unknown, apiUrl: string): Error {
  const status = (e as { status?: number }).status;
  // Octokit reports a request that got no answer (refused, DNS, TLS) as status 500 without a response.
  if (typeof status !== 'number' || (status === 500 && (e as { response?: unknown }).response === undefined)) {
    const cause = (e as { cause?: { cause?: { code?: string }; code?: string } }).cause;
    const reason = cause?.cause?.code ?? cause?.code ?? (e as Error).message;
    return new CliError(`[${apiUrl}] GitHub's API cannot be reached (${reason}). Fix: check GITHUB_API_URL (on GitHub Enterprise Server: https://HOSTNAME/api/v3) and the network.`);
  }
  const url = (e as { request?: { url?: string } }).request?.url ?? apiUrl;
  const fix = status === 401 ? 'set GITHUB_TOKEN to a token GitHub accepts'
    : status === 403 || status === 429 ? 'give GITHUB_TOKEN read access to the repositories\' deployments and contents, or wait for the rate limit to reset'
      : 'check GITHUB_API_URL and the repositories the catalog names';
  return new CliError(`[${url}] GitHub answered ${status} (${(e as Error).message}). Fix: ${fix}.`);
}

/** GitHub's API URL: https, or http on this machine only (the requests carry GITHUB_TOKEN). */
function apiUrlOf(given: string): string {
  const fix = `set it to ${GITHUB_API_URL}, or https://HOSTNAME/api/v3 on GitHub Enterprise Server`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw CliError.invalid('metrics', { prop: 'GITHUB_API_URL', value: given, problem: 'is not a URL', fix });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw CliError.invalid('metrics', { prop: 'GITHUB_API_URL', value: given, problem: 'is not an https URL, and the requests carry GITHUB_TOKEN', fix });
  }
  return given;
}

/** A day YYYY-MM-DD, at 00:00 UTC. */
function day(option: string, value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw CliError.invalid('metrics', { prop: option, value, problem: 'is not a day written YYYY-MM-DD', fix: `write a day such as ${option} 2026-12-07` });
  }
  return date;
}

/** The window's start: `<n>d` or `<n>w` before `until`, or a day. */
function sinceOption(value: string | undefined, until: Date): Date {
  const text = value ?? '30d';
  const relative = /^(\d{1,4})([dw])$/.exec(text);
  if (relative) {
    const days = Number(relative[1]) * (relative[2] === 'w' ? 7 : 1);
    if (days < 1) throw CliError.invalid('metrics', { prop: '--since', value: text, problem: 'is an empty window', fix: 'give at least 1d' });
    return new Date(until.getTime() - days * DAY_MS);
  }
  if (/^\d{4}-/.test(text)) {
    const since = day('--since', text);
    if (since >= until) throw CliError.invalid('metrics', { prop: '--since', value: text, problem: 'is not before --until', fix: 'give an earlier day, or a length such as 30d' });
    return since;
  }
  throw CliError.invalid('metrics', { prop: '--since', value: text, problem: 'is not a length (30d, 4w) or a day (YYYY-MM-DD)', fix: 'write, for example, --since 30d' });
}

/** The platform settings: the file given, else platform.json in the synth output, else in the current folder, else none. */
function readSettings(io: Io, synthDir: string, given: string | undefined): PlatformSettingsFile | undefined {
  const file = given !== undefined
    ? path.resolve(io.cwd, given)
    : [path.join(synthDir, 'platform.json'), path.join(io.cwd, 'platform.json')].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (file === undefined) return undefined;
  if (!fs.existsSync(file)) {
    throw CliError.invalid('metrics', { prop: '--platform', value: given, problem: 'does not exist', fix: 'give the platform.json the platform repository publishes, or leave --platform out' });
  }
  return readPlatformSettings(file);
}
