import { defaultBranchProtections, isArchived, isRepository } from './branch-protection';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';

/** The protection of a repository's default branch requires at least one approving review. */
export function requiredReviews(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isRepository(e) || isArchived(e)) return RuleCompliance.NOT_APPLICABLE;
  const protections = defaultBranchProtections(e, stack);
  if (protections.length === 0) return RuleCompliance.NOT_APPLICABLE;
  if (protections.some((p) => p.requiresReviews)) return RuleCompliance.COMPLIANT;
  return nonCompliant(`${protections.map((p) => p.element.address).join(', ')} require${protections.length === 1 ? 's' : ''} no approving review`);
}
