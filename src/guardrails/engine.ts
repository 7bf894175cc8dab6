import { ALL_RULES } from './packs';
import { complianceOf, detailsOf, type ElementKind, GuardrailLevel, GuardrailPack, RuleCompliance, type RuleDefinition, type TerraformElement } from './rule';
import { StackView } from './stack-view';
import { DEFAULT_MAX_SUPPRESSION_DAYS, expiryProblem, reasonProblem, scopeProblem } from './suppression-policy';
import { readAsTerraform } from './terraform-json';

/** Which rules run, at which level, and what counts as production. */
export interface EngineConfig {
  /** The built-in packs that run. */
  readonly packs: readonly GuardrailPack[];
  /** The rules of custom packs that run too. */
  readonly customRules?: readonly RuleDefinition[];
  /** Rule ids that do not run. */
  readonly disabledRules: readonly string[];
  /** Levels that replace rules' own levels, by rule id. */
  readonly ruleLevels: Readonly<Record<string, GuardrailLevel>>;
  /** The environment names that are production. */
  readonly productionEnvironments: readonly string[];
  /**
   * Principals besides a production secret's own service account that may read it (GP-SEC-004).
   * @default - none
   */
  readonly breakGlassMembers?: readonly string[];
  /**
   * How far ahead a suppression may expire, in days; one that expires later does not apply.
   * @default DEFAULT_MAX_SUPPRESSION_DAYS
   */
  readonly maxSuppressionDays?: number;
}

/** A reasoned exception to one rule for a construct scope and everything in it. */
export interface SuppressionRecord {
  /** The rule id. */
  readonly ruleId: string;
  /** Why the rule does not apply there. */
  readonly reason: string;
  /** The construct path it applies to (with its children); `''` for the whole app. */
  readonly scope: string;
  /** The expiry as written (`2026-06-30` or a timestamp), if any. */
  readonly expires?: string;
  /** The moment it stops applying, if it expires. */
  readonly expiresAt?: Date;
  /** Whether it was asked to cover a whole stack or app. */
  readonly wholeStack?: boolean;
}

/** A rule with the level it runs at. */
export interface ActiveRule {
  readonly rule: RuleDefinition;
  readonly level: GuardrailLevel;
}

/** One rule broken by one element. */
export interface Finding {
  readonly rule: RuleDefinition;
  /** The effective level. */
  readonly level: GuardrailLevel;
  readonly element: TerraformElement;
  /** The construct path of the element (the stack's, when the configuration does not record one). */
  readonly constructPath: string;
  /** What exactly is wrong, when the rule says. */
  readonly details: readonly string[];
  /** The suppression that silences it. */
  readonly suppressedBy?: SuppressionRecord;
  /** A suppression that would have silenced it but has expired. */
  readonly expiredSuppression?: SuppressionRecord;
}

/** A suppression as the evaluation used it. */
export interface SuppressionUse {
  readonly suppression: SuppressionRecord;
  /** Whether it has expired (and so silenced nothing). */
  readonly expired: boolean;
  /** How many findings it matched (silenced, or would have if not expired). */
  readonly matched: number;
  /** Why it does not apply although it has not expired (its reason, expiry or scope is not acceptable). */
  readonly invalid?: string;
}

/** The result of running the guardrails over one stack's configuration. */
export interface Evaluation {
  readonly stackName: string;
  /** The configuration judged (the same object, for callers that need to know). */
  readonly config: unknown;
  readonly engineConfig: EngineConfig;
  readonly rules: readonly ActiveRule[];
  /** Findings not suppressed, errors first. */
  readonly findings: readonly Finding[];
  /** Findings silenced by a suppression. */
  readonly suppressed: readonly Finding[];
  readonly suppressions: readonly SuppressionUse[];
  /** How many elements were judged. */
  readonly elementCount: number;
  readonly evaluatedAt: Date;
}

/** Every pack, in order. */
export const ALL_PACKS: readonly GuardrailPack[] = [
  GuardrailPack.KUBERNETES, GuardrailPack.GOOGLE_CLOUD, GuardrailPack.GITHUB, GuardrailPack.SECRETS, GuardrailPack.TERRAFORM,
];

/** The rules that run under a configuration, with their effective levels. */
export function activeRules(config: EngineConfig): ActiveRule[] {
  const disabled = new Set(config.disabledRules);
  return [...ALL_RULES.filter((r) => config.packs.includes(r.pack as GuardrailPack)), ...(config.customRules ?? [])]
    .filter((r) => !disabled.has(r.id))
    .map((rule) => ({ rule, level: config.ruleLevels[rule.id] ?? rule.level }));
}

/** The active rules of a configuration and their dispatch, as {@link engineRules} remembers them. */
interface EngineRules {
  readonly config: EngineConfig;
  readonly rules: readonly ActiveRule[];
  readonly rulesFor: (element: TerraformElement) => readonly ActiveRule[];
}
let lastRules: EngineRules | undefined;

