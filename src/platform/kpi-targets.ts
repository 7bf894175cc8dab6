import type { PropProblem } from '../private/errors';
import { NUMBER, optional, type PropTypes } from '../private/prop-types';

/**
 * The targets `golden-paths metrics` measures the platform against, as a
 * product: its users' satisfaction, how much of the organization takes the
 * golden path, and how the teams on it deliver (the DORA measures). Each is
 * shown with the current figure and whether it meets the target.
 */
export interface KpiTargets {
  /**
   * Net Promoter Score from the platform feedback survey (-100 to 100): the current score should be above it.
   * @default 50
   */
  readonly nps?: number;
  /**
   * Services on the golden path, in percent of all services: the current share should be above it.
   * @default 80
   */
  readonly selfServiceAdoptionPercent?: number;
  /**
   * Median minutes from a new service repository's creation to its first successful production deployment: the current median should be below it.
   * @default 60
   */
  readonly timeToFirstDeploymentMinutes?: number;
  /**
   * Successful production deployments per day, across the organization: the current rate should be above it.
   * @default 10
   */
  readonly deploymentsPerDay?: number;
  /**
   * Failed production deployments, in percent of those that ended: the current rate should be below it.
   * @default 15
   */
  readonly changeFailureRatePercent?: number;
  /**
   * Median minutes from a failed production deployment to the next successful one: the current median should be below it.
   * @default 30
   */
  readonly timeToRestoreMinutes?: number;
}

/** The targets with their defaults applied. */
export type KpiTargetSettings = Required<KpiTargets>;

/** The defaults of {@link KpiTargets}. */
export const DEFAULT_KPI_TARGETS: KpiTargetSettings = {
  nps: 50,
  selfServiceAdoptionPercent: 80,
  timeToFirstDeploymentMinutes: 60,
  deploymentsPerDay: 10,
  changeFailureRatePercent: 15,
  timeToRestoreMinutes: 30,
};

/** The runtime types of {@link KpiTargets}. */
export const KPI_TARGETS_TYPES: PropTypes<KpiTargets> = {
  nps: optional(NUMBER),
  selfServiceAdoptionPercent: optional(NUMBER),
  timeToFirstDeploymentMinutes: optional(NUMBER),
  deploymentsPerDay: optional(NUMBER),
  changeFailureRatePercent: optional(NUMBER),
  timeToRestoreMinutes: optional(NUMBER),
};

/** The range each target may take. */
const RANGES: Record<keyof KpiTargets, readonly [number, number, string]> = {
  nps: [-100, 100, 'a Net Promoter Score from -100 to 100, e.g. 50'],
  selfServiceAdoptionPercent: [0, 100, 'a percentage from 0 to 100, e.g. 80'],
  timeToFirstDeploymentMinutes: [1, 525_600, 'minutes, e.g. 60'],
  deploymentsPerDay: [0, 100_000, 'deployments per day, e.g. 10'],
  changeFailureRatePercent: [0, 100, 'a percentage from 0 to 100, e.g. 15'],
  timeToRestoreMinutes: [1, 525_600, 'minutes, e.g. 30'],
};

/** The targets with defaults for those left out. */
export function kpiTargetsOf(targets: KpiTargets | undefined): KpiTargetSettings {
  return { ...DEFAULT_KPI_TARGETS, ...Object.fromEntries(Object.entries(targets ?? {}).filter(([, v]) => v !== undefined)) };
}

/** What is wrong with the values of targets whose types are right (`prefix`: where they are, e.g. `kpiTargets.`). */
export function kpiTargetsProblems(prefix: string, targets: KpiTargets | undefined): PropProblem[] {
  return Object.entries(targets ?? {}).flatMap(([key, value]) => {
    const range = RANGES[key as keyof KpiTargets];
    if (!range || typeof value !== 'number') return [];
    const [min, max, fix] = range;
    return Number.isFinite(value) && value >= min && value <= max
      ? []
      : [{ prop: `${prefix}${key}`, value, problem: `is not from ${min} to ${max}`, fix: `give ${fix}` }];
  });
}
