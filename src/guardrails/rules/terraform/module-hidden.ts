import { ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';

/**
 * A module's resources are not in the stack's configuration (only its
 * `source` and inputs are: https://developer.hashicorp.com/terraform/language/modules/syntax),
 * so no rule judges what it makes or runs. A reviewed module is allowed
 * through a suppression with its reason.
 */
export function moduleHidden(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.MODULE) return RuleCompliance.NOT_APPLICABLE;
  return nonCompliant(`module source ${JSON.stringify(e.config?.source ?? null)}${e.config?.version !== undefined ? ` version ${JSON.stringify(e.config.version)}` : ''}: its resources are not in cdk.tf.json, so no rule judges them`);
}
