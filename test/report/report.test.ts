import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dayAfter, editedCopy, EXAMPLE_SETTINGS, synthExample, synthExampleWithFindings, TODAY } from './example-synth';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { readPlatformSettings } from '../../src/platform/platform-settings';
import { diffReports } from '../../src/report/diff';
import { markdownText, reportMarkdown } from '../../src/report/markdown';
import { PRICE_TABLE } from '../../src/report/prices';
import { buildReport, type Report } from '../../src/report/report';
import { readSynthDir } from '../../src/report/synth-dir';

/**
 * `golden-paths report` on the example platform: the cost estimate is
 * recomputed here from the synthesized Terraform and the price table, and
 * its physics checked (twice the replicas cost twice as much, high
 * availability doubles a database's compute); adoption and the guardrails'
 * findings and suppressions are placed per team.
 */

const outdir = synthExample();
const STACK = 'acme-platform';
const settings = readPlatformSettings(EXAMPLE_SETTINGS);

function report(dir: string = outdir): Report {
  return buildReport({ synth: readSynthDir(dir, '--synth'), settings, settingsFile: 'platform-settings.json', today: TODAY });
}

const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
// europe-west1 is not in the price table: the report prices it as us-central1, and says so.
const prices = PRICE_TABLE.regions['us-central1'];
const HOURS = 730;
const cents = (n: number) => Math.round(n * 100) / 100;

/** A Kubernetes quantity as a number (cores or bytes), for the quantities the library writes. */
function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(q)!;
  return Number(m[1]) * ({ m: 0.001, Mi: 2 ** 20, Gi: 2 ** 30 } as Record<string, number>)[m[2] ?? ''] || Number(m[1]);
}

/** The monthly cost range of each Deployment, recomputed from the Terraform JSON and the price table. */
function expectedWorkloads(): Map<string, { min: number; max: number; vcpu: number; memoryGib: number }> {
  const found = new Map();
  const hpas = Object.values<any>(config.resource.kubernetes_horizontal_pod_autoscaler_v2);
  for (const deployment of Object.values<any>(config.resource.kubernetes_deployment_v1)) {
    const { name, namespace } = deployment.metadata;
    const containers = deployment.spec.template.spec.container;
    const vcpu = containers.reduce((n: number, c: any) => n + quantity(c.resources.requests.cpu), 0);
    const memoryGib = Math.max(containers.reduce((n: number, c: any) => n + quantity(c.resources.requests.memory), 0) / 2 ** 30, vcpu);
    const hpa = hpas.find((h) => h.metadata.namespace === namespace && h.spec.scale_target_ref.name === name);
    const perPod = (vcpu * prices.autopilotVcpuHour + memoryGib * prices.autopilotMemoryGibHour) * HOURS;
    found.set(`${name} ${namespace}`, { min: perPod * hpa.spec.min_replicas, max: perPod * hpa.spec.max_replicas, vcpu, memoryGib });
  }
  return found;
}

