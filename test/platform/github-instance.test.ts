import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { PAYMENTS } from '../../examples/teams';
import { GoMicroservice, Platform, PlatformFoundation, type PlatformProps, TeamEnvironment, TeamOnboarding } from '../../src';
import { ElementKind, RuleCompliance } from '../../src/guardrails/rule';
import { isGithubActionsIssuer, workloadIdentityCondition } from '../../src/guardrails/rules/google/workload-identity-condition';
import { readPlatformSettings } from '../../src/platform/platform-settings';
import { githubProviderBaseUrl } from '../../src/platform/platform-validation';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resource, synth } from '../util';

/**
 * GitHub Enterprise Server and GHE.com (issue 25, item 20): the OIDC issuer the
 * Workload Identity provider trusts, the REST API the GitHub providers call and
 * the App ID of GitHub Actions (whose check runs alone satisfy required checks)
 * are settings with github.com's values as defaults, validated, and used
 * wherever the platform writes them.
 *
 * - Issuers: `https://token.actions.githubusercontent.com` on github.com,
 *   `https://HOSTNAME/_services/token` on GitHub Enterprise Server,
 *   `https://token.actions.SUBDOMAIN.ghe.com` on GHE.com, and
 *   `https://token.actions.githubusercontent.com/<enterpriseSlug>` for an enterprise's unique issuer
 *   (https://docs.github.com/en/actions/reference/security/oidc, "OIDC token claims",
 *   "Substituted values on GHE.com", "Customizing the issuer value for an enterprise").
 * - REST API: `https://HOSTNAME/api/v3` on GitHub Enterprise Server
 *   (https://docs.github.com/en/enterprise-server@3.14/rest/enterprise-admin, "Endpoint URLs"),
 *   `https://api.SUBDOMAIN.ghe.com` on GHE.com.
 * - The GitHub provider's base_url (integrations/github 6.9.0,
 *   https://registry.terraform.io/providers/integrations/github/6.9.0/docs#base_url): its REST client
 *   appends `api/v3/` to any base but "https://api.github.com/" and GHE.com's
 *   (`^https://[a-zA-Z0-9.\-]*\.ghe\.com$`, config.go `NewRESTClient`), so a server's base is its host.
 */

const GHES: Partial<PlatformProps> = {
  githubApiUrl: 'https://github.acme.internal/api/v3',
  githubOidcIssuer: 'https://github.acme.internal/_services/token',
  githubActionsAppId: 27,
};

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function serviceIn(platform: Platform) {
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  return new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
}

function appStacks(props: Partial<PlatformProps>): Record<string, any> {
  const app = new App({ outdir: tmpdir('github-instance-') });
  const platform = new Platform(app, 'acme', { ...APP_PLATFORM_PROPS, ...props });
  new PlatformFoundation(platform, 'foundation');
  serviceIn(platform);
  return Object.fromEntries(platform.stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));
}

describe('github.com: the defaults', () => {
  const { stack, platform } = platformFixture();
  serviceIn(platform);
  const json = synth(stack);

  test('are github.com\'s issuer, API and Actions App ID', () => {
    expect(platform.githubOidcIssuer).toBe('https://token.actions.githubusercontent.com');
    expect(platform.githubApiUrl).toBe('https://api.github.com');
    expect(platform.githubActionsAppId).toBe(15368);
    expect(resource(json, 'google_iam_workload_identity_pool_provider').oidc).toEqual({ issuer_uri: 'https://token.actions.githubusercontent.com' });
    const rules = resource(json, 'github_repository_ruleset').rules;
    expect(rules.required_status_checks.required_check.every((c: any) => c.integration_id === 15368)).toBe(true);
  });

  test('leave the GitHub provider of every stack at its own default', () => {
    const stacks = appStacks({});
    for (const id of ['foundation', 'payments']) expect(stacks[id].provider.github).toEqual([{ owner: 'acme' }]);
  });
});

