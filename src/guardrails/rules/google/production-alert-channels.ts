import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { bool, isExpression } from '../../values';

/**
 * A production alert policy notifies someone: it names at least one
 * notification channel (`notification_channels`, google_monitoring_alert_policy,
 * https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/monitoring_alert_policy).
 * Without one, an incident opens in Cloud Monitoring and nobody hears of it.
 * A policy turned off (`enabled = false`) alerts nobody either way, and is
 * left to the rules on service levels. A reference (a channel made at apply,
 * a variable) counts as a channel.
 */
export function productionAlertChannels(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.elementType !== 'google_monitoring_alert_policy' || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  if (bool(e.config?.enabled) === false) return RuleCompliance.NOT_APPLICABLE;
  const channels = e.config?.notification_channels;
  if (isExpression(channels) || (Array.isArray(channels) && channels.length > 0)) return RuleCompliance.COMPLIANT;
  return judge([`the alert policy "${String(e.config?.display_name ?? e.address)}" in production environment "${stack.environmentOf(e)}" names no notification channel`]);
}
