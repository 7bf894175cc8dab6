import { GoMicroservice, TeamEnvironment } from '../../src';
import { errorOf, platformFixture, resources, synth } from '../util';

/*
 * Each service's SLOs and burn-rate alerts, checked against the google provider's documented arguments
 * (provider 6.50.0, @cdktf/provider-google 16.12):
 * - google_monitoring_custom_service: service_id, display_name, user_labels
 *   (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_custom_service);
 * - google_monitoring_slo: service, slo_id, goal ("0 < goal <= 0.999"), rolling_period_days ("between 1 to 30 days"),
 *   request_based_sli.good_total_ratio (exactly two of good, bad and total service filters, DOUBLE or INT64 and
 *   DELTA or CUMULATIVE) and request_based_sli.distribution_cut (distribution_filter of a DISTRIBUTION, range min/max)
 *   (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_slo);
 * - google_monitoring_alert_policy: combiner (AND, OR, AND_WITH_MATCHING_RESOURCE), conditions.condition_threshold
 *   (filter, comparison, threshold_value, duration "a multiple of a minute"), notification_channels, severity
 *   (CRITICAL, ERROR, WARNING), documentation (mime_type "text/markdown", subject)
 *   (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_alert_policy);
 * - the condition's filter is the time-series selector select_slo_burn_rate(SLO name, lookback), the SLO's name
 *   being projects/P/services/S/serviceLevelObjectives/O, the resource's `name` attribute
 *   (https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/create-policy-api);
 * - google_monitoring_notification_channel: type "email" with label email_address, "webhook_tokenauth" with label url
 *   (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_notification_channel).
 *
 * The burn rates and windows are the Google SRE workbook's, "Alerting on SLOs", table "Recommended parameters for a
 * 99.9% SLO alerting configuration" (https://sre.google/workbook/alerting-on-slos/):
 *   severity | long window | short window | burn rate | error budget consumed
 *   page     | 1 hour      | 5 minutes    | 14.4      | 2%
 *   page     | 6 hours     | 30 minutes   | 6         | 5%
 * where burn rate = budget consumed x the workbook's 30-day period / long window.
 */
const WORKBOOK = [
  { speed: 'fast', longWindowHours: 1, shortWindowMinutes: 5, budgetConsumed: 0.02 },
  { speed: 'slow', longWindowHours: 6, shortWindowMinutes: 30, budgetConsumed: 0.05 },
];
const WORKBOOK_PERIOD_HOURS = 30 * 24;

const byLabels = (json: any, type: string, labels: Record<string, string>) => Object.values<any>(resources(json, type))
  .filter((r) => Object.entries(labels).every(([k, v]) => r.user_labels?.[k] === v));

describe('service levels on the golden path', () => {
  let json: any;
  beforeAll(() => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    json = synth(stack);
  });

  test('production and staging get an availability and a latency SLO over 28 days, dev none', () => {
    for (const env of ['staging', 'prod']) {
      const [service] = byLabels(json, 'google_monitoring_custom_service', { service: 'payment-service', environment: env });
      expect(service).toEqual(expect.objectContaining({ service_id: `payment-service-${env}`, project: 'acme-prod' }));
      const slos = byLabels(json, 'google_monitoring_slo', { service: 'payment-service', environment: env });
      expect(slos.map((s) => [s.slo_id, s.goal, s.rolling_period_days])).toEqual([['availability', 0.999, 28], ['latency', 0.95, 28]]);
      for (const s of slos) expect(s.service).toMatch(/^\$\{google_monitoring_custom_service\.[^.]+\.service_id\}$/);
      const [availability, latency] = slos;
      const target = `resource.type="prometheus_target" AND resource.labels.project_id="acme-prod" AND resource.labels.location="europe-west1" AND resource.labels.cluster="${env}" AND resource.labels.namespace="payments-${env}" AND resource.labels.job="payment-service"`;
      expect(availability.request_based_sli.good_total_ratio).toEqual({
        total_service_filter: `metric.type="prometheus.googleapis.com/http_requests_total/counter" AND ${target}`,
        bad_service_filter: `metric.type="prometheus.googleapis.com/http_requests_total/counter" AND ${target} AND metric.labels.status=monitoring.regex.full_match("5[0-9][0-9]")`,
      });
      expect(latency.request_based_sli.distribution_cut).toEqual({
        distribution_filter: `metric.type="prometheus.googleapis.com/http_request_duration_seconds/histogram" AND ${target}`,
        range: { min: 0, max: 0.3 },
      });
    }
    expect(byLabels(json, 'google_monitoring_slo', { environment: 'dev' })).toEqual([]);
  });

  test('each SLO has a fast- and a slow-burn policy, both windows at the workbook\'s burn rate, thresholds derived from the goal', () => {
    const channels = resources(json, 'google_monitoring_notification_channel');
    for (const env of ['staging', 'prod']) {
      const channel = Object.entries<any>(channels).find(([, c]) => c.user_labels?.environment === env)!;
      expect(channel[1]).toEqual(expect.objectContaining({ type: 'email', labels: { email_address: 'payments@acme.com' }, project: 'acme-prod' }));
      for (const [slo, goalPercent] of [['availability', 99.9], ['latency', 95]] as const) {
        const policies = byLabels(json, 'google_monitoring_alert_policy', { service: 'payment-service', environment: env, slo });
        expect(policies.map((p) => p.user_labels.burn)).toEqual(['fast', 'slow']);
        for (const [i, row] of WORKBOOK.entries()) {
          const p = policies[i];
          const burnRate = Math.round(row.budgetConsumed * WORKBOOK_PERIOD_HOURS / row.longWindowHours * 10) / 10;
          expect(p.combiner).toBe('AND');
          expect(p.conditions.map((c: any) => c.condition_threshold)).toEqual([row.longWindowHours * 60, row.shortWindowMinutes].map((minutes) => ({
            filter: expect.stringMatching(new RegExp(`^select_slo_burn_rate\\("\\$\\{google_monitoring_slo\\.[^.]+\\.name\\}", "${minutes}m"\\)$`)),
            comparison: 'COMPARISON_GT',
            threshold_value: burnRate,
            duration: '0s',
          })));
          expect(p.notification_channels).toEqual([`\${google_monitoring_notification_channel.${channel[0]}.name}`]);
          expect(p.severity).toBe(row.speed === 'fast' ? 'CRITICAL' : 'ERROR');
          // The share of failing requests the alert stands for: the burn rate times the error budget (100% - goal).
          const errorRate = Math.round(burnRate * (100 - goalPercent) * 1e6) / 1e6;
          expect(p.documentation.content).toContain(`more than ${errorRate}% of requests failed it`);
          expect(p.documentation.mime_type).toBe('text/markdown');
        }
      }
    }
    // The fast alert of the availability SLO fires past 1.44% of failed requests, the slow one past 0.6%.
    const prod = byLabels(json, 'google_monitoring_alert_policy', { environment: 'prod', slo: 'availability' });
    expect(prod.map((p) => /more than ([\d.]+)%/.exec(p.documentation.content)![1])).toEqual(['1.44', '0.6']);
  });
});

