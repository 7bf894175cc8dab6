import { Construct } from 'constructs';
import { deployTargetOf, type PlatformEnvironment } from '../platform/environment';
import { burnRateAlerts, errorRatePercentAt, type BurnRateAlert, type ServiceLevelSettings } from '../platform/service-levels';
import { MANAGED_BY, MANAGED_PROMETHEUS, METRICS_PORT_NAME, OBSERVABILITY_ANNOTATIONS, TEMPLATE_METRICS } from '../private/constants';
import { boundedName } from '../private/naming';
import { MonitoringAlertPolicy, MonitoringCustomService, MonitoringSlo, type GoogleProvider, type MonitoringDashboard } from '../private/providers/google';
import { Manifest } from '../private/providers/kubernetes';
import { terraformLiteral } from '../private/terraform-literal';
import type { DashboardServicePanel, TeamDashboardSettings } from '../team/team-dashboards';
import type { TeamEnvironment } from '../team/team-environment';

/** The Deployment annotation that says a service's SLOs (`off`) or their alerts (`no-alerts`) are off where its environment has them. */
export const SERVICE_LEVELS_ANNOTATION = OBSERVABILITY_ANNOTATIONS.serviceLevels;
/** The Deployment annotation that says why. */
export const SERVICE_LEVELS_REASON_ANNOTATION = OBSERVABILITY_ANNOTATIONS.serviceLevelsReason;

/**
 * Where the managed collectors' samples of one service are, as Cloud Monitoring sees them: Managed
 * Service for Prometheus writes a Prometheus metric `<name>` of kind counter as
 * `prometheus.googleapis.com/<name>/counter` and a histogram as `.../<name>/histogram` ("Prometheus
 * metrics start with prometheus.googleapis.com/", "Using Prometheus metrics" for SLIs,
 * https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/sli-metrics/prometheus), on the
 * monitored resource `prometheus_target`, whose labels
 * a PodMonitoring's collector sets: `project_id`, `location` and `cluster` of the cluster,
 * `namespace` of the PodMonitoring, and `job`, its name (prometheus-engine,
 * pkg/operator/apis/monitoring/v1/pod_config.go).
 */
export interface MetricsTarget {
  /** The cluster's project (where the collectors write). */
  readonly project: string;
  /** The cluster's location. */
  readonly location: string;
  /** The cluster's name. */
  readonly cluster: string;
  /** The service's Kubernetes namespace. */
  readonly kubernetesNamespace: string;
  /** The PodMonitoring's name (the service name). */
  readonly job: string;
}

/** The Cloud Monitoring metric type of a Prometheus metric from Managed Service for Prometheus. */
export function prometheusMetricType(name: string, kind: 'counter' | 'histogram' | 'gauge'): string {
  return `prometheus.googleapis.com/${name}/${kind}`;
}

/** A monitoring filter (https://cloud.google.com/monitoring/api/v3/filters) on one metric of one service. */
export function metricFilter(metricType: string, target: MetricsTarget, ...more: string[]): string {
  return [
    `metric.type="${metricType}"`,
    'resource.type="prometheus_target"',
    `resource.labels.project_id="${target.project}"`,
    `resource.labels.location="${target.location}"`,
    `resource.labels.cluster="${target.cluster}"`,
    `resource.labels.namespace="${target.kubernetesNamespace}"`,
    `resource.labels.job="${target.job}"`,
    ...more,
  ].join(' AND ');
}

/** The requests that count against availability: those answered with a 5xx status. */
export const SERVER_ERROR_FILTER = `metric.labels.${TEMPLATE_METRICS.statusLabel}=monitoring.regex.full_match("5[0-9][0-9]")`;

/**
 * GKE's system metrics of a container's use against its requests ("The fraction of the requested CPU / memory
 * that is currently in use on the instance", on the monitored resource `k8s_container`, written to the
 * cluster's project: https://cloud.google.com/monitoring/api/metrics_kubernetes); memory counts the
 * non-evictable part, what the kubelet weighs against the request.
 */