/** Whether two lists hold the same items in the same order. */
function sameItems<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two configurations make the same active rules (see {@link activeRules}). */
function sameRules(a: EngineConfig, b: EngineConfig): boolean {
  if (!sameItems(a.packs, b.packs) || !sameItems(a.customRules ?? [], b.customRules ?? []) || !sameItems(a.disabledRules, b.disabledRules)) {
    return false;
  }
  const levels = Object.keys(a.ruleLevels);
  return levels.length === Object.keys(b.ruleLevels).length
    && levels.every((id) => Object.prototype.hasOwnProperty.call(b.ruleLevels, id) && a.ruleLevels[id] === b.ruleLevels[id]);
}

/**
 * The active rules of a configuration and their dispatch (see
 * {@link activeRules}, {@link ruleDispatch}), worked out once for the stacks
 * of one configuration in a row rather than once per stack: the rules made of
 * the same packs, custom rules (the same objects), disabled rules and levels
 * are the same.
 */
export function engineRules(config: EngineConfig): Pick<EngineRules, 'rules' | 'rulesFor'> {
  if (lastRules === undefined || !sameRules(lastRules.config, config)) {
    const rules = activeRules(config);
    // A copy of what makes the rules: a caller may change its own lists afterwards.
    const made = {
      ...config,
      packs: [...config.packs],
      customRules: [...config.customRules ?? []],
      disabledRules: [...config.disabledRules],
      ruleLevels: { ...config.ruleLevels },
    };
    lastRules = { config: made, rules, rulesFor: ruleDispatch(rules) };
  }
  return lastRules;
}

/**
 * The rules to call on an element, in the order of `rules`: those whose scope
 * holds its kind and type (see `RuleDefinition.judges`; a rule without one,
 * as every custom rule, is called on every element). The others would say
 * NOT_APPLICABLE. Worked out once per kind and type.
 */
export function ruleDispatch(rules: readonly ActiveRule[]): (element: TerraformElement) => readonly ActiveRule[] {
  const byKind = new Map<ElementKind, Map<string, readonly ActiveRule[]>>();
  return (element) => {
    let byType = byKind.get(element.kind);
    if (byType === undefined) byKind.set(element.kind, byType = new Map());
    let found = byType.get(element.elementType);
    if (found === undefined) {
      found = rules.filter(({ rule }) => rule.judges === undefined || rule.judges(element.kind, element.elementType));
      byType.set(element.elementType, found);
    }
    return found;
  };
}

/** Whether a suppression's scope covers a construct path. */
export function covers(scope: string, constructPath: string): boolean {
  return scope === '' || constructPath === scope || constructPath.startsWith(`${scope}/`);
}

/**
 * Suppressions in a deterministic order, whatever the order they were made in
 * (a parallel synth builds teams at another moment than one process): by
 * scope, then rule id, in code units. A rule and scope are suppressed once,
 * so no two compare equal; of two that cover one construct path, the wider
 * (a prefix) comes first.
 */
export function sortSuppressions<T extends { readonly scope: string; readonly ruleId: string }>(suppressions: readonly T[]): T[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...suppressions].sort((a, b) => order(a.scope, b.scope) || order(a.ruleId, b.ruleId));
}

/**
 * Whether a suppression can apply to an element of the stack at `stackPath`:
 * its scope holds the stack (the app, a construct above it, the stack itself)
 * or lies inside it. A suppression elsewhere covers no path of this stack.
 */
export function concernsStack(s: { readonly scope: string }, stackPath: string): boolean {
  return covers(s.scope, stackPath) || covers(stackPath, s.scope);
}

/** Whether a suppression has expired at `now`. */
export function isExpired(s: SuppressionRecord, now: Date): boolean {
  return s.expiresAt !== undefined && s.expiresAt.getTime() <= now.getTime();
}

/** Why a suppression cannot apply (see `reasonProblem`, `expiryProblem`, `scopeProblem`), if it cannot. */
export function suppressionProblem(s: SuppressionRecord, now: Date, maxDays: number, stackPath: string): string | undefined {
  const reason = reasonProblem(s.reason, s.ruleId);
  if (reason !== undefined) return `its reason ${reason}`;
  if (s.expires !== undefined && s.expiresAt === undefined) return `its expiry ${JSON.stringify(s.expires)} is not an ISO date or timestamp`;
  const expiry = expiryProblem(s.expiresAt, now, maxDays);
  if (expiry !== undefined) return `its expiry ${s.expires} ${expiry}`;
  const scope = scopeProblem(s.scope, stackPath, s.wholeStack);
  return scope === undefined ? undefined : `its scope ${scope} and it was not made with { wholeStack: true }`;
}