describe('the cost estimate of the example', () => {
  const r = report();

  test('prices every workload from its pods\' requests and its autoscaling range', () => {
    const expected = expectedWorkloads();
    expect(r.cost.services).toHaveLength(6);
    for (const s of r.cost.services) {
      const e = expected.get(`${s.service} ${s.team}-${s.environment}`)!;
      expect({ service: s.service, environment: s.environment, monthly: s.monthly })
        .toEqual({ service: s.service, environment: s.environment, monthly: { min: cents(e.min), max: cents(e.max) } });
    }
    // One by hand: payment-service in prod, 500m + 100m (the Cloud SQL proxy) and 512Mi + 128Mi, 3 to 20 pods.
    const prod = r.cost.services.find((s) => s.service === 'payment-service' && s.environment === 'prod')!;
    expect(prod).toMatchObject({ replicas: { min: 3, max: 20 }, pod: { vcpu: 0.6, memoryGib: 0.625 }, monthly: { min: 65.21, max: 434.74 } });
  });

  test('prices Cloud SQL by tier, high availability and storage, and Memorystore by tier and capacity', () => {
    const db = (instance: string) => r.cost.databases.find((d) => d.instance === instance)!;
    // db-custom-2-7680, REGIONAL, 20 GB SSD: 2 vCPU and 7.5 GB, twice over.
    expect(db('payments-db-prod')).toMatchObject({
      tier: 'db-custom-2-7680',
      highAvailability: true,
      components: {
        vcpu: cents(2 * prices.cloudSqlVcpuHour * HOURS * 2),
        memory: cents(7.5 * prices.cloudSqlMemoryGbHour * HOURS * 2),
        storage: cents(20 * prices.cloudSqlSsdGbMonth * 2),
      },
      monthly: cents((2 * prices.cloudSqlVcpuHour * HOURS + 7.5 * prices.cloudSqlMemoryGbHour * HOURS + 20 * prices.cloudSqlSsdGbMonth) * 2),
    });
    expect(db('payments-db-dev')).toMatchObject({ tier: 'db-custom-1-3840', highAvailability: false, monthly: cents(prices.cloudSqlVcpuHour * HOURS + 3.75 * prices.cloudSqlMemoryGbHour * HOURS + 10 * prices.cloudSqlSsdGbMonth) });
    // 1 GB: capacity tier M1, Standard (HA) in production, Basic elsewhere.
    expect(db('search-cache-prod')).toMatchObject({ tier: 'STANDARD_HA M1', monthly: cents(prices.redisStandardGbHour[0] * HOURS) });
    expect(db('search-cache-dev')).toMatchObject({ tier: 'BASIC M1', monthly: cents(prices.redisBasicGbHour[0] * HOURS) });
  });

  test('sums each team per environment, with the registry as what every environment shares', () => {
    for (const team of r.cost.teams) {
      for (const env of team.environments) {
        const parts = [
          ...r.cost.services.filter((s) => s.team === team.team && s.environment === env.environment).map((s) => s.monthly),
          ...r.cost.databases.filter((d) => d.team === team.team && d.environment === env.environment)
            .map((d) => ({ min: d.monthly, max: d.monthly })),
          ...r.cost.registries.filter((g) => g.team === team.team && env.environment === 'shared').map((g) => ({ min: g.monthly, max: g.monthly })),
        ];
        expect(parts.length).toBeGreaterThan(0);
        expect(env.monthly.min).toBeCloseTo(parts.reduce((n, p) => n + p.min, 0), 1);
        expect(env.monthly.max).toBeCloseTo(parts.reduce((n, p) => n + p.max, 0), 1);
      }
      expect(team.environments.map((e) => e.environment)).toEqual(['dev', 'staging', 'prod', 'shared']);
    }
    // Each team's registry keeps one service's images: 0.5 GB at the table's price.
    expect(r.cost.registries.map((g) => [g.team, g.services, g.monthly])).toEqual([['payments', 1, cents(0.5 * prices.artifactRegistryGbMonth)], ['search', 1, cents(0.5 * prices.artifactRegistryGbMonth)]]);
    expect(r.cost.total.min).toBeCloseTo(r.cost.teams.reduce((n, t) => n + t.monthly.min, 0), 1);
  });

  test('says which region it priced with the table\'s fallback, and cites its sources', () => {
    expect(r.cost.regions).toEqual([{ region: 'europe-west1', pricedAs: 'us-central1', overridden: [] }]);
    expect(r.cost.notes.join('\n')).toContain('europe-west1: the price table has no prices for it, so it is estimated at us-central1 prices; set costEstimate.regions.europe-west1');
    expect(Object.values(r.cost.sources)).toEqual(expect.arrayContaining(['https://cloud.google.com/kubernetes-engine/pricing', 'https://cloud.google.com/sql/pricing']));
  });

  test('does not compare a EUR budget without an exchange rate, and says how to', () => {
    expect(r.cost.teams.find((t) => t.team === 'payments')!.budget).toEqual({
      amount: 2000,
      currency: 'EUR',
      status: 'not-compared',
      note: 'the estimate is in USD and the budget in EUR: set costEstimate.exchangeRates.EUR (how many EUR one USD buys) in the platform settings to compare them',
    });
  });
});

