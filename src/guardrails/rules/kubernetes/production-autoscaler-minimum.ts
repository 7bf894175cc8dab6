import { HPA_TYPES } from './workloads';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, isExpression, num, unresolved } from '../../values';

/** A production HorizontalPodAutoscaler keeps at least 2 replicas. */
export function productionAutoscalerMinimum(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!HPA_TYPES.includes(e.elementType) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'spec', 'min_replicas');
  if (isExpression(value)) return nonCompliant(`${unresolved('spec.min_replicas', value)} in production environment "${stack.environmentOf(e)}"`);
  const min = num(value) ?? 1;
  return min >= 2 ? RuleCompliance.COMPLIANT
    : nonCompliant(`min_replicas is ${min}${value === undefined ? ' (unset)' : ''} in production environment "${stack.environmentOf(e)}"`);
}
