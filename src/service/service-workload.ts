import { Construct } from 'constructs';
import type { ApplicationSecret, ApplicationSecrets } from './application-secrets';
import { ContainerEnv } from './container-env';
import { EnvValue } from './env-value';
import { monitorWorkload, observabilityAnnotations, type ServiceMonitoring } from './service-monitoring';
import { DEFAULT_INITIAL_IMAGE_TAG, runtimeOptionProblems, type ServiceWorkloadProps } from './service-workload-props';
import { workloadIdentity } from './workload-identity';
import {
  followImage, HTTP_PORT_NAME, IMAGE_ATTRIBUTE, REPLICAS_ATTRIBUTE, serviceContainerSpec,
  sidecarInPodProblems, sidecarSpec, spreadConstraints, TMP_VOLUME, withSidecar,
} from './workload-pod';
import { WorkloadSecrets } from './workload-secrets';
import type { PlatformEnvironment } from '../platform/environment';
import { workloadProblems, type WorkloadSettings } from '../platform/golden-path';
import { resolveServiceLevels, serviceLevelsOnByDefault, type ServiceLevelSettings } from '../platform/service-levels';
import { MANAGED_BY, NONROOT_UID } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError, propError, throwIfProblems } from '../private/errors';
import { envNameProblem, labelValueProblem, objectNameProblem } from '../private/kubernetes-names';
import { boundedName } from '../private/naming';
import type { MonitoringDashboard, ServiceAccount, ServiceAccountIamMember } from '../private/providers/google';
import { DeploymentV1, HorizontalPodAutoscalerV2, PodDisruptionBudgetV1, ServiceV1, type Manifest, type ServiceAccountV1 } from '../private/providers/kubernetes';
import { millicores, bytes } from '../private/quantity';
import { dnsLabelProblem, problems } from '../private/validation';
import { TeamEnvironment } from '../team/team-environment';
import type { QuotaFootprint } from '../team/team-interfaces';
import { POD_SECURITY_CONTEXT } from '../workload/pod-security';
import { sidecarProblems, type SidecarContainer } from '../workload/sidecar-container';

/** The user id (and group) every container runs as unless a sidecar names its own: distroless "nonroot". */
export const DEFAULT_RUN_AS_USER = NONROOT_UID;

/** The port the Kubernetes Service listens on; it forwards to the container's named port "http". */
export const SERVICE_PORT = 80;

/**
 * Seconds between SIGTERM and SIGKILL for every pod (the Kubernetes default,
 * set explicitly: sidecars such as the Cloud SQL Auth Proxy time their
 * shutdown against it).
 */
export const TERMINATION_GRACE_PERIOD_SECONDS = 30;

export { IMAGE_ATTRIBUTE, REPLICAS_ATTRIBUTE, imageAttribute } from './workload-pod';

/**
 * One service in one environment: its identity (a Google service account
 * bound to a Kubernetes service account through GKE Workload Identity) and
 * its workload (Deployment, ClusterIP Service, HorizontalPodAutoscaler and
 * PodDisruptionBudget) in the team's namespace, all on the golden path.
 *
 * Image contract: the Deployment is created with the image
 * `<team registry>/<service>:<initialImageTag>`. CI builds and pushes new
 * images and rolls the Deployment to them (container {@link containerName} of
 * Deployment {@link deploymentName} in namespace {@link namespace}); Terraform
 * ignores the image after creation, so an apply never rolls a service back.
 * Until CI has pushed a first image, the pods wait in `ImagePullBackOff`,
 * which is why applies do not wait for rollouts by default.
 *
 * GoMicroservice creates one per environment; use its `workload(env)` to reach
 * it. Environment variables and sidecars can be added at any time before synth.
 */
