import { ElementKind, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { blank } from '../../values';

/**
 * A Workload Identity pool provider has an attribute condition, so that only
 * the intended identities (e.g. one GitHub repository) can use it.
 */
export function workloadIdentityCondition(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.type !== 'google_iam_workload_identity_pool_provider') return RuleCompliance.NOT_APPLICABLE;
  return blank(e.config?.attribute_condition) ? RuleCompliance.NON_COMPLIANT : RuleCompliance.COMPLIANT;
}
