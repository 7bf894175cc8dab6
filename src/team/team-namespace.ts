import { Construct } from 'constructs';
import { deployerRolloutPolicy } from './deployer-rollout-policy';
import { GrantsNamespace } from './grants-namespace';
import { enclosingTeam, type ITeamEnvironment } from './team-interfaces';
import { NamespaceQuota, type NamespaceQuotaOptions, type NamespaceQuotaSettings } from './team-quotas';
import type { PlatformEnvironment } from '../platform/environment';
import { Lazy } from '../private/cdk';
import { MANAGED_BY, MANAGED_PROMETHEUS, METRICS_PORT_NAME, RESTRICTED_POD_SECURITY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { placementError } from '../private/errors';
import { LimitRangeV1, Manifest, NamespaceV1, NetworkPolicyV1, ResourceQuotaV1, RoleBindingV1 } from '../private/providers/kubernetes';

/** Properties of a {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /** The name of the platform environment the namespace serves. */
  readonly environment: string;
  /**
   * Overrides of the namespace's resource quota; each field given is a hard limit.
   * @default - sized from the team's workloads at synth (see NamespaceQuota.forWorkloads)
   */
  readonly quota?: NamespaceQuotaOptions;
}

/**
 * A team's namespace in one environment, with everything that makes it a
 * safe home for the team's workloads:
 *
 * - `namespace`: `<team>-<env>`, labelled with team and environment, Pod
 *   Security Admission `restricted` (enforce, audit, warn);
 * - `resourceQuota`: cpu, memory (requests and limits) and pods;
 * - `limitRange`: container defaults = the golden path's cpu and memory in
 *   this environment;
 * - `roleBinding`: the team's group gets ClusterRole `edit`, or `view` in production;
 * - network policies: deny all ingress, then allow it from the same
 *   namespace, from the ingress controller's namespace, from Google
 *   Cloud's load balancers (the platform's `ingressSourceRanges`), and from
 *   the managed Prometheus collectors to the pods' `metrics` port;
 * - `rolloutPolicy` and its binding: the services' deployers (each named by
 *   a ConfigMap labelled `golden-paths.dev/deployer`) may change only the
 *   images of a Deployment's containers, nothing else of its pod template;
 * - `grantsNamespace()`: a second namespace, `<team>-grants-<env>`, where the
 *   team's database grant Jobs run out of its workloads' reach.
 *
 * Every resource uses the environment's Kubernetes provider when it names one.
 * A TeamEnvironment creates one per platform environment, with the
 * environment's name as construct id; find it with `team.teamNamespace(env)`.
 */
export class TeamNamespace extends Construct {
  /** The team the namespace belongs to. */
  public readonly team: ITeamEnvironment;
  /** The platform environment the namespace serves. */
  public readonly environment: PlatformEnvironment;
  /** The namespace name, `<team>-<env>`. */
  public readonly name: string;
  /** Default cpu request and limit of containers that set none (the golden path's cpu in this environment). */
  public readonly defaultCpu: string;
  /** Default memory request and limit of containers that set none (the golden path's memory in this environment). */
  public readonly defaultMemory: string;
  /** The ClusterRole the team's group is bound to: `view` in production, `edit` elsewhere. */
  public readonly clusterRole: string;