export class ServiceWorkload extends Construct {
  /** The service name. */
  public readonly serviceName: string;
  /** The platform environment this workload runs in. */
  public readonly environment: PlatformEnvironment;
  /** The team that owns the service. */
  public readonly team: TeamEnvironment;
  /** The namespace of the workload: `<team>-<env>`. */
  public readonly namespaceName: string;
  /** The value of the `app.kubernetes.io/part-of` label. */
  public readonly partOf: string;
  /** The effective resources and scaling. */
  public readonly settings: WorkloadSettings;
  /** The port the service container listens on. */
  public readonly containerPort: number;
  /** HTTP path of the liveness probe. */
  public readonly livenessPath: string;
  /** HTTP path of the readiness probe. */
  public readonly readinessPath: string;
  /** The port the service container serves its Prometheus metrics on (the container port named `metrics`). */
  public readonly metricsPort: number;
  /** HTTP path of the Prometheus metrics on the metrics port. */
  public readonly metricsPath: string;
  /** Whether applies wait for the Deployment to roll out. */
  public readonly waitForRollout: boolean;
  /** The tag the Deployment is created with (CI owns it afterwards). */
  public readonly initialImageTag: string;
  /** The image repository of the service: `<team registry>/<service>`. */
  public readonly imageRepository: string;
  /** The image the Deployment is created with: `<imageRepository>:<initialImageTag>`. */
  public readonly initialImage: string;
  /** The name of the Deployment (the service name). */
  public readonly deploymentName: string;
  /**
   * The name of the service container (the service name). It is the first
   * container but for sidecars with a wait command, which run before it.
   */
  public readonly containerName: string;
  /** The port the Kubernetes Service listens on (80). */
  public readonly servicePort: number;
  /** The in-cluster URL of the service: `http://<service>.<namespace>.svc.cluster.local`. */
  public readonly url: string;
  /** The Google Cloud project of the service's Google service account. */
  public readonly gcpProject: string;
  /** The project whose Workload Identity pool (`<project>.svc.id.goog`) the cluster uses. */
  public readonly workloadIdentityProject: string;
  /** The account id of the service's Google service account: `<service>-<env>`, 6 to 30 characters. */
  public readonly googleServiceAccountId: string;
  /** The email of the service's Google service account (known at synth time). */
  public readonly googleServiceAccountEmail: string;
  /** The Google service account the service acts as (`google_service_account`). */
  public readonly googleServiceAccount: ServiceAccount;
  /** The `roles/iam.workloadIdentityUser` binding of the Kubernetes service account. */
  public readonly workloadIdentity: ServiceAccountIamMember;
  /** The Kubernetes service account the pods run as (`kubernetes_service_account_v1`). */
  public readonly serviceAccount: ServiceAccountV1;
  /** The Deployment (`kubernetes_deployment_v1`). */
  public readonly deployment: DeploymentV1;
  /** The ClusterIP Service (`kubernetes_service_v1`). */
  public readonly service: ServiceV1;
  /** The HorizontalPodAutoscaler, when autoscaling is on (`kubernetes_horizontal_pod_autoscaler_v2`). */
  public readonly autoscaler?: HorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget (`kubernetes_pod_disruption_budget_v1`): at most one pod down at a time. */
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  /**
   * The Google Cloud Managed Service for Prometheus `PodMonitoring` (a
   * `kubernetes_manifest`): the managed collectors scrape {@link metricsPath}
   * on every pod's `metrics` port.
   */
  public readonly podMonitoring: Manifest;
  /** The effective SLOs and burn-rate alerts of the workload. */
  public readonly serviceLevels: ServiceLevelSettings;
  /** The SLOs and their alert policies, when the service has SLOs in this environment. */
  public readonly monitoring?: ServiceMonitoring;
  /**
   * The team's Cloud Monitoring dashboard of this environment, on which the service has its charts.
   * @default - none when the team's dashboards are off
   */
  public readonly dashboard?: MonitoringDashboard;
  /**
   * The Cloud Console address of that dashboard (its id, `<team>-<env>`, is set at synth).
   * @default - none when the team's dashboards are off
   */
  public readonly monitoringDashboardUrl?: string;

