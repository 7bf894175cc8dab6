import { QUOTA_TYPES } from './workloads';
import { RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { KUBERNETES_NAMESPACE_TYPES, type StackView } from '../../stack-view';

/** A namespace has a ResourceQuota in the same stack. */
export function namespaceQuota(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!KUBERNETES_NAMESPACE_TYPES.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  return stack.inNamespace(e, ...QUOTA_TYPES).length > 0 ? RuleCompliance.COMPLIANT : RuleCompliance.NON_COMPLIANT;
}
