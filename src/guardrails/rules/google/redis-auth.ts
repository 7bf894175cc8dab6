import { isRedisInstance } from './redis';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, unresolved } from '../../values';

/** A Redis instance requires AUTH. */
export function redisAuth(e: TerraformElement): RuleOutcome {
  if (!isRedisInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = e.config?.auth_enabled;
  if (isExpression(value)) return nonCompliant(unresolved('auth_enabled', value));
  if (bool(value) === true) return RuleCompliance.COMPLIANT;
  return nonCompliant(`auth_enabled is ${value === undefined ? 'unset (off)' : 'false'}`);
}