  private readonly _labels: Record<string, string>;
  private readonly _selector: Record<string, string>;
  private readonly containerEnv: ContainerEnv;
  private readonly _sidecars: SidecarContainer[] = [];
  private readonly workloadSecrets: WorkloadSecrets;

  public constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    this.team = TeamEnvironment.of(this);
    const platform = this.team.platform;
    const env = platform.environments.find((e) => e.name === props.environment);
    if (!env) {
      throw propError(this, {
        prop: 'environment',
        value: props.environment,
        problem: 'is not an environment of the platform',
        fix: `use one of ${platform.environments.map((e) => `"${e.name}"`).join(', ')}`,
      });
    }
    this.environment = env;
    const path = platform.goldenPath;

    this.serviceName = props.serviceName;
    this.partOf = props.partOf ?? this.team.name;
    this.settings = props.settings ?? path.workloadSettings(env.workloads);
    const onByDefault = serviceLevelsOnByDefault(platform.environments, env.name);
    this.serviceLevels = props.serviceLevels ?? resolveServiceLevels(onByDefault, path.serviceLevels, env.workloads.serviceLevels);
    this.containerPort = props.containerPort ?? props.port ?? path.containerPort;
    this.livenessPath = props.livenessPath ?? path.livenessPath;
    this.readinessPath = props.readinessPath ?? path.readinessPath;
    this.metricsPort = path.metricsPort;
    this.metricsPath = path.metricsPath;
    this.waitForRollout = props.waitForRollout ?? false;
    this.initialImageTag = props.initialImageTag ?? DEFAULT_INITIAL_IMAGE_TAG;
    // GoMicroservice judges these first, as its own props, so its errors name what the user wrote.
    throwIfProblems(this, [
      ...problems(dnsLabelProblem('serviceName', props.serviceName), labelValueProblem('partOf', this.partOf)),
      ...runtimeOptionProblems(path, props),
      ...workloadProblems('settings.', this.settings),
    ]);

    this.namespaceName = this.team.namespaceName(env.name);
    this.deploymentName = this.serviceName;
    this.containerName = this.serviceName;
    this.servicePort = SERVICE_PORT;
    this.url = `http://${this.serviceName}.${this.namespaceName}.svc.cluster.local`;
    this.imageRepository = `${this.team.registryPath}/${this.serviceName}`;
    this.initialImage = `${this.imageRepository}:${this.initialImageTag}`;
    this.gcpProject = this.team.googleProject(env.name);
    this.workloadIdentityProject = env.gkeProject ?? platform.gcpProject;

    this._selector = {
      'app.kubernetes.io/name': this.serviceName,
      'app.kubernetes.io/instance': boundedName([this.serviceName, env.name], 63),
    };
    this._labels = {
      ...this._selector,
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/part-of': this.partOf,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': this.team.name,
      'golden-paths.dev/environment': env.name,
    };

    // Kubernetes resources wait for the namespace: its name is a plain string, not a reference.
    const namespaceResource = this.team._namespaceDependencies(env.name);
    const k8s = { provider: env.kubernetesProvider };
    const metadata = { name: this.serviceName, namespace: this.namespaceName, labels: this.labels };

    const identity = workloadIdentity(this, {
      serviceName: this.serviceName,
      team: this.team,
      environment: env,
      project: this.gcpProject,
      workloadIdentityProject: this.workloadIdentityProject,
      metadata,
    });
    this.googleServiceAccountId = identity.googleServiceAccountId;
    this.googleServiceAccountEmail = identity.googleServiceAccountEmail;
    this.googleServiceAccount = identity.googleServiceAccount;
    this.workloadIdentity = identity.workloadIdentity;
    this.serviceAccount = identity.serviceAccount;