export const CONTAINER_SATURATION = {
  cpu: 'kubernetes.io/container/cpu/request_utilization',
  memory: 'kubernetes.io/container/memory/request_utilization',
  nonEvictableMemory: 'metric.labels.memory_type="non-evictable"',
} as const;

/** A monitoring filter on one GKE system metric of the service's container (`k8s_container`'s labels). */
export function containerFilter(metricType: string, target: MetricsTarget, container: string, ...more: string[]): string {
  return [
    `metric.type="${metricType}"`,
    'resource.type="k8s_container"',
    `resource.labels.project_id="${target.project}"`,
    `resource.labels.location="${target.location}"`,
    `resource.labels.cluster_name="${target.cluster}"`,
    `resource.labels.namespace_name="${target.kubernetesNamespace}"`,
    `resource.labels.container_name="${container}"`,
    ...more,
  ].join(' AND ');
}

/**
 * What a service shows on its team's dashboard of an environment: the filters its SLOs use (the same metric
 * names and labels), its container's saturation, and its SLOs there.
 */
export function dashboardPanel(
  service: string, container: string, target: MetricsTarget,
  monitoring: ServiceMonitoring | undefined, settings: ServiceLevelSettings, note?: string,
): DashboardServicePanel {
  const requests = prometheusMetricType(TEMPLATE_METRICS.requests, 'counter');
  return {
    service,
    requestsFilter: metricFilter(requests, target),
    serverErrorsFilter: metricFilter(requests, target, SERVER_ERROR_FILTER),
    latencyFilter: metricFilter(prometheusMetricType(TEMPLATE_METRICS.duration, 'histogram'), target),
    cpuFilter: containerFilter(CONTAINER_SATURATION.cpu, target, container),
    memoryFilter: containerFilter(CONTAINER_SATURATION.memory, target, container, CONTAINER_SATURATION.nonEvictableMemory),
    slos: monitoring === undefined ? [] : [
      { slo: 'availability', name: monitoring.availability.name, burnWindowMinutes: settings.fastBurnWindowMinutes },
      { slo: 'latency', name: monitoring.latency.name, burnWindowMinutes: settings.fastBurnWindowMinutes },
    ],
    ...(note !== undefined ? { serviceLevelsNote: note } : {}),
  };
}

/** What a ServiceMonitoring needs to know of its workload. */
export interface ServiceMonitoringProps {
  /** The service name. */
  readonly serviceName: string;
  /** The environment. */
  readonly environment: string;
  /** The team that owns the service. */
  readonly team: string;
  /** The project the SLOs and alert policies live in (the team's project of the environment). */
  readonly project: string;
  /**
   * The environment's Google provider, when it names one.
   * @default - the stack's
   */
  readonly provider?: GoogleProvider;
  /** Where the service's metrics are. */
  readonly target: MetricsTarget;
  /** The effective service levels. */
  readonly settings: ServiceLevelSettings;
  /**
   * The team's notification channel in `project` (its name).
   * @default - none: the alerts show in Cloud Monitoring only
   */
  readonly notificationChannel?: string;
}

/** One alert policy of an SLO, with the burn rate it fires at. */
export interface BurnRateAlertPolicy {
  /** `availability` or `latency`. */
  readonly slo: string;
  /** Its burn rate and windows. */
  readonly alert: BurnRateAlert;
  /** The policy. */
  readonly policy: MonitoringAlertPolicy;
}

/**
 * A service's SLOs in one environment and their burn-rate alerts: a Cloud
 * Monitoring custom service (`google_monitoring_custom_service`), an
 * availability SLO and a latency SLO (`google_monitoring_slo`, request-based,
 * from the template's metrics) and, when alerts are on, for each SLO a
 * fast-burn and a slow-burn alert policy (`google_monitoring_alert_policy`:
 * both windows must burn at the rate, Google's SRE workbook, "Alerting on SLOs",
 * https://sre.google/workbook/alerting-on-slos/) notifying the team.
 */