describe('GitHub Enterprise Server', () => {
  test('the Workload Identity provider trusts the server\'s issuer', () => {
    const { stack, platform } = platformFixture(GHES);
    serviceIn(platform);
    expect(resource(synth(stack), 'google_iam_workload_identity_pool_provider').oidc).toEqual({ issuer_uri: 'https://github.acme.internal/_services/token' });
  });

  test('required checks must come from the server\'s GitHub Actions App', () => {
    const { stack, platform } = platformFixture(GHES);
    serviceIn(platform);
    const checks = resource(synth(stack), 'github_repository_ruleset').rules.required_status_checks.required_check;
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.map((c: any) => c.integration_id)).toEqual(checks.map(() => 27));
  });

  test('every stack\'s GitHub provider calls the server: its host as base_url, to which the provider adds api/v3/', () => {
    const stacks = appStacks(GHES);
    for (const id of ['foundation', 'payments']) {
      expect(stacks[id].provider.github).toEqual([{ owner: 'acme', base_url: 'https://github.acme.internal/' }]);
    }
    expect(Object.values(stacks.foundation.resource.google_iam_workload_identity_pool_provider)[0])
      .toMatchObject({ oidc: { issuer_uri: 'https://github.acme.internal/_services/token' } });
  });

  test('an onboarded team\'s infrastructure repository requires the server\'s GitHub Actions check', () => {
    const app = new App({ outdir: tmpdir('github-instance-onboarding-') });
    const platform = new Platform(app, 'acme', {
      ...APP_PLATFORM_PROPS,
      ...GHES,
      terraformGithubAppId: 123456,
      terraformGithubReaderAppId: 654321,
      stateBucket: 'acme-terraform-state',
      billingAccount: '012345-6789AB-CDEF01',
    });
    new PlatformFoundation(platform, 'foundation');
    const onboarding = new TeamOnboarding(platform, 'payments', PAYMENTS);
    const json = JSON.parse(Testing.synth(onboarding.stack));
    const ruleset = resource(json, 'github_repository_ruleset', (r) => r.target === 'branch');
    expect(ruleset.rules.required_status_checks.required_check).toEqual([{ context: expect.any(String), integration_id: 27 }]);
    expect(json.provider.github).toEqual([{ owner: 'acme', base_url: 'https://github.acme.internal/' }]);
  });
});

describe('GHE.com', () => {
  test('the provider\'s base_url is the API itself, without the trailing slash its GHE.com match needs absent', () => {
    expect(githubProviderBaseUrl('https://api.octocorp.ghe.com')).toBe('https://api.octocorp.ghe.com');
    expect(githubProviderBaseUrl('https://github.acme.internal/api/v3')).toBe('https://github.acme.internal/');
    expect(githubProviderBaseUrl('https://api.github.com')).toBeUndefined();
    const stacks = appStacks({ githubApiUrl: 'https://api.octocorp.ghe.com', githubOidcIssuer: 'https://token.actions.octocorp.ghe.com', githubActionsAppId: 99 });
    expect(stacks.payments.provider.github).toEqual([{ owner: 'acme', base_url: 'https://api.octocorp.ghe.com' }]);
  });

  test('an enterprise\'s unique issuer (a slug after the host) is an issuer', () => {
    expect(() => platformFixture({ githubOidcIssuer: 'https://token.actions.githubusercontent.com/octocat-inc' })).not.toThrow();
    expect(() => platformFixture({ githubApiUrl: 'https://api.octocorp.ghe.com', githubOidcIssuer: 'https://token.actions.octocorp.ghe.com/octocorp', githubActionsAppId: 5 })).not.toThrow();
  });
});

describe('platform.json', () => {
  test('carries the three settings, read back as they were published', () => {
    const dir = tmpdir('github-instance-settings-');
    const file = path.join(dir, 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ ...APP_PLATFORM_PROPS, ...GHES }));
    const read = readPlatformSettings(file);
    expect(read.settings).toMatchObject(GHES);
    const app = new App({ outdir: dir });
    const platform = Platform.fromFile(app, 'acme', file);
    const foundation = new PlatformFoundation(platform, 'foundation');
    expect(foundation.publishedSettings(dir)).toMatchObject(GHES);
  });

  test('refuses a value of the wrong type with the JSON pointer', () => {
    const file = path.join(tmpdir('github-instance-bad-'), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ ...APP_PLATFORM_PROPS, githubActionsAppId: '27' }));
    expect(errorOf(() => readPlatformSettings(file))).toBe(`[${file}] invalid /githubActionsAppId "27": is not a number. Fix: write a number there.`);
  });
});

