/**
 * The kubernetes provider's resources the library uses, each from its own module
 * (a provider's package root loads every resource: seconds and hundreds of MB).
 * An ESLint rule forbids importing the provider anywhere else in src/.
 *
 * Each class is loaded when the library first reaches it (`lazyExports`): a
 * program that never makes one never parses its module. A class takes three
 * lines: its `import type` as `<Name>Class`, `export type <Name> = <Name>Class;`
 * with `export declare const <Name>: typeof <Name>Class;`, and its loader
 * below (test/imports.test.ts checks each, and that loading the library loads
 * no provider module).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the seam loads each resource module when it is first reached */
import type { ConfigMapV1 as ConfigMapV1Class } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import type { DeploymentV1 as DeploymentV1Class } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import type { HorizontalPodAutoscalerV2 as HorizontalPodAutoscalerV2Class } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import type { JobV1 as JobV1Class } from '@cdktf/provider-kubernetes/lib/job-v1';
import type { LimitRangeV1 as LimitRangeV1Class } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import type { Manifest as ManifestClass } from '@cdktf/provider-kubernetes/lib/manifest';
import type { NamespaceV1 as NamespaceV1Class } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import type { NetworkPolicyV1 as NetworkPolicyV1Class } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import type { PodDisruptionBudgetV1 as PodDisruptionBudgetV1Class } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import type { KubernetesProvider as KubernetesProviderClass } from '@cdktf/provider-kubernetes/lib/provider';
import type { ResourceQuotaV1 as ResourceQuotaV1Class } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import type { RoleBindingV1 as RoleBindingV1Class } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import type { RoleV1 as RoleV1Class } from '@cdktf/provider-kubernetes/lib/role-v1';
import type { SecretV1 as SecretV1Class } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ServiceAccountV1 as ServiceAccountV1Class } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { ServiceV1 as ServiceV1Class } from '@cdktf/provider-kubernetes/lib/service-v1';
import { lazyExports } from './lazy';

export type { DeploymentV1SpecTemplateSpecContainer, DeploymentV1SpecTemplateSpecContainerEnv, DeploymentV1SpecTemplateSpecContainerEnvFrom, DeploymentV1SpecTemplateSpecContainerSecurityContext } from '@cdktf/provider-kubernetes/lib/deployment-v1';

export type ConfigMapV1 = ConfigMapV1Class;
export declare const ConfigMapV1: typeof ConfigMapV1Class;
export type DeploymentV1 = DeploymentV1Class;
export declare const DeploymentV1: typeof DeploymentV1Class;
export type HorizontalPodAutoscalerV2 = HorizontalPodAutoscalerV2Class;
export declare const HorizontalPodAutoscalerV2: typeof HorizontalPodAutoscalerV2Class;
export type JobV1 = JobV1Class;
export declare const JobV1: typeof JobV1Class;
export type LimitRangeV1 = LimitRangeV1Class;
export declare const LimitRangeV1: typeof LimitRangeV1Class;
export type Manifest = ManifestClass;
export declare const Manifest: typeof ManifestClass;
export type NamespaceV1 = NamespaceV1Class;
export declare const NamespaceV1: typeof NamespaceV1Class;
export type NetworkPolicyV1 = NetworkPolicyV1Class;
export declare const NetworkPolicyV1: typeof NetworkPolicyV1Class;
export type PodDisruptionBudgetV1 = PodDisruptionBudgetV1Class;
export declare const PodDisruptionBudgetV1: typeof PodDisruptionBudgetV1Class;
export type KubernetesProvider = KubernetesProviderClass;
export declare const KubernetesProvider: typeof KubernetesProviderClass;
export type ResourceQuotaV1 = ResourceQuotaV1Class;
export declare const ResourceQuotaV1: typeof ResourceQuotaV1Class;
export type RoleBindingV1 = RoleBindingV1Class;
export declare const RoleBindingV1: typeof RoleBindingV1Class;
export type RoleV1 = RoleV1Class;
export declare const RoleV1: typeof RoleV1Class;
export type SecretV1 = SecretV1Class;
export declare const SecretV1: typeof SecretV1Class;
export type ServiceAccountV1 = ServiceAccountV1Class;
export declare const ServiceAccountV1: typeof ServiceAccountV1Class;
export type ServiceV1 = ServiceV1Class;
export declare const ServiceV1: typeof ServiceV1Class;

lazyExports(exports, {
  ConfigMapV1: () => require('@cdktf/provider-kubernetes/lib/config-map-v1').ConfigMapV1,
  DeploymentV1: () => require('@cdktf/provider-kubernetes/lib/deployment-v1').DeploymentV1,
  HorizontalPodAutoscalerV2: () => require('@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2').HorizontalPodAutoscalerV2,
  JobV1: () => require('@cdktf/provider-kubernetes/lib/job-v1').JobV1,
  LimitRangeV1: () => require('@cdktf/provider-kubernetes/lib/limit-range-v1').LimitRangeV1,
  Manifest: () => require('@cdktf/provider-kubernetes/lib/manifest').Manifest,
  NamespaceV1: () => require('@cdktf/provider-kubernetes/lib/namespace-v1').NamespaceV1,
  NetworkPolicyV1: () => require('@cdktf/provider-kubernetes/lib/network-policy-v1').NetworkPolicyV1,
  PodDisruptionBudgetV1: () => require('@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1').PodDisruptionBudgetV1,
  KubernetesProvider: () => require('@cdktf/provider-kubernetes/lib/provider').KubernetesProvider,
  ResourceQuotaV1: () => require('@cdktf/provider-kubernetes/lib/resource-quota-v1').ResourceQuotaV1,
  RoleBindingV1: () => require('@cdktf/provider-kubernetes/lib/role-binding-v1').RoleBindingV1,
  RoleV1: () => require('@cdktf/provider-kubernetes/lib/role-v1').RoleV1,
  SecretV1: () => require('@cdktf/provider-kubernetes/lib/secret-v1').SecretV1,
  ServiceAccountV1: () => require('@cdktf/provider-kubernetes/lib/service-account-v1').ServiceAccountV1,
  ServiceV1: () => require('@cdktf/provider-kubernetes/lib/service-v1').ServiceV1,
});