/**
 * Runs the active rules over every element of a Terraform JSON configuration.
 * Pure: the same configuration, settings, suppressions (in any order) and time
 * give the same result. Of the suppressions that cover a finding, the
 * narrowest active one silences it.
 */
export function evaluate(
  config: any,
  engineConfig: EngineConfig,
  given: readonly SuppressionRecord[] = [],
  options: { readonly now?: Date; readonly stackPath?: string; readonly stackName?: string } = {},
): Evaluation {
  const suppressions = sortSuppressions(given);
  const now = options.now ?? new Date();
  // Read as Terraform reads it: blocks given as arrays of objects are the blocks they hold.
  const read = config !== null && typeof config === 'object' && !Array.isArray(config) ? readAsTerraform([{ json: config }]) : config;
  const view = StackView.fromConfig(read, {
    productionEnvironments: engineConfig.productionEnvironments, breakGlassMembers: engineConfig.breakGlassMembers, stackName: options.stackName,
  });
  const stackPath = options.stackPath ?? view.stackName;
  const { rules, rulesFor } = engineRules(engineConfig);
  const byRule = new Map<string, SuppressionRecord[]>();
  const invalid = new Map<SuppressionRecord, string>();
  for (const s of suppressions) {
    const problem = suppressionProblem(s, now, engineConfig.maxSuppressionDays ?? DEFAULT_MAX_SUPPRESSION_DAYS, stackPath);
    if (problem !== undefined) {
      invalid.set(s, problem);
      continue;
    }
    const list = byRule.get(s.ruleId);
    if (list) list.push(s); else byRule.set(s.ruleId, [s]);
  }
  const matched = new Map<SuppressionRecord, number>();

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const element of view.elements) {
    for (const { rule, level } of rulesFor(element)) {
      let outcome;
      try {
        outcome = rule.check(element, view);
      } catch (e) {
        throw new Error(`[${element.constructPath ?? stackPath}] guardrail ${rule.id} failed on ${element.address}: ${(e as Error).message}. Fix: correct the rule's check, or disable ${rule.id} until it is corrected.`);
      }
      if (complianceOf(outcome) !== RuleCompliance.NON_COMPLIANT) continue;
      const constructPath = element.constructPath ?? stackPath;
      const candidates = (byRule.get(rule.id) ?? []).filter((s) => covers(s.scope, constructPath));
      for (const s of candidates) matched.set(s, (matched.get(s) ?? 0) + 1);
      // Sorted by scope, so the narrowest comes last.
      const narrowestFirst = candidates.reverse();
      const active = narrowestFirst.find((s) => !isExpired(s, now));
      const expired = active ? undefined : narrowestFirst.find((s) => isExpired(s, now));
      const finding: Finding = {
        rule,
        level,
        element,
        constructPath,
        details: detailsOf(outcome),
        ...(active ? { suppressedBy: active } : {}),
        ...(expired ? { expiredSuppression: expired } : {}),
      };
      (active ? suppressed : findings).push(finding);
    }
  }
  const rank = (f: Finding) => (f.level === GuardrailLevel.ERROR ? 0 : 1);
  findings.sort((a, b) => rank(a) - rank(b));
  return {
    stackName: view.stackName,
    config,
    engineConfig,
    rules,
    findings,
    suppressed,
    suppressions: suppressions.map((s) => ({
      suppression: s, expired: isExpired(s, now), matched: matched.get(s) ?? 0, ...(invalid.has(s) ? { invalid: invalid.get(s) } : {}),
    })),
    elementCount: view.elements.length,
    evaluatedAt: now,
  };
}

/** The findings at a level. */
export function findingsAt(evaluation: Evaluation, level: GuardrailLevel): Finding[] {
  return evaluation.findings.filter((f) => f.level === level);
}

/** One finding on one line: rule id, construct path, Terraform address, message, details and fix. */
export function formatFinding(f: Finding): string {
  const details = f.details.length > 0 ? ` (${f.details.join('; ')})` : '';
  const expired = f.expiredSuppression
    ? ` [its suppression expired on ${f.expiredSuppression.expires}: "${f.expiredSuppression.reason}"]` : '';
  return `${f.rule.id} ${f.level} at ${f.constructPath} (${f.element.address}): ${f.rule.message}${details} Fix: ${f.rule.fix}${expired}`;
}

/** The warning printed for a suppression that does not apply because its reason, expiry or scope is not acceptable. */
export function formatInvalid(use: SuppressionUse): string {
  const s = use.suppression;
  return `suppression of ${s.ruleId} on ${s.scope || '<app>'} does not apply: ${use.invalid} ("${s.reason}")`;
}

/** The warning printed for an expired suppression. */
export function formatExpired(use: SuppressionUse): string {
  const s = use.suppression;
  return `suppression of ${s.ruleId} on ${s.scope || '<app>'} expired on ${s.expires} and no longer applies ("${s.reason}"): fix the finding or renew the suppression with a new expiry`;
}