describe('errors', () => {
  test.each([
    ['https://token.actions.githubusercontent.com/', 'is not an https URL without a trailing slash, query or fragment (tokens carry the issuer exactly so). Fix: leave out the trailing slash: "https://token.actions.githubusercontent.com".'],
    ['http://github.acme.internal/_services/token', 'is not an https URL without a trailing slash, query or fragment (tokens carry the issuer exactly so). Fix: give the issuer as "https://token.actions.githubusercontent.com" (github.com), "https://token.actions.<subdomain>.ghe.com" (GHE.com) or "https://<hostname>/_services/token" (GitHub Enterprise Server).'],
    ['https://github.acme.internal', 'is not an issuer of GitHub Actions\' OIDC tokens. Fix: on GitHub Enterprise Server the issuer is "https://github.acme.internal/_services/token".'],
  ])('githubOidcIssuer %s', (issuer, message) => {
    expect(errorOf(() => platformFixture({ githubOidcIssuer: issuer }))).toBe(`[test/platform] invalid githubOidcIssuer ${JSON.stringify(issuer)}: ${message}`);
  });

  test.each([
    ['https://github.com', 'github.com\'s API is "https://api.github.com"'],
    ['https://github.acme.internal', 'GitHub Enterprise Server\'s API is "https://github.acme.internal/api/v3"'],
    ['https://octocorp.ghe.com', 'GHE.com\'s API is "https://api.octocorp.ghe.com"'],
  ])('githubApiUrl %s (the web address, not the API)', (url, fix) => {
    expect(errorOf(() => platformFixture({ githubApiUrl: url, githubOidcIssuer: 'https://token.actions.githubusercontent.com', githubActionsAppId: 1 })))
      .toBe(`[test/platform] invalid githubApiUrl ${JSON.stringify(url)}: is not the URL of GitHub's REST API (the web address is not the API). Fix: ${fix}.`);
  });

  test('githubApiUrl with a trailing slash', () => {
    expect(errorOf(() => platformFixture({ githubApiUrl: 'https://api.github.com/' }))).toBe(
      '[test/platform] invalid githubApiUrl "https://api.github.com/": is not an https URL without a trailing slash, query or fragment. Fix: leave out the trailing slash: "https://api.github.com".');
  });

  test('githubActionsAppId must be an App ID', () => {
    expect(errorOf(() => platformFixture({ githubActionsAppId: 0 }))).toBe(
      '[test/platform] invalid githubActionsAppId 0: is not a GitHub App id. Fix: use the App ID shown on the GitHub App\'s settings page, e.g. 123456.');
  });

  test('off github.com, github.com\'s issuer and Actions App ID are not assumed', () => {
    expect(errorOf(() => platformFixture({ githubApiUrl: 'https://github.acme.internal/api/v3' }))).toBe([
      '[test/platform] 2 invalid props:',
      '  - invalid githubOidcIssuer undefined: is not given, but githubApiUrl "https://github.acme.internal/api/v3" is not github.com\'s, whose issuer would then be trusted instead of the instance\'s. Fix: set githubOidcIssuer to the instance\'s issuer, "https://github.acme.internal/_services/token".',
      '  - invalid githubActionsAppId undefined: is not given, but githubApiUrl "https://github.acme.internal/api/v3" is not github.com\'s, where GitHub Actions has another App ID, so no required check would ever pass. Fix: set githubActionsAppId to the id that `GET https://github.acme.internal/api/v3/apps/github-actions` answers.',
    ].join('\n'));
    expect(errorOf(() => platformFixture({ githubApiUrl: 'https://api.octocorp.ghe.com', githubActionsAppId: 3 }))).toContain(
      'set githubOidcIssuer to the instance\'s issuer, "https://token.actions.octocorp.ghe.com"');
  });
});

describe('the guardrail on Workload Identity providers', () => {
  test('knows the issuers of GitHub Enterprise Server and GHE.com as GitHub\'s, which serve every organization', () => {
    expect(isGithubActionsIssuer('https://github.acme.internal/_services/token')).toBe(true);
    expect(isGithubActionsIssuer('https://token.actions.octocorp.ghe.com')).toBe(true);
    expect(isGithubActionsIssuer('https://token.actions.githubusercontent.com/octocat-inc')).toBe(true);
    expect(isGithubActionsIssuer('https://gitlab.com')).toBe(false);
    const provider = (issuer: string, condition: string) => workloadIdentityCondition({
      kind: ElementKind.RESOURCE, elementType: 'google_iam_workload_identity_pool_provider', config: { attribute_condition: condition, oidc: { issuer_uri: issuer } },
    } as any);
    expect(provider('https://github.acme.internal/_services/token', 'true')).not.toBe(RuleCompliance.COMPLIANT);
    expect(provider('https://github.acme.internal/_services/token', "assertion.repository_owner == 'acme'")).toBe(RuleCompliance.COMPLIANT);
  });
});