export class ServiceMonitoring extends Construct {
  /** The custom service the SLOs belong to. */
  public readonly customService: MonitoringCustomService;
  /** The share of requests answered without a server error. */
  public readonly availability: MonitoringSlo;
  /** The share of requests served within the latency threshold. */
  public readonly latency: MonitoringSlo;
  /** The burn-rate alert policies (none when alerts are off). */
  public readonly alertPolicies: BurnRateAlertPolicy[] = [];

  public constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const s = props.settings;
    const common = { provider: props.provider, project: props.project };
    const labels = { 'team': props.team, 'service': props.serviceName, 'environment': props.environment, 'managed-by': MANAGED_BY };
    const what = `${props.serviceName} (${props.environment})`;
    this.customService = new MonitoringCustomService(this, 'service', {
      ...common,
      // Unique in the project: environments may share one.
      serviceId: boundedName([props.serviceName, props.environment], 63),
      displayName: what,
      userLabels: labels,
    });
    const target = props.target;
    const requests = prometheusMetricType(TEMPLATE_METRICS.requests, 'counter');
    const period = { rollingPeriodDays: s.rollingPeriodDays };
    // An attribute read makes a new token each time: each is read once and its reference used where needed.
    const serviceId = this.customService.serviceId;
    this.availability = new MonitoringSlo(this, 'availability', {
      ...common,
      ...period,
      service: serviceId,
      sloId: 'availability',
      displayName: `${s.availabilityGoalPercent}% of requests to ${what} answered without a server error over ${s.rollingPeriodDays} days`,
      goal: fraction(s.availabilityGoalPercent),
      userLabels: { ...labels, slo: 'availability' },
      requestBasedSli: {
        goodTotalRatio: {
          totalServiceFilter: metricFilter(requests, target),
          badServiceFilter: metricFilter(requests, target, SERVER_ERROR_FILTER),
        },
      },
    });
    this.latency = new MonitoringSlo(this, 'latency', {
      ...common,
      ...period,
      service: serviceId,
      sloId: 'latency',
      displayName: `${s.latencyGoalPercent}% of requests to ${what} served within ${s.latencyThresholdMs} ms over ${s.rollingPeriodDays} days`,
      goal: fraction(s.latencyGoalPercent),
      userLabels: { ...labels, slo: 'latency' },
      requestBasedSli: {
        distributionCut: {
          distributionFilter: metricFilter(prometheusMetricType(TEMPLATE_METRICS.duration, 'histogram'), target),
          // The histogram is in seconds.
          range: { min: 0, max: s.latencyThresholdMs / 1000 },
        },
      },
    });
    if (!s.alerts) return;
    const alerts = burnRateAlerts(s);
    for (const [slo, resource, goal] of [['availability', this.availability, s.availabilityGoalPercent], ['latency', this.latency, s.latencyGoalPercent]] as const) {
      const sloName = resource.name;
      for (const alert of alerts) {
        const policy = new MonitoringAlertPolicy(this, `${slo}-${alert.speed}-burn`, {
          ...common,
          displayName: `${what} ${slo}: ${alert.speed} burn`,
          // Both windows at once: the long one says enough budget is gone, the short one that it is still going.
          combiner: 'AND',
          conditions: [alert.longWindowMinutes, alert.shortWindowMinutes].map((minutes) => ({
            displayName: `${slo} budget burning over ${alert.burnRate} times its rate for ${minutes} min`,
            conditionThreshold: {
              // https://cloud.google.com/stackdriver/docs/solutions/slo-monitoring/api/create-policy-api
              filter: `select_slo_burn_rate("${sloName}", "${minutes}m")`,
              comparison: 'COMPARISON_GT',
              thresholdValue: alert.burnRate,
              duration: '0s',
            },
          })),
          notificationChannels: props.notificationChannel === undefined ? undefined : [props.notificationChannel],
          severity: alert.speed === 'fast' ? 'CRITICAL' : 'ERROR',
          userLabels: { ...labels, slo, burn: alert.speed },
          documentation: {
            mimeType: 'text/markdown',
            subject: `${what}: ${slo} error budget burning ${alert.burnRate}x`,
            content: burnRateDocumentation(what, slo, goal, s.rollingPeriodDays, alert),
          },
        });
        this.alertPolicies.push({ slo, alert, policy });
      }
    }
  }
}

