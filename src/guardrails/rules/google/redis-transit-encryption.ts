import { isRedisInstance } from './redis';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { isExpression, unresolved } from '../../values';

/** A Redis instance encrypts traffic in transit (transit_encryption_mode SERVER_AUTHENTICATION). */
export function redisTransitEncryption(e: TerraformElement): RuleOutcome {
  if (!isRedisInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = e.config?.transit_encryption_mode;
  if (value === 'SERVER_AUTHENTICATION') return RuleCompliance.COMPLIANT;
  if (isExpression(value)) return nonCompliant(unresolved('transit_encryption_mode', value));
  return nonCompliant(`transit_encryption_mode is ${value === undefined ? 'unset (DISABLED)' : JSON.stringify(value)}`);
}
