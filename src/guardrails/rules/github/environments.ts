import { ElementKind, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { literal } from '../../values';

/**
 * A GitHub environment and what gates its jobs
 * (https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment):
 * `reviewers` (blocks of `teams` and `users` ids), `prevent_self_review`,
 * `can_admins_bypass` (on unless false) and `deployment_branch_policy`
 * (`protected_branches`, `custom_branch_policies`), whose custom policies are
 * `github_repository_environment_deployment_policy` resources
 * (`branch_pattern` or `tag_pattern`,
 * https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment_deployment_policy)
 * or the older `github_repository_deployment_branch_policy` (`name`,
 * `environment_name`,
 * https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_deployment_branch_policy).
 */
export const ENVIRONMENT = 'github_repository_environment';
const POLICY = 'github_repository_environment_deployment_policy';
const BRANCH_POLICY = 'github_repository_deployment_branch_policy';

/** The production environment a GitHub environment resource is, if it is one: its name, or what the stack tells of it. */
export function productionEnvironment(e: TerraformElement, stack: StackView): string | undefined {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== ENVIRONMENT) return undefined;
  const name = literal(stack.resolve(e.config?.environment));
  if (name !== undefined && stack.isProductionName(name)) return name;
  return stack.isProduction(e) ? name ?? stack.environmentOf(e) : undefined;
}

/** A deployment policy of an environment, with the pattern it allows. */
export interface DeploymentPolicy {
  readonly element: TerraformElement;
  /** `branch_pattern`, `tag_pattern` or `name`. */
  readonly attribute: string;
  readonly pattern: unknown;
}

/** Whether two repository values can name the same repository (unknown counts as yes). */
function sameRepository(a: unknown, b: unknown, stack: StackView): boolean {
  const ra = stack.referenced(a);
  const rb = stack.referenced(b);
  if (ra !== undefined && rb !== undefined) return ra === rb;
  const la = literal(a) ?? literal(ra?.config?.name);
  const lb = literal(b) ?? literal(rb?.config?.name);
  return la === undefined || lb === undefined || la === lb;
}

/** The deployment policies of the stack that apply to an environment (Terraform creates them: count 0 is none). */
export function deploymentPoliciesOf(env: TerraformElement, stack: StackView): DeploymentPolicy[] {
  const envName = (c: any) => c?.environment;
  const found: DeploymentPolicy[] = [];
  for (const p of stack.naming(env, [POLICY], 'environment', (c) => c?.environment, envName)) {
    if (!sameRepository(p.config?.repository, env.config?.repository, stack)) continue;
    for (const attribute of ['branch_pattern', 'tag_pattern']) {
      if (p.config?.[attribute] !== undefined) found.push({ element: p, attribute, pattern: p.config[attribute] });
    }
  }
  for (const p of stack.naming(env, [BRANCH_POLICY], 'environment_name', (c) => c?.environment_name, envName)) {
    if (!sameRepository(p.config?.repository, env.config?.repository, stack)) continue;
    found.push({ element: p, attribute: 'name', pattern: p.config?.name });
  }
  return found;
}

/**
 * Whether a branch or tag name pattern matches whatever name its author
 * chooses: only wildcards and slashes (`*`, `**`, `*\/*`). GitHub matches
 * these patterns with File.fnmatch
 * (https://docs.github.com/en/actions/deployment/targeting-different-environments/managing-environments-for-deployment#deployment-branches-and-tags),
 * where `*` is any name without a slash.
 */
export function matchesAnyName(pattern: string): boolean {
  return /^[*?/]+$/.test(pattern.trim()) && pattern.includes('*');
}
