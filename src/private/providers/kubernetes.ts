/**
 * The kubernetes provider's resources the library uses, each from its own module
 * (a provider's package root loads every resource: seconds and hundreds of MB).
 * An ESLint rule forbids importing the provider anywhere else in src/.
 */
export { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
export { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
export type { DeploymentV1SpecTemplateSpecContainer, DeploymentV1SpecTemplateSpecContainerEnv, DeploymentV1SpecTemplateSpecContainerEnvFrom, DeploymentV1SpecTemplateSpecContainerSecurityContext } from '@cdktf/provider-kubernetes/lib/deployment-v1';
export { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
export { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
export { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
export { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
export { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
export { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
export { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
export { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
export { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
export { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
export { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
export { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
export { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
