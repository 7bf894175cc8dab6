import * as fs from 'fs';
import * as path from 'path';
import { GoMicroservice, TeamEnvironment } from '../../src';
import { TEMPLATE_METRICS } from '../../src/private/constants';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { platformFixture, resources, synth } from '../util';

/**
 * The SLOs and alerts read the service template's metrics by name: a rename on either side breaks them without
 * any error until an outage goes unseen. This reads the names and labels from the Go source of the template
 * (templates/go-microservice/internal/metrics/metrics.go) and from the synthesized SLO and alert filters, and
 * checks that they are the same. Cloud Monitoring names a Managed Service for Prometheus metric
 * `prometheus.googleapis.com/<name>/<kind>` ("Prometheus metrics start with prometheus.googleapis.com/",
 * https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/sli-metrics/prometheus).
 */
const METRICS_GO = path.join(__dirname, '..', '..', 'templates', 'go-microservice', 'internal', 'metrics', 'metrics.go');

/** The Go string constants of the file, by name (`Name = "value"` inside const blocks). */
function goConstants(source: string): Record<string, string> {
  return Object.fromEntries([...source.matchAll(/^\s*([A-Z][A-Za-z]*)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
}

/** What the template registers: metric names by kind, the label names of the request metrics, the histogram's bounds in ms. */
function templateMetrics(source: string) {
  const consts = goConstants(source);
  const kindOf = (opts: string) => ({ CounterOpts: 'counter', HistogramOpts: 'histogram', GaugeOpts: 'gauge' } as Record<string, string>)[opts];
  const registered = [...source.matchAll(/prometheus\.(CounterOpts|HistogramOpts|GaugeOpts)\{\s*Name:\s*([A-Za-z]+)/g)]
    .map((m) => `${consts[m[2]]}/${kindOf(m[1])}`);
  const labelsLine = /labels := \[\]string\{([^}]*)\}/.exec(source)![1];
  const labels = labelsLine.split(',').map((l) => consts[l.trim()]);
  const buckets = /DurationBuckets = \[\]float64\{([^}]*)\}/.exec(source)![1].split(',').map((b) => Math.round(Number(b.trim()) * 1000));
  return { registered, labels, buckets };
}

describe('the SLOs and alerts read the metrics the service template exports', () => {
  let json: any;
  let template: ReturnType<typeof templateMetrics>;
  beforeAll(() => {
    template = templateMetrics(fs.readFileSync(METRICS_GO, 'utf8'));
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    json = synth(stack);
  });

  test('the template source is read (so that this test can fail)', () => {
    expect(template.registered).toEqual(expect.arrayContaining(['http_requests_total/counter', 'http_request_duration_seconds/histogram']));
    expect(template.labels).toEqual(['method', 'route', 'status']);
  });

  test('every metric type and metric label the SLO filters name is one the template registers', () => {
    const filters = Object.values<any>(resources(json, 'google_monitoring_slo')).flatMap((slo) => {
      const sli = slo.request_based_sli;
      const ratio = sli.good_total_ratio ?? {};
      return [ratio.total_service_filter, ratio.bad_service_filter, sli.distribution_cut?.distribution_filter].filter(Boolean);
    });
    expect(filters.length).toBeGreaterThan(0);
    const metricTypes = new Set(filters.flatMap((f: string) => [...f.matchAll(/metric\.type="prometheus\.googleapis\.com\/([^"]+)"/g)].map((m) => m[1])));
    expect([...metricTypes].sort()).toEqual(['http_request_duration_seconds/histogram', 'http_requests_total/counter']);
    for (const t of metricTypes) expect(template.registered).toContain(t);
    const metricLabels = new Set(filters.flatMap((f: string) => [...f.matchAll(/metric\.labels\.([a-z_]+)/g)].map((m) => m[1])));
    expect([...metricLabels]).toEqual(['status']);
    for (const l of metricLabels) expect(template.labels).toContain(l);
  });

  test('the latency SLO\'s threshold is a bound of the template\'s histogram, so the cut counts whole buckets', () => {
    const cuts = Object.values<any>(resources(json, 'google_monitoring_slo')).map((s) => s.request_based_sli.distribution_cut).filter(Boolean);
    for (const cut of cuts) expect(template.buckets).toContain(Math.round(cut.range.max * 1000));
    // The bounds the library allows as latencyThresholdMs are the template's.
    expect(TEMPLATE_METRICS.durationBucketsMs).toEqual(template.buckets);
  });

  test('the team\'s dashboards chart the same metrics and labels: every Prometheus metric and metric label they name is the template\'s', () => {
    const dashboards = Object.values<any>(resources(json, 'google_monitoring_dashboard')).map((d) => JSON.parse(fromTerraformLiteral(d.dashboard_json)));
    expect(dashboards).toHaveLength(3);
    const charts = dashboards.flatMap((d) => d.gridLayout.widgets.filter((w: any) => w.xyChart));
    const filters = charts.flatMap((w: any) => w.xyChart.dataSets.flatMap((set: any) => {
      const q = set.timeSeriesQuery;
      const ratio = q.timeSeriesFilterRatio;
      return q.timeSeriesFilter ? [q.timeSeriesFilter.filter] : [ratio.numerator.filter, ratio.denominator.filter];
    }));
    const prometheus = filters.filter((f: string) => f.includes('prometheus.googleapis.com/'));
    const metricTypes = new Set(prometheus.flatMap((f: string) => [...f.matchAll(/metric\.type="prometheus\.googleapis\.com\/([^"]+)"/g)].map((m) => m[1])));
    expect([...metricTypes].sort()).toEqual(['http_request_duration_seconds/histogram', 'http_requests_total/counter']);
    for (const t of metricTypes) expect(template.registered).toContain(t);
    const metricLabels = new Set(prometheus.flatMap((f: string) => [...f.matchAll(/metric\.labels\.([a-z_]+)/g)].map((m) => m[1])));
    expect([...metricLabels]).toEqual(['status']);
    for (const l of metricLabels) expect(template.labels).toContain(l);
    // The request charts select each service as its SLOs do: by the PodMonitoring's job, in the service's namespace.
    for (const f of prometheus) expect(f).toMatch(/resource\.type="prometheus_target" AND .* AND resource\.labels\.namespace="payments-(dev|staging|prod)" AND resource\.labels\.job="payment-service"/);
  });

  test('the alert policies select the burn rate of those SLOs', () => {
    const sloNames = Object.keys(resources(json, 'google_monitoring_slo'));
    const selected = Object.values<any>(resources(json, 'google_monitoring_alert_policy'))
      .flatMap((p) => p.conditions.map((c: any) => /google_monitoring_slo\.([^.]+)\.name/.exec(c.condition_threshold.filter)![1]));
    expect(new Set(selected)).toEqual(new Set(sloNames));
  });
});