/** A percentage as the fraction Cloud Monitoring takes, without binary noise (99.9 / 100 is 0.9990000000000001, over its 0.999). */
export function fraction(percent: number): number {
  return Math.round(percent * 1e4) / 1e6;
}

/** What an alert tells whoever it reaches: what burns, how fast, and what share of requests that is. */
function burnRateDocumentation(what: string, slo: string, goalPercent: number, days: number, alert: BurnRateAlert): string {
  const budgetSpent = Math.round(alert.burnRate * alert.longWindowMinutes / (days * 24 * 60) * 1000) / 10;
  return [
    `The ${slo} SLO of ${what} (${goalPercent}% over ${days} days) is spending its error budget ${alert.burnRate} times faster than it can last:`,
    `over the last ${alert.longWindowMinutes} minutes and the last ${alert.shortWindowMinutes} minutes, more than ${errorRatePercentAt(alert.burnRate, goalPercent)}% of requests failed it`,
    `(${budgetSpent}% of the ${days}-day budget in ${alert.longWindowMinutes} minutes).`,
  ].join(' ');
}

/**
 * What a workload's Deployment says of SLOs or alerts turned off where the environment has them (`onByDefault`), and
 * why (the guardrails and the adoption report read it); nothing when the service follows its environment.
 */
export function serviceLevelAnnotations(s: ServiceLevelSettings, onByDefault: boolean): Record<string, string> | undefined {
  if (!onByDefault || (s.enabled && s.alerts)) return undefined;
  return {
    [SERVICE_LEVELS_ANNOTATION]: s.enabled ? 'no-alerts' : 'off',
    ...(s.disabledReason !== undefined ? { [SERVICE_LEVELS_REASON_ANNOTATION]: terraformLiteral(s.disabledReason) } : {}),
  };
}

/** The Deployment annotation that says the team's dashboards are off (`off`), and the one that says why. */
export const DASHBOARD_ANNOTATION = OBSERVABILITY_ANNOTATIONS.dashboard;
export const DASHBOARD_REASON_ANNOTATION = OBSERVABILITY_ANNOTATIONS.dashboardReason;

/**
 * What a workload's Deployment says of what is turned off of its observability, and why (the adoption report reads
 * it): its SLOs or alerts where the environment has them, its team's dashboards; nothing when all is on.
 */
export function observabilityAnnotations(
  s: ServiceLevelSettings, onByDefault: boolean, dashboards: TeamDashboardSettings,
): Record<string, string> | undefined {
  const dashboardOff = dashboards.enabled ? {} : {
    [DASHBOARD_ANNOTATION]: 'off',
    ...(dashboards.disabledReason !== undefined ? { [DASHBOARD_REASON_ANNOTATION]: terraformLiteral(dashboards.disabledReason) } : {}),
  };
  const all = { ...serviceLevelAnnotations(s, onByDefault), ...dashboardOff };
  return Object.keys(all).length === 0 ? undefined : all;
}

/** What the team's dashboard says of a service whose SLOs or alerts are off where its environment has them, and why. */
function serviceLevelsNote(s: ServiceLevelSettings, onByDefault: boolean): string | undefined {
  if (!onByDefault || (s.enabled && s.alerts)) return undefined;
  return `${s.enabled ? 'no burn-rate alerts' : 'no SLOs'}${s.disabledReason !== undefined ? ` (${s.disabledReason})` : ''}`;
}

