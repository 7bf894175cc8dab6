import {
  ADMISSION_MANIFEST_KINDS, admissionManifestProblem, JUDGED_MANIFEST_KINDS, MANIFEST_TYPE, manifestKind, OBSERVING_MANIFEST_KINDS,
  observingManifestProblem, RULE_JUDGED_MANIFEST_KINDS,
} from '../../manifest';
import { ElementKind, nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { block, isExpression, unresolved } from '../../values';

/**
 * A `kubernetes_manifest` carries an object the guardrails judge: a literal
 * manifest of a kind they read as its typed resource (a Deployment, a
 * Namespace, ...), of a kind a rule of its own judges (a SecretProviderClass,
 * GP-SEC-002), an observing kind judged by its shape (a managed Prometheus
 * PodMonitoring of a team namespace), or an admission kind judged by its shape
 * (a ValidatingAdmissionPolicy, a binding of one to named namespaces). Any other kind (a ClusterRoleBinding, a custom resource)
 * or a manifest computed at apply would bypass every rule; such a manifest is
 * allowed only through a suppression on it, whose reason a reviewer judges.
 */
export function manifestJudged(e: TerraformElement): RuleOutcome {
  if (e.kind !== ElementKind.RESOURCE || e.elementType !== MANIFEST_TYPE) return RuleCompliance.NOT_APPLICABLE;
  const manifest = block(e.config?.manifest);
  if (isExpression(manifest)) return nonCompliant(unresolved('manifest', manifest));
  if (manifest === null || typeof manifest !== 'object') return nonCompliant('manifest is not an object');
  const kind = manifestKind(e.config);
  if (kind === undefined) return nonCompliant(isExpression(manifest.kind) ? unresolved('manifest.kind', manifest.kind) : 'manifest.kind is unset');
  if (kind in OBSERVING_MANIFEST_KINDS) {
    const problem = observingManifestProblem(manifest);
    return problem === undefined ? RuleCompliance.COMPLIANT : nonCompliant(problem);
  }
  if (kind in ADMISSION_MANIFEST_KINDS) {
    const problem = admissionManifestProblem(manifest);
    return problem === undefined ? RuleCompliance.COMPLIANT : nonCompliant(problem);
  }
  const judged = [JUDGED_MANIFEST_KINDS, RULE_JUDGED_MANIFEST_KINDS, OBSERVING_MANIFEST_KINDS, ADMISSION_MANIFEST_KINDS].flatMap(Object.keys);
  return kind in JUDGED_MANIFEST_KINDS || kind in RULE_JUDGED_MANIFEST_KINDS ? RuleCompliance.COMPLIANT
    : nonCompliant(`kind "${kind}" is not one the guardrails judge (${judged.join(', ')})`);
}
