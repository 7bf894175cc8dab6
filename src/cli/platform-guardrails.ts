/**
 * The guardrail settings a platform publishes (`platform.json`), as
 * `cdktf-guardrails --platform` holds every stack to them: the floor a synth
 * report may raise but never lower. In the tenancy model the platform decides
 * which rules run at which level, which environments are production and how
 * long a suppression may last; a team's synth (its report) can only add to
 * that, as a team repository's stacks can at synth (`Guardrails._lock`).
 */
import { ALL_PACKS, type EngineConfig } from '../guardrails/engine';
import { BREAK_GLASS_MEMBER } from '../guardrails/guardrails';
import { ruleById } from '../guardrails/packs';
import { GuardrailLevel, type GuardrailPack, type RuleDefinition } from '../guardrails/rule';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '../guardrails/stack-view';
import { DEFAULT_MAX_SUPPRESSION_DAYS } from '../guardrails/suppression-policy';
import { readSettingsJson } from '../platform/platform-settings';
import { DEFAULT_ENVIRONMENTS } from '../private/constants';
import { type FileProblem, fileProblemsError, isObject } from '../private/json-shape';

/** What a platform's settings make of its guardrails, as its Platform configures them. */
export interface PlatformGuardrails {
  /** The settings file. */
  readonly file: string;
  /** The packs that run. */
  readonly packs: readonly GuardrailPack[];
  /** The rules the platform turned off. */
  readonly disabledRules: readonly string[];
  /** The levels the platform set. */
  readonly ruleLevels: Readonly<Record<string, GuardrailLevel>>;
  /** The production environments. */
  readonly productionEnvironments: readonly string[];
  /** The furthest a suppression may expire, in days. */
  readonly maxSuppressionDays: number;
  /** Who may read production secrets besides each secret's own service account. */
  readonly breakGlassMembers: readonly string[];
}

/** The settings a synth report recorded (any of them may be missing or of the wrong kind: it is a file anyone can edit). */
export interface RecordedSettings {
  readonly packs?: unknown;
  readonly disabledRules?: unknown;
  readonly ruleLevels?: unknown;
  readonly productionEnvironments?: unknown;
  readonly maxSuppressionDays?: unknown;
  readonly breakGlassMembers?: unknown;
}

const LEVELS: readonly string[] = [GuardrailLevel.ERROR, GuardrailLevel.WARNING];

/**
 * The guardrails of the platform settings in `file` (read and checked as
 * `Platform.fromFile` reads them), as its Platform configures them: the
 * production environments are `guardrails.productionEnvironments`, or else the
 * environments marked production (the defaults' `prod` when it lists none).
 * Throws an error naming the file and every problem.
 */
