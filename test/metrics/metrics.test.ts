import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { type FakeGithub, startFakeGithub } from './fake-github';
import { PAYMENT_SERVICE, PAYMENTS_INFRA, PLATFORM_REPOSITORY, SEARCH_API, SEARCH_INDEXER, SEARCH_INFRA, UNTIL } from './recorded-organization';
import { Platform } from '../../src';
import { doraOf, median } from '../../src/metrics/dora';
import { metricsMarkdown as metricsMarkdownOf } from '../../src/metrics/metrics-markdown';
import { gp } from '../cli/run-cli';
import { editedCopy, EXAMPLE_SETTINGS, synthExample } from '../report/example-synth';
import { errorOf, PLATFORM_PROPS } from '../util';

/**
 * `golden-paths metrics` against a local server that answers as GitHub's
 * REST API does (see fake-github.ts for the endpoints and their documented
 * shapes): the recorded organization's DORA figures, computed here by
 * hand, pagination, a rate-limit wait, a repository that does not exist, one
 * with no deployments, and an organization with no service.
 */

let github: FakeGithub;
let synth: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-'));
const saved = { url: process.env.GITHUB_API_URL, token: process.env.GITHUB_TOKEN };

beforeAll(async () => {
  github = await startFakeGithub({
    repositories: {
      'acme/payment-service': PAYMENT_SERVICE,
      'acme/search-api': SEARCH_API,
      'acme/search-indexer': SEARCH_INDEXER,
      'acme/acme-platform': PLATFORM_REPOSITORY,
      'acme/payments-infra': PAYMENTS_INFRA,
      'acme/search-infra': SEARCH_INFRA,
    },
    // Pages of two deployments: payment-service's five production deployments take three.
    pageSize: 2,
    rateLimitOnce: ['/repos/acme/payment-service'],
  });
  // The example's catalog (payment-service, search-api), with search-indexer and a repository that does not exist.
  synth = editedCopy(synthExample(), 'acme-platform', () => undefined);
  const catalogFile = path.join(synth, 'catalog-info.json');
  const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8'));
  const component = (name: string, team: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'github.com/project-slug': `acme/${name}` } },
    spec: { type: 'service', lifecycle: 'production', owner: `group:${team}` },
  });
  fs.writeFileSync(catalogFile, JSON.stringify([...catalog, component('search-indexer', 'search'), component('ledger', 'payments')]));
  // The published settings: the platform repository and the onboarded teams' infrastructure repositories hold the feedback.
  fs.writeFileSync(path.join(synth, 'platform.json'), JSON.stringify({
    ...JSON.parse(fs.readFileSync(EXAMPLE_SETTINGS, 'utf8')),
    platformRepository: 'acme-platform',
    teams: { payments: onboarded('payments-infra'), search: onboarded('search-infra'), ledger: onboarded('ledger-infra') },
  }));
  process.env.GITHUB_API_URL = github.url;
  process.env.GITHUB_TOKEN = 'ghs_recorded';
});

/** A team as platform.json lists it once onboarded. */
function onboarded(infrastructureRepository: string) {
  return { infrastructureRepository, stateBucket: 'acme-tfstate-team', planServiceAccount: 'plan@acme-prod.iam.gserviceaccount.com', applyServiceAccounts: {}, quotas: {} };
}

