import { GoMicroservice, TeamEnvironment } from '../../src';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { errorOf, platformFixture, resources, synth } from '../util';

/*
 * A team's Cloud Monitoring dashboard in each environment, checked against the documented arguments of
 * google_monitoring_dashboard (provider 6.50.0, @cdktf/provider-google 16.12): `dashboard_json` (required, "The JSON
 * representation of a dashboard, following the format at https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards")
 * and `project` (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_dashboard).
 *
 * The JSON follows the Dashboards API's `Dashboard` resource (https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards):
 * the fields below are those the reference lists for each object the library writes. `name` is
 * projects/PROJECT/dashboards/ID, which gives the dashboard its id on create ("To create a dashboard with a specific
 * dashboard ID", https://cloud.google.com/sdk/gcloud/reference/monitoring/dashboards/create). SLO charts use the
 * time-series selectors select_slo_budget_fraction(SLO) and select_slo_burn_rate(SLO, LOOKBACK)
 * (https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/timeseries-selectors); saturation is GKE's
 * kubernetes.io/container/{cpu,memory}/request_utilization on k8s_container (https://cloud.google.com/monitoring/api/metrics_kubernetes).
 */
const DOCUMENTED: Record<string, readonly string[]> = {
  Dashboard: ['name', 'displayName', 'etag', 'dashboardFilters', 'labels', 'gridLayout', 'mosaicLayout', 'rowLayout', 'columnLayout', 'annotations'],
  GridLayout: ['columns', 'widgets'],
  Widget: ['title', 'id', 'visibilityCondition', 'xyChart', 'scorecard', 'text', 'blank', 'alertChart', 'timeSeriesTable', 'collapsibleGroup', 'logsPanel',
    'incidentList', 'pieChart', 'errorReportingPanel', 'sectionHeader', 'singleViewGroup'],
  Text: ['content', 'format', 'style'],
  XyChart: ['dataSets', 'timeshiftDuration', 'thresholds', 'xAxis', 'yAxis', 'y2Axis', 'chartOptions'],
  DataSet: ['timeSeriesQuery', 'plotType', 'legendTemplate', 'minAlignmentPeriod', 'targetAxis', 'breakdowns', 'dimensions', 'measures', 'sort'],
  TimeSeriesQuery: ['timeSeriesFilter', 'timeSeriesFilterRatio', 'timeSeriesQueryLanguage', 'prometheusQuery', 'opsAnalyticsQuery', 'unitOverride', 'outputFullDuration'],
  TimeSeriesFilter: ['filter', 'aggregation', 'secondaryAggregation', 'pickTimeSeriesFilter', 'statisticalTimeSeriesFilter'],
  TimeSeriesFilterRatio: ['numerator', 'denominator', 'secondaryAggregation', 'pickTimeSeriesFilter', 'statisticalTimeSeriesFilter'],
  RatioPart: ['filter', 'aggregation'],
  Aggregation: ['alignmentPeriod', 'perSeriesAligner', 'crossSeriesReducer', 'groupByFields'],
  Threshold: ['label', 'value', 'color', 'direction', 'targetAxis'],
  Axis: ['label', 'scale'],
};
const ENUMS = {
  format: ['MARKDOWN', 'RAW'],
  plotType: ['LINE', 'STACKED_AREA', 'STACKED_BAR', 'HEATMAP'],
  targetAxis: ['Y1', 'Y2'],
  scale: ['LINEAR', 'LOG10'],
  perSeriesAligner: ['ALIGN_RATE', 'ALIGN_DELTA', 'ALIGN_MEAN'],
  crossSeriesReducer: ['REDUCE_SUM', 'REDUCE_MAX', 'REDUCE_PERCENTILE_50', 'REDUCE_PERCENTILE_95', 'REDUCE_PERCENTILE_99'],
};

