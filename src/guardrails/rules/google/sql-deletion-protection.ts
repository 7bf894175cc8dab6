import { isSqlInstance } from './cloud-sql';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { bool, dig, isExpression, unresolved } from '../../values';

/**
 * A production Cloud SQL instance is protected from deletion twice: by
 * Terraform (deletion_protection, on unless false) and by the API
 * (settings.deletion_protection_enabled).
 */
export function sqlDeletionProtection(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!isSqlInstance(e) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  const terraform = e.config.deletion_protection;
  if (isExpression(terraform)) problems.push(unresolved('deletion_protection', terraform));
  else if (bool(terraform) === false) problems.push('deletion_protection is false');
  const api = dig(e.config, 'settings', 'deletion_protection_enabled');
  if (isExpression(api)) problems.push(unresolved('settings.deletion_protection_enabled', api));
  else if (bool(api) !== true) problems.push(`settings.deletion_protection_enabled is ${api === undefined ? 'unset (off)' : 'false'}`);
  return judge(problems.map((p) => `${p} in production environment "${stack.environmentOf(e)}"`));
}
