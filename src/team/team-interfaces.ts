import type { IConstruct } from 'constructs';
import type { GroupSubject } from './group-subject';
import type { Platform } from '../platform/platform';

/** What a workload at its largest takes from a namespace's quota. */
export interface QuotaFootprint {
  /** CPU limits of all its pods together, in millicores. */
  readonly cpuMillicores: number;
  /** Memory limits of all its pods together, in bytes. */
  readonly memoryBytes: number;
  /** Pods it may run. */
  readonly pods: number;
}

/** Something that runs in a team's namespaces and counts against their quotas. */
export interface IQuotaConsumer {
  /** The consumer's construct node, to name it in messages. */
  readonly node: IConstruct['node'];
  /** Its largest footprint in one environment (autoscaled to the maximum, sidecars included). */
  maxFootprint(environment: string): QuotaFootprint;
}

/**
 * What a team's parts (its namespaces) read of the team: a small interface,
 * so that they need not know the TeamEnvironment construct that makes them.
 */
export interface ITeamEnvironment extends IConstruct {
  /** The team name. */
  readonly name: string;
  /** The platform the team belongs to. */
  readonly platform: Platform;
  /** The Kubernetes RBAC subject of the team's people. */
  readonly groupSubject: GroupSubject;
  /** Labels that select the ingress controller's namespace in the network policies. */
  readonly ingressControllerNamespaceLabels: { [key: string]: string };
  /** What the team's workloads take at most from its namespace in an environment (sizes the default quotas). */
  maxFootprint(environment: string): QuotaFootprint;
}

/** Marks a TeamEnvironment, so that its parts find it without importing it. */
export const TEAM_SYMBOL = Symbol.for('cdktf-golden-paths.TeamEnvironment');

/** Marks what stands for a team's constructs in one of its environment stacks (a Platform at App scope). */
const TEAM_SCOPE = Symbol.for('cdktf-golden-paths.TeamScope');

/**
 * Marks `scope` as belonging to `team`: the constructs that stand for the
 * team's constructs inside an environment's stack, when the platform makes
 * one stack per team and environment.
 */
export function markTeamScope(scope: IConstruct, team: ITeamEnvironment): void {
  Object.defineProperty(scope, TEAM_SCOPE, { value: team });
}

/** The nearest team that `scope` is in (`scope` itself included), also from inside an environment's stack. */
export function enclosingTeam(scope: IConstruct): ITeamEnvironment | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i] as any;
    if (TEAM_SYMBOL in s) return s as ITeamEnvironment;
    if (s[TEAM_SCOPE] !== undefined) return s[TEAM_SCOPE];
  }
  return undefined;
}
