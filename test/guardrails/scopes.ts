import { ALL_RULES } from '../../src/guardrails/packs';
import { complianceOf, RuleCompliance, type TerraformElement } from '../../src/guardrails/rule';
import { StackView } from '../../src/guardrails/stack-view';
import { readAsTerraform } from '../../src/guardrails/terraform-json';

/**
 * Where a built-in rule says something other than NOT_APPLICABLE about an
 * element outside its declared scope (`judges`), or throws on one: the engine
 * calls a rule only on the elements of its scope, so such an element would
 * silently go unjudged. Every built-in rule runs on every element of `view`.
 */
export function scopeViolations(view: StackView, elements: readonly TerraformElement[] = view.elements): string[] {
  const found: string[] = [];
  for (const rule of ALL_RULES) {
    if (rule.judges === undefined) continue;
    for (const e of elements) {
      if (rule.judges(e.kind, e.elementType)) continue;
      let said: string;
      try {
        said = complianceOf(rule.check(e, view));
      } catch (error) {
        said = `throws (${(error as Error).message})`;
      }
      if (said !== RuleCompliance.NOT_APPLICABLE) found.push(`${rule.id} on ${e.kind} ${e.elementType} (${e.address}), outside its scope: ${said}`);
    }
  }
  return found;
}

/** Fails when a built-in rule judges an element of a configuration outside its declared scope (see {@link scopeViolations}). */
export function expectScopesHold(config: unknown, productionEnvironments: readonly string[], stackName?: string): void {
  let view: StackView;
  try {
    const read = config !== null && typeof config === 'object' && !Array.isArray(config) ? readAsTerraform([{ json: config }]) : config;
    view = StackView.fromConfig(read, { productionEnvironments, stackName });
  } catch {
    return; // a configuration the engine refuses as a whole: no rule runs on it
  }
  const violations = scopeViolations(view);
  if (violations.length > 0) throw new Error(`a built-in rule judges elements outside its declared scope (RuleDefinition.judges):\n  ${violations.join('\n  ')}`);
}