    const autoscaling = this.settings.autoscaling;
    this.deployment = new DeploymentV1(this, 'deployment', {
      provider: env.kubernetesProvider,
      lifecycle: {
        ignoreChanges: autoscaling.enabled ? [REPLICAS_ATTRIBUTE, IMAGE_ATTRIBUTE] : [IMAGE_ATTRIBUTE],
        // A production Deployment serves traffic: removing it takes an explicit step.
        preventDestroy: env.production ? true : undefined,
      },
      waitForRollout: this.waitForRollout,
      metadata: { ...metadata, annotations: observabilityAnnotations(this.serviceLevels, onByDefault, this.team.dashboardSettings) },
      spec: {
        replicas: String(this.settings.replicas),
        selector: { matchLabels: this.selectorLabels },
        template: {
          metadata: { labels: this.labels },
          spec: {
            serviceAccountName: this.serviceName,
            terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
            securityContext: POD_SECURITY_CONTEXT,
            container: [serviceContainerSpec(this)],
            // The root filesystem is read-only; /tmp is the one writable place.
            volume: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: '256Mi' } }],
            topologySpreadConstraint: env.production ? spreadConstraints(this.selectorLabels) : undefined,
          },
        },
      },
    });
    this.containerEnv = new ContainerEnv(this, this.deployment, this.containerName,
      (ref, prefix, name) => this.workloadSecrets.file(ref, prefix, name));
    this.workloadSecrets = new WorkloadSecrets(this, {
      serviceName: this.serviceName,
      team: this.team,
      environment: this.environment,
      project: this.gcpProject,
      reader: this.googleServiceAccount,
      readerEmail: this.googleServiceAccountEmail,
      labels: this.labels,
      deployment: this.deployment,
    }, this.containerEnv);

    this.service = new ServiceV1(this, 'service', {
      ...k8s,
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: this.selectorLabels,
        port: [{ name: HTTP_PORT_NAME, port: SERVICE_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
      },
    });

    if (autoscaling.enabled) {
      this.autoscaler = new HorizontalPodAutoscalerV2(this, 'autoscaler', {
        ...k8s,
        metadata,
        spec: {
          minReplicas: autoscaling.minReplicas,
          maxReplicas: autoscaling.maxReplicas,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deploymentName },
          metric: [{
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilizationPercent } },
          }],
        },
      });
    }

    // maxUnavailable 1 keeps all but one pod up during drains and upgrades,
    // and never blocks draining a node that runs a single-replica workload.
    this.disruptionBudget = new PodDisruptionBudgetV1(this, 'disruption-budget', {
      ...k8s,
      metadata,
      spec: { maxUnavailable: '1', selector: { matchLabels: this.selectorLabels } },
    });
    const monitoring = monitorWorkload(this, {
      serviceName: this.serviceName,
      team: this.team,
      environment: env,
      namespaceName: this.namespaceName,
      project: this.gcpProject,
      metadata,
      selectorLabels: this.selectorLabels,
      metricsPath: this.metricsPath,
      serviceLevels: this.serviceLevels,
      serviceLevelsOnByDefault: onByDefault,
      containerName: this.containerName,
    });
    this.podMonitoring = monitoring.podMonitoring;
    this.monitoring = monitoring.serviceLevels;
    this.dashboard = monitoring.dashboard;
    this.monitoringDashboardUrl = monitoring.dashboardUrl;
    dependOn(this.podMonitoring, ...namespaceResource);
    dependOn(this.serviceAccount, ...namespaceResource);
    dependOn(this.deployment, ...namespaceResource, this.serviceAccount, this.workloadIdentity);
    dependOn(this.service, ...namespaceResource);
    if (this.autoscaler) dependOn(this.autoscaler, ...namespaceResource);
    dependOn(this.disruptionBudget, ...namespaceResource);
  }

  /** The labels of every resource and pod of the workload (`app.kubernetes.io/*` and team/environment). */
  public get labels(): Record<string, string> {
    return { ...this._labels };
  }

  /** The labels that select the workload's pods (name and instance; never change after creation). */
  public get selectorLabels(): Record<string, string> {
    return { ...this._selector };
  }

  /**
   * The port the service container listens on.
   * @deprecated use `containerPort`
   */
  public get port(): number {
    return this.containerPort;
  }

  /** The names of the environment variables set one by one on the service container, in order. */
  public get envNames(): string[] {
    return this.containerEnv.names;
  }

  /**
   * The service's Secret Manager secrets in this environment and their
   * delivery to the pods (made with the first `EnvValue.fromSecretManager` variable).
   * @default - none until a variable is set from Secret Manager
   */
  public get secretManager(): ApplicationSecrets | undefined {
    return this.workloadSecrets.applicationSecrets;
  }

  /** The service's Secret Manager secrets in this environment, in the order they were first used. */
  public get secrets(): ApplicationSecret[] {
    return this.workloadSecrets.applicationSecrets?.secrets ?? [];
  }

  /** The sidecars of the workload, in order. */
  public get sidecars(): SidecarContainer[] {
    return this._sidecars.map((s) => ({ ...s }));
  }

  /**
   * The lifecycle.ignore_changes entries of the Deployment: the service
   * container's image (at the container's position), and the replicas when
   * autoscaling is on.
   */
  public get ignoredChanges(): string[] {
    const ignored = this.deployment.lifecycle?.ignoreChanges;
    return Array.isArray(ignored) ? [...ignored] : [];
  }

  /**
   * Sets an environment variable of the service container: a plain value
   * (`EnvValue.fromValue`, never a credential), a secret of the service in
   * Secret Manager (`EnvValue.fromSecretManager`: the variable `<name>_FILE`
   * holds the path of the file the secret is mounted as) or a key of a Secret
   * or ConfigMap in the workload's namespace (`EnvValue.fromSecret`,
   * `EnvValue.fromConfigMap`). Variables may be added at any time before
   * synth: each is appended to the container as the Deployment holds it
   * then, and nothing else of the container is rendered again.
   */
  public addEnv(name: string, value: EnvValue): void {
    // A plain string was the value type before EnvValue: untyped callers keep working.
    const v = typeof value === 'string' ? EnvValue.fromValue(value) : value;
    if (!(v instanceof EnvValue)) {
      throw propError(this, { prop: 'addEnv.value', value, problem: 'is not an EnvValue', fix: 'pass EnvValue.fromValue("<text>"), EnvValue.fromSecretManager(secretId), EnvValue.fromSecret(secretName, key) or EnvValue.fromConfigMap(configMapName, key)' });
    }
    this.containerEnv.setEnv('addEnv', 'addEnv.value.', name, v);
  }

  /**
   * Sets an environment variable from a key of a Secret in the workload's namespace.
   * @deprecated use `addEnv(name, EnvValue.fromSecret(secretName, key))`
   */
  public addSecretEnv(name: string, secretName: string, key: string): void {
    this.containerEnv.setEnv('addSecretEnv', 'addSecretEnv.', name, EnvValue.fromSecret(secretName, key));
  }

  /**
   * Sets an environment variable from a key of a ConfigMap in the workload's namespace.
   * @deprecated use `addEnv(name, EnvValue.fromConfigMap(configMapName, key))`
   */
  public addConfigMapEnv(name: string, configMapName: string, key: string): void {
    this.containerEnv.setEnv('addConfigMapEnv', 'addConfigMapEnv.', name, EnvValue.fromConfigMap(configMapName, key));
  }

  /**
   * Sets every key of a Secret in the workload's namespace as an environment
   * variable, optionally with a prefix. Variables set one by one win over these.
   */
  public addEnvFromSecret(secretName: string, prefix?: string): void {
    throwIfProblems(this, problems(
      objectNameProblem('addEnvFromSecret.secretName', secretName, 'Secret'),
      prefix === undefined || prefix === '' ? undefined : envNameProblem('addEnvFromSecret.prefix', prefix),
    ));
    this.containerEnv.pushEnvFrom('addEnvFromSecret.secretName', secretName, `Secret/${secretName}/${prefix ?? ''}`, { prefix, secretRef: { name: secretName } });
  }

  /**
   * Sets every key of a ConfigMap in the workload's namespace as an
   * environment variable, optionally with a prefix. Variables set one by one win over these.
   */
  public addEnvFromConfigMap(configMapName: string, prefix?: string): void {
    throwIfProblems(this, problems(
      objectNameProblem('addEnvFromConfigMap.configMapName', configMapName, 'ConfigMap'),
      prefix === undefined || prefix === '' ? undefined : envNameProblem('addEnvFromConfigMap.prefix', prefix),
    ));
    this.containerEnv.pushEnvFrom('addEnvFromConfigMap.configMapName', configMapName, `ConfigMap/${configMapName}/${prefix ?? ''}`, { prefix, configMapRef: { name: configMapName } });
  }

  /**
   * Runs a hardened helper container next to the service in every pod: after
   * the service container, or before it when the sidecar has a wait command,
   * so that the service starts only once the sidecar serves. The Deployment's
   * `lifecycle.ignore_changes` then names the service container's image at
   * its new position, so that an apply neither reverts the image CI rolled
   * out nor ignores the sidecar's.
   */
  public addSidecar(sidecar: SidecarContainer): void {
    const found = sidecarProblems('addSidecar.', sidecar);
    const ports = [this.containerPort, this.metricsPort, ...this._sidecars.flatMap((s) => [s.port, s.healthCheck?.port])];
    found.push(...sidecarInPodProblems('addSidecar.', sidecar, [this.containerName, ...this._sidecars.map((s) => s.name)], ports.filter((p) => p !== undefined)));
    throwIfProblems(this, found);
    const copy: SidecarContainer = {
      ...sidecar,
      args: sidecar.args && [...sidecar.args],
      env: sidecar.env && { ...sidecar.env },
      healthCheck: sidecar.healthCheck && { ...sidecar.healthCheck },
      waitCommand: sidecar.waitCommand && [...sidecar.waitCommand],
    };
    // Added to the containers as they are now, so edits made through the Deployment's own API stay.
    const pod = this.deployment.spec.template.spec;
    const containers = pod.container.internalValue;
    if (!Array.isArray(containers)) {
      throw placementError(this, 'cannot add a sidecar: the Deployment\'s container list was replaced by a token', 'add sidecars with addSidecar before replacing the container list, or add the sidecar to that list yourself');
    }
    const placed = withSidecar(containers, sidecarSpec(copy), copy.waitCommand !== undefined, this.containerName);
    if (placed === undefined) {
      throw placementError(this, `cannot add sidecar "${copy.name}" before the service container: the Deployment's container list has no container "${this.containerName}"`, 'add sidecars with addSidecar before replacing the container list, or add the sidecar to that list yourself');
    }
    pod.putContainer(placed.containers);
    if (placed.serviceMoved) {
      // Terraform would otherwise revert the image CI deployed, and ignore the image of the sidecar now in its place.
      const lifecycle = this.deployment.lifecycle;
      this.deployment.lifecycle = { ...lifecycle, ignoreChanges: followImage(lifecycle?.ignoreChanges, placed.serviceMoved) };
    }
    this._sidecars.push(copy);
  }

  /**
   * The most this workload takes from its namespace's quota: the most pods it
   * may run (the autoscaler's maximum, or the replicas when autoscaling is
   * off) times the limits of the service container and its sidecars.
   */
  public maxFootprint(): QuotaFootprint {
    const pods = this.settings.autoscaling.enabled ? this.settings.autoscaling.maxReplicas : this.settings.replicas;
    const containers = [{ cpu: this.settings.cpu, memory: this.settings.memory }, ...this._sidecars];
    const cpu = containers.reduce((sum, c) => sum + millicores(c.cpu), 0);
    const memory = containers.reduce((sum, c) => sum + bytes(c.memory), 0);
    return { cpuMillicores: pods * cpu, memoryBytes: pods * memory, pods };
  }
}
