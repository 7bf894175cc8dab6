import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../examples/main';
import { buildPlatformApp } from '../examples/platform/main';
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
    // Each team's namespace per environment, and payments' grants namespace for its database's grant Jobs.
    expect(Object.keys(resources.kubernetes_namespace_v1)).toHaveLength(9);
    expect(Object.keys(resources.kubernetes_deployment_v1)).toHaveLength(6);
    expect(Object.keys(resources.google_sql_database_instance)).toHaveLength(3);
    expect(Object.keys(resources.google_redis_instance)).toHaveLength(3);
    expect(Object.keys(resources.github_repository)).toHaveLength(2);
  });

  test('passes every guardrail pack with no finding and no suppression', () => {
    const report = JSON.parse(fs.readFileSync(path.join(stackDir, 'guardrails-report.json'), 'utf8'));
    expect(report.summary).toEqual(expect.objectContaining({ errors: 0, warnings: 0, suppressed: 0, expiredSuppressions: 0, rules: 50 }));
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
   * repository with a stack per environment, onboarded by the platform
   * repository (examples/platform/). Nothing is lost between the shapes: the
   * team repository and the platform's onboarding of the team make every
   * resource the single stack makes, plus exactly the tenancy (the team's
   * infrastructure repository and gates, its identities and their grants, its
   * state bucket); the platform creates the service repositories from its
   * template repository and the team repository adopts them, so they commit
   * only the 3 platform-owned files.
   */
  test('the team repository and the platform\'s onboarding make what one stack makes, plus the tenancy, and 3 files per repository', () => {
    const byType = (json: any, keep: (address: string) => boolean) => {
      const counts: Record<string, number> = {};
      for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
        const n = Object.keys(byName).filter(keep).length;
        if (n > 0) counts[type] = (counts[type] ?? 0) + n;
      }
      return counts;
    };
    const single = byType(config, (address) => address.startsWith('platform_payments_'));

    const split: Record<string, number> = {};
    const add = (dir: string, stacks: string[]) => {
      for (const stack of stacks) {
        const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
        for (const [type, n] of Object.entries(byType(json, () => true))) split[type] = (split[type] ?? 0) + n;
      }
    };
    const teamOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-payments-'));
    buildPaymentsApp(teamOutdir).synth();
    add(teamOutdir, ['payments', 'payments-dev', 'payments-staging', 'payments-prod']);
    const platformOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
    buildPlatformApp(platformOutdir).synth();
    add(platformOutdir, ['onboarding-payments', 'onboarding-payments-dev', 'onboarding-payments-staging', 'onboarding-payments-prod']);

    const { github_repository_file: singleFiles, ...singleRest } = single;
    const { github_repository_file: splitFiles, ...splitRest } = split;
    const delta = Object.fromEntries([...new Set([...Object.keys(singleRest), ...Object.keys(splitRest)])].sort()
      .map((type) => [type, (splitRest[type] ?? 0) - (singleRest[type] ?? 0)])
      .filter(([, n]) => n !== 0));
    // Three environments, so four deploy gates (the team stack and one per environment).
    expect(delta).toEqual({
      // The infrastructure repository, its team access, branch and push rulesets and the four files the platform
      // keeps there (platform.json, the workflow, the two feedback forms) and the feedback loop's six labels; a GitHub environment, branch policy and apply identity variable per gate; the writing App's
      // key in the team stack's gate alone; six repository variables and the read-only App's key. The service
      // repository twice: the platform creates it, the team's stack adopts it.
      github_repository: 2,
      github_team_repository: 1,
      github_repository_ruleset: 2,
      github_repository_environment: 4,
      github_repository_environment_deployment_policy: 4,
      github_actions_environment_variable: 4,
      github_actions_environment_secret: 1,
      github_actions_variable: 6,
      github_actions_secret: 1,
      github_issue_label: 6,
      // The infrastructure repository's OIDC subject template, which only the platform sets (the service repository's
      // is made once either way: by the single stack, or by the onboarding for the team's stack to adopt).
      github_actions_repository_oidc_subject_claim_customization_template: 1,
      // The plan identity and an apply identity per gate, each trusting one OIDC subject.
      google_service_account: 5,
      google_service_account_iam_member: 5,
      // The team's state bucket: the plan identity reads, each gate lists and writes its own prefix.
      google_storage_bucket: 1,
      google_storage_bucket_iam_member: 9,
      // The team's own projects (the team's and one per environment, each environment's on the Shared VPC)
      // and their APIs (4 in the team project, 10 in each environment's).
      google_project: 4,
      google_project_service: 34,
      google_compute_shared_vpc_service_project: 3,
      // Each environment's cluster project in its project's metrics scope, for its SLOs.
      google_monitoring_monitored_project: 3,
      // The grants of the identities (docs/tenancy.md, with the plan's and the team gate's read of the foundation's
      // Workload Identity provider, and each environment's apply identity's roles/monitoring.editor; its secrets
      // through a custom role of its project instead of Secret Manager Admin, and its database admin passwords'
      // versions) and the team gate's hold on its registry.
      google_project_iam_member: 38,
      google_project_iam_custom_role: 3,
      google_artifact_registry_repository_iam_member: 1,
      // Per namespace: the plan identity reads, the environment's apply identity administers, and manages the
      // SecretProviderClasses of the Secret Manager add-on and the PodMonitorings of Managed Service for Prometheus
      // (CRDs the admin role leaves out); in each grants namespace the plan identity reads and the apply identity
      // manages the grant Jobs through a Role of its own.
      kubernetes_role_v1: 15,
      kubernetes_role_binding_v1: 18,
    });
    expect(singleFiles).toBe(39 * single.github_repository);
    // The service repository's 3 platform-owned files (the platform created it from the template),
    // and the infrastructure repository's 4 (platform.json, the workflow, the survey and the feature request forms).
    expect(splitFiles).toBe(3 * single.github_repository + 4);
    expect(Object.values(single).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });
});
