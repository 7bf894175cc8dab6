import { SERVICE_LEVEL_DEFAULTS, TEMPLATE_METRICS } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { BOOLEAN, NUMBER, optional, STRING, type PropTypes } from '../private/prop-types';
import { integerProblem, literalProblem, problems } from '../private/validation';

/**
 * A service's service levels, all fields optional for overriding: the golden
 * path sets them for the platform, an environment (`workloads.serviceLevels`)
 * for its services, a service for itself, and a service for one environment
 * (`environments.<env>.serviceLevels`). The most specific level that sets a
 * field wins.
 *
 * Each service gets, in each environment where they are on, an availability
 * SLO (the share of requests answered without a 5xx status) and a latency SLO
 * (the share of requests served within `latencyThresholdMs`), read from the
 * metrics the service template exports, and multi-window, multi-burn-rate
 * alert policies on both (Google's SRE workbook, "Alerting on SLOs").
 */
export interface ServiceLevelOverrides {
  /**
   * Whether the service has SLOs (and, with `alerts`, burn-rate alerts).
   * Turning them off in production needs `disabledReason`, or the guardrails
   * (GP-K8S-019) fail the synth.
   * @default - true in production environments and in the environment before the first production one (staging); false in the others
   */
  readonly enabled?: boolean;
  /**
   * Whether the SLOs' burn-rate alerts notify the team. Turning them off in
   * production needs `disabledReason`.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Why the SLOs or their alerts are off (at least 10 characters): shown in
   * the adoption report and accepted by the guardrails in production.
   * @default - none
   */
  readonly disabledReason?: string;
  /**
   * The share of requests, in percent, that must be answered without a
   * server error (status 5xx). At most 99.9 (Cloud Monitoring's SLO goal).
   * @default 99.9
   */
  readonly availabilityGoalPercent?: number;
  /**
   * The share of requests, in percent, that must be served within `latencyThresholdMs`.
   * @default 95
   */
  readonly latencyGoalPercent?: number;
  /**
   * The latency, in milliseconds, a request must be served within to count
   * as good: one of the service template's histogram bounds (5, 10, 25, 50,
   * 100, 200, 300, 500, 1000, 2500, 5000, 10000).
   * @default 300
   */
  readonly latencyThresholdMs?: number;
  /**
   * The rolling period, in days, the SLOs are measured over (1 to 30).
   * @default 28
   */
  readonly rollingPeriodDays?: number;
  /**
   * The burn rate (times the rate that spends exactly the error budget over
   * the period) at which the fast-burn alert fires.
   * @default 14.4
   */
  readonly fastBurnRate?: number;
  /**
   * The long window of the fast-burn alert, in minutes; its short window is 1/12 of it.
   * @default 60
   */
  readonly fastBurnWindowMinutes?: number;
  /**
   * The burn rate at which the slow-burn alert fires.
   * @default 6
   */
  readonly slowBurnRate?: number;
  /**
   * The long window of the slow-burn alert, in minutes; its short window is 1/12 of it.
   * @default 360
   */
  readonly slowBurnWindowMinutes?: number;
}

/** A service's effective service levels in one environment, after defaults and overrides. */
export interface ServiceLevelSettings {
  /** Whether the service has SLOs in the environment. */
  readonly enabled: boolean;
  /** Whether their burn-rate alerts notify the team (never without SLOs). */
  readonly alerts: boolean;
  /**
   * Why the SLOs or their alerts are off, when a level said so.
   * @default - none: the SLOs and their alerts are on, or no level gave a reason
   */
  readonly disabledReason?: string;
  /** The availability goal, in percent. */
  readonly availabilityGoalPercent: number;
  /** The latency goal, in percent. */
  readonly latencyGoalPercent: number;
  /** The latency threshold, in milliseconds. */
  readonly latencyThresholdMs: number;
  /** The rolling period, in days. */
  readonly rollingPeriodDays: number;
  /** The fast-burn alert's burn rate. */
  readonly fastBurnRate: number;
  /** The fast-burn alert's long window, in minutes. */
  readonly fastBurnWindowMinutes: number;
  /** The slow-burn alert's burn rate. */
  readonly slowBurnRate: number;
  /** The slow-burn alert's long window, in minutes. */
  readonly slowBurnWindowMinutes: number;
}

/** The golden path's numbers, whose `enabled` and `alerts` are left to each environment. */
export function defaultServiceLevels(): ServiceLevelOverrides {
  return { ...SERVICE_LEVEL_DEFAULTS };
}

/** Copies the fields of `o` that are set. */
function defined(o: ServiceLevelOverrides | undefined): ServiceLevelOverrides {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}

/**
 * Whether an environment has SLOs unless a level says otherwise: the
 * production environments, and the one just before the first of them in
 * promotion order (where a release rehearses them).
 */