/** What the metrics collection and the SLOs of a ServiceWorkload are made from. */
export interface WorkloadMonitoringProps {
  /** The service name (the PodMonitoring's, and the collectors' `job`). */
  readonly serviceName: string;
  /** The team that owns the service. */
  readonly team: TeamEnvironment;
  /** The platform environment the workload runs in. */
  readonly environment: PlatformEnvironment;
  /** The workload's namespace. */
  readonly namespaceName: string;
  /** The project the SLOs and alert policies live in (the workload's Google project). */
  readonly project: string;
  /** The metadata of the workload's Kubernetes objects (name, namespace, labels). */
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  /** The labels that select the workload's pods. */
  readonly selectorLabels: Record<string, string>;
  /** HTTP path of the Prometheus metrics on the pods' `metrics` port. */
  readonly metricsPath: string;
  /** The workload's effective service levels. */
  readonly serviceLevels: ServiceLevelSettings;
  /** Whether its environment has SLOs unless the service says otherwise. */
  readonly serviceLevelsOnByDefault: boolean;
  /** The name of the service's container (GKE's `container_name`). */
  readonly containerName: string;
}

/** The metrics collection of a ServiceWorkload and its SLOs. */
export interface WorkloadMonitoring {
  /** The PodMonitoring (a `kubernetes_manifest`). */
  readonly podMonitoring: Manifest;
  /** The SLOs and their alert policies, when the service has SLOs in its environment. */
  readonly serviceLevels?: ServiceMonitoring;
  /** The team's dashboard of the environment, on which the service has its charts; none when the team's are off. */
  readonly dashboard?: MonitoringDashboard;
  /** Its Console address. */
  readonly dashboardUrl?: string;
}

/**
 * Makes a workload's metrics collection, as children of the workload: the
 * Google Cloud Managed Service for Prometheus `PodMonitoring` (`pod-monitoring`),
 * whose managed collectors scrape the metrics path on every pod's `metrics`
 * port, and, when its service levels are on, its SLOs and burn-rate alerts
 * (`service-levels`), notifying the team's channel when alerts are on.
 */
export function monitorWorkload(workload: Construct, props: WorkloadMonitoringProps): WorkloadMonitoring {
  const env = props.environment;
  // https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
  const podMonitoring = new Manifest(workload, 'pod-monitoring', {
    provider: env.kubernetesProvider,
    manifest: {
      apiVersion: MANAGED_PROMETHEUS.apiVersion,
      kind: MANAGED_PROMETHEUS.kind,
      metadata: props.metadata,
      spec: {
        selector: { matchLabels: props.selectorLabels },
        endpoints: [{ port: METRICS_PORT_NAME, path: props.metricsPath, interval: MANAGED_PROMETHEUS.scrapeInterval }],
      },
    },
  });
  const target: MetricsTarget = { ...deployTargetOf(env, props.team.platform), kubernetesNamespace: props.namespaceName, job: props.serviceName };
  let serviceLevels: ServiceMonitoring | undefined;
  if (props.serviceLevels.enabled) {
    const channel = props.serviceLevels.alerts ? props.team.alertChannel(env.name) : undefined;
    serviceLevels = new ServiceMonitoring(workload, 'service-levels', {
      serviceName: props.serviceName,
      environment: env.name,
      team: props.team.name,
      project: props.project,
      provider: env.googleProvider,
      target,
      settings: props.serviceLevels,
      notificationChannel: channel?.name,
    });
  }
  // The team's dashboard of the environment, made by its first service there.
  const note = serviceLevelsNote(props.serviceLevels, props.serviceLevelsOnByDefault);
  const panel = dashboardPanel(props.serviceName, props.containerName, target, serviceLevels, props.serviceLevels, note);
  const { dashboard, url } = props.team._addToDashboard(env.name, panel);
  return { podMonitoring, serviceLevels, dashboard, dashboardUrl: url };
}