  /** The namespace (`kubernetes_namespace_v1`). */
  public readonly namespaceResource: NamespaceV1;
  /** The resource quota (`team-quota`). */
  public readonly resourceQuota: ResourceQuotaV1;
  /** The limit range with the golden container defaults (`golden-path-defaults`). */
  public readonly limitRange: LimitRangeV1;
  /** The role binding of the team's group (`team-edit` or `team-view`). */
  public readonly roleBinding: RoleBindingV1;
  /** The network policy that denies all ingress to the namespace's pods (`deny-ingress`). */
  public readonly denyIngressPolicy: NetworkPolicyV1;
  /** The network policy that allows ingress from pods of the same namespace (`allow-same-namespace`). */
  public readonly allowSameNamespacePolicy: NetworkPolicyV1;
  /** The network policy that allows ingress from the ingress controller's namespace (`allow-ingress-controller`). */
  public readonly allowIngressControllerPolicy: NetworkPolicyV1;
  /**
   * The network policy that allows ingress from Google Cloud's load balancers
   * (`allow-load-balancers`): the environment's ingressSourceRanges; absent when that list is empty.
   */
  public readonly allowLoadBalancersPolicy?: NetworkPolicyV1;
  /**
   * The network policy that lets Google Cloud Managed Service for Prometheus
   * scrape the pods (`allow-metrics-collector`): from its collector pods, to
   * the port named `metrics` only.
   */
  public readonly allowMetricsCollectorPolicy: NetworkPolicyV1;
  /** The address ranges that may reach the namespace's pods (the environment's or the platform's ingressSourceRanges). */
  public readonly ingressSourceRanges: string[];
  /**
   * The ValidatingAdmissionPolicy `<namespace>-deployer-rollouts` (a
   * cluster-scoped `kubernetes_manifest`, made by whoever makes the
   * namespace): in this namespace, a Deployment update by a deployer that a
   * ConfigMap labelled `golden-paths.dev/deployer` names may change the images
   * of the containers and nothing else of the pod template (so no other
   * service account, volume, command or environment).
   */
  public readonly rolloutPolicy: Manifest;
  /** The binding of {@link rolloutPolicy} to this namespace, with the deployers' ConfigMaps as its parameters. */
  public readonly rolloutPolicyBinding: Manifest;

  private readonly _quotaOverrides: NamespaceQuotaOptions;
  private _grants?: GrantsNamespace;

  public constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const team = enclosingTeam(scope);
    if (!team) throw placementError(this, 'is not inside a TeamEnvironment', 'let a TeamEnvironment create its namespaces, and find them with team.teamNamespace(environment)');
    this.team = team;
    this.environment = team.platform.environment(props.environment);
    this.name = `${team.name}-${this.environment.name}`;
    this._quotaOverrides = { ...props.quota };
    const workloads = team.platform.goldenPath.workloadSettings(this.environment.workloads);
    this.defaultCpu = workloads.cpu;
    this.defaultMemory = workloads.memory;
    this.clusterRole = this.environment.production ? 'view' : 'edit';

    const provider = this.environment.kubernetesProvider;
    const labels = {
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': team.name,
      'golden-paths.dev/environment': this.environment.name,
    };

    this.namespaceResource = new NamespaceV1(this, 'namespace', {
      provider,
      // Deleting a namespace deletes everything in it: in production that takes an explicit step.
      lifecycle: this.environment.production ? { preventDestroy: true } : undefined,
      metadata: {
        name: this.name,
        labels: {
          ...labels,
          ...RESTRICTED_POD_SECURITY,
        },
      },
    });

    // Names stay plain strings; depends_on orders creation after the namespace.
    const inNamespace = (name: string) => ({ provider, metadata: { name, namespace: this.name, labels } });

    // Rendered at synth: services and databases added after the team count too.
    const hard = (key: 'cpu' | 'memory' | 'pods') => Lazy.stringValue({ produce: () => `${this.quota[key]}` });
    this.resourceQuota = new ResourceQuotaV1(this, 'quota', {
      ...inNamespace('team-quota'),
      spec: {
        hard: {
          'requests.cpu': hard('cpu'),
          'limits.cpu': hard('cpu'),
          'requests.memory': hard('memory'),
          'limits.memory': hard('memory'),
          'pods': hard('pods'),
        },
      },
    });

    this.limitRange = new LimitRangeV1(this, 'limit-range', {
      ...inNamespace('golden-path-defaults'),
      spec: {
        limit: [{
          type: 'Container',
          defaultRequest: { cpu: this.defaultCpu, memory: this.defaultMemory },
          default: { cpu: this.defaultCpu, memory: this.defaultMemory },
        }],
      },
    });

