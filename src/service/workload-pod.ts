import { METRICS_PORT_NAME } from '../private/constants';
import type { PropProblem } from '../private/errors';
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

/**
 * Where in the Deployment the image of its container at `index` lives, for
 * `lifecycle.ignore_changes`: Terraform addresses a container by its position.
 */
export function imageAttribute(index: number): string {
  return `spec[0].template[0].spec[0].container[${index}].image`;
}

/** Where in the Deployment the service container's image lives while it is the first container, for `lifecycle.ignore_changes`. */
export const IMAGE_ATTRIBUTE = imageAttribute(0);
/** Where in the Deployment the replica count lives, for `lifecycle.ignore_changes`. */
export const REPLICAS_ATTRIBUTE = 'spec[0].replicas';

/** A move of the service container among the pod's containers. */
export interface ContainerMove {
  readonly from: number;
  readonly to: number;
}

/**
 * The pod's containers with a sidecar added: after the others, or, when it
 * must serve before the service starts, right before the service container
 * (the kubelet starts containers in order, each once the previous one's
 * postStart hook has returned). Undefined when the service container is missing.
 */
export function withSidecar(
  containers: DeploymentV1SpecTemplateSpecContainer[], sidecar: DeploymentV1SpecTemplateSpecContainer, first: boolean, serviceName: string,
): { containers: DeploymentV1SpecTemplateSpecContainer[]; serviceMoved?: ContainerMove } | undefined {
  if (!first) return { containers: [...containers, sidecar] };
  const service = containers.findIndex((c) => c.name === serviceName);
  if (service === -1) return undefined;
  return { containers: [...containers.slice(0, service), sidecar, ...containers.slice(service)], serviceMoved: { from: service, to: service + 1 } };
}

/** `lifecycle.ignore_changes` with the service container's image at its new position (`all` and none as they are). */
export function followImage<T>(ignored: T, move: ContainerMove): T {
  return (Array.isArray(ignored) ? ignored.map((a) => a === imageAttribute(move.from) ? imageAttribute(move.to) : a) : ignored) as T;
}

/**
 * What is wrong with a sidecar among the pod's other containers (`names`, and
 * the `ports` they use): a name or a port already taken.
 */
export function sidecarInPodProblems(prefix: string, sidecar: SidecarContainer, names: string[], ports: number[]): PropProblem[] {
  const found: PropProblem[] = [];
  if (names.includes(sidecar.name)) {
    found.push({ prop: `${prefix}name`, value: sidecar.name, problem: 'is already the name of a container of this pod', fix: `give the sidecar a name other than ${names.map((n) => `"${n}"`).join(', ')}` });
  }
  if (sidecar.port !== undefined && ports.includes(sidecar.port)) {
    found.push({ prop: `${prefix}port`, value: sidecar.port, problem: 'is already used by another container of this pod (containers share the pod network)', fix: `use a port other than ${ports.join(', ')}` });
  }
  const healthPort = sidecar.healthCheck?.port;
  if (healthPort !== undefined && (ports.includes(healthPort) || healthPort === sidecar.port)) {
    found.push({
      prop: `${prefix}healthCheck.port`,
      value: healthPort,
      problem: 'is already used by a container of this pod (containers share the pod network)',
      fix: `use a port other than ${[...ports, sidecar.port].filter((p) => p !== undefined).join(', ')}`,
    });
  }
  return found;
}

/** What the service container of a workload is made from (the ServiceWorkload's own fields). */
export interface ServiceContainerInput {
  readonly containerName: string;
  readonly initialImage: string;
  readonly containerPort: number;
  readonly metricsPort: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly settings: { readonly cpu: string; readonly memory: string };
}

/** The service container as created; environment variables are added to it in place. */
export function serviceContainerSpec(w: ServiceContainerInput): DeploymentV1SpecTemplateSpecContainer {
  const { cpu, memory } = w.settings;
  const probe = (path: string) => ({ httpGet: { path, port: HTTP_PORT_NAME } });
  return {
    name: w.containerName,
    image: w.initialImage,
    port: [
      { name: HTTP_PORT_NAME, containerPort: w.containerPort, protocol: 'TCP' },
      { name: METRICS_PORT_NAME, containerPort: w.metricsPort, protocol: 'TCP' },
    ],
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    livenessProbe: { ...probe(w.livenessPath), initialDelaySeconds: 10, ...LIVENESS_TIMING },
    readinessProbe: { ...probe(w.readinessPath), ...READINESS_TIMING },
    securityContext: hardened(),
    volumeMount: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

/** A sidecar as a container of the Deployment: hardened, its health check as probes, its wait command as the postStart hook. */
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
    // https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
    lifecycle: s.waitCommand === undefined ? undefined : { postStart: [{ exec: { command: s.waitCommand.map(terraformLiteral) } }] },
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