export function readPlatformGuardrails(file: string): PlatformGuardrails {
  const settings = readSettingsJson(file);
  const g: Record<string, unknown> = isObject(settings.guardrails) ? settings.guardrails : {};
  const problems: FileProblem[] = [];
  const packs = (g.packs as string[] | undefined) ?? [...ALL_PACKS];
  packs.forEach((p, i) => {
    if (!(ALL_PACKS as readonly string[]).includes(p)) {
      problems.push({ pointer: `/guardrails/packs/${i}`, value: p, problem: 'is not a guardrail pack', fix: `use one of ${ALL_PACKS.map((k) => `"${k}"`).join(', ')}` });
    }
  });
  const levels = (g.ruleLevels as Record<string, unknown> | undefined) ?? {};
  for (const [id, level] of Object.entries(levels)) {
    if (typeof level !== 'string' || !LEVELS.includes(level)) {
      problems.push({ pointer: `/guardrails/ruleLevels/${id}`, value: level, problem: 'is not a guardrail level', fix: 'write "error" or "warning"' });
    }
  }
  const days = g.maxSuppressionDays;
  if (days !== undefined && (!Number.isInteger(days) || (days as number) < 1)) {
    problems.push({ pointer: '/guardrails/maxSuppressionDays', value: days, problem: 'is not a whole number of days of 1 or more', fix: 'give the number of days a suppression may last, e.g. 90' });
  }
  const breakGlass = (g.breakGlassMembers as unknown[] | undefined) ?? [];
  breakGlass.forEach((m, i) => {
    if (typeof m !== 'string' || !BREAK_GLASS_MEMBER.test(m)) {
      problems.push({ pointer: `/guardrails/breakGlassMembers/${i}`, value: m, problem: 'is not one group, user or service account', fix: 'name the break-glass group as "group:<email>", e.g. "group:break-glass@acme.com"' });
    }
  });
  if (problems.length > 0) throw fileProblemsError(file, problems);

  const environments: ReadonlyArray<Record<string, unknown>> = Array.isArray(settings.environments) ? settings.environments : DEFAULT_ENVIRONMENTS;
  const production = (g.productionEnvironments as string[] | undefined)
    ?? environments.filter((e) => e.production === true).map((e) => String(e.name));
  return {
    file,
    packs: packs as GuardrailPack[],
    disabledRules: (g.disabledRules as string[] | undefined) ?? [],
    ruleLevels: levels as Record<string, GuardrailLevel>,
    // As Guardrails.configure: no name given leaves the defaults in force.
    productionEnvironments: production.length > 0 ? production : DEFAULT_PRODUCTION_ENVIRONMENTS,
    maxSuppressionDays: (days as number | undefined) ?? DEFAULT_MAX_SUPPRESSION_DAYS,
    breakGlassMembers: breakGlass as string[],
  };
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
const levelsOf = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

/** The level a rule runs at under `levels` (its own level when they do not name it). */
function levelOf(id: string, levels: Record<string, unknown>, customRules: readonly RuleDefinition[]): GuardrailLevel | undefined {
  const set = Object.prototype.hasOwnProperty.call(levels, id) ? levels[id] : undefined;
  if (set === GuardrailLevel.ERROR || set === GuardrailLevel.WARNING) return set;
  return (ruleById(id) ?? customRules.find((r) => r.id === id))?.level;
}

/**
 * The settings a stack is judged with, before the command line's own: the
 * report's, held to the platform's floor (its packs always run, the rules it
 * leaves on stay on at its level or above, its production environments always
 * count, its limit on suppressions holds); without a report, the platform's.
 * A report may still be stricter: another pack, a rule the platform turned off
 * left on, a warning raised to an error, more production names, a shorter limit.
 */
export function heldToPlatform(
  recorded: RecordedSettings | undefined, platform: PlatformGuardrails, customRules: readonly RuleDefinition[],
): Omit<EngineConfig, 'customRules'> {
  if (recorded === undefined) {
    return {
      packs: [...platform.packs],
      disabledRules: [...platform.disabledRules],
      ruleLevels: { ...platform.ruleLevels },
      productionEnvironments: [...platform.productionEnvironments],
      maxSuppressionDays: platform.maxSuppressionDays,
      breakGlassMembers: [...platform.breakGlassMembers],
    };
  }
  const packs = (strings(recorded.packs) ?? [...ALL_PACKS]).filter((p) => (ALL_PACKS as readonly string[]).includes(p)) as GuardrailPack[];
  const levels = levelsOf(recorded.ruleLevels);
  const ids = new Set([...Object.keys(levels), ...Object.keys(platform.ruleLevels)]);
  const ruleLevels: Record<string, GuardrailLevel> = {};
  for (const id of ids) {
    const mine = levelOf(id, levels, customRules);
    const floor = levelOf(id, platform.ruleLevels, customRules);
    const level = mine === GuardrailLevel.ERROR || floor === GuardrailLevel.ERROR ? GuardrailLevel.ERROR : (mine ?? floor);
    if (level !== undefined) ruleLevels[id] = level;
  }
  const recordedProduction = strings(recorded.productionEnvironments) ?? [];
  const days = recorded.maxSuppressionDays;
  return {
    packs: [...new Set([...platform.packs, ...packs])],
    // A rule stays off only where the platform turned it off too.
    disabledRules: (strings(recorded.disabledRules) ?? []).filter((id) => platform.disabledRules.includes(id)),
    ruleLevels,
    productionEnvironments: [...new Set([...platform.productionEnvironments, ...recordedProduction])],
    maxSuppressionDays: Math.min(platform.maxSuppressionDays, typeof days === 'number' && days >= 1 ? days : Infinity),
    // Only the platform's, and of them only those the synth kept: a report may let fewer read production secrets, never more.
    breakGlassMembers: (strings(recorded.breakGlassMembers) ?? []).filter((m) => platform.breakGlassMembers.includes(m)),
  };
}

/**
 * How a synth report's settings fall below the platform's, one phrase each:
 * packs it does not run, rules it turned off or lowered, production
 * environments it left out, and a longer limit on suppressions.
 */
export function belowPlatform(recorded: RecordedSettings, platform: PlatformGuardrails, customRules: readonly RuleDefinition[]): string[] {
  const packs = strings(recorded.packs) ?? [...ALL_PACKS];
  const disabled = strings(recorded.disabledRules) ?? [];
  const levels = levelsOf(recorded.ruleLevels);
  const production = strings(recorded.productionEnvironments) ?? [];
  const packsOff = platform.packs.filter((p) => !packs.includes(p));
  const rulesOff = disabled.filter((id) => !platform.disabledRules.includes(id));
  const lowered = Object.keys(levels).filter((id) =>
    levelOf(id, levels, customRules) === GuardrailLevel.WARNING && levelOf(id, platform.ruleLevels, customRules) === GuardrailLevel.ERROR
    && !platform.disabledRules.includes(id));
  const notProduction = platform.productionEnvironments.filter((name) => !production.includes(name));
  const days = recorded.maxSuppressionDays;
  const readers = (strings(recorded.breakGlassMembers) ?? []).filter((m) => !platform.breakGlassMembers.includes(m));
  return [
    packsOff.length > 0 ? `packs off: ${packsOff.join(', ')}` : '',
    rulesOff.length > 0 ? `rules disabled: ${rulesOff.join(', ')}` : '',
    lowered.length > 0 ? `errors lowered to warnings: ${lowered.join(', ')}` : '',
    notProduction.length > 0 ? `production environments left out: ${notProduction.join(', ')}` : '',
    typeof days === 'number' && days > platform.maxSuppressionDays ? `suppressions may last ${days} days, not ${platform.maxSuppressionDays}` : '',
    readers.length > 0 ? `break-glass members the platform does not name: ${readers.join(', ')}` : '',
  ].filter((p) => p !== '');
}