describe('overrides per platform, environment, service and service in an environment', () => {
  let json: any;
  beforeAll(() => {
    const { stack, platform } = platformFixture({
      goldenPathOverrides: { serviceLevels: { availabilityGoalPercent: 99.5, rollingPeriodDays: 30 } },
      environments: [{ name: 'dev', workloads: { serviceLevels: { enabled: true, alerts: false } } }, { name: 'staging' }, { name: 'prod', production: true }],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], alertNotifications: { webhookUrl: 'https://alerts.acme.com/hooks/payments' } });
    new GoMicroservice(team, 'payment-service', {
      name: 'payment-service',
      description: 'Payments',
      serviceLevels: { latencyThresholdMs: 500 },
      environments: { prod: { serviceLevels: { latencyGoalPercent: 99 } }, staging: { serviceLevels: { enabled: false, disabledReason: 'staging has no traffic but the load tests' } } },
    });
    json = synth(stack);
  });

  test('the most specific level that sets a field wins', () => {
    const slo = (env: string, id: string) => byLabels(json, 'google_monitoring_slo', { environment: env }).find((s) => s.slo_id === id);
    expect([slo('prod', 'availability').goal, slo('prod', 'availability').rolling_period_days]).toEqual([0.995, 30]);
    expect([slo('prod', 'latency').goal, slo('prod', 'latency').request_based_sli.distribution_cut.range.max]).toEqual([0.99, 0.5]);
    expect([slo('dev', 'latency').goal, slo('dev', 'latency').request_based_sli.distribution_cut.range.max]).toEqual([0.95, 0.5]);
    // dev: SLOs without alerts; staging: off, with its reason on the Deployment.
    expect(byLabels(json, 'google_monitoring_alert_policy', { environment: 'dev' })).toEqual([]);
    expect(byLabels(json, 'google_monitoring_slo', { environment: 'staging' })).toEqual([]);
    expect(byLabels(json, 'google_monitoring_alert_policy', { environment: 'prod' })).toHaveLength(4);
    const deployment = (env: string) => Object.values<any>(resources(json, 'kubernetes_deployment_v1')).find((d) => d.metadata.namespace === `payments-${env}`);
    expect(deployment('staging').metadata.annotations).toEqual({
      'golden-paths.dev/service-levels': 'off',
      'golden-paths.dev/service-levels-reason': 'staging has no traffic but the load tests',
    });
    expect(deployment('prod').metadata.annotations).toBeUndefined();
    // dev has no SLOs by default: SLOs without alerts there are more, not less, than its golden path.
    expect(deployment('dev').metadata.annotations).toBeUndefined();
  });

  test('the team\'s webhook is the channel of every environment that alerts', () => {
    const channels = Object.values<any>(resources(json, 'google_monitoring_notification_channel'));
    expect(channels.map((c) => [c.user_labels.environment, c.type, c.labels])).toEqual([['prod', 'webhook_tokenauth', { url: 'https://alerts.acme.com/hooks/payments' }]]);
  });
});

