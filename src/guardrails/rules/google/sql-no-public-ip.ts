import { isSqlInstance } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, dig, isExpression, unresolved } from '../../values';

/** A Cloud SQL instance has no public IPv4 address (ipv4_enabled is true unless set to false). */
export function sqlNoPublicIp(e: TerraformElement): RuleOutcome {
  if (!isSqlInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const value = dig(e.config, 'settings', 'ip_configuration', 'ipv4_enabled');
  if (isExpression(value)) return nonCompliant(unresolved('settings.ip_configuration.ipv4_enabled', value));
  if (bool(value) === false) return RuleCompliance.COMPLIANT;
  return nonCompliant(`settings.ip_configuration.ipv4_enabled is ${value === undefined ? 'unset, which gives the instance a public IPv4 address' : 'true'}`);
}
