import { isSqlInstance, sqlEngine } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, dig, isExpression, unresolved } from '../../values';

/**
 * A Cloud SQL instance can be restored to a point in time: PostgreSQL with
 * point_in_time_recovery_enabled, MySQL with binary_log_enabled.
 */
export function sqlPointInTimeRecovery(e: TerraformElement): RuleOutcome {
  if (!isSqlInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const engine = sqlEngine(e);
  const attribute = engine === 'postgres' ? 'point_in_time_recovery_enabled' : engine === 'mysql' ? 'binary_log_enabled' : undefined;
  if (attribute === undefined) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'settings', 'backup_configuration', attribute);
  if (isExpression(value)) return nonCompliant(unresolved(`settings.backup_configuration.${attribute}`, value));
  if (bool(value) === true) return RuleCompliance.COMPLIANT;
  return nonCompliant(`settings.backup_configuration.${attribute} is ${value === undefined ? 'unset (off)' : 'false'}`);
}
