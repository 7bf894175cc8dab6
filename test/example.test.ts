import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../examples/main';
import { buildPaymentsApp } from '../examples/team-payments/main';

/**
 * The example platform is the reference platform: what `npm run synth:example`
 * writes, the guardrails' verdict on it, and its Terraform addresses.
 */
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
const app = buildApp(outdir);
app.synth();
const stackDir = path.join(outdir, 'stacks', 'acme-platform');
const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));

function addresses(json: any): string[] {
  return Object.entries<Record<string, unknown>>(json.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describe('the example platform', () => {
  test('synthesizes teams, services and databases in three environments', () => {
    const resources = config.resource;
    expect(Object.keys(resources.kubernetes_namespace_v1)).toHaveLength(6);
    expect(Object.keys(resources.kubernetes_deployment_v1)).toHaveLength(6);
    expect(Object.keys(resources.google_sql_database_instance)).toHaveLength(3);
    expect(Object.keys(resources.google_redis_instance)).toHaveLength(3);
    expect(Object.keys(resources.github_repository)).toHaveLength(2);
  });

  test('passes every guardrail pack with no finding and no suppression', () => {
    const report = JSON.parse(fs.readFileSync(path.join(stackDir, 'guardrails-report.json'), 'utf8'));
    expect(report.summary).toEqual(expect.objectContaining({ errors: 0, warnings: 0, suppressed: 0, expiredSuppressions: 0, rules: 35 }));
    expect(report.summary.elements).toBeGreaterThan(200);
    expect(fs.existsSync(path.join(stackDir, 'guardrails-report.sarif'))).toBe(true);
  });

  test('writes the app\'s catalog next to the stacks', () => {
    expect(fs.readFileSync(path.join(outdir, 'catalog-info.yaml'), 'utf8')).toMatch(/^kind: Component$/m);
  });

  /*
   * Construct ids are a contract: a changed id renames a Terraform address,
   * and Terraform then destroys and recreates the resource (a database, a
   * repository). Every address of the reference platform is pinned here.
   * After an intended change, regenerate with UPDATE_ADDRESSES=1 and review
   * the diff of the fixture line by line.
   */
  test('keeps every Terraform address of the reference platform', () => {
    const fixture = path.join(__dirname, 'fixtures', 'example-addresses.txt');
    const actual = addresses(config);
    if (process.env.UPDATE_ADDRESSES === '1') fs.writeFileSync(fixture, `${actual.join('\n')}\n`);
    const pinned = fs.readFileSync(fixture, 'utf8').trim().split('\n');
    const removed = pinned.filter((a) => !actual.includes(a));
    const added = actual.filter((a) => !pinned.includes(a));
    expect({ removed, added }).toEqual({ removed: [], added: [] });
    // A few addresses spelled out, so that the fixture's format itself is checked.
    expect(actual).toEqual(expect.arrayContaining([
      expect.stringMatching(/^google_sql_database_instance\.platform_payments_payments-db_prod_instance_[0-9A-F]{8}$/),
      expect.stringMatching(/^github_repository\.platform_payments_payment-service_repository_[0-9A-F]{8}$/),
      expect.stringMatching(/^kubernetes_namespace_v1\.platform_search_prod_namespace_[0-9A-F]{8}$/),
    ]));
  });
});

describe('the same team in both shapes', () => {
  /*
   * examples/main.ts and examples/team-payments/ declare the payments team
   * with the same code (examples/teams.ts): once in one stack, once in its own
   * repository with a stack per environment. The resources are the same; only
   * where they land differs, and the team repository's service repositories
   * start from the platform's template repository (its platform.json names
   * one), so they commit only the 3 platform-owned files.
   */
  test('the payments team makes the same resources in one stack as in its own stacks, but 3 files per repository from the template', () => {
    const byType = (json: any, keep: (address: string) => boolean) => {
      const counts: Record<string, number> = {};
      for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
        const n = Object.keys(byName).filter(keep).length;
        if (n > 0) counts[type] = (counts[type] ?? 0) + n;
      }
      return counts;
    };
    const single = byType(config, (address) => address.startsWith('platform_payments_'));

    const teamOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-payments-'));
    buildPaymentsApp(teamOutdir).synth();
    const split: Record<string, number> = {};
    for (const stack of ['payments', 'payments-dev', 'payments-staging', 'payments-prod']) {
      const json = JSON.parse(fs.readFileSync(path.join(teamOutdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      for (const [type, n] of Object.entries(byType(json, () => true))) split[type] = (split[type] ?? 0) + n;
    }
    const { github_repository_file: singleFiles, ...singleRest } = single;
    const { github_repository_file: splitFiles, ...splitRest } = split;
    expect(splitRest).toEqual(singleRest);
    expect(singleFiles).toBe(32 * single.github_repository);
    expect(splitFiles).toBe(3 * single.github_repository);
    expect(Object.values(single).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });
});
