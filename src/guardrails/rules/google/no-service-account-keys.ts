import { ElementKind, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';

/** No service-account key is created: keys are long-lived credentials; use Workload Identity instead. */
export function noServiceAccountKeys(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== 'google_service_account_key') return RuleCompliance.NOT_APPLICABLE;
  return RuleCompliance.NON_COMPLIANT;
}
