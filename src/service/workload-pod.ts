import type { DeploymentV1SpecTemplateSpecContainer } from '../private/providers/kubernetes';
import { terraformLiteral } from '../private/terraform-literal';
import { hardened } from '../workload/pod-security';
import type { SidecarContainer } from '../workload/sidecar-container';

/** Probe timing shared by the service container and sidecars with health checks. */
export const LIVENESS_TIMING = { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 } as const;
export const READINESS_TIMING = { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 } as const;
/** Startup probes: every second, for up to a minute. */
const STARTUP_TIMING = { periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 60 } as const;
/** The name of the service container's port, which the Service and the probes target. */
export const HTTP_PORT_NAME = 'http';
/** The pod's one writable volume, mounted at /tmp. */
export const TMP_VOLUME = 'tmp';

/** A sidecar as a container of the Deployment: hardened, its health check as probes. */
export function sidecarSpec(s: SidecarContainer): DeploymentV1SpecTemplateSpecContainer {
  const env = Object.entries(s.env ?? {});
  return {
    name: s.name,
    image: s.image,
    // Free text Terraform must read literally (cdktf references in it still resolve).
    args: s.args?.map(terraformLiteral),
    port: s.port === undefined ? undefined : [{ containerPort: s.port, protocol: 'TCP' }],
    resources: { requests: { cpu: s.cpu, memory: s.memory }, limits: { cpu: s.cpu, memory: s.memory } },
    securityContext: hardened(s.runAsUser),
    env: env.length > 0 ? env.map(([name, value]) => ({ name, value: terraformLiteral(value) })) : undefined,
    ...(s.healthCheck === undefined ? {} : {
      livenessProbe: { httpGet: { path: s.healthCheck.livenessPath, port: String(s.healthCheck.port) }, ...LIVENESS_TIMING },
      readinessProbe: { httpGet: { path: s.healthCheck.readinessPath, port: String(s.healthCheck.port) }, ...READINESS_TIMING },
      ...(s.healthCheck.startupPath === undefined ? {} : {
        startupProbe: { httpGet: { path: s.healthCheck.startupPath, port: String(s.healthCheck.port) }, ...STARTUP_TIMING },
      }),
    }),
  };
}

/**
 * The node labels production replicas are spread over: zones first, then
 * nodes (well-known labels every GKE node carries).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export const SPREAD_TOPOLOGY_KEYS = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'] as const;

/**
 * Spreads a workload's pods over zones and nodes, at most one pod of
 * difference between any two. `ScheduleAnyway` makes the spread a preference
 * the scheduler scores by, never a reason to leave a pod Pending: a zone out
 * of capacity, a zonal cluster or a node pool smaller than the replica count
 * then still runs every replica (`DoNotSchedule` would stop a rollout or a
 * scale-up there, which costs more availability than co-location does).
 */
export function spreadConstraints(selector: Record<string, string>) {
  return SPREAD_TOPOLOGY_KEYS.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: [{ matchLabels: selector }],
  }));
}
