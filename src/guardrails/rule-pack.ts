import type { IConstruct } from 'constructs';
import type { IGuardrailStack, TerraformElement } from './element';
import { ALL_RULES, ruleById } from './packs';
import { GuardrailLevel, GuardrailPack, RuleCompliance, type RuleDefinition, type RuleResult } from './rule';
import type { PropProblem } from '../private/errors';

/**
 * A rule of a custom pack: a small pure function over one element of the
 * synthesized stack (its resolved Terraform JSON), with the id, level, message
 * and fix that findings and reports show.
 *
 * @example
 * class CostCenterLabel implements IGuardrailRule {
 *   public readonly id: string = 'ACME-001';
 *   public readonly name: string = 'cost-center-label';
 *   public readonly level: GuardrailLevel = GuardrailLevel.ERROR;
 *   public readonly message: string = 'A Cloud SQL instance has no cost-center label, so its cost lands on nobody.';
 *   public readonly fix: string = 'Add settings.user_labels["cost-center"].';
 *
 *   public check(element: TerraformElement, _stack: IGuardrailStack): RuleResult {
 *     if (element.elementType === 'google_sql_database_instance') {
 *       const labels = element.config.settings.user_labels;
 *       if (!labels) {
 *         return { compliance: RuleCompliance.NON_COMPLIANT };
 *       }
 *       if (!labels['cost-center']) {
 *         return { compliance: RuleCompliance.NON_COMPLIANT };
 *       }
 *       return { compliance: RuleCompliance.COMPLIANT };
 *     }
 *     return { compliance: RuleCompliance.NOT_APPLICABLE };
 *   }
 * }
 */
export interface IGuardrailRule {
  /** The rule id, unique across all packs (e.g. `ACME-001`): findings, levels and suppressions name it. */
  readonly id: string;
  /** A short kebab-case name, e.g. `cost-center-label`. */
  readonly name: string;
  /** Its own level: errors fail synth, warnings are reported. */
  readonly level: GuardrailLevel;
  /** What is wrong when it is broken, in a sentence. */
  readonly message: string;
  /** How to fix it, in a sentence. */
  readonly fix: string;
  /**
   * Judges one element. Pure: it must not change the element or the stack;
   * `stack` gives lookups across the stack's other elements.
   */
  check(element: TerraformElement, stack: IGuardrailStack): RuleResult;
}

/** Properties of a {@link GuardrailRulePack}. */
export interface GuardrailRulePackProps {
  /** The pack id, shown in reports (e.g. `acme`); it must differ from the built-in packs' ids. */
  readonly id: string;
  /** The rules of the pack. */
  readonly rules: IGuardrailRule[];
}

/**
 * A platform team's own pack of guardrail rules, run next to the built-in
 * packs (compare cdk-nag's `NagPack`). Add it with `Guardrails.addPack` or the
 * `customPacks` option of the Platform's `guardrails`; its findings fail synth,
 * can be suppressed with a reason and appear in the JSON and SARIF reports like
 * those of the built-in rules.
 *
 * @example
 * platform.guardrails.addPack(new GuardrailRulePack({ id: 'acme', rules: [costCenterLabel] }));
 */
export class GuardrailRulePack {
  /** The pack id. */
  public readonly id: string;
  private readonly _rules: IGuardrailRule[];

  public constructor(props: GuardrailRulePackProps) {
    this.id = props.id;
    this._rules = [...(props.rules ?? [])];
  }

  /** The rules of the pack. */
  public get rules(): IGuardrailRule[] {
    return [...this._rules];
  }
}

