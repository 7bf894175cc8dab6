import { combine, type DeploymentRun, type Dora, doraOf, median, type Window } from './dora';
import { type FeedbackFigures, type FeedbackIssue, feedbackOf, type RoadmapItem, roadmapOf } from './feedback';
import { deploymentRuns, type GithubClient, labelledIssues, repositoryCreatedAt } from './github';
import type { KpiTargetSettings } from '../platform/kpi-targets';
import type { DeliveryMetricsView } from '../report/delivery';
import type { CatalogEntry } from '../report/synth-dir';
import { FEATURE_REQUEST_LABEL, FEEDBACK_LABEL } from '../scaffold/feedback-forms';

/**
 * `golden-paths metrics`: the platform measured as a product. The DORA
 * measures of every service repository's production deployments, per
 * service, team and the organization, the time each new service took to its
 * first production deployment, the feedback survey's Net Promoter Score and
 * ease of use, the roadmap of open feature requests, and the KPI table
 * against the settings' targets.
 */

/** The version of the metrics' JSON shape; it grows by adding fields. */
export const METRICS_VERSION = 1;

/** A service repository to measure. */
export interface ServiceRepository {
  readonly service: string;
  readonly team: string;
  readonly owner: string;
  readonly repo: string;
}

/** The DORA measures without their samples, as reported. */
export type DoraFigures = Omit<Dora, 'samples'>;

/** The DORA figures of one environment. */
export interface EnvironmentDora {
  readonly environment: string;
  readonly dora: DoraFigures;
}

/** One service's figures. */
export interface ServiceMetrics {
  readonly service: string;
  readonly team: string;
  /** `owner/repo`. */
  readonly repository: string;
  readonly dora: DoraFigures;
  /** Its figures in each environment measured, in the order measured. */
  readonly byEnvironment: readonly EnvironmentDora[];
  /** When its repository was created, ISO 8601. */
  readonly createdAt?: string;
  /** Created in the window: when it first deployed to production, and how many minutes after its creation. */
  readonly firstDeployment?: { readonly at?: string; readonly minutes?: number };
  /** Why a figure is missing (the repository does not exist, it never deployed). */
  readonly note?: string;
}

/** A repository whose issues hold the platform's feedback: the platform repository, and each team's infrastructure repository. */
export interface FeedbackRepository {
  readonly owner: string;
  readonly repo: string;
  /** The team whose repository it is; none for the platform repository. */
  readonly team?: string;
}

/** The feedback survey's figures, and where they were read. */
export interface FeedbackReport extends FeedbackFigures {
  /** The repositories read, `owner/repo`. */
  readonly repositories: readonly string[];
  /** Repositories that could not be read, and why. */
  readonly unread: readonly { readonly repository: string; readonly note: string }[];
}

/** One KPI: its target, the current figure, and whether it meets the target. */
export interface Kpi {
  readonly name: string;
  /** `> 50`, `< 15%`. */
  readonly target: string;
  readonly current?: number;
  readonly unit: string;
  readonly met?: boolean;
  readonly note?: string;
}

/** Everything `golden-paths metrics` reports. */
export interface MetricsReport {
  readonly version: number;
  /** The window, ISO 8601, [since, until). */
  readonly since: string;
  readonly until: string;
  /** The environments measured (by default the production ones; `--environment all`: every one). */
  readonly environments: readonly string[];
  readonly organization: DoraFigures;
  /** The organization's figures in each environment measured. */
  readonly byEnvironment: readonly EnvironmentDora[];
  readonly teams: readonly {
    readonly team: string;
    readonly services: number;
    readonly dora: DoraFigures;
    readonly byEnvironment: readonly EnvironmentDora[];
  }[];
  readonly services: readonly ServiceMetrics[];
  readonly kpis: readonly Kpi[];
  /** The feedback survey's answers in the window (the platform-feedback issues). */
  readonly feedback: FeedbackReport;
  /** Open feature requests, ranked by impact over effort. */
  readonly roadmap: readonly RoadmapItem[];
}

/** The report page reads what this command prints: the types agree. */
export const asDeliveryMetrics = (m: MetricsReport): DeliveryMetricsView => m;

/** What the KPIs need besides the deployments. */
export interface KpiInputs {
  readonly targets: KpiTargetSettings;
  /** Services on the golden path, in percent, when a synth output was read. */
  readonly goldenPathPercent?: number;
  /** The feedback survey's Net Promoter Score, when there are answers (collectMetrics reads them itself). */
  readonly nps?: number;
  /**
   * The production environments: a first deployment counts there, and the
   * delivery KPIs take the organization's figures there when any is measured.
   * @default - every environment measured
   */
  readonly productionEnvironments?: readonly string[];
}

