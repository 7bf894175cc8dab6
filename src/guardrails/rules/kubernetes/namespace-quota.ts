import { QUOTA_TYPES } from './workloads';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { KUBERNETES_NAMESPACE_TYPES, type StackView } from '../../stack-view';
import { dig, literal } from '../../values';

/** A namespace has a ResourceQuota (one Terraform creates) in the same stack. */
export function namespaceQuota(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!KUBERNETES_NAMESPACE_TYPES.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  if (stack.inNamespace(e, ...QUOTA_TYPES).length > 0) return RuleCompliance.COMPLIANT;
  const name = literal(dig(e.config, 'metadata', 'name'));
  return nonCompliant(`no ResourceQuota that Terraform creates is in namespace ${name === undefined ? 'of this resource' : JSON.stringify(name)}`);
}
