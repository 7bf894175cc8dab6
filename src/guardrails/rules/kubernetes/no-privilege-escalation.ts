import { containersOf, isWorkload, securityContexts } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression, unresolved } from '../../values';

/** No container is privileged, and every container sets allow_privilege_escalation to false. */
export function noPrivilegeEscalation(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const { container } = securityContexts(e, c);
    if (isExpression(container.privileged)) problems.push(`${c.label}: ${unresolved('privileged', container.privileged)}`);
    else if (bool(container.privileged) === true) problems.push(`${c.label} is privileged`);
    const escalation = container.allow_privilege_escalation;
    if (isExpression(escalation)) problems.push(`${c.label}: ${unresolved('allow_privilege_escalation', escalation)}`);
    else if (bool(escalation) !== false) problems.push(`${c.label} does not set allow_privilege_escalation to false`);
  }
  return judge(problems);
}
