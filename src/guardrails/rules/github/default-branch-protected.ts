import { defaultBranchOf, defaultBranchProtections, isArchived, isRepository } from './branch-protection';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';

/**
 * A repository's default branch is protected by a github_branch_protection,
 * github_branch_protection_v3 or active github_repository_ruleset of the stack.
 */
export function defaultBranchProtected(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isRepository(e) || isArchived(e)) return RuleCompliance.NOT_APPLICABLE;
  if (defaultBranchProtections(e, stack).length > 0) return RuleCompliance.COMPLIANT;
  return nonCompliant(`no branch protection or ruleset in the stack covers its default branch "${defaultBranchOf(e, stack)}"`);
}
