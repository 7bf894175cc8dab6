import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { GithubPlan, GoMicroservice, Platform, PlatformFoundation, type PlatformProps, RepositoryVisibility, TeamEnvironment, TeamOnboarding } from '../../src';
import { ALL_PACKS, evaluate } from '../../src/guardrails/engine';
import { suppressionsOf } from '../../src/guardrails/suppressions';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resource, resources, synth } from '../util';

/**
 * What the organization's GitHub plan allows on a service repository.
 *
 * GitHub Docs, "Managing environments for deployment" / REST "Deployment
 * environments": environments, their secrets and deployment branches in
 * private or internal repositories need GitHub Pro, Team or Enterprise; other
 * protection rules there (required reviewers, wait timers) need GitHub
 * Enterprise, and the API answers 422 otherwise. GitHub Docs, "About
 * rulesets": rulesets on private repositories need GitHub Team or higher
 * (public repositories have both on every plan).
 */

function serviceFixture(props: Partial<PlatformProps> = {}, visibility?: RepositoryVisibility) {
  const fixture = platformFixture(props);
  const team = new TeamEnvironment(fixture.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const make = () => new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', visibility });
  return { ...fixture, team, make };
}

const warnings = (c: { node: { metadata: any[] } }) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as string);
const prodEnvironment = (json: any) => resource(json, 'github_repository_environment', (e) => e.environment === 'prod');

