import { Construct } from 'constructs';
import { Lazy, Token } from '../private/cdk';
import { cloudMonitoringDashboardUrl } from '../private/dashboard-url';
import type { PropProblem } from '../private/errors';
import { boundedName } from '../private/naming';
import { MonitoringDashboard, type GoogleProvider } from '../private/providers/google';
import { terraformLiteral } from '../private/terraform-literal';
import { literalProblem, problems } from '../private/validation';

/** Whether a team gets its Cloud Monitoring dashboards. */
export interface TeamDashboardOptions {
  /**
   * Whether the team gets a Cloud Monitoring dashboard in each environment
   * where it has services. Turning it off needs `disabledReason`.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Why the team has no dashboards (at least 10 characters): shown in the
   * adoption report.
   * @default - none
   */
  readonly disabledReason?: string;
}

/** A team's dashboard settings, once decided. */
export interface TeamDashboardSettings {
  /** Whether the team gets its dashboards. */
  readonly enabled: boolean;
  /** Why not, when it does not. */
  readonly disabledReason?: string;
}

/** The effective dashboard settings: on unless the team says otherwise. */
export function teamDashboardSettings(options: TeamDashboardOptions | undefined): TeamDashboardSettings {
  return {
    enabled: options?.enabled ?? true,
    ...(options?.disabledReason !== undefined ? { disabledReason: options.disabledReason } : {}),
  };
}

/** What is wrong with a team's `dashboard`: turned off without a reason a reader can judge. */
export function teamDashboardProblems(options: TeamDashboardOptions | undefined): PropProblem[] {
  if (options === undefined) return [];
  const reason = options.disabledReason;
  return problems(
    literalProblem('dashboard.enabled', options.enabled),
    reason === undefined
      ? (options.enabled === false ? {
        prop: 'dashboard.disabledReason', value: reason, problem: 'is missing, and turning the team\'s dashboards off needs a reason', fix: 'say why the team has no dashboards, e.g. { enabled: false, disabledReason: "the team charts its services in Grafana" }',
      } : undefined)
      : literalProblem('dashboard.disabledReason', reason)
        ?? (typeof reason !== 'string' || reason.trim().length < 10
          ? { prop: 'dashboard.disabledReason', value: reason, problem: 'is shorter than 10 characters', fix: 'say why the team has no dashboards, so that a reader can judge it' } : undefined),
  );
}

/**
 * What a service shows on its team's dashboard of one environment: Cloud
 * Monitoring filters the service builds with the same functions (and so the
 * same metric names and labels) as its SLOs, and its SLOs there.
 */
export interface DashboardServicePanel {
  /** The service name. */
  readonly service: string;
  /** Its requests (`http_requests_total`). */
  readonly requestsFilter: string;
  /** Its requests answered with a server error. */
  readonly serverErrorsFilter: string;
  /** Its latency histogram (`http_request_duration_seconds`). */
  readonly latencyFilter: string;
  /** Its container's CPU used against its request (GKE's system metrics). */
  readonly cpuFilter: string;
  /** Its container's memory used against its request. */
  readonly memoryFilter: string;
  /** Its SLOs in the environment: `availability` or `latency`, the SLO's resource name, and its fast-burn long window. */
  readonly slos: readonly { readonly slo: string; readonly name: string; readonly burnWindowMinutes: number }[];
  /** When its SLOs or their alerts are off where the environment has them: what and why. */
  readonly serviceLevelsNote?: string;
}

/** What the dashboards read of their team. */
export interface DashboardOwner {
  readonly name: string;
  readonly platform: {
    readonly environments: readonly { readonly name: string }[];
    environment(name: string): { readonly googleProvider?: GoogleProvider };
  };
  googleProject(environment?: string): string;
}

/** One team's dashboard in one environment: where it is and what it shows. */
interface EnvironmentDashboard {
  readonly project: string;
  readonly id: string;
  readonly panels: DashboardServicePanel[];
  resource?: MonitoringDashboard;
}

const ALIGNMENT_PERIOD = '60s';

/** A line chart with one data set per service (Dashboards API `XyChart`, `DataSet`, `TimeSeriesQuery`). */
function chart(title: string, yLabel: string, dataSets: object[], thresholds?: object[]): object {
  return { title, xyChart: { dataSets, ...(thresholds ? { thresholds } : {}), yAxis: { label: yLabel, scale: 'LINEAR' } } };
}

function line(legend: string, timeSeriesQuery: object): object {
  return { timeSeriesQuery, plotType: 'LINE', legendTemplate: legend, targetAxis: 'Y1' };
}

function filterQuery(filter: string, aggregation?: object): object {
  return { timeSeriesFilter: { filter, ...(aggregation ? { aggregation } : {}) } };
}

const RATE = { alignmentPeriod: ALIGNMENT_PERIOD, perSeriesAligner: 'ALIGN_RATE', crossSeriesReducer: 'REDUCE_SUM' };
/** The most saturated pod of the service. */
const MOST = { alignmentPeriod: ALIGNMENT_PERIOD, perSeriesAligner: 'ALIGN_MEAN', crossSeriesReducer: 'REDUCE_MAX' };
const percentile = (p: 50 | 95 | 99) => ({ alignmentPeriod: ALIGNMENT_PERIOD, perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: `REDUCE_PERCENTILE_${p}` });

/**
 * The dashboard's definition (the Cloud Monitoring Dashboards API's `Dashboard`,
 * https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards): a grid of charts, each with one
 * line per service: requests per second, the share of server errors, latency at the 50th, 95th and 99th
 * percentile of the request histogram, CPU and memory used against the container's requests, and, for the
 * services with SLOs there, the error budget left and the burn rate over the fast-burn alert's long window.
 */
