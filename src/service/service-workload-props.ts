import type { PlatformEnvironment } from '../platform/environment';
import { workloadProblems, type GoldenPath, type WorkloadOverrides, type WorkloadSettings } from '../platform/golden-path';
import type { Platform } from '../platform/platform';
import {
  resolveServiceLevels, serviceLevelOverrideProblems, serviceLevelProblems, serviceLevelsOnByDefault, type ServiceLevelSettings,
} from '../platform/service-levels';
import type { PropProblem } from '../private/errors';
import { imageTagProblem } from '../private/kubernetes-names';
import { cpuProblem, memoryProblem } from '../private/quantity';
import { integerProblem, literalProblem, problems, servicePathsProblems } from '../private/validation';

/**
 * The tag the Deployment is created with; CI owns the tag afterwards. It is a
 * fixed, named tag (never `latest`, which the guardrails refuse): the first
 * CI deploy replaces it with an image digest.
 */
export const DEFAULT_INITIAL_IMAGE_TAG = 'bootstrap';

/**
 * Options of a service's container that apply in every environment. Shared by
 * {@link ServiceWorkloadProps} and the GoMicroservice props.
 */
export interface ServiceRuntimeOptions {
  /**
   * The port the service container listens on (named "http"; the Service
   * forwards port 80 to it).
   * @default - the golden path's containerPort (8080)
   */
  readonly containerPort?: number;
  /**
   * The port the service container listens on (the former name of `containerPort`).
   * @default - containerPort
   * @deprecated use `containerPort`
   */
  readonly port?: number;
  /**
   * HTTP path of the liveness probe.
   * @default - the golden path's livenessPath ("/healthz")
   */
  readonly livenessPath?: string;
  /**
   * HTTP path of the readiness probe.
   * @default - the golden path's readinessPath ("/readyz")
   */
  readonly readinessPath?: string;
  /**
   * Whether `terraform apply` waits until the Deployment has rolled out.
   * Off by default: before CI has pushed the first image, pods cannot start
   * and a waiting apply would time out.
   * @default false
   */
  readonly waitForRollout?: boolean;
  /**
   * The image tag the Deployment is created with. Terraform writes the image
   * `<team registry>/<service>:<initialImageTag>` once; after that CI owns the
   * tag (it pushes a new image and rolls the Deployment to it) and Terraform
   * ignores the image. Until CI's first deploy the pods wait for that image.
   * @default "bootstrap"
   */
  readonly initialImageTag?: string;
}

/** Properties of a {@link ServiceWorkload}. */
export interface ServiceWorkloadProps extends ServiceRuntimeOptions {
  /**
   * The service name: a DNS-1123 label. It names the Deployment, the
   * container, the Service, the Kubernetes service account and the image.
   */
  readonly serviceName: string;
  /** The platform environment this workload runs in. */
  readonly environment: string;
  /**
   * The value of the `app.kubernetes.io/part-of` label (the catalog system).
   * @default - the team name
   */
  readonly partOf?: string;
  /**
   * The effective resources and scaling of the workload.
   * @default - the golden path with the environment's workload overrides
   */
  readonly settings?: WorkloadSettings;
  /**
   * The effective SLOs and burn-rate alerts of the workload.
   * @default - the golden path with the environment's serviceLevels
   */
  readonly serviceLevels?: ServiceLevelSettings;
}

/**
 * What is wrong with the runtime options of a service: the port, the probe
 * paths (with the golden path's for those not set: the scaffold serves both)
 * and the initial image tag.
 */
export function runtimeOptionProblems(path: GoldenPath, o: ServiceRuntimeOptions): PropProblem[] {
  const portProp = o.containerPort === undefined && o.port !== undefined ? 'port' : 'containerPort';
  const port = o.containerPort ?? o.port;
  const pathsSet = o.livenessPath !== undefined || o.readinessPath !== undefined;
  return [
    ...problems(
      port === undefined ? undefined
        : literalProblem(portProp, port) ?? integerProblem(portProp, port, 1, 65535, 'use the port the service listens on, e.g. 8080')
          ?? (port === path.metricsPort ? {
            prop: portProp,
            value: port,
            problem: 'is the golden path\'s metricsPort, where the service serves its metrics apart from its API',
            fix: `use another port for the API, such as ${path.containerPort === port ? 8080 : path.containerPort}`,
          } : undefined),
      o.initialImageTag === undefined ? undefined : imageTagProblem('initialImageTag', o.initialImageTag),
    ),
    ...(pathsSet
      ? servicePathsProblems('', o.livenessPath ?? path.livenessPath, o.readinessPath ?? path.readinessPath, o.readinessPath === undefined ? 'livenessPath' : 'readinessPath')
      : []),
  ];
}