describe('the estimate follows what the stacks make', () => {
  const base = report();

  test('twice the replicas cost twice as much', () => {
    const doubled = editedCopy(outdir, STACK, (c) => {
      for (const hpa of Object.values<any>(c.resource.kubernetes_horizontal_pod_autoscaler_v2)) {
        if (hpa.spec.scale_target_ref.name === 'search-api') {
          hpa.spec.min_replicas *= 2;
          hpa.spec.max_replicas *= 2;
        }
      }
    });
    const after = report(doubled);
    for (const before of base.cost.services) {
      const now = after.cost.services.find((s) => s.service === before.service && s.environment === before.environment)!;
      const factor = before.service === 'search-api' ? 2 : 1;
      expect(now.monthly.min).toBeCloseTo(before.monthly.min * factor, 1);
      expect(now.monthly.max).toBeCloseTo(before.monthly.max * factor, 1);
    }
  });

  test('high availability doubles a database\'s compute and storage', () => {
    const zonal = editedCopy(outdir, STACK, (c) => {
      const prod = Object.values<any>(c.resource.google_sql_database_instance).find((i) => i.name === 'payments-db-prod');
      prod.settings.availability_type = 'ZONAL';
    });
    const ha = base.cost.databases.find((d) => d.instance === 'payments-db-prod')!;
    const single = report(zonal).cost.databases.find((d) => d.instance === 'payments-db-prod')!;
    expect(single.highAvailability).toBe(false);
    expect(ha.components.vcpu).toBeCloseTo(single.components.vcpu * 2, 1);
    expect(ha.components.memory).toBeCloseTo(single.components.memory * 2, 1);
    expect(ha.components.storage).toBeCloseTo(single.components.storage * 2, 1);
  });
});

describe('the platform settings\' costEstimate', () => {
  test('replaces the table\'s prices of a region, and converts for budgets in another currency', () => {
    const file = path.join(outdir, 'priced.json');
    fs.writeFileSync(file, JSON.stringify({
      ...JSON.parse(fs.readFileSync(EXAMPLE_SETTINGS, 'utf8')),
      costEstimate: { regions: { 'europe-west1': { autopilotVcpuHour: 0.1, autopilotMemoryGibHour: 0.01 } }, exchangeRates: { EUR: 0.5 }, registryGbPerService: 4 },
    }));
    const r = buildReport({ synth: readSynthDir(outdir, '--synth'), settings: readPlatformSettings(file), today: TODAY });
    const prod = r.cost.services.find((s) => s.service === 'payment-service' && s.environment === 'prod')!;
    expect(prod.prices).toEqual({ vcpuHour: 0.1, memoryGibHour: 0.01 });
    expect(prod.monthly.min).toBe(cents((0.6 * 0.1 + 0.625 * 0.01) * HOURS * 3));
    // The databases keep the table's prices: only the two given were overridden.
    expect(r.cost.regions).toEqual([{ region: 'europe-west1', pricedAs: 'us-central1', overridden: ['autopilotMemoryGibHour', 'autopilotVcpuHour'] }]);
    expect(r.cost.registries[0]).toMatchObject({ storageGb: 4, monthly: cents(4 * prices.artifactRegistryGbMonth) });
    const payments = r.cost.teams.find((t) => t.team === 'payments')!;
    expect(payments.budget).toMatchObject({ amount: 2000, currency: 'EUR', estimate: { min: cents(payments.monthly.min * 0.5), max: cents(payments.monthly.max * 0.5) } });
    expect(payments.budget!.note).toBe('converted at 0.5 EUR per USD (costEstimate.exchangeRates)');
  });

  test('warns when a team\'s estimate may exceed its budget, and when it is over even at the minimum', () => {
    const file = path.join(outdir, 'tight.json');
    const write = (rate: number) => {
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(EXAMPLE_SETTINGS, 'utf8')), costEstimate: { exchangeRates: { EUR: rate } } }));
      return buildReport({ synth: readSynthDir(outdir, '--synth'), settings: readPlatformSettings(file), today: TODAY }).cost.teams.find((t) => t.team === 'payments')!.budget!.status;
    };
    // payments: about 488 to 1074 USD a month, against 2000 EUR.
    expect(write(1)).toBe('within');
    expect(write(3)).toBe('may-exceed');
    expect(write(5)).toBe('over');
  });
});

