/**
 * The four DORA measures of delivery, from the deployments GitHub records
 * when a workflow job names an environment: deployment frequency, lead time
 * for changes, change failure rate and time to restore. Pure functions of
 * the deployments, so that a test can compute every figure by hand.
 */

/** One deployment of a repository to an environment, as GitHub records it. */
export interface DeploymentRun {
  readonly id: number;
  /** The commit deployed. */
  readonly sha: string;
  readonly environment: string;
  /** When the deployment was created (the job started), ISO 8601. */
  readonly createdAt: string;
  /** Its latest status: success, failure, error, inactive, in_progress, queued, pending; `none` without a status. */
  readonly state: string;
  /** When its latest status was set, ISO 8601. */
  readonly finishedAt?: string;
  /** For a successful deployment: when each commit it brought (since the previous successful one) was authored, ISO 8601. */
  readonly commitDates?: readonly string[];
}

/** A time window, [since, until). */
export interface Window {
  readonly since: Date;
  readonly until: Date;
}

/** The DORA measures of one set of deployments over a window. */
export interface Dora {
  /** Deployments created in the window that ended, successful or not. */
  readonly deployments: number;
  readonly successful: number;
  readonly failed: number;
  /** Successful deployments per day of the window. */
  readonly deploymentsPerDay: number;
  /** Median hours from a commit's authoring to the successful deployment that brought it. */
  readonly leadTimeHours?: number;
  /** Failed deployments, in percent of those that ended. */
  readonly changeFailureRatePercent?: number;
  /** Median minutes from a failed deployment to the next successful one in the same environment. */
  readonly timeToRestoreMinutes?: number;
  /** The samples behind the medians, so that teams and the organization take the median of all. */
  readonly samples: { readonly leadTimeHours: readonly number[]; readonly timeToRestoreMinutes: readonly number[] };
}

/** Deployment states that mean the deployment failed. */
export const FAILED_STATES: readonly string[] = ['failure', 'error'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The median of `values`, undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function time(iso: string | undefined): number {
  return iso === undefined ? NaN : Date.parse(iso);
}

/** When a deployment ended: its latest status, else its creation. */
function endOf(run: DeploymentRun): number {
  const t = time(run.finishedAt);
  return Number.isFinite(t) ? t : time(run.createdAt);
}

/** The DORA measures of `runs` (of any environments; restores are matched within each) over `window`. */
export function doraOf(runs: readonly DeploymentRun[], window: Window): Dora {
  const since = window.since.getTime();
  const until = window.until.getTime();
  const days = Math.max((until - since) / DAY_MS, 1 / 24);
  const inWindow = (r: DeploymentRun) => time(r.createdAt) >= since && time(r.createdAt) < until;
  const chronological = [...runs].sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id);
  const successful = chronological.filter((r) => inWindow(r) && r.state === 'success');
  const failed = chronological.filter((r) => inWindow(r) && FAILED_STATES.includes(r.state));
  const leadTimeHours = successful.flatMap((r) => (r.commitDates ?? [])
    .map((d) => (endOf(r) - time(d)) / HOUR_MS).filter((h) => Number.isFinite(h) && h >= 0));
  const timeToRestoreMinutes = failed.flatMap((f) => {
    const restore = chronological.find((r) => r.environment === f.environment && r.state === 'success' && time(r.createdAt) > time(f.createdAt));
    return restore ? [(endOf(restore) - endOf(f)) / 60_000] : [];
  });
  const ended = successful.length + failed.length;
  const lead = median(leadTimeHours);
  const restore = median(timeToRestoreMinutes);
  return {
    deployments: ended,
    successful: successful.length,
    failed: failed.length,
    deploymentsPerDay: round(successful.length / days, 3),
    ...(lead !== undefined ? { leadTimeHours: round(lead) } : {}),
    ...(ended > 0 ? { changeFailureRatePercent: round((failed.length / ended) * 100, 1) } : {}),
    ...(restore !== undefined ? { timeToRestoreMinutes: round(restore, 1) } : {}),
    samples: { leadTimeHours, timeToRestoreMinutes },
  };
}

/** The DORA measures of several sets together: sums, and medians of all their samples. */
export function combine(parts: readonly Dora[], window: Window): Dora {
  const days = Math.max((window.until.getTime() - window.since.getTime()) / DAY_MS, 1 / 24);
  const successful = parts.reduce((n, p) => n + p.successful, 0);
  const failed = parts.reduce((n, p) => n + p.failed, 0);
  const leadTimeHours = parts.flatMap((p) => p.samples.leadTimeHours);
  const timeToRestoreMinutes = parts.flatMap((p) => p.samples.timeToRestoreMinutes);
  const lead = median(leadTimeHours);
  const restore = median(timeToRestoreMinutes);
  return {
    deployments: successful + failed,
    successful,
    failed,
    deploymentsPerDay: round(successful / days, 3),
    ...(lead !== undefined ? { leadTimeHours: round(lead) } : {}),
    ...(successful + failed > 0 ? { changeFailureRatePercent: round((failed / (successful + failed)) * 100, 1) } : {}),
    ...(restore !== undefined ? { timeToRestoreMinutes: round(restore, 1) } : {}),
    samples: { leadTimeHours, timeToRestoreMinutes },
  };
}
