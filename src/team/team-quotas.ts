import type { QuotaFootprint } from './team-interfaces';
import { describeProblem, type PropProblem } from '../private/errors';
import { bytes, cpuProblem, formatCpu, formatMemory, memoryProblem, millicores } from '../private/quantity';
import { integerProblem, problems } from '../private/validation';

/**
 * Overrides of the resource quota of a team's namespace in one environment.
 * Each field left out keeps the environment's default (see
 * {@link NamespaceQuota.defaults}).
 */
export interface NamespaceQuotaOptions {
  /**
   * CPU the namespace may request and be limited to in total (the quota's
   * `requests.cpu` and `limits.cpu`; golden services set requests = limits),
   * as a Kubernetes quantity such as `"10"` or `"2500m"`.
   * @default - "10" outside production, "20" in production
   */
  readonly cpu?: string;
  /**
   * Memory the namespace may request and be limited to in total (the quota's
   * `requests.memory` and `limits.memory`), as a Kubernetes quantity such as `"10Gi"`.
   * @default - "10Gi" outside production, "20Gi" in production
   */
  readonly memory?: string;
  /**
   * Pods the namespace may run at once.
   * @default - 30 outside production, 50 in production
   */
  readonly pods?: number;
}

/** The effective resource quota of a team's namespace in one environment. */
export interface NamespaceQuotaSettings {
  /** Total `requests.cpu` and `limits.cpu`. */
  readonly cpu: string;
  /** Total `requests.memory` and `limits.memory`. */
  readonly memory: string;
  /** Pods at once. */
  readonly pods: number;
}

/**
 * The default namespace quotas. Sized in golden-path units (one golden pod is
 * 500m CPU and 512Mi memory, so 1 core goes with 1Gi):
 *
 * | environment | cpu | memory | pods | room for golden services at 10 replicas |
 * | --- | --- | --- | --- | --- |
 * | not production | `10` | `10Gi` | 30 | 2 |
 * | production | `20` | `20Gi` | 50 | 4 |
 */
export class NamespaceQuota {
  /** The quota a team's namespace gets in an environment unless the team overrides it. */
  public static defaults(production: boolean): NamespaceQuotaSettings {
    return production ? { cpu: '20', memory: '20Gi', pods: 50 } : { cpu: '10', memory: '10Gi', pods: 30 };
  }

  /** The effective quota: the defaults of the environment, with the fields `overrides` sets on top. */
  public static resolve(production: boolean, overrides: NamespaceQuotaOptions = {}): NamespaceQuotaSettings {
    const base = NamespaceQuota.defaults(production);
    return {
      cpu: overrides.cpu ?? base.cpu,
      memory: overrides.memory ?? base.memory,
      pods: overrides.pods ?? base.pods,
    };
  }

  private constructor() {}
}

/** What is wrong with an effective quota; `prefix` names where it came from (`quotas.prod.`). */
export function namespaceQuotaProblems(prefix: string, q: NamespaceQuotaSettings): PropProblem[] {
  return problems(
    cpuProblem(`${prefix}cpu`, q.cpu),
    memoryProblem(`${prefix}memory`, q.memory),
    integerProblem(`${prefix}pods`, q.pods, 1, 100_000, 'allow at least 1 pod, e.g. 30'),
  );
}

/** One consumer's footprint, for the sums of the quota check. */
interface Usage {
  readonly consumer: string;
  readonly footprint: QuotaFootprint;
}

/**
 * The messages of the quota check of one namespace: one for each of
 * `limits.cpu`, `limits.memory` and `pods` that the consumers at their largest
 * would exceed, saying which quota prop to raise, to what and by how much.
 */
export function quotaOverruns(opts: {
  readonly environment: string;
  readonly namespace: string;
  readonly quota: NamespaceQuotaSettings;
  readonly usages: readonly Usage[];
}): string[] {
  const { environment, namespace, quota, usages } = opts;
  if (usages.length === 0) return [];
  const checks = [
    { field: 'cpu', key: 'limits.cpu', has: millicores(quota.cpu), value: quota.cpu as string | number, of: (f: QuotaFootprint) => f.cpuMillicores, show: formatCpu, quoted: true },
    { field: 'memory', key: 'limits.memory', has: bytes(quota.memory), value: quota.memory, of: (f: QuotaFootprint) => f.memoryBytes, show: formatMemory, quoted: true },
    { field: 'pods', key: 'pods', has: quota.pods, value: quota.pods, of: (f: QuotaFootprint) => f.pods, show: (n: number) => `${n}`, quoted: false },
  ];
  const found: string[] = [];
  for (const c of checks) {
    const need = usages.reduce((sum, u) => sum + c.of(u.footprint), 0);
    if (need <= c.has) continue;
    const parts = usages.map((u) => `${u.consumer} ${c.show(c.of(u.footprint))}`).join(', ');
    const target = c.quoted ? `"${c.show(need)}"` : c.show(need);
    found.push(describeProblem({
      prop: `quotas.${environment}.${c.field}`,
      value: c.value,
      problem: `the ${c.key} quota of namespace "${namespace}" is too small: the workloads in it need ${c.show(need)} at their maximum replicas (${parts}), ${c.show(need - c.has)} more than the quota allows`,
      fix: `raise quotas.${environment}.${c.field} by ${c.show(need - c.has)} to at least ${target}, or lower the workloads' maxReplicas or ${c.field === 'pods' ? 'replicas' : c.field} in "${environment}"`,
    }));
  }
  return found;
}
