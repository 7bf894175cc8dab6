import { defaultServiceLevels, SERVICE_LEVEL_OVERRIDES_TYPES, serviceLevelOverrideProblems, type ServiceLevelOverrides } from './service-levels';
import { GOLDEN_PATH_DEFAULTS } from '../private/constants';
import type { PropProblem } from '../private/errors';
import { BOOLEAN, instanceOf, listOf, NUMBER, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import { cpuProblem, memoryProblem } from '../private/quantity';
import {
  coverageThresholdProblem, integerProblem, literalProblem, metricsEndpointProblems, problems, requiredChecksProblems, servicePathsProblems,
} from '../private/validation';
import { ServiceTemplate } from '../scaffold/service-template';

/** Horizontal autoscaling of a workload, all fields optional for overriding. */
export interface AutoscalingOptions {
  /**
   * Whether a HorizontalPodAutoscaler owns the replica count.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The fewest replicas the autoscaler keeps.
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * The most replicas the autoscaler may run.
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilization, in percent of the request, that the autoscaler aims for.
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
}

/** Effective autoscaling of a workload after defaults and overrides. */
export interface AutoscalingSettings {
  /** Whether a HorizontalPodAutoscaler owns the replica count. */
  readonly enabled: boolean;
  /** The fewest replicas the autoscaler keeps. */
  readonly minReplicas: number;
  /** The most replicas the autoscaler may run. */
  readonly maxReplicas: number;
  /** Average CPU utilization, in percent of the request, that the autoscaler aims for. */
  readonly targetCpuUtilizationPercent: number;
}

/**
 * Overrides of a workload's resources and scaling. Used at every level: the
 * golden path, an environment, a service, and a service in one environment.
 * The most specific level that sets a field wins.
 */
export interface WorkloadOverrides {
  /**
   * CPU request and limit (requests = limits), as a Kubernetes quantity.
   * @default - the golden path's cpu ("500m")
   */
  readonly cpu?: string;
  /**
   * Memory request and limit (requests = limits), as a Kubernetes quantity.
   * @default - the golden path's memory ("512Mi")
   */
  readonly memory?: string;
  /**
   * Replicas the Deployment is created with. With autoscaling on, the
   * autoscaler owns the count afterwards.
   * @default - the golden path's replicas (3)
   */
  readonly replicas?: number;
  /**
   * Autoscaling; only the fields given override the level below.
   * @default - the golden path's autoscaling (on, 2 to 10 replicas at 70% CPU)
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * SLOs and their burn-rate alerts; only the fields given override the level below.
   * @default - the golden path's service levels (availability 99.9% and 95% of requests within 300 ms over 28 days, alerts at 14.4 and 6 times the budget's rate, on in production and staging)
   */
  readonly serviceLevels?: ServiceLevelOverrides;
}

/** Effective resources and scaling of a workload after all overrides. */
export interface WorkloadSettings {
  /** CPU request and limit. */
  readonly cpu: string;
  /** Memory request and limit. */
  readonly memory: string;
  /** Replicas the Deployment is created with. */
  readonly replicas: number;
  /** Effective autoscaling. */
  readonly autoscaling: AutoscalingSettings;
}

/** Everything a platform team may change when deriving its own golden path. */
export interface GoldenPathOverrides extends WorkloadOverrides {
  /**
   * The CI job names that branch protection requires. Each must be a gate the
   * generated workflow knows how to run.
   * @default ["unit-tests", "lint", "security-scan", "coverage"]
   */
  readonly requiredChecks?: string[];
  /**
   * Test coverage, in percent, below which the `coverage` check fails.
   * @default 80
   */
  readonly coverageThreshold?: number;
  /**
   * The port the service container listens on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * HTTP path of the liveness probe (the scaffold serves it).
   * @default "/healthz"
   */
  readonly livenessPath?: string;
  /**
   * HTTP path of the readiness probe (the scaffold serves it).
   * @default "/readyz"
   */
  readonly readinessPath?: string;
  /**
   * The port the service serves its Prometheus metrics on, apart from its API
   * (the scaffold serves them; the platform's collector scrapes them there).
   * @default 9464
   */
  readonly metricsPort?: number;
  /**
   * HTTP path of the Prometheus metrics on the metrics port.
   * @default "/metrics"
   */
  readonly metricsPath?: string;
  /**
   * The files every new service repository starts with (see `ServiceTemplate`).
   * @default ServiceTemplate.goMicroservice()
   */
  readonly template?: ServiceTemplate;
}

const GO_LAYOUT = [
  'cmd/<name>/main.go', 'internal/handlers/', 'internal/service/', 'internal/repository/', 'pkg/',
  'api/openapi.yaml', 'configs/', 'Makefile', 'go.mod', 'Dockerfile', 'catalog-info.yaml', '.github/workflows/',
];

/** Copies the fields of `o` that are set, so that `undefined` never overrides a value. */
function defined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o ?? {})) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The paved road: every number and convention a new service gets unless a
 * platform team, an environment or the service itself says otherwise.
 *
 * @example
 * const path = GoldenPath.goMicroservice({ coverageThreshold: 85 });
 * path.cpu; // "500m"
 */
