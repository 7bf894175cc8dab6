import { PDB_TYPES, podLabels, SCALABLE_WORKLOADS } from './workloads';
import { nonCompliant, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import type { StackView } from '../../stack-view';
import { dig, list, literal, map } from '../../values';

/** Whether a label selector (match_labels and match_expressions) selects pods with these labels. */
export function selects(selector: any, labels: Record<string, unknown>): boolean {
  if (selector === undefined) return false;
  const matchLabels = map(selector.match_labels);
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== v) return false;
  }
  for (const expr of list(selector.match_expressions)) {
    const key = literal(expr?.key);
    if (key === undefined) return false;
    const values = list(expr.values).map(String);
    const has = key in labels;
    switch (String(expr.operator)) {
      case 'In': if (!has || !values.includes(String(labels[key]))) return false; break;
      case 'NotIn': if (has && values.includes(String(labels[key]))) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A production Deployment or StatefulSet has a PodDisruptionBudget that selects its pods, in its namespace. */
export function productionDisruptionBudget(e: TerraformElement, stack: StackView): RuleOutcome {
  if (!(e.elementType in SCALABLE_WORKLOADS) || !stack.isProduction(e)) return RuleCompliance.NOT_APPLICABLE;
  const labels = podLabels(e);
  const covered = stack.inSameNamespace(e, ...PDB_TYPES).some((pdb) => selects(dig(pdb.config, 'spec', 'selector'), labels));
  return covered ? RuleCompliance.COMPLIANT
    : nonCompliant(`no PodDisruptionBudget in its namespace selects its pods (labels ${JSON.stringify(labels)}) in production environment "${stack.environmentOf(e)}"`);
}