describe('adoption of the golden path', () => {
  const withFindings = synthExampleWithFindings();
  const r = buildReport({ synth: readSynthDir(withFindings, '--synth'), settings, settingsFile: 'platform-settings.json', today: TODAY });

  test('lists what each service changes of its environment\'s golden path, not what the platform\'s environments set', () => {
    const overrides = Object.fromEntries(r.adoption.services.map((s) => [s.service, s.environments.map((e) => [e.environment, e.overrides.map((o) => `${o.setting}=${o.value} (${o.goldenPath})`)])]));
    expect(overrides).toEqual({
      // dev's 1 replica and range 1-3 come from the platform's environment settings: no override.
      'payment-service': [['dev', []], ['staging', []], ['prod', ['autoscaling.minReplicas=3 (2)', 'autoscaling.maxReplicas=20 (10)']]],
      'search-api': [
        ['dev', ['memory=1Gi (512Mi)', 'autoscaling.maxReplicas=6 (3)']],
        ['staging', ['memory=1Gi (512Mi)', 'autoscaling.maxReplicas=6 (10)']],
        ['prod', ['memory=1Gi (512Mi)', 'autoscaling.maxReplicas=6 (10)']],
      ],
    });
    expect(r.adoption.summary).toMatchObject({
      services: 2, servicesOnGoldenPath: 2, goldenPathPercent: 100, servicesWithOverrides: 2, databases: 2, databasesOnGoldenPath: 2,
    });
    expect(r.adoption.services[0]).toMatchObject({ service: 'payment-service', team: 'payments', description: 'Payment processing service', system: 'commerce', repository: 'acme/payment-service' });
  });

  test('places findings and suppressions with their team, and flags a suppression expiring within 30 days', () => {
    expect(r.adoption.findings).toEqual([expect.objectContaining({ team: 'payments', environment: 'prod', ruleId: 'GP-GCP-006', level: 'warning' })]);
    expect(r.adoption.suppressions).toEqual([{
      team: 'search',
      stack: STACK,
      ruleId: 'GP-GH-001',
      scope: 'acme-platform/platform/search/search-api/repository/repository',
      reason: 'Open source by decision of the CTO, until the audit',
      expires: dayAfter(10),
      expired: false,
      daysLeft: 10,
      expiringSoon: true,
      suppressedFindings: 1,
    }]);
    expect(r.adoption.databases.find((d) => d.database === 'payments-db')!.environments.find((e) => e.environment === 'prod')!.deviations).toEqual(['no high availability in production']);
    expect(r.adoption.teams.map((t) => [t.team, t.warnings, t.suppressions, t.expiringSoon])).toEqual([['payments', 1, 0, 0], ['search', 0, 1, 1]]);
    // 31 days before the expiry, it is no longer "soon".
    const earlier = buildReport({ synth: readSynthDir(withFindings, '--synth'), settings, today: dayAfter(-21) });
    expect(earlier.adoption.suppressions[0]).toMatchObject({ daysLeft: 31, expiringSoon: false });
  });
});

describe('services created from the template repository', () => {
  const published = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
  let teamRepository: string;
  beforeAll(() => {
    teamRepository = fs.mkdtempSync(path.join(os.tmpdir(), 'report-team-'));
    buildPaymentsApp(teamRepository).synth();
  });
  const origins = (dir: string, settingsFile: string) => {
    const r = buildReport({ synth: readSynthDir(dir, '--synth'), settings: readPlatformSettings(settingsFile), today: TODAY });
    return { services: r.adoption.services.map((s) => [s.service, s.repositoryOrigin]), fromTemplate: r.adoption.summary.servicesFromTemplate };
  };
  /** The published platform.json with `edit` applied, in a file of its own. */
  const publishedWith = (edit: (json: any) => void) => {
    const json = JSON.parse(fs.readFileSync(published, 'utf8'));
    edit(json);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-published-')), 'platform.json');
    fs.writeFileSync(file, JSON.stringify(json));
    return file;
  };

  test('a team repository\'s service whose repository the platform created from its template, and the team\'s stack adopts (imports), counts as from the template', () => {
    expect(origins(teamRepository, published)).toEqual({ services: [['payment-service', 'template']], fromTemplate: 1 });
  });

  test('without a template repository on the platform, or created by no one the settings know, it does not', () => {
    expect(origins(teamRepository, publishedWith((json) => delete json.foundation.serviceTemplateRepository)).services).toEqual([['payment-service', 'no-template']]);
    expect(origins(teamRepository, publishedWith((json) => { json.teams.payments.serviceRepositories = []; })).services).toEqual([['payment-service', 'unknown']]);
  });

  test('a repository the stack creates itself, scaffolded file by file, does not', () => {
    expect(origins(outdir, EXAMPLE_SETTINGS)).toEqual({ services: [['payment-service', 'no-template'], ['search-api', 'no-template']], fromTemplate: 0 });
  });
});