describe('githubPlan', () => {
  test('defaults to Enterprise: production waits for reviewers, with no warning', () => {
    const { stack, platform, make } = serviceFixture();
    const service = make();
    expect(platform.githubPlan).toBe(GithubPlan.ENTERPRISE);
    const json = synth(stack);
    expect(prodEnvironment(json).reviewers).toHaveLength(1);
    expect(warnings(service.repository)).toEqual([]);
  });

  test('Team: no reviewers on a private repository (422 otherwise); the gate is main-only deploys and the environment\'s own deployer, said in a warning', () => {
    const { stack, make } = serviceFixture({ githubPlan: GithubPlan.TEAM });
    const service = make();
    const json = synth(stack);
    const prod = prodEnvironment(json);
    expect(prod.reviewers).toBeUndefined();
    expect(prod.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(resource(json, 'github_repository_environment_deployment_policy', (p) => p.environment.includes('_prod_environment_')).branch_pattern).toMatch(/github_branch_default\.\S+\.branch/);
    expect(service.repository.environment('prod').reviewers).toEqual([]);
    expect(warnings(service.repository)).toEqual([
      'Deploys of acme/payment-service to production environment "prod" wait for no reviewer: required reviewers on a private repository need GitHub Enterprise Cloud (githubPlan is "team"). '
      + 'The gate is the environment\'s deployment branch policy (main only, which the ruleset protects with review and checks) and its own deployer identity, which only jobs of that environment can use.',
    ]);
    // Rulesets are available on Team.
    expect(Object.keys(resources(json, 'github_repository_ruleset'))).toHaveLength(1);
  });

  /**
   * GP-GH-007 (a production GitHub environment without reviewers) in a stack
   * synthesized to disk: the findings of its cdk.tf.json judged without
   * suppressions, and the suppressed findings of its guardrails report.
   */
  function reviewerFindings(app: App, stack: string) {
    app.synth();
    const dir = path.join(app.outdir, 'stacks', stack);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'guardrails-report.json'), 'utf8'));
    const engine = { packs: [...ALL_PACKS], disabledRules: [], ruleLevels: {}, productionEnvironments: ['prod'] };
    const only = (findings: readonly any[]) => findings.filter((f) => (f.rule?.id ?? f.ruleId) === 'GP-GH-007');
    return {
      unsuppressed: only(evaluate(json, engine).findings).map((f) => f.constructPath),
      findings: only(report.findings),
      suppressed: only(report.suppressed).map((f) => [f.constructPath, f.suppression.reason]),
    };
  }
  const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'github-plan-'));

  test('Team: the reviewers GitHub does not offer are a GP-GH-007 finding the library suppresses, with the reason', () => {
    const { app, make } = serviceFixture({ githubPlan: GithubPlan.TEAM });
    make();
    const reason = 'GitHub offers required reviewers on a private repository only with Enterprise Cloud (githubPlan is "team"); the gate is the main-only deployment branch policy and the environment\'s own deployer identity';
    expect(reviewerFindings(app, 'test')).toEqual({
      unsuppressed: ['test/platform/payments/payment-service/repository/prod/environment'],
      findings: [],
      suppressed: [['test/platform/payments/payment-service/repository/prod/environment', reason]],
    });
  });

  test('Enterprise: no suppression of GP-GH-007, and no production environment without reviewers', () => {
    const { app, stack, make } = serviceFixture();
    make();
    expect(suppressionsOf(stack).filter((s) => s.ruleId === 'GP-GH-007')).toEqual([]);
    expect(reviewerFindings(app, 'test')).toEqual({ unsuppressed: [], findings: [], suppressed: [] });
  });

  test('Team: the infrastructure repository\'s reviewed production gate is suppressed the same way', () => {
    const app = new App({ outdir: outdir() });
    const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, stateBucket: 'acme-tfstate', terraformGithubAppId: 1, terraformGithubReaderAppId: 2, githubPlan: GithubPlan.TEAM });
    new PlatformFoundation(platform, 'foundation');
    new TeamOnboarding(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const { unsuppressed, findings, suppressed } = reviewerFindings(app, 'onboarding-payments');
    expect(unsuppressed).toEqual(['onboarding-payments/payments/infrastructure-repository/payments-prod/environment']);
    expect(findings).toEqual([]);
    expect(suppressed).toEqual([['onboarding-payments/payments/infrastructure-repository/payments-prod/environment',
      'GitHub offers required reviewers on a private repository only with Enterprise Cloud (githubPlan is "team"); the gate is the main-only deployment branch policy and the gate\'s own apply identity']]);
  });

  test('Team with a public repository keeps the reviewers', () => {
    // A public repository fails the GP-GH-001 guardrail: turned off here, the plan is what is tested.
    const { stack, make } = serviceFixture({ githubPlan: GithubPlan.TEAM, guardrails: { enabled: false } }, RepositoryVisibility.PUBLIC);
    const service = make();
    expect(prodEnvironment(synth(stack)).reviewers).toHaveLength(1);
    expect(warnings(service.repository)).toEqual([]);
  });

  test('Free with a private repository fails at synth with the fix', () => {
    const { make } = serviceFixture({ githubPlan: GithubPlan.FREE });
    expect(errorOf(make)).toBe(
      '[test/platform/payments/payment-service/repository] invalid visibility "private": on GitHub Free, a private repository has neither rulesets nor environments, so nothing would protect main or gate production. '
      + 'Fix: move the organization to GitHub Team (githubPlan: "team") or Enterprise Cloud, or make the repository public (visibility: RepositoryVisibility.PUBLIC).',
    );
  });

  // REST API, "Create an organization repository" (https://docs.github.com/en/rest/repos/repos#create-an-organization-repository):
  // "If your organization is associated with an enterprise account using GitHub Enterprise Cloud or GitHub Enterprise
  // Server 2.20+, visibility can also be internal."
  test('Team with an internal repository fails at synth: internal repositories are an enterprise account\'s', () => {
    const { make } = serviceFixture({ githubPlan: GithubPlan.TEAM }, RepositoryVisibility.INTERNAL);
    expect(errorOf(make)).toBe(
      '[test/platform/payments/payment-service/repository] invalid visibility "internal": is for organizations of an enterprise account (GitHub Enterprise Cloud or Server), and the platform\'s githubPlan is "team", on which GitHub refuses to create an internal repository. '
      + 'Fix: use RepositoryVisibility.PRIVATE (the team and its members get access), or set githubPlan: "enterprise" in the platform settings if the organization belongs to an enterprise account.',
    );
  });

  test('Enterprise (the default) with an internal repository makes it internal', () => {
    const { stack, make } = serviceFixture({}, RepositoryVisibility.INTERNAL);
    make();
    expect(resource(synth(stack), 'github_repository').visibility).toBe('internal');
  });

  test('an unknown plan fails at synth', () => {
    expect(errorOf(() => platformFixture({ githubPlan: 'pro' as GithubPlan }))).toBe(
      '[test/platform] invalid githubPlan "pro": is not a GithubPlan (the values are "free", "team", "enterprise"). Fix: use one of GithubPlan.FREE, GithubPlan.TEAM, GithubPlan.ENTERPRISE.',
    );
  });
});

/**
 * Platform-owned files are rewritten on later applies, which the ruleset
 * rejects unless Terraform's identity may bypass it. GitHub REST "Repository
 * rules" / Terraform github_repository_ruleset: bypass_actors take
 * actor_type "Integration" with the GitHub App's id as actor_id.
 */
describe('terraformGithubAppId', () => {
  test('adds the GitHub App Terraform runs as to the ruleset\'s bypass actors', () => {
    const { stack, make } = serviceFixture({ terraformGithubAppId: 123456 });
    make();
    expect(resource(synth(stack), 'github_repository_ruleset').bypass_actors).toEqual([
      { actor_type: 'OrganizationAdmin', actor_id: 1, bypass_mode: 'always' },
      { actor_type: 'Integration', actor_id: 123456, bypass_mode: 'always' },
    ]);
  });

  test('is a positive integer', () => {
    expect(errorOf(() => platformFixture({ terraformGithubAppId: -3 }))).toBe(
      '[test/platform] invalid terraformGithubAppId -3: is not a GitHub App id. Fix: use the App ID shown on the GitHub App\'s settings page, e.g. 123456.',
    );
  });
});
