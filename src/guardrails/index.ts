export { Guardrails, type GuardrailsOptions, type GuardrailRule } from './guardrails';
export { GuardrailLevel, GuardrailPack, RuleCompliance } from './rule';
export type { SuppressionOptions } from './suppressions';
