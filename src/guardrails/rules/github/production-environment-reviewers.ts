import { productionEnvironment } from './environments';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { isExpression, list, unresolved } from '../../values';

/**
 * A production GitHub environment requires a reviewer: its `reviewers`
 * blocks name at least one team or user
 * (https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment#reviewers).
 * Without one, any job that may use the environment deploys to production
 * unreviewed. Where GitHub offers no reviewers (a private repository outside
 * GitHub Enterprise Cloud), the library suppresses this rule with that reason.
 */
export function productionEnvironmentReviewers(e: TerraformElement, stack: StackView): RuleOutcome {
  const env = productionEnvironment(e, stack);
  if (env === undefined) return RuleCompliance.NOT_APPLICABLE;
  const value = stack.resolve(e.config?.reviewers);
  if (isExpression(value)) return judge([unresolved('reviewers', value)]);
  let reviewers = 0;
  const problems: string[] = [];
  list(value).forEach((block, i) => {
    for (const attribute of ['teams', 'users']) {
      const ids = stack.resolve(block?.[attribute]);
      if (isExpression(ids)) problems.push(unresolved(`reviewers[${i}].${attribute}`, ids));
      else reviewers += list(ids).length;
    }
  });
  if (problems.length === 0 && reviewers === 0) problems.push(`production environment "${env}" requires no reviewer (reviewers ${value === undefined ? 'is unset' : 'names no team or user'})`);
  return judge(problems);
}
