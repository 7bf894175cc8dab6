import { ElementKind, judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { isExpression, list, literal, unresolved } from '../../values';

/**
 * Actors that may bypass a ruleset whenever they like. The provider's
 * `bypass_actors` block names an `actor_type` and a `bypass_mode` of
 * `always`, `pull_request` or `exempt`
 * (https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_ruleset#bypass_mode).
 * Organization admins and GitHub Apps (`OrganizationAdmin`, `Integration`)
 * may: that is how the platform keeps its own files in sync. A repository
 * role, a team or a deploy key may bypass only through a pull request.
 */
const ALLOWED_ALWAYS = new Set(['OrganizationAdmin', 'Integration']);
const UNCONDITIONAL = new Set(['always', 'exempt']);

/** No repository role, team or deploy key may bypass a repository ruleset outside a pull request. */
export function rulesetBypass(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== 'github_repository_ruleset') return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  list(e.config?.bypass_actors).forEach((actor, i) => {
    const at = `bypass_actors[${i}]`;
    const unknown = (['actor_type', 'bypass_mode'] as const).filter((attr) => isExpression(actor?.[attr]));
    if (unknown.length > 0) {
      problems.push(...unknown.map((attr) => unresolved(`${at}.${attr}`, actor[attr])));
      return;
    }
    const type = literal(actor?.actor_type) ?? 'unknown';
    const mode = literal(actor?.bypass_mode) ?? 'always';
    if (!ALLOWED_ALWAYS.has(type) && UNCONDITIONAL.has(mode)) {
      problems.push(`${at} lets ${type} ${JSON.stringify(actor?.actor_id ?? null)} bypass the ruleset with bypass_mode "${mode}"`);
    }
  });
  return judge(problems);
}
