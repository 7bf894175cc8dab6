export { Guardrails, type GuardrailsOptions } from './guardrails';
export { GuardrailLevel, GuardrailPack, RuleCompliance, type GuardrailRule } from './rule';
export type { SuppressionOptions } from './suppressions';