export function serviceLevelsOnByDefault(
  environments: readonly { readonly name: string; readonly production: boolean }[], environment: string,
): boolean {
  const index = environments.findIndex((e) => e.name === environment);
  if (index < 0) return false;
  if (environments[index].production) return true;
  const firstProduction = environments.findIndex((e) => e.production);
  return firstProduction > 0 && index === firstProduction - 1;
}

/** The effective service levels: the layers merged in order (the last most specific), then the environment's default on or off. */
export function resolveServiceLevels(onByDefault: boolean, ...layers: Array<ServiceLevelOverrides | undefined>): ServiceLevelSettings {
  const merged = Object.assign({ ...SERVICE_LEVEL_DEFAULTS }, ...layers.map(defined)) as ServiceLevelOverrides & typeof SERVICE_LEVEL_DEFAULTS;
  const enabled = merged.enabled ?? onByDefault;
  return {
    enabled,
    alerts: enabled && (merged.alerts ?? true),
    ...(merged.disabledReason !== undefined ? { disabledReason: merged.disabledReason } : {}),
    availabilityGoalPercent: merged.availabilityGoalPercent,
    latencyGoalPercent: merged.latencyGoalPercent,
    latencyThresholdMs: merged.latencyThresholdMs,
    rollingPeriodDays: merged.rollingPeriodDays,
    fastBurnRate: merged.fastBurnRate,
    fastBurnWindowMinutes: merged.fastBurnWindowMinutes,
    slowBurnRate: merged.slowBurnRate,
    slowBurnWindowMinutes: merged.slowBurnWindowMinutes,
  };
}

/** One burn-rate alert of an SLO: fire when the budget burns at `burnRate` times its rate over both windows. */
export interface BurnRateAlert {
  /** `fast` or `slow`. */
  readonly speed: string;
  /** The burn rate both windows must exceed. */
  readonly burnRate: number;
  /** The long window, in minutes. */
  readonly longWindowMinutes: number;
  /** The short window (1/12 of the long one), in minutes. */
  readonly shortWindowMinutes: number;
}

/**
 * The two alerts of an SLO (the workbook's multiwindow, multi-burn-rate alerts):
 * each fires when both its long window and its short window (1/12 of the long
 * one) burn the error budget at its rate or faster.
 */
export function burnRateAlerts(s: ServiceLevelSettings): BurnRateAlert[] {
  return [
    { speed: 'fast', burnRate: s.fastBurnRate, longWindowMinutes: s.fastBurnWindowMinutes, shortWindowMinutes: s.fastBurnWindowMinutes / 12 },
    { speed: 'slow', burnRate: s.slowBurnRate, longWindowMinutes: s.slowBurnWindowMinutes, shortWindowMinutes: s.slowBurnWindowMinutes / 12 },
  ];
}

/**
 * The share of requests that fail an SLO (in percent) while its budget burns
 * at `burnRate`: the burn rate times the error budget (100% - goal).
 */
export function errorRatePercentAt(burnRate: number, goalPercent: number): number {
  return Math.round(burnRate * (100 - goalPercent) * 1e6) / 1e6;
}

/** The most a goal can be: Cloud Monitoring takes `0 < goal <= 0.999` (google_monitoring_slo, `goal`). */
export const MAX_SLO_GOAL_PERCENT = 99.9;

/** A number within (min, max], or [min, max] when `inclusiveMin`. */
function rangeProblem(prop: string, value: unknown, min: number, max: number, fix: string, inclusiveMin = false): PropProblem | undefined {
  const literal = literalProblem(prop, value);
  if (literal) return literal;
  if (typeof value === 'number' && Number.isFinite(value) && (inclusiveMin ? value >= min : value > min) && value <= max) return undefined;
  return { prop, value, problem: `must be a number ${inclusiveMin ? 'from' : 'over'} ${min} ${inclusiveMin ? 'to' : 'up to'} ${max}`, fix };
}

