import { MANIFEST_TYPE } from '../manifest';
import { GuardrailLevel, GuardrailPack, resourcesOf, scopeOf, typesOf, type BuiltInRuleDefinition, type ElementScope } from '../rule';
import { autoscalerRange } from '../rules/kubernetes/autoscaler-range';
import { capabilitiesDropped } from '../rules/kubernetes/capabilities-dropped';
import { containerResources } from '../rules/kubernetes/container-resources';
import { hostNamespaces } from '../rules/kubernetes/host-namespaces';
import { imagePinned } from '../rules/kubernetes/image-pinned';
import { manifestJudged } from '../rules/kubernetes/manifest-judged';
import { namespacePodSecurity, namespacePodSecurityScope } from '../rules/kubernetes/namespace-pod-security';
import { namespaceQuota } from '../rules/kubernetes/namespace-quota';
import { noHostPath } from '../rules/kubernetes/no-host-path';
import { noPrivilegeEscalation } from '../rules/kubernetes/no-privilege-escalation';
import { privilegedNamespace, privilegedNamespaceScope } from '../rules/kubernetes/privileged-namespace';
import { probes } from '../rules/kubernetes/probes';
import { productionAutoscalerMinimum } from '../rules/kubernetes/production-autoscaler-minimum';
import { productionDisruptionBudget } from '../rules/kubernetes/production-disruption-budget';
import { productionReplicas } from '../rules/kubernetes/production-replicas';
import { productionServiceLevels } from '../rules/kubernetes/production-service-levels';
import { rbacBindingScope, rbacBindingScopeScope } from '../rules/kubernetes/rbac-binding-scope';
import { readOnlyRootFilesystem } from '../rules/kubernetes/read-only-root-filesystem';
import { runAsNonRoot } from '../rules/kubernetes/run-as-non-root';
import { HPA_TYPES, isLongRunning, isWorkload, SCALABLE_WORKLOADS } from '../rules/kubernetes/workloads';
import { KUBERNETES_NAMESPACE_TYPES } from '../stack-view';

const pack = GuardrailPack.KUBERNETES;
const { ERROR, WARNING } = GuardrailLevel;
/** Workloads with a replica count, whatever their kind (as the rules test them). */
const scalable: ElementScope = (_kind, type) => type in SCALABLE_WORKLOADS;