    const subject = team.groupSubject;
    this.roleBinding = new RoleBindingV1(this, 'role-binding', {
      ...inNamespace(`team-${this.clusterRole}`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRole },
      subject: [{ apiGroup: subject.apiGroup, kind: subject.kind, name: subject.name }],
    });

    this.denyIngressPolicy = new NetworkPolicyV1(this, 'deny-ingress', {
      ...inNamespace('deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });

    this.allowSameNamespacePolicy = new NetworkPolicyV1(this, 'allow-same-namespace', {
      ...inNamespace('allow-same-namespace'),
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    });

    this.allowIngressControllerPolicy = new NetworkPolicyV1(this, 'allow-ingress-controller', {
      ...inNamespace('allow-ingress-controller'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: team.ingressControllerNamespaceLabels } }] }],
      },
    });

    // Load balancers that send to pods directly (container-native, NEGs) and their health checks come from
    // Google's ranges, not from a namespace: https://cloud.google.com/load-balancing/docs/firewall-rules
    this.ingressSourceRanges = team.platform.ingressSourceRangesOf(this.environment.name);
    if (this.ingressSourceRanges.length > 0) {
      this.allowLoadBalancersPolicy = new NetworkPolicyV1(this, 'allow-load-balancers', {
        ...inNamespace('allow-load-balancers'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: this.ingressSourceRanges.map((cidr) => ({ ipBlock: { cidr } })) }] },
      });
    }
    // The managed collectors scrape each pod's metrics port from their own namespace; nothing else of the pod is open to them.
    this.allowMetricsCollectorPolicy = new NetworkPolicyV1(this, 'allow-metrics-collector', {
      ...inNamespace('allow-metrics-collector'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{
            namespaceSelector: {
              matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...MANAGED_PROMETHEUS.collectorNamespaces] }],
            },
            podSelector: { matchLabels: { ...MANAGED_PROMETHEUS.collectorLabels } },
          }],
          ports: [{ port: METRICS_PORT_NAME, protocol: 'TCP' }],
        }],
      },
    });
    // Cluster-scoped: applied with the identity that makes the namespace, never a team's.
    const rollouts = deployerRolloutPolicy(this.name, labels);
    this.rolloutPolicy = new Manifest(this, 'deployer-rollout-policy', { provider, manifest: rollouts.policy });
    this.rolloutPolicyBinding = new Manifest(this, 'deployer-rollout-policy-binding', { provider, manifest: rollouts.binding });
    dependOn(this.rolloutPolicyBinding, this.namespaceResource, this.rolloutPolicy);
    for (const r of [this.resourceQuota, this.limitRange, this.roleBinding, ...this.networkPolicies]) dependOn(r, this.namespaceResource);
  }

  /**
   * The effective resource quota: the fields the team set, the others sized
   * from the team's workloads registered so far (final at synth).
   */
  public get quota(): NamespaceQuotaSettings {
    return NamespaceQuota.forWorkloads(this.environment.production, this.team.maxFootprint(this.environment.name), this._quotaOverrides);
  }

  /**
   * The namespace of the team's database grant Jobs in this environment
   * (`<team>-grants-<env>`), apart from the team's workloads: made, as the
   * child `grants`, the first time it is asked for.
   */
  public grantsNamespace(): GrantsNamespace {
    this._grants ??= new GrantsNamespace(this, 'grants', { team: this.team, environment: this.environment });
    return this._grants;
  }

  /**
   * The namespace's network policies: deny ingress, allow the same namespace, the ingress controller, (when any range
   * is set) the load balancers, and the metrics collectors.
   */
  public get networkPolicies(): NetworkPolicyV1[] {
    const loadBalancers = this.allowLoadBalancersPolicy ? [this.allowLoadBalancersPolicy] : [];
    return [
      this.denyIngressPolicy, this.allowSameNamespacePolicy, this.allowIngressControllerPolicy, ...loadBalancers, this.allowMetricsCollectorPolicy,
    ];
  }
}
