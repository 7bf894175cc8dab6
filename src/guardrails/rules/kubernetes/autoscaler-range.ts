import { HPA_TYPES } from './workloads';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { dig, num } from '../../values';

/** A HorizontalPodAutoscaler's max_replicas is at least its min_replicas. */
export function autoscalerRange(e: TerraformElement): RuleOutcome {
  if (!HPA_TYPES.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  const spec = dig(e.config, 'spec') ?? {};
  const max = num(spec.max_replicas);
  const min = spec.min_replicas === undefined ? 1 : num(spec.min_replicas);
  if (max === undefined || min === undefined) return RuleCompliance.COMPLIANT;
  return max >= min ? RuleCompliance.COMPLIANT : nonCompliant(`max_replicas ${max} is below min_replicas ${min}`);
}
