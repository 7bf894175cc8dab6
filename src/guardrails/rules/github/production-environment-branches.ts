import { deploymentPoliciesOf, matchesAnyName, productionEnvironment } from './environments';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { bool, dig, isExpression, literal, unresolved } from '../../values';

/**
 * A production GitHub environment takes jobs from chosen branches only: its
 * `deployment_branch_policy` sets `protected_branches` (branches with
 * protection rules) or `custom_branch_policies`, whose deployment policies in
 * the stack name branches or tags, none of them a pattern that matches any
 * name (`*`). Without a policy, a job on any branch (anyone's push) may use
 * the environment, its secrets and its deploy identity
 * (https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment#deployment_branch_policy).
 */
export function productionEnvironmentBranches(e: TerraformElement, stack: StackView): RuleOutcome {
  const env = productionEnvironment(e, stack);
  if (env === undefined) return RuleCompliance.NOT_APPLICABLE;
  const policy = dig(e.config, 'deployment_branch_policy');
  if (isExpression(policy)) return judge([unresolved('deployment_branch_policy', policy)]);
  if (policy === undefined || policy === null) return judge([`deployment_branch_policy is unset, so jobs on any branch may deploy to production environment "${env}"`]);
  const problems: string[] = [];
  const flags: Record<string, boolean | undefined> = {};
  for (const attribute of ['protected_branches', 'custom_branch_policies']) {
    const value = stack.resolve(policy[attribute]);
    if (isExpression(value)) problems.push(unresolved(`deployment_branch_policy.${attribute}`, value));
    flags[attribute] = bool(value);
  }
  if (problems.length > 0) return judge(problems);
  if (flags.protected_branches === true) return RuleCompliance.COMPLIANT;
  if (flags.custom_branch_policies !== true) {
    return judge([`deployment_branch_policy sets neither protected_branches nor custom_branch_policies to true, so jobs on any branch may deploy to production environment "${env}"`]);
  }
  for (const p of deploymentPoliciesOf(e, stack)) {
    const pattern = stack.resolve(p.pattern);
    const text = literal(pattern);
    if (isExpression(pattern)) {
      problems.push(`${p.element.address}: ${unresolved(p.attribute, pattern)}`);
    } else if (text !== undefined && matchesAnyName(text)) {
      problems.push(`${p.element.address} lets ${p.attribute === 'tag_pattern' ? 'any tag' : 'any branch'} (${p.attribute} ${JSON.stringify(pattern)}) deploy to production environment "${env}"`);
    }
  }
  return judge(problems);
}
