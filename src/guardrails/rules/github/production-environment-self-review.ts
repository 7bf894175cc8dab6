import { productionEnvironment } from './environments';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { bool, isExpression, unresolved } from '../../values';

/**
 * In a production GitHub environment, whoever starts a deploy cannot approve
 * it (`prevent_self_review = true`) and repository admins wait for the
 * reviewers too (`can_admins_bypass = false`; the provider's default lets
 * them through):
 * https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment#prevent_self_review,
 * #can_admins_bypass.
 */
export function productionEnvironmentSelfReview(e: TerraformElement, stack: StackView): RuleOutcome {
  const env = productionEnvironment(e, stack);
  if (env === undefined) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  const self = stack.resolve(e.config?.prevent_self_review);
  if (isExpression(self)) problems.push(unresolved('prevent_self_review', self));
  else if (bool(self) !== true) problems.push(`prevent_self_review is ${self === undefined ? 'unset (off)' : 'false'}, so whoever starts a deploy to production environment "${env}" may approve it`);
  const admins = stack.resolve(e.config?.can_admins_bypass);
  if (isExpression(admins)) problems.push(unresolved('can_admins_bypass', admins));
  else if (bool(admins) !== false) problems.push(`can_admins_bypass is ${admins === undefined ? 'unset (on)' : 'true'}, so repository admins deploy to production environment "${env}" without its reviewers`);
  return judge(problems);
}
