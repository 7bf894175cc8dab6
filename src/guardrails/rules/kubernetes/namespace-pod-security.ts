import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { KUBERNETES_NAMESPACE_TYPES } from '../../stack-view';
import { dig, isExpression, map, unresolved } from '../../values';

/** The Pod Security admission label that enforces a level on a namespace. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** A namespace enforces the Pod Security Standard "restricted". */
export function namespacePodSecurity(e: TerraformElement): RuleOutcome {
  if (!KUBERNETES_NAMESPACE_TYPES.includes(e.elementType)) return RuleCompliance.NOT_APPLICABLE;
  const value = map(dig(e.config, 'metadata', 'labels'))[ENFORCE_LABEL];
  if (value === 'restricted') return RuleCompliance.COMPLIANT;
  if (isExpression(value)) return nonCompliant(unresolved(`label ${ENFORCE_LABEL}`, value));
  return nonCompliant(value === undefined ? `has no ${ENFORCE_LABEL} label` : `enforces ${JSON.stringify(value)}, not "restricted"`);
}