describe('the difference from a base', () => {
  test('shows the cost of a change per service and team, and the overrides it adds', () => {
    const head = editedCopy(outdir, STACK, (c) => {
      for (const hpa of Object.values<any>(c.resource.kubernetes_horizontal_pod_autoscaler_v2)) {
        if (hpa.spec.scale_target_ref.name === 'search-api' && hpa.metadata.namespace === 'search-prod') hpa.spec.max_replicas = 12;
      }
    });
    const before = report();
    const after = report(head);
    const diff = diffReports(before, after);
    const old = before.cost.services.find((s) => s.service === 'search-api' && s.environment === 'prod')!;
    const now = after.cost.services.find((s) => s.service === 'search-api' && s.environment === 'prod')!;
    // Six more pods at most: the maximum doubles, the minimum stays.
    expect(now.monthly.max).toBeCloseTo(old.monthly.max * 2, 1);
    const change = { min: 0, max: cents(now.monthly.max - old.monthly.max) };
    expect(diff.services).toEqual([{
      service: 'search-api',
      team: 'search',
      environment: 'prod',
      kind: 'changed',
      details: ['replicas 2-6 → 2-12'],
      before: old.monthly,
      after: now.monthly,
      change,
    }]);
    expect(diff.teams).toEqual([expect.objectContaining({ team: 'search', environment: 'prod', change })]);
    // The total is rounded once, over the unrounded sums: within a cent of the service's change.
    expect(diff.total.change.min).toBe(0);
    expect(Math.abs(diff.total.change.max - change.max)).toBeLessThanOrEqual(0.01);
    expect(diff.overrides.added).toEqual([expect.objectContaining({ service: 'search-api', environment: 'prod', setting: 'autoscaling.maxReplicas', value: '12' })]);
    expect(diff.overrides.removed).toEqual([expect.objectContaining({ service: 'search-api', environment: 'prod', setting: 'autoscaling.maxReplicas', value: '6' })]);
    const md = reportMarkdown(after, diff);
    expect(md).toContain(`| search | search-api | prod | changed | $0.00 to +$${change.max.toFixed(2)} | replicas 2-6 → 2-12 |`);
  });

  test('an unchanged output changes nothing', () => {
    const diff = diffReports(report(), report());
    expect(diff).toMatchObject({
      teams: [],
      services: [],
      databases: [],
      total: { change: { min: 0, max: 0 } },
      overrides: { added: [], removed: [] },
      suppressions: { added: [], removed: [] },
    });
  });
});

describe('Markdown', () => {
  test('escapes what would become HTML, a link, emphasis or a new table cell', () => {
    expect(markdownText('<img src=x onerror=alert(1)> | *a* [b](javascript:x) `c`\nnext')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; \\| \\*a\\* \\[b\\](javascript:x) \\`c\\` next',
    );
  });

  test('reports cost per team, the services\' overrides and the suppressions', () => {
    const withFindings = synthExampleWithFindings();
    const md = reportMarkdown(buildReport({ synth: readSynthDir(withFindings, '--synth'), settings, today: TODAY }));
    expect(md).toMatch(/^\| team \| dev \| staging \| prod \| shared \| total \| budget \|$/m);
    expect(md).toMatch(/^\| search \| search-api \| prod \| autoscaling\.maxReplicas \| 6 \| 10 \|$/m);
    expect(md).toContain(`| search | acme-platform | GP-GH-001 | acme-platform/platform/search/search-api/repository/repository | Open source by decision of the CTO, until the audit | ${dayAfter(10)} (**in 10 days**) |`);
  });
});
