import { type ElementScope, ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { KUBERNETES_NAMESPACE_TYPES, type StackView } from '../../stack-view';
import { dig, isExpression, literal, map, unresolved } from '../../values';

/** The Pod Security admission label that enforces a level on a namespace. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * `kubernetes_labels` sets labels on an object that exists
 * (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/labels:
 * `api_version`, `kind`, `metadata.name`, `labels`); on a Namespace it can
 * set the Pod Security level Pod Security admission reads
 * (https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces).
 * Annotations never set it: admission reads labels only.
 */
const LABELS_TYPES = ['kubernetes_labels'];

/** The verdict on a namespace's level: its own label (`on` unset), or one set on namespace `on` afterwards. */
function judgeLevel(value: unknown, on?: string): RuleOutcome {
  if (value === 'restricted') return RuleCompliance.COMPLIANT;
  const where = on === undefined ? '' : ` on namespace ${on}`;
  if (isExpression(value)) return nonCompliant(unresolved(`label ${ENFORCE_LABEL}${where}`, value));
  if (value === undefined) return nonCompliant(`has no ${ENFORCE_LABEL} label`);
  return nonCompliant(on === undefined ? `enforces ${JSON.stringify(value)}, not "restricted"` : `sets ${ENFORCE_LABEL}${where} to ${JSON.stringify(value)}, not "restricted"`);
}

/** A `kubernetes_labels` on a Namespace that sets its Pod Security level sets "restricted". */
function labelsPodSecurity(e: TerraformElement, stack: StackView): RuleOutcome {
  const c = e.config ?? {};
  const kind = stack.resolve(c.kind);
  const labels = stack.resolve(c.labels);
  if (isExpression(kind)) return nonCompliant(unresolved('kind', kind));
  if (literal(kind)?.toLowerCase() !== 'namespace') return RuleCompliance.NOT_APPLICABLE;
  if (isExpression(labels)) return nonCompliant(unresolved('labels', labels));
  const set = map(labels);
  if (!(ENFORCE_LABEL in set)) return RuleCompliance.NOT_APPLICABLE;
  return judgeLevel(stack.resolve(set[ENFORCE_LABEL]), JSON.stringify(dig(c, 'metadata', 'name') ?? null));
}

/**
 * A namespace enforces the Pod Security Standard "restricted": the namespace
 * resource's own label, and any `kubernetes_labels` that sets the level on a
 * namespace afterwards.
 */
export function namespacePodSecurity(e: TerraformElement, stack: StackView): RuleOutcome {
  if (e.kind === ElementKind.RESOURCE && LABELS_TYPES.includes(e.elementType)) return labelsPodSecurity(e, stack);
  if (!KUBERNETES_NAMESPACE_TYPES.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  return judgeLevel(map(dig(e.config, 'metadata', 'labels'))[ENFORCE_LABEL]);
}

/** The elements GP-K8S-012 judges: namespaces, and the labels resources that may set a namespace's labels. */
export const namespacePodSecurityScope: ElementScope = (kind, type) =>
  (kind === ElementKind.RESOURCE && LABELS_TYPES.includes(type)) || KUBERNETES_NAMESPACE_TYPES.includes(type);