export class GoldenPath {
  /**
   * The Go/gin microservice golden path: requests = limits of 500m CPU and
   * 512Mi memory, 3 replicas, autoscaling 2 to 10 at 70% CPU, required checks
   * unit-tests, lint, security-scan and coverage (80%).
   */
  public static goMicroservice(overrides: GoldenPathOverrides = {}): GoldenPath {
    const d = GOLDEN_PATH_DEFAULTS;
    return new GoldenPath('go', 'gin', GO_LAYOUT, {
      ...d,
      autoscaling: { ...d.autoscaling },
      requiredChecks: [...d.requiredChecks],
      template: overrides.template ?? ServiceTemplate.goMicroservice(),
      serviceLevels: defaultServiceLevels(),
    }).derive(overrides);
  }

  /** The service language. */
  public readonly language: string;
  /** The web framework the scaffold uses. */
  public readonly framework: string;
  /** The repository layout every service gets (`<name>` is the service name). */
  public readonly repositoryLayout: string[];
  /** CPU request and limit. */
  public readonly cpu: string;
  /** Memory request and limit. */
  public readonly memory: string;
  /** Replicas a Deployment is created with. */
  public readonly replicas: number;
  /** Autoscaling of every workload. */
  public readonly autoscaling: AutoscalingSettings;
  /** The CI job names branch protection requires. */
  public readonly requiredChecks: string[];
  /** Test coverage, in percent, below which the `coverage` check fails. */
  public readonly coverageThreshold: number;
  /** The port the service container listens on. */
  public readonly containerPort: number;
  /** HTTP path of the liveness probe. */
  public readonly livenessPath: string;
  /** HTTP path of the readiness probe. */
  public readonly readinessPath: string;
  /** The port the service serves its Prometheus metrics on. */
  public readonly metricsPort: number;
  /** HTTP path of the Prometheus metrics on the metrics port. */
  public readonly metricsPath: string;
  /** The files every new service repository starts with. */
  public readonly template: ServiceTemplate;
  /** The service levels of every service (its `enabled` and `alerts`, when unset, are each environment's default). */
  public readonly serviceLevels: ServiceLevelOverrides;

  private constructor(language: string, framework: string, layout: readonly string[], values: Required<Omit<GoldenPathOverrides, 'autoscaling'>> & { autoscaling: AutoscalingSettings }) {
    this.language = language;
    this.framework = framework;
    this.repositoryLayout = [...layout];
    this.cpu = values.cpu;
    this.memory = values.memory;
    this.replicas = values.replicas;
    this.autoscaling = { ...values.autoscaling };
    this.requiredChecks = [...values.requiredChecks];
    this.coverageThreshold = values.coverageThreshold;
    this.containerPort = values.containerPort;
    this.livenessPath = values.livenessPath;
    this.readinessPath = values.readinessPath;
    this.metricsPort = values.metricsPort;
    this.metricsPath = values.metricsPath;
    this.template = values.template;
    this.serviceLevels = { ...values.serviceLevels };
  }

  /** A new golden path with these overrides on top of this one. */
  public derive(overrides: GoldenPathOverrides): GoldenPath {
    const workload = this.workloadSettings(overrides);
    const rest = defined(overrides);
    return new GoldenPath(this.language, this.framework, this.repositoryLayout, {
      ...workload,
      requiredChecks: [...(rest.requiredChecks ?? this.requiredChecks)],
      coverageThreshold: rest.coverageThreshold ?? this.coverageThreshold,
      containerPort: rest.containerPort ?? this.containerPort,
      livenessPath: rest.livenessPath ?? this.livenessPath,
      readinessPath: rest.readinessPath ?? this.readinessPath,
      metricsPort: rest.metricsPort ?? this.metricsPort,
      metricsPath: rest.metricsPath ?? this.metricsPath,
      template: rest.template ?? this.template,
      serviceLevels: { ...this.serviceLevels, ...defined(rest.serviceLevels) },
    });
  }

  /**
   * The effective workload settings after applying overrides in order, the
   * last one most specific (for example environment, then service, then the
   * service in that environment).
   */
  public workloadSettings(...layers: WorkloadOverrides[]): WorkloadSettings {
    let settings: WorkloadSettings = { cpu: this.cpu, memory: this.memory, replicas: this.replicas, autoscaling: this.autoscaling };
    for (const layer of layers) {
      const o = defined(layer);
      settings = {
        cpu: o.cpu ?? settings.cpu,
        memory: o.memory ?? settings.memory,
        replicas: o.replicas ?? settings.replicas,
        autoscaling: { ...settings.autoscaling, ...defined(o.autoscaling) },
      };
    }
    return settings;
  }
}