describe('turning SLOs or alerts off in production', () => {
  const build = (serviceLevels: object) => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', environments: { prod: { serviceLevels } } });
    return () => synth(stack);
  };

  test('without a reason fails the synth (GP-K8S-019), naming the service and what it lacks', () => {
    expect(errorOf(build({ enabled: false }))).toMatch(/GP-K8S-019[\s\S]*service "payment-service" in production environment "prod" has no availability SLO, no latency SLO, no burn-rate alert policy \(turned off\), and no reason is given/);
    expect(errorOf(build({ alerts: false }))).toMatch(/GP-K8S-019[\s\S]*has no burn-rate alert policy \(turned to no alerts\), and no reason is given/);
  });

  test('with a reason synthesizes, the reason on the Deployment', () => {
    const json = build({ alerts: false, disabledReason: 'paged by the upstream gateway\'s SLOs instead' })();
    expect(byLabels(json, 'google_monitoring_slo', { environment: 'prod' })).toHaveLength(2);
    expect(byLabels(json, 'google_monitoring_alert_policy', { environment: 'prod' })).toEqual([]);
  });

  test('a reason holding "${" or "%{" counts as a reason: the annotation is escaped text, not an expression', () => {
    const json = build({ enabled: false, disabledReason: 'no traffic until ${launch} at 100%{ of partners' })();
    const deployment = Object.values<any>(resources(json, 'kubernetes_deployment_v1')).find((d) => d.metadata.namespace === 'payments-prod');
    expect(deployment.metadata.annotations['golden-paths.dev/service-levels-reason']).toBe('no traffic until $${launch} at 100%%{ of partners');
  });
});

describe('bad service levels fail at synth with the prop, the value and the fix', () => {
  const attempt = (props: object, platformProps: object = {}) => errorOf(() => {
    const { platform } = platformFixture(platformProps);
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', ...props });
  });

  test('a goal over Cloud Monitoring\'s 99.9%', () => {
    expect(attempt({ serviceLevels: { availabilityGoalPercent: 99.99 } })).toMatch(/serviceLevels\.availabilityGoalPercent.*99\.99.*must be a number over 0 up to 99\.9/);
  });
  test('a latency that is no bound of the template\'s histogram', () => {
    expect(attempt({ serviceLevels: { latencyThresholdMs: 250 } })).toMatch(/serviceLevels\.latencyThresholdMs.*250.*not a bound of the service template's latency histogram.*use one of 5, 10, 25, 50, 100, 200, 300, 500/);
  });
  test('a goal whose error budget makes an alert impossible', () => {
    expect(attempt({ environments: { prod: { serviceLevels: { latencyGoalPercent: 90 } } } }))
      .toMatch(/environments\.prod\.serviceLevels\.latencyGoalPercent.*90.*fast-burn alert \(14\.4 times the budget\) would fire only past 144% of failed requests: never/);
  });
  test('a reason too short to judge, and a window that is no multiple of 12 minutes (platform level)', () => {
    expect(attempt({ serviceLevels: { enabled: false, disabledReason: 'no' } })).toMatch(/serviceLevels\.disabledReason.*is shorter than 10 characters/);
    expect(errorOf(() => platformFixture({ goldenPathOverrides: { serviceLevels: { fastBurnWindowMinutes: 50 } } })))
      .toMatch(/goldenPathOverrides\.serviceLevels\.fastBurnWindowMinutes.*50.*not a multiple of 12.*use 48/);
  });
  test('a webhook URL that carries a credential is refused without echoing it', () => {
    const message = errorOf(() => {
      const { platform } = platformFixture();
      new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], alertNotifications: { webhookUrl: 'https://hooks.acme.com/p?token=s3cr3t' } });
    });
    expect(message).toMatch(/alertNotifications\.webhookUrl.*carries user information, a query string or a fragment/);
    expect(message).not.toContain('s3cr3t');
  });
});

describe('the team\'s budget alerts the same destination as its SLOs', () => {
  const budgetChannels = (alertNotifications: object | undefined) => {
    const { stack, platform } = platformFixture({ billingAccount: '012345-6789AB-CDEF01' });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 500 }, alertNotifications });
    const json = synth(stack);
    const budget = Object.values<any>(resources(json, 'google_billing_budget'))[0];
    const linked = budget.all_updates_rule.monitoring_notification_channels.map((n: string) => /\.([^.]+)\.name\}$/.exec(n)![1]);
    return linked.map((name: string) => resources(json, 'google_monitoring_notification_channel')[name]).map((c: any) => [c.type, c.labels]);
  };

  test('the team\'s group by default, the alertNotifications email or webhook when given', () => {
    expect(budgetChannels(undefined)).toEqual([['email', { email_address: 'payments@acme.com' }]]);
    expect(budgetChannels({ email: 'payments-oncall@acme.com' })).toEqual([['email', { email_address: 'payments-oncall@acme.com' }]]);
    expect(budgetChannels({ webhookUrl: 'https://alerts.acme.com/hooks/payments' })).toEqual([['webhook_tokenauth', { url: 'https://alerts.acme.com/hooks/payments' }]]);
  });
});