/** What is wrong with the fields a level sets, each on its own (`prefix` names where they came from). */
export function serviceLevelOverrideProblems(prefix: string, o: ServiceLevelOverrides | undefined): PropProblem[] {
  if (o === undefined) return [];
  const p = (field: string) => `${prefix}${field}`;
  const window = (field: 'fastBurnWindowMinutes' | 'slowBurnWindowMinutes', value: number | undefined) => {
    if (value === undefined) return undefined;
    return integerProblem(p(field), value, 12, 30 * 24 * 60, 'set a whole number of minutes such as 60 or 360')
      ?? (value % 12 !== 0 ? { prop: p(field), value, problem: 'is not a multiple of 12, so its short window (1/12 of it) is not a whole number of minutes', fix: `use ${Math.round(value / 12) * 12}` } : undefined);
  };
  return problems(
    o.disabledReason === undefined ? undefined
      : literalProblem(p('disabledReason'), o.disabledReason)
        ?? (typeof o.disabledReason !== 'string' || o.disabledReason.trim().length < 10
          ? { prop: p('disabledReason'), value: o.disabledReason, problem: 'is shorter than 10 characters', fix: 'say why the service has no SLOs or alerts, so that a reader can judge it' } : undefined),
    o.availabilityGoalPercent === undefined ? undefined
      : rangeProblem(p('availabilityGoalPercent'), o.availabilityGoalPercent, 0, MAX_SLO_GOAL_PERCENT, 'use a percentage such as 99.9 or 99.5 (Cloud Monitoring takes goals up to 99.9%)'),
    o.latencyGoalPercent === undefined ? undefined
      : rangeProblem(p('latencyGoalPercent'), o.latencyGoalPercent, 0, MAX_SLO_GOAL_PERCENT, 'use a percentage such as 95 or 99 (Cloud Monitoring takes goals up to 99.9%)'),
    o.latencyThresholdMs === undefined ? undefined
      : literalProblem(p('latencyThresholdMs'), o.latencyThresholdMs)
        ?? ((TEMPLATE_METRICS.durationBucketsMs as readonly number[]).includes(o.latencyThresholdMs) ? undefined : {
          prop: p('latencyThresholdMs'),
          value: o.latencyThresholdMs,
          problem: 'is not a bound of the service template\'s latency histogram, so the SLO could not count the requests under it',
          fix: `use one of ${TEMPLATE_METRICS.durationBucketsMs.join(', ')}`,
        }),
    o.rollingPeriodDays === undefined ? undefined
      : integerProblem(p('rollingPeriodDays'), o.rollingPeriodDays, 1, 30, 'set a whole number of days from 1 to 30, such as 28 (Cloud Monitoring\'s rolling periods)'),
    o.fastBurnRate === undefined ? undefined
      : rangeProblem(p('fastBurnRate'), o.fastBurnRate, 1, 1000, 'use a burn rate over 1, such as 14.4'),
    o.slowBurnRate === undefined ? undefined
      : rangeProblem(p('slowBurnRate'), o.slowBurnRate, 1, 1000, 'use a burn rate over 1, such as 6'),
    window('fastBurnWindowMinutes', o.fastBurnWindowMinutes),
    window('slowBurnWindowMinutes', o.slowBurnWindowMinutes),
  );
}

/**
 * What is wrong with effective service levels as a whole: an alert whose
 * burn rate, times the error budget, reaches 100% of requests could never
 * fire (the workbook's burn rates assume a goal of 99.9%), and a window
 * longer than the SLO's period measures more than the SLO does.
 */
export function serviceLevelProblems(prefix: string, s: ServiceLevelSettings): PropProblem[] {
  if (!s.enabled) return [];
  const found: PropProblem[] = [];
  for (const [goalField, goal] of [['availabilityGoalPercent', s.availabilityGoalPercent], ['latencyGoalPercent', s.latencyGoalPercent]] as const) {
    if (!s.alerts) break;
    for (const alert of burnRateAlerts(s)) {
      const rate = errorRatePercentAt(alert.burnRate, goal);
      if (rate >= 100) {
        found.push({
          prop: `${prefix}${goalField}`,
          value: goal,
          problem: `leaves an error budget of ${errorRatePercentAt(1, goal)}%, so the ${alert.speed}-burn alert (${alert.burnRate} times the budget) would fire only past ${rate}% of failed requests: never`,
          fix: `raise the goal, or lower ${alert.speed}BurnRate below ${Math.floor(100 / (100 - goal) * 100) / 100}`,
        });
      }
    }
  }
  for (const field of ['fastBurnWindowMinutes', 'slowBurnWindowMinutes'] as const) {
    if (s[field] > s.rollingPeriodDays * 24 * 60) {
      found.push({ prop: `${prefix}${field}`, value: s[field], problem: `is longer than the SLO's rolling period of ${s.rollingPeriodDays} days`, fix: 'use a window shorter than the period' });
    }
  }
  return found;
}

/** The runtime types of {@link ServiceLevelOverrides}. */
export const SERVICE_LEVEL_OVERRIDES_TYPES: PropTypes<ServiceLevelOverrides> = {
  enabled: optional(BOOLEAN),
  alerts: optional(BOOLEAN),
  disabledReason: optional(STRING),
  availabilityGoalPercent: optional(NUMBER),
  latencyGoalPercent: optional(NUMBER),
  latencyThresholdMs: optional(NUMBER),
  rollingPeriodDays: optional(NUMBER),
  fastBurnRate: optional(NUMBER),
  fastBurnWindowMinutes: optional(NUMBER),
  slowBurnRate: optional(NUMBER),
  slowBurnWindowMinutes: optional(NUMBER),
};
