import { autoscalersOf, SCALABLE_WORKLOADS } from './workloads';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, isExpression, num, unresolved } from '../../values';

/**
 * A production workload runs at least 2 replicas. A workload scaled by a
 * HorizontalPodAutoscaler is judged through the autoscaler's minimum (GP-K8S-009).
 */
export function productionReplicas(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!(e.elementType in SCALABLE_WORKLOADS) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  if (autoscalersOf(e, stack).length > 0) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'spec', 'replicas');
  if (isExpression(value)) return nonCompliant(`${unresolved('spec.replicas', value)} in production environment "${stack.environmentOf(e)}"`);
  const replicas = num(value) ?? 1;
  return replicas >= 2 ? RuleCompliance.COMPLIANT
    : nonCompliant(`runs ${replicas} replica${replicas === 1 ? '' : 's'}${value === undefined ? ' (replicas is unset)' : ''} in production environment "${stack.environmentOf(e)}"`);
}
