import { isSqlInstance } from './cloud-sql';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, dig, isExpression, literal, unresolved } from '../../values';

/** SSL modes that refuse unencrypted connections. */
const ENCRYPTED_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

/** A Cloud SQL instance refuses unencrypted connections (ssl_mode, or require_ssl on older providers). */
export function sqlTlsRequired(e: TerraformElement): RuleOutcome {
  if (!isSqlInstance(e)) return RuleCompliance.NOT_APPLICABLE;
  const ip = dig(e.config, 'settings', 'ip_configuration') ?? {};
  if (ENCRYPTED_MODES.includes(literal(ip.ssl_mode) ?? '')) return RuleCompliance.COMPLIANT;
  if (isExpression(ip.ssl_mode)) return nonCompliant(unresolved('settings.ip_configuration.ssl_mode', ip.ssl_mode));
  if (ip.ssl_mode === undefined && bool(ip.require_ssl) === true) return RuleCompliance.COMPLIANT;
  return nonCompliant(ip.ssl_mode === undefined ? 'settings.ip_configuration.ssl_mode is unset, which allows unencrypted connections'
    : `settings.ip_configuration.ssl_mode is ${JSON.stringify(ip.ssl_mode)}`);
}
