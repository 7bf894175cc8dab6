import type { Inventory } from './inventory';
import { OBSERVABILITY_ANNOTATIONS } from '../private/constants';

/**
 * What the adoption report says of observability, read from a synth output:
 * the teams' Cloud Monitoring dashboards (their Console addresses), the
 * services whose SLOs or burn-rate alerts are turned off where their
 * environment has them, and the teams whose dashboards are off, each with
 * the reason its Deployments carry.
 */

/** A team's dashboard of one environment. */
export interface DashboardEntry {
  readonly team: string;
  readonly environment: string;
  readonly url: string;
}

/** A service in one environment whose SLOs (`off`) or burn-rate alerts (`no-alerts`) are turned off. */
export interface ServiceLevelsOffEntry {
  readonly team: string;
  readonly service: string;
  readonly environment: string;
  readonly state: string;
  /** Why, when a level said so. */
  readonly reason?: string;
}

/** A team whose dashboards are turned off. */
export interface DashboardsOffEntry {
  readonly team: string;
  readonly reason?: string;
}

/** Everything the observability part of the adoption report holds. */
export interface ObservabilityAdoption {
  readonly dashboards: readonly DashboardEntry[];
  readonly serviceLevelsOff: readonly ServiceLevelsOffEntry[];
  readonly dashboardsOff: readonly DashboardsOffEntry[];
}

const NO_TEAM = '(no team)';

/** Reads the observability of the golden path from an inventory. */
export function observabilityOf(inventory: Inventory): ObservabilityAdoption {
  const order = (env: string) => {
    const i = inventory.environments.indexOf(env);
    return i === -1 ? inventory.environments.length : i;
  };
  const dashboards = inventory.dashboards
    .filter((d) => d.team !== undefined && d.environment !== undefined)
    .map((d) => ({ team: d.team!, environment: d.environment!, url: d.url }))
    .sort((a, b) => a.team.localeCompare(b.team) || order(a.environment) - order(b.environment));
  const serviceLevelsOff: ServiceLevelsOffEntry[] = [];
  const dashboardsOff = new Map<string, DashboardsOffEntry>();
  for (const w of inventory.workloads) {
    const a = w.annotations ?? {};
    const team = w.team ?? NO_TEAM;
    const state = a[OBSERVABILITY_ANNOTATIONS.serviceLevels];
    if (state !== undefined) {
      const reason = a[OBSERVABILITY_ANNOTATIONS.serviceLevelsReason];
      serviceLevelsOff.push({ team, service: w.service, environment: w.environment ?? 'unknown', state, ...(reason !== undefined ? { reason } : {}) });
    }
    if (a[OBSERVABILITY_ANNOTATIONS.dashboard] === 'off' && !dashboardsOff.has(team)) {
      const reason = a[OBSERVABILITY_ANNOTATIONS.dashboardReason];
      dashboardsOff.set(team, { team, ...(reason !== undefined ? { reason } : {}) });
    }
  }
  serviceLevelsOff.sort((a, b) => a.team.localeCompare(b.team) || a.service.localeCompare(b.service) || order(a.environment) - order(b.environment));
  return { dashboards, serviceLevelsOff, dashboardsOff: [...dashboardsOff.values()].sort((a, b) => a.team.localeCompare(b.team)) };
}