/** The props of a service that decide its workloads: service-level overrides, per-environment overrides and runtime options. */
export interface ServiceWorkloadInput extends WorkloadOverrides, ServiceRuntimeOptions {
  /**
   * Overrides of cpu, memory, replicas and autoscaling for one environment,
   * by environment name (e.g. `{ dev: { replicas: 1, autoscaling: { minReplicas: 1 } } }`).
   * They win over the service-level values; unknown environment names are errors.
   * @default - the service-level values in every environment
   */
  readonly environments?: { [name: string]: WorkloadOverrides };
}

/** The workload overrides of a service, without its other props. */
export function serviceLevelOverrides(o: WorkloadOverrides): WorkloadOverrides {
  return { cpu: o.cpu, memory: o.memory, replicas: o.replicas, autoscaling: o.autoscaling };
}

/**
 * The effective service levels of a service in an environment: golden path,
 * environment, service, service in that environment, then the environment's
 * default on or off (production and the environment before it).
 */
export function effectiveServiceLevels(platform: Platform, env: PlatformEnvironment, input: ServiceWorkloadInput): ServiceLevelSettings {
  return resolveServiceLevels(
    serviceLevelsOnByDefault(platform.environments, env.name),
    platform.goldenPath.serviceLevels, env.workloads.serviceLevels, input.serviceLevels, input.environments?.[env.name]?.serviceLevels,
  );
}

/** The effective settings and service levels of a service in one environment. */
export interface EffectiveWorkload {
  readonly settings: WorkloadSettings;
  readonly serviceLevels: ServiceLevelSettings;
}

/**
 * The effective settings and service levels of a service, by environment,
 * each worked out once on first use: its props are judged with them, and its
 * workloads are made from the same objects.
 */
export function effectiveWorkloads(platform: Platform, input: ServiceWorkloadInput): (env: PlatformEnvironment) => EffectiveWorkload {
  const known = new Map<PlatformEnvironment, EffectiveWorkload>();
  return (env) => {
    let found = known.get(env);
    if (found === undefined) {
      found = { settings: effectiveSettings(platform, env, input), serviceLevels: effectiveServiceLevels(platform, env, input) };
      known.set(env, found);
    }
    return found;
  };
}

/**
 * What is wrong with a service's workload props: each value on its own
 * (quantities, whole numbers, ports, paths), unknown environment names, then
 * the effective settings of each environment (min <= replicas <= max), named
 * `environments.<env>.<field>` since that is where a fix for one environment goes.
 */
export function serviceWorkloadProblems(
  platform: Platform, input: ServiceWorkloadInput, effective = effectiveWorkloads(platform, input),
): PropProblem[] {
  const known = platform.environments.map((e) => e.name);
  const found: PropProblem[] = [...runtimeOptionProblems(platform.goldenPath, input), ...overrideProblems('', input)];
  for (const [name, overrides] of Object.entries(input.environments ?? {})) {
    if (!known.includes(name)) {
      found.push({ prop: 'environments', value: name, problem: 'is not an environment of the platform', fix: `use one of ${known.map((k) => `"${k}"`).join(', ')}` });
    } else {
      found.push(...overrideProblems(`environments.${name}.`, overrides ?? {}));
    }
  }
  if (found.length > 0) return found;
  for (const env of platform.environments) {
    const { settings, serviceLevels } = effective(env);
    found.push(...workloadProblems(`environments.${env.name}.`, settings));
    found.push(...serviceLevelProblems(`environments.${env.name}.serviceLevels.`, serviceLevels));
  }
  return found;
}

/** The effective settings of a service in an environment: golden path, environment, service, service in that environment. */
export function effectiveSettings(platform: Platform, env: PlatformEnvironment, input: ServiceWorkloadInput): WorkloadSettings {
  return platform.goldenPath.workloadSettings(env.workloads, serviceLevelOverrides(input), input.environments?.[env.name] ?? {});
}

/** Checks of the override values that are set, each on its own. */
function overrideProblems(prefix: string, o: WorkloadOverrides): PropProblem[] {
  const a = o.autoscaling ?? {};
  return [...serviceLevelOverrideProblems(`${prefix}serviceLevels.`, o.serviceLevels), ...problems(
    o.cpu === undefined ? undefined : cpuProblem(`${prefix}cpu`, o.cpu),
    o.memory === undefined ? undefined : memoryProblem(`${prefix}memory`, o.memory),
    o.replicas === undefined ? undefined : integerProblem(`${prefix}replicas`, o.replicas, 0, 1000),
    a.minReplicas === undefined ? undefined : integerProblem(`${prefix}autoscaling.minReplicas`, a.minReplicas, 1, 1000, 'keep at least 1 replica; production needs 2 or more'),
    a.maxReplicas === undefined ? undefined : integerProblem(`${prefix}autoscaling.maxReplicas`, a.maxReplicas, 1, 1000),
    a.targetCpuUtilizationPercent === undefined ? undefined
      : integerProblem(`${prefix}autoscaling.targetCpuUtilizationPercent`, a.targetCpuUtilizationPercent, 1, 100, 'set a percentage such as 70'),
  )];
}