export function dashboardDefinition(
  team: string, environment: string, d: { project: string; id: string; panels: readonly DashboardServicePanel[] },
): object {
  const panels = [...d.panels].sort((a, b) => a.service.localeCompare(b.service));
  const withSlos = panels.filter((p) => p.slos.length > 0);
  const notes = panels.filter((p) => p.serviceLevelsNote !== undefined).map((p) => `- ${p.service}: ${p.serviceLevelsNote}`);
  const intro = [
    `Services of the team ${team} in ${environment}: ${panels.map((p) => p.service).join(', ')}.`,
    'Requests, server errors, latency (50th, 95th and 99th percentile of the request histogram), CPU and memory against the containers\' requests, and the SLOs\' error budget.',
    ...(notes.length > 0 ? ['', 'SLOs or alerts turned off:', ...notes] : []),
  ].join('\n');
  const widgets: object[] = [
    { title: `${team} (${environment})`, text: { content: intro, format: 'MARKDOWN' } },
    chart('Requests per second', 'requests/s', panels.map((p) => line(p.service, filterQuery(p.requestsFilter, RATE)))),
    chart('Share of requests answered with a server error (5xx)', 'ratio', panels.map((p) => line(p.service, {
      timeSeriesFilterRatio: {
        numerator: { filter: p.serverErrorsFilter, aggregation: RATE },
        denominator: { filter: p.requestsFilter, aggregation: RATE },
      },
    }))),
    ...([50, 95, 99] as const).map((q) => chart(`Latency, ${q}th percentile`, 'seconds',
      panels.map((p) => line(p.service, filterQuery(p.latencyFilter, percentile(q)))))),
    chart('CPU used / requested (most loaded pod)', 'ratio', panels.map((p) => line(p.service, filterQuery(p.cpuFilter, MOST))), [{ label: 'requested', value: 1 }]),
    chart('Memory used / requested (most loaded pod)', 'ratio', panels.map((p) => line(p.service, filterQuery(p.memoryFilter, MOST))), [{ label: 'requested', value: 1 }]),
  ];
  if (withSlos.length > 0) {
    // Time-series selectors of SLO data (https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/timeseries-selectors).
    const slos = withSlos.flatMap((p) => p.slos.map((s) => ({ ...s, legend: `${p.service} ${s.slo}` })));
    widgets.push(
      chart('SLO error budget left', 'fraction of the budget', slos.map((s) => line(s.legend, filterQuery(`select_slo_budget_fraction("${s.name}")`)))),
      chart('SLO burn rate over the fast-burn window', 'times the budget\'s rate', slos.map((s) => line(s.legend, filterQuery(`select_slo_burn_rate("${s.name}", "${s.burnWindowMinutes}m")`)))),
    );
  }
  // The dashboard's id is given in its name, so that its address is known at synth (gcloud monitoring dashboards
  // create: "To create a dashboard with a specific dashboard ID", name: projects/MY-PROJECT/dashboards/MY-DASHBOARD).
  return { name: `projects/${d.project}/dashboards/${d.id}`, displayName: `${team} services (${environment})`, gridLayout: { columns: '2', widgets } };
}

/**
 * The team's Cloud Monitoring dashboard in each environment, made when a
 * service there first adds itself, in the project of that environment's SLOs
 * (whose metrics scope reads the cluster's project), by the stack of that
 * environment. Each environment's place for it is made with the team, so that
 * its id is the team's before any service or database takes ids.
 */
export class TeamDashboards {
  /** The dashboard's id in its project (unique there: a team's name is unique on its platform). */
  public static dashboardId(team: string, environment: string): string {
    return boundedName([team, environment], 63);
  }

  private readonly scopes = new Map<string, Construct>();
  private readonly dashboards = new Map<string, EnvironmentDashboard>();
  private readonly team: string;

  public constructor(
    private readonly owner: DashboardOwner,
    private readonly settings: TeamDashboardSettings,
    scopeOf: (environment: string) => { scope: Construct; id: string },
  ) {
    this.team = owner.name;
    if (!settings.enabled) return;
    for (const env of owner.platform.environments) {
      const { scope, id } = scopeOf(env.name);
      this.scopes.set(env.name, new Construct(scope, id));
    }
  }

  /** The project of the environment's SLOs and the environment's Google provider. */
  private projectOf(environment: string): { project: string; provider?: GoogleProvider } {
    return { project: this.owner.googleProject(environment), provider: this.owner.platform.environment(environment).googleProvider };
  }

  /**
   * Adds a service's charts to the environment's dashboard, made by the first service there in the environment's
   * project, and gives the dashboard and its Console address; nothing when the team's dashboards are off.
   */
  public add(environment: string, panel: DashboardServicePanel): { dashboard?: MonitoringDashboard; url?: string } {
    const { project, provider } = this.projectOf(environment);
    if (!this.settings.enabled) return {};
    let d = this.dashboards.get(environment);
    if (d === undefined) {
      const entry: EnvironmentDashboard = { project, id: TeamDashboards.dashboardId(this.team, environment), panels: [] };
      d = entry;
      this.dashboards.set(environment, entry);
      // https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_dashboard
      entry.resource = new MonitoringDashboard(this.scopes.get(environment)!, 'dashboard', {
        provider,
        project,
        // Rendered at synth, once every service has added itself; every string in it escaped for Terraform
        // (the SLOs' names are references, which stay references).
        dashboardJson: Lazy.stringValue({
          produce: () => terraformLiteral(JSON.stringify(dashboardDefinition(this.team, environment, entry))),
        }),
      });
    }
    d.panels.push(panel);
    return { dashboard: d.resource, url: Token.isUnresolved(project) ? undefined : cloudMonitoringDashboardUrl(project, d.id) };
  }
}
