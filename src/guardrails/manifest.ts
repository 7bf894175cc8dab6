import { block, literal } from './values';

/**
 * `kubernetes_manifest` carries any Kubernetes object as its `manifest`
 * attribute, in the API's own camelCase shape
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/manifest#manifest).
 * The kinds below are judged as the typed resource of the same kind would be:
 * the object is rewritten in the provider's snake_case schema and every rule
 * runs over it, under the manifest's address.
 */
export const MANIFEST_TYPE = 'kubernetes_manifest';

/** The typed resource each judged kind is read as. */
export const JUDGED_MANIFEST_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'kubernetes_deployment_v1',
  StatefulSet: 'kubernetes_stateful_set_v1',
  DaemonSet: 'kubernetes_daemon_set_v1',
  ReplicationController: 'kubernetes_replication_controller_v1',
  Job: 'kubernetes_job_v1',
  CronJob: 'kubernetes_cron_job_v1',
  Pod: 'kubernetes_pod_v1',
  Namespace: 'kubernetes_namespace_v1',
  HorizontalPodAutoscaler: 'kubernetes_horizontal_pod_autoscaler_v2',
  PodDisruptionBudget: 'kubernetes_pod_disruption_budget_v1',
  ResourceQuota: 'kubernetes_resource_quota_v1',
  ConfigMap: 'kubernetes_config_map_v1',
  Service: 'kubernetes_service_v1',
  ServiceAccount: 'kubernetes_service_account_v1',
  LimitRange: 'kubernetes_limit_range_v1',
  NetworkPolicy: 'kubernetes_network_policy_v1',
};

/**
 * Kinds no typed resource stands for, judged as manifests by a rule of their
 * own (its id): GP-K8S-016 counts them as judged.
 */
export const RULE_JUDGED_MANIFEST_KINDS: Readonly<Record<string, string>> = {
  SecretProviderClass: 'GP-SEC-002',
};

/**
 * Kinds that run nothing and grant nothing, judged by their own shape rather
 * than as a typed resource: a Google Cloud Managed Service for Prometheus
 * `PodMonitoring` (https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring)
 * tells the managed collectors which pods of its own namespace to scrape.
 * Its cluster-wide sibling, ClusterPodMonitoring, is not one of them.
 */
export const OBSERVING_MANIFEST_KINDS: Readonly<Record<string, string>> = {
  PodMonitoring: 'monitoring.googleapis.com/v1',
};

/**
 * Kinds that run nothing and grant nothing but refuse requests, judged by
 * their own shape: a ValidatingAdmissionPolicy does nothing until a binding
 * applies it (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/),
 * and a binding is judged by where it applies: to namespaces it names, none
 * of the cluster's own. One that names none judges every namespace's requests,
 * kube-system's included, where a mistake in its policy stops the cluster's components.
 */
export const ADMISSION_MANIFEST_KINDS: Readonly<Record<string, string>> = {
  ValidatingAdmissionPolicy: 'admissionregistration.k8s.io/v1',
  ValidatingAdmissionPolicyBinding: 'admissionregistration.k8s.io/v1',
};

/** The label Kubernetes sets on every namespace to its name, which a selector names namespaces by. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Namespaces of the cluster itself, where no team's object belongs. */
const SYSTEM_NAMESPACE = /^(kube-.*|default|g(ke-)?mp-.*)$/;

/**
 * What is wrong with an admission manifest (see {@link ADMISSION_MANIFEST_KINDS}), or undefined: its
 * apiVersion, and for a binding, a namespace selector that names literal namespaces, none of the cluster's own.
 */
