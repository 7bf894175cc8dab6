import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { gp } from './run-cli';
import { GkeMode, Platform } from '../../src';
import { readPlatformSettings } from '../../src/platform/platform-settings';
import { editedCopy, EXAMPLE_SETTINGS, synthExample, TODAY } from '../report/example-synth';
import { errorOf, PLATFORM_PROPS } from '../util';

/**
 * `golden-paths report` from the command line: its formats, --base, and the
 * errors users get for a wrong synth output, date or costEstimate setting.
 */

const outdir = synthExample();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
const settingsWith = (costEstimate: unknown) => {
  const file = path.join(work, `settings-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(EXAMPLE_SETTINGS, 'utf8')), costEstimate }));
  return file;
};

describe('golden-paths report', () => {
  test('prints a summary, the JSON the renderers read, and Markdown', async () => {
    const summary = await gp(work, 'report', '--synth', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY);
    expect(summary).toMatchObject({ code: 0, err: '' });
    expect(summary.out.split('\n')).toEqual([
      'Estimated monthly cost: $705.04 to $1,549.80 (USD list prices of 2026-12-07; workloads from the autoscaling minimum to the maximum)',
      '  payments: $487.55 to $1,074.45, budget 2,000.00 EUR (not-compared)',
      '  search: $217.49 to $475.36',
      'Golden path: 2 of 2 services (100%), 2 with overrides; 2 of 2 databases',
      'Guardrails: 0 errors, 0 warnings, 0 suppressions (0 expiring within 30 days, 0 expired)',
      'Run with --markdown or --json for the whole report, --html <file> for the page.',
    ]);
    const json = JSON.parse((await gp(work, 'report', '--synth', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY, '--json')).out);
    expect(json).toMatchObject({ version: 1, today: TODAY, platform: { githubOrganization: 'acme', region: 'europe-west1', environments: ['dev', 'staging', 'prod'], production: ['prod'], teams: ['payments', 'search'] } });
    expect(json.cost.total).toEqual({ min: 705.04, max: 1549.8 });
    const md = await gp(work, 'report', '--synth', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY, '--markdown');
    expect(md.out).toMatch(/^## Platform report\n\nEstimated monthly cost: \*\*\$705\.04 to \$1,549\.80\*\*/);
  });

  test('warns on stderr when a team\'s estimate may exceed its budget', async () => {
    const tight = settingsWith({ exchangeRates: { EUR: 3 } });
    const run = await gp(work, 'report', '--synth', outdir, '--platform', tight, '--date', TODAY);
    expect(run.code).toBe(0);
    expect(run.err).toBe('warning: payments: the estimate 1,462.66 EUR to 3,223.34 EUR per month may exceed the budget at the autoscaling maximum of 2,000.00 EUR');
  });

  test('compares with --base: what a change costs', async () => {
    const head = editedCopy(outdir, 'acme-platform', (c) => {
      const prod = Object.values<any>(c.resource.google_sql_database_instance).find((i) => i.name === 'payments-db-prod');
      prod.settings.tier = 'db-custom-4-15360';
    });
    const run = await gp(work, 'report', '--synth', head, '--base', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY, '--json');
    const { diff } = JSON.parse(run.out);
    // 4 vCPU and 15 GB with 20 GB of SSD, all twice over for high availability (us-central1's prices, the table's fallback).
    const after = Math.round((4 * 0.0413 * 730 + 15 * 0.007 * 730 + 20 * 0.17) * 2 * 100) / 100;
    const change = Math.round((after - 204.05) * 100) / 100;
    expect(diff.databases).toEqual([{
      instance: 'payments-db-prod',
      database: 'payments-db',
      team: 'payments',
      environment: 'prod',
      kind: 'changed',
      before: 204.05,
      after,
      change,
      details: ['tier db-custom-2-7680 → db-custom-4-15360'],
    }]);
    const text = await gp(work, 'report', '--synth', head, '--base', outdir, '--platform', EXAMPLE_SETTINGS, '--date', TODAY);
    expect(diff.total.change.min).toBe(diff.total.change.max);
    expect(Math.abs(diff.total.change.min - change)).toBeLessThanOrEqual(0.01);
    expect(text.out).toContain(`Change against --base: +$${diff.total.change.min.toFixed(2)} per month`);
  });

  test('takes platform.json from the synth output when no --platform is given', async () => {
    const copy = editedCopy(outdir, 'acme-platform', () => undefined);
    fs.copyFileSync(settingsWith({ gkeMode: 'standard' }), path.join(copy, 'platform.json'));
    const json = JSON.parse((await gp(work, 'report', '--synth', copy, '--date', TODAY, '--json')).out);
    expect(json.cost.gkeMode).toBe(GkeMode.STANDARD);
    expect(json.platform.settings).toBe(path.relative(work, path.join(copy, 'platform.json')));
  });

  test('refuses what it cannot read, naming the option, the value and the fix', async () => {
    const missing = path.join(work, 'nowhere');
    expect(await gp(work, 'report', '--synth', missing)).toMatchObject({
      code: 2,
      err: `golden-paths report: [report] invalid --synth "${missing}": does not exist. Fix: pass a cdktf.out folder that golden-paths synth or cdktf synth wrote (run golden-paths synth first).`,
    });
    expect(await gp(work, 'report', '--synth', outdir, '--date', '2026-02-30')).toMatchObject({
      code: 2, err: 'golden-paths report: [report] invalid --date "2026-02-30": is not a day written YYYY-MM-DD. Fix: write a day such as --date 2026-12-07.',
    });
    expect(await gp(work, 'report', '--synth', outdir, '--json', '--markdown')).toMatchObject({ code: 2 });
    const broken = editedCopy(outdir, 'acme-platform', () => undefined);
    fs.writeFileSync(path.join(broken, 'stacks', 'acme-platform', 'cdk.tf.json'), '{ not json');
    const run = await gp(work, 'report', '--synth', broken, '--platform', EXAMPLE_SETTINGS);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^golden-paths report: \[report\] invalid --synth ".*cdk\.tf\.json": is not JSON \(.*\)\. Fix: synthesize again\.$/);
  });

  test('refuses costEstimate settings of the wrong shape or value', async () => {
    const shape = settingsWith({ regions: { 'europe-west1': { autopilotCpuHour: 0.05 } }, exchangeRates: { EUR: '0.9' } });
    const shaped = await gp(work, 'report', '--synth', outdir, '--platform', shape);
    expect(shaped.code).toBe(2);
    expect(shaped.err).toContain('invalid /costEstimate/regions/europe-west1/autopilotCpuHour 0.05: is not a setting');
    expect(shaped.err).toContain('invalid /costEstimate/exchangeRates/EUR "0.9": is not a number. Fix: write how many units of the currency one US dollar buys, e.g. 0.92.');
    const value = settingsWith({ regions: { 'europe-west1': { redisBasicGbHour: [0.05, 0.03] } }, registryGbPerService: -1 });
    const valued = await gp(work, 'report', '--synth', outdir, '--platform', value);
    expect(valued.code).toBe(2);
    expect(valued.err).toBe([
      `golden-paths report: [${value}] 2 invalid settings:`,
      '  - invalid costEstimate.regions.europe-west1.redisBasicGbHour [0.05,0.03]: has 2 prices, not one for each capacity tier M1 to M5. Fix: give five prices per GB-hour, M1 (1 to 4 GB) first.',
      '  - invalid costEstimate.registryGbPerService -1: is not a size in GB from 0 to 10000. Fix: give the GB one service\'s kept images take, e.g. 0.5.',
    ].join('\n'));
  });
});

describe('costEstimate in PlatformProps', () => {
  test('is checked at synth like every other setting', () => {
    const stack = new TerraformStack(Testing.app(), 'priced');
    expect(errorOf(() => new Platform(stack, 'platform', {
      ...PLATFORM_PROPS,
      costEstimate: { regions: { 'Europe West': { cloudSqlVcpuHour: -1 } }, exchangeRates: { eur: 0.9 } },
    }))).toBe([
      '[priced/platform] 3 invalid props:',
      '  - invalid costEstimate.regions "Europe West": is not a Google Cloud region. Fix: key the prices by region, e.g. "europe-west1".',
      '  - invalid costEstimate.regions.Europe West.cloudSqlVcpuHour -1: is not a price (a number of US dollars, 0 or more). Fix: write the price from the pricing page, e.g. 0.0445.',
      '  - invalid costEstimate.exchangeRates "eur": is not an ISO 4217 currency code. Fix: key the rates by three capital letters, e.g. "EUR".',
    ].join('\n'));
  });

  test('passes into platform.json and back', () => {
    const file = settingsWith({ gkeMode: 'standard', regions: { 'europe-west1': { standardVcpuHour: 0.024 } } });
    expect(readPlatformSettings(file).settings.costEstimate).toEqual({ gkeMode: 'standard', regions: { 'europe-west1': { standardVcpuHour: 0.024 } } });
  });
});
