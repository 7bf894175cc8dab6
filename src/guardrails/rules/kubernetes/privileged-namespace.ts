import { type ElementScope, ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { KUBERNETES_NAMESPACE_TYPES, type StackView } from '../../stack-view';
import { dig, isExpression, literal, unresolved } from '../../values';

/** Kubernetes resource types that live outside namespaces, or patch objects that may (labels, annotations, taints). */
const NOT_NAMESPACED = new Set([
  'cluster_role', 'cluster_role_binding', 'storage_class', 'priority_class', 'persistent_volume', 'csi_driver',
  'mutating_webhook_configuration', 'validating_webhook_configuration', 'api_service', 'certificate_signing_request',
  'runtime_class', 'node_taint', 'labels', 'annotations', 'manifest',
].flatMap((t) => [`kubernetes_${t}`, `kubernetes_${t}_v1`]));

/** Whether a namespace is Kubernetes' own (`kube-system`, `kube-public`, `kube-node-lease`, ...) or `default`. */
export function isPrivilegedNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}

/**
 * No resource is placed in a namespace of the cluster itself (`kube-*`) or in
 * `default`, where no team quota, network policy or Pod Security level of the
 * platform applies and cluster components run. A namespaced resource without
 * a namespace lands in `default`.
 */
export function privilegedNamespace(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || !e.elementType.startsWith('kubernetes_') || NOT_NAMESPACED.has(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  if (KUBERNETES_NAMESPACE_TYPES.includes(e.elementType)) {
    const name = literal(dig(e.config, 'metadata', 'name'));
    return name !== undefined && isPrivilegedNamespace(name) ? nonCompliant(`creates the namespace "${name}"`) : RuleCompliance.COMPLIANT;
  }
  const ns = stack.namespaceOf(e);
  if (ns.name !== undefined) {
    if (!isPrivilegedNamespace(ns.name)) return RuleCompliance.COMPLIANT;
    const unset = dig(e.config, 'metadata', 'namespace') === undefined;
    return nonCompliant(`is placed in namespace "${ns.name}"${unset ? ' (metadata.namespace is unset)' : ''}`);
  }
  const value = dig(e.config, 'metadata', 'namespace');
  return ns.element === undefined && isExpression(value) ? nonCompliant(unresolved('metadata.namespace', value)) : RuleCompliance.COMPLIANT;
}

/** The elements GP-K8S-017 judges: namespaced Kubernetes resources and namespaces. */
export const privilegedNamespaceScope: ElementScope = (kind, type) =>
  kind === ElementKind.RESOURCE && type.startsWith('kubernetes_') && !NOT_NAMESPACED.has(type);
