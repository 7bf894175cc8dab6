import { type ElementScope, ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { list } from '../../values';

/**
 * Nothing in a stack runs a program on the machine that plans or applies it,
 * which holds the stack's credentials: no provisioner on any resource
 * (`local-exec` runs a command there, `remote-exec` and `file` reach another
 * machine with credentials from the configuration:
 * https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax),
 * and no `external` data source, which runs its program during every plan,
 * pull requests' included
 * (https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external).
 * cdktf writes provisioners as `provisioner: [{ "local-exec": {...} }]`.
 */
export function runsOnRunner(e: TerraformElement): RuleOutcome {
  if (e.kind === ElementKind.DATA && e.elementType === 'external') {
    return judge([`runs the program ${JSON.stringify(e.config?.program ?? null)} on the machine that plans, with its credentials`]);
  }
  if (e.kind !== ElementKind.RESOURCE) return RuleCompliance.NOT_APPLICABLE;
  const provisioners = list(e.config?.provisioner).flatMap((p) => (p !== null && typeof p === 'object' ? Object.keys(p) : [String(p)]));
  return judge(provisioners.map((type) => `has a ${JSON.stringify(type)} provisioner, which runs ${type === 'local-exec' ? 'a command on the machine that applies, with its credentials' : 'on another machine, with credentials from the configuration'}`));
}

/** The elements GP-TF-001 judges: resources (their provisioners) and the external data source. */
export const runsOnRunnerScope: ElementScope = (kind, type) =>
  kind === ElementKind.RESOURCE || (kind === ElementKind.DATA && type === 'external');
