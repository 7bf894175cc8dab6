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

/** The nearest team that `scope` is in (`scope` itself included). */
export function enclosingTeam(scope: IConstruct): ITeamEnvironment | undefined {
  return scope.node.scopes.slice().reverse().find((s): s is ITeamEnvironment => TEAM_SYMBOL in s);
}
