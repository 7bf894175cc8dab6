import { ElementKind, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { bool, dig, list, literal, num } from '../../values';

/** The repository resource type. */
export const REPOSITORY = 'github_repository';

/** Whether an element is a repository resource. */
export function isRepository(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && e.elementType === REPOSITORY;
}

/** What protects a branch: a classic branch protection or an active repository ruleset. */
export interface Protection {
  readonly element: TerraformElement;
  /** Whether it requires at least one status check. */
  readonly requiresChecks: boolean;
  /** Whether it requires at least one approving review. */
  readonly requiresReviews: boolean;
}

const repoName = (c: any) => c?.name;
const repoNameOrNodeId = [repoName, (c: any) => c?.node_id];

/** The default branch of a repository: a github_branch_default of the stack, its default_branch, else "main". */
export function defaultBranchOf(repo: TerraformElement, stack: StackView): string {
  const [setting] = stack.naming(repo, ['github_branch_default'], 'repository', (c) => c?.repository, repoName);
  return literal(setting?.config?.branch) ?? literal(repo.config?.default_branch) ?? 'main';
}

/** Whether a branch name matches a protection pattern (`*` within a segment, `**` across segments). */
export function branchMatches(pattern: string, branch: string): boolean {
  const regex = pattern.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*');
  return new RegExp(`^${regex}$`).test(branch);
}

/** The protections of the stack that cover a repository's default branch. */
export function defaultBranchProtections(repo: TerraformElement, stack: StackView): Protection[] {
  return stack.cached(`github-default-branch-protections:${repo.address}`, () => findProtections(repo, stack));
}

function findProtections(repo: TerraformElement, stack: StackView): Protection[] {
  const branch = defaultBranchOf(repo, stack);
  const found: Protection[] = [];
  for (const p of stack.naming(repo, ['github_branch_protection'], 'repository_id', (c) => c?.repository_id, ...repoNameOrNodeId)) {
    const pattern = literal(p.config?.pattern);
    if (pattern === undefined || !branchMatches(pattern, branch)) continue;
    const reviews = dig(p.config, 'required_pull_request_reviews');
    found.push({
      element: p,
      requiresChecks: list(dig(p.config, 'required_status_checks')?.contexts).length > 0,
      requiresReviews: reviews !== undefined && (num(reviews.required_approving_review_count) ?? 1) >= 1,
    });
  }
  for (const p of stack.naming(repo, ['github_branch_protection_v3'], 'repository', (c) => c?.repository, repoName)) {
    const name = literal(p.config?.branch);
    if (name === undefined || !branchMatches(name, branch)) continue;
    const checks = dig(p.config, 'required_status_checks');
    const reviews = dig(p.config, 'required_pull_request_reviews');
    found.push({
      element: p,
      requiresChecks: list(checks?.contexts).length + list(checks?.checks).length > 0,
      requiresReviews: reviews !== undefined && (num(reviews.required_approving_review_count) ?? 1) >= 1,
    });
  }
  for (const r of stack.naming(repo, ['github_repository_ruleset'], 'repository', (c) => c?.repository, repoName)) {
    if (literal(r.config?.target) !== 'branch' || literal(r.config?.enforcement) !== 'active') continue;
    const refs = dig(r.config, 'conditions', 'ref_name') ?? {};
    const targets = (ref: unknown) => ref === '~ALL' || ref === '~DEFAULT_BRANCH' || (typeof ref === 'string' && branchMatches(ref.replace(/^refs\/heads\//, ''), branch));
    if (!list(refs.include).some(targets) || list(refs.exclude).some(targets)) continue;
    const rules = dig(r.config, 'rules') ?? {};
    const pr = dig(rules, 'pull_request');
    found.push({
      element: r,
      requiresChecks: list(dig(rules, 'required_status_checks')?.required_check).length > 0,
      requiresReviews: pr !== undefined && (num(pr.required_approving_review_count) ?? 0) >= 1,
    });
  }
  return found;
}

/** Whether a repository is archived (its protections no longer matter). */
export function isArchived(repo: TerraformElement): boolean {
  return bool(repo.config?.archived) === true;
}