export function admissionManifestProblem(manifest: any): string | undefined {
  const kind = literal(manifest.kind)!;
  const apiVersion = literal(manifest.apiVersion);
  if (apiVersion !== ADMISSION_MANIFEST_KINDS[kind]) return `a ${kind} has apiVersion ${ADMISSION_MANIFEST_KINDS[kind]}, not ${JSON.stringify(manifest.apiVersion)}`;
  if (kind !== 'ValidatingAdmissionPolicyBinding') return undefined;
  const selector = block(block(block(manifest.spec)?.matchResources)?.namespaceSelector);
  const byLabel = literal(block(selector?.matchLabels)?.[NAMESPACE_NAME_LABEL]);
  const expressions: any[] = Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : [];
  const byExpression = expressions.find((e) => literal(e?.key) === NAMESPACE_NAME_LABEL && literal(e?.operator) === 'In');
  const listed: unknown[] = Array.isArray(byExpression?.values) ? byExpression.values : [];
  const named = byLabel !== undefined ? [byLabel] : listed.every((v) => literal(v) !== undefined) ? listed.map((v) => literal(v)!) : [];
  if (named.length === 0) {
    return `the ${kind} names no namespace it applies to (spec.matchResources.namespaceSelector on the label ${NAMESPACE_NAME_LABEL}), so it judges every namespace's requests, the cluster's own included`;
  }
  const system = named.filter((n: string) => SYSTEM_NAMESPACE.test(n));
  return system.length > 0 ? `the ${kind} applies to ${system.map((n: string) => `"${n}"`).join(', ')}, a namespace of the cluster itself` : undefined;
}

/**
 * What is wrong with an observing manifest (see {@link OBSERVING_MANIFEST_KINDS}), or undefined:
 * its apiVersion, a literal namespace of a team, and a literal, non-empty pod selector.
 */
export function observingManifestProblem(manifest: any): string | undefined {
  const kind = literal(manifest.kind)!;
  const apiVersion = literal(manifest.apiVersion);
  if (apiVersion !== OBSERVING_MANIFEST_KINDS[kind]) return `a ${kind} has apiVersion ${OBSERVING_MANIFEST_KINDS[kind]}, not ${JSON.stringify(manifest.apiVersion)}`;
  const namespace = literal(block(manifest.metadata)?.namespace);
  if (namespace === undefined) return `the ${kind} has no literal metadata.namespace`;
  if (SYSTEM_NAMESPACE.test(namespace)) return `the ${kind} is in namespace "${namespace}", a namespace of the cluster itself`;
  const matchLabels = block(block(block(manifest.spec)?.selector)?.matchLabels);
  if (matchLabels === null || typeof matchLabels !== 'object' || Object.keys(matchLabels).length === 0
    || Object.values(matchLabels).some((v) => literal(v) === undefined)) {
    return `the ${kind} selects no literal set of pods (spec.selector.matchLabels)`;
  }
  return undefined;
}

/** API list fields whose provider block has another name (mostly the singular). */
const RENAMED: Readonly<Record<string, string>> = {
  containers: 'container',
  initContainers: 'init_container',
  ephemeralContainers: 'ephemeral_container',
  volumes: 'volume',
  volumeMounts: 'volume_mount',
  volumeDevices: 'volume_device',
  ports: 'port',
  tolerations: 'toleration',
  hostAliases: 'host_aliases',
  topologySpreadConstraints: 'topology_spread_constraint',
  metrics: 'metric',
};

/** Fields whose values are maps with user keys (label names, resource names), kept as they are. */
const MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'data', 'stringData', 'binaryData', 'limits', 'requests', 'hard']);

function snake(key: string): string {
  return RENAMED[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

function toSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSchema);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), MAPS.has(k) ? v : toSchema(v)]));
}

/** The kind of a manifest, when it is a literal. */
export function manifestKind(config: any): string | undefined {
  const manifest = block(config?.manifest);
  return manifest !== null && typeof manifest === 'object' ? literal(manifest.kind) : undefined;
}

/**
 * The configuration of the typed resource a manifest of a judged kind stands
 * for (its type and snake_case configuration), or undefined.
 */
export function manifestAsResource(config: any): { type: string; config: any } | undefined {
  const kind = manifestKind(config);
  const type = kind === undefined ? undefined : JUDGED_MANIFEST_KINDS[kind];
  if (type === undefined) return undefined;
  const manifest = block(config.manifest);
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = manifest;
  // The manifest's meta-arguments stay with it: a manifest Terraform never creates (count 0) stands for nothing.
  const meta = Object.fromEntries(['count', 'for_each'].filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
  return { type, config: { ...(toSchema(rest) as object), ...meta, '//': config['//'] } };
}
