import { ElementKind, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { block, dig, list, literal, map } from '../../values';

/** Where each Kubernetes workload type keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  kubernetes_deployment_v1: ['spec', 'template', 'spec'],
  kubernetes_deployment: ['spec', 'template', 'spec'],
  kubernetes_stateful_set_v1: ['spec', 'template', 'spec'],
  kubernetes_stateful_set: ['spec', 'template', 'spec'],
  kubernetes_daemon_set_v1: ['spec', 'template', 'spec'],
  kubernetes_daemonset: ['spec', 'template', 'spec'],
  kubernetes_replication_controller_v1: ['spec', 'template', 'spec'],
  kubernetes_replication_controller: ['spec', 'template', 'spec'],
  kubernetes_job_v1: ['spec', 'template', 'spec'],
  kubernetes_job: ['spec', 'template', 'spec'],
  kubernetes_cron_job_v1: ['spec', 'job_template', 'spec', 'template', 'spec'],
  kubernetes_cron_job: ['spec', 'job_template', 'spec', 'template', 'spec'],
  kubernetes_pod_v1: ['spec'],
  kubernetes_pod: ['spec'],
};

/** Workloads that run until stopped (probes apply); jobs run to completion. */
const LONG_RUNNING = new Set([
  'kubernetes_deployment_v1', 'kubernetes_deployment', 'kubernetes_stateful_set_v1', 'kubernetes_stateful_set',
  'kubernetes_daemon_set_v1', 'kubernetes_daemonset', 'kubernetes_replication_controller_v1',
  'kubernetes_replication_controller', 'kubernetes_pod_v1', 'kubernetes_pod',
]);

/** Workloads with a replica count that a HorizontalPodAutoscaler can own. */
export const SCALABLE_WORKLOADS: Record<string, string> = {
  kubernetes_deployment_v1: 'Deployment',
  kubernetes_deployment: 'Deployment',
  kubernetes_stateful_set_v1: 'StatefulSet',
  kubernetes_stateful_set: 'StatefulSet',
  kubernetes_replication_controller_v1: 'ReplicationController',
  kubernetes_replication_controller: 'ReplicationController',
};

/** HorizontalPodAutoscaler resource types. */
export const HPA_TYPES = [
  'kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_horizontal_pod_autoscaler_v2beta2',
  'kubernetes_horizontal_pod_autoscaler_v1', 'kubernetes_horizontal_pod_autoscaler',
];

/** PodDisruptionBudget resource types. */
export const PDB_TYPES = ['kubernetes_pod_disruption_budget_v1', 'kubernetes_pod_disruption_budget'];

/** ResourceQuota resource types. */
export const QUOTA_TYPES = ['kubernetes_resource_quota_v1', 'kubernetes_resource_quota'];

/** A container of a workload, named for messages. */
export interface Container {
  /** `container "app"` or `init container "migrate"`. */
  readonly label: string;
  /** Its resolved configuration. */
  readonly config: any;
}

/** Whether an element is a Kubernetes workload resource. */
export function isWorkload(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && e.elementType in POD_SPEC_PATHS;
}

/** Whether an element is a workload that runs until stopped. */
export function isLongRunning(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && LONG_RUNNING.has(e.elementType);
}

/** The pod spec of a workload. */
export function podSpecOf(e: TerraformElement): any {
  const path = POD_SPEC_PATHS[e.elementType];
  return path ? dig(e.config, ...path) : undefined;
}

/** The containers (and, unless `initToo` is false, init containers) of a workload. */
export function containersOf(e: TerraformElement, initToo = true): Container[] {
  const spec = podSpecOf(e) ?? {};
  const containers = list(spec.container).map((c, i) => ({ label: `container ${containerName(c, i)}`, config: c ?? {} }));
  if (!initToo) return containers;
  return [...containers, ...list(spec.init_container).map((c, i) => ({ label: `init container ${containerName(c, i)}`, config: c ?? {} }))];
}

function containerName(c: any, i: number): string {
  const name = literal(c?.name);
  return name === undefined ? `#${i + 1}` : `"${name}"`;
}

/** The security context of a container, and of its pod (which the container's overrides). */
export function securityContexts(e: TerraformElement, c: Container): { container: any; pod: any } {
  return { container: block(c.config.security_context) ?? {}, pod: block(podSpecOf(e)?.security_context) ?? {} };
}

/** The labels of a workload's pods. */
export function podLabels(e: TerraformElement): Record<string, unknown> {
  if (e.elementType === 'kubernetes_pod_v1' || e.elementType === 'kubernetes_pod') return map(dig(e.config, 'metadata', 'labels'));
  const path = POD_SPEC_PATHS[e.elementType];
  return map(dig(e.config, ...path.slice(0, -1), 'metadata', 'labels'));
}

/** The HorizontalPodAutoscalers of the stack that scale a workload. */
export function autoscalersOf(e: TerraformElement, stack: StackView): TerraformElement[] {
  const kind = SCALABLE_WORKLOADS[e.elementType];
  if (!kind) return [];
  return stack.inSameNamespace(e, ...HPA_TYPES).filter((hpa) => {
    const target = dig(hpa.config, 'spec', 'scale_target_ref');
    if (!target || (literal(target.kind) !== undefined && target.kind !== kind)) return false;
    return stack.names(target.name, e, (c) => dig(c, 'metadata', 'name'));
  });
}
