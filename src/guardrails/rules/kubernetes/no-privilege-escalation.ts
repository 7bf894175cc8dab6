import { containersOf, isWorkload, securityContexts } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { bool, isExpression } from '../../values';

/** No container is privileged, and every container sets allow_privilege_escalation to false. */
export function noPrivilegeEscalation(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const { container } = securityContexts(e, c);
    if (bool(container.privileged) === true) problems.push(`${c.label} is privileged`);
    const escalation = container.allow_privilege_escalation;
    if (!isExpression(escalation) && bool(escalation) !== false) {
      problems.push(`${c.label} does not set allow_privilege_escalation to false`);
    }
  }
  return judge(problems);
}
