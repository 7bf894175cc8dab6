import type { IQuotaConsumer, QuotaFootprint } from './team-interfaces';
import { describeProblem, type PropProblem } from '../private/errors';
import { NUMBER, optional, STRING, type PropTypes } from '../private/prop-types';
import { bytes, cpuProblem, formatCpu, formatMemory, memoryProblem, millicores } from '../private/quantity';
import { integerProblem, problems } from '../private/validation';

/**
 * Overrides of the resource quota of a team's namespace in one environment.
 * A field given is a hard limit: synth fails when the team's workloads at
 * their maximum would not fit. Each field left out is sized from the
 * workloads (see {@link NamespaceQuota.forWorkloads}).
 */
export interface NamespaceQuotaOptions {
  /**
   * CPU the namespace may request and be limited to in total (the quota's
   * `requests.cpu` and `limits.cpu`; golden services set requests = limits),
   * as a Kubernetes quantity such as `"10"` or `"2500m"`.
   * @default - what the workloads need at their maximum plus 25%, rounded up; at least "10" outside production and "20" in production
   */
  readonly cpu?: string;
  /**
   * Memory the namespace may request and be limited to in total (the quota's
   * `requests.memory` and `limits.memory`), as a Kubernetes quantity such as `"10Gi"`.
   * @default - what the workloads need at their maximum plus 25%, rounded up; at least "10Gi" outside production and "20Gi" in production
   */
  readonly memory?: string;
  /**
   * Pods the namespace may run at once.
   * @default - what the workloads may run at their maximum plus 25%, rounded up; at least 30 outside production and 50 in production
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

/** Room above the workloads' maximum: a rolling update surges by 25% of the replicas (Deployment maxSurge). */
const HEADROOM = 1.25;
const GIB = 2 ** 30;

/**
 * Namespace quotas. By default a quota is sized from the team's workloads at
 * their maximum (autoscaled to maxReplicas, sidecars included) plus 25% for a
 * rolling update's surge, rounded up to a readable value, and never below the
 * environment's floor:
 *
 * | environment | floor cpu | floor memory | floor pods |
 * | --- | --- | --- | --- |
 * | not production | `10` | `10Gi` | 30 |
 * | production | `20` | `20Gi` | 50 |
 *
 * Rounding: whole cores, GiB and pods, in steps of 1 up to 10, 5 up to 50, 10
 * up to 200 and 50 beyond. A field the team sets is used as given.
 */
export class NamespaceQuota {
  /** The floor of a namespace's quota in an environment: what it gets with no workloads. */
  public static defaults(production: boolean): NamespaceQuotaSettings {
    return production ? { cpu: '20', memory: '20Gi', pods: 50 } : { cpu: '10', memory: '10Gi', pods: 30 };
  }

  /**
   * The quota for workloads that need `need` at their maximum: each field
   * `overrides` sets as given, the others sized from `need` (plus 25%,
   * rounded up, at least the environment's floor).
   */
  public static forWorkloads(production: boolean, need: QuotaFootprint, overrides: NamespaceQuotaOptions = {}): NamespaceQuotaSettings {
    const floor = NamespaceQuota.defaults(production);
    const sized = (amount: number, minimum: number) => Math.max(minimum, readable(Math.ceil(amount * HEADROOM - 1e-9)));
    return {
      cpu: overrides.cpu ?? `${sized(need.cpuMillicores / 1000, millicores(floor.cpu) / 1000)}`,
      memory: overrides.memory ?? `${sized(need.memoryBytes / GIB, bytes(floor.memory) / GIB)}Gi`,
      pods: overrides.pods ?? sized(need.pods, floor.pods),
    };
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

/** `n` rounded up to a readable amount: steps of 1 up to 10, 5 up to 50, 10 up to 200, 50 beyond. */
function readable(n: number): number {
  const step = n <= 10 ? 1 : n <= 50 ? 5 : n <= 200 ? 10 : 50;
  return Math.ceil(n / step) * step;
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
  /** How to get more of a quota the team cannot set itself: the fix's first half. */
  readonly raise?: (field: string, by: string, target: string) => string;
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
      fix: `${opts.raise ? opts.raise(c.field, c.show(need - c.has), target) : `raise quotas.${environment}.${c.field} by ${c.show(need - c.has)} to at least ${target}`}, or lower the workloads' maxReplicas or ${c.field === 'pods' ? 'replicas' : c.field} in "${environment}"`,
    }));
  }
  return found;
}

/** The runtime types of {@link NamespaceQuotaOptions}. */
export const NAMESPACE_QUOTA_OPTIONS_TYPES: PropTypes<NamespaceQuotaOptions> = {
  cpu: optional(STRING),
  memory: optional(STRING),
  pods: optional(NUMBER),
};

/** What the team-wide quota check reads of a team's namespace. */
interface QuotaCheckedNamespace {
  readonly name: string;
  readonly environment: { readonly name: string };
  readonly quota: NamespaceQuotaSettings;
}

/** What the team-wide quota check reads of a team. */
export interface QuotaCheckedTeam {
  readonly node: { readonly path: string };
  readonly name: string;
  readonly environments: readonly { readonly name: string }[];
  readonly quotaConsumers: readonly IQuotaConsumer[];
  readonly teamNamespaces: readonly QuotaCheckedNamespace[];
  /** The quotas the platform set at onboarding, when it onboarded the team. */
  readonly _onboarded?: { readonly quotas: { readonly [environment: string]: NamespaceQuotaSettings } };
  namespaceName(environment: string): string;
}

/** The quota check of a team: every namespace must hold its consumers at their largest. */
export function teamQuotaOverruns(team: QuotaCheckedTeam): string[] {
  if (team.quotaConsumers.length === 0) return [];
  const prefix = `${team.node.path}/`;
  const consumerName = (consumer: IQuotaConsumer) =>
    consumer.node.path.startsWith(prefix) ? consumer.node.path.slice(prefix.length) : consumer.node.path;
  const usages = (env: string) => team.quotaConsumers.map((c) => ({ consumer: consumerName(c), footprint: c.maxFootprint(env) }));
  const onboarded = team._onboarded;
  if (onboarded) {
    // The platform set the quotas at onboarding: the team asks for more, it cannot take it.
    return team.environments.flatMap((env) => quotaOverruns({
      environment: env.name,
      namespace: team.namespaceName(env.name),
      quota: onboarded.quotas[env.name],
      usages: usages(env.name),
      raise: (field, by, target) => `ask the platform team to raise quotas.${env.name}.${field} of the TeamOnboarding "${team.name}" by ${by} to at least ${target}`,
    }));
  }
  return team.teamNamespaces.flatMap((ns) => quotaOverruns({
    environment: ns.environment.name,
    namespace: ns.name,
    quota: ns.quota,
    usages: usages(ns.environment.name),
  }));
}

/** What `consumers` take at most from a namespace in `environment`: the sum of each one's largest footprint. */
export function sumOfFootprints(consumers: readonly IQuotaConsumer[], environment: string): QuotaFootprint {
  const footprints = consumers.map((c) => c.maxFootprint(environment));
  return {
    cpuMillicores: footprints.reduce((sum, f) => sum + f.cpuMillicores, 0),
    memoryBytes: footprints.reduce((sum, f) => sum + f.memoryBytes, 0),
    pods: footprints.reduce((sum, f) => sum + f.pods, 0),
  };
}
