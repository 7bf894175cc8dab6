import { containersOf, isWorkload, securityContexts } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { block, isExpression, list, unresolved } from '../../values';

/** Capabilities a restricted pod may add back (the Pod Security Standard "restricted" allows only this one). */
const ALLOWED_ADDS = new Set(['NET_BIND_SERVICE']);

/** Every container drops ALL capabilities and adds none back except NET_BIND_SERVICE. */
export function capabilitiesDropped(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const capabilities = block(securityContexts(e, c).container.capabilities) ?? {};
    for (const [attr, value] of [['capabilities.drop', capabilities.drop], ['capabilities.add', capabilities.add]]) {
      if (isExpression(value)) problems.push(`${c.label}: ${unresolved(attr, value)}`);
    }
    const drop = list(capabilities.drop);
    if (!isExpression(capabilities.drop) && !drop.some((d) => String(d).toUpperCase() === 'ALL')) {
      problems.push(`${c.label} does not drop ALL capabilities`);
    }
    const added = isExpression(capabilities.add) ? [] : list(capabilities.add).filter((a) => !ALLOWED_ADDS.has(String(a).toUpperCase().replace(/^CAP_/, '')));
    if (added.length > 0) problems.push(`${c.label} adds capabilities ${added.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return judge(problems);
}