const RULE_ID = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;
const PACK_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What is wrong with a pack, given the rules already known (built-in ones and other custom packs'). */
export function packProblems(prop: string, pack: GuardrailRulePack, known: ReadonlyMap<string, RuleDefinition>): PropProblem[] {
  const found: PropProblem[] = [];
  if (!(pack instanceof GuardrailRulePack)) {
    return [{ prop, value: pack, problem: 'is not a GuardrailRulePack', fix: 'create it with new GuardrailRulePack({ id, rules })' }];
  }
  if (typeof pack.id !== 'string' || !PACK_ID.test(pack.id)) {
    found.push({ prop: `${prop}.id`, value: pack.id, problem: 'is not a pack id (lowercase letters, digits and "-")', fix: 'name the pack after its owner, e.g. "acme"' });
  } else if ((Object.values(GuardrailPack) as string[]).includes(pack.id)) {
    found.push({ prop: `${prop}.id`, value: pack.id, problem: 'is the id of a built-in pack', fix: 'give the pack its own id, e.g. "acme"' });
  }
  if (pack.rules.length === 0) {
    found.push({ prop: `${prop}.rules`, value: [], problem: 'is empty', fix: 'give the pack at least one rule' });
  }
  const seen = new Set<string>();
  pack.rules.forEach((rule, i) => {
    const at = `${prop}.rules[${i}]`;
    if (typeof rule?.id !== 'string' || !RULE_ID.test(rule.id)) {
      found.push({ prop: `${at}.id`, value: rule?.id, problem: 'is not a rule id (letters, digits and "-")', fix: 'use an id such as "ACME-001"' });
    } else if (seen.has(rule.id) || ruleById(rule.id) !== undefined || (known.has(rule.id) && known.get(rule.id)!.pack !== pack.id)) {
      found.push({ prop: `${at}.id`, value: rule.id, problem: 'is already the id of another rule', fix: 'give every rule an id of its own, e.g. prefixed with the pack id' });
    }
    if (typeof rule?.id === 'string') seen.add(rule.id);
    if (rule?.level !== GuardrailLevel.ERROR && rule?.level !== GuardrailLevel.WARNING) {
      found.push({ prop: `${at}.level`, value: rule?.level, problem: 'is not a guardrail level', fix: 'use GuardrailLevel.ERROR or GuardrailLevel.WARNING' });
    }
    for (const field of ['name', 'message', 'fix'] as const) {
      if (typeof rule?.[field] !== 'string' || rule[field].trim() === '') {
        found.push({ prop: `${at}.${field}`, value: rule?.[field], problem: 'is empty', fix: `say in a few words the rule's ${field}` });
      }
    }
    if (typeof rule?.check !== 'function') {
      found.push({ prop: `${at}.check`, value: rule?.check, problem: 'is not a function', fix: 'give the rule a check(element, stack) that returns a RuleResult' });
    }
  });
  return found;
}

const COMPLIANCES = Object.values(RuleCompliance) as string[];

/** The rules of a valid pack as the engine runs them; a check that returns no RuleResult fails the evaluation with the rule id. */
export function definitionsOf(pack: GuardrailRulePack): RuleDefinition[] {
  return pack.rules.map((rule) => ({
    id: rule.id,
    pack: pack.id,
    name: rule.name,
    level: rule.level,
    message: rule.message,
    fix: rule.fix,
    check: (element, stack) => {
      const result = rule.check(element, stack);
      if (result === null || typeof result !== 'object' || !COMPLIANCES.includes(result.compliance)) {
        throw new Error(`returned ${JSON.stringify(result)}, which is not a RuleResult ({ compliance: RuleCompliance.COMPLIANT } or another RuleCompliance)`);
      }
      return result;
    },
  }));
}

const CUSTOM_RULES = Symbol.for('cdktf-golden-paths.GuardrailCustomRules');

/** The rules of the custom packs added anywhere in the app of `scope`, by id. */
export function customRulesOf(scope: IConstruct): Map<string, RuleDefinition> {
  const root = scope.node.root as unknown as { [CUSTOM_RULES]?: Map<string, RuleDefinition> };
  if (!root[CUSTOM_RULES]) Object.defineProperty(root, CUSTOM_RULES, { value: new Map() });
  return root[CUSTOM_RULES]!;
}

/** Every rule known in the app of `scope`: the built-in ones, then those of custom packs. */
export function knownRules(scope: IConstruct): Map<string, RuleDefinition> {
  return new Map([...ALL_RULES.map((r): [string, RuleDefinition] => [r.id, r]), ...customRulesOf(scope)]);
}
