import type { BuiltInRuleDefinition } from '../rule';
import { GITHUB_RULES } from './github';
import { GOOGLE_CLOUD_RULES } from './google-cloud';
import { KUBERNETES_RULES } from './kubernetes';
import { SECRETS_RULES } from './secrets';
import { TERRAFORM_RULES } from './terraform';

/** Every rule of every pack, in pack order. */
export const ALL_RULES: readonly BuiltInRuleDefinition[] = [
  ...KUBERNETES_RULES, ...GOOGLE_CLOUD_RULES, ...GITHUB_RULES, ...SECRETS_RULES, ...TERRAFORM_RULES,
];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** The rule with this id. */
export function ruleById(id: string): BuiltInRuleDefinition | undefined {
  return BY_ID.get(id);
}
