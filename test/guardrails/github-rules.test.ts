import { BranchProtection } from '@cdktf/provider-github/lib/branch-protection';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { TerraformStack, Testing } from 'cdktf';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, tf, variant, verdict } from './util';
import { branchMatches } from '../../src/guardrails/rules/github/branch-protection';

const REPO = 'github_repository.svc';
const goodRepo = (): any => ({ name: 'payment-service', visibility: 'private', vulnerability_alerts: true });
const goodProtection = (): any => ({
  repository_id: '${github_repository.svc.node_id}',
  pattern: 'main',
  required_status_checks: { strict: true, contexts: ['unit-tests', 'lint'] },
  required_pull_request_reviews: { required_approving_review_count: 1 },
});
const github = (repo: any, protections: Record<string, Record<string, unknown>> = { github_branch_protection: { main: goodProtection() } }) =>
  tf({ github_repository: { svc: repo }, ...protections });

describe('GP-GH-001 repository not public', () => {
  test('compliant when private or internal', () => {
    expect(verdict('GP-GH-001', github(goodRepo()), REPO)).toEqual(COMPLIANT);
    expect(verdict('GP-GH-001', github(variant(goodRepo(), (c) => { c.visibility = 'internal'; })), REPO)).toEqual(COMPLIANT);
    expect(verdict('GP-GH-001', github(variant(goodRepo(), (c) => { delete c.visibility; c.private = true; })), REPO)).toEqual(COMPLIANT);
  });
  test('non-compliant when public, or when nothing makes it private', () => {
    expect(verdict('GP-GH-001', github(variant(goodRepo(), (c) => { c.visibility = 'public'; })), REPO)).toEqual(nonCompliant('visibility is "public"'));
    expect(verdict('GP-GH-001', github(variant(goodRepo(), (c) => { delete c.visibility; })), REPO))
      .toEqual(nonCompliant('neither visibility nor private is set, so the repository is created public'));
  });
  test('not applicable to other resources', () => {
    expect(verdict('GP-GH-001', github(goodRepo()), 'github_branch_protection.main')).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GH-002 vulnerability alerts', () => {
  test('compliant when on', () => {
    expect(verdict('GP-GH-002', github(goodRepo()), REPO)).toEqual(COMPLIANT);
  });
  test('non-compliant when off; archived repositories are not judged', () => {
    expect(verdict('GP-GH-002', github(variant(goodRepo(), (c) => { delete c.vulnerability_alerts; })), REPO)).toEqual(nonCompliant('vulnerability_alerts is unset (off)'));
    expect(verdict('GP-GH-002', github(variant(goodRepo(), (c) => { delete c.vulnerability_alerts; c.archived = true; })), REPO)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GH-003 default branch protected', () => {
  test('compliant with a protection by node id, by name, by v3 or by an active ruleset', () => {
    expect(verdict('GP-GH-003', github(goodRepo()), REPO)).toEqual(COMPLIANT);
    expect(verdict('GP-GH-003', github(goodRepo(), { github_branch_protection: { m: { ...goodProtection(), repository_id: 'payment-service' } } }), REPO)).toEqual(COMPLIANT);
    expect(verdict('GP-GH-003', github(goodRepo(), { github_branch_protection_v3: { m: { repository: '${github_repository.svc.name}', branch: 'main' } } }), REPO)).toEqual(COMPLIANT);
    const ruleset = { name: 'main', repository: 'payment-service', target: 'branch', enforcement: 'active', conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } }, rules: { deletion: true } };
    expect(verdict('GP-GH-003', github(goodRepo(), { github_repository_ruleset: { r: ruleset } }), REPO)).toEqual(COMPLIANT);
  });
  test('follows the default branch set by github_branch_default', () => {
    const config = github(goodRepo(), {
      github_branch_default: { d: { repository: '${github_repository.svc.name}', branch: 'trunk' } },
      github_branch_protection: { main: goodProtection() },
    });
    expect(verdict('GP-GH-003', config, REPO)).toEqual(nonCompliant('no branch protection or ruleset in the stack covers its default branch "trunk"'));
  });
  test('non-compliant without protection, or with protection of another repository or branch, or an evaluate-only ruleset', () => {
    const detail = 'no branch protection or ruleset in the stack covers its default branch "main"';
    expect(verdict('GP-GH-003', github(goodRepo(), {}), REPO)).toEqual(nonCompliant(detail));
    expect(verdict('GP-GH-003', github(goodRepo(), { github_branch_protection: { m: { ...goodProtection(), repository_id: 'other' } } }), REPO)).toEqual(nonCompliant(detail));
    expect(verdict('GP-GH-003', github(goodRepo(), { github_branch_protection: { m: { ...goodProtection(), pattern: 'release/*' } } }), REPO)).toEqual(nonCompliant(detail));
    const evaluate = { repository: 'payment-service', target: 'branch', enforcement: 'evaluate', conditions: { ref_name: { include: ['~ALL'], exclude: [] } }, rules: {} };
    expect(verdict('GP-GH-003', github(goodRepo(), { github_repository_ruleset: { r: evaluate } }), REPO)).toEqual(nonCompliant(detail));
  });
  test('branch patterns', () => {
    expect(branchMatches('main', 'main')).toBe(true);
    expect(branchMatches('ma*', 'main')).toBe(true);
    expect(branchMatches('*', 'feature/x')).toBe(false);
    expect(branchMatches('**', 'feature/x')).toBe(true);
    expect(branchMatches('release/*', 'main')).toBe(false);
  });
});

describe('GP-GH-004 required status checks', () => {
  test('compliant when the default branch protection requires checks', () => {
    expect(verdict('GP-GH-004', github(goodRepo()), REPO)).toEqual(COMPLIANT);
  });
  test('non-compliant when it requires none', () => {
    const p = variant(goodProtection(), (c) => { delete c.required_status_checks; });
    expect(verdict('GP-GH-004', github(goodRepo(), { github_branch_protection: { main: p } }), REPO))
      .toEqual(nonCompliant('github_branch_protection.main requires no status check'));
  });
  test('not applicable without a protection (GP-GH-003 reports that)', () => {
    expect(verdict('GP-GH-004', github(goodRepo(), {}), REPO)).toEqual(NOT_APPLICABLE);
  });
  test('a ruleset with required checks counts', () => {
    const ruleset = { repository: 'payment-service', target: 'branch', enforcement: 'active', conditions: { ref_name: { include: ['refs/heads/main'], exclude: [] } }, rules: { required_status_checks: { required_check: [{ context: 'unit-tests' }] }, pull_request: { required_approving_review_count: 1 } } };
    const config = github(goodRepo(), { github_repository_ruleset: { r: ruleset } });
    expect(verdict('GP-GH-004', config, REPO)).toEqual(COMPLIANT);
    expect(verdict('GP-GH-005', config, REPO)).toEqual(COMPLIANT);
  });
});

describe('GP-GH-005 required reviews', () => {
  test('compliant when the default branch protection requires a review', () => {
    expect(verdict('GP-GH-005', github(goodRepo()), REPO)).toEqual(COMPLIANT);
  });
  test('non-compliant without reviews, or with zero approvals', () => {
    const none = variant(goodProtection(), (c) => { delete c.required_pull_request_reviews; });
    expect(verdict('GP-GH-005', github(goodRepo(), { github_branch_protection: { main: none } }), REPO))
      .toEqual(nonCompliant('github_branch_protection.main requires no approving review'));
    const zero = variant(goodProtection(), (c) => { c.required_pull_request_reviews.required_approving_review_count = 0; });
    expect(verdict('GP-GH-005', github(goodRepo(), { github_branch_protection: { main: zero } }), REPO).compliance).toBe('NON_COMPLIANT');
  });
});

describe('GitHub rules on cdktf-synthesized resources', () => {
  test('a repository created with provider defaults and unprotected fails GP-GH-001..003', () => {
    const stack = new TerraformStack(Testing.app(), 'gh');
    new GithubProvider(stack, 'github', { owner: 'acme' });
    const repo = new Repository(stack, 'svc', { name: 'payment-service' });
    const config = JSON.parse(Testing.synth(stack));
    const address = 'github_repository.svc';
    expect(['GP-GH-001', 'GP-GH-002', 'GP-GH-003'].map((id) => verdict(id, config, address).compliance)).toEqual(['NON_COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);

    new BranchProtection(stack, 'main', {
      repositoryId: repo.nodeId,
      pattern: 'main',
      requiredStatusChecks: [{ contexts: ['unit-tests'] }],
      requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1 }],
    });
    const protectedConfig = JSON.parse(Testing.synth(stack));
    expect(['GP-GH-003', 'GP-GH-004', 'GP-GH-005'].map((id) => verdict(id, protectedConfig, address))).toEqual([COMPLIANT, COMPLIANT, COMPLIANT]);
  });
});
