import { OBSERVABILITY_ANNOTATIONS } from '../../../private/constants';
import { fromTerraformLiteral } from '../../../private/terraform-literal';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, isExpression, literal, map } from '../../values';

/** The golden path's label on everything it makes, and on a service's Deployment the component `server`. */
const MANAGED_BY = 'cdktf-golden-paths';
/** The Deployment annotations that say a service's SLOs or alerts are off where its environment has them, and why. */
const OFF_ANNOTATION = OBSERVABILITY_ANNOTATIONS.serviceLevels;
const REASON_ANNOTATION = OBSERVABILITY_ANNOTATIONS.serviceLevelsReason;
/** A reason a person can judge: at least this many characters (as suppressions need). */
const MIN_REASON_LENGTH = 10;

/** The user labels that tie a Cloud Monitoring resource to a service in an environment. */
function forService(e: TerraformElement, service: string, environment: string): boolean {
  const labels = map(e.config?.user_labels);
  return labels.service === service && labels.environment === environment;
}

/**
 * A production service of the golden path (a Deployment the library labels
 * `app.kubernetes.io/managed-by: cdktf-golden-paths`, component `server`) has
 * its availability and latency SLOs and their burn-rate alert policies in its
 * stack (Cloud Monitoring resources with the user labels `service` and
 * `environment` of it), unless its annotations say why they are off.
 */
export function productionServiceLevels(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.elementType !== 'kubernetes_deployment_v1' && e.elementType !== 'kubernetes_deployment') return RuleCompliance.NOT_APPLICABLE;
  const metadata = dig(e.config, 'metadata');
  const labels = map(metadata?.labels);
  if (labels['app.kubernetes.io/managed-by'] !== MANAGED_BY || labels['app.kubernetes.io/component'] !== 'server' || !stack.isProduction(e)) {
    return RuleCompliance.NOT_APPLICABLE;
  }
  const service = literal(metadata?.name) ?? '';
  const environment = stack.environmentOf(e) ?? '';
  const slos = stack.resources('google_monitoring_slo').filter((r) => forService(r, service, environment)).map((r) => literal(r.config?.slo_id));
  const alerts = stack.resources('google_monitoring_alert_policy').filter((r) => forService(r, service, environment) && r.config?.enabled !== false);
  const missing = [
    ...['availability', 'latency'].filter((slo) => !slos.includes(slo)).map((slo) => `no ${slo} SLO`),
    ...(alerts.length === 0 ? ['no burn-rate alert policy'] : []),
  ];
  if (missing.length === 0) return RuleCompliance.COMPLIANT;
  const annotations = map(metadata?.annotations);
  // The library escapes the reason for Terraform (`$${` reads as a literal `${`): text, not an expression.
  const written = annotations[REASON_ANNOTATION];
  const reason = typeof written === 'string' && !isExpression(written.replace(/\$\$\{/g, '')) ? fromTerraformLiteral(written).trim() : '';
  if (reason.length >= MIN_REASON_LENGTH) return RuleCompliance.COMPLIANT;
  const said = literal(annotations[OFF_ANNOTATION]);
  return nonCompliant(`service "${service}" in production environment "${environment}" has ${missing.join(', ')}`
    + `${said ? ` (turned ${said === 'off' ? 'off' : 'to no alerts'})` : ''}, and no reason is given (annotation ${REASON_ANNOTATION})`);
}
