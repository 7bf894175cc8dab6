/// <reference lib="dom" />
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { constructAt, dayAfter, EXAMPLE_SETTINGS, synthExample, TODAY } from './example-synth';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { GoMicroservice, Guardrails } from '../../src';
import { formatRange } from '../../src/report/format';
import { escapeHtml } from '../../src/report/html';
import { gp } from '../cli/run-cli';
import { startFakeGithub } from '../metrics/fake-github';
import { PAYMENT_SERVICE, SEARCH_API, SEARCH_INDEXER, UNTIL } from '../metrics/recorded-organization';

/**
 * The report's HTML page in a real browser: Debian's chromium, headless,
 * driven by puppeteer-core. The page must render without a console error or
 * a request beyond itself, show the numbers of the JSON report, filter by
 * team, and show hostile texts (a service description, a suppression reason)
 * as text, never run them. The delivery metrics come from `golden-paths
 * metrics --json` against the recorded organization (a local server that
 * answers as GitHub does). It takes the screenshots docs/reports.md and
 * README.md show and checks them; with UPDATE_SCREENSHOTS=1 it saves them
 * under docs/images.
 */

/** `golden-paths metrics --json` on the synth output in `synth`, against the recorded organization; returns the file it wrote. */
async function recordedMetrics(cwd: string, synth: string, change: (json: any) => void = () => undefined): Promise<string> {
  const github = await startFakeGithub({ repositories: { 'acme/payment-service': PAYMENT_SERVICE, 'acme/search-api': SEARCH_API, 'acme/search-indexer': SEARCH_INDEXER } });
  const saved = { url: process.env.GITHUB_API_URL, token: process.env.GITHUB_TOKEN };
  process.env.GITHUB_API_URL = github.url;
  process.env.GITHUB_TOKEN = 'ghs_recorded';
  try {
    const run = await gp(cwd, 'metrics', '--synth', synth, '--until', UNTIL, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    change(json);
    const file = path.join(cwd, 'metrics.json');
    fs.writeFileSync(file, JSON.stringify(json));
    return file;
  } finally {
    await github.close();
    for (const [key, value] of [['GITHUB_API_URL', saved.url], ['GITHUB_TOKEN', saved.token]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
// One line, not console.warn's block with its stack.
if (!haveChromium) process.stderr.write(`report-html.test.ts skipped: no Chromium at ${CHROMIUM}: apt install chromium (Debian), or set CHROMIUM_PATH\n`);

/** Would run if the page let it: each sets a flag the test reads. */
const HOSTILE_DESCRIPTION = 'Payments <img src=x onerror="window.__pwned=1"> </td></tr></table><script>window.__pwned=2</script> & "quotes" \'too\'';
const HOSTILE_REASON = 'Audit pending <script>window.__pwned=3</script><a href="javascript:window.__pwned=4">click</a>';

// A browser on a shared machine: minutes, not jest's 5 seconds.
jest.setTimeout(120_000);

/** A PNG's size from its IHDR chunk; fails unless the file is a PNG with image data. */
function pngSize(file: string): { width: number; height: number } {
  const png = fs.readFileSync(file);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  expect(png.includes(Buffer.from('IDAT', 'latin1'))).toBe(true);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

(haveChromium ? describe : describe.skip)('the report page in headless Chromium', () => {
  let browser: Browser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-html-'));
  const page = path.join(work, 'report.html');
  let json: any;
  let metricsJson: any;

  beforeAll(async () => {
    const outdir = synthExample((stack) => {
      new GoMicroservice(stack.search, 'ledger-ui', {
        name: 'ledger-ui', description: HOSTILE_DESCRIPTION, system: 'commerce', environments: { prod: { serviceLevels: { enabled: false, disabledReason: HOSTILE_REASON } } },
      });
      const repository = constructAt(stack, 'platform/search/search-api/repository/repository');
      repository.addOverride('visibility', 'public');
      Guardrails.suppress(repository, 'GP-GH-001', HOSTILE_REASON, { expires: dayAfter(10) });
    });
    const metrics = await recordedMetrics(work, outdir, (m) => {
      m.services.find((x: any) => x.service === 'ledger-ui').note = HOSTILE_REASON;
    });
    metricsJson = JSON.parse(fs.readFileSync(metrics, 'utf8'));
    const run = await gp(work, 'report', '--synth', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY, '--json', '--html', page, '--metrics', metrics);
    expect(run.code).toBe(0);
    json = JSON.parse(run.out);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page, recording console messages, page errors and requests. */
  async function open() {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    const problems: string[] = [];
    const requests: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(`file://${page}`, { waitUntil: 'load' });
    return { tab, problems, requests };
  }

  test('renders without a console error, and loads nothing but itself', async () => {
    const { tab, problems, requests } = await open();
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${page}`]);
    expect(await tab.$$eval('section', (s) => s.map((x) => x.id))).toEqual(['quick-actions', 'services', 'status', 'cost', 'delivery', 'documentation']);
    // The inline style applied (its hash is in the policy): the header has its panel colour.
    expect(await tab.$eval('header', (h) => getComputedStyle(h).backgroundColor)).toBe('rgb(246, 248, 250)');
    await tab.close();
  });

  test('shows the numbers of the JSON report', async () => {
    const { tab } = await open();
    expect(await tab.$eval('#figure-total', (e) => e.textContent)).toBe(formatRange(json.cost.total, 'USD'));
    const rows = await tab.$$eval('#cost-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(rows.map((r) => [r[0], r[r.length - 2]])).toEqual(json.cost.teams.map((t: any) => [t.team, formatRange(t.monthly, 'USD')]));
    const services = await tab.$$eval('#service-cost-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(services).toEqual(json.cost.services.map((s: any) => [s.team, s.service, s.environment, s.replicas.min === s.replicas.max ? `${s.replicas.min}` : `${s.replicas.min}-${s.replicas.max}`, `${s.pod.vcpu}`, `${s.pod.memoryGib}`, formatRange(s.monthly, 'USD')]));
    expect(await tab.$eval('#figure-golden-path', (e) => e.textContent)).toBe(`${json.adoption.summary.goldenPathPercent}%`);
    // The delivery metrics: the KPI table and the organization's row, as the metrics JSON has them.
    const kpis = await tab.$$eval('#kpi-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(kpis.map((k) => [k[0], k[1]])).toEqual(metricsJson.kpis.map((k: any) => [k.name, k.target]));
    expect(kpis.find((k) => k[0] === 'Change failure rate')).toEqual(['Change failure rate', '< 15%', `${metricsJson.organization.changeFailureRatePercent}%`, 'not met']);
    const organization = await tab.$eval('#delivery-teams-table tbody tr', (tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent));
    const o = metricsJson.organization;
    expect(organization).toEqual(['organization', `${o.successful} of ${o.deployments}`, `${o.deploymentsPerDay}`, `${o.leadTimeHours} h`, `${o.changeFailureRatePercent}%`, `${o.timeToRestoreMinutes} min`]);
    await tab.close();
  });

  test('filters by team', async () => {
    const { tab } = await open();
    const visible = () => tab.$$eval('#services-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.querySelector('strong')!.textContent));
    expect(await visible()).toEqual(['payment-service', 'ledger-ui', 'search-api']);
    await tab.select('#team-filter', 'search');
    expect(await visible()).toEqual(['ledger-ui', 'search-api']);
    expect(await tab.$eval('#shown-services', (e) => e.textContent)).toBe('2');
    expect(await tab.$$eval('#cost-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.querySelector('td')!.textContent))).toEqual(['search']);
    expect(await tab.$$eval('#delivery-services-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.querySelectorAll('td')[1].textContent)))
      .toEqual(['ledger-ui', 'search-api', 'search-indexer'].filter((s) => metricsJson.services.some((x: any) => x.service === s)));
    // The one stack holds every team: it stays.
    expect(await tab.$$eval('#stacks-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).length)).toBe(1);
    await tab.select('#team-filter', '');
    expect(await visible()).toHaveLength(3);
    await tab.close();
  });

  /** The text of each cell of each row of `selector` (rows the filter hides included), a <br> as a new line. */
  const rowsOf = (tab: Awaited<ReturnType<typeof open>>['tab'], selector: string) =>
    tab.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText)));
  const shownTeams = (tab: Awaited<ReturnType<typeof open>>['tab'], selector: string) =>
    tab.$$eval(`${selector} tbody tr`, (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.querySelector('td')!.textContent));

  test('shows adoption per team, what each service changes of the golden path, and the suppressions with their reason and expiry', async () => {
    const { tab, problems } = await open();
    const s = json.adoption.summary;
    expect(await tab.$eval('#figure-from-template', (x) => x.textContent)).toBe(`${s.servicesFromTemplate} of ${s.services}`);
    expect(await tab.$eval('#figure-findings', (x) => x.textContent)).toBe(`${s.errors}`);
    expect(await tab.$eval('#figure-suppressions', (x) => x.textContent)).toBe(`${s.suppressions}`);
    expect(await tab.$eval('#figure-expiring', (x) => x.textContent)).toBe(`${s.expiringSoon}`);
    expect(s).toMatchObject({ suppressions: 1, expiringSoon: 1 });
    expect(await rowsOf(tab, '#adoption-teams-table')).toEqual(json.adoption.teams.map((a: any) => [
      a.team, `${a.servicesOnGoldenPath} of ${a.services}`, `${a.servicesWithOverrides}`, `${a.servicesFromTemplate}`,
      `${a.databasesOnGoldenPath} of ${a.databases}`, `${a.errors}`, `${a.warnings}`, `${a.suppressions}`, `${a.expiringSoon}`,
    ]));
    expect(json.adoption.teams.map((a: any) => [a.team, a.services, a.suppressions, a.expiringSoon])).toEqual([['payments', 1, 0, 0], ['search', 2, 1, 1]]);
    // Each service's overrides, one line each, as the JSON lists them.
    const overrides = Object.fromEntries((await rowsOf(tab, '#services-table')).map((r) => [r[1], r[7]]));
    expect(overrides).toEqual(Object.fromEntries(json.adoption.services.map((x: any) => [x.service,
      x.environments.flatMap((env: any) => env.overrides.map((o: any) => `${env.environment}: ${o.setting} ${o.value} (golden path ${o.goldenPath})`)).join('\n')])));
    expect(overrides['search-api']).toContain('prod: memory 1Gi (golden path 512Mi)');
    // The suppression: its team, rule, scope, reason, and the days left before it expires.
    expect(await rowsOf(tab, '#suppressions-table')).toEqual(json.adoption.suppressions.map((x: any) => [x.team, x.stack, x.ruleId, x.scope, x.reason, `${x.expires} (in ${x.daysLeft} days)`]));
    expect(json.adoption.suppressions[0]).toMatchObject({ team: 'search', ruleId: 'GP-GH-001', expires: dayAfter(10), daysLeft: 10, expiringSoon: true });
    // The team filter reaches these tables too.
    await tab.select('#team-filter', 'payments');
    expect(await shownTeams(tab, '#adoption-teams-table')).toEqual(['payments']);
    expect(await tab.$$eval('#suppressions-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).length)).toBe(0);
    await tab.select('#team-filter', 'search');
    expect(await shownTeams(tab, '#suppressions-table')).toEqual(['search']);
    expect(problems).toEqual([]);
    await tab.close();
  });

  test('links each team\'s dashboard of each environment, and says which services have their SLOs off, and why, as text', async () => {
    const { tab, problems } = await open();
    const o = json.adoption.observability;
    expect(o.dashboards.map((d: any) => `${d.team} ${d.environment}`)).toEqual(['payments dev', 'payments staging', 'payments prod', 'search dev', 'search staging', 'search prod']);
    expect(await rowsOf(tab, '#dashboards-table')).toEqual(o.dashboards.map((d: any) => [d.team, d.environment, `${d.team} (${d.environment})`]));
    // Each a link to the Console address the synth's dashboard id gives.
    const links = await tab.$$eval('#dashboards-table tbody a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toEqual(o.dashboards.map((d: any) => d.url));
    for (const link of links) expect(link).toMatch(/^https:\/\/console\.cloud\.google\.com\/monitoring\/dashboards\/custom\/(payments|search)-(dev|staging|prod)\?project=acme-prod$/);
    // The hostile reason is text: no tag of it made it into the table.
    expect(await rowsOf(tab, '#service-levels-off-table')).toEqual([['search', 'ledger-ui', 'prod', 'SLOs and alerts', HOSTILE_REASON]]);
    expect(await tab.$$eval('#service-levels-off-table script, #service-levels-off-table a', (found) => found.length)).toBe(0);
    expect(await tab.$eval('#dashboards-off-table', (x) => x.tagName).catch(() => 'none')).toBe('none');
    await tab.select('#team-filter', 'payments');
    expect(await shownTeams(tab, '#dashboards-table')).toEqual(['payments', 'payments', 'payments']);
    expect(await tab.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await tab.close();
  });

  test('of a team repository, counts the service the platform created from its template repository', async () => {
    const team = path.join(work, 'team');
    buildPaymentsApp(team).synth();
    const file = path.join(work, 'team.html');
    const published = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
    const run = await gp(work, 'report', '--synth', team, '--platform', published, '--date', TODAY, '--json', '--html', file);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).adoption.summary).toMatchObject({ services: 1, servicesFromTemplate: 1 });
    const tab = await browser.newPage();
    await tab.goto(`file://${file}`, { waitUntil: 'load' });
    expect(await tab.$eval('#figure-from-template', (x) => x.textContent)).toBe('1 of 1');
    expect(await rowsOf(tab, '#services-table')).toEqual([expect.arrayContaining(['acme/payment-service (from the template)'])]);
    await tab.close();
  });

  test('of the example, filtered to one team, is the screenshots docs/reports.md and README.md show', async () => {
    const example = path.join(work, 'example');
    fs.mkdirSync(example);
    fs.copyFileSync(EXAMPLE_SETTINGS, path.join(example, 'platform.json'));
    const exampleSynth = synthExample();
    const metrics = await recordedMetrics(example, exampleSynth);
    const run = await gp(example, 'report', '--synth', exampleSynth, '--date', TODAY, '--html', 'report.html', '--metrics', metrics);
    expect(run.code).toBe(0);
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    await tab.goto(`file://${path.join(example, 'report.html')}`, { waitUntil: 'load' });
    await tab.select('#team-filter', 'payments');
    expect(await tab.$eval('#shown-services', (e) => e.textContent)).toBe('1');
    // Taken every run and checked; written where the docs show them with UPDATE_SCREENSHOTS=1 (commit what it wrote).
    const dir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, '..', '..', 'docs', 'images') : fs.mkdtempSync(path.join(work, 'shots-'));
    const pageHeight = await tab.evaluate(() => document.documentElement.scrollHeight);
    await tab.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
    expect(pngSize(path.join(dir, 'report.png'))).toEqual({ width: 1280, height: pageHeight });
    // The sections README.md shows: the services (Portal), the cost (Cost) and the delivery metrics (Measuring the platform).
    for (const [section, file] of [['#services', 'report-services.png'], ['#cost', 'report-cost.png'], ['#delivery', 'report-delivery.png']]) {
      const element = (await tab.$(section))!;
      const box = (await element.boundingBox())!;
      await element.screenshot({ path: path.join(dir, file) });
      const size = pngSize(path.join(dir, file));
      expect({ file, width: Math.abs(size.width - box.width) <= 1, height: Math.abs(size.height - box.height) <= 1, tall: size.height > 100 })
        .toEqual({ file, width: true, height: true, tall: true });
    }
    await tab.close();
  });

  test('shows a hostile description and suppression reason as text, and runs neither', async () => {
    const { tab, problems } = await open();
    expect(await tab.evaluate(() => (window as any).__pwned)).toBeUndefined();
    const description = await tab.$$eval('#services-table tbody tr', (trs) => trs.find((tr) => tr.querySelector('strong')!.textContent === 'ledger-ui')!.querySelectorAll('td')[2].textContent);
    expect(description).toBe(HOSTILE_DESCRIPTION);
    expect(await tab.$$eval('main img, main script, a[href^="javascript:"]', (found) => found.length)).toBe(0);
    expect(await tab.evaluate(() => document.body.textContent)).toContain(HOSTILE_REASON);
    // The table still has its rows: no text closed a tag.
    expect(await tab.$$eval('#services-table tbody tr', (trs) => trs.length)).toBe(3);
    await tab.click('#quick-actions');
    expect(await tab.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    // And in the file, only escaped.
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain(escapeHtml(HOSTILE_DESCRIPTION));
    expect(html).not.toContain('<script>window.__pwned');
    await tab.close();
  });
});