/** Every field of the dashboard that the Dashboards API does not document for its object, as "path: field". */
function undocumented(dashboard: any): string[] {
  const found: string[] = [];
  const check = (o: any, type: string, path: string) => {
    for (const key of Object.keys(o)) if (!DOCUMENTED[type].includes(key)) found.push(`${path}: ${key}`);
  };
  check(dashboard, 'Dashboard', '');
  check(dashboard.gridLayout, 'GridLayout', 'gridLayout');
  dashboard.gridLayout.widgets.forEach((w: any, i: number) => {
    const at = `widgets[${i}]`;
    check(w, 'Widget', at);
    if (w.text) check(w.text, 'Text', `${at}.text`);
    if (!w.xyChart) return;
    check(w.xyChart, 'XyChart', `${at}.xyChart`);
    check(w.xyChart.yAxis, 'Axis', `${at}.yAxis`);
    for (const t of w.xyChart.thresholds ?? []) check(t, 'Threshold', `${at}.thresholds`);
    for (const d of w.xyChart.dataSets) {
      check(d, 'DataSet', `${at}.dataSet`);
      check(d.timeSeriesQuery, 'TimeSeriesQuery', `${at}.timeSeriesQuery`);
      const filters = d.timeSeriesQuery.timeSeriesFilter ? [d.timeSeriesQuery.timeSeriesFilter] : [];
      if (d.timeSeriesQuery.timeSeriesFilterRatio) {
        check(d.timeSeriesQuery.timeSeriesFilterRatio, 'TimeSeriesFilterRatio', `${at}.timeSeriesFilterRatio`);
        for (const part of ['numerator', 'denominator']) {
          check(d.timeSeriesQuery.timeSeriesFilterRatio[part], 'RatioPart', `${at}.${part}`);
          filters.push(d.timeSeriesQuery.timeSeriesFilterRatio[part]);
        }
      }
      for (const f of filters) {
        check(f, 'TimeSeriesFilter', `${at}.timeSeriesFilter`);
        if (f.aggregation) check(f.aggregation, 'Aggregation', `${at}.aggregation`);
      }
    }
  });
  return found;
}

/** Every value of an enumerated field, by field name, across the dashboard. */
function enumValues(o: any, into: Record<string, Set<string>> = {}): Record<string, Set<string>> {
  if (Array.isArray(o)) {
    for (const v of o) enumValues(v, into);
  } else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      if (k in ENUMS && typeof v === 'string') {
        (into[k] ??= new Set()).add(v);
      } else {
        enumValues(v, into);
      }
    }
  }
  return into;
}

const dashboards = (json: any) => Object.values<any>(resources(json, 'google_monitoring_dashboard'));
const definition = (d: any) => JSON.parse(fromTerraformLiteral(d.dashboard_json));
const byEnvironment = (json: any) => Object.fromEntries(dashboards(json).map((d) => [/\((\w+)\)$/.exec(definition(d).displayName)![1], d]));
const filtersOf = (widget: any): string[] => widget.xyChart.dataSets.flatMap((d: any) => {
  const q = d.timeSeriesQuery;
  return q.timeSeriesFilter ? [q.timeSeriesFilter.filter] : [q.timeSeriesFilterRatio.numerator.filter, q.timeSeriesFilterRatio.denominator.filter];
});

