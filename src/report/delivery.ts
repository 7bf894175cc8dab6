/**
 * What the report page shows of the platform's delivery measures: the JSON
 * `golden-paths metrics --json` prints, as the report reads it (the metrics
 * command makes it; this layer only renders it).
 */

/** The DORA figures of a service, a team or the organization. */
export interface DoraView {
  readonly deployments: number;
  readonly successful: number;
  readonly failed: number;
  readonly deploymentsPerDay: number;
  readonly leadTimeHours?: number;
  readonly changeFailureRatePercent?: number;
  readonly timeToRestoreMinutes?: number;
}

/** The metrics, as the page shows them. */
export interface DeliveryMetricsView {
  readonly version: number;
  readonly since: string;
  readonly until: string;
  readonly environments: readonly string[];
  readonly organization: DoraView;
  readonly teams: readonly { readonly team: string; readonly services: number; readonly dora: DoraView }[];
  readonly services: readonly {
    readonly service: string;
    readonly team: string;
    readonly repository: string;
    readonly dora: DoraView;
    readonly firstDeployment?: { readonly at?: string; readonly minutes?: number };
    readonly note?: string;
  }[];
  readonly kpis: readonly {
    readonly name: string;
    readonly target: string;
    readonly current?: number;
    readonly unit: string;
    readonly met?: boolean;
    readonly note?: string;
  }[];
}

/** Whether `json` has the shape of the metrics JSON (version 1), deep enough for the page to read it. */
export function isDeliveryMetrics(json: unknown): json is DeliveryMetricsView {
  const m = json as Partial<DeliveryMetricsView> | null;
  const isDora = (d: unknown) => typeof d === 'object' && d !== null && typeof (d as DoraView).deployments === 'number' && typeof (d as DoraView).deploymentsPerDay === 'number';
  return typeof m === 'object' && m !== null && m.version === 1 && typeof m.since === 'string' && typeof m.until === 'string'
    && Array.isArray(m.environments) && isDora(m.organization)
    && Array.isArray(m.teams) && m.teams.every((t) => typeof t?.team === 'string' && isDora(t.dora))
    && Array.isArray(m.services) && m.services.every((s) => typeof s?.service === 'string' && typeof s.team === 'string' && isDora(s.dora))
    && Array.isArray(m.kpis) && m.kpis.every((k) => typeof k?.name === 'string' && typeof k.target === 'string');
}
