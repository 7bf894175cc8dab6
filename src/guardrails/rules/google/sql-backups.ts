import { isSqlInstance } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, dig, isExpression, unresolved } from '../../values';

/** A Cloud SQL instance has automated backups on. */
export function sqlBackups(e: TerraformElement): RuleOutcome {
  if (!isSqlInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const enabled = dig(e.config, 'settings', 'backup_configuration', 'enabled');
  if (isExpression(enabled)) return nonCompliant(unresolved('settings.backup_configuration.enabled', enabled));
  if (bool(enabled) === true) return RuleCompliance.COMPLIANT;
  return nonCompliant(enabled === undefined ? 'settings.backup_configuration.enabled is unset (off)' : 'settings.backup_configuration.enabled is false');
}