/** The Kubernetes pack: workloads, autoscalers, disruption budgets and namespaces. */
export const KUBERNETES_RULES: readonly BuiltInRuleDefinition[] = [
  {
    id: 'GP-K8S-001',
    pack,
    name: 'container-resources',
    level: ERROR,
    checks: 'every container (and init container) sets cpu and memory requests and limits',
    check: containerResources,
    judges: scopeOf(isWorkload),
    message: 'A container has no cpu or memory request or limit, so it can starve its neighbours or be evicted first.',
    fix: 'Set resources.requests and resources.limits for cpu and memory on every container (the golden path sets 500m / 512Mi).',
  },
  {
    id: 'GP-K8S-002',
    pack,
    name: 'run-as-non-root',
    level: ERROR,
    checks: 'containers run as non-root (`run_as_non_root`, no `run_as_user = 0`; pod or container)',
    check: runAsNonRoot,
    judges: scopeOf(isWorkload),
    message: 'A container may run as root.',
    fix: 'Set security_context.run_as_non_root = true (and a non-zero run_as_user) on the pod or container, and build the image with a non-root USER.',
  },
  {
    id: 'GP-K8S-003',
    pack,
    name: 'read-only-root-filesystem',
    level: ERROR,
    checks: 'containers have a read-only root filesystem',
    check: readOnlyRootFilesystem,
    judges: scopeOf(isWorkload),
    message: 'A container has a writable root filesystem.',
    fix: 'Set security_context.read_only_root_filesystem = true on the container and mount an emptyDir volume where it must write.',
  },
  {
    id: 'GP-K8S-004',
    pack,
    name: 'no-privilege-escalation',
    level: ERROR,
    checks: 'no privileged container; `allow_privilege_escalation = false`',
    check: noPrivilegeEscalation,
    judges: scopeOf(isWorkload),
    message: 'A container is privileged or may escalate privileges.',
    fix: 'Set security_context.allow_privilege_escalation = false and leave privileged unset on the container.',
  },
  {
    id: 'GP-K8S-005',
    pack,
    name: 'capabilities-dropped',
    level: ERROR,
    checks: 'capabilities: drop `ALL`, add back at most `NET_BIND_SERVICE`',
    check: capabilitiesDropped,
    judges: scopeOf(isWorkload),
    message: 'A container keeps Linux capabilities it does not need.',
    fix: 'Set security_context.capabilities.drop = ["ALL"] on the container and add back at most NET_BIND_SERVICE.',
  },
  {
    id: 'GP-K8S-006',
    pack,
    name: 'image-pinned',
    level: ERROR,
    checks: 'images name a tag other than `latest`, or a digest that is `sha256:` and 64 hex digits',
    check: imagePinned,
    judges: scopeOf(isWorkload),
    message: 'A container image is "latest", untagged or pinned to a malformed digest, so what runs changes without a deploy.',
    fix: 'Name an immutable tag or digest in the image (e.g. registry/app:1.4.2 or registry/app@sha256:<64 hex digits>); CI sets the tag on deploy.',
  },
  {
    id: 'GP-K8S-007',
    pack,
    name: 'probes',
    level: WARNING,
    checks: 'long-running containers have readiness and liveness probes',
    check: probes,
    judges: scopeOf(isLongRunning),
    message: 'A container has no readiness or liveness probe, so traffic reaches it before it is ready and a hung process is never restarted.',
    fix: 'Add readiness_probe and liveness_probe to the container (e.g. HTTP GET on the health endpoint).',
  },
  {
    id: 'GP-K8S-008',
    pack,
    name: 'production-replicas',
    level: ERROR,
    checks: 'production Deployments/StatefulSets without an autoscaler run 2 or more replicas',
    check: productionReplicas,
    judges: scalable,
    message: 'A production workload runs fewer than 2 replicas, so one pod restart is an outage.',
    fix: 'Set spec.replicas to 2 or more in production, or scale it with a HorizontalPodAutoscaler whose min_replicas is 2 or more.',
  },
  {
    id: 'GP-K8S-009',
    pack,
    name: 'production-autoscaler-minimum',
    level: ERROR,
    checks: 'production HorizontalPodAutoscalers keep `min_replicas` >= 2',
    check: productionAutoscalerMinimum,
    judges: typesOf(...HPA_TYPES),
    message: 'A production HorizontalPodAutoscaler may scale down to 1 replica.',
    fix: 'Set spec.min_replicas to 2 or more in production (autoscaling.minReplicas on the service or environment).',
  },
  {
    id: 'GP-K8S-010',
    pack,
    name: 'autoscaler-range',
    level: ERROR,
    checks: 'autoscalers have `max_replicas` >= `min_replicas`',
    check: autoscalerRange,
    judges: typesOf(...HPA_TYPES),
    message: 'A HorizontalPodAutoscaler has max_replicas below min_replicas, which the API rejects.',
    fix: 'Set spec.max_replicas to at least spec.min_replicas.',
  },
  {
    id: 'GP-K8S-011',
    pack,
    name: 'production-disruption-budget',
    level: ERROR,
    checks: 'production Deployments/StatefulSets have a PodDisruptionBudget selecting their pods in their namespace',
    check: productionDisruptionBudget,
    judges: scalable,
    message: 'A production workload has no PodDisruptionBudget, so a node drain can take all its pods at once.',
    fix: 'Add a kubernetes_pod_disruption_budget_v1 in the same namespace whose selector matches the pod labels (e.g. max_unavailable = 1).',
  },
  {
    id: 'GP-K8S-012',
    pack,
    name: 'namespace-pod-security',
    level: ERROR,
    checks: 'namespaces enforce Pod Security `restricted` (`pod-security.kubernetes.io/enforce`)',
    check: namespacePodSecurity,
    judges: namespacePodSecurityScope,
    message: 'A namespace does not enforce the Pod Security Standard "restricted" (its own label, or a kubernetes_labels that sets it afterwards).',
    fix: 'Label the namespace pod-security.kubernetes.io/enforce = "restricted" (TeamEnvironment namespaces have it), and set no other level on it with kubernetes_labels.',
  },
  {
    id: 'GP-K8S-013',
    pack,
    name: 'namespace-quota',
    level: ERROR,
    checks: 'namespaces have a ResourceQuota',
    check: namespaceQuota,
    judges: typesOf(...KUBERNETES_NAMESPACE_TYPES),
    message: 'A namespace has no ResourceQuota, so one team can take the whole cluster.',
    fix: 'Add a kubernetes_resource_quota_v1 in the namespace (TeamEnvironment namespaces have one).',
  },
  {
    id: 'GP-K8S-014',
    pack,
    name: 'host-namespaces',
    level: ERROR,
    checks: 'no pod shares the node\'s namespaces (`host_network`, `host_pid`, `host_ipc`)',
    check: hostNamespaces,
    judges: scopeOf(isWorkload),
    message: "A pod shares the node's network, process or IPC namespace, so it can see and reach what runs on the node.",
    fix: 'Remove host_network, host_pid and host_ipc from the pod spec (or set them to false).',
  },
  {
    id: 'GP-K8S-015',
    pack,
    name: 'no-host-path',
    level: ERROR,
    checks: 'no pod mounts a `host_path` volume',
    check: noHostPath,
    judges: scopeOf(isWorkload),
    message: "A pod mounts a directory of the node (a hostPath volume), so it can read or change the node's files.",
    fix: 'Use an empty_dir, a config map, a secret or a persistent volume claim instead of host_path.',
  },
  {
    id: 'GP-K8S-016',
    pack,
    name: 'manifest-judged',
    level: ERROR,
    checks: 'a `kubernetes_manifest` carries a literal object of a kind the guardrails judge (see below, and `SecretProviderClass`, GP-SEC-002), a managed Prometheus `PodMonitoring` (monitoring.googleapis.com/v1) in a team namespace with a literal pod selector, or a `ValidatingAdmissionPolicy` and a `ValidatingAdmissionPolicyBinding` (admissionregistration.k8s.io/v1) bound to namespaces it names, none of the cluster\'s own; any other needs a suppression',
    check: manifestJudged,
    judges: resourcesOf(MANIFEST_TYPE),
    message: 'A kubernetes_manifest carries an object the guardrails cannot judge (a kind they do not read, or a manifest known only at apply), so it bypasses every rule.',
    fix: 'Use the typed resource (e.g. kubernetes_deployment_v1), write the manifest as a literal of a judged kind, or suppress GP-K8S-016 on it with the reason a reviewer accepted.',
  },
  {
    id: 'GP-K8S-017',
    pack,
    name: 'privileged-namespace',
    level: ERROR,
    checks: 'nothing targets a namespace of the cluster itself (`kube-*`) or `default` (a namespaced resource without a namespace lands there)',
    check: privilegedNamespace,
    judges: privilegedNamespaceScope,
    message: 'A resource targets a namespace of the cluster itself (kube-*) or "default", outside every team quota, network policy and Pod Security level.',
    fix: "Place it in the team's namespace (metadata.namespace = the TeamEnvironment namespace of its environment).",
  },
  {
    id: 'GP-K8S-018',
    pack,
    name: 'rbac-binding-scope',
    level: ERROR,
    checks: 'no ClusterRoleBinding (typed, as GP-K8S-016 does for the manifest: a reviewed one needs a suppression); no binding to everyone (`system:authenticated`, `system:unauthenticated`, `system:anonymous`) or every service account (`system:serviceaccounts`); in production, no binding to a workload of a non-production namespace',
    check: rbacBindingScope,
    judges: rbacBindingScopeScope,
    message: "An RBAC binding reaches beyond the team's namespace: a ClusterRoleBinding (a role in every namespace), a binding to everyone or every service account of the cluster, or a production binding to a workload of another environment.",
    fix: "Bind a Role or ClusterRole with a RoleBinding in the team's namespace, to the team's own groups, users and service accounts; a ClusterRoleBinding the platform needs is suppressed (GP-K8S-018) with the reason a reviewer accepted.",
  },
  {
    id: 'GP-K8S-019',
    pack,
    name: 'production-service-levels',
    level: ERROR,
    checks: 'a production service of the golden path (a Deployment labelled `app.kubernetes.io/managed-by: cdktf-golden-paths`, component `server`) has its availability and latency SLOs (`google_monitoring_slo`) and burn-rate alert policies in its stack, or its annotation `golden-paths.dev/service-levels-reason` says why not',
    check: productionServiceLevels,
    judges: typesOf('kubernetes_deployment_v1', 'kubernetes_deployment'),
    message: 'A production service has no SLOs or no burn-rate alerts, and nobody said why: its team hears of an outage from its users.',
    fix: 'Leave the service\'s serviceLevels on in production, or turn them off with serviceLevels.disabledReason (at least 10 characters) saying why.',
  },
];