describe('the team\'s dashboards', () => {
  let json: any;
  let service: GoMicroservice;
  beforeAll(() => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    new GoMicroservice(team, 'ledger', {
      name: 'ledger',
      description: 'Ledger',
      environments: { prod: { serviceLevels: { alerts: false, disabledReason: 'paged by the ledger\'s own ${checks} and 100%{ of "audits"' } } },
    });
    json = synth(stack);
  });

  test('one dashboard per environment, in the project of its SLOs, with an id and an address known at synth', () => {
    const byEnv = byEnvironment(json);
    expect(Object.keys(byEnv).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(byEnv[env].project).toBe('acme-prod');
      expect(definition(byEnv[env])).toEqual(expect.objectContaining({ name: `projects/acme-prod/dashboards/payments-${env}`, displayName: `payments services (${env})` }));
      expect(service.workload(env).monitoringDashboardUrl).toBe(`https://console.cloud.google.com/monitoring/dashboards/custom/payments-${env}?project=acme-prod`);
      expect(service.workload(env).dashboard).toBeDefined();
    }
  });

  test('every field is one the Dashboards API documents, every enum value one it lists', () => {
    for (const d of dashboards(json)) {
      expect(undocumented(definition(d))).toEqual([]);
      for (const [field, values] of Object.entries(enumValues(definition(d)))) {
        for (const v of values) expect(ENUMS[field as keyof typeof ENUMS]).toContain(v);
      }
    }
  });

  test('requests, errors, latency p50/p95/p99 and saturation, a line per service, with the filters its SLOs use', () => {
    const prod = definition(byEnvironment(json).prod);
    const charts = prod.gridLayout.widgets.filter((w: any) => w.xyChart);
    expect(charts.map((w: any) => w.title)).toEqual([
      'Requests per second', 'Share of requests answered with a server error (5xx)', 'Latency, 50th percentile', 'Latency, 95th percentile',
      'Latency, 99th percentile', 'CPU used / requested (most loaded pod)', 'Memory used / requested (most loaded pod)', 'SLO error budget left',
      'SLO burn rate over the fast-burn window',
    ]);
    for (const chart of charts.slice(0, 7)) expect(chart.xyChart.dataSets.map((d: any) => d.legendTemplate)).toEqual(['ledger', 'payment-service']);
    // The SLOs' own filters, character for character: a rename of a metric or label moves both.
    const slos = Object.values<any>(resources(json, 'google_monitoring_slo')).filter((s) => s.user_labels.environment === 'prod' && s.user_labels.service === 'payment-service');
    const availability = slos.find((s) => s.slo_id === 'availability').request_based_sli.good_total_ratio;
    const latency = slos.find((s) => s.slo_id === 'latency').request_based_sli.distribution_cut.distribution_filter;
    expect(filtersOf(charts[0])).toContain(availability.total_service_filter);
    expect(filtersOf(charts[1])).toEqual(expect.arrayContaining([availability.bad_service_filter, availability.total_service_filter]));
    for (const [i, p] of [[2, 50], [3, 95], [4, 99]]) {
      expect(filtersOf(charts[i])).toContain(latency);
      expect(charts[i].xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilter.aggregation).toEqual({ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: `REDUCE_PERCENTILE_${p}` });
    }
    const container = 'resource.type="k8s_container" AND resource.labels.project_id="acme-prod" AND resource.labels.location="europe-west1" AND resource.labels.cluster_name="prod" '
      + 'AND resource.labels.namespace_name="payments-prod" AND resource.labels.container_name="payment-service"';
    expect(filtersOf(charts[5])).toContain(`metric.type="kubernetes.io/container/cpu/request_utilization" AND ${container}`);
    expect(filtersOf(charts[6])).toContain(`metric.type="kubernetes.io/container/memory/request_utilization" AND ${container} AND metric.labels.memory_type="non-evictable"`);
  });

  test('SLO burn: the budget left and the burn rate of every SLO of the environment, by reference; none where there are no SLOs', () => {
    const prod = definition(byEnvironment(json).prod);
    const [budget, burn] = prod.gridLayout.widgets.slice(-2);
    const sloNames = Object.entries<any>(resources(json, 'google_monitoring_slo')).filter(([, s]) => s.user_labels.environment === 'prod').map(([name]) => name);
    expect(sloNames).toHaveLength(4);
    expect(budget.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.timeSeriesFilter.filter).sort())
      .toEqual(sloNames.map((n) => `select_slo_budget_fraction("\${google_monitoring_slo.${n}.name}")`).sort());
    expect(burn.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.timeSeriesFilter.filter).sort())
      .toEqual(sloNames.map((n) => `select_slo_burn_rate("\${google_monitoring_slo.${n}.name}", "60m")`).sort());
    const dev = definition(byEnvironment(json).dev);
    expect(dev.gridLayout.widgets.map((w: any) => w.title)).not.toContain('SLO error budget left');
  });

  test('user text is JSON-encoded and escaped for Terraform: it reads back as written, and Terraform interpolates nothing of it', () => {
    const raw = byEnvironment(json).prod.dashboard_json as string;
    expect(raw).toContain('$${checks}');
    expect(raw).toContain('100%%{');
    expect(raw.replace(/\$\{google_monitoring_slo\.[^}]+\}/g, '')).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
    const note = definition(byEnvironment(json).prod).gridLayout.widgets[0].text.content;
    expect(note).toContain('- ledger: no burn-rate alerts (paged by the ledger\'s own ${checks} and 100%{ of "audits")');
  });
});

describe('turning the dashboards off', () => {
  test('needs a reason', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], dashboard: { enabled: false } }))).toBe(
      '[test/platform/payments] invalid dashboard.disabledReason undefined: is missing, and turning the team\'s dashboards off needs a reason. '
      + 'Fix: say why the team has no dashboards, e.g. { enabled: false, disabledReason: "the team charts its services in Grafana" }.',
    );
    expect(errorOf(() => new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['alice'], dashboard: { enabled: false, disabledReason: 'no' } })))
      .toMatch(/^\[test\/platform\/search\] invalid dashboard\.disabledReason "no": is shorter than 10 characters/);
  });

  test('with a reason: no dashboard, no address', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', {
      name: 'payments', maintainers: ['alice'], dashboard: { enabled: false, disabledReason: 'the team charts its services in Grafana' },
    });
    const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    expect(dashboards(synth(stack))).toEqual([]);
    expect(service.workload('prod').monitoringDashboardUrl).toBeUndefined();
    expect(team.dashboardSettings).toEqual({ enabled: false, disabledReason: 'the team charts its services in Grafana' });
  });
});
