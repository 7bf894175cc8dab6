import { isRedisInstance } from './redis';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { isExpression, unresolved } from '../../values';

/** A production Redis instance is STANDARD_HA (a replica in a second zone). */
export function redisHighAvailability(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isRedisInstance(e) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const tier = e.config?.tier;
  if (tier === 'STANDARD_HA') return RuleCompliance.COMPLIANT;
  const problem = isExpression(tier) ? unresolved('tier', tier) : `tier is ${tier === undefined ? 'unset (BASIC)' : JSON.stringify(tier)}`;
  return nonCompliant(`${problem} in production environment "${stack.environmentOf(e)}"`);
}
