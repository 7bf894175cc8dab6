import { isSqlInstance } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, isExpression } from '../../values';

/** A production Cloud SQL instance is REGIONAL (a standby in a second zone). */
export function sqlRegional(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isSqlInstance(e) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'settings', 'availability_type');
  if (value === 'REGIONAL' || isExpression(value)) return RuleCompliance.COMPLIANT;
  return nonCompliant(`settings.availability_type is ${value === undefined ? 'unset (ZONAL)' : JSON.stringify(value)} in production environment "${stack.environmentOf(e)}"`);
}
