import { isSqlInstance } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, isExpression, unresolved } from '../../values';

/** A production Cloud SQL instance is REGIONAL (a standby in a second zone). */
export function sqlRegional(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isSqlInstance(e) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'settings', 'availability_type');
  if (value === 'REGIONAL') return RuleCompliance.COMPLIANT;
  const problem = isExpression(value) ? unresolved('settings.availability_type', value)
    : `settings.availability_type is ${value === undefined ? 'unset (ZONAL)' : JSON.stringify(value)}`;
  return nonCompliant(`${problem} in production environment "${stack.environmentOf(e)}"`);
}