/**
 * What is wrong with a set of workload settings; `prefix` names where they came
 * from (`goldenPath.`, `environments[0].workloads.`, ...).
 */
export function workloadProblems(prefix: string, s: WorkloadSettings): PropProblem[] {
  const a = s.autoscaling;
  const found = problems(
    cpuProblem(`${prefix}cpu`, s.cpu),
    memoryProblem(`${prefix}memory`, s.memory),
    integerProblem(`${prefix}replicas`, s.replicas, 0, 1000),
    integerProblem(`${prefix}autoscaling.minReplicas`, a.minReplicas, 1, 1000, 'keep at least 1 replica; production needs 2 or more'),
    integerProblem(`${prefix}autoscaling.maxReplicas`, a.maxReplicas, 1, 1000),
    integerProblem(`${prefix}autoscaling.targetCpuUtilizationPercent`, a.targetCpuUtilizationPercent, 1, 100, 'set a percentage such as 70'),
  );
  if (found.length === 0 && a.minReplicas > a.maxReplicas) {
    found.push({
      prop: `${prefix}autoscaling.minReplicas`,
      value: a.minReplicas,
      problem: `is greater than autoscaling.maxReplicas (${a.maxReplicas})`,
      fix: `lower minReplicas to ${a.maxReplicas} or less, or raise maxReplicas to ${a.minReplicas} or more`,
    });
  }
  if (found.length === 0 && a.enabled && (s.replicas < a.minReplicas || s.replicas > a.maxReplicas)) {
    found.push({
      prop: `${prefix}replicas`,
      value: s.replicas,
      problem: `is outside the autoscaling range ${a.minReplicas} to ${a.maxReplicas}, so the autoscaler would change it at once`,
      fix: `set replicas between ${a.minReplicas} and ${a.maxReplicas}, or change the autoscaling range`,
    });
  }
  return found;
}

/**
 * What is wrong with a golden path's own values: everything the workloads,
 * the scaffold and the CI workflow will take as given, so that a bad golden
 * path fails at the Platform, under the prop that holds the mistake.
 */
export function goldenPathProblems(prefix: string, path: GoldenPath): PropProblem[] {
  return [
    ...workloadProblems(prefix, path.workloadSettings()),
    ...problems(
      coverageThresholdProblem(`${prefix}coverageThreshold`, path.coverageThreshold),
      literalProblem(`${prefix}containerPort`, path.containerPort)
        ?? integerProblem(`${prefix}containerPort`, path.containerPort, 1, 65535, 'use a port such as 8080'),
    ),
    ...servicePathsProblems(prefix, path.livenessPath, path.readinessPath),
    ...metricsEndpointProblems(prefix, path.metricsPort, path.metricsPath, path.containerPort),
    ...requiredChecksProblems(`${prefix}requiredChecks`, path.requiredChecks),
    ...serviceLevelOverrideProblems(`${prefix}serviceLevels.`, path.serviceLevels),
  ];
}

/** The runtime types of {@link AutoscalingOptions}. */
export const AUTOSCALING_OPTIONS_TYPES: PropTypes<AutoscalingOptions> = {
  enabled: optional(BOOLEAN),
  minReplicas: optional(NUMBER),
  maxReplicas: optional(NUMBER),
  targetCpuUtilizationPercent: optional(NUMBER),
};

/** The runtime types of {@link WorkloadOverrides}. */
export const WORKLOAD_OVERRIDES_TYPES: PropTypes<WorkloadOverrides> = {
  cpu: optional(STRING),
  memory: optional(STRING),
  replicas: optional(NUMBER),
  autoscaling: optional(struct('AutoscalingOptions', AUTOSCALING_OPTIONS_TYPES)),
  serviceLevels: optional(struct('ServiceLevelOverrides', SERVICE_LEVEL_OVERRIDES_TYPES)),
};

/** The runtime types of {@link GoldenPathOverrides}. */
export const GOLDEN_PATH_OVERRIDES_TYPES: PropTypes<GoldenPathOverrides> = {
  ...WORKLOAD_OVERRIDES_TYPES,
  requiredChecks: optional(listOf(STRING)),
  coverageThreshold: optional(NUMBER),
  containerPort: optional(NUMBER),
  livenessPath: optional(STRING),
  readinessPath: optional(STRING),
  metricsPort: optional(NUMBER),
  metricsPath: optional(STRING),
  template: optional(instanceOf('ServiceTemplate', (v) => v instanceof ServiceTemplate)),
};