/** The service repositories of the catalog's components (`github.com/project-slug`, owner `group:<team>`) and of the settings' onboarded teams. */
export function serviceRepositories(
  catalog: readonly CatalogEntry[],
  onboarded: ReadonlyMap<string, { readonly serviceRepositories?: readonly string[] }>,
  organization: string | undefined,
): ServiceRepository[] {
  const found = new Map<string, ServiceRepository>();
  for (const e of catalog) {
    const slug = /^([^/\s]+)\/([^/\s]+)$/.exec(e.projectSlug ?? '');
    if (e.kind !== 'Component' || !slug) continue;
    const team = /^group:(.+)$/.exec(e.owner ?? '')?.[1] ?? e.owner ?? '(no team)';
    found.set(`${slug[1]}/${slug[2]}`.toLowerCase(), { service: e.name, team, owner: slug[1], repo: slug[2] });
  }
  if (organization !== undefined) {
    for (const [team, t] of onboarded) {
      for (const repo of t.serviceRepositories ?? []) {
        const key = `${organization}/${repo}`.toLowerCase();
        if (!found.has(key)) found.set(key, { service: repo, team, owner: organization, repo });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.team.localeCompare(b.team) || a.service.localeCompare(b.service));
}

function figures(d: Dora): DoraFigures {
  const { samples: _s, ...rest } = d;
  return rest;
}

/** Measures `services` over `window` in `environments`, reading GitHub through `client`. */
export async function collectMetrics(
  client: GithubClient, services: readonly ServiceRepository[], environments: readonly string[], window: Window, kpi: KpiInputs,
  feedbackRepositories: readonly FeedbackRepository[] = [],
): Promise<MetricsReport> {
  const measured: { service: ServiceMetrics; dora: Dora; byEnvironment: Map<string, Dora>; firstMinutes?: number }[] = [];
  const production = kpi.productionEnvironments ?? environments;
  const perEnvironment = (doras: ReadonlyMap<string, Dora>): EnvironmentDora[] =>
    environments.map((environment) => ({ environment, dora: figures(doras.get(environment)!) }));
  for (const s of services) {
    const ref = { owner: s.owner, repo: s.repo };
    const repository = `${s.owner}/${s.repo}`;
    const createdAt = await repositoryCreatedAt(client, ref);
    if (createdAt === undefined) {
      const dora = doraOf([], window);
      const byEnvironment = new Map(environments.map((e) => [e, dora]));
      measured.push({
        service: { service: s.service, team: s.team, repository, dora: figures(dora), byEnvironment: perEnvironment(byEnvironment), note: 'the repository does not exist, or the token cannot read it' },
        dora,
        byEnvironment,
      });
      continue;
    }
    const isNew = Date.parse(createdAt) >= window.since.getTime() && Date.parse(createdAt) < window.until.getTime();
    // A new service's every deployment counts for its first one: read from its creation.
    const from = isNew ? new Date(Math.min(Date.parse(createdAt), window.since.getTime())) : window.since;
    const runs: DeploymentRun[] = [];
    const byEnvironment = new Map<string, Dora>();
    for (const env of environments) {
      const own = await deploymentRuns(client, ref, env, from);
      byEnvironment.set(env, doraOf(own, window));
      runs.push(...own);
    }
    const dora = doraOf(runs, window);
    // The first deployment is the first to production.
    const first = runs.filter((r) => r.state === 'success' && production.includes(r.environment)).sort((a, b) => Date.parse(a.finishedAt ?? a.createdAt) - Date.parse(b.finishedAt ?? b.createdAt))[0];
    const firstAt = first ? first.finishedAt ?? first.createdAt : undefined;
    const firstMinutes = isNew && firstAt ? Math.round((Date.parse(firstAt) - Date.parse(createdAt)) / 60_000) : undefined;
    measured.push({
      service: {
        service: s.service,
        team: s.team,
        repository,
        dora: figures(dora),
        byEnvironment: perEnvironment(byEnvironment),
        createdAt,
        ...(isNew ? {
          firstDeployment: { ...(firstAt ? { at: firstAt } : {}), ...(firstMinutes !== undefined ? { minutes: firstMinutes } : {}) },
        } : {}),
        ...(runs.length === 0 ? { note: `no deployment to ${environments.join(' or ')}` } : {}),
      },
      dora,
      byEnvironment,
      ...(firstMinutes !== undefined ? { firstMinutes } : {}),
    });
  }
  const combined = (of: typeof measured) => ({
    dora: combine(of.map((m) => m.dora), window),
    byEnvironment: new Map(environments.map((e) => [e, combine(of.map((m) => m.byEnvironment.get(e)!), window)])),
  });
  const organization = combined(measured);
  const teamNames = [...new Set(measured.map((m) => m.service.team))].sort();
  const teams = teamNames.map((team) => {
    const own = combined(measured.filter((m) => m.service.team === team));
    const count = measured.filter((m) => m.service.team === team).length;
    return { team, services: count, dora: figures(own.dora), byEnvironment: perEnvironment(own.byEnvironment) };
  });
  // The delivery KPIs are production's: its environments' figures, when any is measured.
  const measuredProduction = environments.filter((e) => production.includes(e));
  const kpiDora = measuredProduction.length > 0 && measuredProduction.length < environments.length
    ? combine(measuredProduction.map((e) => organization.byEnvironment.get(e)!), window)
    : organization.dora;
  const firstMinutes = median(measured.flatMap((m) => (m.firstMinutes !== undefined ? [m.firstMinutes] : [])));
  const { feedback, roadmap } = await collectFeedback(client, feedbackRepositories, window);
  return {
    version: METRICS_VERSION,
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    environments: [...environments],
    organization: figures(organization.dora),
    byEnvironment: perEnvironment(organization.byEnvironment),
    teams,
    services: measured.map((m) => m.service),
    kpis: kpis({ ...kpi, ...(feedback.nps !== undefined ? { nps: feedback.nps } : {}) }, kpiDora, firstMinutes),
    feedback,
    roadmap,
  };
}

/** The survey's answers in the window and the open feature requests, from each feedback repository's labelled issues. */
async function collectFeedback(
  client: GithubClient, repositories: readonly FeedbackRepository[], window: Window,
): Promise<{ feedback: FeedbackReport; roadmap: RoadmapItem[] }> {
  const answers: FeedbackIssue[] = [];
  const requests: FeedbackIssue[] = [];
  const read: string[] = [];
  const unread: { repository: string; note: string }[] = [];
  const teams = new Map<string, string>();
  for (const r of repositories) {
    const repository = `${r.owner}/${r.repo}`;
    if (r.team !== undefined) teams.set(repository.toLowerCase(), r.team);
    // Answers updated since the window began include every one created in it.
    const survey = await labelledIssues(client, r, FEEDBACK_LABEL, 'all', window.since);
    const open = survey && await labelledIssues(client, r, FEATURE_REQUEST_LABEL, 'open');
    if (survey === undefined || open === undefined) {
      unread.push({ repository, note: 'the repository does not exist, or the token cannot read its issues' });
      continue;
    }
    read.push(repository);
    answers.push(...survey);
    requests.push(...open);
  }
  return {
    feedback: { repositories: read, unread, ...feedbackOf(answers, window.since, window.until) },
    roadmap: roadmapOf(requests, teams),
  };
}

/** The KPI table: each target, the current figure, and whether it meets it. */
export function kpis(inputs: KpiInputs, organization: Dora | DoraFigures, firstDeploymentMinutes: number | undefined): Kpi[] {
  const t = inputs.targets;
  const above = (current: number | undefined, target: number) => (current === undefined ? undefined : current > target);
  const below = (current: number | undefined, target: number) => (current === undefined ? undefined : current < target);
  const row = (name: string, target: string, unit: string, current: number | undefined, met: boolean | undefined, missing: string): Kpi => ({
    name, target, unit, ...(current !== undefined ? { current, met } : { note: missing }),
  });
  return [
    row('Net Promoter Score', `> ${t.nps}`, '', inputs.nps, above(inputs.nps, t.nps), 'no survey answers'),
    row('Self-service adoption (services on the golden path)', `> ${t.selfServiceAdoptionPercent}%`, '%', inputs.goldenPathPercent,
      above(inputs.goldenPathPercent, t.selfServiceAdoptionPercent), 'no synth output read'),
    row('Time to first production deployment (median)', `< ${t.timeToFirstDeploymentMinutes} min`, 'min', firstDeploymentMinutes,
      below(firstDeploymentMinutes, t.timeToFirstDeploymentMinutes), 'no new service deployed in the window'),
    row('Deployment frequency', `> ${t.deploymentsPerDay}/day`, '/day', organization.deploymentsPerDay, above(organization.deploymentsPerDay, t.deploymentsPerDay), ''),
    row('Change failure rate', `< ${t.changeFailureRatePercent}%`, '%', organization.changeFailureRatePercent,
      below(organization.changeFailureRatePercent, t.changeFailureRatePercent), 'no deployment in the window'),
    row('Time to restore (median)', `< ${t.timeToRestoreMinutes} min`, 'min', organization.timeToRestoreMinutes,
      below(organization.timeToRestoreMinutes, t.timeToRestoreMinutes), 'no failed deployment restored in the window'),
  ];
}