afterAll(async () => {
  await github.close();
  for (const [key, value] of [['GITHUB_API_URL', saved.url], ['GITHUB_TOKEN', saved.token]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('golden-paths metrics on the recorded organization', () => {
  let json: any;
  let run: { code: number; out: string; err: string };

  beforeAll(async () => {
    run = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--since', '30d', '--json');
    json = JSON.parse(run.out);
  }, 60_000);

  test('gives the DORA figures computed by hand, per service', () => {
    expect(run.code).toBe(0);
    const byService = Object.fromEntries(json.services.map((s: any) => [s.service, s]));
    // payment-service: successes d2, d4, d5 and failure d3 in the window.
    // Lead times: d2 brought c1, a2 (09:10 -> 24 h, 08:10 -> 1 h); d4 brought a3, c2, a4 (1.75 h, 1 h, 0.5 h); d5 brought a5 (2 h).
    const paymentLead = median([24, 1, 1.75, 1, 0.5, 2])!;
    expect(paymentLead).toBe(1.375);
    expect(byService['payment-service'].dora).toEqual({
      deployments: 4,
      successful: 3,
      failed: 1,
      deploymentsPerDay: 0.1,
      leadTimeHours: 1.38,
      changeFailureRatePercent: 25,
      timeToRestoreMinutes: 40,
    });
    // search-api: one success, of b1 authored 30 minutes before it ended.
    expect(byService['search-api'].dora).toEqual({ deployments: 1, successful: 1, failed: 0, deploymentsPerDay: 0.033, leadTimeHours: 0.5, changeFailureRatePercent: 0 });
    expect(byService['search-api'].firstDeployment).toEqual({ at: '2026-11-15T08:32:00Z', minutes: 32 });
    expect(byService['search-indexer']).toMatchObject({ dora: { deployments: 0, successful: 0, deploymentsPerDay: 0 }, note: 'no deployment to prod' });
    expect(byService.ledger).toMatchObject({ repository: 'acme/ledger', note: 'the repository does not exist, or the token cannot read it' });
  });

  test('sums teams and the organization, with the medians of all their samples', () => {
    expect(json.organization).toEqual({
      deployments: 5,
      successful: 4,
      failed: 1,
      deploymentsPerDay: 0.133,
      leadTimeHours: median([24, 1, 1.75, 1, 0.5, 2, 0.5]),
      changeFailureRatePercent: 20,
      timeToRestoreMinutes: 40,
    });
    expect(json.teams.map((t: any) => [t.team, t.services, t.dora.successful, t.dora.failed])).toEqual([['payments', 2, 3, 1], ['search', 2, 1, 0]]);
    expect(json).toMatchObject({ since: '2026-11-07T00:00:00.000Z', until: '2026-12-07T00:00:00.000Z', environments: ['prod'] });
  });

  test('fills the KPI table against the default targets', () => {
    expect(json.kpis).toEqual([
      { name: 'Net Promoter Score', target: '> 50', unit: '', current: 40, met: false },
      { name: 'Self-service adoption (services on the golden path)', target: '> 80%', unit: '%', current: 100, met: true },
      { name: 'Time to first production deployment (median)', target: '< 60 min', unit: 'min', current: 32, met: true },
      { name: 'Deployment frequency', target: '> 10/day', unit: '/day', current: 0.133, met: false },
      { name: 'Change failure rate', target: '< 15%', unit: '%', current: 20, met: false },
      { name: 'Time to restore (median)', target: '< 30 min', unit: 'min', current: 40, met: false },
    ]);
  });

  test('follows the pages GitHub links, waits out a rate limit, and sends the token', () => {
    const pages = github.requests.filter((r) => r.path.startsWith('/repos/acme/payment-service/deployments?')).map((r) => new URL(r.path, 'http://x').searchParams.get('page'));
    expect(pages).toEqual([null, '2', '3']);
    expect(github.requests.filter((r) => r.path === '/repos/acme/payment-service')).toHaveLength(2);
    expect(run.err).toMatch(/^> GitHub's rate limit: GET \/repos\/\{owner\}\/\{repo\}: waiting \d s, as its headers say$/m);
    expect(new Set(github.requests.map((r) => r.authorization))).toEqual(new Set(['token ghs_recorded']));
  });

  test('computes the Net Promoter Score and ease of use from the survey\'s issues, each person\'s latest answer once', () => {
    // alice 9 (her 6 before it is replaced), bob 7, carol 9, dave 10, erin 0: promoters 3, passive 1, detractor 1.
    const scores = [9, 7, 9, 10, 0];
    const nps = Math.round(((scores.filter((n) => n >= 9).length - scores.filter((n) => n <= 6).length) / scores.length) * 100);
    expect(nps).toBe(40);
    expect(json.feedback).toEqual({
      repositories: ['acme/acme-platform', 'acme/payments-infra', 'acme/search-infra'],
      unread: [{ repository: 'acme/ledger-infra', note: 'the repository does not exist, or the token cannot read its issues' }],
      answers: 5,
      promoters: 3,
      passives: 1,
      detractors: 1,
      nps,
      // dave left it unchosen: alice 4, bob 3, carol 2, erin 1.
      easeOfUse: (4 + 3 + 2 + 1) / 4,
      easeAnswers: 4,
      skipped: [
        { url: 'https://github.com/acme/acme-platform/issues/2', reason: 'has no "### How likely are you to recommend the platform to a colleague?" answer (opened without the form, or edited)' },
        { url: 'https://github.com/acme/acme-platform/issues/3', reason: 'gives the score "eleven", not a whole number from 0 to 10' },
      ],
    });
  });

  test('ranks the open feature requests by impact (teams asking and reactions) over effort', () => {
    expect(json.roadmap).toEqual([
      {
        title: 'Preview environments per pull request',
        issues: ['https://github.com/acme/payments-infra/issues/10', 'https://github.com/acme/search-infra/issues/11'],
        teams: ['payments', 'search'],
        reactions: 4,
        impact: 6,
        effort: 'L',
        effortPoints: 4,
        score: 1.5,
      },
      {
        title: 'Nightly database copies to staging',
        issues: ['https://github.com/acme/acme-platform/issues/15'],
        teams: ['ledger'],
        reactions: 2,
        impact: 3,
        effort: 'M',
        effortPoints: 2,
        score: 1.5,
      },
      { title: 'Redis 7.2 engine', issues: ['https://github.com/acme/acme-platform/issues/12'], teams: ['search'], reactions: 0, impact: 1, effort: 'S', effortPoints: 1, score: 1 },
      // Not sized yet: last, whatever its impact.
      { title: 'Cost alerts per service', issues: ['https://github.com/acme/payments-infra/issues/13'], teams: ['payments'], reactions: 5, impact: 6 },
    ]);
  });

  test('reads the issues by label, page after page, survey answers updated in the window, open requests', () => {
    const issues = github.requests.filter((r) => r.path.startsWith('/repos/acme/payments-infra/issues?')).map((r) => new URL(r.path, 'http://x').searchParams);
    const survey = issues.filter((p) => p.get('labels') === 'platform-feedback');
    expect(survey.map((p) => [p.get('state'), p.get('since'), p.get('page')])).toEqual([['all', '2026-11-07T00:00:00.000Z', null], ['all', '2026-11-07T00:00:00.000Z', '2']]);
    expect(issues.filter((p) => p.get('labels') === 'platform-feature-request').map((p) => p.get('state'))).toEqual(['open']);
  });

  test('prints the KPIs and the figures as Markdown', async () => {
    const md = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--markdown');
    expect(md.code).toBe(0);
    expect(md.out).toContain('| Change failure rate | &lt; 15% | 20% | **not met** |');
    expect(md.out).toContain('| **organization** | 4 of 5 | 0.133 | 1 h | 20% | 40 min |');
    expect(md.out).toContain('| search | search-api | 1 of 1 | 0.033 | 0.5 h | 0% | – | 32 min after creation |  |');
    expect(md.out).toContain('| Net Promoter Score | &gt; 50 | 40 | **not met** |');
    expect(md.out).toContain('5 answers: Net Promoter Score **40** (3 promoters, 1 passive, 1 detractor), ease of use **2.5** of 5 (4 answers).');
    expect(md.out).toContain('- acme/acme-platform#3: gives the score "eleven", not a whole number from 0 to 10');
    expect(md.out).toContain('| Preview environments per pull request (acme/payments-infra#10, acme/search-infra#11) | payments, search | 4 | 6 | L | 1.5 |');
    expect(md.out).toContain('| Cost alerts per service (acme/payments-infra#13) | payments | 5 | 6 | not sized | – |');
  }, 60_000);
});

describe('golden-paths metrics per environment', () => {
  let json: any;
  let md: string;

  beforeAll(async () => {
    const run = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--environment', 'all', '--json');
    expect(run).toMatchObject({ code: 0 });
    json = JSON.parse(run.out);
    md = (await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--environment', 'all')).out;
  }, 60_000);

  // payment-service's one staging deployment failed (2026-11-20) and none followed it there; dev has none.
  const staging = { deployments: 1, successful: 0, failed: 1, deploymentsPerDay: 0, changeFailureRatePercent: 100 };
  const none = { deployments: 0, successful: 0, failed: 0, deploymentsPerDay: 0 };
  const prod = {
    deployments: 5, successful: 4, failed: 1, deploymentsPerDay: 0.133, leadTimeHours: 1, changeFailureRatePercent: 20, timeToRestoreMinutes: 40,
  };

  test('all: every environment of the settings, each in its own rows', () => {
    expect(json.environments).toEqual(['dev', 'staging', 'prod']);
    expect(json.byEnvironment).toEqual([{ environment: 'dev', dora: none }, { environment: 'staging', dora: staging }, { environment: 'prod', dora: prod }]);
    // Together: the staging failure counts, and is restored by no staging success.
    expect(json.organization).toEqual({ ...prod, deployments: 6, failed: 2, changeFailureRatePercent: 33.3 });
    const payments = json.teams.find((t: any) => t.team === 'payments');
    expect(payments.byEnvironment.map((e: any) => [e.environment, e.dora.successful, e.dora.failed])).toEqual([['dev', 0, 0], ['staging', 0, 1], ['prod', 3, 1]]);
    const service = json.services.find((s: any) => s.service === 'payment-service');
    expect(service.byEnvironment[1]).toEqual({ environment: 'staging', dora: staging });
  });

  test('the first deployment and the delivery KPIs stay production\'s', () => {
    expect(json.services.find((s: any) => s.service === 'search-api').firstDeployment).toEqual({ at: '2026-11-15T08:32:00Z', minutes: 32 });
    expect(json.kpis.find((k: any) => k.name === 'Change failure rate')).toMatchObject({ current: 20, met: false });
    expect(json.kpis.find((k: any) => k.name === 'Deployment frequency')).toMatchObject({ current: 0.133 });
  });

  test('Markdown has a row per environment, for the organization and each team', () => {
    expect(md).toContain('#### Per environment');
    expect(md).toContain('| **organization** | staging | 0 of 1 | 0 | – | 100% | – |');
    expect(md).toContain('| **organization** | prod | 4 of 5 | 0.133 | 1 h | 20% | 40 min |');
    expect(md).toContain('| payments | dev | 0 of 0 | 0 | – | – | – |');
  });

  test('one environment by name: its figures alone, no per-environment table, and no first deployment outside production', async () => {
    const run = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--environment', 'staging', '--json');
    const staged = JSON.parse(run.out);
    expect(staged.organization).toEqual(staging);
    expect(staged.byEnvironment).toEqual([{ environment: 'staging', dora: staging }]);
    // A first deployment is to production: none measured, none found.
    expect(staged.services.find((s: any) => s.service === 'search-api').firstDeployment).toEqual({});
    expect(metricsMarkdownOf(staged)).not.toContain('#### Per environment');
  }, 60_000);
});

describe('golden-paths metrics at the edges', () => {
  test('an organization with no service repository measures nothing, and says so', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-empty-'));
    fs.writeFileSync(path.join(empty, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: {} }));
    fs.writeFileSync(path.join(empty, 'catalog-info.json'), '[]');
    const run = await gp(work, 'metrics', '--synth', empty, '--until', UNTIL, '--markdown');
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toContain('No service repository: the catalog and the platform settings list none.');
    expect(run.out).toContain('| **organization** | 0 of 0 | 0 | – | – | – |');
    expect(run.out).toContain('No feedback repository: the settings name no platformRepository and no onboarded team.');
  });

  test('refuses a window it cannot read', async () => {
    expect(await gp(work, 'metrics', '--synth', synth, '--since', 'last month')).toMatchObject({
      code: 2, err: expect.stringContaining('[metrics] invalid --since "last month": is not a length (30d, 4w) or a day (YYYY-MM-DD). Fix: write, for example, --since 30d.'),
    });
    expect(await gp(work, 'metrics', '--synth', synth, '--since', '2026-12-08', '--until', UNTIL)).toMatchObject({ code: 2, err: expect.stringContaining('is not before --until') });
  });

  test('refuses to run without GITHUB_TOKEN, in one line, before calling GitHub', async () => {
    const before = github.requests.length;
    delete process.env.GITHUB_TOKEN;
    try {
      const run = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: 'golden-paths metrics: [GITHUB_TOKEN] is not set, and the service repositories are private: GitHub shows their deployments only to a token that can read them. '
          + 'Fix: set GITHUB_TOKEN to a token with read access to the service repositories\' deployments and contents (in GitHub Actions, a GitHub App\'s installation token: the workflow\'s own token reads only its repository).',
      });
      expect(github.requests.length).toBe(before);
    } finally {
      process.env.GITHUB_TOKEN = 'ghs_recorded';
    }
  });

  test('sends the token only over https, or to this machine', async () => {
    process.env.GITHUB_API_URL = 'http://github.example.com/api/v3';
    try {
      expect(await gp(work, 'metrics', '--synth', synth, '--until', UNTIL)).toMatchObject({
        code: 2,
        err: 'golden-paths metrics: [metrics] invalid GITHUB_API_URL "http://github.example.com/api/v3": is not an https URL, and the requests carry GITHUB_TOKEN. '
          + 'Fix: set it to https://api.github.com, or https://HOSTNAME/api/v3 on GitHub Enterprise Server.',
      });
      process.env.GITHUB_API_URL = 'api.github.com';
      expect(await gp(work, 'metrics', '--synth', synth, '--until', UNTIL)).toMatchObject({ code: 2, err: expect.stringContaining('invalid GITHUB_API_URL "api.github.com": is not a URL.') });
    } finally {
      process.env.GITHUB_API_URL = github.url;
    }
  });

  test('refuses an empty environment list, and names itself in a synth output error', async () => {
    expect(await gp(work, 'metrics', '--synth', synth, '--until', UNTIL, '--environment', ' , ')).toMatchObject({
      code: 2, err: 'golden-paths metrics: [metrics] invalid --environment " , ": names no environment. Fix: give the environments to measure, comma-separated, e.g. --environment prod.',
    });
    expect(await gp(work, 'metrics', '--synth', path.join(work, 'nowhere'), '--until', UNTIL)).toMatchObject({
      code: 2, err: expect.stringMatching(/^golden-paths metrics: \[metrics\] invalid --synth ".*nowhere": does not exist\./),
    });
  });

  test('refuses to measure nothing when run where there is no synth output and no platform settings', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-elsewhere-'));
    const before = github.requests.length;
    expect(await gp(elsewhere, 'metrics', '--until', UNTIL)).toEqual({
      code: 2,
      out: '',
      err: `golden-paths metrics: [${path.join(elsewhere, 'cdktf.out')}] does not exist, and no platform.json is here: nothing lists the service repositories. `
        + 'Fix: run golden-paths synth first (or give --synth <cdktf.out>), or give --platform <platform.json>.',
    });
    expect(github.requests.length).toBe(before);
  });

  test('says when GitHub cannot be reached, and how to point at it', async () => {
    // A port nothing listens on: the server that had it is closed.
    const closed = await startFakeGithub({ repositories: {} });
    await closed.close();
    process.env.GITHUB_API_URL = closed.url;
    try {
      const run = await gp(work, 'metrics', '--synth', synth, '--until', UNTIL);
      expect(run.code).toBe(2);
      // Octokit names the cause when it can (connect ECONNREFUSED ...), else fetch's own words.
      const [first, rest] = run.err.split(' cannot be reached ');
      expect(first).toBe(`golden-paths metrics: [${closed.url}] GitHub's API`);
      expect(rest).toMatch(/^\((connect ECONNREFUSED [\d.:]+|fetch failed)\)\. Fix: check GITHUB_API_URL \(on GitHub Enterprise Server: https:\/\/HOSTNAME\/api\/v3\) and the network\.$/);
    } finally {
      process.env.GITHUB_API_URL = github.url;
    }
  });
});

describe('the DORA measures', () => {
  test('restore only within the same environment, and count nothing of a deployment still running', () => {
    const window = { since: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-11-02T00:00:00Z') };
    const d = doraOf([
      { id: 1, sha: 'x', environment: 'prod-eu', createdAt: '2026-11-01T10:00:00Z', state: 'failure', finishedAt: '2026-11-01T10:10:00Z' },
      { id: 2, sha: 'y', environment: 'prod-us', createdAt: '2026-11-01T10:20:00Z', state: 'success', finishedAt: '2026-11-01T10:30:00Z' },
      { id: 3, sha: 'z', environment: 'prod-eu', createdAt: '2026-11-01T11:00:00Z', state: 'success', finishedAt: '2026-11-01T11:10:00Z' },
      { id: 4, sha: 'w', environment: 'prod-eu', createdAt: '2026-11-01T12:00:00Z', state: 'in_progress' },
    ], window);
    expect(d).toMatchObject({ deployments: 3, successful: 2, failed: 1, deploymentsPerDay: 2, timeToRestoreMinutes: 60 });
  });
});

describe('kpiTargets in the platform settings', () => {
  test('are checked at synth like every other setting', () => {
    const stack = new TerraformStack(Testing.app(), 'targets');
    expect(errorOf(() => new Platform(stack, 'platform', { ...PLATFORM_PROPS, kpiTargets: { nps: 120, changeFailureRatePercent: -1 } }))).toBe([
      '[targets/platform] 2 invalid props:',
      '  - invalid kpiTargets.nps 120: is not from -100 to 100. Fix: give a Net Promoter Score from -100 to 100, e.g. 50.',
      '  - invalid kpiTargets.changeFailureRatePercent -1: is not from 0 to 100. Fix: give a percentage from 0 to 100, e.g. 15.',
    ].join('\n'));
  });

  test('replace the defaults in the KPI table, and refuse an unknown key in platform.json', async () => {
    const dir = editedCopy(synth, 'acme-platform', () => undefined);
    const settings = JSON.parse(fs.readFileSync(EXAMPLE_SETTINGS, 'utf8'));
    fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify({ ...settings, kpiTargets: { changeFailureRatePercent: 25, deploymentsPerDay: 0.1 } }));
    const json = JSON.parse((await gp(work, 'metrics', '--synth', dir, '--until', UNTIL, '--json')).out);
    expect(json.kpis.filter((k: any) => ['Change failure rate', 'Deployment frequency'].includes(k.name))).toEqual([
      { name: 'Deployment frequency', target: '> 0.1/day', unit: '/day', current: 0.133, met: true },
      { name: 'Change failure rate', target: '< 25%', unit: '%', current: 20, met: true },
    ]);
    fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify({ ...settings, kpiTargets: { npsMin: 50 } }));
    const run = await gp(work, 'metrics', '--synth', dir, '--until', UNTIL);
    expect(run.code).toBe(2);
    expect(run.err).toContain('invalid /kpiTargets/npsMin 50: is not a setting');
  }, 60_000);
});
