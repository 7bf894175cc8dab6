import { ElementKind, type TerraformElement } from './element';
import type { StackView } from './stack-view';

export { ElementKind, type TerraformElement };

/** The verdict of one rule on one Terraform element. */
export enum RuleCompliance {
  /** The element meets the rule. */
  COMPLIANT = 'COMPLIANT',
  /** The element breaks the rule. */
  NON_COMPLIANT = 'NON_COMPLIANT',
  /** The rule does not judge this kind of element. */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

/** How much a finding matters. */
export enum GuardrailLevel {
  /** Fails synthesis (and the `cdktf-guardrails` command). */
  ERROR = 'error',
  /** Printed and reported; does not fail. */
  WARNING = 'warning',
}

/** A group of rules about one provider or concern. */
export enum GuardrailPack {
  /** Workloads, autoscalers, disruption budgets and namespaces (`GP-K8S-*`). */
  KUBERNETES = 'kubernetes',
  /** Cloud SQL, Memorystore, service accounts and Workload Identity (`GP-GCP-*`). */
  GOOGLE_CLOUD = 'google-cloud',
  /** Repositories and branch protection (`GP-GH-*`). */
  GITHUB = 'github',
  /** Literal secrets anywhere in the configuration (`GP-SEC-*`). */
  SECRETS = 'secrets',
  /** What Terraform runs or hides: provisioners, programs, modules, and in production the types no other pack judges (`GP-TF-*`). */
  TERRAFORM = 'terraform',
}

/** A non-compliant verdict with what exactly is wrong (`container "app" has no memory limit`). */
export interface NonCompliance {
  readonly compliance: RuleCompliance.NON_COMPLIANT;
  readonly details: readonly string[];
}

/** What a rule of a custom pack returns for one element. */
export interface RuleResult {
  /** The verdict. */
  readonly compliance: RuleCompliance;
  /**
   * What exactly is wrong, when the element breaks the rule (`label "cost-center" is missing`).
   * Never put a secret value here: details are printed and reported.
   * @default - the rule's message alone
   */
  readonly details?: string[];
}

/** What a rule returns. */
export type RuleOutcome = RuleCompliance | NonCompliance | RuleResult;

/**
 * A rule: a small pure function of one element and a read-only view of the
 * stack's other elements (for rules across resources).
 */
export type RuleCheck = (element: TerraformElement, stack: StackView) => RuleOutcome;

/** A guardrail rule, as documented and reported. */
export interface GuardrailRule {
  /** The rule id, e.g. `GP-K8S-001`. */
  readonly id: string;
  /** The pack it belongs to. */
  readonly pack: GuardrailPack;
  /** A short kebab-case name, e.g. `container-resources`. */
  readonly name: string;
  /** Its own level (before configuration). */
  readonly level: GuardrailLevel;
  /** What is wrong when it is broken. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Which elements a rule can judge, told from their kind and type alone: for
 * any other element its check returns NOT_APPLICABLE, so the engine does not
 * call it there.
 */
export type ElementScope = (kind: ElementKind, elementType: string) => boolean;

/** A rule as a pack holds it: its id, pack id, level, message and fix around the check. */
export interface RuleDefinition extends Omit<GuardrailRule, 'pack'> {
  /** The id of the pack it belongs to: a GuardrailPack, or the id of a custom pack. */
  readonly pack: string;
  /** The check. */
  readonly check: RuleCheck;
  /**
   * The elements the check can judge (built-in rules only; test/guardrails/engine-shortcuts.test.ts holds
   * every built-in rule to it).
   * @default - every element (a custom pack's rules run on every element)
   */
  readonly judges?: ElementScope;
}

/** A rule of a built-in pack: a rule definition that also says, in one line, what it checks. */
export interface BuiltInRuleDefinition extends RuleDefinition {
  /** What the rule checks, in one line of Markdown: the "what it checks" column of docs/guardrails.md, which is rendered from it. */
  readonly checks: string;
}

/** A non-compliant outcome with details; with none, the plain `NON_COMPLIANT`. */
export function nonCompliant(...details: string[]): RuleOutcome {
  return details.length === 0 ? RuleCompliance.NON_COMPLIANT : { compliance: RuleCompliance.NON_COMPLIANT, details };
}

/** Compliant when no problem was found, otherwise non-compliant with the problems as details. */
export function judge(problems: readonly string[]): RuleOutcome {
  return problems.length === 0 ? RuleCompliance.COMPLIANT : nonCompliant(...problems);
}

/** The compliance of an outcome. */
export function complianceOf(outcome: RuleOutcome): RuleCompliance {
  return typeof outcome === 'string' ? outcome : outcome.compliance;
}

/** The details of an outcome (empty unless it is a detailed non-compliance). */
export function detailsOf(outcome: RuleOutcome): readonly string[] {
  return typeof outcome === 'string' ? [] : outcome.details ?? [];
}

/** The scope of a rule that judges the resources of these types (and nothing else). */
export function resourcesOf(...types: string[]): ElementScope {
  const judged = new Set(types);
  return (kind, elementType) => kind === ElementKind.RESOURCE && judged.has(elementType);
}

/** The scope of a rule that judges every element of these types, whatever their kind. */
export function typesOf(...types: string[]): ElementScope {
  const judged = new Set(types);
  return (_kind, elementType) => judged.has(elementType);
}

/** The scope a rule's own test of an element tells, when that test reads only the element's kind and type. */
export function scopeOf(test: (e: TerraformElement) => boolean): ElementScope {
  return (kind, elementType) => test({ kind, elementType, name: '', address: '', config: undefined });
}
